package org.fhirgateway.profiles;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The gateway's own conformance resources (profiles with their snapshots, ValueSets, CodeSystems, ConceptMaps and
 * the requirements CapabilityStatement): the FHIR NPM package built into the jar under
 * {@value #FOLDER} (see {@code build.PackageBuilder}), read through its {@code .index.json}.
 */
public final class ConformancePackage {

    /** Where the package lies on the classpath (and, with package.json, what package tools read). */
    public static final String FOLDER = "fhirgateway-profiles/package/";
    /** The canonical base of every resource in the package. */
    public static final String CANONICAL = "http://fhirgateway.org/fhir";

    private ConformancePackage() {
    }

    public static List<IBaseResource> load(FhirContext fhirContext) {
        List<IBaseResource> resources = new ArrayList<>();
        for (String name : listNames()) {
            try (InputStream in = resource(FOLDER + name)) {
                resources.add(fhirContext.newJsonParser().parseResource(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read conformance resource " + name, e);
            }
        }
        return resources;
    }

    /** The package's file names, as its {@code .index.json} lists them. */
    static List<String> listNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = resource(FOLDER + ".index.json")) {
            JsonNode index = new ObjectMapper().readTree(in);
            for (JsonNode file : index.path("files")) {
                names.add(file.path("filename").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the package index", e);
        }
        return names;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = ConformancePackage.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing classpath resource " + path);
        }
        return in;
    }
}

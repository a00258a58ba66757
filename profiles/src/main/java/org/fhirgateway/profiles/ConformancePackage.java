package org.fhirgateway.profiles;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The gateway's own conformance resources (StructureDefinitions, ValueSets, ConceptMaps, CodeSystems),
 * shipped on the classpath under {@code profiles/} and listed in {@code profiles/index.txt}.
 */
public final class ConformancePackage {

    static final String INDEX = "profiles/index.txt";

    private ConformancePackage() {
    }

    public static List<IBaseResource> load(FhirContext fhirContext) {
        List<IBaseResource> resources = new ArrayList<>();
        for (String name : listNames()) {
            try (InputStream in = resource("profiles/" + name)) {
                resources.add(fhirContext.newJsonParser().parseResource(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read conformance resource " + name, e);
            }
        }
        return resources;
    }

    static List<String> listNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = resource(INDEX);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + INDEX, e);
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

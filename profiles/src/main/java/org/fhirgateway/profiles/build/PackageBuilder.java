package org.fhirgateway.profiles.build;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Builds the gateway's FHIR NPM package at build time (the profiles module's {@code process-classes} phase):
 * reads the authored resources (profiles as differentials, ValueSets, CodeSystems) and the mappers' ConceptMaps,
 * generates each profile's snapshot with HAPI's snapshot generator, adds a CapabilityStatement of kind
 * {@code requirements} naming each profile, and writes {@code package.json}, the resources and
 * {@code .index.json} under the output folder, as FHIR package tools expect.
 *
 * <p>Arguments: authored folder, ConceptMap folder, output {@code package} folder, package version.
 */
public final class PackageBuilder {

    static final String CANONICAL = "http://fhirgateway.org/fhir";
    static final String PACKAGE_NAME = "org.fhirgateway.profiles";

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final IParser parser = fhir.newJsonParser().setPrettyPrint(true);
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PackageBuilder AUTHORED_DIR CONCEPT_MAP_DIR OUT_DIR VERSION");
        }
        new PackageBuilder().build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), args[3]);
    }

    void build(Path authored, Path conceptMaps, Path out, String version) throws IOException {
        List<MetadataResource> resources = new ArrayList<>(read(authored));
        for (MetadataResource map : read(conceptMaps)) {
            if (map.fhirType().equals("ConceptMap")) {
                resources.add(map);
            }
        }
        snapshots(resources);
        resources.add(requirements(resources, version));
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        List<Map<String, Object>> index = new ArrayList<>();
        for (MetadataResource resource : resources) {
            String file = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
            Files.writeString(out.resolve(file), parser.encodeResourceToString(resource), StandardCharsets.UTF_8);
            index.add(indexEntry(file, resource));
        }
        Map<String, Object> indexFile = new LinkedHashMap<>();
        indexFile.put("index-version", 1);
        indexFile.put("files", index);
        json.writeValue(out.resolve(".index.json").toFile(), indexFile);
        json.writeValue(out.resolve("package.json").toFile(), manifest(version));
    }

    private List<MetadataResource> read(Path folder) throws IOException {
        List<MetadataResource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                IBaseResource resource = parser.parseResource(Files.readString(file, StandardCharsets.UTF_8));
                if (resource instanceof MetadataResource metadata) {
                    resources.add(metadata);
                }
            }
        }
        return resources;
    }

    /** Every StructureDefinition gets a snapshot generated against R4 and the other profiles of the package. */
    private void snapshots(List<MetadataResource> resources) {
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
        resources.forEach(own::addResource);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), own,
                new SnapshotGeneratingValidationSupport(fhir));
        for (MetadataResource resource : resources) {
            if (resource instanceof StructureDefinition profile && !profile.hasSnapshot()) {
                StructureDefinition withSnapshot = (StructureDefinition) chain.generateSnapshot(
                        new ca.uhn.fhir.context.support.ValidationSupportContext(chain), profile,
                        profile.getUrl(), CANONICAL, profile.getName());
                if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
                    throw new IllegalStateException("no snapshot generated for " + profile.getUrl());
                }
                profile.setSnapshot(withSnapshot.getSnapshot());
            }
        }
    }

    /** What the gateway produces, as a requirements CapabilityStatement: each type with its profile. */
    private CapabilityStatement requirements(List<MetadataResource> resources, String version) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setId("gateway-produces");
        statement.setUrl(CANONICAL + "/CapabilityStatement/gateway-produces");
        statement.setVersion(version);
        statement.setName("GatewayProduces");
        statement.setTitle("What the FHIR gateway produces from HL7 v2");
        statement.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        statement.setDateElement(new org.hl7.fhir.r4.model.DateTimeType(new java.util.Date(),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY));
        statement.setKind(CapabilityStatement.CapabilityStatementKind.REQUIREMENTS);
        statement.setDescription("The resource types the gateway writes when it maps HL7 v2, each with the"
                + " gateway profile it conforms to; the served CapabilityStatement is at /fhir/metadata.");
        statement.setFhirVersion(org.hl7.fhir.r4.model.Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER)
                .setDocumentation("Each resource type the mappers write, with the profile it conforms to.");
        for (MetadataResource resource : resources) {
            if (resource instanceof StructureDefinition profile && profile.getKind()
                    == StructureDefinition.StructureDefinitionKind.RESOURCE) {
                rest.addResource().setType(profile.getType()).setProfile(profile.getUrl())
                        .addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
            }
        }
        return statement;
    }

    private static Map<String, Object> indexEntry(String file, MetadataResource resource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("filename", file);
        entry.put("resourceType", resource.fhirType());
        entry.put("id", resource.getIdElement().getIdPart());
        entry.put("url", resource.getUrl());
        if (resource.hasVersion()) {
            entry.put("version", resource.getVersion());
        }
        if (resource instanceof StructureDefinition profile) {
            entry.put("kind", profile.getKind().toCode());
            entry.put("type", profile.getType());
        }
        return entry;
    }

    private static Map<String, Object> manifest(String version) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", PACKAGE_NAME);
        manifest.put("version", version);
        manifest.put("canonical", CANONICAL);
        manifest.put("title", "FHIR gateway profiles");
        manifest.put("description", "The profiles, terminology, concept maps and requirements of what the FHIR"
                + " gateway produces from HL7 v2");
        manifest.put("fhirVersions", List.of("4.0.1"));
        manifest.put("type", "Conformance");
        manifest.put("license", "Apache-2.0");
        manifest.put("dependencies", Map.of("hl7.fhir.r4.core", "4.0.1"));
        return manifest;
    }
}

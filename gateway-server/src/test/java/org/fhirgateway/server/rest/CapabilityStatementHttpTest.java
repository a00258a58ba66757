package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CapabilityStatement states exactly the registered types, interactions, operations and SMART security. */
class CapabilityStatementHttpTest {

    @TempDir
    static Path dir;
    static RunningGateway gw;
    static CapabilityStatementRestComponent rest;

    @BeforeAll
    static void start() throws Exception {
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml(""), Map.of());
        IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(gw.fhirBase());
        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
        assertEquals(1, cs.getRest().size());
        rest = cs.getRestFirstRep();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void listsExactlyTheServedResourceTypes() {
        Set<String> types = rest.getResource().stream().map(CapabilityStatementRestResourceComponent::getType).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>(FhirEndpoint.RESOURCE_TYPES);
        expected.addAll(ConformanceProvider.TYPES);
        assertEquals(expected, types);
        assertEquals(expected.size(), rest.getResource().size(), "each type once");
    }

    @Test
    void everyTypeHasExactlyTheImplementedInteractions() {
        Set<String> expected = Set.of("read", "vread", "update", "delete", "history-instance", "history-type", "create", "search-type");
        for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            Set<String> codes = resource.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
            if (ConformanceProvider.TYPES.contains(resource.getType())) {
                assertEquals(Set.of("read", "search-type"), codes, "the package is read-only: " + resource.getType());
                continue;
            }
            assertEquals(expected, codes, resource.getType());
            if ("Subscription".equals(resource.getType())) {
                // Subscriptions are written one at a time, never conditionally; rest-hook is the channel
                assertTrue(!resource.getConditionalCreate() && !resource.getConditionalUpdate());
                assertEquals("not-supported", resource.getConditionalDelete().toCode());
                assertEquals("rest-hook", resource.getExtensionByUrl(CapabilityStatementFactory.SUBSCRIPTION_CHANNEL)
                        .getValue().primitiveValue());
            } else {
                assertTrue(resource.getConditionalCreate());
                assertTrue(resource.getConditionalUpdate());
                assertEquals("single", resource.getConditionalDelete().toCode());
            }
            assertTrue(resource.getSearchParam().size() > 3, resource.getType() + " states its search parameters");
        }
    }

    @Test
    void systemInteractionsAreTransactionBatchAndHistory() {
        Set<String> codes = rest.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
        assertEquals(Set.of("transaction", "batch", "history-system"), codes);
        assertEquals(List.of("export"), rest.getOperation().stream().map(o -> o.getName()).toList(),
                "the one system-level operation: Bulk Data $export");
        assertEquals(CapabilityStatementFactory.BULK_DATA + "OperationDefinition/export",
                rest.getOperation().get(0).getDefinition());
    }

    @Test
    void onlyPatientHasEverythingAndOnlyPatientAndGroupExportAndEveryServedTypeValidates() {
        for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            List<String> operations = resource.getOperation().stream().map(o -> o.getName()).toList();
            List<String> expected = ConformanceProvider.TYPES.contains(resource.getType()) ? List.of()
                    : "Patient".equals(resource.getType()) ? List.of("validate", "everything", "export")
                    : "Group".equals(resource.getType()) ? List.of("validate", "export") : List.of("validate");
            assertEquals(expected, operations, resource.getType());
        }
    }

    @Test
    void patientSearchParametersIncludeTheCommonOnes() {
        CapabilityStatementRestResourceComponent patient = rest.getResource().stream()
                .filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
        Set<String> names = patient.getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("identifier", "family", "birthdate", "_id", "_lastUpdated")), names.toString());
    }

    @Test
    void everyStatedSearchParameterIsKnownToTheEngine() throws Exception {
        int checked = 0;
        for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            for (var param : resource.getSearchParam()) {
                String path = "/" + resource.getType() + "?" + param.getName() + ":missing=true&_count=1";
                java.net.http.HttpResponse<String> response = gw.get(path, RunningGateway.ADMIN);
                assertTrue(!response.body().contains("GW-SEARCH-001"), path + " -> " + response.body());
                assertTrue(response.statusCode() < 500, path + " -> " + response.body());
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    @Test
    void profiledTypesNameTheirGatewayProfile() {
        CapabilityStatementRestResourceComponent encounter = rest.getResource().stream()
                .filter(r -> r.getType().equals("Encounter")).findFirst().orElseThrow();
        assertEquals(List.of("http://fhirgateway.org/fhir/StructureDefinition/gateway-encounter"),
                encounter.getSupportedProfile().stream().map(p -> p.getValue()).toList());
    }

    @Test
    void securityNamesSmartAndTheTokenEndpoint() {
        assertEquals("SMART-on-FHIR", rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getCode());
        var oauth = rest.getSecurity().getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        String token = ((UriType) oauth.getExtensionByUrl("token").getValue()).getValue();
        assertEquals(gw.root() + "/auth/token", token);
    }
}

package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored labels follow the labeller: a database whose labels are not known (as one written before labels existed,
 * or under other sensitivity ValueSets) is re-labelled in the background when the gateway starts, so that what the
 * consent rules withhold is withheld again, current versions and history alike.
 */
class RelabellingHttpTest {

    private static final String ADMIN = "matrix-admin-token-000";
    private static final String REGISTRY = "matrix-registry-token-000";

    @TempDir
    Path dir;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @Test
    void aDatabaseWithUnknownLabelsIsRelabelledAtStart() throws Exception {
        String dbUrl = RunningGateway.freshDatabaseUrl();
        String yaml = ConsentMatrixHttpTest.POLICIES + "dbUrl: \"" + dbUrl + "\"\n";
        try (RunningGateway gw = RunningGateway.start(dir, yaml, Map.of())) {
            put(gw, "Patient/relabel-pt", new Patient().addName(new HumanName().setFamily("Doe")));
            Condition hiv = new Condition().setSubject(new Reference("Patient/relabel-pt"))
                    .setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "B20", "HIV disease")));
            put(gw, "Condition/relabel-hiv", hiv);
            hiv.setNote(List.of(new Annotation().setText("second version")));
            put(gw, "Condition/relabel-hiv", hiv);
            assertEquals(0, conditions(gw), "labelled at write time: withheld from the registry");
        }
        // What a database written before V60 holds: no patient and no labels in the columns, labelling not known.
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE resource SET labels = '{}', patient_id = NULL");
            s.executeUpdate("UPDATE resource_version SET labels = '{}'");
            s.executeUpdate("UPDATE labelling_state SET fingerprint = NULL, target = NULL, phase = 'patients',"
                    + " done_through = 0");
        }
        try (RunningGateway gw = RunningGateway.start(dir, yaml, Map.of())) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!relabelled(dbUrl)) {
                assertTrue(Instant.now().isBefore(deadline), "the sweep ends");
                Thread.sleep(100);
            }
            assertEquals(0, conditions(gw), "withheld again");
            HttpResponse<String> history = gw.get("/Condition/relabel-hiv/_history", REGISTRY);
            assertEquals(0, ((Bundle) fhir.newJsonParser().parseResource(history.body())).getEntry().size(),
                    "older versions too: " + history.body());
            HttpResponse<String> admin = gw.get("/Condition?subject=Patient/relabel-pt", ADMIN);
            assertEquals(1, ((Bundle) fhir.newJsonParser().parseResource(admin.body())).getEntry().size());
        }
    }

    private static boolean relabelled(String dbUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT fingerprint IS NOT NULL FROM labelling_state")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private int conditions(RunningGateway gw) throws Exception {
        HttpResponse<String> r = gw.get("/Condition?subject=Patient/relabel-pt", REGISTRY);
        assertEquals(200, r.statusCode(), r.body());
        return ((Bundle) fhir.newJsonParser().parseResource(r.body())).getEntry().size();
    }

    private void put(RunningGateway gw, String path, Resource resource) throws Exception {
        resource.setId(path);
        HttpResponse<String> r = gw.send(gw.request("/" + path, ADMIN).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(resource)))
                .build());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
    }
}

package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code v2ValidateMapped}: a message whose mapped bundle breaks a gateway profile (a final DiagnosticReport with no
 * results, gw-dr-1) fails with MAPPED_BUNDLE_INVALID and waits in the error queue; a valid one is stored; without
 * the setting the same message is stored as mapped.
 */
class MappedValidationHttpTest {

    @TempDir
    Path dir;

    /** An ORU whose only OBR is final and has no OBX. */
    private static final String REPORT_WITHOUT_RESULTS = "MSH|^~\\&|LAB|VALHOSP|GW|GWF|20240315080100||ORU^R01|VAL-1|P|2.5.1\r"
            + "PID|1||VAL-77^^^VALHOSP^MR||Doe^Jane||19800214|F\r"
            + "OBR|1|PL-1^LAB|FL-1^LAB|24331-1^Lipid panel^LN|||20240315070000|||||||||||||||20240315075900|||F\r";
    private static final String VALID = "MSH|^~\\&|REG|VALHOSP|GW|GWF|20240315080200||ADT^A08|VAL-2|P|2.5.1\r"
            + "EVN|A08|20240315080200\r"
            + "PID|1||VAL-78^^^VALHOSP^MR||Roe^Richard||19700101|M\r"
            + "PV1|1|O\r";

    @Test
    void anInvalidMappedBundleWaitsInTheErrorQueue() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, RunningGateway.clientsYaml("") + "v2ValidateMapped: true\n",
                Map.of())) {
            String nack = post(gw, REPORT_WITHOUT_RESULTS);
            assertTrue(nack.contains("MSA|AE|VAL-1"), nack);
            HttpResponse<String> failed = gw.get("/$hl7v2-messages?status=failed", RunningGateway.ADMIN);
            assertTrue(failed.body().contains("MAPPED_BUNDLE_INVALID"), failed.body());
            assertTrue(failed.body().contains("gw-dr-1"), "the validator's message is kept: " + failed.body());
            assertEquals(0, total(gw, "/DiagnosticReport?_summary=count"), "nothing of it stored");

            assertTrue(post(gw, VALID).contains("MSA|AA|VAL-2"));
            assertEquals(1, total(gw, "/Patient?identifier=VAL-78&_summary=count"));
        }
    }

    @Test
    void withoutTheSettingTheSameMessageIsStoredAsMapped() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir)) {
            assertTrue(post(gw, REPORT_WITHOUT_RESULTS).contains("MSA|AA|VAL-1"));
            assertEquals(1, total(gw, "/DiagnosticReport?_summary=count"));
        }
    }

    private static String post(RunningGateway gw, String message) throws Exception {
        HttpResponse<String> response = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        return response.body();
    }

    private static int total(RunningGateway gw, String path) throws Exception {
        String body = gw.get(path, RunningGateway.ADMIN).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"total\":(\\d+)").matcher(body);
        assertTrue(m.find(), body);
        return Integer.parseInt(m.group(1));
    }
}

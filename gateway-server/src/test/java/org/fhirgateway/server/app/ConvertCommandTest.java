package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code convert} command on real corpus messages and reads what it wrote. */
class ConvertCommandTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    Path dir;

    /** What one run of the command printed. */
    record Run(int status, List<String> stdoutLines, String stderr) {
    }

    private static Run convert(InputStream stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(stdin);
            String[] all = new String[args.length + 1];
            all[0] = "convert";
            System.arraycopy(args, 0, all, 1, args.length);
            int status = GatewayMain.run(all);
            String stdout = out.toString(StandardCharsets.UTF_8);
            List<String> lines = stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n"));
            return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    private static Run convert(String... args) {
        return convert(new ByteArrayInputStream(new byte[0]), args);
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = ConvertCommandTest.class.getResourceAsStream("/v2/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads a bundle as written (HAPI would otherwise replace each resource id with its entry's fullUrl). */
    private static Bundle bundle(String json) {
        return FHIR.newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false).parseResource(Bundle.class, json);
    }

    /** MSH-10 of a v2 message. */
    private static String controlId(String message) {
        return message.replace("\uFEFF", "").split("[\r\n]")[0].split("\\|")[9];
    }

    private static String bundleControlId(Bundle bundle) {
        return bundle.getIdentifier().getValue();
    }

    @Test
    void writesOneTransactionBundlePerMessageInInputOrder() throws IOException {
        String adt = sample("ADT01-23.hl7");
        String oru = sample("LAB-ORU-1.hl7");
        Path file = Files.writeString(dir.resolve("mixed.hl7"), adt + "\n" + oru + "\n" + adt);

        Run run = convert(file.toString());

        assertEquals(0, run.status(), run.stderr());
        assertEquals(3, run.stdoutLines().size());
        List<Bundle> bundles = run.stdoutLines().stream().map(ConvertCommandTest::bundle).toList();
        bundles.forEach(b -> assertEquals(Bundle.BundleType.TRANSACTION, b.getType()));
        assertEquals(List.of(controlId(adt), controlId(oru), controlId(adt)),
                bundles.stream().map(ConvertCommandTest::bundleControlId).toList());
        assertTrue(run.stderr().contains("3 converted, 0 failed"), run.stderr());
    }

    @Test
    void sameMessageConvertsToIdenticalJson() throws IOException {
        String adt = sample("ADT-A08-01.hl7");
        Path file = Files.writeString(dir.resolve("twice.hl7"), adt + "\r" + adt);

        Run run = convert(file.toString());

        assertEquals(0, run.status(), run.stderr());
        assertEquals(run.stdoutLines().get(0), run.stdoutLines().get(1));
    }

    @Test
    void aFailedMessageIsReportedWithFileAndIndexAndTheRestStillConvert() throws IOException {
        String adt = sample("ADT01-23.hl7");
        String unsupported = "MSH|^~\\&|APP|FAC|||20240101||ZZZ^Z99|77|P|2.5\rPID|1||1^^^H^MR";
        Path file = Files.writeString(dir.resolve("bad.hl7"), adt + "\r" + unsupported + "\r" + adt);

        Run run = convert(file.toString());

        assertEquals(1, run.status());
        assertEquals(2, run.stdoutLines().size(), "the two good messages are still written");
        assertTrue(run.stderr().contains(file + " message 2: UNSUPPORTED_MESSAGE_TYPE"), run.stderr());
        assertTrue(run.stderr().contains("ZZZ"), "the reason names the message type: " + run.stderr());
        assertTrue(run.stderr().contains("2 converted, 1 failed"), run.stderr());
    }

    @Test
    void readsStdinWithMllpFramingAndBatchWrappers() throws IOException {
        String adt = sample("ADT01-23.hl7").replace("\uFEFF", "");
        String oru = sample("LAB-ORU-1.hl7").replace("\uFEFF", "");
        String framed = "FHS|^~\\&|X\rBHS|^~\\&|X\r\u000B" + adt + "\u001C\r\u000B" + oru + "\u001C\rBTS|2\rFTS|1\r";

        Run run = convert(new ByteArrayInputStream(framed.getBytes(StandardCharsets.UTF_8)), "-");

        assertEquals(0, run.status(), run.stderr());
        assertEquals(2, run.stdoutLines().size());
        assertEquals(controlId(oru), bundleControlId(bundle(run.stdoutLines().get(1))));
    }

    @Test
    void aFolderIsReadRecursivelyInNameOrderSkippingFilesThatAreNotV2() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("in/nested"));
        Files.writeString(dir.resolve("in/b.hl7"), sample("LAB-ORU-1.hl7"));
        Files.writeString(nested.resolve("c.txt"), sample("ADT-A08-01.hl7"));
        Files.writeString(dir.resolve("in/a.hl7"), sample("ADT01-23.hl7"));
        Files.writeString(dir.resolve("in/README.md"), "# not a message\n");

        Run run = convert(dir.resolve("in").toString());

        assertEquals(0, run.status(), run.stderr());
        List<String> ids = run.stdoutLines().stream().map(l -> bundleControlId(bundle(l))).toList();
        assertEquals(List.of(controlId(sample("ADT01-23.hl7")), controlId(sample("LAB-ORU-1.hl7")),
                controlId(sample("ADT-A08-01.hl7"))), ids);
    }

    @Test
    void provenanceKeepsTheIdItsPutUrlNames() throws IOException {
        Path file = Files.writeString(dir.resolve("one.hl7"), sample("ADT01-23.hl7"));

        Run run = convert(file.toString());

        assertEquals(0, run.status(), run.stderr());
        Bundle bundle = bundle(run.stdoutLines().get(0));
        Bundle.BundleEntryComponent provenance = bundle.getEntry().stream()
                .filter(e -> e.getResource().fhirType().equals("Provenance")).findFirst().orElseThrow();
        assertEquals("Provenance/" + provenance.getResource().getIdElement().getIdPart(),
                provenance.getRequest().getUrl());
    }

    @Test
    void prettyOutputIsIndentedJson() throws IOException {
        Path file = Files.writeString(dir.resolve("one.hl7"), sample("ADT01-23.hl7"));

        Run run = convert("--pretty", file.toString());

        assertEquals(0, run.status(), run.stderr());
        String all = String.join("\n", run.stdoutLines());
        assertTrue(run.stdoutLines().size() > 10, "pretty output spans lines");
        assertEquals(Bundle.BundleType.TRANSACTION, bundle(all).getType());
    }

    @Test
    void aMissingInputIsAUsageError() {
        Run run = convert(dir.resolve("nope.hl7").toString());

        assertEquals(2, run.status());
        assertTrue(run.stderr().contains("no such file"), run.stderr());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
    }

    @Test
    void garbageIsReportedNotThrown() throws IOException {
        Path file = Files.writeString(dir.resolve("garbage.hl7"), "MSH|this is not|\rhello world");

        Run run = convert(file.toString());

        assertEquals(1, run.status());
        assertTrue(run.stdoutLines().isEmpty());
        assertTrue(run.stderr().contains("message 1:"), run.stderr());
        assertFalse(run.stderr().contains("INTERNAL"), "a clear reason, not a defect: " + run.stderr());
    }
}

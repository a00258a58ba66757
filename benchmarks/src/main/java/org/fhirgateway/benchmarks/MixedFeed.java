package org.fhirgateway.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.v2.V2Batch;

/**
 * A mixed ADT/ORU feed for load tests, made from the public sample messages under {@code feed/}: message
 * {@code i} is template {@code i mod T} with a unique control id (MSH-10), one of {@code patients}
 * patient numbers (PID-3.1), and visit, account and order numbers unique to the message (PV1-19, PID-18,
 * ORC-2/3, OBR-2/3, and the event identifiers OBX-21, DG1-20, PR1-19), per-patient policy and next-of-kin numbers
 * (IN1-36, NK1-33), so a load spreads over many patients, no message is a duplicate, and no two patients
 * share an encounter, a report, a condition, a procedure or a coverage. (Without the last ones every message
 * rewrote the same few Observation/Condition/Procedure/Coverage resources: one hot row all senders queued on.)
 * Practitioners, organisations and locations stay shared, as in a real feed.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.fhirgateway.benchmarks.MixedFeed 5000 [patients] > feed.hl7}
 */
public final class MixedFeed {

    private final List<String> templates;
    private final int patients;

    public MixedFeed(int patients) {
        this.templates = loadTemplates();
        this.patients = patients;
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : Math.max(1, count / 4);
        MixedFeed feed = new MixedFeed(patients);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < count; i++) {
                out.write(feed.message(i));
                out.write('\n');
            }
        }
    }

    /** Message number {@code i} of the feed, segments separated by CR. */
    public String message(int i) {
        String template = templates.get(i % templates.size());
        String[] segments = template.split("\r");
        for (int s = 0; s < segments.length; s++) {
            if (segments[s].startsWith("MSH")) {
                segments[s] = withField(segments[s], 9, "FEED" + i); // MSH-10: MSH-1 is the separator
            } else if (segments[s].startsWith("PID")) {
                segments[s] = withFirstComponent(segments[s], 3, "P" + (i % patients));
                segments[s] = withFirstComponent(segments[s], 18, "A" + i);
            } else if (segments[s].startsWith("PV1")) {
                segments[s] = withFirstComponent(segments[s], 19, "V" + i);
            } else if (segments[s].startsWith("ORC") || segments[s].startsWith("OBR")) {
                segments[s] = withFirstComponent(segments[s], 2, "PO" + i + "-" + s);
                segments[s] = withFirstComponent(segments[s], 3, "FO" + i + "-" + s);
            } else if (segments[s].startsWith("OBX")) {
                segments[s] = withFirstComponent(segments[s], 21, "OI" + i + "-" + s); // observation instance id
            } else if (segments[s].startsWith("DG1")) {
                segments[s] = withFirstComponent(segments[s], 20, "DI" + i + "-" + s); // diagnosis id
            } else if (segments[s].startsWith("PR1")) {
                segments[s] = withFirstComponent(segments[s], 19, "PI" + i + "-" + s); // procedure id
            } else if (segments[s].startsWith("IN1")) {
                segments[s] = withFirstComponent(segments[s], 36, "PN" + (i % patients) + "-" + s); // policy number
            } else if (segments[s].startsWith("NK1")) {
                segments[s] = withFirstComponent(segments[s], 33, "NK" + (i % patients) + "-" + s); // NK1 person id
            }
        }
        return String.join("\r", segments);
    }

    public int templateCount() {
        return templates.size();
    }

    private static String withField(String segment, int index, String value) {
        String[] fields = segment.split("\\|", -1);
        if (fields.length > index) {
            fields[index] = value;
        }
        return String.join("|", fields);
    }

    /** Replaces the first component of the first repetition of a field that is valued (empty ones stay empty). */
    private static String withFirstComponent(String segment, int index, String value) {
        String[] fields = segment.split("\\|", -1);
        if (fields.length > index && !fields[index].isEmpty()) {
            String firstRepetition = fields[index].split("~", 2)[0];
            String rest = fields[index].substring(firstRepetition.length());
            int caret = firstRepetition.indexOf('^');
            fields[index] = value + (caret < 0 ? "" : firstRepetition.substring(caret)) + rest;
        }
        return String.join("|", fields);
    }

    private static List<String> loadTemplates() {
        List<String> templates = new ArrayList<>();
        for (String name : read("feed/index.txt").split("\n")) {
            if (!name.isBlank()) {
                templates.addAll(V2Batch.split(read("feed/" + name.strip())));
            }
        }
        return templates;
    }

    static String read(String path) {
        try (InputStream in = MixedFeed.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.fhirgateway.mappers.terminology;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The codes of the HL7 v2 tables that FHIR R4 publishes as code systems ({@value #SYSTEM_PREFIX}nnnn), from
 * {@code terminology/v2-tables.tsv} (generated from the validator's own definitions by
 * {@code src/build/generate_v2_tables.py}). A coding under such a system must hold one of its codes, or the bundle is
 * invalid; this says which codes those are. Case-sensitive, as FHIR codes are. Loaded once, immutable, thread-safe.
 */
public final class V2Tables {

    /** The system URI of HL7 v2 table nnnn is this prefix and the four digits. */
    public static final String SYSTEM_PREFIX = "http://terminology.hl7.org/CodeSystem/v2-";
    private static final String FILE = "terminology/v2-tables.tsv";

    private static final class Holder {
        static final V2Tables STANDARD = load();
    }

    private final Map<String, Set<String>> tables;

    private V2Tables(Map<String, Set<String>> tables) {
        this.tables = Map.copyOf(tables);
    }

    public static V2Tables standard() {
        return Holder.STANDARD;
    }

    /** The table number of a v2 table system URI ("0136"), or null when {@code system} is not one. */
    public static String tableOf(String system) {
        if (system == null || !system.startsWith(SYSTEM_PREFIX) || system.length() != SYSTEM_PREFIX.length() + 4) {
            return null;
        }
        String table = system.substring(SYSTEM_PREFIX.length());
        return table.chars().allMatch(c -> c >= '0' && c <= '9') ? table : null;
    }

    /** True when FHIR publishes the table (so its codes are checked); false for user-defined tables it has not. */
    public boolean isPublished(String table) {
        return tables.containsKey(table);
    }

    /** True when the published table holds the code. */
    public boolean contains(String table, String code) {
        Set<String> codes = tables.get(table);
        return codes != null && codes.contains(code);
    }

    private static V2Tables load() {
        Map<String, Set<String>> tables = new HashMap<>();
        InputStream in = V2Tables.class.getClassLoader().getResourceAsStream(FILE);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + FILE);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                tables.put(fields[0], Set.of(java.util.Arrays.copyOfRange(fields, 1, fields.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
        return new V2Tables(tables);
    }
}

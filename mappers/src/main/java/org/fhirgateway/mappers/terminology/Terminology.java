package org.fhirgateway.mappers.terminology;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.ConceptMap;

/**
 * Every concept map the mappers use, loaded once from {@code terminology/*.json} on the classpath
 * (ConceptMap resources generated from the V2-to-FHIR IG, see mappers/src/build/README.md) into immutable
 * hash maps. Lookups are case-insensitive on the v2 code. Thread-safe.
 */
public final class Terminology {

    private static final String INDEX = "terminology/index.txt";
    private static volatile Terminology shared;

    private final Map<String, Map<String, Concept>> maps;

    private Terminology(Map<String, Map<String, Concept>> maps) {
        this.maps = Map.copyOf(maps);
    }

    /** The classpath maps, loaded on first use and shared. */
    public static Terminology standard() {
        Terminology result = shared;
        if (result == null) {
            synchronized (Terminology.class) {
                result = shared;
                if (result == null) {
                    result = load(FhirContext.forR4Cached());
                    shared = result;
                }
            }
        }
        return result;
    }

    static Terminology load(FhirContext context) {
        Map<String, Map<String, Concept>> maps = new HashMap<>();
        for (String file : indexEntries()) {
            try (InputStream in = open("terminology/" + file)) {
                ConceptMap map = context.newJsonParser().parseResource(ConceptMap.class, in);
                maps.put(map.getIdElement().getIdPart(), elements(map));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read terminology/" + file, e);
            }
        }
        return new Terminology(maps);
    }

    /** The target of {@code code} in the named map, or null when the map has no entry for it. */
    public Concept lookup(ConceptMapName map, String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        Map<String, Concept> entries = maps.get(map.id());
        if (entries == null) {
            throw new IllegalStateException("concept map not loaded: " + map.id());
        }
        return entries.get(code.strip().toUpperCase(Locale.ROOT));
    }

    /** Number of v2 codes the named map has a target for. */
    public int size(ConceptMapName map) {
        Map<String, Concept> entries = maps.get(map.id());
        return entries == null ? 0 : entries.size();
    }

    /** The FHIR system URI for a v2 coding system name (CWE-3), or null when unknown. */
    public String codingSystem(String v2Name) {
        if (v2Name == null || v2Name.isEmpty()) {
            return null;
        }
        Concept concept = lookup(ConceptMapName.CODING_SYSTEM, v2Name);
        if (concept != null) {
            return concept.code();
        }
        String upper = v2Name.toUpperCase(Locale.ROOT);
        // HL7nnnn / HL7-nnnn: the HL7-defined v2 tables
        if (upper.startsWith("HL7") && upper.length() >= 7) {
            String digits = upper.substring(upper.length() - 4);
            if (digits.chars().allMatch(Character::isDigit)) {
                return "http://terminology.hl7.org/CodeSystem/v2-" + digits;
            }
        }
        return null;
    }

    private static Map<String, Concept> elements(ConceptMap map) {
        Map<String, Concept> entries = new HashMap<>();
        for (ConceptMap.ConceptMapGroupComponent group : map.getGroup()) {
            for (ConceptMap.SourceElementComponent element : group.getElement()) {
                if (element.getTarget().isEmpty()) {
                    continue;
                }
                ConceptMap.TargetElementComponent target = element.getTargetFirstRep();
                entries.putIfAbsent(element.getCode().toUpperCase(Locale.ROOT),
                        new Concept(group.getTarget(), target.getCode(), target.getDisplay()));
            }
        }
        return Map.copyOf(entries);
    }

    private static List<String> indexEntries() {
        try (InputStream in = open(INDEX);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    private static InputStream open(String path) throws IOException {
        InputStream in = Terminology.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing classpath resource " + path);
        }
        return in;
    }
}

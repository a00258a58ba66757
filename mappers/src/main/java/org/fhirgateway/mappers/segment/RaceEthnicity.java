package org.fhirgateway.mappers.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;

/**
 * PID-10 (race) and PID-22 (ethnic group) to the US Core race and ethnicity extensions, as the IG's PID map says
 * for the US realm. Each coding of each repetition (CWE-1..3 and CWE-4..6) that is a CDC Race &amp; Ethnicity code
 * (system {@code CDCREC}, its OID, HL70005 / HL70189 as v2.5.1 and later fill them, or none; the code's check digit
 * right) goes to {@code ombCategory} when it is one of the OMB categories, else to {@code detailed}; a race code in
 * the ethnicity field, or the other way round, is not one. Table 0189's H and N (v2.3 to 2.5) are the OMB ethnicity
 * categories 2135-2 and 2186-5. Anything else is kept only in {@code text} (required by US Core, the texts of all
 * repetitions), reported.
 */
final class RaceEthnicity {

    static final String RACE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    static final String ETHNICITY = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
    static final String CDC = "urn:oid:2.16.840.1.113883.6.238";
    /** The US Core OMB race categories (2131-1, Other Race, is a detailed race code there). */
    private static final Set<String> OMB_RACE = Set.of("1002-5", "2028-9", "2054-5", "2076-8", "2106-3");
    private static final Set<String> OMB_ETHNICITY = Set.of("2135-2", "2186-5");
    private static final Set<String> CDC_SYSTEM_NAMES = Set.of("CDCREC", "2.16.840.1.113883.6.238", "HL70005",
            "HL70189", "");

    private final Issues issues;

    RaceEthnicity(Issues issues) {
        this.issues = issues;
    }

    /** The us-core-race extension of PID-10, or null when the field is empty. */
    Extension race(Segment pid) {
        return extension(pid, 10, RACE, true);
    }

    /** The us-core-ethnicity extension of PID-22, or null when the field is empty. */
    Extension ethnicity(Segment pid) {
        return extension(pid, 22, ETHNICITY, false);
    }

    private Extension extension(Segment pid, int field, String url, boolean race) {
        List<Coding> omb = new ArrayList<>();
        List<Coding> detailed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Composite cwe : pid.repetitions(field)) {
            for (int first : new int[] {1, 4}) {
                String code = cwe.text(first).strip();
                if (code.isEmpty()) {
                    continue;
                }
                Coding coding = cdcCoding(code, cwe.text(first + 1), cwe.text(first + 2), race);
                if (coding == null) {
                    issues.add(pid, field, (race ? "race" : "ethnic group") + " code '" + code + "'"
                            + (cwe.text(first + 2).isEmpty() ? "" : " (" + cwe.text(first + 2) + ")")
                            + " is not a CDC Race & Ethnicity code, kept as text");
                } else if ((race ? OMB_RACE : OMB_ETHNICITY).contains(coding.getCode())) {
                    addOnce(omb, coding);
                } else {
                    addOnce(detailed, coding);
                }
            }
            String text = text(cwe);
            if (!text.isEmpty() && !texts.contains(text)) {
                texts.add(text);
            }
        }
        if (texts.isEmpty()) {
            return null;
        }
        Extension extension = new Extension(url);
        for (Coding coding : omb) {
            extension.addExtension("ombCategory", coding);
        }
        for (Coding coding : detailed) {
            extension.addExtension("detailed", coding);
        }
        extension.addExtension("text", new StringType(String.join(", ", texts)));
        return extension;
    }

    /** The CDC coding of one CWE triplet, or null when it is not a CDC code of the field's kind. */
    private static Coding cdcCoding(String code, String display, String systemName, boolean race) {
        String cdc = code;
        boolean table0189 = "HL70189".equalsIgnoreCase(systemName) || systemName.isEmpty();
        if (!race && table0189 && code.length() == 1) {
            cdc = "H".equalsIgnoreCase(code) ? "2135-2" : "N".equalsIgnoreCase(code) ? "2186-5" : code;
        }
        if (!CDC_SYSTEM_NAMES.contains(systemName.toUpperCase(java.util.Locale.ROOT)) || !isCdcCode(cdc)) {
            return null;
        }
        int number = Integer.parseInt(cdc.substring(0, 4));
        // the code system numbers its race concepts 1000-9 to 2131-1 and its ethnicity concepts 2133-7 to 2186-5
        if (race ? number > 2131 : number < 2133 || number > 2186) {
            return null;
        }
        return new Coding(CDC, cdc, display.isEmpty() ? null : display);
    }

    /** NNNN-C with C the mod-10 check digit of NNNN (the code system's, as LOINC's). */
    static boolean isCdcCode(String code) {
        if (code.length() != 6 || code.charAt(4) != '-') {
            return false;
        }
        int sum = 0;
        for (int i = 3; i >= 0; i--) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if ((3 - i) % 2 == 0) {
                digit *= 2;
                digit = digit / 10 + digit % 10;
            }
            sum += digit;
        }
        char check = code.charAt(5);
        return check >= '0' && check <= '9' && (10 - sum % 10) % 10 == check - '0';
    }

    /** CWE-9 (original text), else CWE-2, else CWE-5, else the code as sent. */
    private static String text(Composite cwe) {
        for (int component : new int[] {9, 2, 5, 1, 4}) {
            String text = cwe.text(component).strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "";
    }

    private static void addOnce(List<Coding> codings, Coding coding) {
        for (Coding existing : codings) {
            if (existing.getCode().equals(coding.getCode())) {
                return;
            }
        }
        codings.add(coding);
    }
}

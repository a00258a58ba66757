package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.terminology.V2Tables;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * CWE/CE/CNE to CodeableConcept (identifier, alternate identifier, original text), with the v2 coding system
 * names turned into FHIR system URIs; and v2 table codes looked up in the concept maps. A code sent under an HL7
 * table ({@code HL7nnnn}) that FHIR publishes but that is not in it goes under
 * {@link org.fhirgateway.mappers.MapperConfig#localTableSystem}, reported: never under the table's URI.
 */
public final class Codes {

    private final DatatypeContext context;

    public Codes(DatatypeContext context) {
        this.context = context;
    }

    /** CWE to CodeableConcept, or null when the value has neither code nor text. */
    public CodeableConcept cwe(Composite cwe, Segment segment, int field) {
        CodeableConcept concept = new CodeableConcept();
        addCoding(concept, cwe.text(1), cwe.text(2), cwe.text(3), segment, field);
        addCoding(concept, cwe.text(4), cwe.text(5), cwe.text(6), segment, field);
        String text = cwe.text(9);
        if (text.isEmpty() && !concept.hasCoding()) {
            text = cwe.text(2).isEmpty() ? cwe.text(1) : cwe.text(2);
        }
        if (!text.isEmpty()) {
            concept.setText(text);
        }
        return concept.hasCoding() || concept.hasText() ? concept : null;
    }

    /** The first repetition of a CWE field, or null. */
    public CodeableConcept cwe(Segment segment, int field) {
        return cwe(segment.first(field), segment, field);
    }

    /**
     * A value of an HL7 table mapped through a concept map: the mapped coding, or (when the map has no entry)
     * the code as sent without a system (we cannot vouch that it is in the v2 table), reported as an issue.
     */
    public Coding mapped(ConceptMapName map, String v2Table, String code, Segment segment, int field) {
        if (code.isEmpty()) {
            return null;
        }
        Concept concept = context.terminology().lookup(map, code);
        if (concept != null) {
            return new Coding(concept.system(), concept.code(), concept.display());
        }
        context.issues().add(segment, field, "code '" + code + "' has no entry in concept map " + map.id()
                + " (table " + v2Table + "), kept as a code without system");
        return new Coding(null, code, null);
    }

    /** The target code of a map entry, or null (reported) when the map has none. */
    public Concept lookup(ConceptMapName map, String code, Segment segment, int field) {
        if (code.isEmpty()) {
            return null;
        }
        Concept concept = context.terminology().lookup(map, code);
        if (concept == null) {
            context.issues().add(segment, field, "code '" + code + "' has no entry in concept map " + map.id()
                    + ", not mapped");
        }
        return concept;
    }

    /** The target of a map entry, or null, without reporting (for fields read through several maps). */
    public Concept lookupQuietly(ConceptMapName map, String code) {
        return context.terminology().lookup(map, code);
    }

    private void addCoding(CodeableConcept concept, String code, String display, String systemName,
            Segment segment, int field) {
        if (code.isEmpty()) {
            return;
        }
        Coding coding = concept.addCoding().setCode(code);
        if (!display.isEmpty()) {
            coding.setDisplay(display);
        }
        if (systemName.isEmpty()) {
            return;
        }
        String system = context.terminology().codingSystem(systemName);
        if (system == null) {
            if (Uris.isOid(systemName)) {
                system = "urn:oid:" + systemName;
            } else if (Uris.isUri(systemName)) {
                system = systemName;
            } else {
                context.issues().add(segment, field, "coding system '" + systemName
                        + "' is unknown, coding kept without system");
                return;
            }
        }
        String table = V2Tables.tableOf(system);
        if (table != null && V2Tables.standard().isPublished(table) && !V2Tables.standard().contains(table, code)) {
            // under the table's URI the bundle would be invalid: the sender's own extension of the table
            system = context.config().localTableSystem(table);
            context.issues().add(segment, field, "code '" + code + "' is not in HL7 table " + table
                    + ", kept under the local system " + system);
        }
        coding.setSystem(system);
    }
}

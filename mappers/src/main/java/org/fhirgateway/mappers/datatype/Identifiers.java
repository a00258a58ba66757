package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;

/**
 * CX, EI and HD to Identifier and identifier systems. The system comes from the assigning authority:
 * an ISO OID gives {@code urn:oid:}, a URI (or UUID) stays itself, a namespace alone gives the configured
 * base plus the namespace; with no authority at all, the identifier is scoped to the sending facility.
 */
public final class Identifiers {

    private final DatatypeContext context;
    private final Times times;

    public Identifiers(DatatypeContext context, Times times) {
        this.context = context;
        this.times = times;
    }

    /** The system for an HD given as a component (namespace &amp; universal id &amp; type), or null. */
    public String system(Composite hd) {
        return system(hd.text(1), hd.text(2), hd.text(3));
    }

    /** The system for the parts of an HD, or null when all are empty. */
    public String system(String namespace, String universalId, String universalIdType) {
        return system(context.config().identifierSystemBase(), namespace, universalId, universalIdType);
    }

    /** The same, for callers without a message context (the message header). */
    public static String system(String base, String namespace, String universalId, String universalIdType) {
        String type = universalIdType.toUpperCase();
        if (!universalId.isEmpty()) {
            if (Uris.isOid(universalId) && (type.isEmpty() || type.equals("ISO"))) {
                return "urn:oid:" + universalId;
            }
            if (type.equals("UUID") && universalId.length() == 36) {
                return "urn:uuid:" + universalId.toLowerCase();
            }
            if ((type.equals("URI") || type.equals("URL") || type.isEmpty()) && Uris.isUri(universalId)) {
                return universalId;
            }
        }
        if (!namespace.isEmpty()) {
            return base + Uris.encode(namespace);
        }
        if (!universalId.isEmpty()) {
            return base + Uris.encode(universalId);
        }
        return null;
    }

    /** The system for a field of type HD (first repetition), or null. */
    public String system(Segment segment, int field) {
        Composite hd = segment.first(field);
        return system(hd.text(1), hd.text(2), hd.text(3));
    }

    /** CX to Identifier (null when CX-1 is empty). */
    public Identifier cx(Composite cx, Segment segment, int field) {
        String value = cx.text(1);
        if (value.isEmpty()) {
            return null;
        }
        Identifier identifier = new Identifier().setValue(value);
        String system = system(cx.part(4));
        identifier.setSystem(system != null ? system : context.localSystem());
        CodeableConcept type = identifierType(cx.text(5), segment, field);
        if (type != null) {
            identifier.setType(type);
        }
        Period period = times.period(cx.text(7), cx.text(8), segment, field);
        if (period != null) {
            identifier.setPeriod(period);
        }
        return identifier;
    }

    /** EI (entity id ^ namespace ^ universal id ^ type) to Identifier, or null when EI-1 is empty. */
    public Identifier ei(Composite ei) {
        String value = ei.text(1);
        if (value.isEmpty()) {
            return null;
        }
        String system = system(ei.text(2), ei.text(3), ei.text(4));
        return new Identifier().setValue(value).setSystem(system != null ? system : context.localSystem());
    }

    /** Identifier.type from a v2 table 0203 code; unknown codes are reported and kept as text. */
    public CodeableConcept identifierType(String code, Segment segment, int field) {
        if (code.isEmpty()) {
            return null;
        }
        Concept concept = context.terminology().lookup(ConceptMapName.IDENTIFIER_TYPE, code);
        if (concept == null) {
            context.issues().add(segment, field, "identifier type '" + code + "' is not in table 0203, kept as text");
            return new CodeableConcept().setText(code);
        }
        CodeableConcept type = new CodeableConcept();
        type.addCoding().setSystem(concept.system()).setCode(concept.code()).setDisplay(concept.display());
        return type;
    }
}

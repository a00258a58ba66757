package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.Period;

/**
 * XTN to ContactPoint. The value is the e-mail address (XTN-4) for Internet equipment, else the unformatted
 * number (XTN-12), else a number built from country/area/local/extension (XTN-5..8), else the 2.3-style XTN-1.
 */
public final class Telecoms {

    private static final String CONTACT_POINT_USE = "http://hl7.org/fhir/contact-point-use";

    private final Codes codes;
    private final Times times;

    public Telecoms(Codes codes, Times times) {
        this.codes = codes;
        this.times = times;
    }

    /** XTN to ContactPoint, or null when it holds no number or address. */
    public ContactPoint xtn(Composite xtn, Segment segment, int field) {
        String equipment = xtn.text(3);
        String value = value(xtn, equipment);
        if (value.isEmpty()) {
            return null;
        }
        ContactPoint point = new ContactPoint().setValue(value);
        Concept kind = codes.lookup(ConceptMapName.TELECOM_EQUIPMENT, equipment, segment, field);
        if (kind != null && CONTACT_POINT_USE.equals(kind.system())) {
            point.setSystem(ContactPointSystem.PHONE); // CP: a mobile phone
            point.setUse(ContactPointUse.fromCode(kind.code()));
        } else if (kind != null) {
            point.setSystem(ContactPointSystem.fromCode(kind.code()));
        } else {
            point.setSystem(value.indexOf('@') > 0 ? ContactPointSystem.EMAIL : ContactPointSystem.PHONE);
        }
        Concept use = codes.lookup(ConceptMapName.TELECOM_USE, xtn.text(2), segment, field);
        if (use != null && !point.hasUse()) {
            point.setUse(ContactPointUse.fromCode(use.code()));
        }
        Period period = times.period(xtn.text(13), xtn.text(14), segment, field);
        if (period != null) {
            point.setPeriod(period);
        }
        String rank = xtn.text(18);
        if (!rank.isEmpty() && rank.chars().allMatch(Character::isDigit) && rank.length() < 9
                && Integer.parseInt(rank) > 0) {
            point.setRank(Integer.parseInt(rank));
        }
        return point;
    }

    private static String value(Composite xtn, String equipment) {
        String email = xtn.text(4);
        if (!email.isEmpty() && (equipment.isEmpty() || "Internet".equalsIgnoreCase(equipment)
                || "X.400".equalsIgnoreCase(equipment))) {
            return email;
        }
        String unformatted = xtn.text(12);
        if (!unformatted.isEmpty()) {
            return unformatted;
        }
        String local = xtn.text(7);
        if (!local.isEmpty()) {
            StringBuilder number = new StringBuilder();
            append(number, xtn.text(5), "+", " ");
            append(number, xtn.text(6), "(", ") ");
            number.append(local);
            append(number, xtn.text(8), " ext. ", "");
            return number.toString();
        }
        String old = xtn.text(1);
        return old.isEmpty() ? email : old;
    }

    private static void append(StringBuilder out, String part, String before, String after) {
        if (!part.isEmpty()) {
            out.append(before).append(part).append(after);
        }
    }
}

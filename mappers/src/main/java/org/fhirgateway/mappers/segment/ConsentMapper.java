package org.fhirgateway.mappers.segment;

import java.util.Locale;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;

/**
 * CON (consent segment, v2.5 and later, chapter 9) to a privacy Consent. The IG's CON[Consent] map is still
 * under construction, so this follows the v2 field definitions: CON-2 consent type (table 0496), CON-3 form id
 * and version, CON-4 form number (EI), CON-11 consent status (table 0498), CON-13 decision date/time, CON-14
 * effective and CON-15 end date/time.
 *
 * <p>Only a release-of-information consent (0496 {@code 001}) is a privacy consent; any other or no type is
 * reported and not mapped. The provision is a permit only for status {@code A} (active) and a deny for
 * {@code R} (refused, kept active so that the refusal is enforced); every other status maps without a
 * provision type, so nothing is ever guessed to be a permit.
 */
public final class ConsentMapper {

    static final String CONSENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0496";
    static final String SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String LOINC = "http://loinc.org";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /** 0496: Release of Information/MR / Authorization to Disclosure Protected Health Information. */
    static final String RELEASE_OF_INFORMATION = "001";
    private static final int[] MAPPED = {1, 2, 4, 11, 13, 14, 15};

    private final MessageContext context;
    private final DataTypes types;

    public ConsentMapper(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** Adds the Consent to the bundle; null (and an issue) when the segment is no privacy consent. */
    public Consent map(Segment con) {
        String type = con.first(2).text(1).strip();
        if (!RELEASE_OF_INFORMATION.equals(type)) {
            context.issues().add(con, 2, type.isEmpty()
                    ? "consent without consent type: not known to be a privacy consent, segment not mapped"
                    : "consent type " + type + " is not a release-of-information consent (0496 001), segment not mapped");
            return null;
        }
        String status = con.first(11).text(1).strip().toUpperCase(Locale.ROOT);
        ConsentState state = state(status);
        if (state == null) {
            context.issues().add(con, 11, status.isEmpty()
                    ? "consent without status (required), segment not mapped"
                    : "consent status " + status + " has no Consent.status, segment not mapped");
            return null;
        }
        Consent consent = new Consent();
        Identifier key = types.identifiers().ei(con.first(4));
        if (key == null) {
            key = Keys.of("Consent", context.patientKey(), type, con.text(3), con.text(14));
        }
        consent.addIdentifier(key);
        consent.setStatus(state);
        consent.setScope(new CodeableConcept(new Coding(SCOPE, "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding(LOINC, "59284-0", "Patient Consent")));
        CodeableConcept sentType = types.codes().cwe(con, 2);
        if (sentType != null) {
            consent.addCategory(sentType);
        }
        consent.setPatient(context.patient());
        DateTimeType decided = types.times().dateTime(con, 13);
        if (decided != null) {
            consent.setDateTimeElement(decided);
        }
        consent.setPolicyRule(policyRule(status));
        provision(consent, con, status);
        FieldCoverage.reportUnmapped(con, MAPPED, context.issues());
        context.bundle().upsert(consent, key);
        return consent;
    }

    /** Table 0498: A active, L limited, R refused, X rescinded, P pending; B (bypassed) is no consent. */
    private static ConsentState state(String status) {
        switch (status) {
            case "A":
            case "L":
            case "R":
                return ConsentState.ACTIVE;
            case "X":
                return ConsentState.INACTIVE;
            case "P":
                return ConsentState.PROPOSED;
            default:
                return null;
        }
    }

    /**
     * R4 requires a policy or policy rule (ppc-1): release of information is an opt-in (A; X rescinds it, P proposes
     * it), limited (L) an opt-in with restrictions, refused (R) an opt-out.
     */
    private static CodeableConcept policyRule(String status) {
        String code = "R".equals(status) ? "OPTOUT" : "L".equals(status) ? "OPTINR" : "OPTIN";
        return new CodeableConcept(new Coding(ACT_CODE, code, null));
    }

    private void provision(Consent consent, Segment con, String status) {
        Consent.ProvisionComponent provision = new Consent.ProvisionComponent();
        if ("A".equals(status)) {
            provision.setType(ConsentProvisionType.PERMIT);
        } else if ("R".equals(status)) {
            provision.setType(ConsentProvisionType.DENY);
        } else if ("L".equals(status)) {
            context.issues().add(con, 11, "limited consent: its limitations are free text, provision type not mapped");
        }
        Period period = types.times().period(con.text(14), con.text(15), con, 14);
        if (period != null) {
            provision.setPeriod(period);
        }
        if (!provision.isEmpty()) {
            consent.setProvision(provision);
        }
    }
}

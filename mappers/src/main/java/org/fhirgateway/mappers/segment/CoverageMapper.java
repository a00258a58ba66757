package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.Uris;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** IN1 to Coverage with the payer Organization (IG IN1[Coverage]). */
public final class CoverageMapper {

    private static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 7, 12, 13, 15, 36};

    private final MessageContext context;
    private final DataTypes types;

    public CoverageMapper(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    public Coverage map(Segment in1) {
        Identifier payerKey = payerKey(in1);
        if (payerKey == null) {
            context.issues().addSegment(in1, "insurance without company id (IN1-3) or name (IN1-4), not mapped");
            return null;
        }
        Reference payer = payer(in1, payerKey);
        String payerId = payerKey.getSystem() + "|" + payerKey.getValue();
        Coverage coverage = new Coverage();
        String policy = in1.text(36);
        Identifier key;
        if (!policy.isEmpty()) {
            key = new Identifier().setSystem(Keys.SYSTEM + ":policy:" + Uris.uuid(payerId)).setValue(policy);
            key.setType(types.identifiers().identifierType("MB", in1, 36));
        } else {
            key = Keys.of("Coverage", context.patientKey(), payerId, in1.text(2));
        }
        coverage.addIdentifier(key);
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(context.patient());
        coverage.addPayor(payer);
        CodeableConcept plan = types.codes().cwe(in1, 2);
        if (plan != null) {
            String value = plan.hasCoding() ? plan.getCodingFirstRep().getCode() : plan.getText();
            coverage.addClass_().setValue(value).setName(plan.getText())
                    .getType().addCoding().setSystem(COVERAGE_CLASS).setCode("plan");
        }
        CodeableConcept type = types.codes().cwe(in1, 15);
        if (type != null) {
            coverage.setType(type);
        }
        Period period = types.times().period(in1.text(12), in1.text(13), in1, 12);
        if (period != null) {
            coverage.setPeriod(period);
        }
        FieldCoverage.reportUnmapped(in1, MAPPED, context.issues());
        context.bundle().upsert(coverage, key);
        return coverage;
    }

    /** The payer key is IN1-3 when sent, else the company name; a policy number is scoped to its payer. */
    private Identifier payerKey(Segment in1) {
        Identifier id = types.identifiers().cx(in1.first(3), in1, 3);
        String name = in1.first(4).text(1);
        return id != null ? id : name.isEmpty() ? null : Keys.of("Organization", types.context().localSystem(), name);
    }

    private Reference payer(Segment in1, Identifier key) {
        String name = in1.first(4).text(1);
        Organization organization = new Organization();
        organization.addIdentifier(key);
        if (!name.isEmpty()) {
            organization.setName(name);
        }
        Address address = types.addresses().xad(in1.first(5), in1, 5);
        if (address != null) {
            organization.addAddress(address);
        }
        for (Composite xtn : in1.repetitions(7)) {
            ContactPoint point = types.telecoms().xtn(xtn, in1, 7);
            if (point != null) {
                organization.addTelecom(point);
            }
        }
        return context.bundle().upsert(organization, key);
    }
}

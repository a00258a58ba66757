package org.fhirgateway.server.rest;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.fhirgateway.server.consent.ConsentRules;
import org.fhirgateway.server.consent.SecurityLabel;
import org.fhirgateway.server.store.DisclosureLog;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** A recorded disclosure as the FHIR R4 {@code AuditEvent} the operators read. */
final class AuditEvents {

    static final String BREAK_THE_GLASS = "http://fhirgateway.org/fhir/StructureDefinition/break-the-glass";
    static final String REVIEW = "http://fhirgateway.org/fhir/StructureDefinition/disclosure-review";
    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    private AuditEvents() {
    }

    static AuditEvent of(DisclosureLog.Disclosure d) {
        AuditEvent event = new AuditEvent();
        event.setIdElement(new IdType("AuditEvent", Long.toString(d.id())));
        // DICOM 110106 "Export": data leaving the custodian's control, the usual type for a disclosure
        event.setType(new Coding(DCM, "110106", "Export"));
        event.addSubtype(new Coding(INTERACTION, interaction(d.interaction()), d.interaction()));
        event.setAction(AuditEvent.AuditEventAction.R);
        event.setRecorded(new Date(d.at()));
        event.setOutcome(AuditEvent.AuditEventOutcome._0);
        event.addPurposeOfEvent().addCoding(new Coding(SecurityLabel.ACT_REASON, d.purpose(), null));
        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true)
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(ConsentRules.CLIENT_SYSTEM)
                        .setValue(d.client())).setDisplay(d.client()));
        agent.addPolicy("urn:fhir-gateway:release-policy:" + d.policy());
        for (String rule : d.rules()) {
            agent.addPolicy("urn:fhir-gateway:rule:" + rule);
        }
        event.getSource().setObserver(new Reference().setDisplay("fhir-gateway")).setSite("fhir-gateway");
        for (String patient : d.patients()) {
            event.addEntity().setWhat(new Reference("Patient/" + patient))
                    .setType(new Coding(OBJECT_TYPE, "1", "Person")).setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        for (String resource : d.resources()) {
            event.addEntity().setWhat(new Reference(resource)).setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        if (d.query() != null) {
            event.addEntity().setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setQuery(d.query().getBytes(StandardCharsets.UTF_8));
        }
        event.addExtension(BREAK_THE_GLASS, new BooleanType(d.breakGlass()));
        if (d.reviewedAt() != null) {
            Extension review = event.addExtension().setUrl(REVIEW);
            review.addExtension("reviewed", new org.hl7.fhir.r4.model.DateTimeType(new Date(d.reviewedAt())));
            review.addExtension("reviewer", new org.hl7.fhir.r4.model.StringType(d.reviewedBy()));
            if (d.reviewNote() != null) {
                review.addExtension("note", new org.hl7.fhir.r4.model.StringType(d.reviewNote()));
            }
        }
        return event;
    }

    /** HAPI's operation names that are restful-interaction codes as they are; the rest are operations. */
    private static final java.util.Set<String> INTERACTIONS = java.util.Set.of("read", "vread", "search-type",
            "search-system", "history-instance", "history-type", "history-system", "transaction", "batch");

    /** The restful-interaction code of HAPI's operation name. */
    private static String interaction(String operation) {
        return INTERACTIONS.contains(operation) ? operation : "operation";
    }
}

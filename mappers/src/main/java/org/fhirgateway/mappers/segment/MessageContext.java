package org.fhirgateway.mappers.segment;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.ExplicitNull;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The state of one message mapping: data type mappers, the bundle being built, the trigger event, and the
 * patient and encounter the clinical resources point to. One per mapping call, never shared.
 */
public final class MessageContext {

    private final DataTypes types;
    private final BundleBuilder bundle;
    private final String event;
    private final List<ExplicitNull> explicitNulls = new ArrayList<>();
    private Reference patient;
    private String patientKey;
    private Reference encounter;
    private String encounterKey;
    private String sender = "";

    public MessageContext(DataTypes types, BundleBuilder bundle, String event) {
        this.types = types;
        this.bundle = bundle;
        this.event = event;
    }

    public DataTypes types() {
        return types;
    }

    public Issues issues() {
        return types.issues();
    }

    public BundleBuilder bundle() {
        return bundle;
    }

    /** The trigger event the mapping follows, e.g. A01. */
    public String event() {
        return event;
    }

    public Reference patient() {
        return patient;
    }

    /** "system|value" of the patient's key identifier; part of the keys of the patient's other resources. */
    public String patientKey() {
        return patientKey;
    }

    public void patient(Reference reference, Identifier key) {
        this.patient = reference;
        this.patientKey = key.getSystem() + "|" + key.getValue();
    }

    /** The sender, MSH-4 (else MSH-3) as named there: it scopes the gateway keys of patients sent unidentified. */
    public String sender() {
        return sender;
    }

    public void sender(String sender) {
        this.sender = sender == null ? "" : sender;
    }

    public Reference encounter() {
        return encounter;
    }

    /** "system|value" of the encounter's key, or "" when the message has no visit. */
    public String encounterKey() {
        return encounterKey == null ? "" : encounterKey;
    }

    public void encounter(Reference reference, Identifier key) {
        this.encounter = reference;
        this.encounterKey = key.getSystem() + "|" + key.getValue();
    }

    /** Records that the field was sent as {@code ""}: the element is deleted, not merely absent. */
    public boolean explicitNull(Segment segment, int field, Reference target, String element) {
        if (!segment.isExplicitNull(field)) {
            return false;
        }
        explicitNulls.add(new ExplicitNull(segment.ref(field), target.getReference(), element));
        return true;
    }

    public List<ExplicitNull> explicitNulls() {
        return explicitNulls;
    }
}

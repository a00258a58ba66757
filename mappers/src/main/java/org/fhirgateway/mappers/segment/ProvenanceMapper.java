package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.Uris;
import org.fhirgateway.mappers.terminology.V2Tables;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * MSH and EVN to Provenance (IG MSH[Provenance-Source], EVN[Provenance]): which application and facility
 * sent the message, when, for which event, who entered it. It targets every other entry of the bundle and
 * is written as {@code PUT Provenance/{id}} with an id derived from the sender and control id.
 */
public final class ProvenanceMapper {

    private static final String AGENT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final int[] MAPPED_EVN = {1, 2, 4, 5, 6};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ProvenanceMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /**
     * @param recorded the message time as an instant (MSH-7)
     * @param evn the EVN segment, or null
     */
    public void map(Segment msh, Segment evn, InstantType recorded) {
        Provenance provenance = new Provenance();
        for (String url : context.bundle().fullUrls()) {
            provenance.addTarget(new Reference(url));
        }
        Reference facility = participants.organization(msh.first(4));
        Reference application = participants.device(msh.first(3), types.context().localSystem());
        provenance.setRecordedElement(recorded);
        if (V2Tables.standard().contains("0003", context.event())) {
            provenance.getActivity().addCoding().setSystem(V2Tables.SYSTEM_PREFIX + "0003").setCode(context.event());
        } else { // an event outside table 0003 under its URI would make the bundle invalid
            provenance.getActivity().setText(context.event());
        }
        Provenance.ProvenanceAgentComponent source = provenance.addAgent();
        source.getType().addCoding().setSystem(AGENT_TYPE).setCode("author").setDisplay("Author");
        if (application != null) {
            source.setWho(application);
            if (facility != null) {
                source.setOnBehalfOf(facility);
            }
        } else if (facility != null) {
            source.setWho(facility);
        } else {
            source.setWho(new Reference().setDisplay("unknown sender (MSH-3 and MSH-4 empty)"));
        }
        if (evn != null) {
            mapEvn(provenance, evn);
        }
        String id = Uris.uuid(context.bundle().scope() + "|Provenance");
        context.bundle().putById(provenance, id);
    }

    private void mapEvn(Provenance provenance, Segment evn) {
        DateTimeType occurred = types.times().dateTime(evn, 6);
        if (occurred == null) {
            occurred = types.times().dateTime(evn, 2);
        }
        if (occurred != null) {
            provenance.setOccurred(occurred);
        }
        CodeableConcept reason = types.codes().cwe(evn, 4);
        if (reason != null) {
            provenance.addReason(reason);
        }
        Reference operator = participants.practitioner(evn, 5);
        if (operator != null) {
            Provenance.ProvenanceAgentComponent enterer = provenance.addAgent();
            enterer.getType().addCoding().setSystem(AGENT_TYPE).setCode("enterer").setDisplay("Enterer");
            enterer.setWho(operator);
        }
        FieldCoverage.reportUnmapped(evn, MAPPED_EVN, context.issues());
    }
}

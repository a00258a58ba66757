package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.SourceMessage;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.DatatypeContext;
import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.datatype.Uris;
import org.fhirgateway.mappers.segment.BundleBuilder;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ProvenanceMapper;
import org.fhirgateway.mappers.terminology.Terminology;
import org.fhirgateway.mappers.v2.V2Message;
import org.fhirgateway.mappers.v2.V2Parser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One mapping call: parse, read the header, pick the assembler for the event, add the Provenance, and wrap
 * the entries in a transaction Bundle that records the message's source. Used once, by one thread.
 */
public final class MessageAssembly {

    /** The tag system of the v2 message type on every Bundle (code e.g. ADT^A01). */
    public static final String EVENT_TAG_SYSTEM = "urn:fhirgateway:v2-message-type";

    private final MapperConfig config;
    private final Terminology terminology;

    public MessageAssembly(MapperConfig config, Terminology terminology) {
        this.config = config;
        this.terminology = terminology;
    }

    public MappingResult map(String text) throws MappingException {
        V2Message message = V2Parser.parse(text);
        Issues issues = new Issues();
        DatatypeContext types = new DatatypeContext(config, terminology, issues);
        Header header = Header.read(message, types);
        if (!Events.isSupported(header.messageCode(), header.trigger())) {
            throw new MappingException(Code.UNSUPPORTED_MESSAGE_TYPE, "MSH", "MSH-9", "message type "
                    + header.messageType() + " is not supported (supported: " + Events.SUPPORTED + ")");
        }
        if (header.facilitySystem() != null) {
            types.localSystem(header.facilitySystem());
        }
        String scope = types.localSystem() + "|" + header.controlId();
        MessageContext context = new MessageContext(new DataTypes(types), new BundleBuilder(scope), header.trigger());
        context.sender(header.sendingFacility().isEmpty() ? header.sendingApplication() : header.sendingFacility());
        assembler(header).assemble(message, context);
        new ProvenanceMapper(context, new Participants(context)).map(message.msh(), message.first("EVN"),
                header.recorded() == null ? null : new InstantType(header.recorded()));
        Bundle bundle = bundle(header, types.localSystem(), context);
        SourceMessage source = new SourceMessage(header.controlId(), header.sendingApplication(),
                header.sendingFacility(), header.messageCode(), header.trigger(), header.version(),
                header.messageTime(), context.patientKey());
        return new MappingResult(bundle, source, issues.list(), context.explicitNulls());
    }

    private static Assembler assembler(Header header) {
        Assembler order = OrderEvents.assembler(header.messageCode(), header.trigger());
        if (order != null) {
            return order;
        }
        if (Events.isMerge(header.messageCode(), header.trigger())) {
            return new MergeAssembler();
        }
        if (Events.isResult(header.messageCode(), header.trigger())) {
            return new ResultAssembler();
        }
        if (Events.isSchedule(header.messageCode(), header.trigger())) {
            return new ScheduleAssembler();
        }
        if (Events.hasOwnAssembler(header.messageCode(), header.trigger())) {
            return Events.ownAssembler(header.trigger());
        }
        if (Events.isPersonOnly(header.messageCode(), header.trigger())) {
            return new AdtAssembler(null, Events.isPersonDeletion(header.messageCode(), header.trigger()));
        }
        return new AdtAssembler(Events.VISIT_EVENTS.get(header.trigger()));
    }

    private static Bundle bundle(Header header, String senderSystem, MessageContext context) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.TRANSACTION);
        bundle.getIdentifier().setSystem(senderSystem).setValue(header.controlId());
        if (header.recorded() != null) { // else the gateway stamps the received time (Header#messageTime)
            bundle.setTimestampElement(new InstantType(header.recorded()));
        }
        bundle.getMeta().setSource("urn:fhirgateway:v2:" + Uris.encode(header.sendingApplication()) + "@"
                + Uris.encode(header.sendingFacility()) + "#" + Uris.encode(header.controlId()));
        bundle.getMeta().addTag().setSystem(EVENT_TAG_SYSTEM).setCode(header.messageType());
        context.bundle().into(bundle);
        return bundle;
    }
}

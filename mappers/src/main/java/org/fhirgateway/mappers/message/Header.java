package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.datatype.DatatypeContext;
import org.fhirgateway.mappers.datatype.Identifiers;
import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.datatype.Times;
import org.fhirgateway.mappers.datatype.V2DateTime;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;

/**
 * What MSH (and EVN) say about the message: type, the trigger event used for mapping (MSH-9.2; EVN-1 only
 * when MSH-9.2 is empty, as real feeds often leave EVN-1 stale), control id, sender, time.
 */
record Header(
        String messageCode,
        String trigger,
        String controlId,
        String version,
        String sendingApplication,
        String sendingFacility,
        String facilitySystem,
        String messageTime,
        String recorded) {

    static Header read(V2Message message, DatatypeContext context) throws MappingException {
        Segment msh = message.msh();
        Composite type = msh.first(9);
        String code = type.text(1).toUpperCase();
        if (code.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MSH", "MSH-9", "message type is empty");
        }
        Segment evn = message.first("EVN");
        String trigger = trigger(type, evn, context.issues());
        if (trigger.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MSH", "MSH-9",
                    "trigger event is empty in MSH-9.2 and EVN-1");
        }
        String controlId = msh.text(10);
        if (controlId.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MSH", "MSH-10", "message control id is empty");
        }
        String time = messageTime(msh, evn, context);
        String messageTime = time == null ? null : V2DateTime.toDateTime(time, context.zone());
        String recorded = time == null ? null : V2DateTime.toInstant(time, context.zone());
        Composite facility = msh.first(4);
        String facilitySystem = Identifiers.system(context.config().identifierSystemBase(), facility.text(1),
                facility.text(2), facility.text(3));
        return new Header(code, trigger, controlId, msh.text(12), name(msh.first(3)), name(msh.first(4)),
                facilitySystem, messageTime, recorded);
    }

    /**
     * The v2 text of the message time: MSH-7; when it is malformed, MSH-7 repaired ({@link V2DateTime#recover}),
     * else EVN-2 (recorded date/time), else none (null: the gateway stamps the received time). Each fallback is
     * an issue on MSH-7; a message is never refused for its time alone.
     */
    private static String messageTime(Segment msh, Segment evn, DatatypeContext context) {
        String time = msh.text(7);
        if (V2DateTime.toDateTime(time, context.zone()) != null) {
            return time;
        }
        String repaired = V2DateTime.recover(time);
        if (repaired != null) {
            context.issues().add(msh, 7, Times.recovered(time, V2DateTime.toDateTime(repaired, context.zone())));
            return repaired;
        }
        String problem = time.isEmpty() ? "message date/time is empty" : "not a valid timestamp: '" + time + "'";
        String recordedText = evn == null ? "" : evn.first(2).text(1);
        String recorded = V2DateTime.toDateTime(recordedText, context.zone()) != null ? recordedText
                : V2DateTime.recover(recordedText);
        if (recorded != null) {
            context.issues().add(msh, 7, problem + ", EVN-2 (recorded date/time) used instead");
            return recorded;
        }
        context.issues().add(msh, 7, problem + ", and no valid EVN-2: the gateway's received time is used");
        return null;
    }

    private static String trigger(Composite type, Segment evn, Issues issues) {
        String fromMsh = type.text(2).toUpperCase();
        String fromEvn = evn == null ? "" : evn.text(1).toUpperCase();
        if (fromMsh.isEmpty()) {
            return fromEvn;
        }
        if (!fromEvn.isEmpty() && !fromEvn.equals(fromMsh)) {
            issues.add(evn, 1, "EVN-1 " + fromEvn + " disagrees with MSH-9 " + fromMsh + ": MSH-9 is followed");
        }
        return fromMsh;
    }

    /** HD namespace id, or universal id when there is no namespace. */
    private static String name(Composite hd) {
        return hd.text(1).isEmpty() ? hd.text(2) : hd.text(1);
    }

    String messageType() {
        return messageCode + "^" + trigger;
    }
}

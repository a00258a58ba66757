package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.AccountMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * A41 (merge account, patient account number): in each PID/MRG group the account MRG-3 is merged into PID-18. The
 * surviving Account is active, the prior one inactive (IG MRG[Account]) with a description naming the survivor; both
 * belong to the PID patient. A group without MRG-3 or PID-18 merges nothing (reported). The visits (PV1) are not
 * mapped: the event is about accounts. The context's patient (the ordering key) is the first PID's.
 */
final class AccountMergeAssembler implements Assembler {

    /** The description of a merged-away Account, followed by the survivor's account number. */
    static final String MERGED_INTO = "merged into account ";

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        List<Segment> before = new ArrayList<>();
        List<PatientGroups.Group> groups = PatientGroups.of(message, before);
        before.forEach(segment -> Unmapped.segment(segment, context.issues()));
        if (groups.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PID", null, "the message has no PID segment");
        }
        Participants participants = new Participants(context);
        AccountMapper accounts = new AccountMapper(context);
        Reference firstPatient = null;
        Identifier firstKey = null;
        for (PatientGroups.Group group : groups) {
            PatientSection patient = new PatientSection(context, participants);
            patient.mapPid(group.pid());
            if (firstPatient == null) {
                firstPatient = context.patient();
                firstKey = patient.key(group.pid());
            }
            Segment mrg = group.first("MRG");
            if (mrg == null) {
                context.issues().addSegment(group.pid(), "account merge (A41): patient without MRG, nothing merged");
            } else {
                merge(group.pid(), mrg, accounts, context);
            }
            for (Segment segment : group.segments()) {
                if (segment == group.pid() || segment == mrg || patient.mapPatientSegment(segment)) {
                    continue;
                }
                if (segment.id().equals("PV1") || segment.id().equals("PV2")) {
                    context.issues().addSegment(segment, "account merge (A41): visit segment not mapped");
                } else {
                    Unmapped.segment(segment, context.issues());
                }
            }
        }
        context.patient(firstPatient, firstKey);
    }

    private static void merge(Segment pid, Segment mrg, AccountMapper accounts, MessageContext context) {
        Identifier prior = accounts.key(mrg.first(3), mrg, 3);
        Identifier survivor = accounts.key(pid.first(18), pid, 18);
        if (prior == null || survivor == null) {
            context.issues().addSegment(mrg, "account merge (A41) needs MRG-3 (prior account) and PID-18 (account):"
                    + " nothing merged");
            return;
        }
        accounts.map(survivor, Account.AccountStatus.ACTIVE);
        accounts.map(prior, Account.AccountStatus.INACTIVE).setDescription(MERGED_INTO + survivor.getValue());
    }
}

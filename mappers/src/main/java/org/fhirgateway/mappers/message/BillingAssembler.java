package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.AccountMapper;
import org.fhirgateway.mappers.segment.AllergyMapper;
import org.fhirgateway.mappers.segment.ChargeItemMapper;
import org.fhirgateway.mappers.segment.ConditionMapper;
import org.fhirgateway.mappers.segment.CoverageMapper;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.GuarantorMapper;
import org.fhirgateway.mappers.segment.Keys;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ProcedureMapper;
import org.fhirgateway.mappers.segment.RoleMapper;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;

/**
 * BAR^P01 (add account), P02 (purge: the Account written inactive, never deleted), P12 (update diagnosis and
 * procedure) and DFT^P03, P11 (post financial transactions). The IG has no BAR or DFT message map; each
 * patient group (PID up to the next PID) is mapped as the other assemblers do: the Patient, one Account
 * (PID-18, else the group's first PV1-19, else a gateway key of the patient), each PV1 as an Encounter, DG1,
 * PR1, AL1, OBX, IN1 (Coverage, listed on the Account), GT1 (the Account's guarantor), FT1 (ChargeItem on the
 * Account), PRT and ROL (PractitionerRole on the Encounter, Procedure or ChargeItem they follow).
 */
final class BillingAssembler implements Assembler {

    private final Account.AccountStatus status;

    /** @param status ACTIVE, or INACTIVE for the purge (P02) */
    BillingAssembler(Account.AccountStatus status) {
        this.status = status;
    }

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        List<Segment> before = new ArrayList<>();
        List<PatientGroups.Group> groups = PatientGroups.of(message, before);
        if (groups.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PID", null, "the message has no PID segment");
        }
        for (Segment segment : before) {
            Unmapped.segment(segment, context.issues());
        }
        Participants participants = new Participants(context);
        for (PatientGroups.Group group : groups) {
            new Group(context, participants).map(group);
        }
    }

    /** One patient group's mapping state: its account and the resource the last segment mapped. */
    private final class Group {

        private final MessageContext context;
        private final Participants participants;
        private final PatientSection patient;
        private final Notes notes;
        private final BillingRoles roles;
        private Account account;
        private Identifier accountKey;
        private Reference accountReference;
        private Encounter encounter;

        Group(MessageContext context, Participants participants) {
            this.context = context;
            this.participants = participants;
            this.patient = new PatientSection(context, participants);
            this.notes = new Notes(context);
            this.roles = new BillingRoles(new RoleMapper(context, participants), context);
        }

        void map(PatientGroups.Group group) throws MappingException {
            patient.mapPid(group.pid());
            account(group);
            ConditionMapper conditions = new ConditionMapper(context, participants);
            ProcedureMapper procedures = new ProcedureMapper(context, participants);
            CoverageMapper coverages = new CoverageMapper(context);
            GuarantorMapper guarantors = new GuarantorMapper(context, participants);
            ChargeItemMapper charges = new ChargeItemMapper(context, participants);
            AllergyMapper allergies = new AllergyMapper(context);
            ObservationMapper observations = new ObservationMapper(context, participants);
            List<Segment> segments = group.segments();
            for (int i = 1; i < segments.size(); i++) { // 0 is the PID
                Segment segment = segments.get(i);
                switch (segment.id()) {
                    case "PD1", "NK1", "CON" -> {
                        notes.follow(null);
                        patient.mapPatientSegment(segment);
                    }
                    case "PV1" -> visit(segment, i + 1 < segments.size() ? segments.get(i + 1) : null);
                    case "PV2" -> {
                        if (!segments.get(i - 1).id().equals("PV1")) { // else mapped with its PV1
                            Unmapped.segment(segment, context.issues());
                        }
                    }
                    case "DG1" -> notes.follow(conditions.map(segment, encounter));
                    case "PR1" -> {
                        Procedure procedure = procedures.map(segment);
                        notes.follow(procedure);
                        roles.follow(procedure);
                    }
                    case "AL1" -> notes.follow(allergies.map(segment));
                    case "OBX" -> notes.follow(observation(observations, segment));
                    case "IN1" -> {
                        Coverage coverage = coverages.map(segment);
                        if (coverage != null) {
                            account.addCoverage().setCoverage(context.bundle()
                                    .referenceTo("Coverage", coverage.getIdentifierFirstRep()));
                        }
                        notes.follow(null);
                    }
                    case "GT1" -> {
                        guarantors.map(segment, account);
                        notes.follow(null);
                    }
                    case "FT1" -> {
                        ChargeItem charge = charges.map(segment, accountKey);
                        notes.follow(charge);
                        roles.follow(charge);
                    }
                    case "PRT", "ROL" -> roles.map(segment);
                    case "NTE" -> notes.add(segment);
                    default -> {
                        notes.follow(null);
                        Unmapped.segment(segment, context.issues());
                    }
                }
            }
        }

        private void account(PatientGroups.Group group) {
            AccountMapper accounts = new AccountMapper(context);
            Segment pid = group.pid();
            Identifier key = accounts.key(pid.first(18), pid, 18);
            Segment firstVisit = group.first("PV1");
            if (key == null && firstVisit != null) {
                key = accounts.key(firstVisit.first(19), firstVisit, 19);
            }
            if (key == null) {
                key = Keys.of("Account", context.patientKey());
            }
            accountKey = key;
            account = accounts.map(key, status);
            accountReference = accounts.reference(key);
        }

        private void visit(Segment segment, Segment next) {
            notes.follow(null);
            Segment pv2 = next != null && next.id().equals("PV2") ? next : null;
            EncounterMapper mapper = new EncounterMapper(context, participants);
            Identifier key = mapper.key(segment);
            context.encounter(context.bundle().referenceTo("Encounter", key), key);
            encounter = mapper.map(segment, pv2, VisitEvent.ADMIT_OR_UPDATE, key);
            encounter.addAccount(accountReference.copy());
            context.bundle().upsert(encounter, key);
            roles.follow(encounter);
        }

        private Observation observation(ObservationMapper observations, Segment obx) {
            Observation observation = observations.map(obx, context.encounterKey(), null);
            if (observation != null) {
                observations.add(observation, obx);
            }
            return observation;
        }
    }
}

package org.fhirgateway.server.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fhirgateway.mappers.MappingIssue;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.SourceMessage;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.store.BusinessKeyConflictException;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoreTransaction;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The data-quality work list: one {@code Task} per problem found in an applied message, written in the ingest
 * worker's transaction (so it commits with the message or not at all) through the store, searchable like any Task
 * and subject to consent through {@code Task.for} (the patient). Kinds are the codes of the CodeSystem
 * {@value #KINDS} shipped in {@code profiles}. The sender (MSH-4, else MSH-3) is {@code Task.requester}'s
 * identifier in {@value #SENDER}. Each Task has an identifier that hashes the kind, the sender, the patient and the
 * problem, and is created with If-None-Exist on it: a replayed or resent message finds its Task and makes no
 * second one (not even once the first was closed).
 */
public final class WorkList {

    public static final String KINDS = "http://fhirgateway.org/fhir/CodeSystem/data-quality-issue";
    public static final String SENDER = "http://fhirgateway.org/fhir/sending-facility";
    public static final String TASK_IDS = "http://fhirgateway.org/fhir/data-quality-task";

    /** The kinds of problem (CodeSystem {@value #KINDS}). */
    public enum Kind {
        MISSING_CODE("missing-code"), UNMAPPED_CODE("unmapped-code"),
        CONFLICTING_DEMOGRAPHICS("conflicting-demographics"), INVALID_DATE("invalid-date"),
        FUTURE_DATE("future-date"), FALLBACK_IDENTITY("fallback-identity"), NO_PATIENT("no-patient"),
        BUSINESS_KEY_CONFLICT("business-key-conflict");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** One problem, before it is a Task. */
    record Finding(Kind kind, String where, String description) {
    }

    private final FhirSearch search;
    private final Clock clock;

    public WorkList(FhirSearch search, Clock clock) {
        this.search = search;
        this.clock = clock;
    }

    /**
     * The problems of a mapped message, found against what is stored before it is applied (the stored Patient, for
     * conflicting demographics); {@link Pending#write} then adds their Tasks inside the worker's transaction.
     */
    public Pending inspect(MappingResult result) {
        List<Finding> findings = new ArrayList<>();
        for (MappingIssue issue : result.issues()) {
            Kind kind = kindOf(issue.reason());
            if (kind != null) {
                findings.add(new Finding(kind, issue.segment() + "|" + issue.segmentIndex() + "|" + issue.field(),
                        issue.toString()));
            }
        }
        patientEntry(result.bundle()).ifPresent(entry -> {
            Patient incoming = (Patient) entry.getResource();
            if (incoming.hasBirthDate() && incoming.getBirthDateElement().getValue().toInstant()
                    .isAfter(clock.instant())) {
                findings.add(new Finding(Kind.FUTURE_DATE, "PID|1|PID-7", "PID-7: birth date "
                        + incoming.getBirthDateElement().getValueAsString() + " is in the future"));
            }
            stored(entry.getRequest().getUrl()).ifPresent(stored -> conflicts(stored, incoming, findings));
        });
        return new Pending(result, findings);
    }

    /** The kind of a mapper issue, read from its reason (the mappers' wording), or null when it is none. */
    static Kind kindOf(String reason) {
        if (reason.startsWith("fallback identity: ")) {
            return Kind.FALLBACK_IDENTITY; // PatientMapper.FALLBACK: no PID-3, keyed by PID-2, PID-4 or a gateway key
        }
        if (reason.startsWith("no patient: ")) {
            return Kind.NO_PATIENT; // an ORU^R01 without its (optional) patient group
        }
        if (reason.contains("has no entry in concept map") || reason.startsWith("coding system '")
                || reason.contains("' is not in HL7 table ") || reason.contains("is not a CDC Race & Ethnicity code")) {
            return Kind.UNMAPPED_CODE;
        }
        if (reason.contains("neither code")) {
            return Kind.MISSING_CODE;
        }
        if (reason.startsWith("not a valid timestamp") || reason.startsWith("not a valid date")) {
            return Kind.INVALID_DATE;
        }
        return null;
    }

    private static void conflicts(Patient stored, Patient incoming, List<Finding> findings) {
        if (stored.hasBirthDate() && incoming.hasBirthDate()
                && !stored.getBirthDateElement().getValueAsString().equals(incoming.getBirthDateElement().getValueAsString())) {
            findings.add(new Finding(Kind.CONFLICTING_DEMOGRAPHICS, "birthDate|" + stored.getBirthDateElement()
                    .getValueAsString() + "|" + incoming.getBirthDateElement().getValueAsString(), "PID-7: birth date "
                    + incoming.getBirthDateElement().getValueAsString() + " differs from the stored "
                    + stored.getBirthDateElement().getValueAsString()));
        }
        if (stored.hasGender() && incoming.hasGender() && stored.getGender() != incoming.getGender()) {
            findings.add(new Finding(Kind.CONFLICTING_DEMOGRAPHICS, "gender|" + stored.getGender().toCode() + "|"
                    + incoming.getGender().toCode(), "PID-8: sex " + incoming.getGender().toCode()
                    + " differs from the stored " + stored.getGender().toCode()));
        }
    }

    private static Optional<Bundle.BundleEntryComponent> patientEntry(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient
                && e.getRequest().getUrl() != null && e.getRequest().getUrl().startsWith("Patient?")).findFirst();
    }

    private Optional<Patient> stored(String conditionalUrl) {
        List<Resource> matches = search.search(AccessContext.system(), SearchRequest.of("Patient",
                conditionalUrl.substring("Patient?".length()))).matches();
        return matches.size() == 1 ? Optional.of((Patient) matches.get(0)) : Optional.empty();
    }

    /** The Tasks of one message, to be written inside the worker's transaction after the message's own resources. */
    public final class Pending {
        private final MappingResult result;
        private final List<Finding> findings;

        Pending(MappingResult result, List<Finding> findings) {
            this.result = result;
            this.findings = List.copyOf(findings);
        }

        public int size() {
            return findings.size();
        }

        public void write(StoreTransaction tx) throws SQLException {
            if (findings.isEmpty()) {
                return;
            }
            String patient = patientEntry(result.bundle()).map(e -> e.getRequest().getUrl()).orElse(null);
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (Finding f : findings) {
                Task task = task(result.source(), patient, f);
                if (keys.add(task.getIdentifierFirstRep().getValue())) { // the same problem twice: one Task
                    addCreate(bundle, task);
                }
            }
            tx.transaction(AccessContext.system(), bundle);
        }
    }

    /**
     * A message refused because a business key it writes (a visit or order number) belongs to another patient's
     * stored resource: its Task, about that patient (the one the stored resource belongs to, {@code Task.for}) and
     * that resource ({@code Task.focus}), in a commit of its own (the message's transaction is rolled back).
     * A replay of the same message finds the Task and makes no second one.
     */
    public void recordConflict(FhirStore store, MappingResult result, BusinessKeyConflictException conflict) {
        String stored = conflict.resourceType() + "/" + conflict.storedId();
        Finding f = new Finding(Kind.BUSINESS_KEY_CONFLICT, stored, result.source().messageType() + ": the "
                + conflict.resourceType() + " its business identifier names belongs to another patient; the message"
                + " was not applied (only a merge, A40, or a move, A45, changes a record's patient)");
        Task task = task(result.source(), "Patient/" + conflict.storedPatient(), f);
        task.setFocus(new Reference(stored));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        addCreate(bundle, task);
        store.transaction(AccessContext.system(), bundle);
    }

    private static void addCreate(Bundle bundle, Task task) {
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(task).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Task")
                .setIfNoneExist("identifier=" + TASK_IDS + "|" + task.getIdentifierFirstRep().getValue());
    }

    private Task task(SourceMessage source, String patientUrl, Finding f) {
        String sender = sender(source);
        Task task = new Task();
        task.addIdentifier(new Identifier().setSystem(TASK_IDS).setValue(hash(f.kind().code(), sender,
                String.valueOf(source.patientKey()), f.where(), f.description())));
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new org.hl7.fhir.r4.model.CodeableConcept(new Coding(KINDS, f.kind().code(), null)));
        task.setDescription(f.description());
        task.setAuthoredOn(Date.from(clock.instant()));
        task.setLastModified(Date.from(clock.instant()));
        task.setRequester(new Reference().setIdentifier(new Identifier().setSystem(SENDER).setValue(sender))
                .setDisplay(source.sendingApplication() + " at " + source.sendingFacility()));
        if (patientUrl != null) {
            task.setFor(new Reference(patientUrl));
        }
        task.addInput().setType(new org.hl7.fhir.r4.model.CodeableConcept().setText("message"))
                .setValue(new org.hl7.fhir.r4.model.StringType(source.messageType() + " control id "
                        + source.controlId()));
        return task;
    }

    static String sender(SourceMessage source) {
        String facility = source.sendingFacility();
        return facility == null || facility.isEmpty() ? String.valueOf(source.sendingApplication()) : facility;
    }

    private static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                digest.update(p.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

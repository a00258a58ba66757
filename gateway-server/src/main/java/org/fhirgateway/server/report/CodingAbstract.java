package org.fhirgateway.server.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The coding abstract of a finished visit: what an MS-DRG grouper takes as input, as a {@code Parameters}
 * resource (parts documented in docs/reports.md). Every read goes through the store and the search with the
 * caller's {@link AccessContext}: a diagnosis or procedure the caller may not see is not in the abstract (and the
 * abstract says it is incomplete), a visit it may not see is not found. The resources the abstract was made from
 * are embedded as {@code source} parts, so the REST release door applies the caller's policy to them and records
 * the disclosure.
 */
public final class CodingAbstract {

    public static final String REASONS = "http://fhirgateway.org/fhir/CodeSystem/abstract-incomplete";
    static final String POA_EXTENSION = org.fhirgateway.mappers.segment.ConditionMapper.POA_EXTENSION;
    static final String POA_V2 = "http://terminology.hl7.org/CodeSystem/v2-0895";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    private final FhirStore store;
    private final FhirSearch search;
    private final ZoneId zone;

    public CodingAbstract(FhirStore store, FhirSearch search, ZoneId zone) {
        this.store = store;
        this.search = search;
        this.zone = zone;
    }

    public Parameters of(AccessContext ctx, String encounterId) {
        Encounter encounter = (Encounter) store.read(ctx, "Encounter", encounterId).resource();
        if (encounter.getStatus() != Encounter.EncounterStatus.FINISHED) {
            throw new ReportException("GW-REPORT-003", 422, "the abstract is for a finished encounter; this one is " + (encounter.hasStatus() ? encounter.getStatus().toCode() : "without status"));
        }
        Parameters out = new Parameters();
        List<Coding> reasons = new ArrayList<>();
        List<Resource> sources = new ArrayList<>();
        sources.add(encounter);
        out.addParameter().setName("encounter").setValue(new Reference("Encounter/" + encounterId));
        Patient patient = patient(ctx, encounter);
        if (patient != null) {
            sources.add(patient);
        }
        stay(out, encounter, patient, reasons);
        diagnoses(ctx, out, encounter, sources, reasons);
        procedures(ctx, out, encounterId, sources, reasons);
        coverage(ctx, out, encounter, sources);
        out.getParameter().add(0, new ParametersParameterComponent().setName("complete")
                .setValue(new BooleanType(reasons.isEmpty())));
        for (Coding reason : reasons) {
            out.addParameter().setName("incomplete-reason").setValue(reason);
        }
        for (Resource r : sources) {
            out.addParameter().setName("source").setResource(r);
        }
        return out;
    }

    private Patient patient(AccessContext ctx, Encounter encounter) {
        String ref = encounter.getSubject().getReference();
        if (ref == null || !ref.startsWith("Patient/")) {
            return null;
        }
        try {
            return (Patient) store.read(ctx, "Patient", ref.substring("Patient/".length())).resource();
        } catch (StoreException e) {
            return null;
        }
    }

    private void stay(Parameters out, Encounter e, Patient patient, List<Coding> reasons) {
        Encounter.EncounterHospitalizationComponent h = e.getHospitalization();
        if (h.hasAdmitSource()) {
            out.addParameter().setName("admit-source").setValue(h.getAdmitSource());
        }
        if (e.hasType()) {
            out.addParameter().setName("admit-type").setValue(e.getTypeFirstRep());
        }
        if (h.hasDischargeDisposition()) {
            out.addParameter().setName("discharge-disposition").setValue(h.getDischargeDisposition());
        } else {
            reasons.add(reason("no-discharge-disposition", "discharged without a disposition (PV1-36)"));
        }
        LocalDate admit = e.getPeriod().hasStart() ? local(e.getPeriod().getStartElement()) : null;
        LocalDate discharge = e.getPeriod().hasEnd() ? local(e.getPeriod().getEndElement()) : null;
        if (admit != null) {
            out.addParameter().setName("admit-date").setValue(e.getPeriod().getStartElement().copy());
        }
        if (discharge != null) {
            out.addParameter().setName("discharge-date").setValue(e.getPeriod().getEndElement().copy());
        }
        if (admit != null && discharge != null) {
            out.addParameter().setName("length-of-stay").setValue(new Quantity(ChronoUnit.DAYS.between(admit, discharge))
                    .setUnit("days").setSystem("http://unitsofmeasure.org").setCode("d"));
        } else {
            reasons.add(reason("no-stay-dates", "the encounter has no admit or discharge date"));
        }
        if (patient != null && patient.hasBirthDate() && admit != null) {
            LocalDate born = new java.sql.Date(patient.getBirthDate().getTime()).toLocalDate();
            out.addParameter().setName("age-at-admission").setValue(new Quantity(ChronoUnit.YEARS.between(born, admit))
                    .setUnit("years").setSystem("http://unitsofmeasure.org").setCode("a"));
        } else {
            reasons.add(reason("no-age", "no birth date of the patient or no admit date"));
        }
        if (patient != null && patient.hasGender()) {
            out.addParameter().setName("sex").setValue(new CodeType(patient.getGender().toCode()));
        } else {
            reasons.add(reason("no-sex", "the patient's administrative sex is not known"));
        }
    }

    private record Ranked(Encounter.DiagnosisComponent diagnosis, Condition condition) {
        int rank() {
            return diagnosis.hasRank() ? diagnosis.getRank() : Integer.MAX_VALUE;
        }
    }

    private void diagnoses(AccessContext ctx, Parameters out, Encounter e, List<Resource> sources, List<Coding> reasons) {
        List<Ranked> ranked = new ArrayList<>();
        for (Encounter.DiagnosisComponent d : e.getDiagnosis()) {
            String ref = d.getCondition().getReference();
            Condition c = ref != null && ref.startsWith("Condition/") ? condition(ctx, ref.substring(10)) : null;
            if (c == null) {
                reasons.add(reason("diagnosis-not-available", "a diagnosis of the encounter is not available to this client"));
                continue;
            }
            ranked.add(new Ranked(d, c));
            sources.add(c);
        }
        ranked.sort(Comparator.comparingInt(Ranked::rank));
        if (ranked.isEmpty() || ranked.get(0).rank() != 1) {
            reasons.add(reason("no-principal-diagnosis", "no diagnosis ranked 1 (DG1-15)"));
        }
        boolean first = true;
        for (Ranked r : ranked) {
            boolean principal = first && r.rank() == 1;
            first = false;
            ParametersParameterComponent p = out.addParameter().setName(principal ? "principal-diagnosis" : "secondary-diagnosis");
            Coding code = coded(r.condition());
            if (code == null) {
                reasons.add(reason("unmapped-code", "a diagnosis has no ICD-10-CM code: "
                        + (r.condition().getCode().hasText() ? "text only" : "uncoded")));
            } else {
                p.addPart().setName("code").setValue(code);
            }
            if (r.diagnosis().hasRank()) {
                p.addPart().setName("rank").setValue(new IntegerType(r.diagnosis().getRank()));
            }
            Extension poa = r.diagnosis().getExtensionByUrl(POA_EXTENSION);
            Coding poaCode = poa == null ? null : ((org.hl7.fhir.r4.model.CodeableConcept) poa.getValue()).getCoding()
                    .stream().filter(c -> POA_V2.equals(c.getSystem())).findFirst().orElse(null);
            if (poaCode == null) {
                reasons.add(reason("missing-poa", "a diagnosis has no present-on-admission indicator (DG1-26)"));
            } else {
                p.addPart().setName("present-on-admission").setValue(new CodeType(poaCode.getCode()));
            }
            p.addPart().setName("condition").setValue(new Reference("Condition/" + r.condition().getIdElement().getIdPart()));
        }
    }

    private Condition condition(AccessContext ctx, String id) {
        try {
            return (Condition) store.read(ctx, "Condition", id).resource();
        } catch (StoreException e) {
            return null;
        }
    }

    /** The ICD-10-CM coding of a diagnosis, else any coding with a system and a code; null when there is none. */
    private static Coding coded(Condition c) {
        Coding any = null;
        for (Coding coding : c.getCode().getCoding()) {
            if (coding.hasSystem() && coding.hasCode()) {
                if (ICD10CM.equals(coding.getSystem())) {
                    return coding.copy();
                }
                any = any == null ? coding.copy() : any;
            }
        }
        return any;
    }

    private void procedures(AccessContext ctx, Parameters out, String encounterId, List<Resource> sources,
            List<Coding> reasons) {
        List<Procedure> found = new ArrayList<>();
        for (Resource r : search.search(ctx, SearchRequest.of("Procedure", "encounter=Encounter/" + encounterId
                + "&_count=200")).matches()) {
            found.add((Procedure) r);
        }
        found.sort(Comparator.comparing(p -> p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValueAsString() : ""));
        for (Procedure proc : found) {
            sources.add(proc);
            ParametersParameterComponent p = out.addParameter().setName("procedure");
            Coding code = proc.getCode().getCoding().stream().filter(c -> c.hasSystem() && c.hasCode()).findFirst()
                    .map(Coding::copy).orElse(null);
            if (code == null) {
                reasons.add(reason("unmapped-code", "a procedure has no coded value"));
            } else {
                p.addPart().setName("code").setValue(code);
            }
            if (proc.hasPerformedDateTimeType()) {
                p.addPart().setName("date").setValue(proc.getPerformedDateTimeType().copy());
            }
            for (Procedure.ProcedurePerformerComponent performer : proc.getPerformer()) {
                p.addPart().setName("performer").setValue(performer.getActor().copy());
            }
            p.addPart().setName("procedure").setValue(new Reference("Procedure/" + proc.getIdElement().getIdPart()));
        }
    }

    private void coverage(AccessContext ctx, Parameters out, Encounter e, List<Resource> sources) {
        String patient = e.getSubject().getReference();
        if (patient == null || !ctx.canRead("Coverage")) {
            return;
        }
        for (Resource r : search.search(ctx, SearchRequest.of("Coverage", "beneficiary=" + patient + "&_count=50"))
                .matches()) {
            Coverage c = (Coverage) r;
            sources.add(c);
            ParametersParameterComponent p = out.addParameter().setName("coverage");
            p.addPart().setName("coverage").setValue(new Reference("Coverage/" + c.getIdElement().getIdPart()));
            for (Reference payor : c.getPayor()) {
                p.addPart().setName("payor").setValue(payor.copy());
            }
            if (c.hasType()) {
                p.addPart().setName("type").setValue(c.getType());
            }
        }
    }

    private LocalDate local(DateTimeType t) {
        return t.getValue().toInstant().atZone(t.getTimeZone() == null ? zone : t.getTimeZone().toZoneId()).toLocalDate();
    }

    private static Coding reason(String code, String display) {
        return new Coding(REASONS, code, display);
    }
}

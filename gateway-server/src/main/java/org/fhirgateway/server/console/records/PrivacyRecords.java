package org.fhirgateway.server.console.records;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.DisclosureLog;
import org.fhirgateway.server.store.PatientLabels;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the privacy page and the disclosure letter show of one patient, read through the caller's
 * {@link AccessContext} only: the Patient and its Consents by ordinary searches (consent predicates in their SQL),
 * the labels by {@link PatientLabels} (the same predicate), the accounting by {@link DisclosureLog} as
 * {@code Patient/[id]/$disclosures} reads it, for the operators only (an unrestricted policy, like the API's
 * AuditEvent). The Patient and Consents shown go out through {@link ReleaseRecorder} as a REST response does: the
 * caller's masks are applied and the disclosure is recorded before the page is written (when it cannot be, the
 * page is an error and shows nothing).
 */
public final class PrivacyRecords {

    /** At most this many disclosures on one page or letter (the API's _count limit); more are said to exist. */
    static final int MAX_DISCLOSURES = 1000;
    private static final int CONSENT_PAGE = 100;
    private static final int MAX_CONSENT_PAGES = 10;
    /** The default period of an accounting: the six years HIPAA (45 CFR 164.528) gives a patient. */
    static final int DEFAULT_YEARS = 6;

    private final FhirSearch search;
    private final PatientLookup patients;
    private final DisclosureLog log;
    private final PatientLabels labels;
    private final ReleaseRecorder recorder;
    private final ZoneId zone;
    private final Clock clock;

    public PrivacyRecords(FhirSearch search, DisclosureLog log, PatientLabels labels, ReleaseRecorder recorder,
            ZoneId zone, Clock clock) {
        this.search = search;
        this.patients = new PatientLookup(search);
        this.log = log;
        this.labels = labels;
        this.recorder = recorder;
        this.zone = zone;
        this.clock = clock;
    }

    /** A period of the accounting, both days included. */
    public record Period(LocalDate from, LocalDate to) {

        /** The period the form gave (YYYY-MM-DD each, blank for the default: the last six years up to today). */
        static Period parse(String from, String to, LocalDate today) {
            LocalDate end = day(to, today);
            LocalDate start = day(from, end.minusYears(DEFAULT_YEARS));
            if (start.isAfter(end)) {
                throw ConsoleException.badInput("The period starts after it ends.");
            }
            return new Period(start, end);
        }

        private static LocalDate day(String value, LocalDate otherwise) {
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw ConsoleException.badInput("A date of the period is not YYYY-MM-DD.");
            }
        }
    }

    /**
     * The privacy page of one patient.
     *
     * @param consents null when the caller may not read Consents
     * @param disclosures null when the caller may not read the accounting (not an operator)
     * @param moreDisclosures whether the period holds more than {@link #MAX_DISCLOSURES}
     */
    public record View(PatientCard patient, List<ConsentSummary> consents, long visibleResources,
            List<LabelCount> labels, Period period, List<DisclosureRow> disclosures, boolean moreDisclosures) {

        public boolean accountingAllowed() {
            return disclosures != null;
        }
    }

    /** The letter of the accounting of disclosures a patient receives. */
    public record Letter(PatientCard patient, Period period, String written, List<DisclosureRow> disclosures,
            boolean moreDisclosures) {
    }

    /** The privacy page of the patient {@code input} names (identifier system|value, or id). */
    public View view(AccessContext ctx, String input, String from, String to) {
        Period period = Period.parse(from, to, LocalDate.now(clock.withZone(zone)));
        Patient patient = patients.find(ctx, input);
        String id = patient.getIdElement().getIdPart();
        List<Consent> consents = ctx.canRead("Consent") ? consents(ctx, id) : null;
        List<DisclosureLog.Disclosure> found = accounting(ctx, id, period);
        List<LabelCount> labelCounts = new ArrayList<>();
        long visible = labelCounts(ctx, id, labelCounts);
        List<Resource> shown = new ArrayList<>();
        shown.add(patient);
        if (consents != null) {
            shown.addAll(consents);
        }
        release(ctx, shown, "/console/privacy");
        List<ConsentSummary> summaries = consents == null ? null : consents.stream()
                .map(c -> ConsentSummary.of(c, clock.instant()))
                .sorted(Comparator.comparing((ConsentSummary c) -> !c.inForce()).thenComparing(ConsentSummary::id))
                .toList();
        return new View(PatientCard.of(patient), summaries, visible, labelCounts, period, rows(found),
                found != null && found.size() > MAX_DISCLOSURES);
    }

    /** The letter: the operators' alone, as the accounting is. */
    public Letter letter(AccessContext ctx, String input, String from, String to) {
        requireAccounting(ctx);
        Period period = Period.parse(from, to, LocalDate.now(clock.withZone(zone)));
        Patient patient = patients.find(ctx, input);
        List<DisclosureLog.Disclosure> found = accounting(ctx, patient.getIdElement().getIdPart(), period);
        release(ctx, List.of(patient), "/console/privacy/letter");
        return new Letter(PatientCard.of(patient), period, LocalDate.now(clock.withZone(zone)).toString(),
                rows(found), found.size() > MAX_DISCLOSURES);
    }

    static void requireAccounting(AccessContext ctx) {
        if (!ctx.canRead("AuditEvent")) {
            throw ConsoleException.forbidden("The accounting of disclosures is for the gateway's operators "
                    + "(an unrestricted release policy with system/AuditEvent.read).");
        }
    }

    private List<Consent> consents(AccessContext ctx, String patientId) {
        List<Consent> out = new ArrayList<>();
        SearchResult page = search.search(ctx, SearchRequest.of("Consent", "patient=Patient/" + patientId
                + "&_count=" + CONSENT_PAGE));
        for (int n = 1; ; n++) {
            page.matches().forEach(r -> out.add((Consent) r));
            if (page.nextPageToken() == null || n == MAX_CONSENT_PAGES) {
                return out;
            }
            page = search.page(ctx, page.nextPageToken());
        }
    }

    /** The disclosures of the period, newest first, one more than shown; null when the caller may not read them. */
    private List<DisclosureLog.Disclosure> accounting(AccessContext ctx, String patientId, Period period) {
        if (!ctx.canRead("AuditEvent")) {
            return null;
        }
        long from = period.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long to = period.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return log.find(new DisclosureLog.Query(patientId, from, to, null, false, null, MAX_DISCLOSURES + 1));
    }

    private List<DisclosureRow> rows(List<DisclosureLog.Disclosure> found) {
        if (found == null) {
            return null;
        }
        return found.stream().limit(MAX_DISCLOSURES).map(d -> DisclosureRow.of(d, zone)).toList();
    }

    /** Fills {@code out} with the labels on the types the caller may read; returns how many resources it may see. */
    private long labelCounts(AccessContext ctx, String patientId, List<LabelCount> out) {
        PatientLabels.Labels counted = labels.count(ctx, patientId, clock.millis());
        long visible = counted.totals().stream().filter(c -> ctx.canRead(c.type()))
                .mapToLong(PatientLabels.Count::resources).sum();
        Map<String, Map<String, Long>> byLabel = new TreeMap<>();
        Map<String, String> texts = new TreeMap<>();
        for (PatientLabels.Count c : counted.labels()) {
            if (!ctx.canRead(c.type())) {
                continue;
            }
            String key = (c.system() == null ? "" : c.system()) + "|" + c.code();
            texts.put(key, Labels.text(c.system(), c.code()));
            byLabel.computeIfAbsent(key, k -> new TreeMap<>()).merge(c.type(), c.resources(), Long::sum);
        }
        byLabel.forEach((key, types) -> {
            StringBuilder s = new StringBuilder();
            types.forEach((type, n) -> s.append(s.length() == 0 ? "" : ", ").append(type).append(" (").append(n)
                    .append(')'));
            out.add(new LabelCount(texts.get(key), key, types.values().stream().mapToLong(Long::longValue).sum(),
                    s.toString()));
        });
        out.sort(Comparator.comparing(LabelCount::resources).reversed().thenComparing(LabelCount::key));
        return visible;
    }

    /** The resources a page shows, released as a REST response is: the policy applied, the disclosure recorded. */
    private void release(AccessContext ctx, List<Resource> shown, String page) {
        ReleaseRecorder.Batch batch = recorder.prepare(ctx, shown);
        recorder.record(batch, "console", page);
    }
}

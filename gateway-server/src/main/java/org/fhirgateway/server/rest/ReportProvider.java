package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.report.Census;
import org.fhirgateway.server.report.CensusCounts;
import org.fhirgateway.server.report.CensusReport;
import org.fhirgateway.server.report.CodingAbstract;
import org.fhirgateway.server.report.ReportException;
import org.fhirgateway.server.report.TaskClosure;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/**
 * The records staff's reports (docs/reports.md), thin over {@code report}: {@code $census} (system level and
 * {@code Location/[id]/$census}), {@code Encounter/[id]/$abstract} and {@code Task/[id]/$close}.
 * Who may call: the census needs the purpose of use HOPERAT (operations) and read access to Encounter; the abstract
 * HOPERAT or HPAYMT (coding and billing), read access to every type it reads, and a policy that does not
 * de-identify (an abstract is dates and codes of one stay); closing a Task needs write access to Task.
 */
public final class ReportProvider {

    private static final Set<String> ABSTRACT_PURPOSES = Set.of("HOPERAT", "HPAYMT");
    private static final Set<String> ABSTRACT_READS = Set.of("Encounter", "Patient", "Condition", "Procedure");

    private final Census census;
    private final CodingAbstract abstracts;
    private final TaskClosure closure;

    ReportProvider(Census census, CodingAbstract abstracts, TaskClosure closure) {
        this.census = census;
        this.abstracts = abstracts;
        this.closure = closure;
    }

    @Operation(name = "$census", idempotent = true)
    public IBaseResource systemCensus(@OperationParam(name = "date") StringType date, RequestDetails request) {
        return census(request, date, null);
    }

    @Operation(name = "$census", type = Location.class, idempotent = true)
    public IBaseResource unitCensus(@IdParam IdType id, @OperationParam(name = "date") StringType date,
            RequestDetails request) {
        return census(request, date, "Location/" + id.getIdPart());
    }

    private IBaseResource census(RequestDetails request, StringType date, String unit) {
        AccessContext ctx = RequestAccess.requireRead(request, "Encounter");
        if (!"HOPERAT".equals(ctx.purposeOfUse())) {
            throw refused("GW-REPORT-001: the census is for operations: purpose of use HOPERAT, not "
                    + ctx.purposeOfUse());
        }
        CensusCounts counts = run(() -> census.count(ctx, day(date), unit));
        String accept = request.getHeader("Accept");
        if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv")) {
            Binary csv = new Binary();
            csv.setContentType("text/csv");
            csv.setContent(CensusReport.csv(counts).getBytes(StandardCharsets.UTF_8));
            return csv;
        }
        return CensusReport.measureReport(counts, unit);
    }

    @Operation(name = "$abstract", type = Encounter.class, idempotent = true)
    public Parameters codingAbstract(@IdParam IdType id, RequestDetails request) {
        AccessContext ctx = RequestAccess.of(request);
        for (String type : ABSTRACT_READS) {
            if (!ctx.canRead(type)) {
                throw RequestAccess.forbidden(ctx, "read", type + " (the abstract reads it)");
            }
        }
        if (!ABSTRACT_PURPOSES.contains(ctx.purposeOfUse()) || ctx.policy().deidentify()) {
            throw refused("GW-REPORT-001: the coding abstract is for coding and billing (HOPERAT, HPAYMT) under a "
                    + "policy that does not de-identify");
        }
        return run(() -> abstracts.of(ctx, id.getIdPart()));
    }

    @Operation(name = "$close", type = Task.class)
    public Task close(@IdParam IdType id, @OperationParam(name = "note") StringType note, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireWrite(request, "Task");
        RequestAccess.requireRead(request, "Task");
        return run(() -> closure.close(ctx, id.getIdPart(), note == null ? null : note.getValue()));
    }

    private static LocalDate day(StringType date) {
        if (date == null || date.isEmpty()) {
            throw new InvalidRequestException("GW-REPORT-002: date=YYYY-MM-DD is required");
        }
        try {
            return LocalDate.parse(date.getValue());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("GW-REPORT-002: date must be YYYY-MM-DD");
        }
    }

    private static ForbiddenOperationException refused(String message) {
        return new ForbiddenOperationException(message, OperationOutcomes.error("forbidden", message));
    }

    private static <T> T run(java.util.function.Supplier<T> report) {
        try {
            return report.get();
        } catch (ReportException e) {
            if (e.status() == 422) {
                throw new UnprocessableEntityException(e.getMessage(), OperationOutcomes.error("processing", e.getMessage()));
            }
            throw new InvalidRequestException(e.getMessage(), OperationOutcomes.error("invalid", e.getMessage()));
        }
    }
}

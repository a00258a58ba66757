package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.DisclosureLog;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * The accounting of disclosures, for the operators only (an unrestricted policy): {@code AuditEvent} read and
 * search ({@code patient}, {@code date}, {@code agent}, {@code review-status=pending} for break-the-glass
 * disclosures awaiting review), {@code AuditEvent/[id]/$review} to mark one reviewed, and
 * {@code Patient/[id]/$disclosures} with {@code start} and {@code end}: the accounting a patient may ask for.
 * AuditEvents are written by the gateway alone, so no client may create, change or delete one.
 */
public final class AuditEventProvider implements IResourceProvider {

    private static final int DEFAULT_COUNT = 100;
    private static final int MAX_COUNT = 1000;

    private final DisclosureLog log;
    private final Clock clock;

    AuditEventProvider(DisclosureLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id, RequestDetails request) {
        RequestAccess.requireRead(request, "AuditEvent");
        return log.byId(number(id)).map(AuditEvents::of)
                .orElseThrow(() -> new ResourceNotFoundException("GW-STORE-001: no such AuditEvent"));
    }

    @Search
    public List<AuditEvent> search(@OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "date") DateRangeParam date, @OptionalParam(name = "agent") StringParam agent,
            @OptionalParam(name = "review-status") TokenParam review, @Count Integer count, RequestDetails request) {
        RequestAccess.requireRead(request, "AuditEvent");
        boolean pending = review != null && "pending".equals(review.getValue());
        if (review != null && !pending) {
            throw new InvalidRequestException("GW-SEARCH-003: review-status takes the value pending");
        }
        return find(patient == null ? null : patient.getIdPart(), date, agent == null ? null : agent.getValue(),
                pending, count).stream().map(AuditEvents::of).toList();
    }

    @Operation(name = "$review")
    public AuditEvent review(@IdParam IdType id, @OperationParam(name = "note", min = 1) StringType note,
            RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, "AuditEvent");
        long number = number(id);
        if (!log.markReviewed(number, ctx.clientName(), note.getValue(), clock.millis())) {
            throw new InvalidRequestException("GW-CONSENT-004: AuditEvent/" + number
                    + " is not a break-the-glass disclosure awaiting review");
        }
        return log.byId(number).map(AuditEvents::of).orElseThrow();
    }

    /** {@code Patient/[id]/$disclosures}: registered as a plain provider (an operation on another type). */
    public static final class PatientDisclosures {

        private final AuditEventProvider audit;

        PatientDisclosures(AuditEventProvider audit) {
            this.audit = audit;
        }

        @Operation(name = "$disclosures", type = Patient.class, idempotent = true)
        public Bundle disclosures(@IdParam IdType patient, @OperationParam(name = "start") StringType start,
                @OperationParam(name = "end") StringType end, @OperationParam(name = "_count") StringType count,
                RequestDetails request) {
            RequestAccess.requireRead(request, "AuditEvent");
            DateRangeParam range = new DateRangeParam(start == null ? null : "ge" + start.getValue(),
                    end == null ? null : "le" + end.getValue());
            Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
            Integer limit = count == null ? null : Integer.valueOf(count.getValue());
            for (DisclosureLog.Disclosure d : audit.find(patient.getIdPart(), range, null, false, limit)) {
                bundle.addEntry().setResource(AuditEvents.of(d)).setFullUrl("AuditEvent/" + d.id())
                        .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            }
            return bundle.setTotal(bundle.getEntry().size());
        }
    }

    private List<DisclosureLog.Disclosure> find(String patient, DateRangeParam date, String client, boolean pending,
            Integer count) {
        int n = count == null ? DEFAULT_COUNT : count;
        if (n < 0 || n > MAX_COUNT) {
            throw new InvalidRequestException("GW-SEARCH-003: _count must be between 0 and " + MAX_COUNT);
        }
        Long from = date == null || date.getLowerBoundAsInstant() == null ? null
                : date.getLowerBoundAsInstant().getTime();
        Long to = date == null || date.getUpperBoundAsInstant() == null ? null
                : date.getUpperBoundAsInstant().getTime() + 1;
        return log.find(new DisclosureLog.Query(patient, from, to, client, pending, null, n));
    }

    private static long number(IdType id) {
        try {
            return Long.parseLong(id.getIdPart());
        } catch (NumberFormatException e) {
            throw new ResourceNotFoundException("GW-STORE-001: no such AuditEvent");
        }
    }
}

package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.PseudonymIssuer;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.consent.SecurityLabel;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The door every REST response with stored data goes out through (read, vread, search with its includes, history,
 * {@code $everything}, a batch's or transaction's GET entries): it applies the caller's release policy to the
 * resources ({@link Release}) and records the disclosure ({@link DisclosureLog}) before the response is written.
 * When the record cannot be written the response is an error and nothing is sent.
 *
 * <p>A {@code Parameters} response carries no patient data of its own except the resources embedded in its
 * parameters (and their parts), as {@code Encounter/[id]/$abstract} does: those are released and recorded like
 * a Bundle's entries. The echo of a write (the resource the client itself just sent) and {@code $convert-hl7v2} (a conversion of the
 * client's own message, nothing stored) are not disclosures.
 */
final class ReleaseInterceptor {

    private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE);

    /** Responses that carry no stored patient data, or (AuditEvent) the accounting itself, read by operators. */
    private static final Set<String> NOT_PATIENT_DATA = Set.of("OperationOutcome", "CapabilityStatement",
            "AuditEvent", "Parameters");

    private final ReleaseRecorder recorder;

    ReleaseInterceptor(ReleaseRecorder recorder) {
        this.recorder = recorder;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        IBaseResource body = response.getResponseResource();
        if (!(body instanceof Resource resource) || WRITES.contains(request.getRestOperationType())
                || "$convert-hl7v2".equals(request.getOperation())) {
            return true;
        }
        AccessContext ctx = RequestAccess.find(request).orElse(null);
        if (ctx == null || ctx.isSystem()) {
            return true;
        }
        List<Resource> released = new ArrayList<>();
        collect(resource, released);
        if (released.isEmpty()) {
            return true;
        }
        ReleaseRecorder.Batch batch = recorder.prepare(ctx, released);
        PseudonymIssuer ids = batch.pseudonyms();
        if (recorder.changes(ctx) && resource instanceof Bundle bundle) {
            relink(bundle, ids != null, ctx);
            if (ids != null) {
                if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
                    ids.pseudonym(request.getResourceName(), request.getId().getIdPart());
                }
                relinkPages(bundle, ids);
            }
        }
        recorder.record(batch, interaction(request), query(request));
        return true;
    }

    /**
     * The stored resources in a response: a Bundle's entries (and those of nested Bundles), the resources embedded in
     * a Parameters, or the resource.
     */
    private static void collect(Resource resource, List<Resource> out) {
        if (resource instanceof org.hl7.fhir.r4.model.Parameters parameters) {
            collectParts(parameters.getParameter(), out);
        } else if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                if (e.getResource() != null) {
                    collect(e.getResource(), out);
                }
            }
        } else if (!NOT_PATIENT_DATA.contains(resource.fhirType()) && resource.getIdElement().hasIdPart()) {
            out.add(resource);
        }
    }

    private static void collectParts(List<org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent> parts,
            List<Resource> out) {
        for (org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent p : parts) {
            if (p.getResource() != null) {
                collect(p.getResource(), out);
            }
            collectParts(p.getPart(), out);
        }
    }

    /** A Bundle's entries after their resources changed: full URLs and request URLs follow pseudonymous ids. */
    private static void relink(Bundle bundle, boolean pseudonymised, AccessContext ctx) {
        if (ctx.breaksGlass()) {
            Release.addLabel(bundle, SecurityLabel.EMERGENCY_TREATMENT);
        }
        if (!pseudonymised) {
            return;
        }
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r instanceof Bundle nested) {
                relink(nested, true, ctx);
            } else if (r != null) {
                String local = r.fhirType() + "/" + r.getIdElement().getIdPart();
                if (e.hasFullUrl()) {
                    int at = e.getFullUrl().lastIndexOf(r.fhirType() + "/");
                    e.setFullUrl(at < 0 ? local : e.getFullUrl().substring(0, at) + local);
                }
                if (e.hasRequest()) {
                    e.getRequest().setUrl(local);
                }
                if (e.hasResponse()) {
                    e.getResponse().setLocation(null).setLastModified(null);
                }
            }
        }
    }

    /** Page links name the request's instance ({@code Patient/x/$everything}): by its pseudonym, never its id. */
    /**
     * Page links of a de-identified client: the {@code self} link (which restates the query with the real ids its
     * pseudonyms stood for) goes; the paths of the others name the instance by its pseudonym. Their page tokens
     * are encrypted.
     */
    private static void relinkPages(Bundle bundle, PseudonymIssuer ids) {
        bundle.getLink().removeIf(link -> "self".equals(link.getRelation()));
        for (Bundle.BundleLinkComponent link : bundle.getLink()) {
            String url = link.getUrl();
            for (PseudonymIssuer.Issued i : ids.issued()) {
                url = url.replaceAll(java.util.regex.Pattern.quote(i.type() + "/" + i.realId()) + "(?![A-Za-z0-9.\\-])",
                        java.util.regex.Matcher.quoteReplacement(i.type() + "/" + i.pseudoId()));
            }
            link.setUrl(url);
        }
    }

    private static String interaction(RequestDetails request) {
        RestOperationTypeEnum op = request.getRestOperationType();
        return op == null ? "unknown" : op.getCode();
    }

    /** What was asked, without values: the path and the parameter names (values may identify people). */
    private static String query(RequestDetails request) {
        String path = request.getRequestPath();
        if (request.getParameters() == null || request.getParameters().isEmpty()) {
            return path;
        }
        return path + "?" + String.join("&", new TreeSet<>(request.getParameters().keySet()));
    }
}

package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.export.BulkExport;
import org.fhirgateway.server.export.ExportException;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The Bulk Data kick-off: {@code GET|POST [base]/$export}, {@code Patient/$export} and {@code Group/[id]/$export}
 * with {@code Prefer: respond-async}; 202 with {@code Content-Location} naming the job's status URL
 * ({@link BulkStatusServlet}). The work is {@link BulkExport}'s.
 */
public final class ExportProvider {

    private final BulkExport export;
    private final FhirContext fhir;

    ExportProvider(BulkExport export, FhirContext fhir) {
        this.export = export;
        this.fhir = fhir;
    }

    @Operation(name = "$export", idempotent = true, manualRequest = true, manualResponse = true)
    public void system(RequestDetails request) throws IOException {
        kickOff(request, "system", null);
    }

    @Operation(name = "$export", type = Patient.class, idempotent = true, manualRequest = true, manualResponse = true)
    public void patients(RequestDetails request) throws IOException {
        kickOff(request, "patient", null);
    }

    @Operation(name = "$export", type = Group.class, idempotent = true, manualRequest = true, manualResponse = true)
    public void group(@IdParam IdType id, RequestDetails request) throws IOException {
        kickOff(request, "group", id.getIdPart());
    }

    private void kickOff(RequestDetails request, String level, String groupId) throws IOException {
        AccessContext ctx = RequestAccess.of(request);
        String prefer = request.getHeader("Prefer");
        if (prefer == null || !prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async")) {
            throw new InvalidRequestException("GW-EXPORT-001: $export needs the header Prefer: respond-async",
                    OperationOutcomes.error("invalid", "GW-EXPORT-001: $export needs the header Prefer: respond-async"));
        }
        String base = request.getFhirServerBase();
        String jobId;
        HttpServletResponse response = ((ServletRequestDetails) request).getServletResponse();
        try {
            jobId = export.kickOff(ctx, new BulkExport.KickOff(level, groupId, parameters(request),
                    request.getCompleteUrl(), base));
        } catch (ExportException e) {
            OperationOutcomes.writeError(response, e.status(), e.issueCode(), e.getMessage());
            return;
        }
        response.setStatus(202);
        response.setHeader("Content-Location", base + "/bulk/status/" + jobId);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        String body = fhir.newJsonParser().encodeResourceToString(OperationOutcomes.information(
                "export accepted; poll the Content-Location"));
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL parameters of a GET, or the values of a POST's Parameters body. */
    private Map<String, List<String>> parameters(RequestDetails request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if ("POST".equals(request.getRequestType().name())) {
            byte[] body = request.loadRequestContents();
            if (body != null && body.length > 0) {
                Parameters p;
                try {
                    p = fhir.newJsonParser().parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    throw new InvalidRequestException("GW-EXPORT-002: the body must be a FHIR Parameters resource",
                            OperationOutcomes.error("invalid", "GW-EXPORT-002: the body must be a FHIR Parameters "
                                    + "resource"));
                }
                for (Parameters.ParametersParameterComponent param : p.getParameter()) {
                    String value = param.getValue() instanceof Reference r ? r.getReference()
                            : param.getValue() == null ? null : param.getValue().primitiveValue();
                    if (value != null) {
                        out.computeIfAbsent(param.getName(), k -> new ArrayList<>()).add(value);
                    }
                }
                return out;
            }
        }
        request.getParameters().forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }
}

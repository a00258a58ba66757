package org.fhirgateway.server.rest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fhirgateway.server.auth.GatewayAuth;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.export.BulkExport;
import org.fhirgateway.server.export.ExportException;
import org.fhirgateway.server.store.StoreException;

/**
 * {@code /fhir/bulk/*} behind the auth filter: {@code GET status/[job]} (202 with {@code X-Progress} and
 * {@code Retry-After} while running, 200 with the manifest when complete), {@code DELETE status/[job]} (cancel, 202)
 * and {@code GET files/[job]/[file]} (the NDJSON). Only the client that started the job gets an answer about it:
 * another gets 403, a job or file that does not exist (cancelled, expired) 404, each with an OperationOutcome.
 */
final class BulkStatusServlet extends HttpServlet {

    static final String PATH = "/bulk";
    static final int RETRY_AFTER_SECONDS = 1;

    private final transient BulkExport export;

    BulkStatusServlet(BulkExport export) {
        this.export = export;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, false);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, true);
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, boolean delete) throws IOException {
        if (!(request.getAttribute(GatewayAuth.ACCESS_CONTEXT_ATTRIBUTE) instanceof AccessContext ctx)) {
            OperationOutcomes.writeError(response, 401, "login", "GW-AUTH-401: a bearer token is required");
            return;
        }
        String[] path = request.getPathInfo() == null ? new String[0] : request.getPathInfo().substring(1).split("/");
        try {
            if (path.length == 2 && "status".equals(path[0])) {
                if (delete) {
                    export.cancel(ctx, path[1]);
                    writeJson(response, 202, "application/fhir+json", information("export cancelled; its files "
                            + "were removed"));
                } else {
                    status(response, export.status(ctx, path[1]));
                }
            } else if (path.length == 3 && "files".equals(path[0]) && !delete) {
                download(response, export.file(ctx, path[1], path[2]));
            } else {
                OperationOutcomes.writeError(response, delete ? 405 : 404, "not-found",
                        "GW-EXPORT-013: no such export resource");
            }
        } catch (ExportException e) {
            OperationOutcomes.writeError(response, e.status(), e.issueCode(), e.getMessage());
        } catch (StoreException e) {
            OperationOutcomes.writeError(response, 503, "transient", e.code() + ": the export store is unavailable;"
                    + " retry later");
        }
    }

    private static void status(HttpServletResponse response, BulkExport.Status s) throws IOException {
        if (!s.complete()) {
            response.setHeader("X-Progress", s.progress());
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            response.setStatus(202);
            return;
        }
        if (s.failure() != null) {
            OperationOutcomes.writeError(response, 422, "processing", s.failure());
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        writeJson(response, 200, "application/json", s.manifestJson());
    }

    private static void download(HttpServletResponse response, Path file) throws IOException {
        response.setStatus(200);
        response.setContentType("application/fhir+ndjson");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLengthLong(Files.size(file));
        try (OutputStream out = response.getOutputStream()) {
            Files.copy(file, out);
        }
    }

    private static String information(String text) {
        return ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
                .encodeResourceToString(OperationOutcomes.information(text));
    }

    private static void writeJson(HttpServletResponse response, int status, String type, String json)
            throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}

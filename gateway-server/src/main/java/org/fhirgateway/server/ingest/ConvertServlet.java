package org.fhirgateway.server.ingest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingIssue;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.mappers.v2.V2Charsets;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code POST /fhir/$convert-hl7v2}: a dry run. The body is one v2 message; the answer is the transaction Bundle
 * the mappers make from it (200), with what was not mapped in the {@code X-Unmapped} headers, or an
 * OperationOutcome (422) with the mapper's stable code. Nothing is stored. Any authenticated caller.
 */
final class ConvertServlet extends HttpServlet {

    private final transient MessageMapper mapper;
    private final transient HttpReplies replies;
    private final int cap;

    ConvertServlet(MessageMapper mapper, HttpReplies replies, int cap) {
        this.mapper = mapper;
        this.replies = replies;
        this.cap = cap;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (replies.authorize(req, resp, ctx -> true).isEmpty()) {
            return;
        }
        byte[] body = replies.body(req, resp, cap);
        if (body == null) {
            return;
        }
        Charset fallback = req.getCharacterEncoding() != null ? Charset.forName(req.getCharacterEncoding())
                : StandardCharsets.UTF_8;
        try {
            MappingResult result = mapper.map(V2Charsets.decode(body, fallback));
            for (MappingIssue issue : result.issues()) {
                resp.addHeader("X-Unmapped", issue.toString().replaceAll("[\\r\\n]", " "));
            }
            replies.resource(resp, 200, result.bundle());
        } catch (MappingException e) {
            replies.outcome(resp, 422, OperationOutcome.IssueType.PROCESSING, "GW-INGEST-422: " + e.code() + ": " + e.getMessage());
        }
    }
}

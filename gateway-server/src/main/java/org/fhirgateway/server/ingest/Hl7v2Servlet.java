package org.fhirgateway.server.ingest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code POST /hl7v2}: one v2 message as the body ({@code application/hl7-v2} or {@code text/plain}), answered
 * with the ACK as the body (200), or 204 when MSH-15 asked for no acknowledgment. Same inbox, same guarantees
 * as MLLP. A charset parameter of the Content-Type is used when MSH-18 is empty.
 */
final class Hl7v2Servlet extends HttpServlet {

    private final transient IngestService ingest;
    private final transient HttpReplies replies;

    Hl7v2Servlet(IngestService ingest, HttpReplies replies) {
        this.ingest = ingest;
        this.replies = replies;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (replies.authorize(req, resp, Authenticator::canSend).isEmpty()) {
            return;
        }
        if (!HttpReplies.isV2ContentType(req.getContentType())) {
            replies.outcome(resp, 415, OperationOutcome.IssueType.NOTSUPPORTED,
                    "GW-INGEST-415: send the message as application/hl7-v2 or text/plain");
            return;
        }
        byte[] body = replies.body(req, resp, ingest.settings().maxMessageBytes());
        if (body == null) {
            return;
        }
        Charset fallback = req.getCharacterEncoding() != null ? Charset.forName(req.getCharacterEncoding()) : null;
        IngestService.Reply reply = ingest.receive(body, fallback);
        if (reply.ack() == null) {
            resp.setStatus(204);
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/hl7-v2;charset=" + reply.charset().name());
        resp.getOutputStream().write(reply.bytes());
    }
}

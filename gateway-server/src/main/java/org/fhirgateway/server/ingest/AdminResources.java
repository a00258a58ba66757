package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Inbox rows as FHIR: each row a Parameters resource; a page a searchset Bundle with a next link. */
final class AdminResources {

    private final FhirContext fhir;

    AdminResources(FhirContext fhir) {
        this.fhir = fhir;
    }

    Bundle page(InboxAdmin.Page page, HttpServletRequest req, InboxAdmin.Query query) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        String self = req.getRequestURL() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        bundle.addLink().setRelation("self").setUrl(self);
        if (page.next() != null) {
            String base = self.replaceAll("([?&])_cursor=[^&]*&?", "$1").replaceAll("[?&]$", "");
            bundle.addLink().setRelation("next").setUrl(base + (base.contains("?") ? "&" : "?") + "_cursor=" + page.next());
        }
        for (InboxAdmin.Summary row : page.rows()) {
            bundle.addEntry().setFullUrl("urn:fhirgateway:hl7v2-message:" + row.id()).setResource(summary(row));
        }
        return bundle;
    }

    Parameters detail(InboxAdmin.Detail detail) {
        Parameters p = summary(detail.summary());
        if (detail.textWithheld()) {
            p.addParameter("withheld", "GW-CONSENT-004: the message text and its bundle are withheld from this client"
                    + " (its patient is not known yet, or its release policy masks or de-identifies)");
        } else {
            p.addParameter("raw", detail.raw());
        }
        if (detail.acks().ack() != null) {
            p.addParameter("ack", detail.acks().ack());
        }
        if (detail.acks().applicationAck() != null) {
            p.addParameter("applicationAck", detail.acks().applicationAck());
        }
        if (detail.bundleJson() != null) {
            Resource bundle = (Resource) fhir.newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false)
                    .parseResource(detail.bundleJson()); // ids as mapped (Provenance keeps its own)
            p.addParameter().setName("bundle").setResource(bundle);
        }
        for (String touched : detail.touched()) {
            p.addParameter().setName("touched").setValue(new Reference(touched));
        }
        return p;
    }

    private static Parameters summary(InboxAdmin.Summary row) {
        Parameters p = new Parameters();
        p.addParameter("id", String.valueOf(row.id()));
        p.addParameter("status", row.displayStatus());
        if (row.heldBy() != null) {
            p.addParameter("heldBy", String.valueOf(row.heldBy()));
        }
        p.addParameter("sender", row.sender());
        p.addParameter("controlId", row.controlId());
        p.addParameter("messageType", row.messageType());
        p.addParameter().setName("receivedAt").setValue(time(row.receivedAt()));
        if (row.processedAt() != null) {
            p.addParameter().setName("processedAt").setValue(time(row.processedAt()));
        }
        if (row.errorCode() != null) {
            p.addParameter("errorCode", row.errorCode());
            p.addParameter("errorText", row.errorText() == null ? "" : row.errorText());
        }
        if (row.duplicateOf() != null) {
            p.addParameter("duplicateOf", String.valueOf(row.duplicateOf()));
        }
        if (row.releasedAt() != null) {
            p.addParameter("releasedBy", row.releasedBy() == null ? "" : row.releasedBy());
            p.addParameter().setName("releasedAt").setValue(time(row.releasedAt()));
        }
        return p;
    }

    private static DateTimeType time(java.time.OffsetDateTime t) {
        DateTimeType value = new DateTimeType(Date.from(t.toInstant()));
        value.setTimeZoneZulu(true);
        return value;
    }
}

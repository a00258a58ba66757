package org.fhirgateway.server.subscription;

import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The body of one notification, in the style of the R4 Subscriptions Backport: a {@code history} Bundle whose first
 * entry is the subscription status (a Parameters) with one {@code notification-event}; then, for an id-only payload,
 * an entry with the resource's {@code fullUrl} only, and for a full payload the released resource itself. An empty
 * payload carries only the status (no focus: not even the id leaves).
 */
final class NotificationBundle {

    static final String NOTIFICATION_PROFILE =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4";
    static final String STATUS_PROFILE =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";

    private NotificationBundle() {}

    /**
     * @param subscription the Subscription's id
     * @param eventNumber this notification's number
     * @param committedAt when the write committed (epoch milliseconds)
     * @param released the resource as released to the owner (its id a pseudonym for a de-identified owner), or
     *     null for an empty payload
     * @param payload how much of it goes
     */
    static Bundle of(String subscription, long eventNumber, long committedAt, Resource released,
            SubscriptionSpec.Payload payload) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().addProfile(NOTIFICATION_PROFILE);
        bundle.setTimestamp(new Date());
        Parameters status = new Parameters();
        status.setId(UUID.randomUUID().toString());
        status.getMeta().addProfile(STATUS_PROFILE);
        status.addParameter().setName("subscription").setValue(new Reference("Subscription/" + subscription));
        status.addParameter().setName("status").setValue(new CodeType("active"));
        status.addParameter().setName("type").setValue(new CodeType("event-notification"));
        Parameters.ParametersParameterComponent event = status.addParameter().setName("notification-event");
        event.addPart().setName("event-number").setValue(new StringType(Long.toString(eventNumber)));
        event.addPart().setName("timestamp").setValue(new InstantType(new Date(committedAt)));
        String ref = released == null ? null : released.fhirType() + "/" + released.getIdElement().getIdPart();
        if (ref != null && payload != SubscriptionSpec.Payload.EMPTY) {
            event.addPart().setName("focus").setValue(new Reference(ref));
        }
        Bundle.BundleEntryComponent first = bundle.addEntry().setFullUrl("urn:uuid:" + status.getId()).setResource(status);
        first.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Subscription/" + subscription + "/$status");
        first.getResponse().setStatus("200");
        if (ref != null && payload != SubscriptionSpec.Payload.EMPTY) {
            Bundle.BundleEntryComponent focus = bundle.addEntry().setFullUrl(ref);
            String version = released.getMeta().getVersionId();
            boolean created = "1".equals(version);
            focus.getRequest().setMethod(created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(created ? released.fhirType() : ref);
            focus.getResponse().setStatus(created ? "201" : "200");
            if (payload == SubscriptionSpec.Payload.FULL) {
                focus.setResource(released);
            }
        }
        return bundle;
    }
}

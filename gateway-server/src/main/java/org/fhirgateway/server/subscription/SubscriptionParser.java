package org.fhirgateway.server.subscription;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Checks a Subscription a client sends and turns it into the {@link SubscriptionSpec} the gateway serves: criteria
 * that parse as a search of a supported type the client may read, a rest-hook channel to an http(s) endpoint,
 * {@code Name: value} headers and a payload the gateway can send. Anything else is {@link StoreError#INVALID_SUBSCRIPTION}.
 */
final class SubscriptionParser {

    static final String PAYLOAD_CONTENT =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";
    private static final int MAX_HEADERS = 20;

    private final FhirSearch search;
    private final List<String> types;

    SubscriptionParser(FhirSearch search, List<String> types) {
        this.search = search;
        this.types = List.copyOf(types);
    }

    SubscriptionSpec parse(AccessContext owner, Subscription s, String id) {
        String status = status(s);
        String criteria = s.getCriteria();
        if (criteria == null || criteria.isBlank()) {
            throw invalid("Subscription.criteria is required: a search such as Condition?code=...");
        }
        int q = criteria.indexOf('?');
        String type = q < 0 ? criteria.trim() : criteria.substring(0, q).trim();
        String query = q < 0 ? "" : criteria.substring(q + 1);
        if (!types.contains(type)) {
            throw invalid("Subscription.criteria must search one of " + types + ", not '" + type + "'");
        }
        if (query.contains("_include") || query.contains("_revinclude") || query.contains("_has")) {
            throw invalid("Subscription.criteria may not use _include, _revinclude or _has");
        }
        // parsed, planned and checked against the owner's access exactly as its search would be; nothing is read
        search.search(owner, SearchRequest.of(type, query.isEmpty() ? "_count=0" : query + "&_count=0"));
        Subscription.SubscriptionChannelComponent channel = s.getChannel();
        if (channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
            throw invalid("Subscription.channel.type must be rest-hook");
        }
        String endpoint = endpoint(channel.getEndpoint());
        List<String> headers = new ArrayList<>();
        for (StringType h : channel.getHeader()) {
            String value = h.getValue();
            if (value == null || !value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+:[^\\r\\n]*") || headers.size() >= MAX_HEADERS) {
                throw invalid("Subscription.channel.header must be at most " + MAX_HEADERS + " 'Name: value' lines");
            }
            headers.add(value);
        }
        return new SubscriptionSpec(id, type, query, status, owner.clientName(), owner.purposeOfUse(), endpoint,
                headers, payload(channel));
    }

    private static String status(Subscription s) {
        Subscription.SubscriptionStatus status = s.getStatus();
        if (status == Subscription.SubscriptionStatus.REQUESTED || status == Subscription.SubscriptionStatus.ACTIVE) {
            return SubscriptionSpec.ACTIVE;
        }
        if (status == Subscription.SubscriptionStatus.OFF) {
            return SubscriptionSpec.OFF;
        }
        throw invalid("Subscription.status must be requested, active or off");
    }

    private static String endpoint(String value) {
        try {
            URI uri = value == null ? null : new URI(value);
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null) {
                return uri.toString();
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw invalid("Subscription.channel.endpoint must be an http or https URL");
    }

    private static SubscriptionSpec.Payload payload(Subscription.SubscriptionChannelComponent channel) {
        if (!channel.hasPayload()) {
            return SubscriptionSpec.Payload.EMPTY;
        }
        String mime = channel.getPayload();
        if (!"application/fhir+json".equals(mime) && !"application/json".equals(mime)) {
            throw invalid("Subscription.channel.payload must be application/fhir+json or absent");
        }
        Extension content = channel.getPayloadElement().getExtensionByUrl(PAYLOAD_CONTENT);
        if (content == null) {
            return SubscriptionSpec.Payload.FULL;
        }
        String code = content.getValue() == null ? null : content.getValue().primitiveValue();
        for (SubscriptionSpec.Payload p : SubscriptionSpec.Payload.values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        throw invalid("the payload-content extension must be full-resource, id-only or empty");
    }

    private static StoreException invalid(String message) {
        return new StoreException(StoreError.INVALID_SUBSCRIPTION, message);
    }
}

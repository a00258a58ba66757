package org.fhirgateway.server.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.store.TokenSigner;

/**
 * What a page token carries: the query (or $everything request) and the keyset position. Serialised as JSON and
 * signed ({@link TokenSigner}), so clients cannot forge positions or queries.
 */
record PageState(String kind, String type, Map<String, List<String>> params, String handling, boolean backward,
        List<String> values, long pk, int count, Long total, String totalView) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PageState of(String kind, QueryModel m, Position p, boolean backward) {
        return of(kind, m, p, backward, null, null);
    }

    /**
     * @param total the total counted for the first page, carried so later pages need not count again, or null
     * @param totalView who it was counted for ({@link #viewOf}): another client may see fewer matches
     */
    static PageState of(String kind, QueryModel m, Position p, boolean backward, Long total, String totalView) {
        List<String> tagged = new ArrayList<>();
        for (Object v : p.values()) {
            tagged.add(tag(v));
        }
        return new PageState(kind, m.resourceType(), m.parameters(), m.handling().name(), backward, tagged, p.pk(),
                m.options().count(), total, totalView);
    }

    /** The consent view a total was counted in: the client, its purpose of use and its release policy. */
    static String viewOf(AccessContext ctx) {
        return ctx.clientName() + "|" + ctx.purposeOfUse() + "|" + ctx.policy().name();
    }

    /** The carried total, if it was counted in the same consent view. */
    OptionalLong totalFor(AccessContext ctx) {
        return total != null && viewOf(ctx).equals(totalView) ? OptionalLong.of(total) : OptionalLong.empty();
    }

    Position position() {
        List<Object> untagged = new ArrayList<>();
        for (String v : values) {
            untagged.add(untag(v));
        }
        return new Position(untagged, pk);
    }

    String sign(TokenSigner signer) {
        try {
            return signer.sign(JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("page state not serialisable", e);
        }
    }

    static PageState verify(TokenSigner signer, String token) {
        String payload = signer.verify(token);
        try {
            return JSON.readValue(payload, PageState.class);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "not a search page token");
        }
    }

    private static String tag(Object v) {
        if (v == null) {
            return "N";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "L" + v;
        }
        if (v instanceof BigDecimal d) {
            return "D" + d.toPlainString();
        }
        return "S" + v;
    }

    private static Object untag(String v) {
        return switch (v.charAt(0)) {
            case 'N' -> null;
            case 'L' -> Long.parseLong(v.substring(1));
            case 'D' -> new BigDecimal(v.substring(1));
            default -> v.substring(1);
        };
    }
}

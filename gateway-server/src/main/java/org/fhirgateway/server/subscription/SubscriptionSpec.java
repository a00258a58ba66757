package org.fhirgateway.server.subscription;

import java.util.List;

/**
 * A Subscription as the gateway serves it: the row of {@code subscription} (V75).
 *
 * @param id the Subscription's id
 * @param criteriaType the resource type its criteria search
 * @param criteria the search query, without the type ({@code code:below=...|C})
 * @param status {@code active}, {@code off} or {@code error}
 * @param owner the client that created it
 * @param ownerPurpose that client's purpose of use when it created it
 * @param endpoint the rest-hook URL (http or https)
 * @param headers {@code Name: value} headers sent with each notification
 * @param payload what a notification carries
 */
record SubscriptionSpec(String id, String criteriaType, String criteria, String status, String owner,
        String ownerPurpose, String endpoint, List<String> headers, Payload payload) {

    static final String ACTIVE = "active";
    static final String OFF = "off";
    static final String ERROR = "error";

    SubscriptionSpec {
        headers = List.copyOf(headers);
    }

    /** The notification's content: the resource, its id only, or nothing but the notice. */
    enum Payload {
        FULL("full-resource"), ID_ONLY("id-only"), EMPTY("empty");

        final String code;

        Payload(String code) {
            this.code = code;
        }

        static Payload of(String code) {
            for (Payload p : values()) {
                if (p.code.equals(code)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown payload " + code);
        }
    }
}

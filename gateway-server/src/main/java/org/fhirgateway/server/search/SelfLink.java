package org.fhirgateway.server.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The normalised query string of a search (for the Bundle's self link). */
final class SelfLink {

    private SelfLink() {
    }

    static String query(Map<String, List<String>> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, values) -> values.forEach(v -> joiner.add(encode(k) + "=" + encode(v))));
        return joiner.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%3A", ":").replace("%7C", "|")
                .replace("%2C", ",");
    }
}

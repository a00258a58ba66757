package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.DisclosureLog;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.IdType;

/**
 * A de-identified client knows resources only by the pseudonyms it was given: this turns them back into real ids
 * on the way in (the instance in the path, {@code _id}, {@code patient}, and references written
 * {@code Type/pseudonym}). A pseudonym it was never given matches nothing. It also refuses what would let such a
 * client identify someone by asking: a search by name, identifier, telecom, address or birth date, or by any date
 * finer than a year (GW-CONSENT-002).
 */
final class PseudonymousRequests {

    /** Parameters whose values are the identifiers Safe Harbor removes. */
    private static final Set<String> IDENTIFYING = Set.of("name", "family", "given", "phonetic", "identifier",
            "telecom", "phone", "email", "address", "address-city", "address-postalcode", "address-country",
            "address-state", "address-use", "birthdate", "death-date", "_text", "_content", "text", "_filter",
            "_list", "_query");
    private static final Pattern REFERENCE = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");
    /** A date with at least a month: finer than the year Safe Harbor leaves. */
    private static final Pattern FINE_DATE = Pattern.compile("\\d{4}-\\d{2}");
    /** Matches nothing: what a pseudonym the client was never given becomes. */
    private static final String UNKNOWN = "unknown-pseudonym";

    private final DisclosureLog log;

    PseudonymousRequests(DisclosureLog log) {
        this.log = log;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean incoming(RequestDetails request) {
        AccessContext ctx = RequestAccess.find(request).orElse(null);
        if (ctx == null || !ctx.policy().deidentify()) {
            return true;
        }
        org.hl7.fhir.instance.model.api.IIdType id = request.getId();
        if (id != null && id.hasIdPart() && request.getResourceName() != null) {
            String real = real(ctx, request.getResourceName(), id.getIdPart());
            request.setId(new IdType(request.getResourceName(), real, id.getVersionIdPart()));
        }
        Map<String, String[]> params = request.getParameters();
        if (params == null || params.isEmpty()) {
            return true;
        }
        Map<String, String[]> translated = new HashMap<>();
        for (Map.Entry<String, String[]> e : params.entrySet()) {
            refuseIdentifying(e.getKey(), e.getValue());
            String[] values = new String[e.getValue().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = translate(ctx, request.getResourceName(), e.getKey(), e.getValue()[i]);
            }
            translated.put(e.getKey(), values);
        }
        request.setParameters(translated);
        return true;
    }

    private static void refuseIdentifying(String key, String[] values) {
        for (String part : key.split("[.:]")) {
            if (IDENTIFYING.contains(part)) {
                throw new StoreException(StoreError.IDENTIFYING_SEARCH,
                        "a de-identified client may not search by " + part);
            }
        }
        for (String value : values) {
            if (!key.startsWith("_page") && FINE_DATE.matcher(value).find()) {
                throw new StoreException(StoreError.IDENTIFYING_SEARCH,
                        "a de-identified client may search dates by year only");
            }
        }
    }

    private String translate(AccessContext ctx, String type, String key, String value) {
        String base = key.split(":", 2)[0];
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            Matcher ref = REFERENCE.matcher(parts[i]);
            if (ref.matches()) {
                parts[i] = ref.group(1) + "/" + real(ctx, ref.group(1), ref.group(2));
            } else if ("_id".equals(base) && type != null && !parts[i].isEmpty()) {
                parts[i] = real(ctx, type, parts[i]);
            } else if ("patient".equals(base) && !parts[i].isEmpty()) {
                parts[i] = real(ctx, "Patient", parts[i]);
            }
        }
        return String.join(",", parts);
    }

    private String real(AccessContext ctx, String type, String pseudo) {
        return log.realId(ctx.clientName(), type, pseudo).orElse(UNKNOWN);
    }
}

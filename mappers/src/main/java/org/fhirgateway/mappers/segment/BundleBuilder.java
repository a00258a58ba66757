package org.fhirgateway.mappers.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.mappers.datatype.Uris;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The entries of one transaction Bundle, in the order they were added. Every entry is either a conditional
 * {@code PUT Type?identifier=system|value} on its business (or gateway) identifier, or a {@code PUT Type/id}
 * with a deterministic id; every fullUrl is a name-based {@code urn:uuid:} of the message scope and the key,
 * so the same message always gives the same bundle. A resource added twice under one key is kept once.
 */
public final class BundleBuilder {

    private final String scope;
    private final Map<String, BundleEntryComponent> entries = new LinkedHashMap<>();

    /** @param scope what makes fullUrls unique to this message, e.g. sending facility and control id */
    public BundleBuilder(String scope) {
        this.scope = scope;
    }

    /** The reference an upsert under this key gives (whether or not it was added yet). */
    public Reference referenceTo(String type, Identifier key) {
        return new Reference(fullUrl(type, key.getSystem() + "|" + key.getValue()));
    }

    public boolean contains(String type, Identifier key) {
        return entries.containsKey(type + "|" + key.getSystem() + "|" + key.getValue());
    }

    /** Adds {@code resource} as a conditional PUT on {@code key}; the first resource under a key wins. */
    public Reference upsert(Resource resource, Identifier key) {
        String type = resource.fhirType();
        String mapKey = type + "|" + key.getSystem() + "|" + key.getValue();
        BundleEntryComponent existing = entries.get(mapKey);
        if (existing != null) {
            return new Reference(existing.getFullUrl());
        }
        BundleEntryComponent entry = new BundleEntryComponent();
        entry.setFullUrl(fullUrl(type, key.getSystem() + "|" + key.getValue()));
        entry.setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(conditionalUrl(type, key));
        entries.put(mapKey, entry);
        return new Reference(entry.getFullUrl());
    }

    /** Adds {@code resource} as {@code PUT Type/id}, where {@code id} is already deterministic. */
    public Reference putById(Resource resource, String id) {
        String type = resource.fhirType();
        resource.setId(id);
        BundleEntryComponent entry = new BundleEntryComponent();
        entry.setFullUrl("urn:uuid:" + id);
        entry.setResource(resource);
        entry.getRequest().setMethod(HTTPVerb.PUT).setUrl(type + "/" + id);
        entries.put(type + "/" + id, entry);
        return new Reference(entry.getFullUrl());
    }

    /** The fullUrls of every entry so far (for Provenance.target). */
    public List<String> fullUrls() {
        List<String> urls = new ArrayList<>(entries.size());
        for (BundleEntryComponent entry : entries.values()) {
            urls.add(entry.getFullUrl());
        }
        return urls;
    }

    /** Moves the entries into {@code bundle}, each resource declaring its gateway profile. */
    public void into(Bundle bundle) {
        for (BundleEntryComponent entry : entries.values()) {
            Profiles.declare(entry.getResource());
            bundle.addEntry(entry);
        }
    }

    public String scope() {
        return scope;
    }

    private String fullUrl(String type, String key) {
        return "urn:uuid:" + Uris.uuid(scope + "|" + type + "|" + key);
    }

    /** {@code Type?identifier=system|value}, with FHIR search escapes and URL encoding of each part. */
    public static String conditionalUrl(String type, Identifier key) {
        // both parts are percent-encoded (':' and '/' kept), also a '%' already in a system URI: the server
        // URL-decodes the parameter and must get the system back exactly as stored
        return type + "?identifier=" + Uris.encodeQuery(searchEscape(key.getSystem())) + "|"
                + Uris.encodeQuery(searchEscape(key.getValue()));
    }

    private static String searchEscape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf('|') < 0 && text.indexOf(',') < 0 && text.indexOf('$') < 0) {
            return text;
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$");
    }
}

package org.fhirgateway.mappers;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.formats.IParser.OutputStyle;
import org.hl7.fhir.r4.formats.JsonParser;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Serialises a mapped Bundle to FHIR JSON with the R4 reference implementation's generated serializer
 * ({@code org.hl7.fhir.r4.formats.JsonParser}, shipped in hapi-fhir-structures-r4): no reflection, about
 * twice as fast as HAPI's {@code IParser}, and it keeps every resource id as set. HAPI's parser replaces a
 * resource's id with its entry's fullUrl and so drops the id of {@code PUT Provenance/{id}} (a urn:uuid
 * fullUrl), and it also writes those ids into the objects it encodes; use this class, or HAPI with
 * {@code setOverrideResourceIdWithBundleEntryFullUrl(false)}.
 * Compact output goes straight into a StringBuilder ({@link JsonText}). Deterministic; thread-safe (a parser
 * per call, it is cheap).
 */
public final class BundleJson {

    private BundleJson() {
    }

    /** Compact JSON. */
    public static String toJson(Bundle bundle) {
        StringBuilder out = new StringBuilder(32768);
        JsonText writer = new JsonText(out);
        try {
            writer.beginObject();
            new JsonParser().compose(writer, bundle);
            writer.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the bundle", e);
        }
        return out.toString();
    }

    /** Indented JSON, for people. */
    public static String toPrettyJson(Bundle bundle) {
        return compose(bundle, OutputStyle.PRETTY);
    }

    private static String compose(Bundle bundle, OutputStyle style) {
        JsonParser parser = new JsonParser();
        parser.setOutputStyle(style);
        try {
            return parser.composeString(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the bundle", e);
        }
    }
}

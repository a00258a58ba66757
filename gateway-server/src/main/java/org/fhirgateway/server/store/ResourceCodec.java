package org.fhirgateway.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

/** JSON (de)serialisation, gzip compression and the content hash that lets a no-op write be skipped. */
final class ResourceCodec {

    private final FhirContext fhir;

    ResourceCodec(FhirContext fhir) {
        this.fhir = fhir;
    }

    byte[] compress(Resource resource) {
        byte[] json = fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 64);
        try (GZIPOutputStream gz = new FastGzip(out)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Resource decompress(byte[] content) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(content))) {
            String json = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            return (Resource) fhir.newJsonParser().parseResource(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SHA-256 of the JSON without meta.versionId and meta.lastUpdated. Clears those two fields of {@code resource}
     * in place (no deep copy): pass a copy the caller owns.
     */
    String contentHashClearingVersion(Resource resource) {
        Meta meta = resource.getMeta();
        meta.setVersionId(null);
        meta.setLastUpdated(null);
        String json = fhir.newJsonParser().encodeResourceToString(resource);
        return HexFormat.of().formatHex(IndexHash.sha256().digest(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** gzip at the fastest level: about a third of the CPU of the default level for a few percent more bytes. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out, 4096);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }
}

package org.fhirgateway.server.ingest;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MessageMapper;

/**
 * Property-based fuzzing of what reads v2 bytes before anything is stored (jqwik): the MLLP frame scanner, the header
 * reader and the mapper's tokenizer. Each ends in a result or its own refusal (MappingException), never another
 * exception (the sender would get no ACK, or the HTTP endpoint a 500). Tries: junit-platform.properties.
 */
class V2InputFuzzTest {

    private static final MessageMapper MAPPER = new MessageMapper(MapperConfig.defaults());

    @Property
    void theHeaderReaderReadsOrRefuses(@ForAll("messages") String message) {
        try {
            V2HeaderReader.read(message);
        } catch (MappingException expected) {
            // refused with a code: the sender gets AR
        }
    }

    @Property
    void theMapperMapsOrRefuses(@ForAll("messages") String message) {
        try {
            MAPPER.map(message);
        } catch (MappingException expected) {
            // refused with a code, segment and field
        }
    }

    @Property
    void theFrameScannerNeverThrows(@ForAll("messages") String message, @ForAll("framing") String before) {
        byte[] bytes = (before + message + (message.length() % 2 == 0 ? "\u001c\r" : "")).getBytes(
                StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < bytes.length) {
            MllpFrames.Scan scan = MllpFrames.scan(bytes, pos, bytes.length, 1 << 16);
            if (scan.consumed() <= 0) {
                break;
            }
            pos += scan.consumed();
        }
    }

    @Provide
    Arbitrary<String> framing() {
        return Arbitraries.of("", "\u000b", "\u000b\u000b", "\u001c\r", "junk");
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.strings().withChars("^~\\&|#ABC019 .-+:\u00e9")
                .ofMaxLength(20), Arbitraries.of("", "ADT^A01^ADT_A01", "ORU^R01", "ADT^A40", "2.5.1", "2.3", "P",
                "AL", "NE", "20240101120000+0000", "UNICODE UTF-8", "8859/1", "NM", "SN", "1e9999999", "DOE^JOHN",
                "P1^^^MRN^MR", "W1^101^A", "\\X0D\\", "\\E\\"));
        Arbitrary<String> segment = Combinators.combine(Arbitraries.of("MSH", "EVN", "PID", "PV1", "OBX", "OBR", "NK1",
                "MRG", "DG1", "ZZZ", "MS", ""), field.list().ofMaxSize(25))
                .as((name, fields) -> name + "|" + String.join("|", fields));
        Arbitrary<String> header = Combinators.combine(field, field, field, Arbitraries.of("ADT^A01^ADT_A01",
                "ORU^R01^ORU_R01", "ADT^A08", "ADT^A40^ADT_A39", "ZZZ^Z01"), field, Arbitraries.of("2.3", "2.5.1", "2.8", "9"))
                .as((app, facility, when, type, id, version) -> "MSH|^~\\&|" + app + "|" + facility + "|GW|GW|" + when
                        + "||" + type + "|" + id + "|P|" + version);
        Arbitrary<String> separator = Arbitraries.of("\r", "\n", "\r\n");
        return Combinators.combine(Arbitraries.oneOf(header, field), segment.list().ofMaxSize(8), separator)
                .as((h, segments, sep) -> h + sep + String.join(sep, segments));
    }
}

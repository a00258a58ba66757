package org.fhirgateway.mappers.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class V2CharsetsTest {

    private static String msh(String msh18) {
        return "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5|||||" + "|" + msh18 + "|\rPID|1||1^^^H||Müller^Jürgen";
    }

    @Test
    void readsMsh18() {
        assertEquals(StandardCharsets.ISO_8859_1, V2Charsets.declared(msh("8859/1").getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(StandardCharsets.UTF_8, V2Charsets.declared(msh("UNICODE UTF-8").getBytes(StandardCharsets.UTF_8)));
        assertEquals(StandardCharsets.US_ASCII, V2Charsets.declared(msh("ASCII").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void noMsh18MeansNoDeclaration() {
        assertNull(V2Charsets.declared("MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\r".getBytes(StandardCharsets.US_ASCII)));
        assertNull(V2Charsets.declared("not a message".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void msh18AsLastFieldOfTheSegment() {
        String text = "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5||||||8859/1\rPID|1";
        assertEquals(StandardCharsets.ISO_8859_1, V2Charsets.declared(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesLatin1DeclaredMessageCorrectly() {
        byte[] raw = msh("8859/1").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(msh("8859/1"), V2Charsets.decode(raw, StandardCharsets.UTF_8));
    }

    @Test
    void decodesUtf8ByDefault() {
        String text = "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\rPID|1||1^^^H||Müller";
        assertEquals(text, V2Charsets.decode(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void invalidBytesForTheDefaultFallBackToLatin1InsteadOfReplacementCharacters() {
        String text = "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\rPID|1||1^^^H||Müller";
        String decoded = V2Charsets.decode(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertEquals(text, decoded);
    }

    @Test
    void unknownCharsetNameIsNotGuessed() {
        assertNull(V2Charsets.forTable0211("ISO IR87"));
        assertEquals(Charset.forName("ISO-8859-15"), V2Charsets.forTable0211("8859/15"));
    }
}

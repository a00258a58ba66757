package org.fhirgateway.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import org.fhirgateway.server.store.DecimalBounds;

/**
 * Finds a JSON number out of range before HAPI parses the body: HAPI turns the nine characters {@code 1e9999999}
 * into a ten-million-digit plain string and parses that back (minutes of CPU on the request thread). One streaming
 * pass over the tokens, reading each number's text as written (Jackson itself caps a number's length); a body
 * that is not valid JSON is left to HAPI to refuse.
 */
final class JsonNumbers {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonNumbers() {
    }

    /** Whether {@code body} is JSON with a number beyond {@link DecimalBounds#inRange}. */
    static boolean outOfRange(byte[] body) {
        if (!startsLikeJson(body)) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    if (!DecimalBounds.inRange(new BigDecimal(parser.getText()))) {
                        return true;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false; // not JSON, or a number Jackson refuses itself: HAPI answers that with its own 400
        }
        return false;
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (b == '{' || b == '[') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }
}

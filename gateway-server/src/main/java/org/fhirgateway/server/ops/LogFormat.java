package org.fhirgateway.server.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format text|json} ({@code GATEWAY_LOG_FORMAT}, {@code logFormat}). {@code json} swaps the encoder
 * of the shipped stderr appender for logback's own {@link JsonEncoder} (logback 1.3.8+, no further dependency):
 * one JSON object per line with timestamp, level, logger, thread, message and the MDC ({@code requestId}).
 * Chosen over logstash-logback-encoder because it ships with the logback already on the classpath and its
 * output is stable and documented; its field names are listed in docs/operations.md.
 */
public final class LogFormat {

    public static final String TEXT = "text";
    public static final String JSON = "json";

    private LogFormat() {
    }

    /** @throws IllegalArgumentException for a format other than text or json */
    public static String parse(String value) {
        String format = value == null ? TEXT : value.trim().toLowerCase(Locale.ROOT);
        if (!TEXT.equals(format) && !JSON.equals(format)) {
            throw new IllegalArgumentException("logFormat must be text or json, not '" + value + "'");
        }
        return format;
    }

    /** The shipped logback.xml's pattern, for {@code text}. */
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n";

    /** Applies {@code format} to the console appenders of the root logger. */
    public static void apply(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                Encoder<ILoggingEvent> encoder = JSON.equals(format) ? json(context) : text(context);
                console.stop();
                console.setEncoder(encoder);
                console.start();
            }
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}

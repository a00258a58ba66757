package org.fhirgateway.server.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backlog gauges read from the inbox with one query on its {@code (status, lane, id)} index, cached for
 * {@link #FRESH_FOR} so a scrape every second costs one query every few: received-not-applied, failed, held (received
 * behind a failed row of its lane) and the age of the oldest received row (the apply lag). A failed query keeps
 * the last values and counts in {@code gateway_inbox_backlog_errors}.
 */
final class InboxBacklog {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(InboxBacklog.class);
    private static final String QUERY = "SELECT"
            + " count(*) FILTER (WHERE i.status = 'received'),"
            + " count(*) FILTER (WHERE i.status = 'failed'),"
            + " count(*) FILTER (WHERE i.status = 'received' AND EXISTS (SELECT 1 FROM inbox f"
            + "   WHERE f.status = 'failed' AND f.lane = i.lane AND f.id < i.id)),"
            + " min(i.received_at) FILTER (WHERE i.status = 'received')"
            + " FROM inbox i WHERE i.status IN ('received', 'failed')";

    private record Counts(long received, long failed, long held, Instant oldestReceived, Instant readAt) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private volatile Counts last = new Counts(0, 0, 0, null, Instant.EPOCH);
    private volatile long errors;

    InboxBacklog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        Gauge.builder("gateway.inbox.received", this, b -> b.counts().received())
                .description("messages received and not yet applied").register(registry);
        Gauge.builder("gateway.inbox.failed", this, b -> b.counts().failed())
                .description("failed messages waiting for replay or skip").register(registry);
        Gauge.builder("gateway.inbox.held", this, b -> b.counts().held())
                .description("received messages held behind a failed one of their patient").register(registry);
        Gauge.builder("gateway.inbox.oldest.received.age", this, InboxBacklog::oldestAgeSeconds).baseUnit("seconds")
                .description("age of the oldest message not yet applied (apply lag)").register(registry);
        Gauge.builder("gateway.inbox.backlog.errors", this, b -> b.errors)
                .description("backlog queries that failed").register(registry);
    }

    private double oldestAgeSeconds() {
        Instant oldest = counts().oldestReceived();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private Counts counts() {
        Counts now = last;
        if (now.readAt().plus(FRESH_FOR).isAfter(clock.instant())) {
            return now;
        }
        synchronized (this) {
            if (last.readAt().plus(FRESH_FOR).isAfter(clock.instant())) {
                return last;
            }
            try {
                last = read();
            } catch (SQLException e) {
                errors++;
                LOG.warn("inbox backlog not read: SQL state {}", e.getSQLState());
                last = new Counts(last.received(), last.failed(), last.held(), last.oldestReceived(), clock.instant());
            }
            return last;
        }
    }

    private Counts read() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet rs = s.executeQuery(QUERY)) {
                rs.next();
                java.sql.Timestamp oldest = rs.getTimestamp(4);
                return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        oldest == null ? null : oldest.toInstant(), clock.instant());
            }
        }
    }
}

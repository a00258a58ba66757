package org.fhirgateway.server.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.fhirgateway.mappers.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does once, before the listeners open, what the first message would otherwise pay for: loading the HAPI v2 parser
 * and model classes, the mapper's terminology tables, the FHIR context's element definitions, and preparing the
 * store's first statements (conditional matches, inserts, index rows). Two synthetic messages (ADT^A01, ORU^R01, no
 * real patient) are mapped and applied in a transaction that is rolled back, so nothing is stored. A failure is
 * logged and never stops the gateway from starting.
 */
public final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    static final String ADMIT = "MSH|^~\\&|WARMUP|WARMUP|GW|GW|20240101120000||ADT^A01^ADT_A01|WARM-A01|P|2.5.1\r"
            + "EVN|A01|20240101120000\r"
            + "PID|1||WARM0001^^^WARMUP^MR||WARMUP^TEST||19700101|U|||1 MAIN ST^^TOWN^ST^00000||555-0100\r"
            + "NK1|1|WARMUP^KIN|SPO\r"
            + "PV1|1|I|W1^101^A||||1^WARM^DOC|||MED||||||||V-WARM0001|||||||||||||||||||||||||20240101120000\r"
            + "DG1|1||I10^Essential hypertension^I10\r";
    static final String RESULT = "MSH|^~\\&|WARMUP|WARMUP|GW|GW|20240101120000||ORU^R01^ORU_R01|WARM-R01|P|2.5.1\r"
            + "PID|1||WARM0001^^^WARMUP^MR||WARMUP^TEST||19700101|U\r"
            + "OBR|1|WARM-ORD|WARM-FIL|8867-4^Heart rate^LN|||20240101120000\r"
            + "OBX|1|NM|8867-4^Heart rate^LN||72|/min|60-100|N|||F|||20240101120000\r";

    private Warmup() {
    }

    /** @return how long it took (logged) */
    public static Duration run(DataSource dataSource, MessageApplier applier, IngestService service) {
        long started = System.nanoTime();
        for (String message : new String[] {ADMIT, RESULT}) {
            try {
                service.refuse(V2HeaderReader.read(message), IngestError.of("WARMUP", "warm-up"), StandardCharsets.UTF_8);
                applyAndRollBack(dataSource, applier, message);
            } catch (MappingException | SQLException | MessageApplier.Failed | RuntimeException e) {
                LOG.warn("warm-up: {} (the first message may be slower)", e.getClass().getSimpleName());
            }
        }
        try {
            new InboxAdmin(dataSource).list(new InboxAdmin.Query(null, null, null, null, null, null, 1, false));
        } catch (SQLException e) {
            LOG.warn("warm-up: inbox query failed (SQLState {})", e.getSQLState());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("warm-up done in {} ms", took.toMillis());
        return took;
    }

    private static void applyAndRollBack(DataSource dataSource, MessageApplier applier, String message)
            throws SQLException, MappingException, MessageApplier.Failed {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                MessageApplier.Applied applied = applier.apply(c, new InboxMessage(0, "warmup", null,
                        message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, AckMode.ORIGINAL));
                c.rollback();
                applied.ending().ended(false);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}

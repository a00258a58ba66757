package org.fhirgateway.server.app;

import org.fhirgateway.server.store.backup.BackupException;
import org.fhirgateway.server.store.postgres.EmbeddedPostgresException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure path of {@code backup} and {@code restore}: exit status 1 and one line on stderr,
 * {@code <command>: <what went wrong>}, never a stack trace or row values.
 */
final class CommandFailures {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFailures.class);

    interface Work {
        void run() throws Exception;
    }

    private CommandFailures() {
    }

    static int run(String command, Work work) {
        try {
            work.run();
            return 0;
        } catch (BackupException | EmbeddedPostgresException e) {
            System.err.println(command + ": " + oneLine(e.getMessage()));
        } catch (org.flywaydb.core.api.FlywayException e) {
            System.err.println(command + ": the schema migration failed: " + oneLine(e.getMessage()));
        } catch (Exception e) {
            LOG.debug("{} failed", command, e);
            System.err.println(command + ": " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        }
        return 1;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("").strip();
    }
}

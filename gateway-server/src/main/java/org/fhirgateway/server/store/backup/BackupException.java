package org.fhirgateway.server.store.backup;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A backup or restore that failed, with a one-line message an operator can act on. It never carries row values:
 * of a PostgreSQL error only the primary message and the SQLSTATE are kept (the DETAIL line of a violated key, for
 * one, would hold patient data).
 */
public final class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code what: <primary message> (SQLSTATE xxxxx)}. */
    static BackupException of(String what, SQLException e) {
        return new BackupException(what + ": " + describe(e), e);
    }

    static String describe(SQLException e) {
        String text = e.getMessage();
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage server = p.getServerErrorMessage();
            text = server.getMessage();
        }
        text = text == null ? e.getClass().getSimpleName() : text.lines().findFirst().orElse("").strip();
        return e.getSQLState() == null ? text : text + " (SQLSTATE " + e.getSQLState() + ")";
    }
}

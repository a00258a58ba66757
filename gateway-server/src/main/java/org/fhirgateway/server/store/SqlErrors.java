package org.fhirgateway.server.store;

import java.sql.SQLException;

/** What a PostgreSQL error means to a caller that may retry: a unique-key race, or a conflict worth another try. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** True when the exception is a unique-key violation (SQLState 23505), anywhere in its chain. */
    public static boolean isUniqueViolation(SQLException e) {
        return hasState(e, "23505");
    }

    /** True for a serialization failure, a deadlock or a lock not available: the transaction may simply be retried. */
    public static boolean isTransient(SQLException e) {
        return hasState(e, "40001") || hasState(e, "40P01") || hasState(e, "55P03");
    }

    /** True when either holds: the cases in which a whole transaction is rolled back and run again. */
    public static boolean isRetryable(SQLException e) {
        return isUniqueViolation(e) || isTransient(e);
    }

    /**
     * True when the database could not be reached or went away mid-transaction (connection failure, server shut
     * down or restarting): nothing is wrong with the work itself, which waits and is done again, never failed.
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasState(SQLException e, String state) {
        for (SQLException c = e; c != null; c = c.getNextException()) {
            if (state.equals(c.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && hasState(cause, state);
    }
}

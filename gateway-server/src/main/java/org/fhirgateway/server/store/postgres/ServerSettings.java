package org.fhirgateway.server.store.postgres;

import java.util.List;

/**
 * The server settings of the embedded cluster, passed on its command line at every start so that an edited
 * {@code postgresql.conf} can never weaken them: local TCP only, durable commits, and logs that hold no patient data:
 * no statements, no DETAIL lines (they carry the values of a violated key), and none of the errors and warnings of
 * clients' statements (an invalid input is quoted in its message; the gateway reports those itself, without the
 * values). What the server says of itself (start, recovery, checkpoints: LOG) and its fatal errors stay.
 *
 * @param maxConnections PostgreSQL's {@code max_connections}
 * @param sharedBuffers PostgreSQL's {@code shared_buffers}, e.g. {@code 256MB}
 * @param startTimeoutSeconds how long a start may take (crash recovery replays the WAL written since the last checkpoint)
 */
public record ServerSettings(int maxConnections, String sharedBuffers, long startTimeoutSeconds) {

    /** For one gateway node: its pool, a backup or admin session, headroom. */
    public static ServerSettings gateway() {
        return new ServerSettings(100, "256MB", 600);
    }

    List<String> serverOptions(int port) {
        return List.of(
                "listen_addresses=127.0.0.1",
                "port=" + port,
                "unix_socket_directories=",
                "max_connections=" + maxConnections,
                "shared_buffers=" + sharedBuffers,
                "fsync=on",
                "synchronous_commit=on",
                "full_page_writes=on",
                "password_encryption=scram-sha-256",
                "logging_collector=on",
                "log_directory=log",
                "log_filename=postgresql-%a.log",
                "log_truncate_on_rotation=on",
                "log_rotation_age=1d",
                "log_rotation_size=0",
                "log_file_mode=0600",
                "log_line_prefix=%m [%p] ",
                "log_error_verbosity=terse",
                "log_min_messages=log",
                "log_min_error_statement=panic",
                "log_checkpoints=off");
    }
}

package org.fhirgateway.server.store.postgres;

/**
 * The operating system and processor the gateway runs on ({@code os.name}, {@code os.arch}), read by the
 * application layer and handed down: which PostgreSQL binaries to unpack.
 */
public record Platform(String osName, String osArch) {
}

package org.fhirgateway.server.app;

/** The configuration cannot be used; the message says which setting and why (never a secret value). */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

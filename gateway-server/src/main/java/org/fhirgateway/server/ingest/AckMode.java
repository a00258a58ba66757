package org.fhirgateway.server.ingest;

/**
 * When the sender's acknowledgment is sent, relative to storing and applying the message.
 * The raw message is always committed to the inbox first.
 */
public enum AckMode {
    /** Original mode, applied: map and apply before answering; AA when applied, AE/AR with ERR when not. */
    ORIGINAL,
    /** Original mode, stored: AA as soon as the message is committed; failures are visible in the queue only. */
    IMMEDIATE,
    /** Enhanced mode (MSH-15/16 valued): a commit ACK (CA/CE/CR) per MSH-15 once stored. */
    ENHANCED
}

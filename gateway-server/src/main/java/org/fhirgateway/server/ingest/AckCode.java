package org.fhirgateway.server.ingest;

/** MSA-1 values: original mode (AA/AE/AR) and enhanced mode commit acknowledgments (CA/CE/CR). */
public enum AckCode {
    AA, AE, AR, CA, CE, CR;

    public boolean positive() {
        return this == AA || this == CA;
    }
}

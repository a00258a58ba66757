package org.fhirgateway.mappers.segment;

/** What an ADT trigger event does to the visit (Encounter). */
public enum VisitEvent {
    /** A01, A04, A05, A06, A07, A08: create or update the visit as sent. */
    ADMIT_OR_UPDATE,
    /** A02: the patient moved; PV1-3 is the new location, PV1-6 the one left. */
    TRANSFER,
    /** A03: the visit ended at PV1-45. */
    DISCHARGE,
    /** A11: the admit or visit notification was wrong. */
    CANCEL_ADMIT,
    /** A12: the transfer was wrong; the patient is back in PV1-3, the location in PV1-6 is left. */
    CANCEL_TRANSFER,
    /** A13: the discharge was wrong; the visit is open again. */
    CANCEL_DISCHARGE
}

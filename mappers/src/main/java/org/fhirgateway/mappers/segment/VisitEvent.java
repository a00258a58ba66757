package org.fhirgateway.mappers.segment;

/** What an ADT trigger event does to the visit (Encounter). */
public enum VisitEvent {
    /** A01, A04, A05, A06, A07, A08 (and the visit of A60): create or update the visit as sent. */
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
    CANCEL_DISCHARGE,
    /** A09: the patient left PV1-3 (kept, reserved) for the temporary location PV1-11, at the event time. */
    DEPART,
    /** A10: the patient arrived at PV1-11 (else PV1-3) at the event time; PV1-43, the temporary location, is left. */
    ARRIVE,
    /** A14: an admission is planned; the visit is planned, PV1-42 the pending location. */
    PENDING_ADMIT,
    /** A15: a transfer to PV1-42 is planned; the patient is still in PV1-3. */
    PENDING_TRANSFER,
    /** A16: a discharge is planned; the visit goes on. */
    PENDING_DISCHARGE,
    /** A21: the patient is on leave of absence; PV1-3 is held for the return. */
    LEAVE_OUT,
    /** A22: the patient is back from leave of absence, in PV1-3. */
    LEAVE_RETURN,
    /** A23: the visit was recorded in error (delete a patient record). */
    DELETE_VISIT,
    /** A25: the pending discharge is cancelled; the visit goes on. */
    CANCEL_PENDING_DISCHARGE,
    /** A26: the pending transfer is cancelled; PV1-42 is no longer planned. */
    CANCEL_PENDING_TRANSFER,
    /** A27: the pending admit is cancelled. */
    CANCEL_PENDING_ADMIT
}

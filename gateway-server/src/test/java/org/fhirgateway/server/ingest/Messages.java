package org.fhirgateway.server.ingest;

/** Small ADT messages for ingest tests (content beyond the header does not matter to the ingest). */
final class Messages {

    private Messages() {
    }

    static String adt(String event, String controlId, String patientId) {
        return adt(event, controlId, patientId, "");
    }

    /** @param msh15and16 e.g. "AL|NE" for enhanced mode, "" for original mode */
    static String adt(String event, String controlId, String patientId, String msh15and16) {
        String tail = msh15and16.isEmpty() ? "" : "|||" + msh15and16;
        return "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^" + event + "^ADT_A01|" + controlId + "|P|2.5.1" + tail
                + "\rEVN|" + event + "|20240101120000\rPID|1||" + patientId + "^^^MRN^MR||DOE^JOHN||19700101|M"
                + "\rPV1|1|I|W1^101^A\r";
    }

    static String merge(String controlId, String survivor, String loser) {
        return "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^A40^ADT_A39|" + controlId + "|P|2.5.1"
                + "\rEVN|A40|20240101120000\rPID|1||" + survivor + "^^^MRN^MR||DOE^JOHN\rMRG|" + loser + "^^^MRN^MR\r";
    }

    static String msa(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment;
            }
        }
        return null;
    }
}

package org.fhirgateway.mappers.message;

/**
 * The order, result, immunisation, document, pharmacy, referral and problem messages, and the assembler of
 * each (ADT and ORU^R01 are in {@link Events}).
 */
final class OrderEvents {

    static final String SUPPORTED = "OUL^R22, R23, R24; VXU^V04; ORM^O01, OML^O21, OMG^O19; "
            + "MDM^T01, T02, T05, T06, T09, T10; RDE^O11, O25, RDS^O13; REF^I12, I14; PPR^PC1, PC2, PC3";

    private OrderEvents() {
    }

    /** The assembler of the message type, or null when it is not one of these. */
    static Assembler assembler(String code, String trigger) {
        String type = code + "^" + trigger;
        switch (type) {
            case "OUL^R22", "OUL^R23" -> {
                return new ResultAssembler(true, true);
            }
            case "OUL^R24" -> {
                return new ResultAssembler(true, false);
            }
            case "ORM^O01", "OML^O21", "OMG^O19" -> {
                return new OrderAssembler();
            }
            default -> {
                return null;
            }
        }
    }
}

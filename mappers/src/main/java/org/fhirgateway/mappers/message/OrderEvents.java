package org.fhirgateway.mappers.message;

/**
 * The order, result, immunisation, document, pharmacy, referral, problem and billing messages, and the assembler of
 * each (ADT and ORU^R01 are in {@link Events}).
 */
final class OrderEvents {

    static final String SUPPORTED = "OUL^R22, R23, R24; VXU^V04; ORM^O01, OML^O21, OMG^O19; "
            + "MDM^T01, T02, T05, T06, T09, T10; RDE^O11, O25, RDS^O13; REF^I12, I14; PPR^PC1, PC2, PC3; "
            + "BAR^P01, P02, P12; DFT^P03, P11";

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
            case "VXU^V04" -> {
                return new VaccinationAssembler();
            }
            case "MDM^T01", "MDM^T02", "MDM^T05", "MDM^T06" -> {
                return new DocumentAssembler(false);
            }
            case "MDM^T09", "MDM^T10" -> {
                return new DocumentAssembler(true);
            }
            case "RDE^O11", "RDE^O25", "RDS^O13" -> {
                return new PharmacyAssembler();
            }
            case "REF^I12", "REF^I14" -> {
                return new ReferralAssembler();
            }
            case "PPR^PC1", "PPR^PC2", "PPR^PC3" -> {
                return new ProblemAssembler();
            }
            case "BAR^P01", "BAR^P12", "DFT^P03", "DFT^P11" -> {
                return new BillingAssembler(org.hl7.fhir.r4.model.Account.AccountStatus.ACTIVE);
            }
            case "BAR^P02" -> {
                return new BillingAssembler(org.hl7.fhir.r4.model.Account.AccountStatus.INACTIVE);
            }
            default -> {
                return null;
            }
        }
    }
}

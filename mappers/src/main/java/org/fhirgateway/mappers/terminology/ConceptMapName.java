package org.fhirgateway.mappers.terminology;

/** The concept maps shipped under {@code terminology/}; each constant names one file. */
public enum ConceptMapName {
    ADMINISTRATIVE_SEX("administrative-sex"),
    MARITAL_STATUS("marital-status"),
    EVENT_ENCOUNTER_STATUS("event-encounter-status"),
    PATIENT_CLASS("patient-class"),
    DIAGNOSIS_TYPE("diagnosis-type"),
    RELATIONSHIP("relationship"),
    INTERPRETATION("interpretation"),
    OBSERVATION_STATUS("observation-status"),
    DISCHARGE_DISPOSITION("discharge-disposition"),
    REPORT_STATUS("report-status"),
    ALLERGEN_CATEGORY("allergen-category"),
    ALLERGY_CRITICALITY("allergy-criticality"),
    ALLERGY_REACTION_SEVERITY("allergy-reaction-severity"),
    CONTACT_ROLE("contact-role"),
    ADDRESS_USE("address-use"),
    ADDRESS_TYPE("address-type"),
    NAME_TYPE("name-type"),
    TELECOM_USE("telecom-use"),
    TELECOM_EQUIPMENT("telecom-equipment"),
    IDENTIFIER_TYPE("identifier-type"),
    ORDER_CONTROL_STATUS("order-control-status"),
    ORDER_STATUS("order-status"),
    ORDER_PRIORITY("order-priority"),
    COMPLETION_STATUS("completion-status"),
    ROUTE_OF_ADMINISTRATION("route-of-administration"),
    CODING_SYSTEM("coding-system");

    private final String id;

    ConceptMapName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;

/**
 * OBR to DiagnosticReport (IG OBR[DiagnosticReport]); the caller adds the results, the order (basedOn), the
 * specimens and the entry. Each OBR is its own report, also when several share an order number.
 */
public final class ReportMapper {

    /** Its own fields and those the ServiceRequest made from the same OBR reads (OrderMapper.MAPPED_OBR). */
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6, 7, 11, 16, 22, 24, 25, 27, 29, 31};

    private final MessageContext context;
    private final DataTypes types;

    public ReportMapper(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** The report's order number: filler (OBR-3), else placer (OBR-2), else null. */
    public Identifier number(Segment obr) {
        Identifier filler = types.identifiers().ei(obr.first(3));
        return filler != null ? filler : types.identifiers().ei(obr.first(2));
    }

    /**
     * The report key: its order number ({@link #number}), a gateway key of number, code and position when
     * several OBRs of the message share that number ({@link SharedNumbers}), else patient + code + time.
     */
    public Identifier key(Segment obr, SharedNumbers shared) throws MappingException {
        Identifier number = number(obr);
        if (number != null) {
            return shared.key(number, code(obr));
        }
        return Keys.of("DiagnosticReport", context.patientKey(), code(obr).getCodingFirstRep().getCode(),
                obr.text(7));
    }

    public DiagnosticReport map(Segment obr, Identifier key) throws MappingException {
        DiagnosticReport report = new DiagnosticReport();
        report.addIdentifier(key);
        Identifier filler = types.identifiers().ei(obr.first(3));
        if (filler != null && !filler.equalsDeep(key)) {
            report.addIdentifier(filler);
        }
        Identifier placer = types.identifiers().ei(obr.first(2));
        if (placer != null && !placer.equalsDeep(key)) {
            report.addIdentifier(placer);
        }
        report.setStatus(status(obr));
        CodeableConcept category = types.codes().cwe(obr, 24);
        if (category != null) {
            report.addCategory(category);
        }
        report.setCode(code(obr));
        report.setSubject(context.patient());
        report.setEncounter(context.encounter());
        DateTimeType effective = types.times().dateTime(obr, 7);
        if (effective != null) {
            report.setEffective(effective);
        }
        String issued = obr.text(22);
        if (!issued.isEmpty()) {
            InstantType instant = types.times().instant(issued, obr, 22);
            if (instant != null) {
                report.setIssuedElement(instant);
            }
        }
        FieldCoverage.reportUnmapped(obr, MAPPED, context.issues());
        return report;
    }

    private CodeableConcept code(Segment obr) throws MappingException {
        CodeableConcept code = types.codes().cwe(obr, 4);
        if (code == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "OBR", "OBR-4",
                    "universal service identifier is empty: the report has no code");
        }
        return code;
    }

    private DiagnosticReportStatus status(Segment obr) {
        Concept status = types.codes().lookup(ConceptMapName.REPORT_STATUS, obr.text(25), obr, 25);
        if (status == null) {
            if (obr.text(25).isEmpty()) {
                context.issues().add(obr, 25, "no result status: DiagnosticReport.status set to unknown");
            }
            return DiagnosticReportStatus.UNKNOWN;
        }
        return DiagnosticReportStatus.fromCode(status.code());
    }
}

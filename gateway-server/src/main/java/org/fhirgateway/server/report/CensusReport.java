package org.fhirgateway.server.report;

import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * A census as a FHIR R4 {@code MeasureReport} (type summary: one group per measure, coded in {@link #MEASURES},
 * with the count over all units as its initial population, stratified by unit) or as CSV
 * ({@code date,unit,unit_name,measure,count}, one row per unit and measure, then the totals with unit {@code *}).
 */
public final class CensusReport {

    public static final String MEASURE = "http://fhirgateway.org/fhir/Measure/daily-census";
    public static final String MEASURES = "http://fhirgateway.org/fhir/CodeSystem/census-measure";
    static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

    private CensusReport() {
    }

    public static MeasureReport measureReport(CensusCounts counts, String subject) {
        MeasureReport report = new MeasureReport();
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(MeasureReport.MeasureReportType.SUMMARY);
        report.setMeasure(MEASURE);
        report.setDate(new Date());
        report.setPeriod(new Period().setStart(Date.from(counts.from())).setEnd(Date.from(counts.to())));
        if (subject != null) {
            report.setSubject(new Reference(subject));
        }
        for (CensusCounts.Measure m : CensusCounts.Measure.values()) {
            MeasureReport.MeasureReportGroupComponent group = report.addGroup();
            group.setCode(new CodeableConcept(new Coding(MEASURES, m.code(), m.display())));
            group.addPopulation().setCode(population()).setCount(counts.total(m));
            MeasureReport.MeasureReportGroupStratifierComponent stratifier = group.addStratifier();
            stratifier.addCode(new CodeableConcept().setText("unit"));
            for (String unit : counts.units()) {
                MeasureReport.StratifierGroupComponent stratum = stratifier.addStratum();
                stratum.setValue(new CodeableConcept().setText(unit + " " + counts.unitName(unit)));
                stratum.getValue().addCoding().setSystem("http://fhirgateway.org/fhir/census-unit").setCode(unit)
                        .setDisplay(counts.unitName(unit));
                stratum.addPopulation().setCode(population()).setCount(counts.count(m, unit));
            }
        }
        return report;
    }

    private static CodeableConcept population() {
        return new CodeableConcept(new Coding(POPULATION, "initial-population", "Initial Population"));
    }

    public static String csv(CensusCounts counts) {
        StringBuilder out = new StringBuilder("date,unit,unit_name,measure,count\r\n");
        for (String unit : counts.units()) {
            for (CensusCounts.Measure m : CensusCounts.Measure.values()) {
                out.append(counts.date()).append(',').append(cell(unit)).append(',').append(cell(counts.unitName(unit)))
                        .append(',').append(m.code()).append(',').append(counts.count(m, unit)).append("\r\n");
            }
        }
        for (CensusCounts.Measure m : CensusCounts.Measure.values()) {
            out.append(counts.date()).append(",*,all units,").append(m.code()).append(',').append(counts.total(m))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting, and no leading formula characters (a spreadsheet must not run a unit's name). */
    private static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}

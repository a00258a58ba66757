package org.fhirgateway.server.console.records;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.report.Census;
import org.fhirgateway.server.report.CensusCounts;
import org.fhirgateway.server.report.ReportException;

/**
 * The census page: {@link Census} for a chosen day, with the rule of {@code $census} (rest.ReportProvider): read
 * access to Encounter and the purpose of use HOPERAT. The counts are made with the caller's
 * {@link AccessContext}, so a client is counted only what it may see; they are counts, no patient data.
 */
public final class CensusBoard {

    private final Census census;
    private final Clock clock;

    public CensusBoard(Census census, Clock clock) {
        this.census = census;
        this.clock = clock;
    }

    /** One unit's row of the table: its measures in {@link CensusCounts.Measure} order. */
    public record UnitRow(String unit, String name, List<Integer> counts) {
    }

    /** The page: the day, the measures' names, a row per unit, the totals, and the chart. */
    public record Day(LocalDate date, LocalDate previous, LocalDate next, String zone, List<String> measures,
            List<UnitRow> units, List<Integer> totals, CensusChart chart) {

        public boolean empty() {
            return units.isEmpty();
        }
    }

    /** The census of {@code date} (YYYY-MM-DD; blank for today in the gateway's zone). */
    public Day day(AccessContext ctx, String date) {
        if (!ctx.canRead("Encounter")) {
            throw ConsoleException.forbidden("The census reads Encounters: your client lacks system/Encounter.read.");
        }
        if (!"HOPERAT".equals(ctx.purposeOfUse())) {
            throw new ConsoleException(403, "GW-REPORT-001", "The census is for operations: purpose of use "
                    + "HOPERAT, and your client's is " + ctx.purposeOfUse() + ".");
        }
        LocalDate day = parse(date);
        CensusCounts counts;
        try {
            counts = census.count(ctx, day, null);
        } catch (ReportException e) {
            throw new ConsoleException(e.status(), e.code(), "The census of that day could not be made.");
        }
        List<String> measures = new ArrayList<>();
        List<Integer> totals = new ArrayList<>();
        for (CensusCounts.Measure m : CensusCounts.Measure.values()) {
            measures.add(m.display());
            totals.add(counts.total(m));
        }
        List<UnitRow> units = new ArrayList<>();
        for (String unit : counts.units()) {
            List<Integer> row = new ArrayList<>();
            for (CensusCounts.Measure m : CensusCounts.Measure.values()) {
                row.add(counts.count(m, unit));
            }
            units.add(new UnitRow(unit, counts.unitName(unit), row));
        }
        return new Day(day, day.minusDays(1), day.plusDays(1), census.zone().getId(), measures, units, totals,
                CensusChart.of(counts));
    }

    private LocalDate parse(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(clock.withZone(census.zone()));
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConsoleException(400, "GW-REPORT-002", "The date must be YYYY-MM-DD.");
        }
    }
}

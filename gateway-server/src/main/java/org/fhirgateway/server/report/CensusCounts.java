package org.fhirgateway.server.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The census measures of one day, per unit ({@code Location/id}, with the unit's name). */
public final class CensusCounts {

    /** The measures, in the order they are reported; the codes are those of the census CodeSystem. */
    public enum Measure {
        ADMISSIONS("admissions", "Admissions"),
        DISCHARGES("discharges", "Discharges"),
        TRANSFERS_IN("transfers-in", "Transfers in"),
        TRANSFERS_OUT("transfers-out", "Transfers out"),
        MIDNIGHT_CENSUS("midnight-census", "Patients in beds at midnight"),
        BED_DAYS("bed-days", "Bed-days (inpatient service days)");

        private final String code;
        private final String display;

        Measure(String code, String display) {
            this.code = code;
            this.display = display;
        }

        public String code() {
            return code;
        }

        public String display() {
            return display;
        }
    }

    private final LocalDate date;
    private final Instant from;
    private final Instant to;
    private final Map<Measure, Map<String, Integer>> counts = new EnumMap<>(Measure.class);
    private final Map<String, String> unitNames = new TreeMap<>();

    CensusCounts(LocalDate date, Instant from, Instant to) {
        this.date = date;
        this.from = from;
        this.to = to;
        for (Measure m : Measure.values()) {
            counts.put(m, new TreeMap<>());
        }
    }

    void add(Stays.Visit visit, String onlyUnit) {
        List<Stays.Stay> stays = visit.stays();
        if (stays.isEmpty()) {
            return;
        }
        Stays.Stay first = stays.get(0);
        Stays.Stay last = stays.get(stays.size() - 1);
        if (inDay(visit.admitted())) {
            bump(Measure.ADMISSIONS, first, onlyUnit);
        }
        if (visit.discharged() != null && inDay(visit.discharged())) {
            bump(Measure.DISCHARGES, last, onlyUnit);
            if (inDay(visit.admitted()) && !crossesMidnight(stays)) {
                bump(Measure.BED_DAYS, last, onlyUnit);
            }
        }
        for (int i = 1; i < stays.size(); i++) {
            if (inDay(stays.get(i).start())) {
                bump(Measure.TRANSFERS_OUT, stays.get(i - 1), onlyUnit);
                bump(Measure.TRANSFERS_IN, stays.get(i), onlyUnit);
            }
        }
        for (Stays.Stay s : stays) {
            if (s.start() != null && s.start().isBefore(to) && (s.end() == null || s.end().isAfter(to))) {
                bump(Measure.MIDNIGHT_CENSUS, s, onlyUnit);
                bump(Measure.BED_DAYS, s, onlyUnit);
            }
        }
    }

    private boolean crossesMidnight(List<Stays.Stay> stays) {
        return stays.stream().anyMatch(s -> s.end() == null || s.end().isAfter(to));
    }

    private boolean inDay(Instant t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private void bump(Measure m, Stays.Stay stay, String onlyUnit) {
        if (onlyUnit != null && !onlyUnit.equals(stay.unit())) {
            return;
        }
        unitNames.putIfAbsent(stay.unit(), stay.unitName() == null ? stay.unit() : stay.unitName());
        counts.get(m).merge(stay.unit(), 1, Integer::sum);
    }

    public LocalDate date() {
        return date;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    /** Every unit counted in any measure ({@code Location/id}), sorted. */
    public java.util.Set<String> units() {
        return unitNames.keySet();
    }

    public String unitName(String unit) {
        return unitNames.get(unit);
    }

    /** The count of a measure in one unit (0 when none). */
    public int count(Measure m, String unit) {
        return counts.get(m).getOrDefault(unit, 0);
    }

    /** The count of a measure over all units. */
    public int total(Measure m) {
        return counts.get(m).values().stream().mapToInt(Integer::intValue).sum();
    }
}

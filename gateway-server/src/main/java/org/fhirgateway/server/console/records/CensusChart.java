package org.fhirgateway.server.console.records;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.report.CensusCounts;

/**
 * The census chart as geometry for an inline SVG the template draws (no script, nothing from the internet): per
 * unit, one bar for each charted measure (admissions, discharges, patients in beds at midnight), on a scale of
 * whole numbers with gridlines.
 */
public record CensusChart(int width, int height, List<Bar> bars, List<Tick> ticks, List<UnitLabel> units,
        List<Legend> legend) {

    /** The measures charted, in bar order. */
    static final List<CensusCounts.Measure> CHARTED = List.of(CensusCounts.Measure.ADMISSIONS,
            CensusCounts.Measure.DISCHARGES, CensusCounts.Measure.MIDNIGHT_CENSUS);
    /** Fill colours (SVG presentation attributes: the page needs no style of its own), distinct in grey print. */
    private static final List<String> FILLS = List.of("#2b6cb0", "#c05621", "#2f855a");

    static final int LEFT = 40;
    static final int TOP = 30;
    static final int PLOT_HEIGHT = 200;
    static final int BAR = 18;
    static final int GAP = 4;
    static final int UNIT_GAP = 28;
    static final int BOTTOM = 60;

    /** One bar; {@code title} is its accessible name (aria-label) ("4 West: Admissions 3"). */
    public record Bar(int x, int y, int width, int height, String fill, int value, String title) {
    }

    /** A gridline at {@code y} with its value. */
    public record Tick(int y, int value) {
    }

    /** A unit's name under its group of bars, centred at {@code x}. */
    public record UnitLabel(int x, int y, String text) {
    }

    public record Legend(int x, int y, String fill, String text) {
    }

    static CensusChart of(CensusCounts counts) {
        List<String> units = new ArrayList<>(counts.units());
        int max = 1;
        for (String unit : units) {
            for (CensusCounts.Measure m : CHARTED) {
                max = Math.max(max, counts.count(m, unit));
            }
        }
        int step = step(max);
        int top = ((max + step - 1) / step) * step;
        int groupWidth = CHARTED.size() * (BAR + GAP) - GAP;
        int width = Math.max(360, LEFT + units.size() * (groupWidth + UNIT_GAP) + UNIT_GAP);
        int baseline = TOP + PLOT_HEIGHT;
        List<Bar> bars = new ArrayList<>();
        List<UnitLabel> labels = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            String unit = units.get(u);
            String name = counts.unitName(unit);
            int x0 = LEFT + UNIT_GAP + u * (groupWidth + UNIT_GAP);
            for (int m = 0; m < CHARTED.size(); m++) {
                int value = counts.count(CHARTED.get(m), unit);
                int h = (int) Math.round((double) value * PLOT_HEIGHT / top);
                bars.add(new Bar(x0 + m * (BAR + GAP), baseline - h, BAR, h, FILLS.get(m), value,
                        name + ": " + CHARTED.get(m).display() + " " + value));
            }
            labels.add(new UnitLabel(x0 + groupWidth / 2, baseline + 18, name));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int v = 0; v <= top; v += step) {
            ticks.add(new Tick(baseline - (int) Math.round((double) v * PLOT_HEIGHT / top), v));
        }
        List<Legend> legend = new ArrayList<>();
        for (int m = 0; m < CHARTED.size(); m++) {
            legend.add(new Legend(LEFT + m * 150, 14, FILLS.get(m), CHARTED.get(m).display()));
        }
        return new CensusChart(width, baseline + BOTTOM, bars, ticks, labels, legend);
    }

    /** A gridline step giving at most about five lines: 1, 2, 5, 10, 20, 50... */
    static int step(int max) {
        int step = 1;
        while (max / step > 5) {
            int s = step;
            step = s * 2;
            if (max / step > 5) {
                step = s * 5;
            }
            if (max / step > 5) {
                step = s * 10;
            }
        }
        return step;
    }
}

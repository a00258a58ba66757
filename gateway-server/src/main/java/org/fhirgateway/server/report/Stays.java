package org.fhirgateway.server.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationComponent;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;

/**
 * One visit's stays per unit, replayed from its stored versions, oldest first. Each version is the visit as one
 * ADT message left it (the mappers date movements in {@code Encounter.location.period} and list the unit of each
 * location as an entry with physicalType {@code wa}):
 * <ul>
 *   <li>a unit entry that is active with a period start opens a stay there (closing the one before: a transfer);</li>
 *   <li>an active unit entry with no start that differs from the open stay is a cancelled transfer (A12): the open
 *       stay is dropped and the one before is open again;</li>
 *   <li>an active unit entry while nothing is open is a cancelled discharge (A13): the last stay is open again;</li>
 *   <li>a finished version closes the open stay at {@code period.end} (a discharge with no stay before it, its admit
 *       never received, is one stay from the admit time in the unit it names); a cancelled one (A11) voids the
 *       visit.</li>
 * </ul>
 */
final class Stays {

    static final String WARD = "wa";

    /** A stay in one unit: [start, end), end null while the patient is there. */
    record Stay(String unit, String unitName, Instant start, Instant end) {
        Stay ending(Instant at) {
            return new Stay(unit, unitName, start, at);
        }
    }

    /** What the versions say of one visit. */
    record Visit(String encounterId, List<Stay> stays, Instant admitted, Instant discharged, boolean cancelled) {
    }

    private Stays() {
    }

    static Visit replay(String encounterId, List<Encounter> versionsOldestFirst) {
        List<Stay> stays = new ArrayList<>();
        boolean cancelled = false;
        Instant admitted = null;
        Instant discharged = null;
        for (Encounter v : versionsOldestFirst) {
            cancelled = v.getStatus() == EncounterStatus.CANCELLED;
            if (cancelled) {
                continue;
            }
            admitted = v.getPeriod().hasStart() ? instant(v.getPeriod().getStartElement()) : admitted;
            EncounterLocationComponent unit = activeUnit(v);
            Stay open = stays.isEmpty() || stays.get(stays.size() - 1).end() != null ? null : stays.get(stays.size() - 1);
            if (unit != null) {
                String ref = unit.getLocation().getReference();
                String name = unit.getLocation().getDisplay();
                Instant start = unit.getPeriod().hasStart() ? instant(unit.getPeriod().getStartElement()) : null;
                if (start != null) {
                    if (open == null || !open.unit().equals(ref)) {
                        if (open != null) {
                            stays.set(stays.size() - 1, open.ending(start));
                        }
                        stays.add(new Stay(ref, name, start, null));
                    }
                } else if (open != null && !open.unit().equals(ref)) {
                    stays.remove(stays.size() - 1);
                    if (!stays.isEmpty() && stays.get(stays.size() - 1).unit().equals(ref)) {
                        Stay previous = stays.get(stays.size() - 1);
                        stays.set(stays.size() - 1, previous.ending(null));
                    }
                } else if (open == null && !stays.isEmpty() && stays.get(stays.size() - 1).unit().equals(ref)) {
                    stays.set(stays.size() - 1, stays.get(stays.size() - 1).ending(null));
                    discharged = null;
                } else if (open == null && stays.isEmpty() && admitted != null) {
                    stays.add(new Stay(ref, name, admitted, null));
                }
            }
            if (v.getStatus() == EncounterStatus.FINISHED && v.getPeriod().hasEnd()) {
                discharged = instant(v.getPeriod().getEndElement());
                EncounterLocationComponent last = unit == null && stays.isEmpty() ? firstUnit(v) : null;
                if (last != null && admitted != null) {
                    // a discharge whose admit never arrived: one stay, admit to discharge, in the unit it names
                    stays.add(new Stay(last.getLocation().getReference(), last.getLocation().getDisplay(), admitted, null));
                }
                Stay still = stays.isEmpty() ? null : stays.get(stays.size() - 1);
                if (still != null && still.end() == null) {
                    stays.set(stays.size() - 1, still.ending(discharged));
                }
            } else if (v.getStatus() == EncounterStatus.INPROGRESS) {
                discharged = null;
            }
        }
        return new Visit(encounterId, List.copyOf(stays), admitted, discharged, cancelled);
    }

    /** The unit entry the patient is in (active), or for a first finished version the unit it ended in. */
    private static EncounterLocationComponent activeUnit(Encounter v) {
        for (EncounterLocationComponent l : v.getLocation()) {
            if (l.getStatus() == EncounterLocationStatus.ACTIVE && isUnit(l)) {
                return l;
            }
        }
        return null;
    }

    private static EncounterLocationComponent firstUnit(Encounter v) {
        return v.getLocation().stream().filter(Stays::isUnit).findFirst().orElse(null);
    }

    static boolean isUnit(EncounterLocationComponent l) {
        return l.hasLocation() && l.getLocation().hasReference() && l.getPhysicalType().getCoding().stream()
                .anyMatch(c -> WARD.equals(c.getCode()));
    }

    private static Instant instant(BaseDateTimeType t) {
        return t.getValue() == null ? null : t.getValue().toInstant();
    }
}

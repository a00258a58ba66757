package org.fhirgateway.server.console.records;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * The patient a privacy page is about, as released to the caller (after its policy's masks): the id, the name,
 * birth date, identifiers, and the postal address a letter is sent to.
 *
 * @param address the lines of the first address (its lines, then "city state postal code", then country)
 */
public record PatientCard(String id, String name, String birthDate, List<String> identifiers,
        List<String> address) {

    static PatientCard of(Patient p) {
        List<String> identifiers = new ArrayList<>();
        for (Identifier i : p.getIdentifier()) {
            if (i.hasValue()) {
                identifiers.add((i.hasSystem() ? i.getSystem() + "|" : "") + i.getValue());
            }
        }
        return new PatientCard(p.getIdElement().getIdPart(), name(p),
                p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : "", identifiers, address(p));
    }

    private static String name(Patient p) {
        if (!p.hasName()) {
            return "(no name recorded)";
        }
        HumanName n = p.getNameFirstRep();
        if (n.hasText()) {
            return n.getText();
        }
        List<String> parts = new ArrayList<>();
        n.getPrefix().forEach(s -> parts.add(s.getValue()));
        n.getGiven().forEach(s -> parts.add(s.getValue()));
        if (n.hasFamily()) {
            parts.add(n.getFamily());
        }
        return parts.isEmpty() ? "(no name recorded)" : String.join(" ", parts);
    }

    private static List<String> address(Patient p) {
        List<String> lines = new ArrayList<>();
        if (!p.hasAddress()) {
            return lines;
        }
        Address a = p.getAddressFirstRep();
        for (StringType line : a.getLine()) {
            lines.add(line.getValue());
        }
        String place = String.join(" ", nonEmpty(a.getCity(), a.getState(), a.getPostalCode()));
        if (!place.isEmpty()) {
            lines.add(place);
        }
        if (a.hasCountry()) {
            lines.add(a.getCountry());
        }
        return lines;
    }

    private static List<String> nonEmpty(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }
}

package org.fhirgateway.server.console.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.Handling;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The patient a privacy page is about, chosen by what the user typed in a POSTed form: an identifier
 * {@code system|value}, or the Patient's id. Found by an ordinary search with the signed-in caller's
 * {@link AccessContext}, so a patient the caller may not see is "not found", exactly as in the API.
 */
final class PatientLookup {

    /** What a Patient id may be (FHIR id: 1 to 64 of A-Z a-z 0-9 - .). */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final int MAX_INPUT = 512;

    private final FhirSearch search;

    PatientLookup(FhirSearch search) {
        this.search = search;
    }

    /** The one Patient the input names and the caller may see. */
    Patient find(AccessContext ctx, String input) {
        if (!ctx.canRead("Patient")) {
            throw ConsoleException.forbidden("Your client may not read patients (it lacks system/Patient.read).");
        }
        String typed = input == null ? "" : input.strip();
        if (typed.isEmpty() || typed.length() > MAX_INPUT) {
            throw ConsoleException.badInput("Give the patient's identifier as system|value, or the Patient id.");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (typed.indexOf('|') > 0) {
            params.put("identifier", List.of(typed));
        } else if (ID.matcher(typed).matches()) {
            params.put("_id", List.of(typed));
        } else {
            throw ConsoleException.badInput("Give the patient's identifier as system|value, or the Patient id.");
        }
        params.put("_count", List.of("2"));
        List<Resource> matches;
        try {
            SearchResult result = search.search(ctx, new SearchRequest("Patient", params, Handling.STRICT));
            matches = result.matches();
        } catch (StoreException e) {
            throw ConsoleException.badInput("That is not an identifier the gateway can search for.");
        }
        if (matches.isEmpty()) {
            throw new ConsoleException(404, "GW-CONSOLE-404", "No patient you may see has that identifier or id.");
        }
        if (matches.size() > 1) {
            throw ConsoleException.badInput("More than one patient has that identifier: give the system as well, "
                    + "or the Patient id.");
        }
        return (Patient) matches.get(0);
    }
}

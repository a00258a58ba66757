package org.fhirgateway.server.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.PseudonymIssuer;
import org.fhirgateway.server.consent.SecurityLabel;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * The accounting of one release of stored resources to a client, shared by every outbound path (REST responses,
 * subscription notifications): the patients, the versioned references and the rules the release rests on, taken
 * from the resources as stored, before the release policy changes them (pseudonyms replace the ids); then
 * {@link #record} writes the disclosure with the pseudonyms handed out. Recording fails with
 * {@link StoreError#AUDIT_FAILED}: the caller then sends nothing.
 */
public final class ReleaseAccounting {

    private final FhirStore store;
    private final AccessContext ctx;
    private final List<String> patients;
    private final List<String> refs;
    private final List<String> rules;

    private ReleaseAccounting(FhirStore store, AccessContext ctx, List<String> patients, List<String> refs,
            List<String> rules) {
        this.store = store;
        this.ctx = ctx;
        this.patients = patients;
        this.refs = refs;
        this.rules = rules;
    }

    /** What is about to be released to {@code ctx}, read from the resources before they are changed. */
    public static ReleaseAccounting of(FhirStore store, AccessContext ctx, List<Resource> released) {
        Set<String> patients = new TreeSet<>();
        List<String> refs = new ArrayList<>();
        Set<Long> labels = new LinkedHashSet<>();
        Set<SecurityLabel> withheld = ctx.policy().effectiveWithheld();
        for (Resource r : released) {
            String patient = store.compartmentPatient(r);
            if (patient != null) {
                patients.add(patient);
            }
            String version = r.getIdElement().hasVersionIdPart() ? r.getIdElement().getVersionIdPart()
                    : r.getMeta().getVersionId();
            refs.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + (version == null ? "" : "/_history/" + version));
            for (Coding c : r.getMeta().getSecurity()) {
                SecurityLabel label = c.hasCode() ? new SecurityLabel(c.hasSystem() ? c.getSystem() : "", c.getCode())
                        : null;
                if (label != null && withheld.contains(label)) {
                    labels.add(LabelHashes.of(label));
                }
            }
        }
        List<String> rules = new ArrayList<>();
        rules.add("policy:" + ctx.policy().name());
        if (ctx.breaksGlass()) {
            rules.add("break-the-glass");
        } else if (!ctx.unfiltered()) {
            store.disclosures().optIns(patients, labels).forEach(consent -> rules.add("opt-in:" + consent));
        }
        return new ReleaseAccounting(store, ctx, List.copyOf(patients), refs, rules);
    }

    /**
     * Records the disclosure.
     *
     * @param interaction what kind of release ({@code read}, {@code search-type}, {@code subscription}, ...)
     * @param query what was asked, without values (they may identify people)
     * @param ids the pseudonyms handed out, or null when the policy does not de-identify
     * @param at when, in epoch milliseconds
     */
    public long record(String interaction, String query, PseudonymIssuer ids, long at) {
        List<DisclosureLog.Pseudonym> pseudonyms = ids == null ? List.of() : ids.issued().stream()
                .map(i -> new DisclosureLog.Pseudonym(ctx.clientName(), i.type(), i.pseudoId(), i.realId())).toList();
        return store.disclosures().record(new DisclosureLog.Disclosure(0, at, ctx.clientName(), ctx.purposeOfUse(),
                ctx.policy().name(), interaction, query, patients, refs, rules, ctx.breaksGlass(), null, null, null),
                pseudonyms);
    }
}

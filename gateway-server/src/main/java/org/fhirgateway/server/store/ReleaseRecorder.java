package org.fhirgateway.server.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.PseudonymIssuer;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.consent.SecurityLabel;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * The last two steps of every release of stored resources, shared by the REST responses (rest.ReleaseInterceptor)
 * and the Bulk Data files (export): the caller's policy applied to the resources ({@link Release}: masks, Safe
 * Harbor with the client's pseudonyms, break-the-glass label), and the disclosure recorded ({@link DisclosureLog})
 * with the patients, the resources by their real ids and versions, and the rules the release rests on.
 */
public final class ReleaseRecorder {

    private final FhirStore store;
    private final Release release;
    private final Clock clock;

    public ReleaseRecorder(FhirStore store, Release release, Clock clock) {
        this.store = store;
        this.release = release;
        this.clock = clock;
    }

    /** What one release hands out, noted before the policy changed the resources. */
    public static final class Batch {
        private final AccessContext ctx;
        private final Set<String> patients = new TreeSet<>();
        private final List<String> refs = new ArrayList<>();
        private final Set<Long> labels = new LinkedHashSet<>();
        private final PseudonymIssuer ids;

        private Batch(AccessContext ctx, PseudonymIssuer ids) {
            this.ctx = ctx;
            this.ids = ids;
        }

        /** The pseudonyms of this release (null unless the policy de-identifies): more may be issued before recording. */
        public PseudonymIssuer pseudonyms() {
            return ids;
        }

        public Set<String> patients() {
            return patients;
        }
    }

    /** Whether the policy changes anything in the resources this caller gets. */
    public boolean changes(AccessContext ctx) {
        return release.changes(ctx);
    }

    /** Notes the resources for the record, then applies the caller's policy to them in place. */
    public Batch prepare(AccessContext ctx, List<Resource> resources) {
        Batch batch = new Batch(ctx, release.pseudonymsFor(ctx));
        Set<SecurityLabel> withheld = ctx.policy().effectiveWithheld();
        for (Resource r : resources) {
            String patient = store.compartmentPatient(r);
            if (patient != null) {
                batch.patients.add(patient);
            }
            String version = r.getIdElement().hasVersionIdPart() ? r.getIdElement().getVersionIdPart()
                    : r.getMeta().getVersionId();
            batch.refs.add(r.fhirType() + "/" + r.getIdElement().getIdPart()
                    + (version == null ? "" : "/_history/" + version));
            for (Coding c : r.getMeta().getSecurity()) {
                SecurityLabel label = c.hasCode() ? new SecurityLabel(c.hasSystem() ? c.getSystem() : "", c.getCode())
                        : null;
                if (label != null && withheld.contains(label)) {
                    batch.labels.add(LabelHashes.of(label));
                }
            }
        }
        if (release.changes(ctx)) {
            for (Resource r : resources) {
                release.prepare(ctx, r, batch.ids);
            }
        }
        return batch;
    }

    /**
     * Records the disclosure and the pseudonyms handed out; {@link StoreError#AUDIT_FAILED} when it cannot, and then
     * nothing may be sent.
     *
     * @param interaction what kind of release ({@code search-type}, {@code read}, {@code export}, ...)
     * @param query what was asked, without values
     */
    public void record(Batch batch, String interaction, String query) {
        AccessContext ctx = batch.ctx;
        List<String> rules = new ArrayList<>();
        rules.add("policy:" + ctx.policy().name());
        if (ctx.breaksGlass()) {
            rules.add("break-the-glass");
        } else if (!ctx.unfiltered()) {
            store.disclosures().optIns(batch.patients, batch.labels).forEach(consent -> rules.add("opt-in:" + consent));
        }
        List<DisclosureLog.Pseudonym> pseudonyms = batch.ids == null ? List.of() : batch.ids.issued().stream()
                .map(i -> new DisclosureLog.Pseudonym(ctx.clientName(), i.type(), i.pseudoId(), i.realId())).toList();
        store.disclosures().record(new DisclosureLog.Disclosure(0, clock.millis(), ctx.clientName(),
                ctx.purposeOfUse(), ctx.policy().name(), interaction, query, List.copyOf(batch.patients),
                batch.refs, rules, ctx.breaksGlass(), null, null, null), pseudonyms);
    }
}

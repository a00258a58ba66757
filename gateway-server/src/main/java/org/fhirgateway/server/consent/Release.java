package org.fhirgateway.server.consent;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * The last step before a resource leaves: what the caller's policy changes in it. The store and search already
 * chose which resources the caller may have; this decides which of their fields it gets:
 * <ol>
 *   <li>the policy's field masks ({@link FieldMasks}), marked {@code MASKED};</li>
 *   <li>for a de-identifying policy, HIPAA Safe Harbor ({@link SafeHarbor}) with the client's pseudonyms;</li>
 *   <li>for break-the-glass, the {@code ETREAT} label, so that the recipient knows under what purpose it got it.</li>
 * </ol>
 */
public final class Release {

    private final SafeHarbor safeHarbor;
    private final byte[] pseudonymKey;
    private final Map<String, FieldMasks> masksByPolicy = new ConcurrentHashMap<>();

    /**
     * @param pseudonymKey the secret the pseudonyms are computed with (the same on every node)
     * @param clock the time de-identification computes ages from
     */
    public Release(byte[] pseudonymKey, Clock clock) {
        this.safeHarbor = SafeHarbor.standard(clock);
        this.pseudonymKey = pseudonymKey.clone();
    }

    /** Whether anything is changed for this caller (when not, resources leave as loaded). */
    public boolean changes(AccessContext ctx) {
        ReleasePolicy p = ctx.policy();
        return !p.masks().isEmpty() || p.deidentify() || ctx.breaksGlass();
    }

    /** The pseudonyms for one response to this caller; null when its policy does not de-identify. */
    public PseudonymIssuer pseudonymsFor(AccessContext ctx) {
        return ctx.policy().deidentify() ? new PseudonymIssuer(pseudonymKey, ctx.clientName()) : null;
    }

    /** Changes the resource in place as the caller's policy requires; {@code ids} from {@link #pseudonymsFor}. */
    public void prepare(AccessContext ctx, Resource resource, PseudonymIssuer ids) {
        ReleasePolicy policy = ctx.policy();
        if (!policy.masks().isEmpty()) {
            masksByPolicy.computeIfAbsent(policy.name(), n -> FieldMasks.parse(policy.masks())).apply(resource);
        }
        if (policy.deidentify()) {
            safeHarbor.apply(resource, ids);
        }
        if (ctx.breaksGlass()) {
            addLabel(resource, SecurityLabel.EMERGENCY_TREATMENT);
        }
    }

    public static void addLabel(Resource resource, SecurityLabel label) {
        for (Coding c : resource.getMeta().getSecurity()) {
            if (label.system().equals(c.getSystem()) && label.code().equals(c.getCode())) {
                return;
            }
        }
        resource.getMeta().addSecurity().setSystem(label.system()).setCode(label.code());
    }
}

package org.fhirgateway.server.consent;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.fhirgateway.profiles.ConformancePackage;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The labeller: the codes of a resource decide its sensitivity labels (from the sensitivity ValueSets of the
 * conformance package), and those with the patient's level decide its one confidentiality label. Pure: no
 * store, no search; the store calls {@link #label} at write time.
 *
 * <p>Labels the gateway assigned carry the {@link #ASSIGNED_LABEL} extension and are recomputed on every
 * call; labels the sender gave are kept as they are. The result is deterministic (sender's codings first in
 * their order, then the gateway's sorted by key), so labelling an unchanged resource again encodes it
 * byte-identically.
 */
public final class Labeller {

    /** The extension (valueBoolean true) on a {@code meta.security} Coding the gateway assigned itself. */
    public static final String ASSIGNED_LABEL = "http://fhirgateway.org/fhir/StructureDefinition/assigned-label";

    static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String ICD_10_PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
    static final String VALUE_SET_BASE = "http://fhirgateway.org/fhir/ValueSet/";
    /** The canonical URL of each sensitivity ValueSet and the label its codes mean. */
    static final Map<String, SecurityLabel> VALUE_SETS = Map.of(
            VALUE_SET_BASE + "sensitivity-hiv", SecurityLabel.HIV,
            VALUE_SET_BASE + "sensitivity-substance-use", SecurityLabel.SUBSTANCE_USE,
            VALUE_SET_BASE + "sensitivity-mental-health", SecurityLabel.MENTAL_HEALTH,
            VALUE_SET_BASE + "sensitivity-sdv", SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE,
            VALUE_SET_BASE + "sensitivity-reproductive-health", SecurityLabel.REPRODUCTIVE_HEALTH,
            VALUE_SET_BASE + "sensitivity-42cfr-part2", SecurityLabel.PART_2);

    /** v3-Confidentiality from lowest to highest. */
    private static final List<String> CONFIDENTIALITY_ORDER = List.of("U", "L", "M", "N", "R", "V");

    private static final Map<String, String> DISPLAYS = Map.of(
            SecurityLabel.HIV.key(), "HIV/AIDS information sensitivity",
            SecurityLabel.SUBSTANCE_USE.key(), "substance abuse information sensitivity",
            SecurityLabel.MENTAL_HEALTH.key(), "psychiatry information sensitivity",
            SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE.key(),
            "sexual assault, abuse, or domestic violence information sensitivity",
            SecurityLabel.REPRODUCTIVE_HEALTH.key(), "sexuality and reproductive health information sensitivity",
            SecurityLabel.PART_2.key(), "42 CFR Part2",
            SecurityLabel.NORMAL.key(), "normal",
            SecurityLabel.RESTRICTED.key(), "restricted",
            SecurityLabel.VERY_RESTRICTED.key(), "very restricted");

    /** Raised when the labelling code changes what it derives from the same ValueSets (stored data re-labelled). */
    private static final String RULES_REVISION = "1";

    private final Map<SecurityLabel, SensitivityRules> rules;
    private final String fingerprint;

    private Labeller(Map<SecurityLabel, SensitivityRules> rules, String fingerprint) {
        this.rules = Map.copyOf(rules);
        this.fingerprint = fingerprint;
    }

    /**
     * What this labeller decides from: a hash of its ValueSets and rules revision. Stored data labelled under
     * another fingerprint is re-labelled (store.Relabelling).
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** Loads the six sensitivity ValueSets of the conformance package; fails if one is missing or unreadable. */
    public static Labeller fromPackage() {
        List<ValueSet> valueSets = new ArrayList<>();
        ConformancePackage.load(FhirContext.forR4Cached()).forEach(r -> {
            if (r instanceof ValueSet vs && VALUE_SETS.containsKey(vs.getUrl())) {
                valueSets.add(vs);
            }
        });
        return of(valueSets);
    }

    /** Builds a labeller from exactly the six sensitivity ValueSets; an unknown compose form fails here. */
    static Labeller of(Collection<ValueSet> valueSets) {
        Map<SecurityLabel, SensitivityRules> rules = new HashMap<>();
        for (ValueSet valueSet : valueSets) {
            SecurityLabel label = VALUE_SETS.get(valueSet.getUrl());
            if (label == null) {
                throw new IllegalArgumentException("not a sensitivity ValueSet: " + valueSet.getUrl());
            }
            if (rules.put(label, SensitivityRules.from(valueSet)) != null) {
                throw new IllegalArgumentException("two ValueSets for " + valueSet.getUrl());
            }
        }
        if (rules.size() != VALUE_SETS.size()) {
            Set<String> missing = new TreeSet<>(VALUE_SETS.keySet());
            valueSets.forEach(vs -> missing.remove(vs.getUrl()));
            throw new IllegalStateException("sensitivity ValueSets missing from the conformance package: " + missing);
        }
        return new Labeller(rules, fingerprint(valueSets));
    }

    private static String fingerprint(Collection<ValueSet> valueSets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(RULES_REVISION.getBytes(StandardCharsets.UTF_8));
            var parser = FhirContext.forR4Cached().newJsonParser();
            valueSets.stream().sorted(Comparator.comparing(ValueSet::getUrl)).forEach(vs -> sha.update(
                    parser.encodeResourceToString(vs).getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sensitivity categories the resource's codes fall in. A 42 CFR Part 2 code implies substance use.
     *
     * @param resolveReference resolves a reference string ("Condition/abc" or a "urn:uuid:" fullUrl) to the
     *     resource it names, or null when it is not known (then that reference is ignored)
     */
    public Set<SecurityLabel> sensitivity(Resource resource, Function<String, Resource> resolveReference) {
        Set<SecurityLabel> found = new TreeSet<>(Comparator.comparing(SecurityLabel::key));
        for (CodeableConcept concept : ResourceCodes.of(resource, resolveReference)) {
            for (Coding coding : concept.getCoding()) {
                if (coding.getSystem() == null || coding.getCode() == null) {
                    continue;
                }
                rules.forEach((label, rule) -> {
                    if (rule.matches(coding.getSystem(), coding.getCode())) {
                        found.add(label);
                    }
                });
            }
        }
        if (found.contains(SecurityLabel.PART_2)) {
            found.add(SecurityLabel.SUBSTANCE_USE);
        }
        return Set.copyOf(found);
    }

    /**
     * Rewrites {@code meta.security} to what the gateway stores: the sender's labels as they were, then the
     * sensitivity labels and one confidentiality label, the higher of the sender's own and the patient's
     * level (sensitivity does not raise it); none is added when the sender's own is already that high.
     * For a Patient the patient's level is its own sender labels, so {@code patientConfidentiality} is not used.
     *
     * @param patientConfidentiality the patient's stored level (N, R or V); null means N
     */
    public void label(Resource resource, SecurityLabel patientConfidentiality,
                      Function<String, Resource> resolveReference) {
        SecurityLabel patientLevel = patientConfidentiality == null ? SecurityLabel.NORMAL : patientConfidentiality;
        if (rank(patientLevel) < 0) {
            throw new IllegalArgumentException("not a confidentiality label: " + patientLevel);
        }
        Meta meta = resource.getMeta();
        List<Coding> senders = new ArrayList<>();
        for (Coding coding : meta.getSecurity()) {
            if (!isAssigned(coding)) {
                senders.add(coding);
            }
        }
        Set<String> senderKeys = new LinkedHashSet<>();
        SecurityLabel senderLevel = null;
        for (Coding coding : senders) {
            SecurityLabel label = toLabel(coding);
            if (label != null) {
                senderKeys.add(label.key());
                if (rank(label) >= 0 && (senderLevel == null || rank(label) > rank(senderLevel))) {
                    senderLevel = label;
                }
            }
        }
        Set<SecurityLabel> sensitivity = sensitivity(resource, resolveReference);
        SecurityLabel wanted = resource instanceof Patient ? SecurityLabel.NORMAL : patientLevel;
        // sensitivity does not raise confidentiality: a category is withheld as a category, so that a patient's
        // opt-in to it can release it; R and V stay the patient's (or the sender's) restriction
        Set<SecurityLabel> assigned = new TreeSet<>(Comparator.comparing(SecurityLabel::key));
        sensitivity.stream().filter(l -> !senderKeys.contains(l.key())).forEach(assigned::add);
        if (senderLevel == null || rank(wanted) > rank(senderLevel)) {
            assigned.add(wanted);
        }
        List<Coding> security = new ArrayList<>(senders);
        assigned.forEach(label -> security.add(assignedCoding(label)));
        meta.setSecurity(security);
    }

    /** The highest confidentiality label on the resource; N when it has none. */
    public static SecurityLabel confidentiality(Resource resource) {
        SecurityLabel highest = SecurityLabel.NORMAL;
        for (SecurityLabel label : labels(resource)) {
            if (rank(label) > rank(highest)) {
                highest = label;
            }
        }
        return highest;
    }

    /** Every security label on the resource, in the order of its {@code meta.security}. */
    public static Set<SecurityLabel> labels(Resource resource) {
        Set<SecurityLabel> labels = new LinkedHashSet<>();
        if (resource.hasMeta()) {
            for (Coding coding : resource.getMeta().getSecurity()) {
                SecurityLabel label = toLabel(coding);
                if (label != null) {
                    labels.add(label);
                }
            }
        }
        return Collections.unmodifiableSet(labels);
    }

    private static SecurityLabel toLabel(Coding coding) {
        return coding.hasSystem() && coding.hasCode() ? new SecurityLabel(coding.getSystem(), coding.getCode()) : null;
    }

    /** The place of a confidentiality label from U (0) to V (5); -1 for any other label. */
    private static int rank(SecurityLabel label) {
        return label.isConfidentiality() ? CONFIDENTIALITY_ORDER.indexOf(label.code()) : -1;
    }

    private static boolean isAssigned(Coding coding) {
        Extension extension = coding.getExtensionByUrl(ASSIGNED_LABEL);
        return extension != null && extension.getValue() instanceof BooleanType b && b.booleanValue();
    }

    private static Coding assignedCoding(SecurityLabel label) {
        Coding coding = new Coding(label.system(), label.code(), DISPLAYS.get(label.key()));
        coding.addExtension(ASSIGNED_LABEL, new BooleanType(true));
        return coding;
    }

    /** The codes of one sensitivity ValueSet: exact codes per system, code prefixes (is-a on ICD-10), exclusions. */
    static final class SensitivityRules {

        private final Map<String, Set<String>> includedCodes = new HashMap<>();
        private final Map<String, List<String>> includedPrefixes = new HashMap<>();
        private final Map<String, Set<String>> excludedCodes = new HashMap<>();
        private final Map<String, List<String>> excludedPrefixes = new HashMap<>();

        static SensitivityRules from(ValueSet valueSet) {
            SensitivityRules rules = new SensitivityRules();
            String url = valueSet.getUrl();
            for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
                add(url, include, rules.includedCodes, rules.includedPrefixes);
            }
            for (ValueSet.ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
                add(url, exclude, rules.excludedCodes, rules.excludedPrefixes);
            }
            if (rules.includedCodes.isEmpty() && rules.includedPrefixes.isEmpty()) {
                throw new IllegalArgumentException(url + ": includes no code");
            }
            return rules;
        }

        private static void add(String url, ValueSet.ConceptSetComponent set, Map<String, Set<String>> codes,
                                Map<String, List<String>> prefixes) {
            String system = set.getSystem();
            if (system == null || set.hasValueSet() || set.hasVersion()) {
                throw new IllegalArgumentException(url + ": a compose entry must name one system, no version and no valueSet");
            }
            if (set.hasConcept() == set.hasFilter()) {
                throw new IllegalArgumentException(url + ": a compose entry of " + system
                        + " must list concepts or one is-a filter (a whole code system is not supported)");
            }
            for (ValueSet.ConceptReferenceComponent concept : set.getConcept()) {
                codes.computeIfAbsent(system, s -> new HashSet<>()).add(normalise(system, concept.getCode()));
            }
            if (set.getFilter().size() > 1) {
                throw new IllegalArgumentException(url + ": one filter per compose entry (filters in one entry are ANDed)");
            }
            for (ValueSet.ConceptSetFilterComponent filter : set.getFilter()) {
                if (!isIcd10(system) || !"concept".equals(filter.getProperty())
                        || filter.getOp() != ValueSet.FilterOperator.ISA || !filter.hasValue()) {
                    throw new IllegalArgumentException(url + ": unsupported filter " + filter.getProperty() + " "
                            + filter.getOp() + " " + filter.getValue() + " on " + system
                            + " (only concept is-a on ICD-10-CM and ICD-10-PCS)");
                }
                prefixes.computeIfAbsent(system, s -> new ArrayList<>()).add(normalise(system, filter.getValue()));
            }
        }

        boolean matches(String system, String code) {
            String normal = normalise(system, code);
            return contains(includedCodes, includedPrefixes, system, normal)
                    && !contains(excludedCodes, excludedPrefixes, system, normal);
        }

        private static boolean contains(Map<String, Set<String>> codes, Map<String, List<String>> prefixes,
                                        String system, String code) {
            if (codes.getOrDefault(system, Set.of()).contains(code)) {
                return true;
            }
            for (String prefix : prefixes.getOrDefault(system, List.of())) {
                if (code.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        static boolean isIcd10(String system) {
            return ICD_10_CM.equals(system) || ICD_10_PCS.equals(system);
        }

        /** ICD-10 codes compare without their dot and ignoring case; other systems exactly (trimmed). */
        static String normalise(String system, String code) {
            String trimmed = code.strip();
            return isIcd10(system) ? trimmed.replace(".", "").toUpperCase(Locale.ROOT) : trimmed;
        }
    }

    /** The CodeableConcepts of a resource that decide its sensitivity. */
    static final class ResourceCodes {

        private ResourceCodes() {
        }

        static List<CodeableConcept> of(Resource resource, Function<String, Resource> resolveReference) {
            List<CodeableConcept> codes = new ArrayList<>();
            if (resource instanceof Condition c) {
                codes.add(c.getCode());
            } else if (resource instanceof Procedure p) {
                codes.add(p.getCode());
                codes.addAll(p.getReasonCode());
            } else if (resource instanceof Observation o) {
                codes.add(o.getCode());
                if (o.hasValueCodeableConcept()) {
                    codes.add(o.getValueCodeableConcept());
                }
                for (Observation.ObservationComponentComponent component : o.getComponent()) {
                    codes.add(component.getCode());
                    if (component.hasValueCodeableConcept()) {
                        codes.add(component.getValueCodeableConcept());
                    }
                }
            } else if (resource instanceof DiagnosticReport r) {
                codes.add(r.getCode());
                codes.addAll(r.getConclusionCode());
            } else if (resource instanceof AllergyIntolerance a) {
                codes.add(a.getCode());
            } else if (resource instanceof ServiceRequest s) {
                codes.add(s.getCode());
                codes.addAll(s.getReasonCode());
            } else if (resource instanceof Encounter e) {
                codes.addAll(e.getReasonCode());
                codes.addAll(e.getType());
                for (Encounter.DiagnosisComponent diagnosis : e.getDiagnosis()) {
                    codes.addAll(diagnosisCodes(diagnosis, resolveReference));
                }
            }
            return codes;
        }

        /** The code of the Condition (or Procedure) a diagnosis names; nothing when it cannot be resolved. */
        private static List<CodeableConcept> diagnosisCodes(Encounter.DiagnosisComponent diagnosis,
                                                            Function<String, Resource> resolveReference) {
            Reference reference = diagnosis.getCondition();
            Resource target = reference.getResource() instanceof Resource r ? r : null;
            if (target == null && reference.hasReference() && resolveReference != null) {
                target = resolveReference.apply(reference.getReference());
            }
            if (target instanceof Condition c) {
                return List.of(c.getCode());
            }
            if (target instanceof Procedure p) {
                List<CodeableConcept> codes = new ArrayList<>(p.getReasonCode());
                codes.add(p.getCode());
                return codes;
            }
            return List.of();
        }
    }
}

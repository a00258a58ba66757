package org.fhirgateway.server.consent;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * Configured field masks: paths such as {@code Patient.telecom}, {@code Patient.address.line},
 * {@code Observation.valueString} or {@code *.note} (that child of every resource type that has it), checked
 * against the R4 model when parsed. Applying them removes every repetition of each masked element, through
 * repeating parents, in the resource and in its contained resources; a masked element the model requires
 * (min 1) stays as an empty element with {@code data-absent-reason = masked}. A resource that lost anything
 * gets {@link SecurityLabel#MASKED}.
 */
public final class FieldMasks {

    private final List<String> paths;
    private final Map<String, List<MaskPath>> byType;

    private FieldMasks(List<String> paths, Map<String, List<MaskPath>> byType) {
        this.paths = List.copyOf(paths);
        this.byType = byType;
    }

    /**
     * Parses and checks the paths.
     *
     * @throws IllegalArgumentException naming the first path that is malformed or names no element of the model
     */
    public static FieldMasks parse(List<String> paths) {
        FhirContext fhir = FhirContext.forR4Cached();
        Map<String, List<MaskPath>> byType = new LinkedHashMap<>();
        for (String path : paths) {
            for (MaskPath resolved : resolve(fhir, path)) {
                byType.computeIfAbsent(resolved.resourceType(), type -> new ArrayList<>()).add(resolved);
            }
        }
        byType.replaceAll((type, list) -> List.copyOf(list));
        return new FieldMasks(paths, Map.copyOf(byType));
    }

    private static List<MaskPath> resolve(FhirContext fhir, String path) {
        String[] parts = path == null ? new String[0] : path.trim().split("\\.", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("a field mask is ResourceType.element[.element...] or *.element: " + path);
        }
        List<String> segments = Arrays.asList(parts).subList(1, parts.length);
        List<MaskPath> resolved = new ArrayList<>();
        if (parts[0].equals("*")) {
            for (String type : new TreeSet<>(fhir.getResourceTypes())) {
                MaskPath.resolve(fhir, type, segments).ifPresent(resolved::add);
            }
        } else {
            Optional<MaskPath> one = MaskPath.resolve(fhir, parts[0], segments);
            one.ifPresent(resolved::add);
        }
        if (resolved.isEmpty()) {
            throw new IllegalArgumentException("the field mask " + path + " names no element of the FHIR R4 model");
        }
        return resolved;
    }

    /** The paths as configured. */
    public List<String> paths() {
        return paths;
    }

    /**
     * Removes the masked elements of {@code resource} and of its contained resources.
     *
     * @return whether anything was removed (then {@code meta.security} has {@link SecurityLabel#MASKED})
     */
    public boolean apply(Resource resource) {
        boolean removed = mask(resource);
        if (resource instanceof DomainResource domain) {
            for (Resource contained : domain.getContained()) {
                removed |= mask(contained);
            }
        }
        if (removed) {
            Elements.addLabel(resource, SecurityLabel.MASKED);
        }
        return removed;
    }

    private boolean mask(Resource resource) {
        boolean removed = false;
        for (MaskPath path : byType.getOrDefault(resource.fhirType(), List.of())) {
            removed |= remove(resource, path.steps(), 0);
        }
        return removed;
    }

    private static boolean remove(Base node, List<MaskPath.Step> steps, int index) {
        MaskPath.Step step = steps.get(index);
        Property child = property(node, step.property());
        if (child == null) {
            return false;
        }
        List<Base> selected = step.select(child);
        boolean removed = false;
        if (index < steps.size() - 1) {
            for (Base value : selected) {
                removed |= remove(value, steps, index + 1);
            }
            return removed;
        }
        int remaining = child.getValues().size();
        for (Base value : selected) {
            if (isMaskedAbsent(value)) {
                continue; // masked before: nothing left to remove
            }
            Elements.removeOrMarkAbsent(node, child, value, remaining);
            remaining--;
            removed = true;
        }
        return removed;
    }

    private static Property property(Base node, String name) {
        for (Property child : Elements.children(node)) {
            if (child.getName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    /** An element emptied by an earlier mask: nothing but the data-absent-reason {@code masked}. */
    private static boolean isMaskedAbsent(Base value) {
        if (!(value instanceof Element element) || element.getExtension().size() != 1) {
            return false;
        }
        Extension only = element.getExtension().get(0);
        if (!Elements.DATA_ABSENT_REASON.equals(only.getUrl()) || only.getValue() == null
                || !"masked".equals(only.getValue().primitiveValue())) {
            return false;
        }
        Element bare = element.copy();
        bare.getExtension().clear();
        return bare.isEmpty();
    }
}

package org.fhirgateway.server.consent;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SampledData;

/**
 * The generic walk of Safe Harbor over every element of a resource, through the model's {@code children()}, so
 * that every R4 type is covered by the datatypes it is made of rather than by a list of resource types.
 *
 * <p>Each value is dropped, transformed or kept; kept values are walked in turn (extensions included, those of
 * primitives too); a value left empty is removed, or, where its child is required, marked
 * {@code data-absent-reason = masked} (see {@link Elements#removeOrMarkAbsent}). The rule for text: every
 * {@code string} and {@code markdown} is dropped except the few that describe a code or a unit
 * ({@code Coding.display}, {@code Coding.version}, {@code CodeableConcept.text}, {@code Quantity.unit}) and the
 * kept parts of an address ({@code state}, {@code country}, the folded {@code postalCode}); free text such as
 * {@code Observation.valueString}, {@code DiagnosticReport.conclusion}, a reaction description, an
 * organisation's name or an extension's valueString may hold a name or a number and goes.
 */
final class SafeHarborWalk {

    private final SafeHarborValues values;
    private final Pseudonyms ids;
    /** Called for a resource found inside another one, with the name of the child that holds it. */
    private final BiConsumer<Resource, String> nested;

    SafeHarborWalk(SafeHarborValues values, Pseudonyms ids, BiConsumer<Resource, String> nested) {
        this.values = values;
        this.ids = ids;
        this.nested = nested;
    }

    /** Scrubs every child of {@code element}; a resource's own {@code id} is left to the caller. */
    void scrub(Base element) {
        for (Property child : Elements.children(element)) {
            if (element instanceof Resource && child.getName().equals("id")) {
                continue;
            }
            List<Base> children = Elements.values(child);
            int remaining = children.size();
            for (Base value : children) {
                if (value instanceof Resource resource) {
                    nested.accept(resource, child.getName());
                    continue;
                }
                boolean keep = !dropped(element, child.getName(), value) && transform(element, child.getName(), value);
                if (keep) {
                    scrub(value);
                }
                if (!keep || Elements.isEmpty(value)) {
                    Elements.removeOrMarkAbsent(element, child, value, remaining);
                    remaining--;
                }
            }
        }
    }

    /** Whether a value goes whole, whatever it holds. */
    static boolean dropped(Base parent, String name, Base value) {
        if (parent instanceof Patient && (name.equals("contact") || name.equals("photo"))) {
            return true;
        }
        switch (value.fhirType()) {
            case "HumanName", "ContactPoint", "Identifier", "Narrative", "xhtml", "Annotation", "Signature",
                    "base64Binary", "instant":
                return true;
            case "uri", "url", "oid", "uuid":
                return !keptUri(parent, name);
            case "string", "markdown":
                return !keptString(parent, name);
            case "id":
                return parent instanceof Meta; // versionId: the release is no version of the stored resource
            case "Attachment":
                return name.equals("photo"); // a face is a full-face photograph, whichever resource holds it
            default:
                return false;
        }
    }

    /** The uris that name a code system, a unit system, an extension or a resource type, never a person. */
    private static boolean keptUri(Base parent, String name) {
        return name.equals("system") && !(parent instanceof Resource)
                || parent instanceof Extension && name.equals("url")
                || parent instanceof Reference && name.equals("type");
    }

    private static boolean keptString(Base parent, String name) {
        if (parent instanceof Coding) {
            return name.equals("display") || name.equals("version");
        }
        if (parent instanceof CodeableConcept) {
            return name.equals("text");
        }
        if (parent instanceof Quantity) {
            return name.equals("unit");
        }
        if (parent instanceof Address) {
            return name.equals("state") || name.equals("country") || name.equals("postalCode");
        }
        if (parent instanceof SampledData) {
            return name.equals("data"); // the samples of a waveform: numbers, no identifier
        }
        return parent instanceof Reference && name.equals("reference");
    }

    /** Transforms a kept value in place; false when, transformed, nothing of it may stay. */
    private boolean transform(Base parent, String name, Base value) {
        if (value instanceof BaseDateTimeType date) { // date and dateTime: instants were dropped
            SafeHarborValues.foldToYear(date);
        } else if (value instanceof Quantity quantity && isAgeLike(quantity)) {
            SafeHarborValues.foldOldAge(quantity, quantity.fhirType().equals("Age"));
        } else if (value instanceof Reference reference) {
            SafeHarborValues.pseudonymise(reference, ids);
        } else if (parent instanceof Address address && name.equals("postalCode")) {
            Optional<String> prefix = values.postalCode(address);
            prefix.ifPresent(((PrimitiveType<?>) value)::setValueAsString);
            return prefix.isPresent();
        }
        return true;
    }

    private static boolean isAgeLike(Quantity quantity) {
        String type = quantity.fhirType();
        return type.equals("Age") || type.equals("Quantity") || type.equals("SimpleQuantity");
    }
}

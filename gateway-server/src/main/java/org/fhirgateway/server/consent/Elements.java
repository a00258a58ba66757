package org.fhirgateway.server.consent;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * Surgery on HAPI R4 model elements shared by {@link SafeHarbor} and {@link FieldMasks}: removing one value of a
 * named child, or, when the child is required, leaving a {@code data-absent-reason} of {@code masked} in its place,
 * and putting a security label on a resource.
 */
final class Elements {

    static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    private Elements() {
    }

    /**
     * Removes {@code value} from the child {@code property} of {@code parent}. When the child is required and the
     * value is its last one, the value is emptied in place and marked {@code data-absent-reason = masked} instead
     * (every R4 datatype and backbone element can carry extensions); a required resource-typed child, which
     * cannot, is removed all the same.
     *
     * @param remaining how many values the child still holds, this one included
     */
    static void removeOrMarkAbsent(Base parent, Property property, Base value, int remaining) {
        if (min(parent, property) >= 1 && remaining <= 1 && value instanceof Element element) {
            blank(element);
            element.addExtension(new Extension(DATA_ABSENT_REASON, new CodeType("masked")));
        } else {
            parent.removeChild(property.getName(), value);
        }
    }

    /**
     * The minimum cardinality of a child: the model's {@code Property} says 0 for many required children (such as
     * {@code Provenance.recorded}), so HAPI's runtime definition, read from the {@code @Child} annotations, decides.
     */
    static int min(Base parent, Property property) {
        FhirContext fhir = FhirContext.forR4Cached();
        BaseRuntimeElementDefinition<?> definition = parent instanceof Resource resource
                ? fhir.getResourceDefinition(resource) : fhir.getElementDefinition(parent.getClass());
        if (definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
            BaseRuntimeChildDefinition child = composite.getChildByName(property.getName());
            if (child != null) {
                return Math.max(child.getMin(), property.getMinCardinality());
            }
        }
        return property.getMinCardinality();
    }

    /**
     * Every child of an element. The model's {@code children()} of the 32 R4 resource types that extend
     * MetadataResource (ActivityDefinition, ValueSet...) and of Bundle, Binary and Parameters omits the children of
     * Resource and DomainResource ({@code meta}, {@code text}, {@code contained}, {@code extension}...); they are
     * added here, and {@code removeChild} handles them in every type.
     */
    static List<Property> children(Base element) {
        List<Property> children = element.children();
        if (!(element instanceof Resource resource) || children.stream().anyMatch(c -> c.getName().equals("meta"))) {
            return children;
        }
        List<Property> all = new ArrayList<>();
        if (children.stream().noneMatch(c -> c.getName().equals("id"))) {
            all.add(new Property("id", "id", "", 0, 1, resource.hasIdElement() ? resource.getIdElement() : null));
        }
        all.add(new Property("meta", "Meta", "", 0, 1, resource.hasMeta() ? resource.getMeta() : null));
        all.add(new Property("implicitRules", "uri", "", 0, 1,
                resource.hasImplicitRulesElement() ? resource.getImplicitRulesElement() : null));
        all.add(new Property("language", "code", "", 0, 1,
                resource.hasLanguageElement() ? resource.getLanguageElement() : null));
        if (resource instanceof DomainResource domain) {
            all.add(new Property("text", "Narrative", "", 0, 1, domain.hasText() ? domain.getText() : null));
            all.add(new Property("contained", "Resource", "", 0, Integer.MAX_VALUE, domain.getContained()));
            all.add(new Property("extension", "Extension", "", 0, Integer.MAX_VALUE, domain.getExtension()));
            all.add(new Property("modifierExtension", "Extension", "", 0, Integer.MAX_VALUE,
                    domain.getModifierExtension()));
        }
        all.addAll(children);
        return all;
    }

    /** Empties an element in place: its value if it is a primitive, and every child, extensions and id included. */
    static void blank(Base element) {
        if (element instanceof PrimitiveType<?> primitive) {
            primitive.setValueAsString(null);
        }
        for (Property child : children(element)) {
            for (Base value : List.copyOf(child.getValues())) {
                element.removeChild(child.getName(), value);
            }
        }
    }

    /**
     * Whether an element holds nothing: HAPI's own {@code isEmpty()}, except that an extension with a url but
     * neither a value nor nested extensions is empty too (the url alone says nothing).
     */
    static boolean isEmpty(Base element) {
        if (element instanceof Extension extension) {
            return !extension.hasValue() && !extension.hasExtension();
        }
        return element.isEmpty();
    }

    /** The values of a child, copied so that the caller may remove from the child while it iterates. */
    static List<Base> values(Property property) {
        return new ArrayList<>(property.getValues());
    }

    /** Adds the label to {@code meta.security} unless a coding with the same system and code is already there. */
    static void addLabel(Resource resource, SecurityLabel label) {
        for (Coding coding : resource.getMeta().getSecurity()) {
            if (label.system().equals(coding.getSystem()) && label.code().equals(coding.getCode())) {
                return;
            }
        }
        resource.getMeta().addSecurity().setSystem(label.system()).setCode(label.code());
    }
}

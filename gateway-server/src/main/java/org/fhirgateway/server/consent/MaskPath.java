package org.fhirgateway.server.consent;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;

/**
 * One masked path resolved against the R4 model for one resource type: the chain of children from the
 * resource down to the masked element, each step named as the model's {@code children()} names it
 * ({@code value[x]} for a choice), with the one datatype a choice is narrowed to ({@code valueString}).
 */
record MaskPath(String resourceType, List<Step> steps) {

    /**
     * One child on the way.
     *
     * @param property the child's name in {@code Base.children()}, e.g. {@code telecom} or {@code value[x]}
     * @param choiceType the datatype a choice is narrowed to (e.g. {@code string}), or null for every value
     */
    record Step(String property, String choiceType) {

        /** The child's values this step selects. */
        List<Base> select(Property child) {
            List<Base> selected = new ArrayList<>();
            for (Base value : child.getValues()) {
                if (choiceType == null || choiceType.equals(value.fhirType())) {
                    selected.add(value);
                }
            }
            return selected;
        }
    }

    MaskPath {
        steps = List.copyOf(steps);
    }

    /**
     * Resolves the segments after the resource type ({@code address}, {@code line}) for one resource type.
     * A segment names a child as the specification does: {@code telecom}, {@code valueString} (one type of a
     * choice), {@code value} or {@code value[x]} (every type of it); every segment but the last must be a
     * complex element.
     *
     * @return empty when the type has no such path
     */
    static Optional<MaskPath> resolve(FhirContext fhir, String resourceType, List<String> segments) {
        BaseRuntimeElementCompositeDefinition<?> definition;
        try {
            definition = fhir.getResourceDefinition(resourceType);
        } catch (DataFormatException unknownType) {
            return Optional.empty();
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            BaseRuntimeChildDefinition child = child(definition, segment);
            if (child == null) {
                return Optional.empty();
            }
            boolean choice = child instanceof RuntimeChildChoiceDefinition;
            boolean narrowed = choice && child.getValidChildNames().contains(segment);
            BaseRuntimeElementDefinition<?> element = !choice || narrowed ? child.getChildByName(segment) : null;
            steps.add(new Step(choice ? child.getElementName() + "[x]" : child.getElementName(),
                    narrowed ? element.getName() : null));
            if (i < segments.size() - 1) {
                if (!(element instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                    return Optional.empty(); // a primitive, or a choice not narrowed to one complex type
                }
                definition = composite;
            }
        }
        return Optional.of(new MaskPath(resourceType, steps));
    }

    private static BaseRuntimeChildDefinition child(BaseRuntimeElementCompositeDefinition<?> definition, String segment) {
        if (segment.isEmpty()) {
            return null;
        }
        BaseRuntimeChildDefinition child = definition.getChildByName(segment);
        if (child == null && !segment.endsWith("[x]")) {
            child = definition.getChildByName(segment + "[x]");
        }
        if (child instanceof RuntimeChildChoiceDefinition && segment.endsWith("[x]")
                && !segment.equals(child.getElementName() + "[x]")) {
            return null;
        }
        return child;
    }
}

package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import java.util.List;
import org.fhirgateway.server.store.IndexRows;
import org.fhirgateway.server.store.ResourceIndexer;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts the index rows of a resource: every search parameter of its type, FHIRPath compiled once (registry),
 * evaluated here with a context whose {@code resolve()} yields an empty resource of the referenced type, so
 * {@code subject.where(resolve() is Patient)} works. {@code _id} and {@code _lastUpdated} live in the resource table.
 */
final class Indexer implements ResourceIndexer {

    private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);

    private final SearchParamRegistry registry;
    private final ThreadLocal<IFhirPath> engines;

    Indexer(SearchParamRegistry registry) {
        this.registry = registry;
        FhirContext fhir = registry.fhir();
        this.engines = ThreadLocal.withInitial(() -> {
            IFhirPath engine = fhir.newFhirPath();
            engine.setEvaluationContext(new ResolveToEmpty(fhir));
            return engine;
        });
    }

    private final java.util.Map<String, List<ParamDef>> compartmentParams = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public IndexRows index(Resource resource) {
        IndexRows rows = new IndexRows();
        IFhirPath engine = engines.get();
        for (ParamDef def : registry.all(resource.fhirType())) {
            if (def.expression() == null || "_id".equals(def.name()) || "_lastUpdated".equals(def.name())) {
                continue;
            }
            ParamKind kind = ParamKinds.of(def).orElse(null);
            if (kind == null) {
                continue;
            }
            for (IBase value : evaluate(engine, resource, def)) {
                kind.extract(def, value, rows);
            }
        }
        return rows;
    }

    @Override
    public String compartmentPatient(Resource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.Patient) {
            return resource.getIdElement().getIdPart();
        }
        IFhirPath engine = engines.get();
        for (ParamDef def : compartmentParams.computeIfAbsent(resource.fhirType(), this::patientCompartmentParams)) {
            for (IBase value : evaluate(engine, resource, def)) {
                if (value instanceof org.hl7.fhir.r4.model.Reference ref && ref.hasReference()) {
                    org.hl7.fhir.r4.model.IdType target = new org.hl7.fhir.r4.model.IdType(ref.getReference());
                    if ("Patient".equals(target.getResourceType()) && !target.isAbsolute() && target.hasIdPart()) {
                        return target.getIdPart();
                    }
                }
            }
        }
        return null;
    }

    /** The reference parameters that put a resource of the type in the Patient compartment, patient and subject first. */
    private List<ParamDef> patientCompartmentParams(String type) {
        return registry.all(type).stream()
                .filter(d -> d.expression() != null && d.compartments().contains("Patient")
                        && ParamKinds.of(d).orElse(null) instanceof ReferenceKind)
                .sorted(java.util.Comparator.comparingInt(d -> switch (d.name()) {
                    case "patient" -> 0;
                    case "subject" -> 1;
                    default -> 2;
                }))
                .toList();
    }

    private static List<IBase> evaluate(IFhirPath engine, Resource resource, ParamDef def) {
        try {
            return engine.evaluate(resource, def.expression(), IBase.class);
        } catch (RuntimeException e) {
            LOG.debug("search parameter {}.{} could not be evaluated: {}", def.resourceType(), def.name(),
                    e.getClass().getSimpleName());
            return List.of();
        }
    }

    /** resolve() returns an empty instance of the referenced type (enough for {@code is Patient}). */
    private static final class ResolveToEmpty implements IFhirPathEvaluationContext {

        private final FhirContext fhir;

        ResolveToEmpty(FhirContext fhir) {
            this.fhir = fhir;
        }

        @Override
        public IBase resolveReference(IIdType id, IBase context) {
            String type = id == null ? null : id.getResourceType();
            if (type == null || !fhir.getResourceTypes().contains(type)) {
                return null;
            }
            RuntimeResourceDefinition def = fhir.getResourceDefinition(type);
            return def.newInstance();
        }
    }
}

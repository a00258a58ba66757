package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import java.util.Locale;
import org.fhirgateway.profiles.ConformancePackage;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * StructureDefinition, ValueSet, CodeSystem and ConceptMap: the gateway's conformance package (the profiles
 * module), served read-only to any authenticated client. They hold no patient data, so no scope is asked; they
 * are not in the store, so they can never be written or mixed with patient resources.
 */
final class ConformanceProvider implements IResourceProvider {

    static final List<String> TYPES = List.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap");
    static final List<String> SEARCH_PARAMS = List.of("_id", "url", "name", "version");

    private final Class<? extends IBaseResource> resourceClass;
    private final String type;
    private final PackageResources resources;

    private ConformanceProvider(Class<? extends IBaseResource> resourceClass, PackageResources resources) {
        this.resourceClass = resourceClass;
        this.type = resourceClass.getSimpleName();
        this.resources = resources;
    }

    /** One provider per conformance type, over the package read once, on the first request (not at start-up). */
    static List<IResourceProvider> all(FhirContext fhir) {
        PackageResources resources = new PackageResources();
        return TYPES.stream().<IResourceProvider>map(type -> new ConformanceProvider(
                fhir.getResourceDefinition(type).getImplementingClass(), resources)).toList();
    }

    /** The package's metadata resources, parsed on first use and kept. */
    private static final class PackageResources {
        private volatile List<MetadataResource> loaded;

        List<MetadataResource> ofType(String type) {
            List<MetadataResource> all = loaded;
            if (all == null) {
                synchronized (this) {
                    if (loaded == null) {
                        loaded = ConformancePackage.load(FhirContext.forR4Cached()).stream()
                                .filter(r -> r instanceof MetadataResource).map(r -> (MetadataResource) r).toList();
                    }
                    all = loaded;
                }
            }
            return all.stream().filter(r -> r.fhirType().equals(type)).toList();
        }
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return resourceClass;
    }

    @Read
    public IBaseResource read(@IdParam IdType id, RequestDetails request) {
        RequestAccess.of(request);
        return resources.ofType(type).stream().filter(r -> r.getIdElement().getIdPart().equals(id.getIdPart())).findFirst()
                .orElseThrow(() -> new StoreException(StoreError.RESOURCE_NOT_FOUND,
                        type + "/" + id.getIdPart() + " is not in the gateway's package"));
    }

    @Search
    public List<MetadataResource> search(@OptionalParam(name = "_id") TokenParam id,
            @OptionalParam(name = "url") UriParam url, @OptionalParam(name = "name") StringParam name,
            @OptionalParam(name = "version") TokenParam version, RequestDetails request) {
        RequestAccess.of(request);
        return resources.ofType(type).stream()
                .filter(r -> matches(r.getIdElement().getIdPart(), id, id == null ? null : id.getValue()))
                .filter(r -> matches(r.getUrl(), url, url == null ? null : url.getValue()))
                .filter(r -> name == null || name.getMissing() != null ? matches(r.getName(), name, null)
                        : startsWith(r.getName(), name))
                .filter(r -> matches(r.getVersion(), version, version == null ? null : version.getValue()))
                .toList();
    }

    /** No parameter: everything; {@code :missing}: by presence; else equality with the parameter's value. */
    private static boolean matches(String value, ca.uhn.fhir.model.api.IQueryParameterType param, String wanted) {
        if (param == null) {
            return true;
        }
        if (param.getMissing() != null) {
            return param.getMissing() == (value == null || value.isEmpty());
        }
        return wanted != null && wanted.equals(value);
    }

    /** FHIR string search: case-insensitive prefix, or the whole value with :exact. */
    private static boolean startsWith(String value, StringParam param) {
        if (value == null) {
            return false;
        }
        return param.isExact() ? value.equals(param.getValue())
                : value.toLowerCase(Locale.ROOT).startsWith(param.getValue().toLowerCase(Locale.ROOT));
    }
}

package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.subscription.Subscriptions;
import org.hl7.fhir.r4.model.Resource;

/**
 * The rest package's public face: the HAPI {@link RestfulServer} serving {@code /fhir}, with the generic resource
 * provider registered once per supported type, the system provider, the CapabilityStatement built from those
 * registrations, and the interceptors for errors and media types; plus the request size limit filter.
 * Request bodies are parsed strictly (its own FhirContext): an unknown element or a value of the wrong JSON type is
 * a 400, not silently dropped or coerced.
 */
public final class FhirEndpoint {

    public static final String FHIR_PATH = "/fhir";

    /** Every resource type the gateway serves (one generic provider each): store.ServedTypes. */
    public static final List<String> RESOURCE_TYPES = org.fhirgateway.server.store.ServedTypes.names();

    private final RestfulServer server;
    private final long maxRequestBytes;

    private final BulkStatusServlet bulkStatus;

    /**
     * @param settings what the endpoint needs to know of the deployment
     * @param engine the store and search every provider works through
     * @param reports the records staff's reports
     * @param subscriptions the Subscription writes, or null to serve Subscriptions as plain resources
     * @param export the Bulk Data export ({@code $export} and its status and file URLs)
     */
    public FhirEndpoint(EndpointSettings settings, StorageEngine engine, Reports reports, Subscriptions subscriptions,
            org.fhirgateway.server.export.BulkExport export) {
        this.maxRequestBytes = settings.maxRequestBytes();
        FhirContext fhir = FhirContext.forR4();
        fhir.setParserErrorHandler(new StrictErrorHandler());
        this.server = new RestfulServer(fhir);
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setDefaultPrettyPrint(false);
        server.setUncompressIncomingContents(false);
        if (settings.publicBaseUrl() != null) {
            server.setServerAddressStrategy(new HardcodedServerAddressStrategy(settings.publicBaseUrl() + FHIR_PATH));
        }
        List<IResourceProvider> providers = new ArrayList<>();
        java.time.Clock clock = java.time.Clock.systemUTC();
        AuditEventProvider audit = new AuditEventProvider(engine.store().disclosures(), clock);
        providers.add(audit);
        ValidateOperation validation = new ValidateOperation();
        for (String type : RESOURCE_TYPES) {
            if ("AuditEvent".equals(type)) {
                continue;
            }
            Class<? extends Resource> resourceClass = fhir.getResourceDefinition(type).getImplementingClass().asSubclass(Resource.class);
            providers.add(new ResourceProvider(resourceClass, engine.store(), engine.search(),
                    "Subscription".equals(type) ? subscriptions : null, validation));
        }
        providers.addAll(ConformanceProvider.all(fhir));
        server.setResourceProviders(providers);
        server.registerProviders(List.of(new SystemProvider(engine.store(), RESOURCE_TYPES), new EverythingProvider(engine.search()),
                new AuditEventProvider.PatientDisclosures(audit),
                new ReportProvider(reports.census(), reports.abstracts(), reports.closure()),
                new ExportProvider(export, fhir)));
        this.bulkStatus = new BulkStatusServlet(export);
        SupportedSearchParams params = new SupportedSearchParams(fhir);
        server.setServerConformanceProvider(new MetadataProvider(
                new CapabilityStatementFactory(RESOURCE_TYPES, params::forType, settings.softwareVersion())));
        server.registerInterceptor(new MethodInterceptor());
        server.registerInterceptor(new ContentTypeInterceptor());
        server.registerInterceptor(new ErrorInterceptor(new StoreErrors()));
        server.registerInterceptor(new SearchTotalInterceptor());
        server.registerInterceptor(new PseudonymousRequests(engine.store().disclosures()));
        server.registerInterceptor(new ReleaseInterceptor(new org.fhirgateway.server.store.ReleaseRecorder(
                engine.store(), new org.fhirgateway.server.consent.Release(settings.releaseKey(), clock), clock)));
    }

    /** The servlet to map at {@code /fhir/*}. */
    public HttpServlet servlet() {
        return server;
    }

    /** The servlet to map at {@link #BULK_PATH}{@code /*}: Bulk Data status, cancel and file download. */
    public HttpServlet bulkServlet() {
        return bulkStatus;
    }

    /** Where the Bulk Data status and file URLs live (under the FHIR base, so behind the same auth filter). */
    public static final String BULK_PATH = FHIR_PATH + BulkStatusServlet.PATH;

    /** The filter to put in front of every endpoint that takes a body (413 above the limit). */
    public Filter bodyLimitFilter() {
        return new BodyLimitFilter(maxRequestBytes);
    }

    /** The records staff's reports (docs/reports.md), built by the application over the same engine. */
    public record Reports(org.fhirgateway.server.report.Census census,
            org.fhirgateway.server.report.CodingAbstract abstracts, org.fhirgateway.server.report.TaskClosure closure) {}

    /**
     * @param maxRequestBytes largest accepted request body
     * @param publicBaseUrl externally visible base URL without {@code /fhir}, or null to use each request's
     * @param softwareVersion the version stated in the CapabilityStatement
     * @param releaseKey the secret de-identified clients' pseudonyms are computed with (the same on every node)
     */
    public record EndpointSettings(long maxRequestBytes, String publicBaseUrl, String softwareVersion,
            byte[] releaseKey) {}
}

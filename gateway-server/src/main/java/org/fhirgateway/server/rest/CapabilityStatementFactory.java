package org.fhirgateway.server.rest;

import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalDeleteStatus;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Builds the CapabilityStatement from what is actually registered: the resource types served by the generic
 * provider, the interactions it implements, the search parameters the engine reports, the operations, and the
 * SMART security section. Nothing here is guessed from annotations.
 */
final class CapabilityStatementFactory {

    static final List<TypeRestfulInteraction> TYPE_INTERACTIONS = List.of(
            TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE,
            TypeRestfulInteraction.DELETE, TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.HISTORYTYPE,
            TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE);
    static final List<SystemRestfulInteraction> SYSTEM_INTERACTIONS = List.of(
            SystemRestfulInteraction.TRANSACTION, SystemRestfulInteraction.BATCH, SystemRestfulInteraction.HISTORYSYSTEM);
    static final String VALIDATE_DEFINITION = "http://hl7.org/fhir/OperationDefinition/Resource-validate";
    static final String EVERYTHING_DEFINITION = "http://hl7.org/fhir/OperationDefinition/Patient-everything";
    /** Declares the channel types a Subscription may use (the backport IG's capability extension). */
    static final String SUBSCRIPTION_CHANNEL =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptions-channel-type";
    /** HL7 FHIR Bulk Data Access 2.0.0 canonical base. */
    static final String BULK_DATA = "http://hl7.org/fhir/uv/bulkdata/";
    private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final List<String> resourceTypes;
    private final Function<String, List<SearchParamInfo>> searchParams;
    private final String softwareVersion;

    CapabilityStatementFactory(List<String> resourceTypes, Function<String, List<SearchParamInfo>> searchParams,
            String softwareVersion) {
        this.resourceTypes = List.copyOf(resourceTypes);
        this.searchParams = searchParams;
        this.softwareVersion = softwareVersion;
    }

    /** @param fhirBase the FHIR base URL as the caller sees it; @param tokenEndpoint the SMART token endpoint */
    CapabilityStatement build(String fhirBase, String tokenEndpoint) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(PublicationStatus.ACTIVE).setDate(new Date()).setKind(CapabilityStatementKind.INSTANCE)
                .setFhirVersion(FHIRVersion._4_0_1).setPublisher("FHIR gateway");
        cs.getSoftware().setName("FHIR gateway").setVersion(softwareVersion);
        cs.getImplementation().setDescription("HL7 v2 to FHIR R4 gateway").setUrl(fhirBase);
        cs.addFormat("application/fhir+json").addFormat("application/fhir+xml").addFormat("json").addFormat("xml");
        CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        security(rest, tokenEndpoint);
        resourceTypes.forEach(type -> rest.addResource(resource(type)));
        ConformanceProvider.TYPES.forEach(type -> rest.addResource(conformanceResource(type)));
        SYSTEM_INTERACTIONS.forEach(code -> rest.addInteraction().setCode(code));
        cs.addInstantiates(BULK_DATA + "CapabilityStatement/bulk-data");
        rest.addOperation().setName("export").setDefinition(BULK_DATA + "OperationDefinition/export");
        return cs;
    }

    private CapabilityStatementRestResourceComponent resource(String type) {
        CapabilityStatementRestResourceComponent resource = new CapabilityStatementRestResourceComponent().setType(type);
        resource.setProfile("http://hl7.org/fhir/StructureDefinition/" + type);
        String gatewayProfile = org.fhirgateway.mappers.segment.Profiles.BY_TYPE.get(type);
        if (gatewayProfile != null) {
            // what the mappers write declares it in meta.profile (the profiles module's package)
            resource.addSupportedProfile(gatewayProfile);
        }
        TYPE_INTERACTIONS.forEach(code -> resource.addInteraction().setCode(code));
        resource.addOperation().setName("validate").setDefinition(VALIDATE_DEFINITION);
        resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setReadHistory(true).setUpdateCreate(true)
                .setConditionalCreate(true).setConditionalUpdate(true).setConditionalDelete(ConditionalDeleteStatus.SINGLE);
        for (SearchParamInfo param : searchParams.apply(type)) {
            var sp = resource.addSearchParam().setName(param.name()).setType(SearchParamType.fromCode(param.type()));
            if (param.definition() != null) {
                sp.setDefinition(param.definition());
            }
        }
        if ("Subscription".equals(type)) {
            // R4 Subscriptions: rest-hook channel, payload full / id-only (backport extension) / empty
            resource.setConditionalCreate(false).setConditionalUpdate(false)
                    .setConditionalDelete(ConditionalDeleteStatus.NOTSUPPORTED)
                    .setDocumentation("R4 Subscriptions with channel rest-hook; criteria: a search of one served "
                            + "type; payload application/fhir+json (full resource, or id-only/empty with the "
                            + "backport-payload-content extension) or absent (empty); notifications are history "
                            + "Bundles (Subscriptions Backport style), at least once, in order per patient, "
                            + "consent-filtered for the owner and audited; see docs/subscriptions.md");
            resource.addExtension(SUBSCRIPTION_CHANNEL, new org.hl7.fhir.r4.model.CodeType("rest-hook"));
        }
        if ("Patient".equals(type)) {
            resource.addOperation().setName("everything").setDefinition(EVERYTHING_DEFINITION);
            resource.addOperation().setName("export").setDefinition(BULK_DATA + "OperationDefinition/patient-export");
        }
        if ("Group".equals(type)) {
            resource.addOperation().setName("export").setDefinition(BULK_DATA + "OperationDefinition/group-export");
        }
        return resource;
    }

    /** The gateway's own conformance resources: read and search by url, name and version (no writes). */
    private static CapabilityStatementRestResourceComponent conformanceResource(String type) {
        CapabilityStatementRestResourceComponent resource = new CapabilityStatementRestResourceComponent().setType(type);
        resource.setProfile("http://hl7.org/fhir/StructureDefinition/" + type);
        resource.addInteraction().setCode(TypeRestfulInteraction.READ);
        resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        resource.setDocumentation("The gateway's conformance package (read-only, any authenticated client)");
        for (String name : ConformanceProvider.SEARCH_PARAMS) {
            resource.addSearchParam().setName(name).setType(name.equals("url") ? SearchParamType.URI
                    : name.equals("_id") ? SearchParamType.TOKEN : SearchParamType.STRING);
        }
        return resource;
    }

    private static void security(CapabilityStatementRestComponent rest, String tokenEndpoint) {
        var security = rest.getSecurity();
        security.setCors(false).setDescription("SMART Backend Services (client_credentials with private_key_jwt); "
                + "every request except metadata needs a bearer token; system scopes per resource type and read/write.");
        security.addService().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service").setCode("SMART-on-FHIR");
        Extension oauth = security.addExtension().setUrl(OAUTH_URIS);
        oauth.addExtension("token", new UriType(tokenEndpoint));
    }
}

package org.fhirgateway.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the design, checked on the compiled classes: data flows one way (v2 in, mapping,
 * store, consent-filtered out), a lower layer never imports a higher one, and only the application layer
 * wires things together or reads the environment.
 */
class LayeringTest {

    private static final String APP = "org.fhirgateway.server.app..";
    private static final String REST = "org.fhirgateway.server.rest..";
    private static final String AUTH = "org.fhirgateway.server.auth..";
    private static final String INGEST = "org.fhirgateway.server.ingest..";
    private static final String STORE = "org.fhirgateway.server.store..";
    private static final String SEARCH = "org.fhirgateway.server.search..";
    private static final String CONSENT = "org.fhirgateway.server.consent..";
    private static final String REPORT = "org.fhirgateway.server.report..";
    private static final String EXPORT = "org.fhirgateway.server.export..";
    private static final String SUBSCRIPTION = "org.fhirgateway.server.subscription..";
    private static final String OPS = "org.fhirgateway.server.ops..";
    private static final String CONSOLE = "org.fhirgateway.server.console..";
    private static final String HTTP_SERVER = "ca.uhn.fhir.rest.server..";
    private static final String SERVLET = "jakarta.servlet..";
    private static final String JETTY = "org.eclipse.jetty..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fhirgateway");
    }

    @Test
    void mappersArePureAndKnowNothingOfServersOrDatabases() {
        noClasses().that().resideInAPackage("org.fhirgateway.mappers..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.fhirgateway.server..", "java.sql..", "javax.sql..", SERVLET, JETTY,
                        "ca.uhn.fhir.rest..", "java.net.http..")
                .check(classes);
    }

    @Test
    void storeKnowsNothingOfTheLayersAboveIt() {
        noClasses().that().resideInAPackage(STORE)
                .should().dependOnClassesThat().resideInAnyPackage(
                        SEARCH, REST, AUTH, INGEST, APP, EXPORT, SUBSCRIPTION, HTTP_SERVER, SERVLET, JETTY)
                .check(classes);
    }

    @Test
    void searchKnowsNothingOfHttpIngestOrAuth() {
        noClasses().that().resideInAPackage(SEARCH)
                .should().dependOnClassesThat().resideInAnyPackage(REST, AUTH, INGEST, APP, HTTP_SERVER, SERVLET, JETTY)
                .check(classes);
    }

    /** Reports read through the store and the search with the caller's AccessContext, and know no HTTP. */
    @Test
    void reportsUseStoreSearchAndConsentOnly() {
        noClasses().that().resideInAPackage(REPORT)
                .should().dependOnClassesThat().resideInAnyPackage(REST, APP, INGEST, AUTH, EXPORT, HTTP_SERVER,
                        SERVLET, JETTY)
                .check(classes);
    }

    @Test
    void onlyRestAndTheApplicationUseReports() {
        noClasses().that().resideInAnyPackage(STORE, SEARCH, CONSENT, AUTH, INGEST)
                .should().dependOnClassesThat().resideInAPackage(REPORT)
                .check(classes);
    }

    @Test
    void subscriptionsReachDataOnlyThroughStoreSearchAndConsent() {
        // the owner's AccessContext comes from the application (Owners), not from auth; deliveries use the JDK
        // HTTP client, never the server side of HAPI, servlets or Jetty
        noClasses().that().resideInAPackage(SUBSCRIPTION)
                .should().dependOnClassesThat().resideInAnyPackage(REST, AUTH, INGEST, APP, EXPORT, HTTP_SERVER,
                        SERVLET, JETTY)
                .check(classes);
        noClasses().that().resideInAnyPackage(STORE, SEARCH, CONSENT, AUTH, INGEST)
                .should().dependOnClassesThat().resideInAPackage(SUBSCRIPTION)
                .check(classes);
    }

    @Test
    void consentPoliciesKnowNothingOfHttpOrIngest() {
        noClasses().that().resideInAPackage(CONSENT)
                .should().dependOnClassesThat().resideInAnyPackage(REST, INGEST, APP, SERVLET, JETTY)
                .check(classes);
    }

    @Test
    void authKnowsNoProvidersStorageOrJetty() {
        noClasses().that().resideInAPackage(AUTH)
                .should().dependOnClassesThat().resideInAnyPackage(REST, APP, STORE, SEARCH, JETTY, "ca.uhn.fhir.rest..")
                .check(classes);
    }

    @Test
    void restSpeaksServletNotJetty() {
        noClasses().that().resideInAPackage(REST)
                .should().dependOnClassesThat().resideInAnyPackage(APP, JETTY)
                .check(classes);
    }

    /** Metrics and health watch the others through their listener interfaces; only the application wires them. */
    @Test
    void operationsAreWiredOnlyByTheApplicationAndMicrometerStaysThere() {
        noClasses().that().resideOutsideOfPackages(APP, OPS)
                .should().dependOnClassesThat().resideInAPackage(OPS)
                .check(classes);
        noClasses().that().resideOutsideOfPackage(OPS)
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(classes);
    }

    /**
     * The web console reads through the same doors as the API (ingest's InboxAdmin, the reports, the consent and
     * store services, each given the signed-in client's AccessContext); it knows neither the REST providers, nor
     * the auth internals (the application hands it a sign-in function), nor Jetty. Nothing else uses it.
     */
    @Test
    void theConsoleReadsThroughTheApiDoorsAndNothingDependsOnIt() {
        noClasses().that().resideInAPackage(CONSOLE)
                .should().dependOnClassesThat().resideInAnyPackage(REST, AUTH, APP, EXPORT, SUBSCRIPTION, OPS,
                        HTTP_SERVER, JETTY)
                .check(classes);
        noClasses().that().resideOutsideOfPackages(APP, CONSOLE)
                .should().dependOnClassesThat().resideInAPackage(CONSOLE)
                .check(classes);
    }

    @Test
    void onlyTheApplicationLayerWiresThingsTogether() {
        noClasses().that().resideOutsideOfPackage(APP)
                .should().dependOnClassesThat().resideInAPackage(APP)
                .check(classes);
    }

    @Test
    void onlyTheApplicationLayerReadsTheEnvironment() {
        noClasses().that().resideOutsideOfPackage(APP)
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .check(classes);
    }
}

package org.fhirgateway.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the design, checked on the compiled classes: data flows one way (v2 in, mapping,
 * store, consent-filtered out) and a lower layer never imports a higher one.
 */
class LayeringTest {

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
                        "org.fhirgateway.server..", "java.sql..", "javax.sql..", "jakarta.servlet..",
                        "org.eclipse.jetty..", "ca.uhn.fhir.rest..", "java.net..")
                .check(classes);
    }

    @Test
    void storeKnowsNothingOfHttpIngestOrAuth() {
        noClasses().that().resideInAPackage("org.fhirgateway.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.fhirgateway.server.rest..", "org.fhirgateway.server.auth..",
                        "org.fhirgateway.server.ingest..", "org.fhirgateway.server.app..",
                        "org.fhirgateway.server.export..", "jakarta.servlet..", "org.eclipse.jetty..",
                        "ca.uhn.fhir.rest.server..")
                .check(classes);
    }

    @Test
    void searchKnowsNothingOfHttpIngestOrAuth() {
        noClasses().that().resideInAPackage("org.fhirgateway.server.search..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.fhirgateway.server.rest..", "org.fhirgateway.server.auth..",
                        "org.fhirgateway.server.ingest..", "org.fhirgateway.server.app..",
                        "jakarta.servlet..", "org.eclipse.jetty..", "ca.uhn.fhir.rest.server..")
                .check(classes);
    }

    @Test
    void consentPoliciesKnowNothingOfHttpOrIngest() {
        noClasses().that().resideInAPackage("org.fhirgateway.server.consent..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.fhirgateway.server.rest..", "org.fhirgateway.server.ingest..",
                        "org.fhirgateway.server.app..", "jakarta.servlet..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void onlyTheApplicationLayerWiresThingsTogether() {
        noClasses().that().resideOutsideOfPackage("org.fhirgateway.server.app..")
                .should().dependOnClassesThat().resideInAPackage("org.fhirgateway.server.app..")
                .check(classes);
    }
}

package org.fhirgateway.mappers.datatype;

import java.time.ZoneId;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.terminology.Terminology;

/**
 * What the data type mappers of one message share: settings, concept maps, the issue list, and the
 * identifier system that scopes identifiers sent without an assigning authority (the sending facility's).
 */
public final class DatatypeContext {

    private final MapperConfig config;
    private final Terminology terminology;
    private final Issues issues;
    private String localSystem;

    public DatatypeContext(MapperConfig config, Terminology terminology, Issues issues) {
        this.config = config;
        this.terminology = terminology;
        this.issues = issues;
        this.localSystem = config.identifierSystemBase() + "local";
    }

    public MapperConfig config() {
        return config;
    }

    public ZoneId zone() {
        return config.defaultZone();
    }

    public Terminology terminology() {
        return terminology;
    }

    public Issues issues() {
        return issues;
    }

    /** The system of identifiers that carry no assigning authority. */
    public String localSystem() {
        return localSystem;
    }

    public void localSystem(String system) {
        this.localSystem = system;
    }
}

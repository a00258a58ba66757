package org.fhirgateway.server.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Person;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * HIPAA Safe Harbor de-identification (45 CFR 164.514(b)(2)) of one FHIR R4 resource, in place.
 *
 * <p>Names, telecom, identifiers, narrative, notes, signatures, binary data, instants, free-text strings and
 * person-identifying uris go; dates keep their year; addresses keep state, country and a three-digit ZIP prefix
 * ({@code 000} in the low-population areas); references and the resource's own id are pseudonymised; a person
 * born more than 89 years ago loses the birth date and gets the {@link #AGE_GROUP} extension {@code 90+}; an age
 * of 90 or more becomes {@code >= 90 a}. {@code meta.versionId}, {@code meta.lastUpdated} and {@code meta.source}
 * go (a year cannot be an instant, and the release is no version of the stored resource); {@code meta.security}
 * gains {@link SecurityLabel#PSEUDONYMISED}. The element rules are those of {@link SafeHarborWalk}. Applying it
 * twice gives the same result as once.
 */
public final class SafeHarbor {

    /** The extension that replaces the birth date of a person aged 90 or more; its valueString is {@code 90+}. */
    public static final String AGE_GROUP = "http://fhirgateway.org/fhir/StructureDefinition/age-group";
    public static final String NINETY_OR_MORE = "90+";

    /**
     * The three-digit ZIP prefixes of areas of 20,000 people or fewer, per the HHS guidance on the 2000 Census
     * (Guidance Regarding Methods for De-identification of PHI, section 3.4); each becomes {@code 000}.
     */
    public static final Set<String> HHS_LOW_POPULATION_ZIP3 = Set.of("036", "059", "063", "102", "203", "556",
            "692", "790", "821", "823", "830", "831", "878", "879", "884", "890", "893");

    private final SafeHarborValues values;
    private final Clock clock;

    public SafeHarbor(Set<String> lowPopulationZip3, Clock clock) {
        for (String prefix : lowPopulationZip3) {
            if (prefix == null || !prefix.matches("[0-9]{3}")) {
                throw new IllegalArgumentException("a low-population ZIP prefix is three digits: " + prefix);
            }
        }
        this.values = new SafeHarborValues(lowPopulationZip3);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Safe Harbor with the HHS list of low-population ZIP prefixes. */
    public static SafeHarbor standard(Clock clock) {
        return new SafeHarbor(HHS_LOW_POPULATION_ZIP3, clock);
    }

    /**
     * De-identifies {@code resource} in place. Contained resources are scrubbed by the same rules but keep their
     * local ids; any other resource inside it (a Bundle entry, a Parameters part) is de-identified fully.
     *
     * @throws IllegalStateException if {@code ids} gives a pseudonym that is not a valid FHIR id or equals the real id
     */
    public void apply(Resource resource, Pseudonyms ids) {
        Objects.requireNonNull(ids, "ids");
        apply(resource, ids, false);
    }

    private void apply(Resource resource, Pseudonyms ids, boolean contained) {
        boolean ninetyOrMore = removeBirthDateIfNinetyOrMore(resource);
        new SafeHarborWalk(values, ids, (inner, child) -> apply(inner, ids, child.equals("contained"))).scrub(resource);
        if (ninetyOrMore && resource instanceof DomainResource domain) {
            domain.addExtension(new Extension(AGE_GROUP, new StringType(NINETY_OR_MORE)));
        }
        if (!contained) {
            IdType id = resource.getIdElement();
            resource.setIdElement(id.hasIdPart()
                    ? new IdType(SafeHarborValues.pseudonym(ids, resource.fhirType(), id.getIdPart()))
                    : null);
            Elements.addLabel(resource, SecurityLabel.PSEUDONYMISED);
        }
    }

    /**
     * For a resource about a person with a birth date: removes the birth date when the person may be 90 or older
     * at the clock's today, counting from the earliest day the date allows (so {@code 1936} counts as
     * {@code 1936-01-01}). A resource that already carries the age-group extension is taken as 90 or more.
     *
     * @return whether the age-group extension is to be added
     */
    private boolean removeBirthDateIfNinetyOrMore(Resource resource) {
        DateType birthDate = birthDate(resource);
        boolean marked = resource instanceof DomainResource domain
                && domain.getExtensionsByUrl(AGE_GROUP).stream()
                        .anyMatch(e -> e.getValue() != null && NINETY_OR_MORE.equals(e.getValue().primitiveValue()));
        boolean old = marked || birthDate != null && birthDate.hasValue()
                && Period.between(earliest(birthDate.getValueAsString()), LocalDate.now(clock)).getYears()
                        > SafeHarborValues.OLDEST_KEPT_AGE;
        if (old && birthDate != null) {
            birthDate.setValueAsString(null);
            birthDate.getExtension().clear();
        }
        return old;
    }

    private static DateType birthDate(Resource resource) {
        if (resource instanceof Patient patient) {
            return patient.hasBirthDateElement() ? patient.getBirthDateElement() : null;
        } else if (resource instanceof RelatedPerson person) {
            return person.hasBirthDateElement() ? person.getBirthDateElement() : null;
        } else if (resource instanceof Practitioner practitioner) {
            return practitioner.hasBirthDateElement() ? practitioner.getBirthDateElement() : null;
        } else if (resource instanceof Person person) {
            return person.hasBirthDateElement() ? person.getBirthDateElement() : null;
        }
        return null;
    }

    /** The earliest day a FHIR date ({@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}) allows. */
    private static LocalDate earliest(String date) {
        int year = Integer.parseInt(date.substring(0, 4));
        int month = date.length() >= 7 ? Integer.parseInt(date.substring(5, 7)) : 1;
        int day = date.length() >= 10 ? Integer.parseInt(date.substring(8, 10)) : 1;
        return LocalDate.of(year, month, day);
    }
}

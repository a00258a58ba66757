package org.fhirgateway.server.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.mappers.SourceMessage;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

/**
 * Labs fill gaps, never overwrite ADT demographics (issue 17). The patient's ADT feed owns the demographics: a
 * message of type ADT, or any message of a sender named in {@code v2DemographicsSenders} (MSH-3 or MSH-4), writes
 * its Patient as mapped. Any other message (ORU, VXU, ORM...) only fills what the stored Patient lacks: name parts,
 * birth date, gender, address and telecom the stored Patient has are kept as stored, the ones it lacks are taken
 * from the message. {@link ApplyMerge} applies it to the stored Patient it has just matched, after keeping what the
 * message did not send; a Patient not stored yet is written as mapped.
 */
final class DemographicsGapFill {

    private final Set<String> owners;

    /** @param owners senders (MSH-3 or MSH-4, compared without case) whose every message owns demographics */
    DemographicsGapFill(List<String> owners) {
        this.owners = owners.stream().map(DemographicsGapFill::key).filter(k -> !k.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean ownsDemographics(String messageType, SourceMessage source) {
        return messageType.startsWith("ADT^") || owners.contains(key(source.sendingApplication()))
                || owners.contains(key(source.sendingFacility()));
    }

    /** The incoming Patient keeps the stored demographics and adds only what they lack. */
    static void keepStored(Patient stored, Patient incoming) {
        if (stored.hasName()) {
            List<HumanName> names = stored.copy().getName();
            if (incoming.hasName()) {
                fillNameParts(names.get(0), incoming.getNameFirstRep());
            }
            incoming.setName(names);
        }
        if (stored.hasBirthDate()) {
            incoming.setBirthDateElement(stored.getBirthDateElement().copy());
        }
        if (stored.hasGender()) {
            incoming.setGenderElement(stored.getGenderElement().copy());
        }
        if (stored.hasAddress()) {
            incoming.setAddress(stored.copy().getAddress());
        }
        if (stored.hasTelecom()) {
            incoming.setTelecom(stored.copy().getTelecom());
        }
    }

    private static void fillNameParts(HumanName kept, HumanName sent) {
        if (!kept.hasFamily() && sent.hasFamily()) {
            kept.setFamily(sent.getFamily());
        }
        if (!kept.hasGiven() && sent.hasGiven()) {
            kept.setGiven(sent.copy().getGiven());
        }
        if (!kept.hasPrefix() && sent.hasPrefix()) {
            kept.setPrefix(sent.copy().getPrefix());
        }
        if (!kept.hasSuffix() && sent.hasSuffix()) {
            kept.setSuffix(sent.copy().getSuffix());
        }
    }

    private static String key(String sender) {
        return sender == null ? "" : sender.trim().toLowerCase(Locale.ROOT);
    }
}

package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/**
 * The resources that clinical and administrative fields point to: Practitioner (XCN), Organization (XON, HD),
 * Location (PL) and the sending Device (HD). Each is keyed by its identifier where the field has one, else by
 * a gateway key of its name or location parts, scoped to the sender; one entry per key per bundle.
 */
public final class Participants {

    private final MessageContext context;
    private final DataTypes types;

    public Participants(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** XCN to a Practitioner reference, or null when the XCN has neither id nor name. */
    public Reference practitioner(Composite xcn, Segment segment, int field) {
        HumanName name = types.names().xcn(xcn, segment, field);
        String id = xcn.text(1);
        if (id.isEmpty() && name == null) {
            return null;
        }
        Practitioner practitioner = new Practitioner();
        Identifier key;
        if (!id.isEmpty()) {
            String system = types.identifiers().system(xcn.part(9));
            key = new Identifier().setSystem(system != null ? system : types.context().localSystem()).setValue(id);
            key.setType(types.identifiers().identifierType(xcn.text(13), segment, field));
        } else {
            key = Keys.of("Practitioner", types.context().localSystem(), name.getFamily(), name.getGivenAsSingleString());
        }
        practitioner.addIdentifier(key);
        if (name != null) {
            practitioner.addName(name);
        }
        Reference reference = context.bundle().upsert(practitioner, key);
        if (name != null) {
            reference.setDisplay(name.getNameAsSingleString());
        }
        return reference;
    }

    /** The first repetition of an XCN field as a Practitioner reference, or null. */
    public Reference practitioner(Segment segment, int field) {
        return practitioner(segment.first(field), segment, field);
    }

    /** XON (name ^ type ^ id ^ ... ^ assigning authority (6) ^ ... ^ organization identifier (10)). */
    public Reference organization(Composite xon, Segment segment, int field) {
        String name = xon.text(1);
        String id = xon.text(10).isEmpty() ? xon.text(3) : xon.text(10);
        if (name.isEmpty() && id.isEmpty()) {
            return null;
        }
        Identifier key;
        if (!id.isEmpty()) {
            String system = types.identifiers().system(xon.part(6));
            key = new Identifier().setSystem(system != null ? system : types.context().localSystem()).setValue(id);
        } else {
            key = Keys.of("Organization", types.context().localSystem(), name);
        }
        return organization(key, name);
    }

    /** An Organization known by name only (e.g. IN1-4 without an id), keyed by name within the sender. */
    public Reference organizationNamed(String name) {
        if (name.isEmpty()) {
            return null;
        }
        return organization(Keys.of("Organization", types.context().localSystem(), name), name);
    }

    /** An Organization with this key identifier and name. */
    public Reference organization(Identifier key, String name) {
        Organization organization = new Organization();
        organization.addIdentifier(key);
        if (!name.isEmpty()) {
            organization.setName(name);
        }
        Reference reference = context.bundle().upsert(organization, key);
        if (!name.isEmpty()) {
            reference.setDisplay(name);
        }
        return reference;
    }

    /** An HD (e.g. MSH-4) as an Organization: identified by its universal id, or by its namespace. */
    public Reference organization(Composite hd) {
        String namespace = hd.text(1);
        String system = types.identifiers().system(hd.text(1), hd.text(2), hd.text(3));
        if (system == null) {
            return null;
        }
        Identifier key = new Identifier().setSystem("urn:ietf:rfc:3986").setValue(system);
        return organization(key, namespace.isEmpty() ? hd.text(2) : namespace);
    }

    /** An HD (MSH-3) as the sending application Device, or null. */
    public Reference device(Composite hd, String facilitySystem) {
        String name = hd.text(1).isEmpty() ? hd.text(2) : hd.text(1);
        if (name.isEmpty()) {
            return null;
        }
        Identifier key = Keys.of("Device", facilitySystem, hd.text(1), hd.text(2));
        Device device = new Device();
        device.addIdentifier(key);
        device.addDeviceName().setName(name).setType(Device.DeviceNameType.USERFRIENDLYNAME);
        return context.bundle().upsert(device, key);
    }

    /**
     * PL to a Location reference, or null when empty. Keyed by facility, building, floor, point of care,
     * room and bed, so the same bed is one Location in every message of the sender.
     */
    public Reference location(Composite pl, Segment segment, int field) {
        String pointOfCare = pl.text(1);
        String room = pl.text(2);
        String bed = pl.text(3);
        String facility = pl.part(4).text(1).isEmpty() ? pl.part(4).text(2) : pl.part(4).text(1);
        String building = pl.text(7);
        String floor = pl.text(8);
        String description = pl.text(9);
        String name = join(pointOfCare, room, bed);
        if (name.isEmpty()) {
            name = description.isEmpty() ? join(facility, building, floor) : description;
        }
        if (name.isEmpty()) {
            return null;
        }
        Identifier key = Keys.of("Location", types.context().localSystem(), facility, building, floor,
                pointOfCare, room, bed, name);
        Location location = new Location();
        location.addIdentifier(key);
        location.setName(name);
        if (!pointOfCare.isEmpty() && !belowUnit(pl)) {
            location.setPhysicalType(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(
                    new org.hl7.fhir.r4.model.Coding(LOCATION_TYPE, "wa", "Ward")));
        }
        if (!description.isEmpty() && !description.equals(name)) {
            location.setDescription(description);
        }
        Reference reference = context.bundle().upsert(location, key);
        reference.setDisplay(name);
        return reference;
    }

    /**
     * The unit (ward, PL-1 point of care) of a location, as a Location of its own, keyed exactly as a PL holding only
     * that point of care is (so a message naming the unit alone and one naming a bed in it agree); null when the PL
     * has no point of care.
     */
    public Reference unit(Composite pl) {
        String pointOfCare = pl.text(1);
        if (pointOfCare.isEmpty()) {
            return null;
        }
        String facility = pl.part(4).text(1).isEmpty() ? pl.part(4).text(2) : pl.part(4).text(1);
        Identifier key = Keys.of("Location", types.context().localSystem(), facility, "", "", pointOfCare, "", "",
                pointOfCare);
        Location location = new Location();
        location.addIdentifier(key);
        location.setName(pointOfCare);
        location.setPhysicalType(new org.hl7.fhir.r4.model.CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
                LOCATION_TYPE, "wa", "Ward")));
        Reference reference = context.bundle().upsert(location, key);
        reference.setDisplay(pointOfCare);
        return reference;
    }

    /** Whether the PL names more than its point of care (a room, a bed, a building or a floor). */
    public static boolean belowUnit(Composite pl) {
        return !pl.text(2).isEmpty() || !pl.text(3).isEmpty() || !pl.text(7).isEmpty() || !pl.text(8).isEmpty();
    }

    static final String LOCATION_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    private static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(part);
            }
        }
        return out.toString();
    }
}

package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Period;

/** XAD to Address: street lines, city, state, postal code, country, use/type (table 0190), period. */
public final class Addresses {

    private final Codes codes;
    private final Times times;

    public Addresses(Codes codes, Times times) {
        this.codes = codes;
        this.times = times;
    }

    /** XAD to Address, or null when it holds nothing. */
    public Address xad(Composite xad, Segment segment, int field) {
        Address address = new Address();
        line(address, xad.part(1).text(1));
        line(address, xad.text(2));
        line(address, xad.text(19));
        set(xad.text(3), address::setCity);
        set(xad.text(4), address::setState);
        set(xad.text(5), address::setPostalCode);
        set(xad.text(6), address::setCountry);
        set(xad.text(9), address::setDistrict);
        if (!address.hasLine() && !address.hasCity() && !address.hasState() && !address.hasPostalCode()
                && !address.hasCountry()) {
            return null;
        }
        addressType(address, xad.text(7), segment, field);
        Period period = times.period(xad.text(13), xad.text(14), segment, field);
        if (period == null) {
            period = times.period(xad.part(12).text(1), xad.part(12).text(2), segment, field);
        }
        if (period != null) {
            address.setPeriod(period);
        }
        return address;
    }

    private void addressType(Address address, String code, Segment segment, Integer field) {
        if (code.isEmpty()) {
            return;
        }
        Concept use = codes.lookupQuietly(ConceptMapName.ADDRESS_USE, code);
        Concept type = codes.lookupQuietly(ConceptMapName.ADDRESS_TYPE, code);
        if (use != null) {
            address.setUse(Address.AddressUse.fromCode(use.code()));
        }
        if (type != null) {
            address.setType(Address.AddressType.fromCode(type.code()));
        }
        if (use == null && type == null) {
            codes.lookup(ConceptMapName.ADDRESS_USE, code, segment, field); // reports it
        }
    }

    private static void line(Address address, String line) {
        if (!line.isEmpty()) {
            address.addLine(line);
        }
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (!value.isEmpty()) {
            setter.accept(value);
        }
    }
}

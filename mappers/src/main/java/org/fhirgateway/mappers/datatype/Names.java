package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Period;

/** XPN (and the name part of XCN) to HumanName. */
public final class Names {

    /** Where the name components start: XPN-1 is the family name, XCN-2 is. */
    private static final int XPN_OFFSET = 0;
    private static final int XCN_OFFSET = 1;

    private final DatatypeContext context;
    private final Codes codes;
    private final Times times;

    public Names(DatatypeContext context, Codes codes, Times times) {
        this.context = context;
        this.codes = codes;
        this.times = times;
    }

    /** XPN to HumanName, or null when the name is empty. */
    public HumanName xpn(Composite xpn, Segment segment, int field) {
        HumanName name = name(xpn, XPN_OFFSET, segment, field);
        if (name == null) {
            return null;
        }
        Period period = times.period(xpn.text(12), xpn.text(13), segment, field);
        if (period == null) {
            period = times.period(xpn.part(10).text(1), xpn.part(10).text(2), segment, field);
        }
        if (period != null) {
            name.setPeriod(period);
        }
        suffix(name, xpn.text(14));
        return name;
    }

    /** The name in an XCN (components 2 to 7, name type in 10), or null when it has none. */
    public HumanName xcn(Composite xcn, Segment segment, int field) {
        return name(xcn, XCN_OFFSET, segment, field);
    }

    private HumanName name(Composite value, int offset, Segment segment, int field) {
        HumanName name = new HumanName();
        String family = value.text(1 + offset);
        if (!family.isEmpty()) {
            name.setFamily(family);
        }
        given(name, value.text(2 + offset));
        given(name, value.text(3 + offset));
        suffix(name, value.text(4 + offset));
        String prefix = value.text(5 + offset);
        if (!prefix.isEmpty()) {
            name.addPrefix(prefix);
        }
        suffix(name, value.text(6 + offset));
        if (!name.hasFamily() && !name.hasGiven()) {
            return null;
        }
        String type = value.text(offset == XPN_OFFSET ? 7 : 10);
        Concept use = codes.lookup(ConceptMapName.NAME_TYPE, type, segment, field);
        if (use != null) {
            name.setUse(HumanName.NameUse.fromCode(use.code()));
        }
        return name;
    }

    private static void given(HumanName name, String given) {
        if (!given.isEmpty()) {
            name.addGiven(given);
        }
    }

    private static void suffix(HumanName name, String suffix) {
        if (!suffix.isEmpty()) {
            name.addSuffix(suffix);
        }
    }
}

package org.fhirgateway.mappers.datatype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.terminology.Terminology;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Parser;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataTypesTest {

    private DataTypes types;
    private Segment segment;

    @BeforeEach
    void setUp() throws MappingException {
        MapperConfig config = new MapperConfig(ZoneId.of("Europe/Berlin"), "urn:test:authority:");
        DatatypeContext context = new DatatypeContext(config, Terminology.standard(), new Issues());
        context.localSystem("urn:oid:1.2.3.4");
        types = new DataTypes(context);
        segment = V2Parser.parse("MSH|^~\\&|A|B|||20240101||ADT^A01|1|P|2.5\rPID|1").first("PID");
    }

    private Identifier cx(String value) {
        return types.identifiers().cx(Composite.of(value), segment, 3);
    }

    @Test
    void cxSystemFromTheAssigningAuthority() {
        assertEquals("urn:oid:2.16.840.1.113883.4.1", cx("123^^^SSA&2.16.840.1.113883.4.1&ISO^SS").getSystem());
        assertEquals("http://hospital.example/mrn", cx("123^^^&http://hospital.example/mrn&URI").getSystem());
        assertEquals("urn:test:authority:GHH", cx("123^^^GHH^MR").getSystem());
        assertEquals("urn:test:authority:Good%20Health", cx("123^^^Good Health").getSystem(), "encoded");
        assertEquals("urn:oid:1.2.3.4", cx("123^^^^MR").getSystem(), "no authority: scoped to the sending facility");
        assertEquals("urn:test:authority:test1", cx("1^^^test1&2.16.1&HCD").getSystem(), "non-ISO id: namespace");
        assertNull(cx("^^^GHH^MR"), "no value, no identifier");
    }

    @Test
    void cxTypeAndPeriod() {
        Identifier id = cx("123^^^GHH^MR^^20200101^20201231");
        assertEquals("MR", id.getType().getCodingFirstRep().getCode());
        assertEquals("http://terminology.hl7.org/CodeSystem/v2-0203", id.getType().getCodingFirstRep().getSystem());
        assertEquals("2020-01-01", id.getPeriod().getStartElement().getValueAsString());
        assertEquals("2020-12-31", id.getPeriod().getEndElement().getValueAsString());
        Identifier odd = cx("123^^^GHH^XYZ");
        assertEquals("XYZ", odd.getType().getText());
        assertFalse(odd.getType().hasCoding());
        assertEquals(1, types.issues().list().size(), "unknown identifier type is reported");
    }

    @Test
    void xpnToHumanName() {
        HumanName name = types.names().xpn(Composite.of("Everyman&&&&Aniston^Adam^Alan^Jr^Dr^MD^L"), segment, 5);
        assertEquals("Everyman", name.getFamily());
        assertEquals("Adam Alan", name.getGivenAsSingleString());
        assertEquals("Dr", name.getPrefixAsSingleString());
        assertEquals("Jr MD", name.getSuffixAsSingleString());
        assertEquals(HumanName.NameUse.OFFICIAL, name.getUse());
        assertNull(types.names().xpn(Composite.of("^^^^^^L"), segment, 5));
    }

    @Test
    void xadToAddress() {
        Address address = types.addresses().xad(
                Composite.of("1000 Main St^Apt 2^Ann Arbor^MI^48104^USA^H^^Washtenaw"), segment, 11);
        assertEquals("1000 Main St", address.getLine().get(0).getValue());
        assertEquals("Apt 2", address.getLine().get(1).getValue());
        assertEquals("Ann Arbor", address.getCity());
        assertEquals("MI", address.getState());
        assertEquals("48104", address.getPostalCode());
        assertEquals("USA", address.getCountry());
        assertEquals("Washtenaw", address.getDistrict());
        assertEquals(Address.AddressUse.HOME, address.getUse());
        assertNull(types.addresses().xad(Composite.of("^^^^^^H"), segment, 11));
    }

    @Test
    void xtnToContactPoint() {
        ContactPoint phone = types.telecoms().xtn(Composite.of("^WPN^PH^^1^734^5559999^12"), segment, 13);
        assertEquals("+1 (734) 5559999 ext. 12", phone.getValue());
        assertEquals(ContactPoint.ContactPointSystem.PHONE, phone.getSystem());
        assertEquals(ContactPoint.ContactPointUse.WORK, phone.getUse());
        ContactPoint mail = types.telecoms().xtn(Composite.of("^NET^Internet^adam@example.org"), segment, 13);
        assertEquals("adam@example.org", mail.getValue());
        assertEquals(ContactPoint.ContactPointSystem.EMAIL, mail.getSystem());
        ContactPoint old = types.telecoms().xtn(Composite.of("(555)555-1212"), segment, 13);
        assertEquals("(555)555-1212", old.getValue(), "2.3 style number in XTN-1");
        ContactPoint mobile = types.telecoms().xtn(Composite.of("^PRN^CP^^^^^^^^^+15551234"), segment, 13);
        assertEquals(ContactPoint.ContactPointUse.MOBILE, mobile.getUse());
        assertEquals("+15551234", mobile.getValue(), "unformatted number preferred");
    }

    @Test
    void cweCodingSystemsBecomeFhirUris() {
        assertSystem("http://hl7.org/fhir/sid/icd-10-cm", "R07.9^Chest pain^I10");
        assertSystem("http://www.cms.gov/Medicare/Coding/ICD10", "0DJ08ZZ^Inspection^I10P");
        assertSystem("http://www.cms.gov/Medicare/Coding/ICD10", "0DJ08ZZ^Inspection^ICD10PCS");
        assertSystem("http://loinc.org", "718-7^Hemoglobin^LN");
        assertSystem("http://snomed.info/sct", "422504002^Stroke^SCT");
        assertSystem("http://www.ama-assn.org/go/cpt", "99213^Visit^C4");
        assertSystem("http://hl7.org/fhir/sid/icd-9-cm", "715.96^Osteoarthrosis^I9C");
        assertSystem("http://hl7.org/fhir/sid/icd-9-cm", "715.96^Osteoarthrosis^I9");
        assertSystem("http://terminology.hl7.org/CodeSystem/v2-0001", "F^Female^HL70001");
        assertSystem("urn:oid:2.16.840.1.113883.6.96", "1^x^2.16.840.1.113883.6.96");
    }

    @Test
    void cweAlternateCodingTextAndUnknownSystems() {
        CodeableConcept concept = types.codes().cwe(
                Composite.of("R07.9^Chest pain^I10^LOC-1^Local chest pain^99LOCAL^^^Pain in chest"), segment, 3);
        assertEquals(2, concept.getCoding().size());
        assertEquals("LOC-1", concept.getCoding().get(1).getCode());
        assertFalse(concept.getCoding().get(1).hasSystem(), "unknown system is not invented");
        assertEquals("Pain in chest", concept.getText());
        assertTrue(types.issues().list().get(0).reason().contains("99LOCAL"));
        CodeableConcept textOnly = types.codes().cwe(Composite.of("^Just words"), segment, 3);
        assertEquals("Just words", textOnly.getText());
        assertFalse(textOnly.hasCoding());
        assertNull(types.codes().cwe(Composite.of(""), segment, 3));
    }

    private void assertSystem(String expected, String cwe) {
        assertEquals(expected, types.codes().cwe(Composite.of(cwe), segment, 3).getCodingFirstRep().getSystem(), cwe);
    }

    @Test
    void periodEndBeforeStartIsDroppedAndReported() {
        var period = types.times().period("20240105", "20240101", segment, 3);
        assertEquals("2024-01-05", period.getStartElement().getValueAsString());
        assertFalse(period.hasEnd());
        assertEquals(1, types.issues().list().size());
    }
}

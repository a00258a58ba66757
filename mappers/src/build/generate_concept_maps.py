#!/usr/bin/env python3
"""Generates the FHIR ConceptMap JSON files under mappers/src/main/resources/terminology/ from the
HL7 V2-to-FHIR IG's code system CSVs (/work/shared/v2-to-fhir-mappings/codesystems, IG commit 8c9b414b,
Apache 2.0) plus coding-systems.csv (v2 table 0396 names -> FHIR system URIs, kept by hand in this folder).

Run from the repository root:
  python3 mappers/src/build/generate_concept_maps.py /work/shared/v2-to-fhir-mappings/codesystems
Output is deterministic (sorted keys, stable order), so a re-run gives no diff unless the inputs changed.
"""
import csv, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'main', 'resources', 'terminology')
BASE = 'http://fhirgateway.org/fhir/ConceptMap/'

# IG CSV file stem -> (our map name, v2 table)
MAPS = {
    'AdministrativeSex': ('administrative-sex', '0001'),
    'MaritalStatus': ('marital-status', '0002'),
    'Event[EncounterStatus]': ('event-encounter-status', '0003'),
    'PatientClass[EncounterClass]': ('patient-class', '0004'),
    'DiagnosisType': ('diagnosis-type', '0052'),
    'Relationship': ('relationship', '0063'),
    'InterpretationCodes': ('interpretation', '0078'),
    'ObservationResultStatusCodesInterpretation': ('observation-status', '0085'),
    'DischargeDisposition': ('discharge-disposition', '0112'),
    'ResultStatus[Non-Queries]': ('report-status', '0123'),
    'AllergenType[AllergyIntoleranceCategory]': ('allergen-category', '0127'),
    'AllergySeverity[AllergyIntolerance.criticality]': ('allergy-criticality', '0128'),
    'AllergySeverity[AllergyIntolerance.reaction.severity]': ('allergy-reaction-severity', '0128'),
    'ContactRole': ('contact-role', '0131'),
    'AddressType[Use]': ('address-use', '0190'),
    'AddressType[Type]': ('address-type', '0190'),
    'NameType': ('name-type', '0200'),
    'TelecommunicationUseCode': ('telecom-use', '0201'),
    'TelecommunicationEquipmentType': ('telecom-equipment', '0202'),
    'IdentifierType': ('identifier-type', '0203'),
    'OrderControlCode[ServiceRequest.status]': ('order-control-status', '0119'),
    'OrderStatus': ('order-status', '0038'),
    'ExtendedPriorityCodes': ('order-priority', '0027'),
    'CompletionStatus': ('completion-status', '0322'),
    'RouteOfAdministration': ('route-of-administration', '0162'),
}


def rows(path):
    with open(path, newline='', encoding='utf-8-sig') as f:
        table = list(csv.reader(f))
    for row in table[2:]:
        row = [c.strip() for c in row] + [''] * 12
        code, display = row[0], row[7] or row[8]
        if row[0] and row[6] and row[9]:
            yield row[0], row[1], row[6], display, row[9]
        elif row[0] and row[6] and row[8].startswith('http'):
            # a few IG sheets (e.g. OrderStatus) lack the blank column before Display: code, display, system
            yield row[0], row[1], row[6], row[7], row[8]


def concept_map(name, table, title, elements_by_target):
    groups = []
    for target in sorted(elements_by_target):
        groups.append({
            'source': 'http://terminology.hl7.org/CodeSystem/v2-' + table,
            'target': target,
            'element': elements_by_target[target],
        })
    return {
        'resourceType': 'ConceptMap',
        'id': name,
        'url': BASE + name,
        'name': ''.join(p.capitalize() for p in name.split('-')),
        'title': title,
        'status': 'active',
        'description': 'Generated from the HL7 V2-to-FHIR IG (commit 8c9b414b, Apache 2.0) by mappers/src/build/generate_concept_maps.py',
        'group': groups,
    }


def ig_map(src_dir, stem, name, table):
    path = os.path.join(src_dir, 'HL7 Concept Map_ ' + stem + ' - Sheet1.csv')
    by_target, seen = {}, set()
    for code, text, fcode, fdisplay, system in rows(path):
        if code.upper() in seen:
            continue  # the IG lists a few codes twice (alternatives); the first row wins
        seen.add(code.upper())
        target = {'code': fcode, 'equivalence': 'equivalent'}
        if fdisplay:
            target['display'] = fdisplay
        element = {'code': code}
        if text:
            element['display'] = text
        element['target'] = [target]
        by_target.setdefault(system, []).append(element)
    for row in supplements(name):
        if row['v2 code'].upper() not in seen:
            seen.add(row['v2 code'].upper())
            by_target.setdefault(row['FHIR system'], []).append({
                'code': row['v2 code'], 'display': row['v2 display'],
                'target': [{'code': row['FHIR code'], 'equivalence': 'equivalent', 'display': row['FHIR display']}]})
    return concept_map(name, table, stem, by_target)


def supplements(name):
    """Rows the IG does not have, kept by hand in supplements.csv with the reason for each."""
    with open(os.path.join(HERE, 'supplements.csv'), newline='', encoding='utf-8') as f:
        return [row for row in csv.DictReader(f) if row['map'] == name]


def coding_systems():
    elements = []
    with open(os.path.join(HERE, 'coding-systems.csv'), newline='', encoding='utf-8') as f:
        for row in list(csv.reader(f))[1:]:
            elements.append({'code': row[0], 'target': [{'code': row[1], 'equivalence': 'equivalent'}]})
    return concept_map('coding-system', '0396', 'v2 coding system names to FHIR system URIs', {'urn:ietf:rfc:3986': elements})


def main():
    src_dir = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    written = []
    for stem, (name, table) in MAPS.items():
        written.append((name, ig_map(src_dir, stem, name, table)))
    written.append(('coding-system', coding_systems()))
    for name, cm in written:
        with open(os.path.join(OUT, name + '.json'), 'w', encoding='utf-8') as f:
            json.dump(cm, f, indent=1, ensure_ascii=False, sort_keys=False)
            f.write('\n')
    with open(os.path.join(OUT, 'index.txt'), 'w', encoding='utf-8') as f:
        f.write('# ConceptMaps loaded by org.fhirgateway.mappers.terminology.Terminology (generated)\n')
        for name, _ in sorted(written):
            f.write(name + '.json\n')


if __name__ == '__main__':
    main()

# Writes the gateway profiles (differentials) into src/main/fhir/package; run by hand after editing, the JSON is committed.
# Snapshots are not written here: the build generates them (build.PackageBuilder).
import json, os
BASE = "http://fhirgateway.org/fhir"
OUT = os.path.join(os.path.dirname(__file__), "..", "main", "fhir", "package")
os.makedirs(OUT, exist_ok=True)
def el(path, **kw):
    d = {"id": path, "path": path}
    d.update(kw)
    return d
def inv(key, human, expr):
    return {"key": key, "severity": "error", "human": human, "expression": expr}
def root(type_, elements):
    # the differential starts with the type's own element; the others follow in the base's element order
    return [e for e in elements if e["path"] == type_] or [el(type_)]
def sd(type_, title, desc, elements, uscore=None):
    pid = "gateway-" + type_.lower()
    r = {
        "resourceType": "StructureDefinition", "id": pid, "url": f"{BASE}/StructureDefinition/{pid}",
        "version": "0.1.0", "name": "Gateway" + type_, "title": title, "status": "active",
        "publisher": "FHIR gateway", "description": desc,
        "fhirVersion": "4.0.1", "kind": "resource", "abstract": False, "type": type_,
        "baseDefinition": f"http://hl7.org/fhir/StructureDefinition/{type_}", "derivation": "constraint",
        "differential": {"element": root(type_, elements) + [e for e in elements if e["path"] != type_]},
    }
    if uscore:
        r["description"] += " Aligned with " + uscore + "."
    json.dump(r, open(f"{OUT}/StructureDefinition-{pid}.json", "w"), indent=2)
def ident(t, must=True):
    out = [el(f"{t}.identifier", min=1, mustSupport=True),
           el(f"{t}.identifier.system", min=1), el(f"{t}.identifier.value", min=1)]
    return out
sd("Patient", "Gateway Patient", "A Patient the gateway maps from PID: at least one business identifier with a system "
   "(PID-3, else PID-2 or PID-4, else the gateway's deterministic key), race and ethnicity as the US Core extensions.",
   ident("Patient") + [el("Patient.name", mustSupport=True), el("Patient.gender", mustSupport=True),
   el("Patient.birthDate", mustSupport=True)], "US Core Patient (race, ethnicity; name and gender when PID-5 and PID-8 are sent)")
sd("Encounter", "Gateway Encounter", "An Encounter from PV1/PV2: keyed by its visit number with a system, always for a patient.",
   ident("Encounter") + [el("Encounter.subject", min=1, mustSupport=True)], "US Core Encounter")
sd("Condition", "Gateway Condition", "A Condition from DG1 or PRB: coded, for a patient, with its encounter whenever the message names a visit (a DG1 in an A28, A31, SIU or order message may come without one).",
   [
    el("Condition.code", min=1, mustSupport=True), el("Condition.encounter", mustSupport=True)], "US Core Condition")
sd("Procedure", "Gateway Procedure", "A Procedure from PR1: coded, for a patient.",
   [el("Procedure.code", min=1, mustSupport=True)], "US Core Procedure")
sd("Observation", "Gateway Observation", "An Observation from OBX: coded, with a status; its value, subject and encounter as the message gives them (an OBX may be sent before its value is known).",
   [el("Observation.subject", mustSupport=True), el("Observation.value[x]", mustSupport=True)], "US Core Laboratory Result Observation")
sd("DiagnosticReport", "Gateway DiagnosticReport", "A DiagnosticReport per OBR: keyed by its order number, listing its results (or carrying the report itself).",
   ident("DiagnosticReport") + [el("DiagnosticReport", constraint=[inv("gw-dr-1", "A report lists its results, or carries its text or conclusion",
       "result.exists() or presentedForm.exists() or conclusion.exists() or status = 'registered' or status = 'cancelled'")])], "US Core DiagnosticReport for Laboratory Results")
sd("Immunization", "Gateway Immunization", "An Immunization from RXA: vaccine code, occurrence and patient.",
   [el("Immunization.vaccineCode", mustSupport=True)], "US Core Immunization")
sd("ServiceRequest", "Gateway ServiceRequest", "An order from ORC/OBR or a referral from RF1: keyed by its placer or filler number, for a patient.",
   ident("ServiceRequest"), "US Core ServiceRequest")
sd("Specimen", "Gateway Specimen", "A Specimen from SPM: keyed by its identifier.",
   ident("Specimen") + [el("Specimen.type", mustSupport=True)], "US Core Specimen")
sd("DocumentReference", "Gateway DocumentReference", "A DocumentReference from TXA: keyed by its unique document number, for a patient, with its content.",
   ident("DocumentReference") + [el("DocumentReference.subject", min=1)], "US Core DocumentReference")
sd("Coverage", "Gateway Coverage", "A Coverage from IN1/IN2: keyed by the plan and policy, for the patient as beneficiary.",
   ident("Coverage"), "US Core Coverage")
sd("Provenance", "Gateway Provenance", "The Provenance of every mapped bundle: what it targets, when it was recorded, the trigger event as its activity, the sending application and facility as its agent.",
   [el("Provenance.recorded", mustSupport=True), el("Provenance.activity", min=1), el("Provenance.agent.who", mustSupport=True)], "US Core Provenance")
# The extension the Condition mapper writes on Encounter.diagnosis.
ext = {"resourceType": "StructureDefinition", "id": "present-on-admission", "url": f"{BASE}/StructureDefinition/present-on-admission",
  "version": "0.1.0", "name": "PresentOnAdmission", "title": "Present on admission", "status": "active", "publisher": "FHIR gateway",
  "description": "DG1-26, the present-on-admission indicator (HL7 table 0895), on Encounter.diagnosis: R4 has no element for it.",
  "fhirVersion": "4.0.1", "kind": "complex-type", "abstract": False,
  "context": [{"type": "element", "expression": "Encounter.diagnosis"}], "type": "Extension",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension", "derivation": "constraint",
  "differential": {"element": [el("Extension", short="Present on admission", definition="DG1-26 present-on-admission indicator", max="1"),
     el("Extension.extension", max="0"),
     el("Extension.url", fixedUri=f"{BASE}/StructureDefinition/present-on-admission"),
     {"id": "Extension.value[x]", "path": "Extension.value[x]", "min": 1, "type": [{"code": "CodeableConcept"}]}]}}
json.dump(ext, open(f"{OUT}/StructureDefinition-present-on-admission.json", "w"), indent=2)

import InfusionCalc

/// `records export --format fhir`: one preparation as a FHIR R4 Bundle (type "collection")
/// holding a Patient and a MedicationDispense (http://hl7.org/fhir/R4/medicationdispense.html).
/// The dispense names the preparer (performer function "packager") and the checker
/// ("checker"), is prepared at the dilution instant (`whenPrepared`), gives the bag volume in
/// mL (UCUM), the dose in UCUM "U" and the rate in mL/h, and contains one Medication per
/// vial lot (batch lot number and expiration date) as ingredients of the prepared infusion.
/// Numbers are the record's exact decimal text, never re-computed or rounded.
public enum FHIRExport {
    static let ucum = "http://unitsofmeasure.org"
    static let performerFunction = "http://terminology.hl7.org/CodeSystem/medicationdispense-performer-function"
    static let atc = "http://www.whocc.no/atc"
    static let snomed = "http://snomed.info/sct"
    /// The system of the preparation ids (this program's own).
    public static let preparationSystem = "urn:infusion-prep:preparation-id"
    /// The system of the medical record numbers: the site's own, not known here.
    public static let recordNumberSystem = "urn:infusion-prep:medical-record-number"

    /// The Bundle as JSON (keys sorted, two-space indent; `ExactJSONEncoder`). A field the
    /// record does not hold is left out (FHIR elements are optional unless R4 requires
    /// them, and those are always written).
    /// - Throws: `JSONEncodingError` if the encoder refuses (the Bundle holds strings and
    ///   exact numbers only, so it never does).
    public static func json(_ record: PreparationRecord) throws(JSONEncodingError) -> String {
        try ExactJSONEncoder(layout: .indented, sortedKeys: true).encode(bundle(record))
    }

    /// MedicationDispense.status for the record's outcome.
    public static func status(_ outcome: String) -> String {
        switch outcome {
        case "finished": "completed"
        case "stopped": "stopped"
        case "abandoned": "cancelled"
        default: "unknown"
        }
    }

    static func bundle(_ record: PreparationRecord) -> Bundle {
        let patientURL = "urn:uuid:" + Self.uuid(record.id, salt: "patient")
        var patient = Patient(id: Self.uuid(record.id, salt: "patient"))
        if let number = record.recordNumber { patient.identifier = [Identifier(system: recordNumberSystem, value: number)] }
        if let name = record.patientName { patient.name = [HumanName(text: name)] }
        patient.birthDate = record.dateOfBirth

        let lots = record.lots
        var contained: [Medication] = lots.map { lot in
            Medication(id: "lot-\(lot.strength)",
                       code: CodeableConcept(coding: [Coding(system: atc, code: "A16AB02", display: "imiglucerase")],
                                             text: "imiglucerase (Cerezyme) \(lot.strength) units vial"),
                       batch: Batch(lotNumber: lot.lot, expirationDate: lot.expiry))
        }
        let vials = record.value("vials") ?? ""
        contained.insert(Medication(
            id: "infusion",
            code: CodeableConcept(coding: [Coding(system: atc, code: "A16AB02", display: "imiglucerase")],
                                  text: "imiglucerase (Cerezyme) in 0.9% sodium chloride" + (vials.isEmpty ? "" : ", vials " + vials)),
            ingredient: lots.isEmpty ? nil : lots.map { Ingredient(itemReference: Reference(reference: "#lot-\($0.strength)")) }), at: 0)

        var dispense = MedicationDispense(id: Self.uuid(record.id, salt: "dispense"), status: status(record.outcome))
        dispense.identifier = [Identifier(system: preparationSystem, value: record.id)]
        dispense.contained = contained
        dispense.medicationReference = Reference(reference: "#infusion")
        dispense.subject = Reference(reference: patientURL, display: record.patientName)
        var performers: [Performer] = []
        if let preparer = record.preparer {
            performers.append(Performer(function: CodeableConcept(coding: [Coding(system: performerFunction, code: "packager", display: "Packager")], text: "preparer"),
                                        actor: Reference(display: preparer)))
        }
        if let checker = record.checker {
            performers.append(Performer(function: CodeableConcept(coding: [Coding(system: performerFunction, code: "checker", display: "Checker")], text: "checker"),
                                        actor: Reference(display: checker)))
        }
        dispense.performer = performers.isEmpty ? nil : performers
        if let reference = record.orderReference {
            dispense.authorizingPrescription = [Reference(identifier: Identifier(system: nil, value: reference), display: "order " + reference)]
        }
        if let volume = record.value("final_volume_ml").flatMap(JSONNumber.init(exactly:)) {
            dispense.quantity = Quantity(value: volume, unit: "mL", system: ucum, code: "mL")
        }
        // The bag was prepared when it was diluted; a preparation never diluted has no such time.
        dispense.whenPrepared = record.value("diluted_at")
        if record.outcome == "finished" { dispense.whenHandedOver = record.entries.last { $0.kind == .outcome }?.recordedAt }

        var dosage = Dosage()
        let dose = record.value("prepared_dose_units").flatMap(JSONNumber.init(exactly:))
        let rate = record.value("rate_ml_per_h").flatMap(JSONNumber.init(exactly:))
        let minutes = record.value("duration_min")
        var text: [String] = []
        if let doseText = record.value("prepared_dose_units") { text.append(Int(doseText).map(Display.units) ?? doseText + " units") }
        text.append("IV")
        if let minutes { text.append("over \(minutes) min") }
        if let rateText = record.value("rate_ml_per_h"), rate != nil { text.append("at \(rateText) mL/h") }
        dosage.text = text.joined(separator: " ")
        dosage.route = CodeableConcept(coding: [Coding(system: snomed, code: "47625008", display: "Intravenous route")], text: "intravenous")
        if dose != nil || rate != nil {
            dosage.doseAndRate = [DoseAndRate(doseQuantity: dose.map { Quantity(value: $0, unit: "U", system: ucum, code: "U") },
                                              rateQuantity: rate.map { Quantity(value: $0, unit: "mL/h", system: ucum, code: "mL/h") })]
        }
        dispense.dosageInstruction = [dosage]
        let cautions = record.value("cautions").map { $0.split(separator: ",").map(String.init) } ?? []
        let notes = cautions.map { Annotation(text: "Caution: " + $0) }
        dispense.note = notes.isEmpty ? nil : notes

        return Bundle(identifier: Identifier(system: preparationSystem, value: record.id),
                      timestamp: record.entries.last?.recordedAt ?? record.began,
                      entry: [BundleEntry(fullUrl: "urn:uuid:" + dispense.id, resource: .dispense(dispense)),
                              BundleEntry(fullUrl: patientURL, resource: .patient(patient))])
    }

    /// A stable version-4-shaped UUID text from the preparation id, so that exporting twice
    /// gives the same resource ids.
    static func uuid(_ id: String, salt: String) -> String {
        var bytes = Array((salt + ":" + id).utf8)
        // FNV-1a, 128 bits as two 64-bit halves: enough to keep ids apart within a record.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in bytes { a = (a ^ UInt64(byte)) &* 0x100_0000_01b3 }
        bytes.reverse()
        for byte in bytes { b = (b ^ UInt64(byte)) &* 0x100_0000_01b3 }
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(digits - text.count, 0)) + text
        }
        let h = hex(a, 16) + hex(b, 16)
        let chars = Array(h)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return part(0..<8) + "-" + part(8..<12) + "-4" + part(13..<16) + "-8" + part(17..<20) + "-" + part(20..<32)
    }

    // MARK: - The R4 elements written

    struct Bundle: Encodable {
        let resourceType = "Bundle"
        let identifier: Identifier
        let type = "collection"
        let timestamp: String
        let entry: [BundleEntry]
    }
    struct BundleEntry: Encodable {
        let fullUrl: String
        let resource: Resource
    }
    enum Resource: Encodable {
        case dispense(MedicationDispense), patient(Patient)
        func encode(to encoder: Encoder) throws {
            switch self {
            case .dispense(let value): try value.encode(to: encoder)
            case .patient(let value): try value.encode(to: encoder)
            }
        }
    }
    struct Patient: Encodable {
        let resourceType = "Patient"
        let id: String
        var identifier: [Identifier]?
        var name: [HumanName]?
        var birthDate: String?
    }
    struct HumanName: Encodable { let text: String }
    struct Identifier: Encodable {
        let system: String?
        let value: String
    }
    struct Coding: Encodable {
        let system: String
        let code: String
        let display: String
    }
    struct CodeableConcept: Encodable {
        let coding: [Coding]
        let text: String
    }
    struct Reference: Encodable {
        var reference: String?
        var identifier: Identifier?
        var display: String?
    }
    struct Quantity: Encodable {
        let value: JSONNumber
        let unit: String
        let system: String
        let code: String
    }
    struct Batch: Encodable {
        let lotNumber: String
        let expirationDate: String
    }
    struct Ingredient: Encodable {
        let itemReference: Reference
    }
    struct Medication: Encodable {
        let resourceType = "Medication"
        let id: String
        let code: CodeableConcept
        var ingredient: [Ingredient]?
        var batch: Batch?
        init(id: String, code: CodeableConcept, ingredient: [Ingredient]? = nil, batch: Batch? = nil) {
            self.id = id
            self.code = code
            self.ingredient = ingredient
            self.batch = batch
        }
    }
    struct Performer: Encodable {
        let function: CodeableConcept
        let actor: Reference
    }
    struct DoseAndRate: Encodable {
        let doseQuantity: Quantity?
        let rateQuantity: Quantity?
    }
    struct Dosage: Encodable {
        var text: String?
        var route: CodeableConcept?
        var doseAndRate: [DoseAndRate]?
    }
    struct Annotation: Encodable { let text: String }
    struct MedicationDispense: Encodable {
        let resourceType = "MedicationDispense"
        let id: String
        var identifier: [Identifier]?
        var contained: [Medication]?
        let status: String
        var medicationReference: Reference?
        var subject: Reference?
        var performer: [Performer]?
        var authorizingPrescription: [Reference]?
        var quantity: Quantity?
        var whenPrepared: String?
        var whenHandedOver: String?
        var note: [Annotation]?
        var dosageInstruction: [Dosage]?
        init(id: String, status: String) { self.id = id; self.status = status }
    }
}

import Foundation

/// A structural check of FHIR R4 JSON for the resources the preparation record exports
/// (Bundle, Patient, MedicationDispense, Medication) and the data types they use: every
/// element name is one R4 defines for that resource or type (an unknown element is
/// refused), cardinalities hold (a required element is there, a 0..1 element is not an
/// array, a 0..* element is an array), a choice element ([x]) is given once with one of
/// its R4 types, primitives have their R4 JSON shape (string, number, boolean, date and
/// dateTime formats), and every reference resolves: "#id" to a resource contained in the
/// same resource, anything else to the fullUrl of an entry of the Bundle.
///
/// Source: the R4 (4.0.1) structure definitions of these resources and data types
/// (hl7.org/fhir/R4/bundle.html, patient.html, medicationdispense.html, medication.html,
/// datatypes.html, dosage.html). Types the export does not use (Timing, Attachment,
/// Address, ContactPoint, Signature...) are checked as JSON objects only.
public enum FHIRStructure {
    /// The problems found, each with its JSON path; empty when the document is valid.
    public static func problems(in json: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else {
            return ["$: not JSON"]
        }
        var checker = Checker()
        checker.checkResource(object, path: "$", expected: "Bundle")
        checker.resolveReferences()
        return checker.problems
    }

    /// The cardinality of an element: min 0 or 1, max 1 or many.
    enum Cardinality { case optional, required, many, atLeastOne }

    /// What an element holds.
    indirect enum Kind {
        case primitive(Primitive)
        case type(String)        // a data type or backbone element named in `types`
        case resource            // a resource (Bundle.entry.resource, contained)
        case choice([String: Kind])  // name suffix ("CodeableConcept") to its kind
    }

    enum Primitive { case string, code, uri, id, decimal, integer, boolean, date, dateTime, instant }

    struct Element {
        let name: String
        let cardinality: Cardinality
        let kind: Kind
        init(_ name: String, _ cardinality: Cardinality, _ kind: Kind) {
            (self.name, self.cardinality, self.kind) = (name, cardinality, kind)
        }
    }

    static func p(_ name: String, _ c: Cardinality = .optional, _ primitive: Primitive) -> Element { Element(name, c, .primitive(primitive)) }
    static func t(_ name: String, _ c: Cardinality = .optional, _ type: String) -> Element { Element(name, c, .type(type)) }

    /// The elements every data type has.
    static let elementBase: [Element] = [p("id", .optional, .string), t("extension", .many, "Extension")]
    /// The elements every backbone element has.
    static let backboneBase: [Element] = elementBase + [t("modifierExtension", .many, "Extension")]
    /// The elements every resource has (Resource).
    static let resourceBase: [Element] = [p("resourceType", .required, .code), p("id", .optional, .id), t("meta", .optional, "Meta"),
                                          p("implicitRules", .optional, .uri), p("language", .optional, .code)]
    /// The elements every domain resource has.
    static let domainResourceBase: [Element] = resourceBase + [t("text", .optional, "Narrative"), Element("contained", .many, .resource),
                                                               t("extension", .many, "Extension"), t("modifierExtension", .many, "Extension")]

    /// The data types and backbone elements, by name.
    static let types: [String: [Element]] = [
        "Extension": elementBase + [p("url", .required, .uri)],  // value[x] is checked as present by name below
        "Meta": elementBase + [p("versionId", .optional, .id), p("lastUpdated", .optional, .instant), p("source", .optional, .uri),
                               p("profile", .many, .uri), t("security", .many, "Coding"), t("tag", .many, "Coding")],
        "Narrative": elementBase + [p("status", .required, .code), p("div", .required, .string)],
        "Coding": elementBase + [p("system", .optional, .uri), p("version", .optional, .string), p("code", .optional, .code),
                                 p("display", .optional, .string), p("userSelected", .optional, .boolean)],
        "CodeableConcept": elementBase + [t("coding", .many, "Coding"), p("text", .optional, .string)],
        "Identifier": elementBase + [p("use", .optional, .code), t("type", .optional, "CodeableConcept"), p("system", .optional, .uri),
                                     p("value", .optional, .string), t("period", .optional, "Period"), t("assigner", .optional, "Reference")],
        "Reference": elementBase + [p("reference", .optional, .string), p("type", .optional, .uri),
                                    t("identifier", .optional, "Identifier"), p("display", .optional, .string)],
        "Period": elementBase + [p("start", .optional, .dateTime), p("end", .optional, .dateTime)],
        "Quantity": elementBase + [p("value", .optional, .decimal), p("comparator", .optional, .code), p("unit", .optional, .string),
                                   p("system", .optional, .uri), p("code", .optional, .code)],
        // SimpleQuantity: a Quantity without a comparator.
        "SimpleQuantity": elementBase + [p("value", .optional, .decimal), p("unit", .optional, .string),
                                         p("system", .optional, .uri), p("code", .optional, .code)],
        "Range": elementBase + [t("low", .optional, "SimpleQuantity"), t("high", .optional, "SimpleQuantity")],
        "Ratio": elementBase + [t("numerator", .optional, "Quantity"), t("denominator", .optional, "Quantity")],
        "HumanName": elementBase + [p("use", .optional, .code), p("text", .optional, .string), p("family", .optional, .string),
                                    p("given", .many, .string), p("prefix", .many, .string), p("suffix", .many, .string),
                                    t("period", .optional, "Period")],
        "Annotation": elementBase + [Element("author", .optional, .choice(["Reference": .type("Reference"), "String": .primitive(.string)])),
                                     p("time", .optional, .dateTime), p("text", .required, .string)],
        "Dosage": backboneBase + [p("sequence", .optional, .integer), p("text", .optional, .string),
                                  t("additionalInstruction", .many, "CodeableConcept"), p("patientInstruction", .optional, .string),
                                  t("timing", .optional, "Timing"),
                                  Element("asNeeded", .optional, .choice(["Boolean": .primitive(.boolean), "CodeableConcept": .type("CodeableConcept")])),
                                  t("site", .optional, "CodeableConcept"), t("route", .optional, "CodeableConcept"),
                                  t("method", .optional, "CodeableConcept"), t("doseAndRate", .many, "Dosage.doseAndRate"),
                                  t("maxDosePerPeriod", .optional, "Ratio"), t("maxDosePerAdministration", .optional, "SimpleQuantity"),
                                  t("maxDosePerLifetime", .optional, "SimpleQuantity")],
        "Dosage.doseAndRate": elementBase + [
            t("type", .optional, "CodeableConcept"),
            Element("dose", .optional, .choice(["Range": .type("Range"), "Quantity": .type("SimpleQuantity")])),
            Element("rate", .optional, .choice(["Ratio": .type("Ratio"), "Range": .type("Range"), "Quantity": .type("SimpleQuantity")])),
        ],
        // Checked as objects only (not used by the export).
        "Timing": [], "Attachment": [], "ContactPoint": [], "Address": [], "Signature": [],

        "Bundle.link": backboneBase + [p("relation", .required, .string), p("url", .required, .uri)],
        "Bundle.entry": backboneBase + [t("link", .many, "Bundle.link"), p("fullUrl", .optional, .uri),
                                        Element("resource", .optional, .resource), t("search", .optional, "Bundle.entry.search"),
                                        t("request", .optional, "Bundle.entry.request"), t("response", .optional, "Bundle.entry.response")],
        "Bundle.entry.search": backboneBase + [p("mode", .optional, .code), p("score", .optional, .decimal)],
        "Bundle.entry.request": backboneBase + [p("method", .required, .code), p("url", .required, .uri), p("ifNoneMatch", .optional, .string),
                                                p("ifModifiedSince", .optional, .instant), p("ifMatch", .optional, .string),
                                                p("ifNoneExist", .optional, .string)],
        "Bundle.entry.response": backboneBase + [p("status", .required, .string), p("location", .optional, .uri), p("etag", .optional, .string),
                                                 p("lastModified", .optional, .instant), Element("outcome", .optional, .resource)],
        "Patient.contact": [], "Patient.communication": [], "Patient.link": [],
        "MedicationDispense.performer": backboneBase + [t("function", .optional, "CodeableConcept"), t("actor", .required, "Reference")],
        "MedicationDispense.substitution": backboneBase + [p("wasSubstituted", .required, .boolean), t("type", .optional, "CodeableConcept"),
                                                           t("reason", .many, "CodeableConcept"), t("responsibleParty", .many, "Reference")],
        "Medication.ingredient": backboneBase + [
            Element("item", .required, .choice(["CodeableConcept": .type("CodeableConcept"), "Reference": .type("Reference")])),
            p("isActive", .optional, .boolean), t("strength", .optional, "Ratio"),
        ],
        "Medication.batch": backboneBase + [p("lotNumber", .optional, .string), p("expirationDate", .optional, .dateTime)],
    ]

    /// The resources, by resourceType.
    static let resources: [String: [Element]] = [
        "Bundle": resourceBase + [t("identifier", .optional, "Identifier"), p("type", .required, .code), p("timestamp", .optional, .instant),
                                  Element("total", .optional, .primitive(.integer)), t("link", .many, "Bundle.link"),
                                  t("entry", .many, "Bundle.entry"), t("signature", .optional, "Signature")],
        "Patient": domainResourceBase + [
            t("identifier", .many, "Identifier"), p("active", .optional, .boolean), t("name", .many, "HumanName"),
            t("telecom", .many, "ContactPoint"), p("gender", .optional, .code), p("birthDate", .optional, .date),
            Element("deceased", .optional, .choice(["Boolean": .primitive(.boolean), "DateTime": .primitive(.dateTime)])),
            t("address", .many, "Address"), t("maritalStatus", .optional, "CodeableConcept"),
            Element("multipleBirth", .optional, .choice(["Boolean": .primitive(.boolean), "Integer": .primitive(.integer)])),
            t("photo", .many, "Attachment"), t("contact", .many, "Patient.contact"), t("communication", .many, "Patient.communication"),
            t("generalPractitioner", .many, "Reference"), t("managingOrganization", .optional, "Reference"), t("link", .many, "Patient.link"),
        ],
        "MedicationDispense": domainResourceBase + [
            t("identifier", .many, "Identifier"), t("partOf", .many, "Reference"), p("status", .required, .code),
            Element("statusReason", .optional, .choice(["CodeableConcept": .type("CodeableConcept"), "Reference": .type("Reference")])),
            t("category", .optional, "CodeableConcept"),
            Element("medication", .required, .choice(["CodeableConcept": .type("CodeableConcept"), "Reference": .type("Reference")])),
            t("subject", .optional, "Reference"), t("context", .optional, "Reference"), t("supportingInformation", .many, "Reference"),
            t("performer", .many, "MedicationDispense.performer"), t("location", .optional, "Reference"),
            t("authorizingPrescription", .many, "Reference"), t("type", .optional, "CodeableConcept"),
            t("quantity", .optional, "SimpleQuantity"), t("daysSupply", .optional, "SimpleQuantity"),
            p("whenPrepared", .optional, .dateTime), p("whenHandedOver", .optional, .dateTime), t("destination", .optional, "Reference"),
            t("receiver", .many, "Reference"), t("note", .many, "Annotation"), t("dosageInstruction", .many, "Dosage"),
            t("substitution", .optional, "MedicationDispense.substitution"), t("detectedIssue", .many, "Reference"),
            t("eventHistory", .many, "Reference"),
        ],
        "Medication": domainResourceBase + [
            t("identifier", .many, "Identifier"), t("code", .optional, "CodeableConcept"), p("status", .optional, .code),
            t("manufacturer", .optional, "Reference"), t("form", .optional, "CodeableConcept"), t("amount", .optional, "Ratio"),
            t("ingredient", .many, "Medication.ingredient"), t("batch", .optional, "Medication.batch"),
        ],
    ]

    struct Checker {
        var problems: [String] = []
        /// Each reference: its path, its text, the ids contained in the resource that holds
        /// it (for "#id").
        var references: [(path: String, reference: String, containedIDs: Set<String>)] = []
        var fullURLs: Set<String> = []
        /// The contained ids of the resources being walked, innermost last.
        var containedStack: [Set<String>] = []

        mutating func problem(_ path: String, _ text: String) { problems.append("\(path): \(text)") }

        mutating func checkResource(_ value: Any, path: String, expected: String? = nil) {
            guard let object = value as? [String: Any] else { return problem(path, "a resource must be a JSON object") }
            guard let type = object["resourceType"] as? String else { return problem(path, "no resourceType") }
            if let expected, type != expected { problem(path, "resourceType \(type), expected \(expected)") }
            guard let elements = FHIRStructure.resources[type] else { return problem(path, "resourceType \(type) is not one this check knows") }
            let contained = Set((object["contained"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            if !(object["contained"] == nil) {
                for (index, item) in (object["contained"] as? [[String: Any]] ?? []).enumerated() where item["id"] == nil {
                    problem("\(path).contained[\(index)]", "a contained resource needs an id")
                }
            }
            containedStack.append(contained.union(containedStack.last ?? []))
            checkObject(object, elements: elements, path: path)
            containedStack.removeLast()
            if type == "Bundle" {
                for (index, entry) in (object["entry"] as? [[String: Any]] ?? []).enumerated() {
                    if let url = entry["fullUrl"] as? String { fullURLs.insert(url) } else { problem("\(path).entry[\(index)]", "no fullUrl") }
                }
            }
        }

        mutating func checkObject(_ object: [String: Any], elements: [Element], path: String) {
            var known: Set<String> = []
            for element in elements {
                var names: [(String, Kind)] = [(element.name, element.kind)]
                if case .choice(let options) = element.kind {
                    names = options.map { (element.name + $0.key, $0.value) }.sorted { $0.0 < $1.0 }
                }
                known.formUnion(names.map(\.0))
                let present = names.filter { object[$0.0] != nil }
                if present.count > 1 { problem(path, "\(element.name)[x] given more than once: \(present.map(\.0))") }
                if present.isEmpty {
                    if element.cardinality == .required || element.cardinality == .atLeastOne {
                        problem(path, "required element \(element.name) missing")
                    }
                    continue
                }
                for (name, kind) in present {
                    let value = object[name]!
                    let many = element.cardinality == .many || element.cardinality == .atLeastOne
                    if many {
                        guard let array = value as? [Any] else { problem("\(path).\(name)", "0..* element must be an array"); continue }
                        if array.isEmpty { problem("\(path).\(name)", "an empty array is not allowed") }
                        for (index, item) in array.enumerated() { check(item, kind: kind, path: "\(path).\(name)[\(index)]") }
                    } else {
                        if value is [Any] { problem("\(path).\(name)", "0..1 element must not be an array"); continue }
                        check(value, kind: kind, path: "\(path).\(name)")
                    }
                }
            }
            for key in object.keys.sorted() where !known.contains(key) {
                // Primitive extensions (_name) only for a known element.
                if key.hasPrefix("_"), known.contains(String(key.dropFirst())) { continue }
                // Extension.value[x]: any value name.
                if elements.contains(where: { $0.name == "url" }), key.hasPrefix("value") { continue }
                problem("\(path).\(key)", "unknown element")
            }
        }

        mutating func check(_ value: Any, kind: Kind, path: String) {
            switch kind {
            case .resource:
                checkResource(value, path: path)
            case .choice:
                problem(path, "internal: a choice inside a choice")
            case .primitive(let primitive):
                checkPrimitive(value, primitive, path: path)
            case .type(let name):
                guard let object = value as? [String: Any] else { return problem(path, "\(name) must be a JSON object") }
                if object.isEmpty { problem(path, "an empty object is not allowed") }
                guard let elements = FHIRStructure.types[name] else { return problem(path, "type \(name) is not one this check knows") }
                if elements.isEmpty { return }  // checked as an object only
                checkObject(object, elements: elements, path: path)
                if name == "Reference", let reference = object["reference"] as? String {
                    references.append((path, reference, containedStack.last ?? []))
                }
            }
        }

        mutating func checkPrimitive(_ value: Any, _ primitive: Primitive, path: String) {
            func matches(_ text: String, _ pattern: String) -> Bool { text.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil }
            let date = #"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"#
            let time = #"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))"#
            switch primitive {
            case .decimal, .integer:
                guard let number = value as? NSNumber, !Self.isJSONBoolean(value) else {
                    return problem(path, "must be a JSON number")
                }
                if primitive == .integer, number.doubleValue.rounded() != number.doubleValue { problem(path, "must be an integer") }
            case .boolean:
                guard Self.isJSONBoolean(value) else { return problem(path, "must be true or false") }
            default:
                guard let text = value as? String else { return problem(path, "must be a JSON string") }
                if text.isEmpty { return problem(path, "an empty string is not allowed") }
                if text.trimmingCharacters(in: .whitespacesAndNewlines) != text, primitive != .string {
                    problem(path, "leading or trailing whitespace")
                }
                switch primitive {
                case .code: if !matches(text, #"[^\s]+( [^\s]+)*"#) { problem(path, "not a code: \(text)") }
                case .id: if !matches(text, #"[A-Za-z0-9\-\.]{1,64}"#) { problem(path, "not an id: \(text)") }
                case .uri: if text.contains(" ") { problem(path, "not a uri: \(text)") }
                case .date: if !matches(text, date) { problem(path, "not a date: \(text)") }
                case .dateTime: if !matches(text, date + "(T" + time + ")?") { problem(path, "not a dateTime: \(text)") }
                case .instant: if !matches(text, #"\d{4}-\d{2}-\d{2}T"# + time) { problem(path, "not an instant: \(text)") }
                default: break
                }
            }
        }

        /// JSONSerialization gives true and false as a boolean NSNumber (its class name says
        /// so on Linux and macOS); 1 and 0 are plain NSNumbers.
        static func isJSONBoolean(_ value: Any) -> Bool {
            String(describing: type(of: value)).contains("Boolean")
        }

        mutating func resolveReferences() {
            for (path, reference, contained) in references {
                if reference.hasPrefix("#") {
                    if !contained.contains(String(reference.dropFirst())) { problem(path, "\(reference) names no contained resource") }
                } else if !fullURLs.contains(reference) {
                    problem(path, "\(reference) is no entry's fullUrl in the Bundle")
                }
            }
        }
    }
}

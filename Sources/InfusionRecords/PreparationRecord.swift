import Foundation

/// One preparation read back from its entries (rule book section 6): the latest value of
/// each field, the outcome, the lots. What `records list`, the exports and the report read;
/// the entries themselves stay the record.
public struct PreparationRecord: Equatable, Sendable {
    public let id: String
    public let entries: [RecordEntry]
    /// The instant the preparation began (ISO 8601 with its UTC offset).
    public var began: String { entries.first?.recordedAt ?? "" }

    /// The vial lot of one strength.
    public struct Lot: Equatable, Sendable {
        public let strength: Int
        public let lot: String
        public let expiry: String
        public let gtin: String?
        public let serial: String?
        public let scanned: Bool
    }

    public init(id: String, entries: [RecordEntry]) {
        self.id = id
        self.entries = entries
    }

    /// Every preparation in `entries`, in the order they began.
    public static func group(_ entries: [RecordEntry]) -> [PreparationRecord] {
        var order: [String] = []
        var groups: [String: [RecordEntry]] = [:]
        for entry in entries {
            if groups[entry.preparationID] == nil { order.append(entry.preparationID) }
            groups[entry.preparationID, default: []].append(entry)
        }
        return order.map { PreparationRecord(id: $0, entries: groups[$0] ?? []) }
    }

    /// An entry's payload: a JSON object of strings; an unreadable one is empty (see
    /// `readablePayload`, for the commands that show the record as it is).
    public static func payload(_ entry: RecordEntry) -> [String: String] {
        readablePayload(entry) ?? [:]
    }

    /// An entry's payload, or nil when its stored text is not a JSON object of strings (this
    /// program never writes one; an export then shows the text as stored).
    public static func readablePayload(_ entry: RecordEntry) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(entry.payload.utf8))
    }

    /// The latest value recorded for `key` in the step values and the begun entry (a step
    /// gone through again records its values again: the last one stands).
    public func value(_ key: String) -> String? {
        entries.filter { $0.kind == .entry || $0.kind == .preparationBegun }
            .compactMap { Self.payload($0)[key] }.last
    }

    /// The outcome entry's payload, if the preparation has ended.
    public var outcomePayload: [String: String]? {
        entries.last { $0.kind == .outcome }.map(Self.payload)
    }

    /// "finished", "abandoned", "stopped", or "interrupted" when no outcome was recorded
    /// (the program ended without one: a crash or `kill -9`).
    public var outcome: String { outcomePayload?["outcome"] ?? "interrupted" }

    public var preparer: String? { value("preparer") }
    public var patientName: String? { value("patient_name") }
    public var recordNumber: String? { value("medical_record_number") }
    public var dateOfBirth: String? { value("date_of_birth") }
    public var orderReference: String? { value("order_reference") }

    /// The patient's identifiers for people: "Jane Doe; MRN 123456; born 1980-04-23".
    public var patientText: String {
        var text = patientName ?? "patient not entered"
        if let recordNumber { text += "; MRN " + recordNumber }
        if let dateOfBirth { text += "; born " + dateOfBirth }
        return text
    }

    /// Whether `query` names this patient: the MRN or the date of birth exactly, or the
    /// name without regard to case and spacing.
    public func isPatient(_ query: String) -> Bool {
        let wanted = query.split(separator: " ").joined(separator: " ").lowercased()
        guard !wanted.isEmpty else { return false }
        if let recordNumber, recordNumber.lowercased() == wanted { return true }
        if let dateOfBirth, dateOfBirth == wanted { return true }
        if let patientName, patientName.split(separator: " ").joined(separator: " ").lowercased() == wanted { return true }
        return false
    }

    /// The lots recorded at the Vials step, by strength (the latest entry for each).
    public var lots: [Lot] {
        var found: [Int: Lot] = [:]
        for entry in entries where entry.kind == .entry {
            let payload = Self.payload(entry)
            for (key, lot) in payload where key.hasPrefix("lot_") && !key.hasPrefix("lot_source_") {
                guard let strength = Int(key.dropFirst(4)), let expiry = payload["expiry_\(strength)"] else { continue }
                found[strength] = Lot(strength: strength, lot: lot, expiry: expiry, gtin: payload["gtin_\(strength)"],
                                      serial: payload["serial_\(strength)"], scanned: payload["lot_source_\(strength)"] == "scanned")
            }
        }
        return found.values.sorted { $0.strength > $1.strength }
    }

    /// When the preparation began, for people (rule book section 3): "2026-11-29 19:19", in
    /// the local time it was recorded in.
    public var beganForPeople: String { Self.forPeople(began) }

    /// The date (YYYY-MM-DD) the preparation began, in the local time it was recorded in.
    public var beganDate: String { String(began.prefix(10)) }
}

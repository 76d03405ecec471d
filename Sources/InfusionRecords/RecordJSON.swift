import InfusionCalc

/// The JSON of `records list --format json` and `records export --format json`: keys
/// sorted, two-space indent (`ExactJSONEncoder`, the program's one JSON encoder).
/// Both throw `JSONEncodingError` only if the encoder refuses, which strings and integers
/// never make it do.
public enum RecordJSON {
    /// `records list --format json`: an array with one summary per preparation.
    public static func list(_ records: [PreparationRecord]) throws(JSONEncodingError) -> String {
        try json(records.map { record in
            ListedPreparation(preparationID: record.id, began: record.began, outcome: record.outcome,
                              patientName: record.patientName, medicalRecordNumber: record.recordNumber,
                              dateOfBirth: record.dateOfBirth, preparer: record.preparer,
                              preparedDoseUnits: record.value("prepared_dose_units"))
        })
    }

    /// `records export --format json`: every entry of one preparation, with the hashes and
    /// the state of the chain (`chain`: "intact", "broken at entry N" or "not verified").
    public static func export(_ record: PreparationRecord, chain: String) throws(JSONEncodingError) -> String {
        try json(ExportedRecord(
            schemaVersion: 1, preparationID: record.id, chain: chain,
            entries: record.entries.map { entry in
                ExportedRecord.Entry(sequence: entry.sequence, recordedAt: entry.recordedAt, kind: entry.kind.rawValue,
                                     actor: entry.actor, corrects: entry.corrects, payload: PreparationRecord.payload(entry),
                                     payloadUnreadable: PreparationRecord.readablePayload(entry) == nil ? entry.payload : nil,
                                     previousHash: entry.previousHash, hash: entry.hash)
            }))
    }

    /// One line of `records list --format json`.
    struct ListedPreparation: Encodable {
        let schemaVersion = 1
        let preparationID: String
        let began: String
        let outcome: String
        let patientName: String?
        let medicalRecordNumber: String?
        let dateOfBirth: String?
        let preparer: String?
        let preparedDoseUnits: String?
        enum CodingKeys: String, CodingKey {
            case schemaVersion = "schema_version", preparationID = "preparation_id", began, outcome, patientName = "patient_name"
            case medicalRecordNumber = "medical_record_number", dateOfBirth = "date_of_birth", preparer
            case preparedDoseUnits = "prepared_dose_units"
        }
    }

    /// The whole record of one preparation.
    struct ExportedRecord: Encodable {
        struct Entry: Encodable {
            let sequence: Int
            let recordedAt: String
            let kind: String
            let actor: String?
            let corrects: Int?
            let payload: [String: String]
            /// The stored text, only when it is not a JSON object of strings (then `payload`
            /// is empty): the hash covers these bytes.
            let payloadUnreadable: String?
            let previousHash: String
            let hash: String
            enum CodingKeys: String, CodingKey {
                case sequence, recordedAt = "recorded_at", kind, actor, corrects, payload, payloadUnreadable = "payload_unreadable"
                case previousHash = "previous_hash", hash
            }
        }
        let schemaVersion: Int
        let preparationID: String
        let chain: String
        let entries: [Entry]
        enum CodingKeys: String, CodingKey {
            case schemaVersion = "schema_version", preparationID = "preparation_id", chain, entries
        }
    }

    static func json<T: Encodable>(_ value: T) throws(JSONEncodingError) -> String {
        try ExactJSONEncoder(layout: .indented, sortedKeys: true).encode(value)
    }
}

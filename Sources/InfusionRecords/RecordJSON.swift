import Foundation

/// The JSON of `records list --format json` and `records export --format json`.
public enum RecordJSON {
    /// `records list --format json`: an array with one summary per preparation.
    public static func list(_ records: [PreparationRecord]) -> String {
        json(records.map { record in
            ListedPreparation(preparationID: record.id, began: record.began, outcome: record.outcome,
                              patientName: record.patientName, medicalRecordNumber: record.recordNumber,
                              dateOfBirth: record.dateOfBirth, preparer: record.preparer,
                              preparedDoseUnits: record.value("prepared_dose_units"))
        })
    }

    /// `records export --format json`: every entry of one preparation, with the hashes and
    /// the state of the chain (`chain`: "intact", "broken at entry N" or "not verified").
    public static func export(_ record: PreparationRecord, chain: String) -> String {
        json(ExportedRecord(
            schemaVersion: 1, preparationID: record.id, chain: chain,
            entries: record.entries.map { entry in
                ExportedRecord.Entry(sequence: entry.sequence, recordedAt: entry.recordedAt, kind: entry.kind.rawValue,
                                     actor: entry.actor, corrects: entry.corrects, payload: PreparationRecord.payload(entry),
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
            let previousHash: String
            let hash: String
        }
        let schemaVersion: Int
        let preparationID: String
        let chain: String
        let entries: [Entry]
    }

    /// Sorted keys, snake case, two-space indent.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import InfusionCalc

/// Rule book sections 7 and 8 (issue 11) in the record: the bag label as it was printed
/// (or not printed), each reprint, and the double checks. One place writes a label entry's
/// payload (`LabelRecord.payload`, used by the journal and by `infusion-prep label`) and
/// reads it back (`PreparationRecord.labels`); the double check's entries are read here
/// too (`PreparationRecord.checks`), and `DoubleCheckRecord.payload` writes them.
///
/// A label entry is an `EntryKind.entry` whose payload (strings only, canonical JSON) has:
/// - "step": "Label"; "event": "label-printed" or "label-not-printed";
/// - "format": "text" or "zpl"; "size": "4x2" or "4x3" (ZPL only);
/// - "destination": where it went, for people ("printer ward-3", "file /tmp/bag.zpl",
///   "standard output"); "result": the delivery's message or the failure's reason;
/// - "reprint": "no", or the reprint instant in ISO 8601;
/// - "sheet": the label as printed, a JSON array of {"part": ..., "text": ...} in order
///   (`BagLabel.Sheet.parts`), from which it is printed again exactly.
public enum LabelRecord {
    /// The "step" of a label entry.
    public static let step = "Label"

    /// What happened to the label.
    public enum Event: String, Sendable, CaseIterable {
        case printed = "label-printed"
        case notPrinted = "label-not-printed"
    }

    /// How the record names standard output as a destination.
    public static let standardOutput = "standard output"

    /// The payload of a label entry (see the type's description).
    ///
    /// - Parameters:
    ///   - sheet: the label as it was (or would have been) printed.
    ///   - format, size: the label's format; the size is kept for ZPL only.
    ///   - destination: where it was sent, for people ("printer ward-3", "file /tmp/bag.txt",
    ///     "standard output").
    ///   - failure: why it was not printed (the delivery's one-sentence message); nil: printed.
    ///   - delivered: the delivery's message when printed ("Label sent to printer ward-3:
    ///     request id is ward-3-12 (1 file(s))."); empty: "Label delivered to <destination>."
    ///   - reprintedAt: the reprint instant (`infusion-prep label --reprint`); nil: the
    ///     original label.
    /// - Throws: `RecordStoreError` if the sheet cannot be written as JSON (see `sheetJSON`).
    public static func payload(_ sheet: BagLabel.Sheet, format: LabelFormat, size: LabelSize, destination: String,
                               failure: String?, delivered: String = "", reprintedAt: ZonedTime? = nil) throws(RecordStoreError) -> [String: String] {
        var out = [
            "step": step,
            "event": (failure == nil ? Event.printed : Event.notPrinted).rawValue,
            "format": format.rawValue,
            "destination": destination,
            "result": failure ?? (delivered.isEmpty ? "Label delivered to \(destination)." : delivered),
            "reprint": reprintedAt?.iso8601 ?? "no",
            "sheet": try sheetJSON(sheet),
        ]
        if format == .zpl { out["size"] = size.rawValue }
        return out
    }

    /// A label entry ready for `RecordStore.append` (the `label` command, which writes
    /// outside a wizard's journal): recorded at `at` (ISO 8601), by `actor`.
    /// - Throws: `RecordStoreError` when the payload cannot be written as JSON.
    public static func draft(_ sheet: BagLabel.Sheet, format: LabelFormat, size: LabelSize, destination: String,
                             failure: String?, delivered: String = "", reprintedAt: ZonedTime? = nil,
                             actor: String?, at: ZonedTime) throws(RecordStoreError) -> EntryDraft {
        EntryDraft(preparationID: sheet.preparationID, kind: .entry, recordedAt: at.iso8601, actor: actor,
                   payload: try PreparationJournal.canonicalJSON(payload(sheet, format: format, size: size, destination: destination,
                                                                         failure: failure, delivered: delivered, reprintedAt: reprintedAt)))
    }

    /// The sheet as the record keeps it: `[{"part":"patient","text":"..."}, ...]`, keys
    /// sorted, no spaces (the same sheet always gives the same bytes; `ExactJSONEncoder`).
    /// - Throws: `RecordStoreError` if the encoder refuses (it never does for strings).
    public static func sheetJSON(_ sheet: BagLabel.Sheet) throws(RecordStoreError) -> String {
        struct Paragraph: Encodable { let part: String, text: String }
        do throws(JSONEncodingError) {
            return try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(sheet.parts.map { Paragraph(part: $0.part, text: $0.text) })
        } catch {
            throw RecordStoreError("the label could not be written as JSON: \(error)")
        }
    }

    /// The sheet read back from `sheetJSON`'s text for the preparation `preparationID`.
    public static func sheet(json: String, preparationID: String) -> Result<BagLabel.Sheet, LabelRecordError> {
        guard let objects = try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8)) else {
            return .failure(LabelRecordError("The recorded label cannot be read: its paragraphs are not a JSON array of parts and texts."))
        }
        var parts: [(part: String, text: String)] = []
        for object in objects {
            guard let part = object["part"], let text = object["text"] else {
                return .failure(LabelRecordError("The recorded label cannot be read: a paragraph has no part or no text."))
            }
            parts.append((part, text))
        }
        return BagLabel.Sheet.restore(parts: parts, preparationID: preparationID).mapError { LabelRecordError($0.message) }
    }
}

/// Why a recorded label cannot be printed again, in one sentence.
public struct LabelRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One label entry read back.
public struct RecordedLabel: Equatable, Sendable {
    /// The entry's place in the chain.
    public let sequence: Int
    /// When it was printed (or failed), ISO 8601 with the UTC offset.
    public let recordedAt: String
    /// The preparer (the original) or the person who reprinted it.
    public let actor: String?
    /// False: "label-not-printed" (the delivery failed).
    public let printed: Bool
    /// The reprint instant (ISO 8601); nil for the original label.
    public let reprintedAt: String?
    /// nil when the record holds a format this program does not know.
    public let format: LabelFormat?
    /// ZPL only.
    public let size: LabelSize?
    public let destination: String
    /// The delivery's message or the failure's reason.
    public let result: String
    /// The label as printed, restored; or why it cannot be.
    public let sheet: Result<BagLabel.Sheet, LabelRecordError>

    public var isReprint: Bool { reprintedAt != nil }

    /// `recordedAt` for people (rule book section 3): "2026-11-29 12:03".
    public var recordedForPeople: String { PreparationRecord.forPeople(recordedAt) }
}

/// One double-check entry read back (rule book section 7).
public struct RecordedCheck: Equatable, Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// Every value matched.
        case passed
        /// At least one value did not match: the check blocked.
        case mismatch
        /// The check was left before the values were compared.
        case abandoned
    }
    public let sequence: Int
    public let recordedAt: String
    public let outcome: Outcome
    public let checker: String
    /// `DoubleCheckField.code`s of the values that did not match, in the check's order.
    public let mismatched: [String]
    /// For each field code, the plan's and the checker's value for people ("70 kg").
    public let planValues: [String: String]
    public let checkerValues: [String: String]

    /// `recordedAt` for people: "2026-11-29 08:03".
    public var recordedForPeople: String { PreparationRecord.forPeople(recordedAt) }
}

/// The payload of a double-check entry (`EntryKind.check`): "outcome" ("passed",
/// "mismatch" or "abandoned"), "checker" (the name), "mismatched" (the codes of the values
/// that did not match, comma-separated, or ""), and for each field "plan_<code>" and
/// "checker_<code>" with both values as people read them.
public enum DoubleCheckRecord {
    /// A compared check: passed, or a mismatch with both values of every field.
    public static func payload(_ outcome: DoubleCheckOutcome) -> [String: String] {
        var out = [
            "outcome": (outcome.passed ? RecordedCheck.Outcome.passed : .mismatch).rawValue,
            "checker": outcome.checker,
            "mismatched": outcome.mismatches.map(\.field.code).joined(separator: ","),
        ]
        for row in outcome.rows {
            out["plan_" + row.field.code] = row.plan.text
            out["checker_" + row.field.code] = row.checker.text
        }
        return out
    }

    /// A check left before the comparison (the checker's name as typed, possibly empty).
    public static func abandonedPayload(checker: String) -> [String: String] {
        ["outcome": RecordedCheck.Outcome.abandoned.rawValue, "checker": checker, "mismatched": ""]
    }

    /// A check entry ready for `RecordStore.append`.
    /// - Throws: `RecordStoreError` when the payload cannot be written as JSON.
    public static func draft(preparationID: String, payload: [String: String], actor: String?, at: ZonedTime) throws(RecordStoreError) -> EntryDraft {
        EntryDraft(preparationID: preparationID, kind: .check, recordedAt: at.iso8601, actor: actor,
                   payload: try PreparationJournal.canonicalJSON(payload))
    }
}

extension PreparationJournal {
    /// Records the bag label just delivered (or not) from the wizard (rule book section 8,
    /// issue 11), as the preparer: "label-printed", or "label-not-printed" with `failure`
    /// (the preparation stays recorded either way). See `LabelRecord` for the payload.
    ///
    /// - Parameters:
    ///   - sheet: the label as printed (`BagLabel.Content.sheet`).
    ///   - destination: for people: "printer ward-3", "file /tmp/bag.zpl", "standard output".
    ///   - failure: the delivery's failure message; nil when printed.
    ///   - delivered: the delivery's message when printed (may be empty).
    ///   - at: when it was printed; written with `.iso8601`.
    /// - Throws: the store's error when the entry cannot be written.
    public func recordLabel(_ sheet: BagLabel.Sheet, format: LabelFormat, size: LabelSize, destination: String,
                            failure: String?, delivered: String = "", at: ZonedTime) throws(RecordStoreError) {
        try append(.entry, at: at.iso8601, try LabelRecord.payload(sheet, format: format, size: size, destination: destination,
                                                               failure: failure, delivered: delivered))
    }
}

extension PreparationRecord {
    /// Every label entry, in order: the original label (printed or not) and each reprint.
    public var labels: [RecordedLabel] {
        entries.compactMap { entry in
            guard entry.kind == .entry else { return nil }
            let payload = Self.payload(entry)
            guard payload["step"] == LabelRecord.step, let event = payload["event"].flatMap(LabelRecord.Event.init) else { return nil }
            let reprint = payload["reprint"].flatMap { $0 == "no" ? nil : $0 }
            return RecordedLabel(
                sequence: entry.sequence, recordedAt: entry.recordedAt, actor: entry.actor, printed: event == .printed,
                reprintedAt: reprint, format: payload["format"].flatMap(LabelFormat.init), size: payload["size"].flatMap(LabelSize.init),
                destination: payload["destination"] ?? "", result: payload["result"] ?? "",
                sheet: payload["sheet"].map { LabelRecord.sheet(json: $0, preparationID: entry.preparationID) }
                    ?? .failure(LabelRecordError("The recorded label cannot be read: the entry holds no label.")))
        }
    }

    /// The label on the bag: the last label the preparation printed (not a reprint); a
    /// label printed before the preparation changed was replaced by it. When none was
    /// printed, the last one made. Nil when no label was made or it cannot be read.
    public var originalSheet: BagLabel.Sheet? {
        bagLabel.flatMap { try? $0.sheet.get() }
    }

    /// The label entry `originalSheet` comes from.
    public var bagLabel: RecordedLabel? {
        let made = labels.filter { !$0.isReprint }
        return made.last(where: \.printed) ?? made.last
    }

    /// Every double check recorded, in order (entries with an outcome this program does
    /// not know are left out).
    public var checks: [RecordedCheck] {
        entries.compactMap { entry in
            guard entry.kind == .check else { return nil }
            let payload = Self.payload(entry)
            guard let outcome = payload["outcome"].flatMap(RecordedCheck.Outcome.init) else { return nil }
            var plan: [String: String] = [:], checker: [String: String] = [:]
            for (key, value) in payload {
                if key.hasPrefix("plan_") { plan[String(key.dropFirst(5))] = value }
                if key.hasPrefix("checker_") { checker[String(key.dropFirst(8))] = value }
            }
            return RecordedCheck(sequence: entry.sequence, recordedAt: entry.recordedAt, outcome: outcome,
                                 checker: payload["checker"] ?? "",
                                 mismatched: (payload["mismatched"] ?? "").split(separator: ",").map(String.init),
                                 planValues: plan, checkerValues: checker)
        }
    }

    /// The checker of the last passed double check; nil when none passed.
    public var checker: String? {
        checks.last { $0.outcome == .passed }?.checker
    }

    /// An ISO 8601 instant for people (section 3): "2026-11-29T12:03:00+01:00" is
    /// "2026-11-29 12:03", in the local time it was recorded in.
    public static func forPeople(_ iso8601: String) -> String {
        String(String(iso8601.prefix(16)).map { $0 == "T" ? " " : $0 })
    }
}

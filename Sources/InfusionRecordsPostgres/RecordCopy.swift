import InfusionRecords

/// `infusion-prep records copy`: moves a workstation's records into another store (most
/// often its SQLite file into the shared PostgreSQL store), between any two stores behind
/// `RecordStore`.
///
/// The target keeps its own chain: each copied entry is appended there, so it gets the
/// target's next sequence number and a hash chained to the target's entries, and both
/// chains verify on their own. What is kept is the content that the hashes cover: the
/// preparation id, kind, instant, actor and payload, byte for byte; a correction's
/// `corrects` is turned into the target's number of the entry it corrects.
///
/// Idempotent: a preparation's entries are appended in order, so the target holds a
/// prefix of each source preparation; what is already there is matched by content and
/// skipped, and a second copy copies nothing. A preparation whose entries in the target
/// differ from the source's is a conflict: nothing more of it is copied, and it is named.
public enum RecordCopy {
    public struct Summary: Equatable, Sendable {
        /// Entries appended to the target.
        public var copied = 0
        /// Entries found already in the target.
        public var alreadyThere = 0
        /// Preparations in the source.
        public var preparations = 0
        /// Preparations not copied (in full) because the target holds different entries for them.
        public var conflicts: [String] = []
    }

    /// Verifies the source chain, copies every entry not yet in the target, then verifies
    /// the target chain. Throws when either chain does not verify or a store fails.
    public static func copy(from source: any RecordStore, to target: any RecordStore) throws(RecordStoreError) -> Summary {
        if case .broken(let sequence, let reason) = try source.verify() {
            throw RecordStoreError("The source records do not verify (entry \(sequence): \(reason)); nothing was copied.")
        }
        if case .broken(let sequence, let reason) = try target.verify() {
            throw RecordStoreError("The target records do not verify (entry \(sequence): \(reason)); nothing was copied.")
        }
        let sourceEntries = try source.entries(preparationID: nil)
        var inTarget: [String: [RecordEntry]] = [:]
        for entry in try target.entries(preparationID: nil) {
            inTarget[entry.preparationID, default: []].append(entry)
        }
        var summary = Summary()
        var seen: [String: Int] = [:]
        var targetSequence: [Int: Int] = [:]
        var conflicted: Set<String> = []
        for entry in sourceEntries {
            let preparation = entry.preparationID
            let index = seen[preparation, default: 0]
            seen[preparation] = index + 1
            if index == 0 { summary.preparations += 1 }
            if conflicted.contains(preparation) { continue }
            let corrects = entry.corrects.map { targetSequence[$0] ?? -1 }
            if corrects == -1 {
                conflicted.insert(preparation)
                summary.conflicts.append(preparation)
                continue
            }
            let draft = EntryDraft(preparationID: preparation, kind: entry.kind, recordedAt: entry.recordedAt,
                                   actor: entry.actor, payload: entry.payload, corrects: corrects)
            if let existing = inTarget[preparation], index < existing.count {
                if existing[index].draft == draft {
                    targetSequence[entry.sequence] = existing[index].sequence
                    summary.alreadyThere += 1
                } else {
                    conflicted.insert(preparation)
                    summary.conflicts.append(preparation)
                }
                continue
            }
            let written = try target.append(draft)
            guard written.sequence > 0 else {
                throw RecordStoreError("The target could not be reached while copying: \(summary.copied) entries were copied, the rest are kept in its local spool and sent when it is back; run the copy again then.")
            }
            targetSequence[entry.sequence] = written.sequence
            summary.copied += 1
        }
        if case .broken(let sequence, let reason) = try target.verify() {
            throw RecordStoreError("After the copy, the target records do not verify (entry \(sequence): \(reason)).")
        }
        return summary
    }
}

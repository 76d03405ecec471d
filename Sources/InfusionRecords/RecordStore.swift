import Crypto

/// The preparation record (rule book section 6) as an append-only log of entries, each
/// chained to the one before it by SHA-256, so that any change after the fact shows.
/// One small protocol; the SQLite store is the default, a shared store fits behind it.

/// What an entry records.
public enum EntryKind: String, Codable, Sendable, CaseIterable {
    /// The preparation began: who, which patient, which order, which policy and program.
    case preparationBegun = "preparation-begun"
    /// A value entered or chosen (weight, dose choice, lot and expiry of a vial, a time).
    case entry
    /// An R13 confirmation, with its instant.
    case confirmation
    /// A finding shown (hard stop, warning, note).
    case finding
    /// A warning acknowledged, by whom.
    case acknowledgement
    /// A double-check result.
    case check
    /// The outcome: finished, abandoned (with what was done) or stopped by a hard stop.
    case outcome
    /// A correction of an earlier entry, which it names; nothing is overwritten.
    case correction
}

/// An entry as the program hands it to a store, before it has its place in the chain.
public struct EntryDraft: Equatable, Sendable {
    public let preparationID: String
    public let kind: EntryKind
    /// ISO 8601 with the UTC offset, as the calculation module writes it.
    public let recordedAt: String
    /// Who did or confirmed it (name or initials), when known.
    public let actor: String?
    /// The content: canonical JSON (sorted keys, no floating point).
    public let payload: String
    /// The sequence number of the entry this one corrects.
    public let corrects: Int?

    public init(preparationID: String, kind: EntryKind, recordedAt: String, actor: String? = nil,
                payload: String, corrects: Int? = nil) {
        self.preparationID = preparationID
        self.kind = kind
        self.recordedAt = recordedAt
        self.actor = actor
        self.payload = payload
        self.corrects = corrects
    }
}

/// An entry in the chain.
public struct RecordEntry: Codable, Equatable, Sendable {
    /// Position in the chain, from 1, without gaps.
    public let sequence: Int
    public let preparationID: String
    public let kind: EntryKind
    public let recordedAt: String
    public let actor: String?
    public let payload: String
    public let corrects: Int?
    /// The hash of the entry before (64 hex digits; 64 zeros for the first).
    public let previousHash: String
    /// SHA-256 of `previousHash` and this entry's content, in hex.
    public let hash: String

    /// Public, for stores in other modules (the PostgreSQL store).
    public init(sequence: Int, preparationID: String, kind: EntryKind, recordedAt: String, actor: String?,
                payload: String, corrects: Int?, previousHash: String, hash: String) {
        self.sequence = sequence
        self.preparationID = preparationID
        self.kind = kind
        self.recordedAt = recordedAt
        self.actor = actor
        self.payload = payload
        self.corrects = corrects
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The hash this entry must carry after `previousHash` (see `RecordChain.hash`).
    public var expectedHash: String {
        RecordChain.hash(previous: previousHash, sequence: sequence, draft: draft)
    }
    public var draft: EntryDraft {
        EntryDraft(preparationID: preparationID, kind: kind, recordedAt: recordedAt, actor: actor,
                   payload: payload, corrects: corrects)
    }
}

/// What `verify` found.
public enum ChainVerification: Equatable, Sendable {
    /// Every entry is in place and matches its hash.
    case intact(entries: Int)
    /// The first entry that does not match, and why.
    case broken(sequence: Int, reason: String)
}

/// Why a store cannot be used or an entry cannot be written. The message names the real
/// cause (the path, the permission, the disk).
public struct RecordStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A store of preparation records: append and read, never update or delete.
public protocol RecordStore: Sendable {
    /// Appends `draft` at the end of the chain, atomically and durably: when this returns,
    /// the entry survives a crash. Appends from several processes are serialised, so the
    /// chain never forks.
    func append(_ draft: EntryDraft) throws(RecordStoreError) -> RecordEntry
    /// The entries of one preparation, or of all when `preparationID` is nil, in order.
    func entries(preparationID: String?) throws(RecordStoreError) -> [RecordEntry]
    /// Walks the whole chain and names the first entry that does not match.
    func verify() throws(RecordStoreError) -> ChainVerification
}

/// The hash chain, in the spirit of RFC 6962's leaf hashing: each entry's hash covers the
/// previous hash and the entry's content, each field length-prefixed so that no two
/// different entries read the same.
public enum RecordChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, sequence: Int, draft: EntryDraft) -> String {
        var content = "infusion-prep-record-v1\n"
        func field(_ name: String, _ value: String?) {
            guard let value else { content += name + ":-\n"; return }
            content += name + ":" + String(value.utf8.count) + ":" + value + "\n"
        }
        field("previous", previous)
        field("sequence", String(sequence))
        field("preparation", draft.preparationID)
        field("kind", draft.kind.rawValue)
        field("recorded-at", draft.recordedAt)
        field("actor", draft.actor)
        field("payload", draft.payload)
        field("corrects", draft.corrects.map(String.init))
        var leaf = [UInt8(0)]
        leaf += Array(content.utf8)
        return SHA256.hash(data: leaf).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Checks `entries` (in order) as a whole chain from the first entry.
    public static func verify(_ entries: [RecordEntry]) -> ChainVerification {
        var previous = genesis
        for (index, entry) in entries.enumerated() {
            let expectedSequence = index + 1
            if entry.sequence != expectedSequence {
                return .broken(sequence: entry.sequence, reason: "entry \(expectedSequence) is missing: the next one is \(entry.sequence)")
            }
            if entry.previousHash != previous {
                return .broken(sequence: entry.sequence, reason: "its link to entry \(entry.sequence - 1) does not match")
            }
            if entry.expectedHash != entry.hash {
                return .broken(sequence: entry.sequence, reason: "its content does not match its hash: it was changed after it was written")
            }
            if let corrected = entry.corrects, corrected >= entry.sequence || corrected < 1 {
                return .broken(sequence: entry.sequence, reason: "it corrects entry \(corrected), which does not come before it")
            }
            previous = entry.hash
        }
        return .intact(entries: entries.count)
    }
}

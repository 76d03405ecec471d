import Foundation
import Synchronization
import InfusionRecords
import Testing

/// The SQLite record store's own checks: stores that cannot be used, and the hash.
/// The store contract (the chain, the append-only rules, tampering found by `verify`,
/// concurrent writers) runs on SQLite and PostgreSQL alike in
/// Tests/InfusionRecordsPostgresTests/RecordStoreContractTests.swift.
@Suite struct SQLiteRecordStoreTests {
    /// A fresh folder for one test, removed afterwards by the system's temporary cleaner.
    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("records-test-" + UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func draft(_ preparation: String, _ number: Int, kind: EntryKind = .confirmation, corrects: Int? = nil) -> EntryDraft {
        EntryDraft(preparationID: preparation, kind: kind, recordedAt: "2026-11-29T09:\(number < 10 ? "0" : "")\(number % 60):00+01:00",
                   actor: "AB", payload: "{\"n\":\(number)}", corrects: corrects)
    }

    @Test func storesThatCannotBeUsedAreRefusedWithTheCause() throws {
        let folder = Self.folder()
        #expect(throws: RecordStoreError.self) { try SQLiteRecordStore(path: "") }
        do {
            _ = try SQLiteRecordStore(path: "   ")
            Issue.record("an empty path must be refused")
        } catch { #expect(error.message.contains("empty")) }
        do {
            _ = try SQLiteRecordStore(path: folder.path)
            Issue.record("a folder must be refused")
        } catch { #expect(error.message.contains("is a folder")) }
        let notADatabase = folder.appendingPathComponent("notes.txt")
        try Data("these are not records\n".utf8).write(to: notADatabase)
        do {
            _ = try SQLiteRecordStore(path: notADatabase.path)
            Issue.record("a file that is not a database must be refused")
        } catch { #expect(error.message.contains("cannot be opened"), "\(error.message)") }
        let underAFile = notADatabase.appendingPathComponent("records.sqlite")
        do {
            _ = try SQLiteRecordStore(path: underAFile.path)
            Issue.record("a path under a file must be refused")
        } catch { #expect(error.message.contains("cannot be created"), "\(error.message)") }
    }

    /// Programs started at the same instant on a new file all make (or find) the schema.
    @Test("eight stores opening one new file at once all succeed", arguments: 0..<3)
    func madeAtOnce(round: Int) {
        let path = Self.folder().appendingPathComponent("records.sqlite").path
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do throws(RecordStoreError) { _ = try SQLiteRecordStore(path: path) } catch {
                failures.withLock { $0.append(error.message) }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
    }

    @Test func hashesDependOnEveryField() {
        let base = Self.draft("P1", 1)
        let reference = RecordChain.hash(previous: RecordChain.genesis, sequence: 1, draft: base)
        let variants = [
            EntryDraft(preparationID: "P2", kind: base.kind, recordedAt: base.recordedAt, actor: base.actor, payload: base.payload),
            EntryDraft(preparationID: base.preparationID, kind: .entry, recordedAt: base.recordedAt, actor: base.actor, payload: base.payload),
            EntryDraft(preparationID: base.preparationID, kind: base.kind, recordedAt: "x", actor: base.actor, payload: base.payload),
            EntryDraft(preparationID: base.preparationID, kind: base.kind, recordedAt: base.recordedAt, actor: nil, payload: base.payload),
            EntryDraft(preparationID: base.preparationID, kind: base.kind, recordedAt: base.recordedAt, actor: "", payload: base.payload),
            EntryDraft(preparationID: base.preparationID, kind: base.kind, recordedAt: base.recordedAt, actor: base.actor, payload: base.payload + " "),
            EntryDraft(preparationID: base.preparationID, kind: base.kind, recordedAt: base.recordedAt, actor: base.actor, payload: base.payload, corrects: 1),
        ]
        for variant in variants {
            #expect(RecordChain.hash(previous: RecordChain.genesis, sequence: 1, draft: variant) != reference)
        }
        #expect(RecordChain.hash(previous: RecordChain.genesis, sequence: 2, draft: base) != reference)
        #expect(RecordChain.hash(previous: String(repeating: "f", count: 64), sequence: 1, draft: base) != reference)
        #expect(reference.count == 64 && reference.allSatisfy(\.isHexDigit))
    }
}

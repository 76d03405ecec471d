import Foundation
import InfusionRecords
import Testing

/// The SQLite record store against the real SQLite: the chain, the append-only rules,
/// tampering found by `verify`, concurrent writers, and stores that cannot be used.
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

    /// Runs the sqlite3 shell on `database` with `sql`; returns its exit status and stderr.
    static func sqlite3(_ database: String, _ sql: String) throws -> (status: Int32, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, sql]
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = Pipe()
        try process.run()
        let data = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func appendsFormAChainThatVerifies() throws {
        let path = Self.folder().appendingPathComponent("records.sqlite").path
        let store = try SQLiteRecordStore(path: path)
        let first = try store.append(Self.draft("P1", 1, kind: .preparationBegun))
        let second = try store.append(Self.draft("P1", 2))
        let third = try store.append(Self.draft("P2", 3))
        #expect(first.sequence == 1 && second.sequence == 2 && third.sequence == 3)
        #expect(first.previousHash == RecordChain.genesis)
        #expect(second.previousHash == first.hash && third.previousHash == second.hash)
        #expect(Set([first.hash, second.hash, third.hash]).count == 3)
        #expect(try store.verify() == .intact(entries: 3))
        #expect(try store.entries(preparationID: "P1").map(\.sequence) == [1, 2])
        #expect(try store.entries(preparationID: nil).count == 3)
        // Reopened, everything is still there and still verifies.
        let reopened = try SQLiteRecordStore(path: path)
        #expect(try reopened.entries(preparationID: nil) == [first, second, third])
        #expect(try reopened.verify() == .intact(entries: 3))
    }

    @Test func aCorrectionPointsAtTheEntryItCorrects() throws {
        let store = try SQLiteRecordStore(path: Self.folder().appendingPathComponent("r.sqlite").path)
        let wrong = try store.append(Self.draft("P1", 1, kind: .entry))
        let correction = try store.append(Self.draft("P1", 2, kind: .correction, corrects: wrong.sequence))
        #expect(correction.corrects == 1)
        #expect(try store.entries(preparationID: "P1").first == wrong, "the corrected entry is kept as it was")
        #expect(try store.verify() == .intact(entries: 2))
    }

    @Test(arguments: [
        "UPDATE entries SET payload = '{\"n\":9}' WHERE sequence = 2",
        "UPDATE entries SET actor = 'ZZ'",
        "DELETE FROM entries WHERE sequence = 3",
        "DELETE FROM entries",
    ])
    func updateAndDeleteAreRefused(sql: String) throws {
        let path = Self.folder().appendingPathComponent("r.sqlite").path
        let store = try SQLiteRecordStore(path: path)
        for number in 1...3 { _ = try store.append(Self.draft("P1", number)) }
        let result = try Self.sqlite3(path, sql)
        #expect(result.status != 0, "sqlite3 must fail: \(sql)")
        #expect(result.error.contains("append-only"), "the refusal says why: \(result.error)")
        #expect(try store.verify() == .intact(entries: 3))
        #expect(try store.entries(preparationID: nil).count == 3)
    }

    /// Editing any stored byte of an entry (with the triggers dropped, as an attacker
    /// with the file would) makes `verify` name that entry.
    @Test(arguments: [
        ("payload", "'{\"n\":7}'"), ("actor", "'CD'"), ("recorded_at", "'2026-11-29T10:00:00+01:00'"),
        ("kind", "'entry'"), ("preparation_id", "'P9'"), ("corrects", "1"), ("previous_hash", "'" + String(repeating: "1", count: 64) + "'"),
        ("hash", "'" + String(repeating: "2", count: 64) + "'"),
    ])
    func tamperingIsFound(column: String, value: String) throws {
        let path = Self.folder().appendingPathComponent("r.sqlite").path
        let store = try SQLiteRecordStore(path: path)
        for number in 1...4 { _ = try store.append(Self.draft("P1", number)) }
        let edit = "DROP TRIGGER entries_no_update; UPDATE entries SET \(column) = \(value) WHERE sequence = 3;"
        #expect(try Self.sqlite3(path, edit).status == 0)
        guard case .broken(let sequence, let reason) = try SQLiteRecordStore(path: path).verify() else {
            Issue.record("a changed \(column) must break the chain")
            return
        }
        #expect(sequence == 3, "the changed entry is named: \(reason)")
        #expect(!reason.isEmpty)
    }

    @Test func aRemovedEntryIsFound() throws {
        let path = Self.folder().appendingPathComponent("r.sqlite").path
        let store = try SQLiteRecordStore(path: path)
        for number in 1...4 { _ = try store.append(Self.draft("P1", number)) }
        #expect(try Self.sqlite3(path, "DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE sequence = 2;").status == 0)
        #expect(try store.verify() == .broken(sequence: 3, reason: "entry 2 is missing: the next one is 3"))
    }

    /// Two stores on one file (two connections, as two programs would have) appending at
    /// once lose nothing and never fork the chain.
    @Test func concurrentWritersKeepOneChain() async throws {
        let path = Self.folder().appendingPathComponent("r.sqlite").path
        let a = try SQLiteRecordStore(path: path)
        let b = try SQLiteRecordStore(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("A", a), ("B", b)] {
                group.addTask {
                    for number in 1...40 { _ = try store.append(Self.draft(name, number)) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try a.verify() == .intact(entries: 80))
        #expect(try b.entries(preparationID: "A").count == 40)
        #expect(try b.entries(preparationID: "B").count == 40)
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

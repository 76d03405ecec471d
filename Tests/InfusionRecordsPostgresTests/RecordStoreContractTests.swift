import Foundation
import InfusionRecords
import InfusionRecordsPostgres
import TestSupport
import Testing

/// One store under test: how to open it (again), run raw SQL on it with its own shell
/// (sqlite3 or psql), and change a stored byte past its guards as an attacker would.
struct StoreUnderTest: Sendable {
    let name: String
    let open: @Sendable () throws -> any RecordStore
    /// Runs SQL with the store's shell; exit status and standard error.
    let shell: @Sendable (String) throws -> (status: Int32, error: String)
    /// SQL that sets `column` to `value` in entry `sequence`, past the triggers.
    let tamper: @Sendable (_ column: String, _ value: String, _ sequence: Int) -> String
    /// SQL that deletes entry `sequence`, past the triggers and foreign keys.
    let remove: @Sendable (_ sequence: Int) -> String

    static func sqlite() -> StoreUnderTest {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString).sqlite").path
        return StoreUnderTest(
            name: "SQLite",
            open: { try SQLiteRecordStore(path: path) },
            shell: { sql in
                let result = try runProcess(["/usr/bin/env", "sqlite3", path, sql])
                return (result.status, result.standardError)
            },
            tamper: { column, value, sequence in
                "DROP TRIGGER entries_no_update; UPDATE entries SET \(column) = \(value) WHERE sequence = \(sequence);"
            },
            remove: { sequence in "DROP TRIGGER entries_no_delete; DELETE FROM entries WHERE sequence = \(sequence);" })
    }

    static func postgres() throws -> StoreUnderTest {
        let url = try PostgresTestServer.freshDatabase()
        let location = try PostgresLocation.parse(url, environment: [:])
        return StoreUnderTest(
            name: "PostgreSQL",
            open: {
                let store = try PostgresRecordStore(location: location, spoolPath: nil)
                try store.check()
                return store
            },
            shell: { sql in
                let result = try PostgresTestServer.psql(url, sql)
                return (result.status, result.standardError)
            },
            // A superuser can switch the triggers (and the foreign keys) off for its session.
            tamper: { column, value, sequence in
                "SET session_replication_role = replica; UPDATE entries SET \(column) = \(value) WHERE sequence = \(sequence);"
            },
            remove: { sequence in
                "SET session_replication_role = replica; DELETE FROM entries WHERE sequence = \(sequence);"
            })
    }
}

/// The record store contract (RecordStore's documentation, issue 10): run on both stores.
enum RecordStoreContract {
    static func draft(_ preparation: String, _ number: Int, kind: EntryKind = .confirmation, corrects: Int? = nil) -> EntryDraft {
        EntryDraft(preparationID: preparation, kind: kind, recordedAt: "2026-11-29T09:\(number < 10 ? "0" : "")\(number % 60):00+01:00",
                   actor: "AB", payload: "{\"n\":\(number),\"text\":\"é ü 🙂 ' \\\" ;\"}", corrects: corrects)
    }

    static func appendsFormAChainThatVerifies(_ subject: StoreUnderTest) throws {
        let store = try subject.open()
        let first = try store.append(draft("P1", 1, kind: .preparationBegun))
        let second = try store.append(draft("P1", 2))
        let third = try store.append(draft("P2", 3))
        #expect(first.sequence == 1 && second.sequence == 2 && third.sequence == 3)
        #expect(first.previousHash == RecordChain.genesis)
        #expect(second.previousHash == first.hash && third.previousHash == second.hash)
        #expect(first.hash == first.expectedHash && third.hash == third.expectedHash)
        #expect(try store.verify() == .intact(entries: 3))
        #expect(try store.entries(preparationID: "P1").map(\.sequence) == [1, 2])
        #expect(try store.entries(preparationID: "P3").isEmpty)
        let reopened = try subject.open()
        #expect(try reopened.entries(preparationID: nil) == [first, second, third], "\(subject.name): read back byte for byte")
        #expect(try reopened.verify() == .intact(entries: 3))
    }

    static func aCorrectionPointsAtTheEntryItCorrects(_ subject: StoreUnderTest) throws {
        let store = try subject.open()
        let wrong = try store.append(draft("P1", 1, kind: .entry))
        let correction = try store.append(draft("P1", 2, kind: .correction, corrects: wrong.sequence))
        #expect(correction.corrects == 1)
        #expect(try store.entries(preparationID: "P1").first == wrong)
        #expect(try store.verify() == .intact(entries: 2))
    }

    static func refused(_ subject: StoreUnderTest, sql: String) throws {
        let store = try subject.open()
        for number in 1...3 { _ = try store.append(draft("P1", number)) }
        let result = try subject.shell(sql)
        #expect(result.status != 0, "\(subject.name) must refuse: \(sql)")
        #expect(result.error.contains("append-only"), "\(subject.name): the refusal says why: \(result.error)")
        #expect(try store.verify() == .intact(entries: 3))
        #expect(try store.entries(preparationID: nil).count == 3)
    }

    static func tamperingIsFound(_ subject: StoreUnderTest, column: String, value: String) throws {
        let store = try subject.open()
        for number in 1...4 { _ = try store.append(draft("P1", number)) }
        let edit = try subject.shell(subject.tamper(column, value, 3))
        #expect(edit.status == 0, "\(edit.error)")
        guard case .broken(let sequence, let reason) = try subject.open().verify() else {
            Issue.record("\(subject.name): a changed \(column) must break the chain")
            return
        }
        #expect(sequence == 3, "\(subject.name): the changed entry is named: \(reason)")
    }

    static func aRemovedEntryIsFound(_ subject: StoreUnderTest) throws {
        let store = try subject.open()
        for number in 1...4 { _ = try store.append(draft("P1", number)) }
        #expect(try subject.shell(subject.remove(2)).status == 0)
        #expect(try store.verify() == .broken(sequence: 3, reason: "entry 2 is missing: the next one is 3"))
    }

    /// `writers` stores on one database (one connection each, as programs would have),
    /// appending at once from threads: nothing lost, one chain.
    static func concurrentWritersKeepOneChain(_ subject: StoreUnderTest, writers: Int, each: Int) throws {
        let stores = try (0..<writers).map { _ in try subject.open() }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers) { index in
            for number in 1...each {
                do { _ = try stores[index].append(draft("W\(index)", number)) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try stores[0].verify() == .intact(entries: writers * each))
        for index in 0..<writers {
            let mine = try stores[index].entries(preparationID: "W\(index)")
            #expect(mine.map(\.payload) == (1...each).map { draft("W\(index)", $0).payload }, "each writer's entries, in its order")
        }
    }
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

let tamperCases: [(String, String)] = [
    ("payload", "'{\"n\":7}'"), ("actor", "'CD'"), ("recorded_at", "'2026-11-29T10:00:00+01:00'"),
    ("kind", "'entry'"), ("preparation_id", "'P9'"), ("corrects", "1"), ("previous_hash", "'" + String(repeating: "1", count: 64) + "'"),
    ("hash", "'" + String(repeating: "2", count: 64) + "'"),
]

@Suite("record store contract: SQLite")
struct SQLiteContractTests {
    @Test func appendsFormAChainThatVerifies() throws { try RecordStoreContract.appendsFormAChainThatVerifies(.sqlite()) }
    @Test func aCorrectionPointsAtTheEntryItCorrects() throws { try RecordStoreContract.aCorrectionPointsAtTheEntryItCorrects(.sqlite()) }
    @Test(arguments: ["UPDATE entries SET payload = '{}' WHERE sequence = 2", "UPDATE entries SET actor = 'ZZ'",
                      "DELETE FROM entries WHERE sequence = 3", "DELETE FROM entries"])
    func updateAndDeleteAreRefused(sql: String) throws { try RecordStoreContract.refused(.sqlite(), sql: sql) }
    @Test(arguments: tamperCases)
    func tamperingIsFound(column: String, value: String) throws {
        try RecordStoreContract.tamperingIsFound(.sqlite(), column: column, value: value)
    }
    @Test func aRemovedEntryIsFound() throws { try RecordStoreContract.aRemovedEntryIsFound(.sqlite()) }
    @Test func concurrentWritersKeepOneChain() throws {
        try RecordStoreContract.concurrentWritersKeepOneChain(.sqlite(), writers: 2, each: 40)
    }
}

@Suite("record store contract: PostgreSQL", .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresContractTests {
    @Test func appendsFormAChainThatVerifies() throws { try RecordStoreContract.appendsFormAChainThatVerifies(.postgres()) }
    @Test func aCorrectionPointsAtTheEntryItCorrects() throws { try RecordStoreContract.aCorrectionPointsAtTheEntryItCorrects(.postgres()) }
    @Test(arguments: ["UPDATE entries SET payload = '{}' WHERE sequence = 2", "UPDATE entries SET actor = 'ZZ'",
                      "DELETE FROM entries WHERE sequence = 3", "DELETE FROM entries", "TRUNCATE entries CASCADE",
                      "TRUNCATE append_receipts", "UPDATE append_receipts SET key = 'x'", "DELETE FROM append_receipts"])
    func updateDeleteAndTruncateAreRefused(sql: String) throws { try RecordStoreContract.refused(.postgres(), sql: sql) }
    @Test(arguments: tamperCases)
    func tamperingIsFound(column: String, value: String) throws {
        try RecordStoreContract.tamperingIsFound(.postgres(), column: column, value: value)
    }
    @Test func aRemovedEntryIsFound() throws { try RecordStoreContract.aRemovedEntryIsFound(.postgres()) }
    @Test func twoWritersKeepOneChain() throws {
        try RecordStoreContract.concurrentWritersKeepOneChain(.postgres(), writers: 2, each: 40)
    }
    @Test func eightWritersKeepOneChain() throws {
        try RecordStoreContract.concurrentWritersKeepOneChain(.postgres(), writers: 8, each: 25)
    }
}

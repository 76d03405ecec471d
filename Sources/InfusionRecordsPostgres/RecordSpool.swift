import Foundation
import GRDB
import InfusionRecords

/// The local spool of a PostgreSQL record store: entries that could not reach the server
/// (the connection was lost, the server was stopped) are written here, durably, in order,
/// and sent to the server before anything else once it answers again. An SQLite file
/// (WAL, full sync) on the workstation, one per server and database.
///
/// Rows are only ever inserted: `spooled` holds each entry as it was drafted, `sent` the
/// place in the server's chain that each one got. A spooled entry has a provisional
/// sequence number `-id` (negative: never a place in the chain); a later entry that
/// corrects it names that number, and it is turned into the real one when sent.
final class RecordSpool: Sendable {
    let path: String
    private let queue: DatabaseQueue

    /// An entry waiting to be sent.
    struct Pending: Equatable, Sendable {
        let id: Int
        /// The append receipt key: the server keeps it with the entry, so that an entry
        /// whose commit was sent but not answered is never written twice.
        let key: String
        let draft: EntryDraft
    }

    init(path: String) throws(RecordStoreError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // Made in one IMMEDIATE transaction with IF NOT EXISTS: several programs on the
            // workstation may open a new spool at the same instant.
            try queue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: """
                        CREATE TABLE IF NOT EXISTS spooled (
                            id INTEGER PRIMARY KEY AUTOINCREMENT,
                            key TEXT NOT NULL UNIQUE,
                            preparation_id TEXT NOT NULL,
                            kind TEXT NOT NULL,
                            recorded_at TEXT NOT NULL,
                            actor TEXT,
                            payload TEXT NOT NULL,
                            corrects INTEGER
                        );
                        CREATE TABLE IF NOT EXISTS sent (
                            spooled_id INTEGER PRIMARY KEY NOT NULL REFERENCES spooled(id),
                            sequence INTEGER NOT NULL
                        );
                        CREATE TRIGGER IF NOT EXISTS spooled_no_update BEFORE UPDATE ON spooled
                            BEGIN SELECT RAISE(ABORT, 'the spool is append-only'); END;
                        CREATE TRIGGER IF NOT EXISTS spooled_no_delete BEFORE DELETE ON spooled
                            BEGIN SELECT RAISE(ABORT, 'the spool is append-only'); END;
                        """)
                    return .commit
                }
            }
        } catch {
            throw RecordStoreError("The local spool \(path) cannot be opened: \(Self.cause(error)).")
        }
    }

    /// Writes `draft` durably; returns its provisional (negative) sequence number.
    func add(_ draft: EntryDraft, key: String) throws(RecordStoreError) -> Int {
        do {
            return try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO spooled (key, preparation_id, kind, recorded_at, actor, payload, corrects)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [key, draft.preparationID, draft.kind.rawValue, draft.recordedAt, draft.actor,
                                     draft.payload, draft.corrects])
                return -Int(db.lastInsertedRowID)
            }
        } catch {
            throw RecordStoreError("The entry could not be kept in the local spool \(path): \(Self.cause(error)).")
        }
    }

    /// The entries not sent yet, oldest first.
    func pending() throws(RecordStoreError) -> [Pending] {
        do {
            return try queue.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT * FROM spooled WHERE id NOT IN (SELECT spooled_id FROM sent) ORDER BY id
                    """).map { row in
                    let kindText: String = row["kind"]
                    let kind = EntryKind(rawValue: kindText) ?? .entry
                    return Pending(id: row["id"], key: row["key"],
                                   draft: EntryDraft(preparationID: row["preparation_id"], kind: kind, recordedAt: row["recorded_at"],
                                                     actor: row["actor"], payload: row["payload"], corrects: row["corrects"]))
                }
            }
        } catch {
            throw RecordStoreError("The local spool \(path) cannot be read: \(Self.cause(error)).")
        }
    }

    /// Records that spooled entry `id` is in the server's chain at `sequence`.
    func markSent(_ id: Int, sequence: Int) throws(RecordStoreError) {
        do {
            try queue.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO sent (spooled_id, sequence) VALUES (?, ?)", arguments: [id, sequence])
            }
        } catch {
            throw RecordStoreError("The local spool \(path) cannot be written: \(Self.cause(error)).")
        }
    }

    /// The chain sequence of a provisional number, once its entry was sent.
    func sentSequence(provisional: Int) throws(RecordStoreError) -> Int? {
        do {
            return try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT sequence FROM sent WHERE spooled_id = ?", arguments: [-provisional])
            }
        } catch {
            throw RecordStoreError("The local spool \(path) cannot be read: \(Self.cause(error)).")
        }
    }

    static func cause(_ error: Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? "\(database.resultCode)" }
        return (error as NSError).localizedDescription
    }
}

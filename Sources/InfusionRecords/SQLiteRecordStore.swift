import Foundation
import GRDB

/// The default record store: one SQLite file per workstation (SQLite's own advice is not
/// to share one over a network file system), through GRDB, in WAL mode with full
/// synchronisation, a busy timeout, a migrated schema and triggers that refuse any UPDATE
/// or DELETE. Appends are serialised across processes by an IMMEDIATE transaction.
public final class SQLiteRecordStore: RecordStore {
    public let path: String
    private let pool: DatabasePool

    /// Opens (and creates, with its folder) the store at `path`, or says why it cannot:
    /// an empty path, a folder, a folder that cannot be written, a file that is not a
    /// records database.
    public init(path: String) throws(RecordStoreError) {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw RecordStoreError("The records path is empty. Give the path of the records database file, for example ~/.local/share/infusion-prep/records.sqlite.")
        }
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw RecordStoreError("\(url.path) is a folder, not a records database file. Give a file path, for example \(url.appendingPathComponent("records.sqlite").path).")
        }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RecordStoreError("The folder \(folder.path) cannot be created: \(Self.cause(error)).")
        }
        if access(folder.path, W_OK) != 0 && !FileManager.default.fileExists(atPath: url.path) {
            throw RecordStoreError("The folder \(folder.path) cannot be written (\(String(cString: strerror(errno)))): records cannot be saved there.")
        }
        if FileManager.default.fileExists(atPath: url.path), access(url.path, R_OK | W_OK) != 0 {
            throw RecordStoreError("The records database \(url.path) cannot be read and written (\(String(cString: strerror(errno)))).")
        }
        self.path = url.path
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // A confirmed entry survives a power cut, not only a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw RecordStoreError("The records database \(url.path) cannot be opened: \(Self.cause(error)).")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-entries") { db in
            try db.execute(sql: """
                CREATE TABLE entries (
                    sequence INTEGER PRIMARY KEY NOT NULL CHECK (sequence >= 1),
                    preparation_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    actor TEXT,
                    payload TEXT NOT NULL,
                    corrects INTEGER REFERENCES entries(sequence),
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE
                );
                CREATE INDEX entries_by_preparation ON entries(preparation_id, sequence);
                CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
                    BEGIN SELECT RAISE(ABORT, 'preparation records are append-only: write a correction instead'); END;
                CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
                    BEGIN SELECT RAISE(ABORT, 'preparation records are append-only: nothing is deleted'); END;
                """)
        }
        return migrator
    }

    public func append(_ draft: EntryDraft) throws(RecordStoreError) -> RecordEntry {
        do {
            return try pool.writeWithoutTransaction { db in
                var written: RecordEntry?
                try db.inTransaction(.immediate) {
                    let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM entries ORDER BY sequence DESC LIMIT 1")
                    let sequence = (last?["sequence"] as Int? ?? 0) + 1
                    let previous: String = last?["hash"] ?? RecordChain.genesis
                    let hash = RecordChain.hash(previous: previous, sequence: sequence, draft: draft)
                    try db.execute(sql: """
                        INSERT INTO entries (sequence, preparation_id, kind, recorded_at, actor, payload, corrects, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [sequence, draft.preparationID, draft.kind.rawValue, draft.recordedAt, draft.actor,
                                         draft.payload, draft.corrects, previous, hash])
                    written = RecordEntry(sequence: sequence, preparationID: draft.preparationID, kind: draft.kind,
                                          recordedAt: draft.recordedAt, actor: draft.actor, payload: draft.payload,
                                          corrects: draft.corrects, previousHash: previous, hash: hash)
                    return .commit
                }
                guard let written else { throw RecordStoreError("The entry was not written.") }
                return written
            }
        } catch let error as RecordStoreError {
            throw error
        } catch {
            throw RecordStoreError("The entry could not be saved in \(path): \(Self.cause(error)).")
        }
    }

    public func entries(preparationID: String?) throws(RecordStoreError) -> [RecordEntry] {
        do {
            return try pool.read { db in
                let rows = if let preparationID {
                    try Row.fetchAll(db, sql: "SELECT * FROM entries WHERE preparation_id = ? ORDER BY sequence", arguments: [preparationID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM entries ORDER BY sequence")
                }
                return try rows.map(Self.entry)
            }
        } catch let error as RecordStoreError {
            throw error
        } catch {
            throw RecordStoreError("The records in \(path) cannot be read: \(Self.cause(error)).")
        }
    }

    public func verify() throws(RecordStoreError) -> ChainVerification {
        RecordChain.verify(try entries(preparationID: nil))
    }

    /// A row as an entry; a kind this program does not know is itself a broken record.
    static func entry(_ row: Row) throws -> RecordEntry {
        let kindText: String = row["kind"]
        let sequence: Int = row["sequence"]
        guard let kind = EntryKind(rawValue: kindText) else {
            throw RecordStoreError("Entry \(sequence) has an unknown kind \"\(kindText)\".")
        }
        return RecordEntry(sequence: sequence, preparationID: row["preparation_id"], kind: kind,
                           recordedAt: row["recorded_at"], actor: row["actor"], payload: row["payload"],
                           corrects: row["corrects"], previousHash: row["previous_hash"], hash: row["hash"])
    }

    /// The cause in words: SQLite's message for database errors (disk full, read-only,
    /// not a database), the system's for the others.
    static func cause(_ error: Error) -> String {
        if let database = error as? DatabaseError {
            return database.message ?? "\(database.resultCode)"
        }
        return (error as NSError).localizedDescription
    }
}

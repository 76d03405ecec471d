import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The default record store: one SQLite file per workstation (SQLite's own advice is not
/// to share one over a network file system), through GRDB, in WAL mode with full
/// synchronisation, a busy timeout, a migrated schema and triggers that refuse any UPDATE
/// or DELETE. Appends are serialised across processes by an IMMEDIATE transaction.
public final class SQLiteRecordStore: RecordStore {
    public let path: String
    private let pool: DatabaseQueue

    /// Opens (and creates, with its folder) the store at `path`, or says why it cannot:
    /// an empty path, a folder, a folder that cannot be written, a file that is not a
    /// records database, a full disk (see `check`).
    /// `forReading`: for the commands that only read (`records list`, `show`, `export`,
    /// `verify`, `report`): a full disk does not stop them.
    public init(path: String, forReading: Bool = false) throws(RecordStoreError) {
        let absolute = try Self.check(path: path, needsSpace: !forReading)
        let folder = RecordPath.folder(of: absolute)
        if let problem = RecordPath.makeFolders(folder) {
            throw RecordStoreError("The folder \(folder) cannot be created: \(problem).")
        }
        self.path = absolute
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // WAL: readers never block the one writer; full sync: a confirmed entry
            // survives a power cut, not only a crash.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        // A command that only reads never turns another program's SQLite file into a
        // records database: one with tables but no entries is refused, left as it is (looked
        // at read-only, before the real opening would switch it to WAL).
        if forReading && FileManager.default.fileExists(atPath: absolute) {
            var readOnly = Configuration()
            readOnly.readonly = true
            let foreign = try? DatabaseQueue(path: absolute, configuration: readOnly).read { db in
                try !db.tableExists("entries") && Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 > 0
            }
            if foreign == true {
                throw RecordStoreError("The file \(absolute) is an SQLite database but not a preparation records database (it has no entries); it was left as it is.")
            }
        }
        pool = try Self.openQueue(absolute, configuration)
        do {
            do {
                try Self.migrator.migrate(pool)
            } catch {
                // Another program made the schema at the same instant ("table entries already
                // exists"): ours was rolled back, and a second pass finds it done.
                try Self.migrator.migrate(pool)
            }
        } catch {
            throw RecordStoreError("The records database \(absolute) cannot be opened: \(Self.cause(error)).")
        }
    }

    /// The database, opened with WAL and full sync. Programs opening one new file at the
    /// same instant can meet SQLite's immediate "database is locked" while one of them
    /// switches the file to WAL (a lock SQLite will not wait for, to avoid a deadlock): the
    /// opening is tried again up to 8 times, waiting a little longer each time, before it
    /// is refused.
    static func openQueue(_ path: String, _ configuration: Configuration) throws(RecordStoreError) -> DatabaseQueue {
        var attempts = 0
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempts < 8 {
                attempts += 1
                // 20, 40, ... 160 ms: at most 0.72 s in all, time for the other to finish.
                usleep(UInt32(attempts) * 20_000)
            } catch {
                throw RecordStoreError("The records database \(path) cannot be opened: \(Self.cause(error)).")
            }
        }
    }

    /// What can be known of `path` without opening it (C library calls only, so that the
    /// wizard can refuse an unusable store before its first screen and open the database
    /// only when the preparation begins): not empty, not a folder, a folder that exists or
    /// can be made and can be written, an existing file that is readable, writable and an
    /// SQLite database, and at least 1 MB free. Returns the absolute path.
    @discardableResult
    public static func check(path: String, needsSpace: Bool = true) throws(RecordStoreError) -> String {
        guard !path.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw RecordStoreError("The records path is empty. Give the path of the records database file, for example ~/.local/share/infusion-prep/records.sqlite.")
        }
        let absolute = RecordPath.absolute(path)
        if RecordPath.isFolder(absolute) {
            throw RecordStoreError("\(absolute) is a folder, not a records database file. Give a file path, for example \(absolute)/records.sqlite.")
        }
        let folder = RecordPath.folder(of: absolute)
        guard let existing = RecordPath.nearestExisting(folder) else {
            throw RecordStoreError("The folder \(folder) cannot be created: no part of it exists.")
        }
        if !RecordPath.isFolder(existing) {
            throw RecordStoreError("The folder \(folder) cannot be created: \(existing) is a file, not a folder.")
        }
        if RecordPath.exists(absolute) {
            if access(absolute, R_OK | W_OK) != 0 {
                throw RecordStoreError("The records database \(absolute) cannot be read and written (\(String(cString: strerror(errno)))).")
            }
            if !RecordPath.isEmptyOrSQLite(absolute) {
                throw RecordStoreError("The records database \(absolute) cannot be opened: the file is not an SQLite database (is it the right path?).")
            }
        } else {
            // Made now, empty, so that a place where no file can be made is found at start.
            if let problem = RecordPath.makeFolders(folder) {
                throw RecordStoreError("The folder \(folder) cannot be created: \(problem).")
            }
            let descriptor = open(absolute, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 && errno != EEXIST {
                throw RecordStoreError("The records database \(absolute) cannot be created: \(String(cString: strerror(errno))).")
            }
            if descriptor >= 0 { close(descriptor) }
        }
        if needsSpace, let free = RecordPath.freeBytes(folder), free < 1_048_576 {
            throw RecordStoreError("The disk of \(folder) is full (\(free / 1024) KB free): records cannot be saved there.")
        }
        return absolute
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

/// Paths through the C library (no Foundation before the first screen).
enum RecordPath {
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The folder itself or its nearest parent that exists.
    static func nearestExisting(_ folder: String) -> String? {
        var current = folder
        while !exists(current) {
            let parent = self.folder(of: current)
            if parent == current { return nil }
            current = parent
        }
        return current
    }

    /// Creates `folder` and its parents; nil on success, else the reason.
    static func makeFolders(_ folder: String) -> String? {
        if isFolder(folder) { return nil }
        let parent = self.folder(of: folder)
        if parent != folder, let problem = makeFolders(parent) { return problem }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        return nil
    }

    /// An empty file, or one that starts with SQLite's header "SQLite format 3\0".
    static func isEmptyOrSQLite(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 16) }
        if count == 0 { return true }
        return count == 16 && header == Array("SQLite format 3".utf8) + [0]
    }

    /// Free bytes for this user on the folder's file system; nil when the system does not
    /// say (a file system without blocks, such as /proc).
    static func freeBytes(_ folder: String) -> Int? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0, info.f_blocks > 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }
}

import Foundation
import InfusionRecords
import NIOConcurrencyHelpers
import PostgresNIO

/// The shared record store: the same append-only, hash-chained log as the SQLite store,
/// in a PostgreSQL database that several workstations write to (docs/records-postgres.md).
///
/// - Schema: the SQLite store's `entries` table, column for column, created by numbered
///   migrations recorded in `schema_migrations`; triggers refuse UPDATE, DELETE and
///   TRUNCATE. `append_receipts` (PostgreSQL only) keeps a key per append so that an entry
///   whose commit was sent but never answered is not written twice when it is sent again.
/// - Appends: one transaction each, holding `pg_advisory_xact_lock`; the last sequence
///   and hash are read under the lock, so appends from every workstation are serialised
///   and the chain never forks.
/// - A lost connection: the entry goes to the local spool (an SQLite file on the
///   workstation) and `append` returns it with a provisional negative sequence; the next
///   append, read or check sends the spool first, in order. An entry is returned only
///   when it is durable in the server or in the spool; nothing confirmed is lost.
/// - Synchronous: the protocol is, so each call waits on NIO futures; never call it from
///   an event loop thread.
public final class PostgresRecordStore: RecordStore, @unchecked Sendable {
    public let location: PostgresLocation
    /// Where entries go while the server cannot be reached (nil: no spool, such a failure is thrown).
    public var spoolPath: String? { spool?.path }
    let spool: RecordSpool?
    private let lock = NIOLock()
    /// Guarded by `lock`.
    private var connection: PostgresConnection?
    /// Guarded by `lock`: the migrations were checked on this process's first connection.
    private var migrated = false
    private let logger: Logger
    /// How long one statement may take before the connection is taken as lost (closed;
    /// the entry goes to the spool): a server or network that stops answering must not
    /// freeze the wizard. Waiting for the append lock counts.
    let queryTimeout: TimeAmount

    /// The advisory lock every append takes ("infusion" in ASCII), and the one migrations take.
    public static let appendLockKey: Int64 = 0x696E_6675_7369_6F6E
    static let migrationLockKey: Int64 = 0x696E_6675_7369_6F6F

    /// A store at `location`. Nothing is sent to the server yet (see `check`); the spool,
    /// when given, is opened (and created) now.
    public init(location: PostgresLocation, spoolPath: String?, queryTimeoutSeconds: Int = 30) throws(RecordStoreError) {
        self.location = location
        self.queryTimeout = .seconds(Int64(queryTimeoutSeconds))
        self.spool = try spoolPath.map { path throws(RecordStoreError) in try RecordSpool(path: path) }
        var logger = Logger(label: "infusion-prep.records.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        Self.close(connection)
    }

    /// Closes without waiting (deinit may run anywhere); the connection is kept alive until
    /// it is closed, as postgres-nio requires.
    static func close(_ connection: PostgresConnection?) {
        guard let connection else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Connects, brings the schema up to date (or checks that it is, for a role that may
    /// not create tables) and sends what the spool holds. Throws with the real cause:
    /// the server cannot be reached, the password is wrong, the database does not exist,
    /// the role has no right to read or append.
    public func check() throws(RecordStoreError) {
        try locked { () throws(RecordStoreError) in
            do throws(Failure) {
                _ = try connected()
                try flushLocked()
            } catch {
                dropConnection()
                throw error.storeError(location)
            }
        }
    }

    public func append(_ draft: EntryDraft) throws(RecordStoreError) -> RecordEntry {
        try locked { () throws(RecordStoreError) -> RecordEntry in
            let key = UUID().uuidString.lowercased()
            do throws(Failure) {
                try flushLocked()
                return try appendLocked(resolved(draft), key: key)
            } catch {
                guard case .connection = error, let spool else {
                    if case .connection = error { dropConnection() }
                    throw error.storeError(location)
                }
                dropConnection()
                let provisional = try spool.add(draft, key: key)
                return RecordEntry(sequence: provisional, preparationID: draft.preparationID, kind: draft.kind,
                                   recordedAt: draft.recordedAt, actor: draft.actor, payload: draft.payload,
                                   corrects: draft.corrects, previousHash: "", hash: "")
            }
        }
    }

    public func entries(preparationID: String?) throws(RecordStoreError) -> [RecordEntry] {
        try locked { () throws(RecordStoreError) -> [RecordEntry] in
            do throws(Failure) {
                try flushLocked()
                let connection = try connected()
                let rows = if let preparationID {
                    try run(connection, "SELECT * FROM entries WHERE preparation_id = \(preparationID) ORDER BY sequence")
                } else {
                    try run(connection, "SELECT * FROM entries ORDER BY sequence")
                }
                return try rows.map(Self.entry)
            } catch {
                if case .connection = error { dropConnection() }
                throw error.storeError(location)
            }
        }
    }

    public func verify() throws(RecordStoreError) -> ChainVerification {
        RecordChain.verify(try entries(preparationID: nil))
    }

    /// Entries in the spool that have not reached the server yet.
    public func spooledCount() throws(RecordStoreError) -> Int {
        try spool?.pending().count ?? 0
    }

    // MARK: - Under the lock

    private func locked<T>(_ body: () throws(RecordStoreError) -> T) throws(RecordStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Why a call failed: the connection (spool and retry) or the server refused (throw).
    enum Failure: Error {
        case connection(String)
        case server(String)

        func storeError(_ location: PostgresLocation) -> RecordStoreError {
            switch self {
            case .connection(let cause):
                RecordStoreError("The record store \(location.redacted) cannot be reached: \(cause).")
            case .server(let cause):
                RecordStoreError("The record store \(location.redacted) refused: \(cause).")
            }
        }
    }

    private func dropConnection() {
        Self.close(connection)
        connection = nil
    }

    private func connected() throws(Failure) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let configuration = try Self.configuration(location)
        let made: PostgresConnection
        do {
            made = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: 1, logger: logger).wait()
        } catch {
            throw Self.classify(error)
        }
        connection = made
        if !migrated {
            do throws(Failure) {
                try Self.migrate(made, logger: logger, timeout: queryTimeout)
            } catch {
                dropConnection()
                throw error
            }
            migrated = true
        }
        return made
    }

    static func configuration(_ location: PostgresLocation) throws(Failure) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if location.host.hasPrefix("/") {
            let socket = location.host + (location.host.hasSuffix("/") ? "" : "/") + ".s.PGSQL.\(location.port)"
            configuration = .init(unixSocketPath: socket, username: location.username, password: location.password,
                                  database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            if location.sslMode == .disable {
                tls = .disable
            } else {
                var settings = TLSConfiguration.makeClientConfiguration()
                switch location.sslMode {
                case .disable, .prefer, .require: settings.certificateVerification = .none
                case .verifyCA: settings.certificateVerification = .noHostnameVerification
                case .verifyFull: settings.certificateVerification = .fullVerification
                }
                do {
                    let context = try NIOSSLContext(configuration: settings)
                    tls = location.sslMode == .prefer ? .prefer(context) : .require(context)
                } catch {
                    throw .server("TLS cannot be set up: \(error)")
                }
            }
            configuration = .init(host: location.host, port: location.port, username: location.username,
                                  password: location.password, database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeoutSeconds))
        return configuration
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    private func run(_ connection: PostgresConnection, _ query: PostgresQuery) throws(Failure) -> [PostgresRow] {
        try Self.run(connection, query, logger: logger, timeout: queryTimeout)
    }

    @discardableResult
    static func run(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger,
                    timeout: TimeAmount) throws(Failure) -> [PostgresRow] {
        let answer = connection.query(query, logger: logger)
        // No answer in time: close the connection, which fails the statement.
        let watchdog = answer.eventLoop.scheduleTask(in: timeout) { close(connection) }
        defer { watchdog.cancel() }
        do {
            return Array(try answer.wait())
        } catch {
            throw classify(error)
        }
    }

    /// Sends every spooled entry, oldest first.
    private func flushLocked() throws(Failure) {
        guard let spool else { return }
        let pending: [RecordSpool.Pending]
        do throws(RecordStoreError) { pending = try spool.pending() } catch { throw .server(error.message) }
        for item in pending {
            let entry = try appendLocked(resolved(item.draft), key: item.key)
            do throws(RecordStoreError) { try spool.markSent(item.id, sequence: entry.sequence) } catch { throw .server(error.message) }
        }
    }

    /// A draft whose `corrects` names a spooled entry by its provisional number, with the
    /// number that entry got in the chain.
    private func resolved(_ draft: EntryDraft) throws(Failure) -> EntryDraft {
        guard let corrects = draft.corrects, corrects < 0 else { return draft }
        let sequence: Int?
        do throws(RecordStoreError) { sequence = try spool?.sentSequence(provisional: corrects) } catch { throw .server(error.message) }
        guard let sequence else {
            throw .server("the entry corrects spooled entry \(-corrects), which was not sent")
        }
        return EntryDraft(preparationID: draft.preparationID, kind: draft.kind, recordedAt: draft.recordedAt,
                          actor: draft.actor, payload: draft.payload, corrects: sequence)
    }

    /// One append transaction under the advisory lock. `key` makes it idempotent. Five
    /// round trips, three of them while the lock is held (appends from every workstation
    /// wait for it): BEGIN; the lock; the receipt and the last entry; the entry with its
    /// receipt; COMMIT.
    private func appendLocked(_ draft: EntryDraft, key: String) throws(Failure) -> RecordEntry {
        let connection = try connected()
        do throws(Failure) {
            try run(connection, "BEGIN")
            try run(connection, "SELECT pg_advisory_xact_lock(\(Self.appendLockKey))")
            let found = try run(connection, """
                SELECT 'receipt' AS found, e.* FROM append_receipts r JOIN entries e ON e.sequence = r.sequence WHERE r.key = \(key)
                UNION ALL
                (SELECT 'last' AS found, e.* FROM entries e ORDER BY e.sequence DESC LIMIT 1)
                """)
            func row(_ what: String) throws(Failure) -> PostgresRow? {
                do {
                    return try found.first { try $0.makeRandomAccess()["found"].decode(String.self) == what }
                } catch {
                    throw .server("the last entry cannot be read: \(error)")
                }
            }
            if let receipt = try row("receipt") {
                try run(connection, "COMMIT")
                return try Self.entry(receipt)
            }
            let sequence: Int
            let previous: String
            if let last = try row("last") {
                let entry = try Self.entry(last)
                sequence = entry.sequence + 1
                previous = entry.hash
            } else {
                sequence = 1
                previous = RecordChain.genesis
            }
            let hash = RecordChain.hash(previous: previous, sequence: sequence, draft: draft)
            try run(connection, """
                WITH written AS (
                    INSERT INTO entries (sequence, preparation_id, kind, recorded_at, actor, payload, corrects, previous_hash, hash)
                    VALUES (\(sequence), \(draft.preparationID), \(draft.kind.rawValue), \(draft.recordedAt), \(draft.actor),
                            \(draft.payload), \(draft.corrects), \(previous), \(hash))
                    RETURNING sequence
                )
                INSERT INTO append_receipts (key, sequence) SELECT \(key), sequence FROM written
                """)
            try run(connection, "COMMIT")
            return RecordEntry(sequence: sequence, preparationID: draft.preparationID, kind: draft.kind,
                               recordedAt: draft.recordedAt, actor: draft.actor, payload: draft.payload,
                               corrects: draft.corrects, previousHash: previous, hash: hash)
        } catch {
            if case .server = error { _ = try? run(connection, "ROLLBACK") }
            throw error
        }
    }

    /// A row as an entry; a kind this program does not know is itself a broken record.
    static func entry(_ row: PostgresRow) throws(Failure) -> RecordEntry {
        do {
            let columns = row.makeRandomAccess()
            let sequence = try columns["sequence"].decode(Int.self)
            let kindText = try columns["kind"].decode(String.self)
            guard let kind = EntryKind(rawValue: kindText) else {
                throw Failure.server("entry \(sequence) has an unknown kind \"\(kindText)\"")
            }
            return RecordEntry(sequence: sequence, preparationID: try columns["preparation_id"].decode(String.self), kind: kind,
                               recordedAt: try columns["recorded_at"].decode(String.self),
                               actor: try columns["actor"].decode(String?.self),
                               payload: try columns["payload"].decode(String.self),
                               corrects: try columns["corrects"].decode(Int?.self),
                               previousHash: try columns["previous_hash"].decode(String.self),
                               hash: try columns["hash"].decode(String.self))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .server("an entry cannot be read: \(error)")
        }
    }

    /// Lost connections, a server shutting down or out of connections: retry later (the
    /// spool). Anything the server refused for a reason (password, rights, schema): say it.
    static func classify(_ error: Error) -> Failure {
        if let tls = (error as? NIOSSLError) ?? ((error as? PSQLError)?.underlying as? NIOSSLError) {
            // Not a lost connection: the same certificate is refused the next time too.
            let text = "\(tls)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return .server("the server's TLS certificate is not trusted (CERTIFICATE_VERIFY_FAILED): sslmode verify-ca and verify-full need a certificate signed by an authority this system trusts")
            }
            return .server("the TLS handshake failed: \(text)")
        }
        guard let psql = error as? PSQLError else {
            return .connection(describe(error))
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? "an error"
            let text = state.isEmpty ? message : "\(message) (SQLSTATE \(state))"
            if state.hasPrefix("08") || state.hasPrefix("57") || state.hasPrefix("53") { return .connection(text) }
            return .server(text)
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .queryCancelled, .poolClosed:
            let cause = psql.underlying.map(describe) ?? "\(psql.code)"
            return .connection(cause)
        case .sslUnsupported:
            return .server("the server does not offer TLS, and sslmode asks for it")
        default:
            return .server("\(psql.code)" + (psql.underlying.map { ": " + describe($0) } ?? ""))
        }
    }

    /// NIO's connection errors name the address and the system's reason.
    static func describe(_ error: Error) -> String {
        if let connect = error as? NIOConnectionError {
            let reasons = connect.connectionErrors.map { attempt in
                "\(attempt.target.ipAddress ?? "\(attempt.target)") port \(attempt.target.port ?? 0): \(describe(attempt.error))"
            }
            if let dns = connect.dnsAAAAError ?? connect.dnsAError, reasons.isEmpty { return "the host name cannot be resolved (\(dns))" }
            return reasons.isEmpty ? "no address to connect to" : reasons.joined(separator: "; ")
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let psql = error as? PSQLError { return "\(psql.code)" + (psql.underlying.map { ": " + describe($0) } ?? "") }
        return "\(error)"
    }

    // MARK: - Schema

    /// The migrations, in order: the same `entries` table as the SQLite store (1), then the
    /// append receipts (2). Each runs once, in a transaction, under an advisory lock.
    static let migrations: [(identifier: String, statements: [String])] = [
        ("1-entries", [
            """
            CREATE TABLE entries (
                sequence BIGINT PRIMARY KEY NOT NULL CHECK (sequence >= 1),
                preparation_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                actor TEXT,
                payload TEXT NOT NULL,
                corrects BIGINT REFERENCES entries(sequence),
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE
            )
            """,
            "CREATE INDEX entries_by_preparation ON entries(preparation_id, sequence)",
            """
            CREATE FUNCTION infusion_prep_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'preparation records are append-only: %', TG_ARGV[0];
            END
            $$
            """,
            """
            CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
                FOR EACH ROW EXECUTE FUNCTION infusion_prep_append_only('write a correction instead')
            """,
            """
            CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
                FOR EACH ROW EXECUTE FUNCTION infusion_prep_append_only('nothing is deleted')
            """,
            """
            CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
                FOR EACH STATEMENT EXECUTE FUNCTION infusion_prep_append_only('nothing is deleted')
            """,
        ]),
        ("2-append-receipts", [
            """
            CREATE TABLE append_receipts (
                key TEXT PRIMARY KEY NOT NULL,
                sequence BIGINT NOT NULL UNIQUE REFERENCES entries(sequence)
            )
            """,
            """
            CREATE TRIGGER append_receipts_no_update BEFORE UPDATE ON append_receipts
                FOR EACH ROW EXECUTE FUNCTION infusion_prep_append_only('receipts are never changed')
            """,
            """
            CREATE TRIGGER append_receipts_no_delete BEFORE DELETE ON append_receipts
                FOR EACH ROW EXECUTE FUNCTION infusion_prep_append_only('nothing is deleted')
            """,
            """
            CREATE TRIGGER append_receipts_no_truncate BEFORE TRUNCATE ON append_receipts
                FOR EACH STATEMENT EXECUTE FUNCTION infusion_prep_append_only('nothing is deleted')
            """,
        ]),
    ]

    /// Applies the migrations not yet recorded. A database already up to date needs no
    /// right beyond reading `schema_migrations`, so a role without CREATE can use it.
    static func migrate(_ connection: PostgresConnection, logger: Logger, timeout: TimeAmount) throws(Failure) {
        func applied() throws(Failure) -> Set<String>? {
            let exists = try run(connection, "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger, timeout: timeout)
            let present = (try? exists.first?.decode(Bool.self)) ?? false
            guard present else { return nil }
            let rows = try run(connection, "SELECT identifier FROM schema_migrations", logger: logger, timeout: timeout)
            return Set(rows.compactMap { try? $0.decode(String.self) })
        }
        if let done = try applied(), migrations.allSatisfy({ done.contains($0.identifier) }) { return }
        try run(connection, "BEGIN", logger: logger, timeout: timeout)
        do throws(Failure) {
            try run(connection, "SELECT pg_advisory_xact_lock(\(migrationLockKey))", logger: logger, timeout: timeout)
            try run(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger, timeout: timeout)
            let done = try applied() ?? []
            for migration in migrations where !done.contains(migration.identifier) {
                for statement in migration.statements {
                    try run(connection, PostgresQuery(unsafeSQL: statement), logger: logger, timeout: timeout)
                }
                try run(connection, "INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))", logger: logger, timeout: timeout)
            }
            try run(connection, "COMMIT", logger: logger, timeout: timeout)
        } catch {
            if case .server = error { _ = try? run(connection, "ROLLBACK", logger: logger, timeout: timeout) }
            if case .server(let cause) = error {
                throw .server("the schema cannot be brought up to date (\(cause)); a role that only appends needs the schema made first by the owner, see docs/records-postgres.md")
            }
            throw error
        }
    }
}

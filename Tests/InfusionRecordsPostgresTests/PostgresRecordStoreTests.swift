import Foundation
import InfusionRecords
import InfusionRecordsPostgres
import TestSupport
import Testing

/// Connection settings from the URL and the PG* variables, and the password never shown.
@Suite("PostgreSQL location: URL and PG* variables")
struct PostgresLocationTests {
    @Test("a URL is read, with libpq's defaults and variables for what it leaves out", arguments: [
        ("postgres://nurse:s3cret@db.example:6543/records?sslmode=require", [String: String](),
         "db.example", 6543, "nurse", String?("s3cret"), "records", PostgresLocation.SSLMode.require),
        ("postgresql://db.example/records", [:], "db.example", 5432, "ward", nil, "records", .prefer),
        ("postgres://", ["PGHOST": "pg.local", "PGPORT": "7000", "PGUSER": "pharm", "PGPASSWORD": "pw", "PGDATABASE": "rx",
                         "PGSSLMODE": "disable"], "pg.local", 7000, "pharm", "pw", "rx", .disable),
        ("postgres://u@/", ["PGHOST": "/run/postgresql"], "/run/postgresql", 5432, "u", nil, "u", .prefer),
        ("POSTGRES://a%40b:p%3Aw%2F@[::1]:5433/d%20b?sslmode=verify-full", [:], "::1", 5433, "a@b", "p:w/", "d b", .verifyFull),
        ("postgres://x@h/d?sslmode=disable", ["PGSSLMODE": "require", "PGPASSWORD": "fromenv"], "h", 5432, "x", "fromenv", "d", .disable),
    ])
    func parsed(url: String, environment: [String: String], host: String, port: Int, user: String, password: String?,
                database: String, mode: PostgresLocation.SSLMode) throws {
        let location = try PostgresLocation.parse(url, environment: environment.merging(["USER": "ward"]) { a, _ in a })
        #expect(location.host == host && location.port == port && location.username == user)
        #expect(location.password == password && location.database == database && location.sslMode == mode)
        if let password { #expect(!location.redacted.contains(password) && !location.description.contains(password)) }
    }

    @Test("what cannot be read is refused with what is accepted, and no password", arguments: [
        ("postgres://u:hunter2@h:notaport/d", "is not a port number"),
        ("postgres://u:hunter2@h:70000/d", "from 1 to 65535"),
        ("postgres://u:hunter2@h/d?sslmode=sometimes", "disable, prefer, require, verify-ca, verify-full"),
        ("postgres://u:hunter2@h/d?colour=red", "accepts sslmode"),
        ("postgres://u:hunter2@h/d%zz", "two hex digits"),
        ("postgres://u:hunter2@[::1/d", "without ]"),
        ("postgres://u:hunter2@h/d?connect_timeout=0", "from 1 to 600"),
        ("mysql://u:hunter2@h/d", "not a PostgreSQL URL"),
    ])
    func refused(url: String, says: String) {
        do {
            let location = try PostgresLocation.parse(url, environment: [:])
            Issue.record("\(url) must be refused, read as \(location)")
        } catch {
            #expect(error.message.contains(says), "\(error.message)")
            #expect(!error.message.contains("hunter2"), "the password is never shown: \(error.message)")
        }
    }

    /// Eight programs on one workstation starting at once all open (and so make) the
    /// same new spool: none fails (no server is needed for this).
    @Test("eight stores opening one new spool at once all succeed", arguments: 0..<3)
    func spoolMadeAtOnce(round: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spool-race-\(UUID().uuidString)/s.sqlite").path
        let location = try PostgresLocation.parse("postgres://u@127.0.0.1:1/d", environment: [:])
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do { _ = try PostgresRecordStore(location: location, spoolPath: path) } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
    }

    @Test func whichValuesArePostgres() {
        #expect(PostgresLocation.isURL("postgres://h/d") && PostgresLocation.isURL("postgresql://h/d") && PostgresLocation.isURL("Postgres://h"))
        #expect(!PostgresLocation.isURL("/var/lib/records.sqlite") && !PostgresLocation.isURL("postgres.sqlite") && !PostgresLocation.isURL(""))
    }
}

@Suite("PostgreSQL store: server, roles, spool, copy", .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresRecordStoreTests {
    static func draft(_ preparation: String, _ number: Int, kind: EntryKind = .confirmation, corrects: Int? = nil) -> EntryDraft {
        RecordStoreContract.draft(preparation, number, kind: kind, corrects: corrects)
    }

    static func store(_ url: String, spool: String? = nil) throws -> PostgresRecordStore {
        try PostgresRecordStore(location: PostgresLocation.parse(url, environment: [:]), spoolPath: spool)
    }

    /// The message a call fails with ("" when it does not fail).
    static func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch {
            return (error as? RecordStoreError)?.message ?? "\(error)"
        }
    }

    static func spoolPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)/spool.sqlite").path
    }

    @Test("a server that cannot be reached, or refuses the password, is named with the cause and never the password")
    func unreachableAndWrongPassword() throws {
        let url = try PostgresTestServer.freshDatabase()
        var components = try #require(URLComponents(string: url))
        // A port where nothing listens: take one and let it go.
        components.port = 1
        components.password = "hunter2-secret"
        do {
            try Self.store(components.string!).check()
            Issue.record("port 1 must be refused")
        } catch let error as RecordStoreError {
            #expect(error.message.contains("cannot be reached"), "\(error.message)")
            #expect(error.message.lowercased().contains("refused"), "the system's reason: \(error.message)")
            #expect(!error.message.contains("hunter2"))
        }
        components = try #require(URLComponents(string: url))
        components.password = "hunter2-wrong"
        do {
            try Self.store(components.string!).check()
            Issue.record("a wrong password must be refused")
        } catch let error as RecordStoreError {
            #expect(error.message.contains("password authentication failed"), "\(error.message)")
            #expect(!error.message.contains("hunter2"))
            #expect(error.message.contains("postgres://infusion@127.0.0.1:"), "the URL shown without its password: \(error.message)")
        }
    }

    /// The test server has TLS on, and lets the role `tlsonly` in only through TLS
    /// (scripts/test-postgres.sh): require and prefer connect with TLS, disable is turned
    /// away, verify-full refuses the self-signed certificate.
    @Test("TLS when the URL asks for it: require and prefer use it, verify-full checks the certificate")
    func tls() throws {
        let url = try PostgresTestServer.freshDatabase()
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let setup = try PostgresTestServer.psql(url, """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tlsonly') THEN
                    CREATE ROLE tlsonly LOGIN PASSWORD 'tls-pw';
                END IF;
            END $$;
            ALTER DATABASE \(database) OWNER TO tlsonly;
            """)
        #expect(setup.status == 0, "\(setup.standardError)")
        func tlsURL(_ mode: String) -> String {
            var components = URLComponents(string: PostgresTestServer.url(database: database, user: "tlsonly", password: "tls-pw"))!
            components.queryItems = [URLQueryItem(name: "sslmode", value: mode)]
            return components.string!
        }
        for mode in ["require", "prefer"] {
            let store = try Self.store(tlsURL(mode))
            try store.check()
            _ = try store.append(Self.draft("TLS", 1))
            #expect(try store.entries(preparationID: "TLS").count >= 1, "sslmode=\(mode)")
        }
        for (mode, says) in [("disable", "no encryption"), ("verify-full", "certificate")] {
            let message = Self.failure { try Self.store(tlsURL(mode)).check() }
            #expect(message.lowercased().contains(says.lowercased()), "sslmode=\(mode): \(message)")
            #expect(!message.contains("tls-pw"))
        }
    }

    /// docs/records-postgres.md: the owner makes the schema; workstations use a role that
    /// may only read and append. Even with the triggers gone, that role cannot change a row.
    @Test("a role with only SELECT and INSERT appends and verifies; it can update, delete or truncate nothing")
    func appendOnlyRole() throws {
        let url = try PostgresTestServer.freshDatabase()
        try Self.store(url).check()
        let role = "writer_" + UUID().uuidString.prefix(8).lowercased()
        let database = String(try #require(URLComponents(string: url)).path.dropFirst())
        let setup = try PostgresTestServer.psql(url, """
            CREATE ROLE \(role) LOGIN PASSWORD 'writer-pw';
            GRANT CONNECT ON DATABASE \(database) TO \(role);
            GRANT USAGE ON SCHEMA public TO \(role);
            GRANT SELECT, INSERT ON entries, append_receipts TO \(role);
            GRANT SELECT ON schema_migrations TO \(role);
            ALTER TABLE entries DISABLE TRIGGER USER;
            """)
        #expect(setup.status == 0, "\(setup.standardError)")
        let writerURL = PostgresTestServer.url(database: database, user: role, password: "writer-pw")
        let writer = try Self.store(writerURL)
        try writer.check()
        for number in 1...5 { _ = try writer.append(Self.draft("P1", number)) }
        #expect(try writer.verify() == .intact(entries: 5))
        for sql in ["UPDATE entries SET actor = 'ZZ'", "DELETE FROM entries", "TRUNCATE entries CASCADE", "DELETE FROM append_receipts",
                    "DROP TABLE entries CASCADE", "ALTER TABLE entries ENABLE TRIGGER USER"] {
            let attempt = try PostgresTestServer.psql(writerURL, sql)
            #expect(attempt.status != 0, "\(sql) must be refused to the writer")
            #expect(attempt.standardError.contains("permission denied") || attempt.standardError.contains("must be owner"),
                    "\(sql): \(attempt.standardError)")
        }
        #expect(try writer.verify() == .intact(entries: 5))
        // On an empty database, the writer cannot make the schema, and says what to do.
        let empty = try PostgresTestServer.freshDatabase()
        let emptyName = String(try #require(URLComponents(string: empty)).path.dropFirst())
        _ = try PostgresTestServer.psql(empty, "GRANT CONNECT ON DATABASE \(emptyName) TO \(role)")
        do {
            try Self.store(PostgresTestServer.url(database: emptyName, user: role, password: "writer-pw")).check()
            Issue.record("a role without CREATE cannot make the schema")
        } catch let error as RecordStoreError {
            #expect(error.message.contains("docs/records-postgres.md"), "\(error.message)")
            #expect(error.message.contains("permission denied"), "\(error.message)")
        }
    }

    @Test("the schema is made once, recorded in schema_migrations, and a second store finds it done")
    func migrations() throws {
        let url = try PostgresTestServer.freshDatabase()
        let stores = try (0..<4).map { _ in try Self.store(url) }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            do { try stores[index].check() } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty, "four first opens at once: \(failures.all)")
        let applied = try PostgresTestServer.psql(url, "SELECT identifier FROM schema_migrations ORDER BY identifier")
        #expect(applied.standardOutput.split(separator: "\n") == ["1-entries", "2-append-receipts"])
    }

    /// The server is stopped in the middle of a preparation: every entry goes to the local
    /// spool (a provisional, negative number), a correction of a spooled entry included;
    /// when the server is back, the next append sends them first, in order, and the
    /// chain verifies with every entry in it.
    @Test("server stopped and restarted mid-preparation: the spool keeps every entry and sends it in order")
    func spoolAcrossARestart() throws {
        let server = try PrivatePostgresServer()
        let spool = Self.spoolPath()
        let store = try Self.store(server.url, spool: spool)
        try store.check()
        let begun = try store.append(Self.draft("P1", 1, kind: .preparationBegun))
        #expect(begun.sequence == 1)
        try server.pause()
        let spooled = try (2...4).map { try store.append(Self.draft("P1", $0)) }
        #expect(spooled.map(\.sequence) == [-1, -2, -3], "held in the spool, in order")
        let correction = try store.append(Self.draft("P1", 5, kind: .correction, corrects: spooled[1].sequence))
        #expect(correction.sequence == -4)
        #expect(try store.spooledCount() == 4)
        // Another program on this workstation, while the server is down: reads say so.
        do {
            _ = try Self.store(server.url, spool: spool).entries(preparationID: nil)
            Issue.record("reading a stopped server must fail")
        } catch let error as RecordStoreError {
            #expect(error.message.contains("cannot be reached"), "\(error.message)")
        }
        try server.resume()
        let after = try store.append(Self.draft("P1", 6, kind: .outcome))
        #expect(after.sequence == 6, "the spool went first")
        #expect(try store.spooledCount() == 0)
        let entries = try Self.store(server.url).entries(preparationID: "P1")
        try #require(entries.map(\.payload) == (1...6).map { Self.draft("P1", $0).payload })
        #expect(entries[4].corrects == 3, "the correction names the chain number its entry got")
        #expect(try store.verify() == .intact(entries: 6))
        // Sending again (a second program with the same spool) writes nothing twice.
        try Self.store(server.url, spool: spool).check()
        #expect(try store.verify() == .intact(entries: 6))
    }

    /// Entries spooled by a program that then ended are sent by the next program that
    /// reaches the server with the same spool.
    @Test("a spool left by an ended program is sent by the next one")
    func spoolLeftBehind() throws {
        let server = try PrivatePostgresServer()
        let spool = Self.spoolPath()
        do {
            let first = try Self.store(server.url, spool: spool)
            try first.check()
            try server.pause()
            for number in 1...3 { _ = try first.append(Self.draft("P1", number)) }
        }
        try server.resume()
        let next = try Self.store(server.url, spool: spool)
        try next.check()
        #expect(try next.spooledCount() == 0)
        #expect(try next.entries(preparationID: "P1").count == 3)
        #expect(try next.verify() == .intact(entries: 3))
    }

    /// libpq's way to name a Unix socket: a folder as the host (the test server's socket
    /// is in its folder, where local connections need no password).
    @Test("a Unix socket folder as the host")
    func unixSocket() throws {
        let folder = try #require(ProcessInfo.processInfo.environment["INFUSION_PREP_TEST_POSTGRES_DIR"])
        let components = try #require(URLComponents(string: try PostgresTestServer.freshDatabase()))
        let port = try #require(components.port)
        let store = try Self.store("postgres://infusion@\(components.path)?host=\(folder)&port=\(port)")
        #expect(store.location.host == folder)
        try store.check()
        #expect(try store.append(Self.draft("P1", 1)).sequence == 1)
        #expect(try store.verify() == .intact(entries: 1))
    }

    /// A server that stops answering (here: another session holds the append lock and
    /// never lets go) must not freeze the wizard: after the statement timeout the
    /// connection is taken as lost and the entry spooled; it is sent once the lock is free.
    @Test("a statement with no answer in time counts as a lost connection: the entry is spooled, then sent")
    func statementTimeout() throws {
        let url = try PostgresTestServer.freshDatabase()
        let spool = Self.spoolPath()
        let store = try Self.store(url, spool: spool)
        #expect(try store.append(Self.draft("P1", 1)).sequence == 1)
        // The same workstation's store with a short statement timeout, for the blocked append.
        let impatient = try PostgresRecordStore(location: PostgresLocation.parse(url, environment: [:]), spoolPath: spool,
                                                queryTimeoutSeconds: 2)
        try impatient.check()
        let holderDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? PostgresTestServer.psql(url, "SELECT pg_advisory_lock(\(PostgresRecordStore.appendLockKey)); SELECT pg_sleep(600);")
            holderDone.signal()
        }
        let lockHeld = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        var held = false
        for _ in 0..<1000 where !held {
            held = (try? PostgresTestServer.psql(url, lockHeld))?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
        try #require(held, "the other session holds the lock")
        let waiting = try impatient.append(Self.draft("P1", 2))
        #expect(waiting.sequence < 0, "spooled after the timeout")
        let release = try PostgresTestServer.psql(url, """
            SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        #expect(release.status == 0, "\(release.standardError)")
        holderDone.wait()
        #expect(try store.append(Self.draft("P1", 3)).sequence == 3)
        #expect(try store.entries(preparationID: "P1").map(\.payload) == (1...3).map { Self.draft("P1", $0).payload })
        #expect(try store.verify() == .intact(entries: 3))
    }

    @Test("without a spool, a lost server is an error that names it")
    func noSpool() throws {
        let server = try PrivatePostgresServer()
        let store = try Self.store(server.url)
        try store.check()
        try server.pause()
        do {
            _ = try store.append(Self.draft("P1", 1))
            Issue.record("an append to a stopped server without a spool must fail")
        } catch {
            #expect(error.message.contains("cannot be reached"), "\(error.message)")
        }
        try server.resume()
        #expect(try store.append(Self.draft("P1", 2)).sequence == 1, "reconnects")
    }

    @Test("records copy: SQLite to PostgreSQL and back; both chains verify; a second copy copies nothing")
    func copy() throws {
        let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
        let sqlite = try SQLiteRecordStore(path: sqlitePath)
        let postgres = try Self.store(try PostgresTestServer.freshDatabase())
        try postgres.check()
        // The target already holds another workstation's entries: its chain is its own.
        for number in 1...3 { _ = try postgres.append(Self.draft("OTHER", number)) }
        let wrong = try sqlite.append(Self.draft("P1", 1, kind: .entry))
        _ = try sqlite.append(Self.draft("P2", 2))
        _ = try sqlite.append(Self.draft("P1", 3, kind: .correction, corrects: wrong.sequence))
        let first = try RecordCopy.copy(from: sqlite, to: postgres)
        #expect(first.copied == 3 && first.alreadyThere == 0 && first.preparations == 2 && first.conflicts.isEmpty)
        #expect(try postgres.verify() == .intact(entries: 6) && sqlite.verify() == .intact(entries: 3))
        let copied = try postgres.entries(preparationID: "P1")
        try #require(copied.map(\.payload) == [Self.draft("P1", 1).payload, Self.draft("P1", 3).payload])
        #expect(copied[1].corrects == copied[0].sequence, "the correction names the target's number")
        let again = try RecordCopy.copy(from: sqlite, to: postgres)
        #expect(again.copied == 0 && again.alreadyThere == 3)
        #expect(try postgres.verify() == .intact(entries: 6))
        // And back: a fresh SQLite file gets all six, in the PostgreSQL chain's order.
        let back = try SQLiteRecordStore(path: sqlitePath + ".back")
        #expect(try RecordCopy.copy(from: postgres, to: back).copied == 6)
        #expect(try back.entries(preparationID: nil).map(\.payload) == postgres.entries(preparationID: nil).map(\.payload))
        // A target whose preparation differs is named, and nothing of it is copied.
        _ = try sqlite.append(Self.draft("P3", 4))
        let conflicting = try SQLiteRecordStore(path: sqlitePath + ".conflict")
        _ = try conflicting.append(Self.draft("P3", 9))
        #expect(try RecordCopy.copy(from: sqlite, to: conflicting).conflicts == ["P3"])
    }

    @Test("a copy from a chain that does not verify copies nothing")
    func copyFromBrokenChain() throws {
        let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).sqlite").path
        let sqlite = try SQLiteRecordStore(path: sqlitePath)
        for number in 1...3 { _ = try sqlite.append(Self.draft("P1", number)) }
        let edit = try runProcess(["/usr/bin/env", "sqlite3", sqlitePath,
                                   "DROP TRIGGER entries_no_update; UPDATE entries SET payload = '{}' WHERE sequence = 2;"])
        #expect(edit.status == 0)
        let postgres = try Self.store(try PostgresTestServer.freshDatabase())
        var message = ""
        do throws(RecordStoreError) {
            _ = try RecordCopy.copy(from: sqlite, to: postgres)
        } catch {
            message = error.message
        }
        #expect(message.contains("entry 2"), "a broken source is not copied: \(message)")
        #expect(try postgres.entries(preparationID: nil).isEmpty)
    }
}

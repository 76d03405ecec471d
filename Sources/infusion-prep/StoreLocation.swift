import InfusionRecords
import InfusionRecordsPostgres
import InfusionTraining

/// Where the preparation records are: the value of `--records` (else
/// INFUSION_PREP_RECORDS, else the default SQLite path; the site policy's `records_url`
/// (issue 9) is one more source: pass it to `resolve` as the value when neither the
/// option nor the variable is given). A value starting with `postgres://` or
/// `postgresql://` is the shared PostgreSQL store (docs/records-postgres.md); anything
/// else is the path of an SQLite file.
enum StoreLocation {
    case sqlite(path: String)
    /// The server, and the local spool that holds entries while it cannot be reached.
    case postgres(PostgresLocation, spoolPath: String)

    /// The libpq variables a PostgreSQL location reads (see PostgresLocation.parse).
    static let postgresEnvironment = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE",
                                      "PGCONNECT_TIMEOUT", "USER", "LOGNAME"]

    static func isPostgres(_ value: String) -> Bool { PostgresLocation.isURL(value) }

    /// Reads `value` (a path or a URL); a URL's missing parts come from the PG* variables.
    static func resolve(_ value: String) throws(RecordStoreError) -> StoreLocation {
        guard isPostgres(value) else { return .sqlite(path: value) }
        let environment = SystemFiles.environment(postgresEnvironment + ProgramEnvironment.names)
        let location = try PostgresLocation.parse(value, environment: environment)
        return .postgres(location, spoolPath: spoolPath(for: location, environment: environment))
    }

    /// The spool of one server and database: $XDG_DATA_HOME/infusion-prep/spool/<host>-<port>-<database>.sqlite
    /// (default ~/.local/share/…), so that the entries of one never go to another.
    static func spoolPath(for location: PostgresLocation, environment: [String: String]) -> String {
        let name = [location.host, String(location.port), location.database, location.username]
            .map { String($0.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" }) }
            .joined(separator: "-")
        return SystemFiles.join(RecordLocation.dataFolder(environment: environment), "spool/\(name).sqlite")
    }

    /// How messages name the store: the absolute path, or the URL without its password.
    var shown: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location, _): location.redacted
        }
    }

    /// The start-up check, before anything is entered: the SQLite checks of
    /// `SQLiteRecordStore.check`; for PostgreSQL, a connection, the schema brought up to
    /// date (or checked), and the spool sent. Returns the location to open later.
    static func check(_ value: String) throws(RecordStoreError) -> StoreLocation {
        switch try resolve(value) {
        case .sqlite(let path):
            return .sqlite(path: try SQLiteRecordStore.check(path: path))
        case .postgres(let location, let spool):
            try PostgresRecordStore(location: location, spoolPath: spool).check()
            return .postgres(location, spoolPath: spool)
        }
    }

    /// The store (PostgreSQL: connected lazily; a lost connection spools).
    func open() throws(RecordStoreError) -> any RecordStore {
        switch self {
        case .sqlite(let path):
            return try SQLiteRecordStore(path: path)
        case .postgres(let location, let spool):
            return try PostgresRecordStore(location: location, spoolPath: spool)
        }
    }

    /// For the `records` commands: the store, opened and (PostgreSQL) connected now, so
    /// that a server that cannot be reached is said at once. `spool: false` (a copy's
    /// target) throws instead of spooling.
    /// `forReading`: a command that only reads (a full disk does not stop it).
    static func open(_ value: String, spool: Bool = true, forReading: Bool = false) throws(RecordStoreError) -> any RecordStore {
        switch try resolve(value) {
        case .sqlite(let path):
            return try SQLiteRecordStore(path: path, forReading: forReading)
        case .postgres(let location, let spoolPath):
            let store = try PostgresRecordStore(location: location, spoolPath: spool ? spoolPath : nil)
            try store.check()
            return store
        }
    }
}

extension RecordStore {
    /// How messages name this store: the SQLite path, or the PostgreSQL URL without its password.
    var shownLocation: String {
        if let sqlite = self as? SQLiteRecordStore { return sqlite.path }
        if let postgres = self as? PostgresRecordStore { return postgres.location.redacted }
        return "the record store"
    }
}

extension StoreLocation {
    /// After a preparation: how many entries wait in the local spool for the server (nil
    /// when none do, or for SQLite).
    func spoolNote() -> String? {
        guard case .postgres(let location, let spoolPath) = self,
              let count = try? PostgresRecordStore(location: location, spoolPath: spoolPath).spooledCount(), count > 0
        else { return nil }
        return "The record store \(location.redacted) could not be reached: \(count) \(count == 1 ? "entry is" : "entries are") kept in the local spool \(spoolPath) and will be sent the next time infusion-prep reaches it (any preparation or records command)."
    }
}

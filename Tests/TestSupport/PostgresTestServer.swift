import Foundation

/// The private PostgreSQL server of `make test` (scripts/test-postgres.sh): its URL in
/// INFUSION_PREP_TEST_POSTGRES_URL (a superuser with a password, on loopback). Without
/// it, the PostgreSQL tests are skipped with `skipReason`; `make test` always sets it.
public enum PostgresTestServer {
    public static let urlVariable = "INFUSION_PREP_TEST_POSTGRES_URL"

    /// The superuser URL of the test server, when one runs.
    public static var url: String? {
        guard let value = ProcessInfo.processInfo.environment[urlVariable], !value.isEmpty else { return nil }
        return value
    }

    public static var isAvailable: Bool { url != nil }

    public static let skipReason =
        "INFUSION_PREP_TEST_POSTGRES_URL is not set: no PostgreSQL test server (make test starts one; or eval \"$(scripts/test-postgres.sh start)\")"

    /// The repository's root (scripts/ and docs/ are there).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `url` with its database replaced by `database`, and its user and password by
    /// `user`/`password` when given.
    public static func url(database: String, user: String? = nil, password: String? = nil) -> String {
        guard let base = url, var components = URLComponents(string: base) else { return "" }
        components.path = "/" + database
        if let user { components.user = user; components.password = password }
        return components.string ?? ""
    }

    /// A new, empty database on the test server; returns its superuser URL.
    public static func freshDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let result = try psql(url(database: "postgres"), "CREATE DATABASE \(name)")
        guard result.status == 0 else { throw PostgresTestServerError(message: "psql CREATE DATABASE: \(result.standardError)") }
        return url(database: String(name))
    }

    /// Runs `sql` with psql (unaligned, tuples only, stops at the first error) on `url`.
    public static func psql(_ url: String, _ sql: String) throws -> ProcessResult {
        try runProcess(["/usr/bin/env", "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
    }

    static var script: String { repositoryRoot.appendingPathComponent("scripts/test-postgres.sh").path }
}

/// A server of its own for a fault test that stops and restarts it (the shared one stays
/// up for the other tests). Stopped and removed when released.
public final class PrivatePostgresServer: @unchecked Sendable {
    /// Superuser URL.
    public let url: String
    public let folder: String

    public init() throws {
        let started = try runProcess(["/usr/bin/env", "bash", PostgresTestServer.script, "start"])
        guard started.status == 0 else { throw PostgresTestServerError(message: "test-postgres.sh start: \(started.standardError)") }
        var values: [String: String] = [:]
        for line in started.standardOutput.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            values[String(pair[0])] = String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        guard let url = values["INFUSION_PREP_TEST_POSTGRES_URL"], let folder = values["INFUSION_PREP_TEST_POSTGRES_DIR"] else {
            throw PostgresTestServerError(message: "test-postgres.sh start printed no URL: \(started.standardOutput)")
        }
        self.url = url
        self.folder = folder
    }

    deinit { _ = try? run("stop") }

    /// Stops the server, keeping its data.
    public func pause() throws { try run("pause") }
    /// Starts it again on the same port.
    public func resume() throws { try run("resume") }

    private func run(_ verb: String) throws {
        let result = try runProcess(["/usr/bin/env", "bash", PostgresTestServer.script, verb, folder])
        guard result.status == 0 else { throw PostgresTestServerError(message: "test-postgres.sh \(verb): \(result.standardError)") }
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

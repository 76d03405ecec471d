import InfusionRecords

/// Where a PostgreSQL record store is: from a `postgres://` URL, with what the URL leaves
/// out taken from the standard libpq environment variables (PGHOST, PGPORT, PGUSER,
/// PGPASSWORD, PGDATABASE, PGSSLMODE), then libpq's defaults (localhost, 5432, the login
/// user, a database named after the user, sslmode prefer). docs/records-postgres.md.
///
/// The password is kept for connecting and never shown: `description` and every error
/// message use `redacted`, which leaves it out.
public struct PostgresLocation: Equatable, Sendable, CustomStringConvertible {
    /// libpq's sslmode values this store honours.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, else plain (libpq's default).
        case prefer
        /// TLS or no connection; the certificate is not checked (as libpq's `require`).
        case require
        /// TLS with a certificate signed by a trusted authority (the system's), any name.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host name.
        case verifyFull = "verify-full"
    }

    /// A host name or address, or a folder holding the server's Unix socket (starts with /).
    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let sslMode: SSLMode
    /// Seconds to wait for a connection (URL parameter `connect_timeout`, else PGCONNECT_TIMEOUT, else 10).
    public let connectTimeoutSeconds: Int

    public init(host: String, port: Int, username: String, password: String?, database: String,
                sslMode: SSLMode, connectTimeoutSeconds: Int = 10) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// Whether `text` names a PostgreSQL store (`postgres://` or `postgresql://`, any case).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL without the password, as every message shows it.
    public var redacted: String {
        let hostPart = host.hasPrefix("/") ? "[\(host)]" : (host.contains(":") ? "[\(host)]" : host)
        return "postgres://\(Self.escape(username))@\(hostPart):\(port)/\(Self.escape(database))?sslmode=\(sslMode.rawValue)"
    }

    public var description: String { redacted }

    /// Reads `url` (postgres://user:password@host:port/database?sslmode=…&connect_timeout=…)
    /// and fills the rest from `environment`. Throws, with what is accepted, for anything
    /// it cannot read; the message never repeats the password.
    public static func parse(_ url: String, environment: [String: String]) throws(RecordStoreError) -> PostgresLocation {
        guard let schemeEnd = url.range(of: "://"), isURL(url) else {
            throw RecordStoreError("The records location is not a PostgreSQL URL: write postgres://user@host:port/database.")
        }
        var rest = String(url[schemeEnd.upperBound...])
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        var path = ""
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = String(rest[..<slash])
            path = String(rest[rest.index(after: slash)...])
        }
        var userInfo: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            hostPort = String(authority[authority.index(after: at)...])
        }
        var user: String?
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try decode(String(userInfo[..<colon]), what: "user name")
                password = try decode(String(userInfo[userInfo.index(after: colon)...]), what: "password")
            } else {
                user = try decode(userInfo, what: "user name")
            }
        }
        var host: String?
        var portText: String?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw RecordStoreError("The host in the PostgreSQL URL opens [ without ]: write [::1] for an IPv6 address.")
            }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) } else if !after.isEmpty {
                throw RecordStoreError("The PostgreSQL URL has \(Self.visible(String(after))) after the host: write host:port.")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = String(hostPort[hostPort.index(after: colon)...])
        } else if !hostPort.isEmpty {
            host = hostPort
        }
        if let decoded = host { host = try decode(decoded, what: "host") }
        var database = path.isEmpty ? nil : try decode(path, what: "database name")
        var sslText: String?
        var timeoutText: String?
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? try decode(String(parts[1]), what: name) : ""
            switch name {
            case "sslmode": sslText = value
            case "connect_timeout": timeoutText = value
            case "host": host = value
            case "port": portText = value
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name": break
            default:
                throw RecordStoreError("The PostgreSQL URL has the parameter \(Self.visible(name)), which this program does not use: it accepts sslmode, connect_timeout, host, port, user, password, dbname and application_name.")
            }
        }
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let finalHost = host.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGHOST") ?? "localhost"
        let finalPortText = portText.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGPORT") ?? "5432"
        guard let port = Int(finalPortText), (1...65535).contains(port), finalPortText.allSatisfy(\.isASCII) else {
            // The text is not shown: in "postgres://user:secret/db" (no "@") it is the password.
            throw RecordStoreError("The PostgreSQL port in the URL (or PGPORT) is not a port number: give a whole number from 1 to 65535, for example 5432, after the host (postgres://user:password@host:5432/database).")
        }
        let finalUser = user.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGUSER") ?? env("USER") ?? env("LOGNAME") ?? "postgres"
        let finalPassword = password ?? env("PGPASSWORD")
        let finalDatabase = database.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGDATABASE") ?? finalUser
        let modeText = sslText ?? env("PGSSLMODE") ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw RecordStoreError("The sslmode \(Self.visible(modeText)) is not one this program knows: use " +
                                   SSLMode.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let timeoutSource = timeoutText ?? env("PGCONNECT_TIMEOUT") ?? "10"
        guard let timeout = Int(timeoutSource), (1...600).contains(timeout) else {
            throw RecordStoreError("The connect_timeout \(Self.visible(timeoutSource)) is not a number of seconds: give a whole number from 1 to 600.")
        }
        return PostgresLocation(host: finalHost, port: port, username: finalUser, password: finalPassword,
                                database: finalDatabase, sslMode: mode, connectTimeoutSeconds: timeout)
    }

    /// Percent-decoding (%40 is @); a malformed escape is refused, without echoing a password.
    static func decode(_ text: String, what: String) throws(RecordStoreError) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                    throw RecordStoreError("The \(what) in the PostgreSQL URL has a % that is not followed by two hex digits: write %25 for %.")
                }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 128, character.isLetter || character.isNumber || "-._~".contains(character) {
                out.append(character)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (byte < 16 ? "0" : "") + hex
            }
        }
        return out
    }

    static func visible(_ text: String) -> String {
        let cut = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"" + cut.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : String($0) }.joined() + "\""
    }
}

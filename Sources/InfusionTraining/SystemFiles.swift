// Files, folders, the environment and the local time through the C library, without
// Foundation: the release binary links no Foundation (docs/performance.md: it held most of
// the start-up time and memory).
#if canImport(Glibc)
import Glibc
#endif

/// A file operation that failed: the path and the C library's reason.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let code: Int32
    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }
    public var reason: String { String(cString: strerror(code)) }
    public var description: String { "\(path): \(reason)" }
}

public enum SystemFiles {
    /// `folder` + "/" + `name`, without doubling the slash.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a folder (not "." and ".."), or nil when it cannot be read.
    public static func names(in folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The file, or nil when it cannot be read; at most `limit` bytes are read (a file
    /// larger than what is wanted, or a device that never ends, stays bounded).
    public static func read(_ path: String, limit: Int = Int.max) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
            if bytes.count >= limit { return Array(bytes.prefix(limit)) }
        }
    }

    /// Creates `folder` and every missing parent (like mkdir -p).
    public static func makeDirectories(_ folder: String) throws {
        if isDirectory(folder) { return }
        var path = folder.hasPrefix("/") ? "/" : ""
        for part in folder.split(separator: "/") {
            path += (path.isEmpty || path.hasSuffix("/") ? "" : "/") + part
            if mkdir(path, 0o777) != 0 && errno != EEXIST { throw FileError(path: path, code: errno) }
        }
        if !isDirectory(folder) { throw FileError(path: folder, code: ENOTDIR) }
    }

    /// Writes `text` to a new file. `exclusive`: fail with EEXIST rather than replace a file
    /// that is there (O_EXCL: one atomic step, even across processes).
    public static func write(_ text: String, to path: String, exclusive: Bool = false, mode: mode_t = 0o644) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        let descriptor = open(path, flags, mode)
        guard descriptor >= 0 else { throw FileError(path: path, code: errno) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw FileError(path: path, code: code)
            }
            offset += written
        }
        if close(descriptor) != 0 { throw FileError(path: path, code: errno) }
    }

    /// The variables `names` that are set, read with getenv: copying the whole environment
    /// into a dictionary cost more instructions at start-up than the self-test.
    public static func environment(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }

    /// The home folder of the user running the program, from the password database.
    public static func passwordHome() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}

/// A moment in local time, to the second, with its offset from UTC: what records and
/// training results print.
public struct LocalDateTime: Equatable, Sendable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    public let utcOffsetSeconds: Int

    /// The local time of `secondsSince1970` (the TZ and /etc/localtime rules).
    public init(secondsSince1970: Int) {
        var time = time_t(secondsSince1970)
        var parts = tm()
        localtime_r(&time, &parts)
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
        utcOffsetSeconds = Int(parts.tm_gmtoff)
    }

    public static func now() -> LocalDateTime { LocalDateTime(secondsSince1970: Int(time(nil))) }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    static func four(_ value: Int) -> String { String(repeating: "0", count: max(0, 4 - String(value).count)) + String(value) }

    /// 2026-11-22
    public var date: String { "\(Self.four(year))-\(Self.two(month))-\(Self.two(day))" }
    /// 2026-11-22 14:05
    public var dateAndMinute: String { "\(date) \(Self.two(hour)):\(Self.two(minute))" }
    /// 20261122-140500, for file names.
    public var compact: String {
        "\(Self.four(year))\(Self.two(month))\(Self.two(day))-\(Self.two(hour))\(Self.two(minute))\(Self.two(second))"
    }
    /// ISO 8601 with the offset: 2026-11-22T14:05:00+01:00 (Z at UTC).
    public var iso8601: String {
        let offset = abs(utcOffsetSeconds) / 60
        let zone = utcOffsetSeconds == 0 ? "Z" : (utcOffsetSeconds < 0 ? "-" : "+") + Self.two(offset / 60) + ":" + Self.two(offset % 60)
        return "\(date)T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))" + zone
    }
}

import Foundation

/// Golden files in one folder: a text is compared with its file, or written instead when
/// `UPDATE_GOLDEN=1` is set (review the diff in git before committing). A difference is
/// described line by line for the test to record. (No Testing here: this target is also
/// built in release builds, where the testing library is not available.)
public struct GoldenFiles: Sendable {
    public let directory: URL
    /// What a file holds, for the report ("screen", "label").
    public let what: String

    /// `folder` next to `file` (pass `#filePath`).
    public init(_ folder: String, nextTo file: String, what: String) {
        directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(folder, isDirectory: true)
        self.what = what
    }

    public static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Compares `text` with the golden file `name` (or writes it when updating); the
    /// problem in words, or nil when it matches.
    public func problem(_ text: String, name: String) -> String? {
        let url = directory.appendingPathComponent(name)
        if Self.updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "could not write \(url.path): \(error)"
            }
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "golden file \(name) is missing: run the tests with UPDATE_GOLDEN=1 and review it"
        }
        // Byte for byte: String's == would take canonically equivalent text as equal.
        guard Array(expected.utf8) != Array(text.utf8) else { return nil }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var report: [String] = []
        for index in 0..<max(old.count, new.count) {
            let was = index < old.count ? old[index] : "<none>"
            let now = index < new.count ? new[index] : "<none>"
            if was != now { report += ["line \(index + 1):", "  golden: \(was)", "  actual: \(now)"] }
        }
        return "\(what) differs from \(name) (UPDATE_GOLDEN=1 rewrites it):\n" + report.joined(separator: "\n")
    }
}

import Foundation
import Testing

/// Golden files in one folder: a text is compared with its file, or written instead when
/// `UPDATE_GOLDEN=1` is set (review the diff in git before committing). A difference is
/// reported line by line.
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

    /// Compares `text` with the golden file `name` (or writes it when updating).
    public func check(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if Self.updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not write \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file \(name) is missing: run the tests with UPDATE_GOLDEN=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard expected != text else { return }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var report: [String] = []
        for index in 0..<max(old.count, new.count) {
            let was = index < old.count ? old[index] : "<none>"
            let now = index < new.count ? new[index] : "<none>"
            if was != now { report += ["line \(index + 1):", "  golden: \(was)", "  actual: \(now)"] }
        }
        Issue.record(Comment(rawValue: "\(what) differs from \(name) (UPDATE_GOLDEN=1 rewrites it):\n" + report.joined(separator: "\n")),
                     sourceLocation: sourceLocation)
    }
}

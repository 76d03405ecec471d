import Foundation
import Testing
@testable import InfusionWizard

/// Golden files in `__screens__` next to this file: the screen text (`NAME.txt`) and, for
/// some screens, the style map (`NAME.style.txt`, one letter per cell: `Style.rawValue`).
/// `UPDATE_GOLDEN=1 swift test ...` writes the files instead of comparing; review the
/// diff in git before committing.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("__screens__", isDirectory: true)
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Compares `lines` with the golden file `name` (or writes it when updating).
    static func check(_ lines: [String], name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let actual = lines.joined(separator: "\n") + "\n"
        if updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
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
        guard expected != actual else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var report: [String] = []
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let old = index < expectedLines.count ? expectedLines[index] : "<none>"
            let new = index < actualLines.count ? actualLines[index] : "<none>"
            if old != new { report.append(contentsOf: ["row \(index):", "  golden: \(old)", "  actual: \(new)"]) }
        }
        let text = "screen differs from \(name) (UPDATE_GOLDEN=1 rewrites it):\n" + report.joined(separator: "\n")
        Issue.record(Comment(rawValue: text), sourceLocation: sourceLocation)
    }
}

/// Rule book section 3 and the layout rules, checked on a screen's text.
enum ScreenRules {
    /// Every violation on the screen, in words (empty when it is clean).
    static func violations(_ lines: [String], width: Int) -> [String] {
        var found: [String] = []
        for (row, line) in lines.enumerated() {
            if line.firstMatch(of: /\d\.\d*0(?!\d)/) != nil { found.append("row \(row): trailing zero: \(line)") }
            if line.firstMatch(of: /(^|[^\d])\.\d/) != nil { found.append("row \(row): number without a leading zero: \(line)") }
            if line.firstMatch(of: /\d ?(U|IU|u|iu|cc)\b/) != nil { found.append("row \(row): unit abbreviation: \(line)") }
            if line.contains("µ") || line.contains("μ") { found.append("row \(row): micro sign: \(line)") }
            if line.firstMatch(of: /\d(mL|kg|lb|min|units)\b/) != nil { found.append("row \(row): no space before a unit: \(line)") }
            if line.firstMatch(of: /\d{4,}\s?units/) != nil { found.append("row \(row): no thousands separator: \(line)") }
            // Only the rule row reaches the last column: anything else there may be cut off.
            if line.count >= width && !line.contains("─") { found.append("row \(row): text reaches the right edge: \(line)") }
        }
        return found
    }
}

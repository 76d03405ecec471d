import Foundation
import Testing
import TestSupport
@testable import InfusionWizard

/// Golden files in `__screens__` next to this file: the screen text (`NAME.txt`) and, for
/// some screens, the style map (`NAME.style.txt`, one letter per cell: `Style.rawValue`).
/// `UPDATE_GOLDEN=1 swift test ...` writes the files instead of comparing; review the
/// diff in git before committing.
enum Golden {
    static let files = GoldenFiles("__screens__", nextTo: #filePath, what: "screen")

    /// Compares `lines` with the golden file `name` (or writes it when updating).
    static func check(_ lines: [String], name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let problem = files.problem(lines.joined(separator: "\n") + "\n", name: name) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
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

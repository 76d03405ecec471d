import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder per test for everything the program may write: HOME, the preparation
/// records database ($INFUSION_PREP_RECORDS) and training results. Nothing reaches the real home.
/// Immutable (one `let`), so it may be shared by concurrent runs.
final class Sandbox: Sendable {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    /// The records database file ($INFUSION_PREP_RECORDS).
    var records: URL { root.appendingPathComponent("records.sqlite") }
    var results: URL { root.appendingPathComponent("results") }
    /// Where the records database would be by default under this HOME.
    var homeRecords: URL { home.appendingPathComponent(".local/share/infusion-prep/records.sqlite") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("infusion-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The variables that keep the program's files in the sandbox.
    var fileVariables: [String: String] {
        ["HOME": home.path, "INFUSION_PREP_RECORDS": records.path]
    }

    /// The environment for a program in tmux.
    func terminalEnvironment(_ changes: [String: String] = [:]) -> [String: String] {
        TmuxSession.defaultEnvironment.merging(fileVariables) { $1 }.merging(["TZ": "UTC"]) { $1 }.merging(changes) { $1 }
    }

    /// The complete environment for a program run with `runProcess` (nothing inherited).
    func processEnvironment(_ changes: [String: String] = [:]) -> [String: String] {
        var environment = fileVariables
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment["TMPDIR"] = root.path
        // Times are shown in UTC, whatever the machine's zone (R9; tests read them back).
        environment["TZ"] = "UTC"
        return environment.merging(changes) { $1 }
    }

    /// The preparations recorded in a database, one `records list` row each ("<id>  <began>
    /// <outcome>  <patient>  preparer <name>  <dose>"); none when the database does not exist.
    func preparations(in database: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        guard FileManager.default.fileExists(atPath: database.path) else { return [] }
        let list = try runInfusionPrep(["records", "list", "--records", database.path], sandbox: self)
        #expect(list.status == 0, "records list: \(list.standardError)", sourceLocation: sourceLocation)
        let rows = list.standardOutput.split(separator: "\n").map(String.init)
        return rows == ["No preparations recorded."] ? [] : rows
    }

    /// The one preparation recorded, not finished: its `records list` row shows `outcome`
    /// ("abandoned", or "interrupted" after a signal).
    func expectOneUnfinished(_ outcome: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = try preparations(sourceLocation: sourceLocation)
        #expect(rows.count == 1 && rows[0].contains("  \(outcome)  "), "preparations: \(rows)", sourceLocation: sourceLocation)
    }

    /// The preparations in the sandbox's records database.
    func preparations(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try preparations(in: records, sourceLocation: sourceLocation)
    }

    /// `records export ID` (text: the plan as printed, then the entries) from a database.
    func exportedRecord(_ id: String, in database: URL? = nil, format: String = "text") throws -> ProcessResult {
        try runInfusionPrep(["records", "export", id, "--format", format, "--records", (database ?? records).path], sandbox: self)
    }

    /// The files in a folder (empty when it does not exist).
    func files(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}

/// `infusion-prep` with `arguments`, in a tmux terminal.
func startInTerminal(_ arguments: [String] = [], sandbox: Sandbox, width: Int = 80, height: Int = 24,
                     environment: [String: String] = [:]) throws -> TmuxSession {
    try TmuxSession(command: [infusionPrepBinary] + arguments, width: width, height: height,
                    environment: sandbox.terminalEnvironment(environment))
}

/// `infusion-prep` run to completion without a terminal.
func runInfusionPrep(_ arguments: [String], input: String? = nil, sandbox: Sandbox,
                     environment: [String: String] = [:]) throws -> ProcessResult {
    try runProcess([infusionPrepBinary] + arguments, input: input, environment: sandbox.processEnvironment(environment))
}

extension TmuxSession {
    /// Waits until some row contains every one of `texts`' strings (each anywhere on screen).
    @discardableResult
    func waitFor(_ texts: String..., timeout: Duration = .seconds(5)) throws -> [String] {
        try waitFor(texts.joined(separator: " + "), timeout: timeout) { lines in
            texts.allSatisfy { text in lines.contains { $0.contains(text) } }
        }
    }

    /// The row that contains `text`, if any.
    func row(containing text: String, in lines: [String]) -> String? {
        lines.first { $0.contains(text) }
    }
}

/// A `records list` row of the reference preparation, finished: the outcome, the patient's
/// name and MRN, the preparer, the dose.
func expectFinishedReferenceRow(_ row: String?, preparer: String = "JS", sourceLocation: SourceLocation = #_sourceLocation) {
    let row = row ?? ""
    #expect(row.contains("  finished  ") && row.contains("Jane Doe") && row.contains("123456") && row.contains("preparer \(preparer)")
            && row.hasSuffix("  4,200 units"), "\(row)", sourceLocation: sourceLocation)
}

/// The rows the record adds under the plan's title (section 6) of the reference walk: the
/// patient's name and MRN, the weight measured today, the preparer, each lot with its
/// expiry. Checked by content: the wording around them is the wizard's.
func expectReferenceRecordRows(_ summary: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let rows = planRows(summary).dropFirst().prefix { sectionSixLabels.contains($0.label) }
    #expect(rows.map(\.label) == ["Patient ID", "Weighed", "Preparer", "Vial lots"], "\(rows)", sourceLocation: sourceLocation)
    func text(_ label: String) -> String { squeezed(rows.first { $0.label == label }?.lines ?? []) }
    #expect(text("Patient ID").contains("Jane Doe") && text("Patient ID").contains("123456"), "\(rows)", sourceLocation: sourceLocation)
    #expect(text("Weighed").contains(utcDay(0)), "\(rows)", sourceLocation: sourceLocation)
    #expect(text("Preparer").hasSuffix(" JS"), "\(rows)", sourceLocation: sourceLocation)
    for figure in ["400-unit", "A1234", "2027-03-31", "200-unit", "B5678", "2027-05-31"] {
        #expect(text("Vial lots").contains(figure), "\(figure): \(rows)", sourceLocation: sourceLocation)
    }
}

extension Array where Element == String {
    func containsRow(_ text: String) -> Bool { contains { $0.contains(text) } }
}

/// The exit of a program that must have given the terminal back as it found it.
func expectRestored(_ exit: TmuxExit, status: Int32, _ session: TmuxSession,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(exit.status == status, "exit status", sourceLocation: sourceLocation)
    #expect(exit.isTerminalRestored, "tty modes after exit: \(exit.modes)", sourceLocation: sourceLocation)
    #expect(try !session.isAlternateScreenOn(), "still on the alternate screen", sourceLocation: sourceLocation)
    #expect(try session.isCursorVisible(), "cursor left hidden", sourceLocation: sourceLocation)
}

/// The plan's rows: each row is a labelled line and the continuation lines under it
/// (labels are 12 columns wide). Keyed by label, in order.
func planRows(_ lines: [String]) -> [(label: String, lines: [String])] {
    var rows: [(label: String, lines: [String])] = []
    for line in lines {
        if line.hasPrefix(" "), !rows.isEmpty {
            rows[rows.count - 1].lines.append(line)
        } else {
            let label = line.count > 12 ? String(line.prefix(12)).trimmingCharacters(in: .whitespaces) : line
            rows.append((label, [line]))
        }
    }
    return rows
}

/// The summary block printed at the end: from the last plan title to the end of `lines`,
/// stopping before any line that is not part of the plan.
func printedPlan(_ lines: [String], title: String = "IMIGLUCERASE (Cerezyme) PREPARATION PLAN",
                 stopAt stop: (String) -> Bool = { _ in false }) -> [String] {
    guard let start = lines.lastIndex(where: { $0.hasSuffix(title) }) else { return [] }
    var block: [String] = []
    for line in lines[start...] {
        if stop(line) { break }
        block.append(line)
    }
    return block
}

/// Colour SGR parameters (foreground or background, 8/16/256/true colour) in text captured
/// with attributes. Plain attributes (bold 1, dim 2, reverse 7...) and defaults (39, 49)
/// are not colours.
func colourCodes(in captured: String) -> [String] {
    var found: [String] = []
    var rest = Substring(captured)
    while let start = rest.range(of: "\u{1B}[") {
        let after = rest[start.upperBound...]
        guard let end = after.firstIndex(where: { !($0.isNumber || $0 == ";" || $0 == ":") }) else { break }
        let parameters = after[..<end]
        rest = after[end...]
        guard after[end] == "m" else { continue }
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
        var index = 0
        while index < numbers.count {
            let code = numbers[index]
            switch code {
            case 30...37, 90...97, 40...47, 100...107:
                found.append(String(code))
            case 38, 48:
                found.append(numbers[index...].map(String.init).joined(separator: ";"))
                index = numbers.count
            default:
                break
            }
            index += 1
        }
    }
    return found
}

extension TmuxSession {
    /// `waitFor` with a generic description.
    @discardableResult
    func waitFor(timeout: Duration = .seconds(5), _ condition: ([String]) throws -> Bool) throws -> [String] {
        try waitFor("the condition", timeout: timeout, condition)
    }
}

import Foundation
import TestSupport
import Testing

/// Issue 8, items 13, 14, 16 and 17: the command line used wrongly, and output that cannot
/// be written. Each misuse gives one clear "error:" line naming what is at fault, exit 2.
@Suite("Command-line misuse (binary)")
struct CommandLineMisuseTests {
    struct Misuse: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let says: [String]
        init(_ name: String, _ arguments: [String], says: [String]) {
            self.name = name; self.arguments = arguments; self.says = says
        }
        var testDescription: String { name }
    }

    static let rest = ["--dose", "60", "--frequency", "weekly"]
    static let esc = "\u{1B}"

    static let cases: [Misuse] = [
        // Item 16: a single dash (ArgumentParser would read -weight as -w -e -i -g -h -t).
        Misuse("-weight", ["plan", "-weight", "70"] + rest, says: ["-weight has one dash", "--weight"]),
        Misuse("-dose", ["plan", "--weight", "70", "-dose", "60", "--frequency", "weekly"], says: ["-dose has one dash", "--dose"]),
        Misuse("-frequency", ["plan", "--weight", "70", "--dose", "60", "-frequency", "weekly"], says: ["-frequency", "--frequency"]),
        Misuse("-json", ["plan", "--weight", "70"] + rest + ["-json"], says: ["-json has one dash", "--json"]),
        Misuse("-help is not -h", ["plan", "-help"], says: ["-help has one dash", "--help"]),
        Misuse("-vials=400", ["plan", "--weight", "70"] + rest + ["-vials=400"], says: ["-vials=400", "--vials"]),
        Misuse("-plain on the root", ["-plain"], says: ["-plain has one dash", "--plain"]),
        Misuse("-scenario on train", ["train", "-scenario", "standard-adult"], says: ["-scenario has one dash", "--scenario"]),
        Misuse("-mode on train", ["train", "--free", "-mode", "quiz"], says: ["-mode", "--mode"]),
        Misuse("-whatever", ["plan", "-whatever"], says: ["unknown option -whatever"]),
        // Item 16: a missing value never swallows the next option.
        Misuse("--weight --dose", ["plan", "--weight", "--dose", "60", "--frequency", "weekly"], says: ["--weight needs a value", "--dose"]),
        Misuse("--dose --frequency", ["plan", "--weight", "70", "--dose", "--frequency", "weekly"], says: ["--dose needs a value", "--frequency"]),
        Misuse("--frequency --json", ["plan", "--weight", "70", "--dose", "60", "--frequency", "--json"], says: ["--frequency needs a value", "--json"]),
        Misuse("--vials -h", ["plan", "--weight", "70"] + rest + ["--vials", "-h"], says: ["--vials needs a value", "-h"]),
        Misuse("--tolerance at the end", ["plan", "--weight", "70"] + rest + ["--tolerance"], says: ["--tolerance needs a value"]),
        Misuse("--records --plain", ["--records", "--plain"], says: ["--records needs a value", "--plain"]),
        Misuse("--results --free", ["train", "--results", "--free"], says: ["--results needs a value", "--free"]),
        Misuse("--seed --free", ["train", "--seed", "--free"], says: ["--seed needs a value"]),
        Misuse("--scenario --plain", ["train", "--scenario", "--plain"], says: ["--scenario needs a value", "--plain"]),
        Misuse("--duration --first-infusion", ["plan", "--weight", "70"] + rest + ["--duration", "--first-infusion"], says: ["--duration needs a value"]),
        // Item 16: misspelled options suggest the nearest real one.
        Misuse("--weigth", ["plan", "--weigth", "70"] + rest, says: ["unknown option --weigth", "did you mean --weight?"]),
        Misuse("--wieght", ["plan", "--wieght", "70"] + rest, says: ["did you mean --weight?"]),
        Misuse("--doses", ["plan", "--weight", "70", "--doses", "60", "--frequency", "weekly"], says: ["did you mean --dose?"]),
        Misuse("--frequncy", ["plan", "--weight", "70", "--dose", "60", "--frequncy", "weekly"], says: ["did you mean --frequency?"]),
        Misuse("--total_dose", ["plan", "--weight", "70", "--total_dose", "4200", "--frequency", "weekly"], says: ["did you mean --total-dose?"]),
        Misuse("--finalvolume", ["plan", "--weight", "70"] + rest + ["--finalvolume", "150"], says: ["did you mean --final-volume?"]),
        Misuse("--jsn", ["plan", "--weight", "70"] + rest + ["--jsn"], says: ["did you mean --json?"]),
        Misuse("--first", ["plan", "--weight", "70"] + rest + ["--first"], says: ["did you mean --first-infusion?"]),
        Misuse("--rounding-policy", ["plan", "--weight", "70"] + rest + ["--roundng", "none"], says: ["did you mean --rounding?"]),
        Misuse("--senario", ["train", "--senario", "standard-adult"], says: ["did you mean --scenario?"]),
        Misuse("--result", ["train", "--free", "--result", "/tmp"], says: ["did you mean --results?"]),
        Misuse("--plian", ["--plian"], says: ["did you mean --plain?"]),
        Misuse("--record", ["--record", "/tmp"], says: ["did you mean --records?"]),
        Misuse("pln", ["pln", "--weight", "70"], says: ["unknown command pln", "did you mean plan?"]),
        Misuse("trian", ["trian", "--free"], says: ["unknown command trian", "did you mean train?"]),
        Misuse("a stray word in plan", ["plan", "--weight", "70", "60"] + rest, says: ["unexpected word 60"]),
        // Item 18: enum options list what they take.
        Misuse("--frequency fortnightly", ["plan", "--weight", "70", "--dose", "60", "--frequency", "fortnightly"],
               says: ["--frequency", "'fortnightly'", "'every-2-weeks'"]),
        Misuse("--rounding down", ["plan", "--weight", "70"] + rest + ["--rounding", "down"], says: ["--rounding", "'none'", "'nearest'"]),
        Misuse("--mode exam", ["train", "--free", "--mode", "exam"], says: ["--mode", "'guided'", "'quiz'"]),
        // Item 17: text from outside is echoed with control characters visible, and cut.
        Misuse("ESC in an unknown option", ["plan", "--x\(esc)[2J\(esc)[H"], says: ["--x\\e[2J\\e[H"]),
        Misuse("ESC in a stray word", ["plan", "--weight", "70", "\(esc)]0;pwned\u{07}"] + rest, says: ["\\e]0;pwned\\u{7}"]),
        Misuse("ESC in a frequency", ["plan", "--weight", "70", "--dose", "60", "--frequency", "\(esc)[31mred"], says: ["\\e[31mred"]),
        Misuse("NUL-free but huge option", ["plan", "--" + String(repeating: "a", count: 100_000)], says: ["... (cut)"]),
        Misuse("a huge stray word", ["plan", String(repeating: "b", count: 100_000)], says: ["... (cut)"]),
        Misuse("a line break in an option", ["plan", "--weight\nx", "70"], says: ["\\n"]),
        Misuse("a scenario name with ESC", ["train", "--scenario", "\(esc)[2J"], says: ["\\e[2J"]),
    ]

    @Test("refused: exit 2, one error line naming the option at fault", arguments: cases)
    func refused(_ misuse: Misuse) throws {
        let result = try infusionPrep(misuse.arguments)
        let line = expectBadInput(result)
        for phrase in misuse.says { #expect(line.contains(phrase), "\"\(phrase)\" in: \(line)") }
        #expect(!line.contains(Self.esc), "a raw ESC reached the terminal")
        #expect(line.count < 2000, "\(line.count) characters")
    }

    @Test("at least forty misuses are covered") func count() { #expect(Self.cases.count >= 40) }

    @Test("--version names the program version and the rule book version")
    func version() throws {
        let result = try infusionPrep(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("infusion-prep "))
        #expect(result.standardOutput.contains("rule book version 2"))
    }

    @Test("completion scripts (make install) offer the enum values and folders", arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) throws {
        let result = try infusionPrep(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.standardError)")
        for value in ["every-2-weeks", "nearest", "quiz", "records", "results"] {
            #expect(result.standardOutput.contains(value), "\(shell): \(value)")
        }
        // The folder options complete folders.
        let folders = ["bash": "-d", "zsh": "_files -/", "fish": "complete_directories"][shell]!
        #expect(result.standardOutput.contains(folders), "\(shell): no folder completion")
    }

    /// A negative number is a value, not an option (kept from before).
    @Test("--weight -70 is still a value")
    func negativeValue() throws {
        let line = expectBadInput(try infusionPrep(["plan", "--weight", "-70"] + Self.rest))
        #expect(line.contains("Weight: \"-70\" is negative"))
    }

    /// Through sh, for redirections the test runner cannot make.
    func shell(_ script: String) throws -> ProcessResult {
        try runProcess(["sh", "-c", script, infusionPrepBinary])
    }

    @Test("output that cannot be written is an error: exit 5, one error line")
    func fullDisk() throws {
        let result = try shell("\"$0\" plan --weight 70 --dose 60 --frequency weekly --json > /dev/full")
        #expect(result.status == 5, "\(result.standardError)")
        #expect(result.standardError == "error: standard output could not be written (disk full, or a closed pipe or descriptor)\n")
        let closed = try shell("\"$0\" plan --weight 70 --dose 60 --frequency weekly >&-")
        #expect(closed.status == 5, "\(closed.standardError)")
    }

    @Test("a reader that has gone (a closed pipe) is the same error: exit 5, one error line, never death by SIGPIPE", arguments: [
        ["plan", "--weight", "70", "--dose", "60", "--frequency", "weekly"], ["plan", "--weight", "70", "--dose", "60", "--frequency", "weekly", "--json"],
        ["policy", "show"], ["--version"], ["train", "--list"],
    ])
    func closedPipe(_ arguments: [String]) throws {
        let output = Pipe(), errors = Pipe()
        try output.fileHandleForReading.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: infusionPrepBinary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": NSTemporaryDirectory() + "/none"]
        process.standardOutput = output.fileHandleForWriting
        process.standardError = errors.fileHandleForWriting
        try process.run()
        try output.fileHandleForWriting.close()
        try errors.fileHandleForWriting.close()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "ended by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 5)
        #expect(said == "error: standard output could not be written (disk full, or a closed pipe or descriptor)\n")
    }

    @Test("a closed standard error never traps", arguments: [
        "plan --weight x", "plan --weight 70 --dose 60 --frequency weekly", "plan -weight 70", "plan --bogus",
        "plan --weight 70 --dose 60 --frequency biweekly", "train --scenario none", "--version",
    ])
    func closedStandardError(_ arguments: String) throws {
        let result = try shell("\"$0\" \(arguments) 2>&-")
        #expect(result.status < 128, "signal \(result.status - 128)")
    }

    @Test("a scenario title with ESC in it is refused, its line named, nothing raw echoed")
    func escapeInScenario() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("esc-scenario-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "title: \(Self.esc)[2J\(Self.esc)]0;pwned\u{07}Clear\n".write(to: folder.appendingPathComponent("bad.scenario"),
                                                                          atomically: true, encoding: .utf8)
        let result = try infusionPrep(["train", "--scenarios", folder.path, "--list"])
        let line = expectBadInput(result)
        #expect(line.contains("bad.scenario:1") && line.contains("control character"), "\(line)")
        #expect(!result.standardError.contains(Self.esc))
    }

    @Test("a 200 MB scenario file is refused at once, without reading it")
    func hugeScenario() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("huge-scenario-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.scenario")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        // Sparse: 200 MB of NUL bytes that take no room.
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 200_000_000)
        try handle.close()
        let clock = ContinuousClock()
        let started = clock.now
        let result = try infusionPrep(["train", "--scenarios", folder.path, "--list"])
        #expect(clock.now - started < .seconds(5))
        let line = expectBadInput(result)
        #expect(line.contains("larger than"))
        #expect(line.count < 400)
    }
}

import Foundation
import TestSupport
import Testing

/// The answers, one a line, that walk the plain front end through the reference
/// preparation: Begin; 70 kg; at least 2 years, not a first infusion, no history; every
/// 2 weeks; 60 units/kg; the exact dose; the six reconstitution items; then the defaults
/// (time, final volume, duration) and Confirm.
let plainReferenceScript = ["", "70", "y", "n", "n", "n", "4", "60", "1",
                            "y", "y", "y", "y", "y", "y", "", "", ""].joined(separator: "\n") + "\n"

@Suite("End to end without a terminal (plain front end)", .serialized)
struct PlainEndToEndTests {
    /// The plan that `infusion-prep plan` prints for the same order.
    func planCommandLines(_ sandbox: Sandbox) throws -> [String] {
        let plan = try runInfusionPrep(["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
                                       sandbox: sandbox)
        #expect(plan.status == 0, "plan: \(plan.standardError)")
        return plan.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
    }

    @Test("--plain with scripted answers ends with the rows `plan` prints (Times in place of Storage)")
    func plainMatchesPlan() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["--plain"], input: plainReferenceScript, sandbox: sandbox,
                                         environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "stderr: \(result.standardError)\nstdout: \(result.standardOutput)")
        let output = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(output.first == "InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.")
        #expect(!result.standardOutput.contains("\u{1B}"), "escape sequences in plain output")

        // The transcript ends with the summary.
        var summary = printedPlan(output)
        while summary.last == "" { summary.removeLast() }
        try #require(!summary.isEmpty, "no summary in:\n\(result.standardOutput)")
        #expect(output.reversed().drop { $0.isEmpty }.first == summary.last, "the summary is last")

        let wizardRows = planRows(summary)
        let planRowsPrinted = planRows(try planCommandLines(sandbox))
        // Times (the wizard's clock times) replace the storage sentences; the rest is shared.
        #expect(wizardRows.map(\.label).contains("Times"))
        #expect(!wizardRows.map(\.label).contains("Storage"))
        #expect(planRowsPrinted.map(\.label).contains("Storage"))
        let shared = wizardRows.filter { $0.label != "Times" }
        let expected = planRowsPrinted.filter { $0.label != "Storage" }
        #expect(shared.map(\.label) == expected.map(\.label))
        #expect(shared.map(\.lines) == expected.map(\.lines))
        for figure in ["4,200 units", "105 mL", "45 mL", "75 mL/h"] {
            #expect(summary.joined(separator: "\n").contains(figure))
        }
        let times = try #require(wizardRows.first { $0.label == "Times" })
        #expect(times.lines.first?.hasPrefix("Times       reconstituted ") == true)
        #expect(times.lines.last?.contains("infuse by ") == true)

        // A real preparation: the record is saved in $INFUSION_PREP_RECORDS.
        let files = sandbox.files(in: sandbox.records)
        #expect(files.count == 1)
        #expect(result.standardError.contains("Record saved: \(sandbox.records.path)/preparation-"))
        #expect(sandbox.files(in: sandbox.homeRecords).isEmpty)
    }

    @Test("standard input not a terminal, no --plain: the plain front end runs")
    func notATerminal() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep([], input: plainReferenceScript, sandbox: sandbox,
                                         environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(result.standardOutput.hasPrefix("InfusionPrep: imiglucerase (Cerezyme) preparation, plain mode.\n"))
        #expect(result.standardOutput.contains("== Step 1 of 8: Start =="))
        #expect(result.standardOutput.contains("== Step 8 of 8: Summary =="))
        #expect(!result.standardOutput.contains("\u{1B}"), "escape sequences without a terminal")
        #expect(result.standardOutput.contains("Drug volume 105 mL (4,200 units at 40 units/mL)"))
        #expect(sandbox.files(in: sandbox.records).count == 1)
    }

    @Test("a record is never lost because a record with the same name exists")
    func recordNameTaken() throws {
        let sandbox = try Sandbox()
        // The names the program gives records have a 1-second resolution: take the names of
        // the next 30 seconds, as a second preparation finishing in the same second would.
        try FileManager.default.createDirectory(at: sandbox.records, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let now = Date()
        var taken = Set<String>()
        for second in -1..<30 {
            let name = "preparation-\(formatter.string(from: now.addingTimeInterval(Double(second)))).txt"
            try "another preparation\n".write(to: sandbox.records.appendingPathComponent(name), atomically: true, encoding: .utf8)
            taken.insert(name)
        }
        let result = try runInfusionPrep(["--plain"], input: plainReferenceScript, sandbox: sandbox,
                                         environment: ["TZ": "UTC"])
        try #require(result.status == 0 || result.status == 1, "\(result.standardError)")
        // Nothing that was there is overwritten.
        for name in taken {
            let text = try String(contentsOf: sandbox.records.appendingPathComponent(name), encoding: .utf8)
            #expect(text == "another preparation\n", "\(name) was overwritten")
        }
        let new = sandbox.files(in: sandbox.records).filter { !taken.contains($0) }
        #expect(new.count == 1, "records: \(sandbox.files(in: sandbox.records))")
        #expect(result.standardError.contains("Record saved: "), "\(result.standardError)")
    }

    @Test("input that ends early: status 1, nothing recorded")
    func inputEndsEarly() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["--plain"], input: "\n70\n", sandbox: sandbox)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("nothing was recorded"))
        #expect(sandbox.files(in: sandbox.records).isEmpty)
    }
}

@Suite("The train command line", .serialized)
struct TrainCommandLineTests {
    @Test("train --list lists at least 12 scenarios, each with what it teaches")
    func list() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["train", "--list"], sandbox: sandbox)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count >= 12)
        let names = lines.map { String($0.prefix { $0 != " " }) }
        for name in ["standard-adult", "water-volume-trap", "weight-in-pounds", "volume-over-200-ml"] {
            #expect(names.contains(name), "\(name) not listed")
        }
        for line in lines {
            let teaches = line.drop { $0 != " " }.trimmingCharacters(in: .whitespaces)
            #expect(!teaches.isEmpty, "no description: \(line)")
        }
        #expect(Set(names).count == names.count)
    }

    @Test("train --scenario nosuch: status 2, the name in the message, nothing on standard output")
    func unknownScenario() throws {
        let sandbox = try Sandbox()
        let result = try runInfusionPrep(["train", "--scenario", "nosuch"], sandbox: sandbox)
        #expect(result.status == 2)
        #expect(result.standardError.contains("\"nosuch\""), "\(result.standardError)")
        #expect(result.standardError.contains("--list"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("train with a folder holding a malformed scenario: status 2, the file and the field named")
    func malformedScenarioFolder() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.root.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = """
            title: Custom
            teaches: A custom case.
            weight: 50
            dose: 60 units/kg
            frequency: every-2-weeks
            vials: 400
            first-infusion: no
            at-least-2-years: yes
            previous-hypersensitivity: no
            previous-alglucerase: no
            learning-point: One.

            """
        try good.write(to: folder.appendingPathComponent("custom-one.scenario"), atomically: true, encoding: .utf8)
        // Through the environment variable: the custom folder replaces the shipped one.
        let listed = try runInfusionPrep(["train", "--list"], sandbox: sandbox,
                                         environment: ["INFUSION_PREP_SCENARIOS": folder.path])
        #expect(listed.status == 0, "\(listed.standardError)")
        #expect(listed.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != " " }) } == ["custom-one"])

        try good.replacingOccurrences(of: "frequency: every-2-weeks", with: "frequency: fortnightly")
            .write(to: folder.appendingPathComponent("broken.scenario"), atomically: true, encoding: .utf8)
        let refused = try runInfusionPrep(["train", "--list", "--scenarios", folder.path], sandbox: sandbox)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("broken.scenario:5"), "\(refused.standardError)")
        #expect(refused.standardError.contains("field \"frequency\""), "\(refused.standardError)")
        #expect(refused.standardOutput.isEmpty)
    }

    @Test("train --free --seed: the same seed gives the same patient")
    func freeSeed() throws {
        let sandbox = try Sandbox()
        func firstSteps(_ seed: String) throws -> String {
            // Begin, then stop at the weight: the patient is on screen.
            let result = try runInfusionPrep(["train", "--free", "--seed", seed, "--plain"], input: "\n", sandbox: sandbox)
            #expect(result.status == 1, "\(result.standardError)")
            return result.standardOutput
        }
        let first = try firstSteps("42")
        #expect(first.contains("TRAINING | == Step 2 of 8: Patient =="), "\(first)")
        #expect(first.contains("Weight in kg (or with the unit lb, for example 154 lb) ["))
        #expect(try firstSteps("42") == first)
        #expect(sandbox.files(in: sandbox.records).isEmpty)
    }

    @Test("train --plain: every printed summary line says TRAINING, and no record is written")
    func plainTraining() throws {
        let sandbox = try Sandbox()
        // Begin; the scenario's entries as they are; the exact dose; six ticks; defaults; Confirm.
        let script = ["", "", "", "1", "y", "y", "y", "y", "y", "y", "", "", ""].joined(separator: "\n") + "\n"
        let result = try runInfusionPrep(["train", "--scenario", "standard-adult", "--plain", "--results", sandbox.results.path],
                                         input: script, sandbox: sandbox)
        #expect(result.status == 0, "stderr: \(result.standardError)\nstdout: \(result.standardOutput)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let summaryStart = try #require(lines.firstIndex { $0.hasPrefix("TRAINING | Training scenario: standard-adult") })
        for line in lines[summaryStart...] { #expect(line.hasPrefix("TRAINING | "), "\(line)") }
        #expect(lines.last?.hasPrefix("TRAINING | Results saved: ") == true)
        #expect(sandbox.files(in: sandbox.results).count == 2)
        #expect(sandbox.files(in: sandbox.records).isEmpty)
        #expect(sandbox.files(in: sandbox.homeRecords).isEmpty)
    }
}

import Foundation
import TestSupport
import Testing

/// `infusion-prep policy show|check` and `plan --policy`, through the real binary.
@Suite("policy command and plan --policy (binary)")
struct PolicyCommandTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    /// The complete example of docs/site-policy.md: tolerance 5%, vials 400 only, EU
    /// label, pharmacy setting with a 12 hour BUD, rate caps off, prefilled 100 and 250 mL
    /// bags with 10 and 20 mL overfill, flush 20 mL.
    static let example = root + "/docs/examples/policy.toml"

    static let header = "[policy]\nid = \"bench\"\nversion = \"2\"\napproved_by = \"B. Pharmacist\"\napproval_date = 2026-10-15\n"

    /// A folder with nothing in it, so that no policy is found by the lookup.
    func isolated(_ extra: [String: String] = [:]) throws -> (folder: String, environment: [String: String]) {
        let folder = NSTemporaryDirectory() + "policy-command-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var environment = ["HOME": folder, "TZ": "UTC", "XDG_CONFIG_DIRS": folder + "/system"]
        environment.merge(extra) { $1 }
        return (folder, environment)
    }

    func file(_ text: String, in folder: String, name: String = "policy.toml") throws -> String {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("policy check passes the documented example: exit 0, its id and SHA-256")
    func checkExample() throws {
        let result = try infusionPrep(["policy", "check", Self.example])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(Self.example): valid: north-infusion-suite version 4, approved by A. Pharmacist, PharmD on 2026-11-01")
        #expect(lines.last?.wholeMatch(of: #/SHA-256 [0-9a-f]{64}/#) != nil)
    }

    @Test("policy check refuses: exit 2, nothing on standard output, each problem as file:line: key: why")
    func checkRefused() throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try file(Self.header + "[rounding]\ntolerance_percent = 15\n[rate_caps]\nfirst_infusion = 0.7\nfirst_infusion = 0.4\n", in: folder)
        let result = try runProcess([infusionPrepBinary, "policy", "check", path], environment: environment)
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("error: \(path):10: rate_caps.first_infusion: not valid TOML"), "\(result.standardError)")
        let loose = try file(Self.header + "[rounding]\ntolerance_percent = 15\n[rate_caps]\nfirst_infusion = 0.7\n", in: folder, name: "loose.toml")
        let refused = try runProcess([infusionPrepBinary, "policy", "check", loose], environment: environment)
        #expect(refused.status == 2)
        let lines = refused.standardError.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("error: \(loose):7: rounding.tolerance_percent: A tolerance of 15% is above the rule book's 10%") == true)
        #expect(lines.last?.hasPrefix("error: \(loose):9: rate_caps.first_infusion: A rate cap of 0.7 units/kg/min") == true)
        let missing = try runProcess([infusionPrepBinary, "policy", "check", folder + "/none.toml"], environment: environment)
        #expect(missing.status == 2)
        #expect(missing.standardError == "error: \(folder)/none.toml: no such policy file (named by --policy).\n")
        let usage = try runProcess([infusionPrepBinary, "policy", "check"], environment: environment)
        #expect(usage.status == 2 && usage.standardOutput.isEmpty)
    }

    @Test("policy show: every value with its origin, through --policy, $INFUSION_PREP_POLICY and $XDG_CONFIG_HOME; none: built-in")
    func show() throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let builtIn = try runProcess([infusionPrepBinary, "policy", "show"], environment: environment)
        #expect(builtIn.status == 0)
        #expect(builtIn.standardOutput.hasPrefix("Policy in force: built-in defaults, not approved by a pharmacy\n"))
        #expect(builtIn.standardOutput.contains("rounding.tolerance_percent = 10"))
        let explicit = try runProcess([infusionPrepBinary, "policy", "show", "--policy", Self.example], environment: environment)
        #expect(explicit.status == 0)
        #expect(explicit.standardOutput.contains("preparation.flush_ml = 20"))
        #expect(explicit.standardOutput.split(separator: "\n").contains { $0.hasPrefix("rounding.tolerance_percent = 5 ") && $0.hasSuffix(Self.example + ":23") })
        let user = try file(Self.header + "[preparation]\nflush_ml = 10\n", in: folder + "/config/infusion-prep")
        let viaXDG = try runProcess([infusionPrepBinary, "policy", "show"], environment: environment.merging(["XDG_CONFIG_HOME": folder + "/config"]) { $1 })
        #expect(viaXDG.standardOutput.hasPrefix("Policy in force: \(user) (found through $XDG_CONFIG_HOME)\n"))
        #expect(viaXDG.standardOutput.split(separator: "\n").contains { $0.hasPrefix("preparation.flush_ml = 10 ") && $0.hasSuffix(user + ":7") })
        #expect(viaXDG.standardOutput.split(separator: "\n").contains { $0.hasPrefix("rounding.tolerance_percent = 10 ") && $0.hasSuffix("built-in default") })
        let viaEnvironment = try runProcess([infusionPrepBinary, "policy", "show"],
                                            environment: environment.merging(["XDG_CONFIG_HOME": folder + "/config", "INFUSION_PREP_POLICY": Self.example]) { $1 })
        #expect(viaEnvironment.standardOutput.hasPrefix("Policy in force: \(Self.example) (found through $INFUSION_PREP_POLICY)\n"))
        let refusedFile = try file(Self.header + "[rounding]\ntolerance_percent = 20\n", in: folder, name: "refused.toml")
        let refused = try runProcess([infusionPrepBinary, "policy", "show"], environment: environment.merging(["INFUSION_PREP_POLICY": refusedFile]) { $1 })
        #expect(refused.status == 2 && refused.standardOutput.isEmpty)
        #expect(refused.standardError.hasPrefix("error: \(refusedFile):7: rounding.tolerance_percent: A tolerance of 20%"))
        let systemFile = try file(Self.header, in: folder + "/system/infusion-prep")
        let viaSystem = try runProcess([infusionPrepBinary, "policy", "show"], environment: environment)
        #expect(viaSystem.standardOutput.hasPrefix("Policy in force: \(systemFile) (found through $XDG_CONFIG_DIRS)\n"))
    }

    /// Figures and words that only the built-in defaults give, and that a plan under the
    /// example policy must not show.
    static let defaultFigures = ["10%", "200-unit", "US label", "immediate use", "(cap 0.5", "(cap 1 ", "within 4 hours",
                                 "12 hours of reconstitution", "built-in defaults", ": add ", "empty"]

    @Test("plan under a non-standard policy shows its figures and no default figure (text and JSON)", arguments: [
        (["--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
         ["Prepared    4,000 units, rounded to whole vials from 4,200 units", "Vials       10 x 400-unit = 4,000 units",
          "Bag         final volume 150 mL from a prefilled 250 mL bag (+ 20 mL overfill)",
          "            remove and discard 220 mL, then add the 100 mL of drug", // 250 + 20 + 100 - 150
          "Pump        bag 150 mL over 120 min at 75 mL/h", "then flush 20 mL 0.9% Sodium Chloride Injection at 75 mL/h: 16 min",
          "total 136 min on the pump", "(cap 0.8 units/kg/min)", "dilute at once after reconstitution (EU label)",
          "pharmacy beyond-use limit: start within 12 hours", "Policy      north-infusion-suite version 4"]),
        (["--weight", "20", "--dose", "2.5", "--frequency", "3-per-week"],
         ["within 5% of the prescribed dose", "Vials       1 x 400-unit = 400 units; waste 350 units",
          "Bag         final volume 100 mL from a prefilled 100 mL bag (+ 10 mL overfill)",
          "            remove and discard 11.3 mL, then add the 1.3 mL of drug", // 100 + 10 + 1.3 - 100
          "then flush 20 mL 0.9% Sodium Chloride Injection at 50 mL/h: 24 min", "total 144 min on the pump"]),
    ])
    func nonStandardPlan(_ arguments: [String], _ shows: [String]) throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try runProcess([infusionPrepBinary, "plan", "--policy", Self.example] + arguments, environment: environment)
        #expect(result.status == 0, "\(result.standardError)")
        for text in shows { #expect(result.standardOutput.contains(text), "missing: \(text)\n\(result.standardOutput)") }
        for figure in Self.defaultFigures { #expect(!result.standardOutput.contains(figure), "default figure \(figure)\n\(result.standardOutput)") }
        // The same policy through $INFUSION_PREP_POLICY, as JSON.
        let json = try runProcess([infusionPrepBinary, "plan", "--json"] + arguments,
                                  environment: environment.merging(["INFUSION_PREP_POLICY": Self.example]) { $1 })
        #expect(json.status == 0)
        let object = try parseJSONObject(json.standardOutput)
        expectPlanShape(object)
        #expect(object["bag_method"] as? String == "prefilled")
        #expect(number(object["bag_size_ml"]) != nil && number(object["remove_ml"]) != nil)
        #expect(number((object["pump"] as? [String: Any])?["flush_ml"]) == 20)
        let policy = object["policy"] as? [String: Any]
        #expect(policy?["id"] as? String == "north-infusion-suite" && policy?["approval_date"] as? String == "2026-11-01")
        #expect((policy?["sha256"] as? String)?.count == 64)
        for figure in Self.defaultFigures { #expect(!json.standardOutput.contains(figure), "default figure \(figure) in JSON") }
    }

    @Test("plan's own options may only tighten a policy file; a loosening one is refused with the reason", arguments: [
        (["--tolerance", "8"], "A tolerance of 8% is above the 5% of this site's policy"),
        (["--vials", "400,200"], "200-unit vials are not on hand under this site's policy"),
        (["--stability", "us-label"], "The US label's 12 hours to dilute is longer than the EU label's"),
    ])
    func loosening(_ extra: [String], _ says: String) throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try runProcess([infusionPrepBinary] + planArguments(["--policy", Self.example] + extra), environment: environment)
        let error = expectBadInput(result)
        #expect(error.contains(says), "\(error)")
    }

    @Test("plan's tightening options apply over a policy file")
    func tightening() throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try runProcess([infusionPrepBinary] + planArguments(["--policy", Self.example, "--tolerance", "4", "--setting", "immediate-use", "--json"]),
                                    environment: environment)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try parseJSONObject(result.standardOutput)
        #expect(number(object["prepared_dose_units"]) == 4200, "4,000 is -4.8%, outside 4%")
        #expect(findingCodes(object, "info").contains("no-whole-vial-dose-within-tolerance"))
    }

    @Test("plan with a refused policy file: exit 2, one line naming the file, the line and the key")
    func refusedPolicy() throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try file(Self.header + "[preparation]\nflush_ml = 80\n", in: folder)
        let result = try runProcess([infusionPrepBinary] + planArguments(["--policy", path]), environment: environment)
        let error = expectBadInput(result)
        #expect(error.hasPrefix("error: \(path):7: preparation.flush_ml: A flush of 80 mL is outside 0 to 50 mL"))
        let viaEnvironment = try runProcess([infusionPrepBinary] + planArguments(), environment: environment.merging(["INFUSION_PREP_POLICY": path]) { $1 })
        #expect(expectBadInput(viaEnvironment).hasPrefix("error: \(path):7: preparation.flush_ml:"))
    }

    @Test("plan under the built-in defaults says so, and keeps its options as before (a tolerance above 10% warns)")
    func builtIn() throws {
        let (folder, environment) = try isolated()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try runProcess([infusionPrepBinary] + planArguments(), environment: environment)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasSuffix("Policy      built-in defaults, not approved by a pharmacy\n"))
        #expect(result.standardOutput.contains("Bag         final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection"))
        let loose = try runProcess([infusionPrepBinary] + planArguments(["--rounding", "nearest", "--tolerance", "11", "--vials", "400", "--json"]), environment: environment)
        #expect(loose.status == 0)
        #expect(findingCodes(try parseJSONObject(loose.standardOutput), "soft") == ["rounding-tolerance-above-10-percent"])
    }

    @Test("misuse of the policy command is named before parsing", arguments: [
        (["policy", "chek", "x.toml"], "unknown policy command chek; did you mean policy check?"),
        (["polcy", "show"], "unknown command polcy; did you mean policy?"),
        (["policy", "show", "--polcy", "x.toml"], "unknown option --polcy; did you mean --policy?"),
        (["policy", "show", "--policy"], "--policy needs a value."),
        (["policy", "check", "a.toml", "b.toml"], "unexpected word b.toml"),
        (["plan", "--weight", "70", "--dose", "60", "--frequency", "weekly", "--polciy", "x.toml"], "did you mean --policy?"),
        (["plan", "--weight", "70", "--dose", "60", "--frequency", "weekly", "--policy", "a.toml", "--policy", "b.toml"], "--policy is given more than once"),
    ])
    func misuse(_ arguments: [String], _ says: String) throws {
        let error = expectBadInput(try infusionPrep(arguments))
        #expect(error.contains(says), "\(error)")
    }
}

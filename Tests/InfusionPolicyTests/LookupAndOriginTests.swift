import Foundation
import InfusionCalc
@testable import InfusionPolicy
import Testing

/// Where the policy in force is found (--policy, $INFUSION_PREP_POLICY, $XDG_CONFIG_HOME,
/// $XDG_CONFIG_DIRS, else the built-in defaults), and where each value comes from.
@Suite("Policy lookup order and origins")
struct LookupAndOriginTests {
    static func policyText(id: String, tolerance: Int = 10) -> String {
        header.replacingOccurrences(of: "test-suite", with: id) + "[rounding]\ntolerance_percent = \(tolerance)\n"
    }

    @Test("the places looked at, in order; relative XDG folders are ignored; defaults /etc/xdg and ~/.config")
    func candidates() {
        #expect(PolicyLoader.candidates(explicit: "/a.toml", environment: ["INFUSION_PREP_POLICY": "/b.toml"])
                == [.init(path: "/a.toml", step: .commandLine, required: true)])
        #expect(PolicyLoader.candidates(explicit: nil, environment: ["INFUSION_PREP_POLICY": "/b.toml", "HOME": "/home/n"])
                == [.init(path: "/b.toml", step: .environment, required: true)])
        #expect(PolicyLoader.candidates(explicit: nil, environment: ["HOME": "/home/n"]).map(\.path)
                == ["/home/n/.config/infusion-prep/policy.toml", "/etc/xdg/infusion-prep/policy.toml"])
        #expect(PolicyLoader.candidates(explicit: nil, environment: ["HOME": "/home/n", "XDG_CONFIG_HOME": "/cfg/",
                                                                     "XDG_CONFIG_DIRS": "/one:relative/two:/three"]).map(\.path)
                == ["/cfg/infusion-prep/policy.toml", "/one/infusion-prep/policy.toml", "/three/infusion-prep/policy.toml"])
        #expect(PolicyLoader.candidates(explicit: nil, environment: ["HOME": "/h", "XDG_CONFIG_HOME": "relative", "INFUSION_PREP_POLICY": ""]).map(\.path)
                == ["/h/.config/infusion-prep/policy.toml", "/etc/xdg/infusion-prep/policy.toml"])
        #expect(PolicyLoader.candidates(explicit: nil, environment: [:]).map(\.step) == [.systemConfig])
    }

    @Test("each step wins over the ones after it; none found gives the built-in defaults")
    func order() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let explicit = root + "/explicit.toml", named = root + "/named.toml"
        let user = root + "/config/infusion-prep/policy.toml"
        let system1 = root + "/xdg1/infusion-prep/policy.toml", system2 = root + "/xdg2/infusion-prep/policy.toml"
        var environment = ["HOME": root + "/home", "XDG_CONFIG_HOME": root + "/config", "XDG_CONFIG_DIRS": root + "/xdg1:" + root + "/xdg2"]
        func resolved(_ explicitPath: String? = nil) throws -> LoadedPolicy {
            try PolicyLoader.resolve(explicit: explicitPath, environment: environment).get()
        }
        #expect(try resolved() == .builtIn)
        #expect(try resolved().sourceText == "built-in defaults, not approved by a pharmacy")
        try write(Self.policyText(id: "system-two"), to: system2)
        #expect(try resolved().policy.approval?.id == "system-two")
        #expect(try resolved().source == .file(path: system2, via: .systemConfig, sha256: PolicyLoader.sha256Hex(Array(Self.policyText(id: "system-two").utf8))))
        try write(Self.policyText(id: "system-one"), to: system1)
        #expect(try resolved().policy.approval?.id == "system-one")
        try write(Self.policyText(id: "user"), to: user)
        #expect(try resolved().policy.approval?.id == "user")
        try write(Self.policyText(id: "named"), to: named)
        environment["INFUSION_PREP_POLICY"] = named
        #expect(try resolved().policy.approval?.id == "named")
        #expect(try resolved().sourceText == named + " (found through $INFUSION_PREP_POLICY)")
        try write(Self.policyText(id: "explicit"), to: explicit)
        #expect(try resolved(explicit).policy.approval?.id == "explicit")
        #expect(try resolved(explicit).sourceText == explicit + " (found through --policy)")
    }

    @Test("a named file that is missing is an error, never a silent fall-back; a refused file stops the lookup")
    func missingAndRefused() throws {
        let root = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let missing = root + "/none.toml"
        let explicitError = try #require(PolicyLoader.resolve(explicit: missing, environment: [:]).failure).first
        #expect(explicitError.text == missing + ": no such policy file (named by --policy).")
        let namedError = try #require(PolicyLoader.resolve(explicit: nil, environment: ["INFUSION_PREP_POLICY": missing]).failure).first
        #expect(namedError.text == missing + ": no such policy file (named by $INFUSION_PREP_POLICY).")
        let folderError = try #require(PolicyLoader.resolve(explicit: root, environment: [:]).failure).first
        #expect(folderError.message.contains("it is a folder"))
        // A link to a file that is gone (an unmounted share) stops the lookup; a named pipe
        // is refused rather than read (it would block); a link to a real file is read.
        try FileManager.default.createDirectory(atPath: root + "/linked/infusion-prep", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/linked/infusion-prep/policy.toml", withDestinationPath: root + "/gone.toml")
        let broken = try #require(PolicyLoader.resolve(explicit: nil, environment: ["XDG_CONFIG_HOME": root + "/linked"]).failure).first
        #expect(broken.text == root + "/linked/infusion-prep/policy.toml: the policy file cannot be read: it is a link to \(root)/gone.toml, which does not exist.")
        #expect(mkfifo(root + "/pipe.toml", 0o600) == 0)
        let pipe = try #require(PolicyLoader.resolve(explicit: root + "/pipe.toml", environment: [:]).failure).first
        #expect(pipe.message.contains("it is not a regular file"))
        try write(Self.policyText(id: "linked"), to: root + "/real.toml")
        try FileManager.default.createSymbolicLink(atPath: root + "/link.toml", withDestinationPath: root + "/real.toml")
        #expect(try PolicyLoader.resolve(explicit: root + "/link.toml", environment: [:]).get().policy.approval?.id == "linked")
        // A loosening user file is refused, not skipped in favour of a system one.
        try write(Self.policyText(id: "user", tolerance: 15), to: root + "/config/infusion-prep/policy.toml")
        try write(Self.policyText(id: "system"), to: root + "/xdg/infusion-prep/policy.toml")
        let refused = try #require(PolicyLoader.resolve(explicit: nil, environment: ["XDG_CONFIG_HOME": root + "/config", "XDG_CONFIG_DIRS": root + "/xdg"]).failure).first
        #expect(refused.text.hasPrefix(root + "/config/infusion-prep/policy.toml:8: rounding.tolerance_percent: "))
    }

    @Test("every value remembers its origin: file and line, or built-in")
    func origins() throws {
        let loaded = try PolicyLoader.check(file: examplePolicyPath).get()
        #expect(loaded.origin(of: "policy.id") == .file(path: examplePolicyPath, line: 7))
        #expect(loaded.origin(of: "rounding.tolerance_percent") == .file(path: examplePolicyPath, line: 23))
        #expect(loaded.origin(of: "preparation.bag_overfill_ml.250") == .file(path: examplePolicyPath, line: 51))
        #expect(loaded.origin(of: "vials.gtins.400") == .file(path: examplePolicyPath, line: 18))
        #expect(loaded.origin(of: "rate_caps.first_infusion").text == examplePolicyPath + ":28")
        let partial = try #require(read(header + "[preparation]\nflush_ml = 20\n").success)
        #expect(partial.origin(of: "preparation.flush_ml") == .file(path: "test.toml", line: 8))
        #expect(partial.origin(of: "rounding.tolerance_percent") == .builtIn)
        #expect(partial.origin(of: "rounding.tolerance_percent").text == "built-in default")
        #expect(LoadedPolicy.builtIn.origin(of: "policy.id") == .builtIn)
    }

    @Test("inline tables, dotted keys and a sub-table before its table keep their lines, and decimals are exact")
    func writtenOtherWays() throws {
        let text = "rate_caps = { first_infusion = 0.4, later_infusion = 0.9 }\ndeadlines.setting = \"pharmacy\"\n" + header + """
            [preparation.bag_overfill_ml]
            250 = 12.5
            [preparation]
            bag_sizes_ml = [100, 250]
            flush_ml = 7.5
            [rounding]
            tolerance_percent = 0.1
            """
        let loaded = try #require(read(text + "\n").success, "\(read(text).failure?.errors.map(\.text) ?? [])")
        #expect(loaded.policy.prefilledBags.map(\.overfillML) == [.zero, Tenths(tenths: 125)])
        #expect(loaded.policy.flushML == Tenths(tenths: 75))
        #expect(loaded.policy.roundingTolerancePercent == Tenths(tenths: 1))
        #expect(loaded.policy.firstInfusionRateCap == Tenths(tenths: 4) && loaded.policy.laterInfusionRateCap == Tenths(tenths: 9))
        #expect(loaded.policy.setting == .pharmacy)
        #expect(loaded.origin(of: "rate_caps.later_infusion") == .file(path: "test.toml", line: 1))
        #expect(loaded.origin(of: "deadlines.setting") == .file(path: "test.toml", line: 2))
        #expect(loaded.origin(of: "preparation.bag_overfill_ml.250") == .file(path: "test.toml", line: 10))
        #expect(loaded.origin(of: "preparation.flush_ml") == .file(path: "test.toml", line: 13))
        #expect(loaded.origin(of: "rounding.tolerance_percent") == .file(path: "test.toml", line: 15))
        // A key of the wrong table is named with its table: rate caps written under [rounding].
        let misplaced = try #require(read(header + "[rounding]\nrate_caps = { first_infusion = 0.4 }\n").failure).first
        #expect(misplaced.text.hasPrefix("test.toml:8: rounding.rate_caps: unknown setting"))
    }

    @Test("policy show lists every setting with its value and origin")
    func show() throws {
        let loaded = try #require(read(header + "[preparation]\nflush_ml = 20\n").success)
        let lines = loaded.showLines
        #expect(lines.first == "Policy in force: test.toml (found through --policy)")
        #expect(lines.contains("  test-suite version 1, approved by T. Tester on 2026-11-01"))
        #expect(lines.contains { $0.hasPrefix("preparation.flush_ml = 20 ") && $0.hasSuffix("test.toml:8") })
        #expect(lines.contains { $0.hasPrefix("rounding.tolerance_percent = 10 ") && $0.hasSuffix("built-in default") })
        #expect(lines.contains { $0.hasPrefix("policy.id = \"test-suite\" ") && $0.hasSuffix("test.toml:2") })
        for setting in PolicySetting.allCases {
            #expect(lines.contains { $0.hasPrefix(setting.key) }, "\(setting.key) is shown")
        }
        let builtIn = LoadedPolicy.builtIn.showLines
        #expect(builtIn.first == "Policy in force: built-in defaults, not approved by a pharmacy")
        #expect(builtIn.dropFirst().allSatisfy { $0.hasSuffix("built-in default") })
    }

    @Test("the SHA-256 of the file's bytes travels with the policy")
    func sha256() throws {
        #expect(PolicyLoader.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let text = header + "[preparation]\nflush_ml = 20\n"
        let loaded = try #require(read(text).success)
        #expect(loaded.sha256 == PolicyLoader.sha256Hex(Array(text.utf8)))
        #expect(loaded.policy.approval?.fileSHA256 == loaded.sha256)
        // One byte more (a comment) is another file.
        let other = try #require(read(text + "#\n").success)
        #expect(other.sha256 != loaded.sha256)
    }
}

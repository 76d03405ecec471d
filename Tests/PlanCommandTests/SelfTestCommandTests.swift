import Foundation
import TestSupport
import Testing

/// The self-test's refusal through the real (debug) binary. The debug-only hook
/// INFUSION_PREP_DEBUG_SELF_TEST_WRONG_CASE puts one wrong value in the named case; release
/// builds do not have it (InstalledBinaryTests checks that).
@Suite("Start-up self-test (binary)")
struct SelfTestCommandTests {
    static let hook = "INFUSION_PREP_DEBUG_SELF_TEST_WRONG_CASE"

    func environment(wrongCase: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment[Self.hook] = wrongCase
        return environment
    }

    @Test("plan, train and the wizard refuse to start with exit 70 and name the case",
          arguments: [["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
                      ["train", "--list"], ["--plain"], []])
    func refusal(arguments: [String]) throws {
        for name in ["adult standard", "rounding", "flat dose, partial draw"] {
            let result = try runProcess([infusionPrepBinary] + arguments, environment: environment(wrongCase: name))
            #expect(result.status == 70, "\(arguments) \(name): \(result.standardError)")
            #expect(result.standardOutput.isEmpty, "nothing shown before the self-test: \(result.standardOutput)")
            #expect(result.standardError.hasPrefix("error: self-test failed"), "\(result.standardError)")
            #expect(result.standardError.contains("reference case \"\(name)\""), "\(result.standardError)")
            #expect(result.standardError.contains("prepared dose: got"), "\(result.standardError)")
        }
    }

    @Test("an unknown case name changes nothing: the self-test passes")
    func unknownName() throws {
        let result = try runProcess([infusionPrepBinary, "plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
                                    environment: environment(wrongCase: "no such case"))
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("--help still answers when the self-test would fail (nothing is calculated)")
    func helpWithoutSelfTest() throws {
        let result = try runProcess([infusionPrepBinary, "--help"], environment: environment(wrongCase: "rounding"))
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE"))
    }
}

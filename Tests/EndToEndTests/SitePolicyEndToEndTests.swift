// Issue 9 and 13: the site policy in the wizard and the records commands.
import Foundation
import Testing
import TestSupport

@Suite("Site policy in the wizard and the records commands")
struct SitePolicyEndToEndTests {
    /// The example policy (docs/examples/policy.toml) with its records address replaced.
    static func policy(recordsURL: String, in sandbox: Sandbox) throws -> URL {
        let example = try String(contentsOf: PostgresTestServer.repositoryRoot.appendingPathComponent("docs/examples/policy.toml"), encoding: .utf8)
        let text = example.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("url = ") ? "url = \"\(recordsURL)\"" : String($0) }.joined(separator: "\n")
        let file = sandbox.root.appendingPathComponent("policy.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("the policy's records.url is the store when neither --records nor $INFUSION_PREP_RECORDS names one")
    func recordsURLFromPolicy() throws {
        let sandbox = try Sandbox()
        let shared = sandbox.root.appendingPathComponent("suite/records.sqlite")
        let file = try Self.policy(recordsURL: shared.path, in: sandbox)
        let environment = ["INFUSION_PREP_RECORDS": "", "INFUSION_PREP_POLICY": file.path]
        // The start screen names the policy; quitting at once records nothing.
        let quit = try runInfusionPrep(["--plain"], input: "q\ny\n", sandbox: sandbox, environment: environment)
        #expect(quit.standardOutput.contains("Site policy: policy north-infusion-suite, approved"), "\(quit.standardOutput.prefix(900))")
        // The store checked at start is the policy's, not the home folder's.
        #expect(FileManager.default.fileExists(atPath: shared.path), "\(quit.standardError)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.homeRecords.path))
        let list = try runInfusionPrep(["records", "list"], sandbox: sandbox, environment: environment)
        #expect(list.status == 0, "\(list.standardError)")
        #expect(list.standardOutput.contains("No preparations recorded."))
        // --records wins over the policy.
        let other = sandbox.root.appendingPathComponent("other.sqlite")
        let named = try runInfusionPrep(["records", "verify", "--records", other.path], sandbox: sandbox, environment: environment)
        #expect(named.status == 4, "no store there: refused, not made")
        #expect(named.standardError.contains(other.path), "\(named.standardError)")
    }

    @Test("policy show never prints the password of the records address")
    func passwordNotShown() throws {
        let sandbox = try Sandbox()
        let file = try Self.policy(recordsURL: "postgres://nurse:s3cret-pw@db.example.org/records", in: sandbox)
        let show = try runInfusionPrep(["policy", "show", "--policy", file.path], sandbox: sandbox)
        #expect(show.status == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains("postgres://nurse:***@db.example.org/records"), "\(show.standardOutput)")
        #expect(!show.standardOutput.contains("s3cret") && !show.standardError.contains("s3cret"))
    }
}

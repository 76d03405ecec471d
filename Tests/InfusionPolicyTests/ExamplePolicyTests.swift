import Foundation
import InfusionCalc
@testable import InfusionPolicy
import Testing

@Suite("The example policy file (docs/examples/policy.toml)")
struct ExamplePolicyTests {
    @Test("is valid, and sets every value it writes")
    func example() throws {
        let loaded = try PolicyLoader.check(file: examplePolicyPath).get()
        let policy = loaded.policy
        #expect(policy.approval?.id == "north-infusion-suite")
        #expect(policy.approval?.version == "4")
        #expect(policy.approval?.approvalDate.text == "2026-11-01")
        #expect(policy.vialsOnHand == [400])
        #expect(policy.vialGTINs == [400: []])
        #expect(policy.rounding == .nearest && policy.roundingAllowed)
        #expect(policy.roundingTolerancePercent == Tenths(whole: 5))
        #expect(policy.roundingProtocol == "RP-12 whole-vial rounding")
        #expect(policy.rateCapEnabled && policy.firstInfusionRateCap == Tenths(tenths: 4) && policy.laterInfusionRateCap == Tenths(tenths: 8))
        #expect(policy.durationChoicesMinutes == [90, 120, 150, 180, 240])
        #expect(policy.stability == .euLabel && policy.diluteWithinMinutes == 30)
        #expect(policy.setting == .pharmacy && policy.budHours == 12)
        #expect(policy.bagMethod == .prefilled)
        #expect(policy.prefilledBags == [PrefilledBag(nominalML: Tenths(whole: 100), overfillML: Tenths(whole: 10)),
                                         PrefilledBag(nominalML: Tenths(whole: 250), overfillML: Tenths(whole: 20))])
        #expect(policy.flushML == Tenths(whole: 20))
        #expect(policy.doubleCheck == .always)
        #expect(policy.labelFormat == .zpl && policy.labelSize == .fourByTwo && policy.printerName == "infusion-suite-zebra")
        #expect(policy.recordsURL == "postgresql://records.example.org/infusion")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: examplePolicyPath)))
        #expect(loaded.sha256 == PolicyLoader.sha256Hex(bytes))
        #expect(policy.approval?.fileSHA256 == loaded.sha256)
    }

    @Test("docs/site-policy.md shows the example file as it is, and lists every setting")
    func documented() throws {
        let doc = try String(contentsOfFile: repositoryRoot + "/docs/site-policy.md", encoding: .utf8)
        let example = try String(contentsOfFile: examplePolicyPath, encoding: .utf8)
        let start = try #require(doc.range(of: "```toml\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        #expect(String(doc[start.upperBound..<end.lowerBound]) == example)
        for setting in PolicySetting.allCases {
            #expect(doc.contains("| `\(setting.key)"), "\(setting.key) is documented")
        }
    }
}

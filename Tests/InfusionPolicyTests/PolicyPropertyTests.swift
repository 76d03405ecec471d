import Foundation
import InfusionCalc
@testable import InfusionPolicy
import PropertyBased
import Testing

/// Properties of the policy reader over random files.
@Suite("Policy file properties")
struct PolicyPropertyTests {
    /// A small deterministic generator (SplitMix64), so that each seed is one file.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random policy within every limit, and its file written with random spacing,
    /// comments and blank lines, each setting either written or left to its default.
    static func randomFile(seed: Int) -> (text: String, expected: SitePolicy, lines: [String: Int]) {
        var random = SplitMix(state: UInt64(truncatingIfNeeded: seed))
        func chance() -> Bool { Bool.random(using: &random) }
        var policy = SitePolicy.standard
        var text: [String] = []
        var lines: [String: Int] = [:]
        func pad() -> String { [" ", "  ", "\t", " "].randomElement(using: &random)! }
        func blank() {
            if chance() { text.append("") }
            if chance() { text.append("# a comment = not a key") }
        }
        func key(_ section: String, _ name: String, _ value: String) {
            blank()
            text.append(name + pad() + "=" + pad() + value + (chance() ? "  # note" : ""))
            lines[section + "." + name] = text.count
        }
        text.append("[policy]")
        key("policy", "id", "\"site-\(seed)\"")
        key("policy", "version", chance() ? "\(seed % 100)" : "\"v\(seed % 7)\"")
        key("policy", "approved_by", "\"Pharmacist \(seed % 13)\"")
        let day = Int.random(in: 1...28, using: &random), month = Int.random(in: 1...12, using: &random)
        key("policy", "approval_date", "2026-\(DecimalText.padded(month, 2))-\(DecimalText.padded(day, 2))")
        policy.approval = PolicyApproval(id: "site-\(seed)", version: "", approvedBy: "Pharmacist \(seed % 13)",
                                         approvalDate: CalendarDate(year: 2026, month: month, day: day)!)

        if chance() {
            blank(); text.append("[vials]")
            let vials = [[400], [200], [400, 200], [200, 400]].randomElement(using: &random)!
            key("vials", "on_hand", "[" + vials.map(String.init).joined(separator: ", ") + "]")
            policy.vialsOnHand = Set(vials)
        }
        if chance() {
            blank(); text.append("[rounding]")
            let allowed = chance()
            key("rounding", "allowed", String(allowed))
            policy.roundingAllowed = allowed
            if allowed && chance() { key("rounding", "policy", "\"nearest\""); policy.rounding = .nearest }
            let tolerance = Int.random(in: 0...100, using: &random)
            key("rounding", "tolerance_percent", DecimalText.plain(scaled: tolerance, decimals: 1))
            policy.roundingTolerancePercent = Tenths(tenths: tolerance)
        }
        if chance() {
            blank(); text.append("[rate_caps]")
            let enabled = chance()
            key("rate_caps", "enabled", String(enabled))
            policy.rateCapEnabled = enabled
            let first = Int.random(in: 1...5, using: &random), later = Int.random(in: first...10, using: &random)
            key("rate_caps", "first_infusion", DecimalText.plain(scaled: first, decimals: 1))
            key("rate_caps", "later_infusion", DecimalText.plain(scaled: later, decimals: 1))
            policy.firstInfusionRateCap = Tenths(tenths: first)
            policy.laterInfusionRateCap = Tenths(tenths: later)
        }
        if chance() {
            blank(); text.append("[durations]")
            var offered = SitePolicy.standard.durationChoicesMinutes.filter { _ in chance() }
            if offered.isEmpty { offered = [240] }
            key("durations", "offered_minutes", "[" + offered.map(String.init).joined(separator: ",") + "]")
            let chosen = offered.randomElement(using: &random)!
            key("durations", "default_minutes", String(chosen))
            policy.durationChoicesMinutes = offered
            policy.durationDefaultMinutes = chosen
        }
        if chance() {
            blank(); text.append("[deadlines]")
            let eu = chance(), pharmacy = chance()
            key("deadlines", "stability", eu ? "\"eu-label\"" : "\"us-label\"")
            key("deadlines", "setting", pharmacy ? "\"pharmacy\"" : "\"immediate-use\"")
            policy.stability = eu ? .euLabel : .usLabel
            policy.setting = pharmacy ? .pharmacy : .immediateUse
            if eu && chance() {
                let minutes = Int.random(in: 1...720, using: &random)
                key("deadlines", "dilute_within_minutes", String(minutes)); policy.diluteWithinMinutes = minutes
            }
            if pharmacy && chance() {
                let hours = Int.random(in: 1...(eu ? 24 : 36), using: &random)
                key("deadlines", "bud_hours", String(hours)); policy.budHours = hours
            }
            let immediate = Int.random(in: 1...4, using: &random)
            key("deadlines", "immediate_use_hours", String(immediate)); policy.immediateUseHours = immediate
        }
        if chance() {
            blank(); text.append("[preparation]")
            let prefilled = chance()
            key("preparation", "bag_method", prefilled ? "\"prefilled\"" : "\"empty\"")
            policy.bagMethod = prefilled ? .prefilled : .empty
            let sizes = [[100, 250], [250], [100, 150, 250, 500], [1000, 50]].randomElement(using: &random)!
            key("preparation", "bag_sizes_ml", "[" + sizes.map(String.init).joined(separator: ", ") + "]")
            let flush = Int.random(in: 0...500, using: &random)
            key("preparation", "flush_ml", DecimalText.plain(scaled: flush, decimals: 1))
            policy.flushML = Tenths(tenths: flush)
            let check = chance()
            key("preparation", "double_check", check ? "\"always\"" : "\"off\"")
            policy.doubleCheck = check ? .always : .off
            var bags = sizes.map { PrefilledBag(nominalML: Tenths(whole: $0)) }
            blank(); text.append("[preparation.bag_overfill_ml]")
            for (index, size) in sizes.enumerated() where chance() {
                let overfill = Int.random(in: 0...(size * 5), using: &random)
                key("preparation.bag_overfill_ml", String(size), DecimalText.plain(scaled: overfill, decimals: 1))
                bags[index] = PrefilledBag(nominalML: Tenths(whole: size), overfillML: Tenths(tenths: overfill))
            }
            policy.prefilledBags = bags
        }
        if chance() {
            blank(); text.append("[label]")
            let zpl = chance()
            key("label", "format", zpl ? "\"zpl\"" : "\"text\"")
            key("label", "size", zpl ? "\"4x3\"" : "\"4x2\"")
            key("label", "printer", "\"printer-\(seed % 5)\"")
            policy.labelFormat = zpl ? .zpl : .text
            policy.labelSize = zpl ? .fourByThree : .fourByTwo
            policy.printerName = "printer-\(seed % 5)"
        }
        return (text.joined(separator: chance() ? "\n" : "\r\n") + "\n", policy, lines)
    }

    @Test("any policy within the limits, written any way, reads back as itself, each value at its line")
    func roundTrip() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...1_000_000_000)) { seed in
            let (text, expected, lines) = Self.randomFile(seed: seed)
            guard case .success(let loaded) = read(text) else {
                Issue.record("refused: \(read(text).failure?.errors.map(\.text) ?? [])\n\(text)")
                return
            }
            var policy = loaded.policy
            policy.approval?.version = ""
            policy.approval?.fileSHA256 = ""
            #expect(policy == expected, "\(text)")
            for (key, line) in lines {
                #expect(loaded.origin(of: key) == .file(path: "test.toml", line: line), "\(key)\n\(text)")
            }
        }
    }

    @Test("any change of one byte of the example is read or refused with a line and a key, never a crash")
    func mutations() async throws {
        let example = [UInt8](try Data(contentsOf: URL(fileURLWithPath: examplePolicyPath)))
        await propertyCheck(count: 600, input: Gen.int(in: 0...(example.count - 1)), Gen.int(in: 0...255)) { index, byte in
            var bytes = example
            bytes[index] = UInt8(byte)
            switch PolicyReader.read(bytes: bytes, file: "mutated.toml", sha256: "") {
            case .success(let loaded):
                #expect(loaded.policy.loosenings().isEmpty, "a policy read is always within the limits")
            case .failure(let refused):
                #expect(!refused.errors.isEmpty)
                #expect(refused.errors.allSatisfy { ($0.line ?? 0) >= 1 }, "\(refused.errors.map(\.text))")
                #expect(refused.errors.allSatisfy { ($0.line ?? 0) <= bytes.filter { $0 == 10 }.count + 1 })
            }
        }
    }
}

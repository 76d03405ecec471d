import Foundation
import InfusionCalc
import Testing

/// JSON schema 4 (`plan.json`) and section 3's rule for derived ratios, through the library.
@Suite("JSON schema 4")
struct JSONSchemaTests {
    static let version1Keys: Set<String> = [
        "weight_kg", "dose_units_per_kg", "frequency", "two_week_units_per_kg", "prescribed_dose_units",
        "prepared_dose_units", "dose_change_percent", "units_per_4_weeks", "vials", "withdrawals", "total_vials",
        "waste_units", "drug_volume_ml", "final_volume_ml", "sodium_chloride_ml", "duration_min", "rate_ml_per_h",
        "dose_rate_units_per_kg_per_min", "findings",
    ]

    func object(_ plan: PreparationPlan) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try plan.json.utf8)) as? [String: Any])
    }

    func value(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

    /// The number exactly as written in the JSON text (JSONSerialization goes through Double).
    func written(_ plan: PreparationPlan, _ key: String) -> String? {
        (try? plan.json)?.split(separator: "\n").first { $0.hasPrefix("  \"\(key)\": ") }
            .map { String($0.dropFirst(key.count + 6)).trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
    }

    /// Added by schema 3: R10, R11 and the policy in force (section 9).
    static let version3Keys: Set<String> = ["bag_method", "bag_size_ml", "bag_overfill_ml", "remove_ml", "pump", "policy"]

    /// Added by schema 4: the earliest dilute-by and start-by limits (section 5).
    static let version4Keys: Set<String> = ["dilute_by", "start_by"]

    @Test("schema_version 4; every version-1 key keeps its place; units_drawn, deadlines and cautions (2); bag, pump and policy (3); dilute_by and start_by (4)")
    func keys() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        let json = try object(plan)
        #expect(Set(json.keys) == Self.version1Keys.union(["schema_version", "units_drawn", "deadlines", "cautions"]).union(Self.version3Keys).union(Self.version4Keys))
        #expect(value(json["schema_version"]) == 4)
        // Schema 3 under the built-in defaults: an empty bag, no flush, no approved policy.
        #expect(json["bag_method"] as? String == "empty")
        #expect(json["bag_size_ml"] is NSNull && json["bag_overfill_ml"] is NSNull && json["remove_ml"] is NSNull)
        let pump = try #require(json["pump"] as? [String: Any])
        #expect(Set(pump.keys) == ["bag_ml", "bag_min", "rate_ml_per_h", "flush_ml", "flush_min", "total_min"])
        #expect(value(pump["bag_ml"]) == 150 && value(pump["bag_min"]) == 120 && value(pump["flush_ml"]) == 0)
        #expect(value(pump["flush_min"]) == 0 && value(pump["total_min"]) == 120)
        let policy = try #require(json["policy"] as? [String: Any])
        #expect(Set(policy.keys) == ["id", "version", "approved_by", "approval_date", "sha256", "description"])
        #expect(policy["id"] is NSNull && policy["sha256"] is NSNull)
        #expect(policy["description"] as? String == "built-in defaults, not approved by a pharmacy")
        #expect(value(json["units_drawn"]) == 4200)
        #expect((json["deadlines"] as? [Any])?.isEmpty == true, "no times given")
        #expect((json["cautions"] as? [Any])?.isEmpty == true)
        let withdrawals = try #require(json["withdrawals"] as? [[String: Any]])
        #expect(withdrawals.map { value($0["units_drawn"]) } == Array(repeating: 400, count: 10) + [200])
        #expect(withdrawals.allSatisfy { Set($0.keys) == ["strength_units", "withdraw_ml", "units_drawn"] })
        // Version-1 values keep their meaning.
        #expect(value(json["prescribed_dose_units"]) == 4200 && value(json["drug_volume_ml"]) == 105)
        #expect(value(json["final_volume_ml"]) == 150 && value(json["rate_ml_per_h"]) == 75)
        #expect(value(json["two_week_units_per_kg"]) == 60 && value(json["dose_rate_units_per_kg_per_min"]) == 0.5)
    }

    @Test("a partial draw: units_drawn 52 at the top and on the withdrawal")
    func partialDraw() throws {
        let plan = try validPlan(weight: "20", dose: .flat("50"), frequency: .weekly)
        let json = try object(plan)
        #expect(value(json["units_drawn"]) == 52)
        #expect(value(json["prepared_dose_units"]) == 50)
        let withdrawals = try #require(json["withdrawals"] as? [[String: Any]])
        #expect(withdrawals.count == 1)
        #expect(value(withdrawals.first?["units_drawn"]) == 52)
        #expect(value(withdrawals.first?["withdraw_ml"]) == 1.3)
        #expect(written(plan, "dose_units_per_kg") == "2.5")
    }

    @Test("deadlines: name, at and from in ISO 8601 with the offset, source, hours, description")
    func deadlines() throws {
        let zone = TimeZoneRule(identifier: "fixed", initialOffsetSeconds: 3600)
        let request = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .perKg(t("60")), frequency: .everyTwoWeeks,
                                  firstInfusion: true, reconstitutedAt: instant("2026-11-29T08:00:00Z"),
                                  dilutedAt: instant("2026-11-29T09:00:00Z"), zone: zone)
        let plan = try PreparationPlan.make(request).get()
        let json = try object(plan)
        let deadlines = try #require(json["deadlines"] as? [[String: Any]])
        #expect(deadlines.map { $0["name"] as? String } == ["start-by", "dilute-by", "start-by"])
        #expect(deadlines.map { $0["at"] as? String } == ["2026-11-29T13:00:00+01:00", "2026-11-29T21:00:00+01:00", "2026-11-30T10:00:00+01:00"])
        #expect(deadlines.map { $0["from"] as? String } == ["2026-11-29T09:00:00+01:00", "2026-11-29T09:00:00+01:00", "2026-11-29T10:00:00+01:00"])
        #expect(deadlines.map { $0["source"] as? String } == ["immediate-use", "us-label-reconstituted-vials", "label-diluted-bag"])
        #expect(deadlines.map { value($0["hours"]) } == [4, 12, 24])
        #expect(deadlines.allSatisfy { !(($0["description"] as? String) ?? "").isEmpty })
        let cautions = try #require(json["cautions"] as? [[String: Any]])
        #expect(cautions.map { $0["code"] as? String } == ["first-infusion"])
        #expect(cautions.first?["message"] as? String == Caution.firstInfusion.sentence(policy: .standard))
        // The text for people: dates with times, never "the next day".
        #expect(plan.text.contains("Start the infusion by 2026-11-29 13:00"))
        #expect(!plan.text.contains("next day"))
        // Schema 4: the earliest limit on the start, the one the text shows.
        let startBy = try #require(json["start_by"] as? [String: Any])
        #expect(startBy["at"] as? String == "2026-11-29T13:00:00+01:00" && startBy["source"] as? String == "immediate-use")
    }

    @Test("dilute_by and start_by (schema 4): the earliest limits, as the text shows them; null where there is none")
    func earliestDeadlines() throws {
        // Reconstituted at 09:30, not yet diluted: the US label allows dilution until 21:30,
        // but immediate use must start by 13:30, so the bag must be diluted by 13:30 too.
        let request = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .perKg(t("60")), frequency: .everyTwoWeeks,
                                  reconstitutedAt: instant("2026-11-29T09:30:00Z"), startAt: instant("2026-11-29T10:00:00Z"))
        let plan = try PreparationPlan.make(request).get()
        let json = try object(plan)
        let diluteBy = try #require(json["dilute_by"] as? [String: Any])
        let startBy = try #require(json["start_by"] as? [String: Any])
        #expect(diluteBy["at"] as? String == "2026-11-29T13:30:00+00:00" && diluteBy["source"] as? String == "immediate-use")
        #expect(startBy["at"] as? String == "2026-11-29T13:30:00+00:00")
        #expect(plan.text.contains("Dilute by 2026-11-29 13:30"), "the text says the same")
        // No reconstitution time: no deadline at all.
        let untimed = try object(try validPlan(weight: "70", dose: .perKg("60")))
        #expect(untimed["dilute_by"] is NSNull && untimed["start_by"] is NSNull)
    }

    struct Ratioed: Sendable, CustomTestStringConvertible {
        let numerator: Int
        let denominator: Int
        let below: [Int]
        let above: [Int]
        let expected: String
        let why: String
        var testDescription: String { "\(numerator)/\(denominator) -> \(expected) (\(why))" }
    }

    /// Limits are in whole numbers here, except the first-infusion cap, written as 1/2 via `above: [-2]`.
    @Test("derived ratios: 4 decimals, half-up, but a value beyond a limit rounded away from it", arguments: [
        Ratioed(numerator: 1_499_996, denominator: 100_000, below: [15], above: [], expected: "14.9999", why: "half-up would read 15"),
        Ratioed(numerator: 1_499_996, denominator: 100_000, below: [], above: [], expected: "15", why: "no limit: half-up"),
        Ratioed(numerator: 6_000_004, denominator: 100_000, below: [], above: [60, 240], expected: "60.0001", why: "half-up would read 60"),
        Ratioed(numerator: 24_000_001, denominator: 100_000, below: [], above: [60, 240], expected: "240.0001", why: "above 240"),
        Ratioed(numerator: 1_498_575, denominator: 100_000, below: [15], above: [], expected: "14.9857", why: "beyond 15: down, not half-up"),
        Ratioed(numerator: 1_498_575, denominator: 100_000, below: [], above: [], expected: "14.9858", why: "no limit: half-up"),
        Ratioed(numerator: 1_500_004, denominator: 100_000, below: [15], above: [], expected: "15", why: "above 15 breaks nothing"),
        Ratioed(numerator: 15, denominator: 1, below: [15], above: [60], expected: "15", why: "exactly the limit"),
        Ratioed(numerator: 1049, denominator: 70, below: [15], above: [60, 240], expected: "14.9857", why: "70 kg, 1,049 units"),
        Ratioed(numerator: 1046, denominator: 70, below: [15], above: [60, 240], expected: "14.9428", why: "14.942857: down, away from 15"),
        Ratioed(numerator: 1046, denominator: 70, below: [], above: [], expected: "14.9429", why: "no limit: half-up"),
        Ratioed(numerator: 601, denominator: 1200, below: [], above: [-2], expected: "0.5009", why: "60.1 units/kg over 120 min, first infusion"),
        Ratioed(numerator: 601, denominator: 1200, below: [], above: [], expected: "0.5008", why: "no cap: half-up"),
        Ratioed(numerator: 1, denominator: 48, below: [], above: [1], expected: "0.0208", why: "2.5 units/kg over 120 min"),
        Ratioed(numerator: 1, denominator: 2, below: [], above: [-2], expected: "0.5", why: "exactly the cap"),
    ])
    func derivedRatio(_ row: Ratioed) {
        func limit(_ whole: Int) -> Ratio { whole == -2 ? Ratio(1, 2) : Ratio(whole: whole) }
        #expect(DerivedRatio.text(Ratio(row.numerator, row.denominator), below: row.below.map(limit), above: row.above.map(limit))
                == row.expected)
    }

    @Test("the issue's finding 8: 70 kg, 1,049 units every 2 weeks: two_week_units_per_kg is not 15 beside \"below 15\"")
    func issueFindingEight() throws {
        let plan = try validPlan(weight: "70", dose: .flat("1049"))
        #expect(plan.codes.contains(.twoWeekDoseBelowRange))
        #expect(written(plan, "two_week_units_per_kg") == "14.9857")
        #expect(written(plan, "dose_units_per_kg") == "14.9857")
        #expect(written(plan, "dose_rate_units_per_kg_per_min") == "0.1249")  // 14.985714 / 120 = 0.124881
        let message = try #require(plan.findings.first { $0.code == .twoWeekDoseBelowRange }?.message)
        #expect(!message.contains("equivalent, 15 units/kg"), "\(message)")
    }

    @Test("4 decimals rounded away from the limit in a real plan: 70 kg, 1,046 units every 2 weeks; first infusion at 60.1 units/kg")
    func awayFromTheLimit() throws {
        let low = try validPlan(weight: "70", dose: .flat("1046"))
        #expect(written(low, "two_week_units_per_kg") == "14.9428", "14.942857 is below 15: rounded down, not to 14.9429")
        let fast = try validPlan(weight: "70", dose: .perKg("60.1"), firstInfusion: true)
        #expect(fast.codes.contains(.doseRateAboveCap))
        #expect(written(fast, "dose_rate_units_per_kg_per_min") == "0.5009", "0.500833 is above 0.5: rounded up")
        #expect(written(fast, "dose_units_per_kg") == "60.1")
    }
}

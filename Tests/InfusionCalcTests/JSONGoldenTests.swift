import InfusionCalc
import TestSupport
import Testing

/// `plan --json` byte for byte: golden files in `__json__` (UPDATE_GOLDEN=1 rewrites them).
/// They pin the interface's layout (one top-level key per line, nested values on the same
/// line), the key order and the exact decimals, whichever code writes them.
@Suite("Plan JSON golden files")
struct JSONGoldenTests {
    static let golden = GoldenFiles("__json__", nextTo: #filePath, what: "JSON")
    static let zone = TimeZoneRule(identifier: "Europe/Berlin", initialOffsetSeconds: 3600, initialAbbreviation: "CET")
    /// 2026-11-29 at `hour`:`minute` in Berlin (UTC+1); 1_795_910_400 is 2026-11-29T00:00:00Z.
    static func at(_ hour: Int, _ minute: Int) -> Instant { Instant(secondsSinceEpoch: 1_795_910_400 + (hour - 1) * 3600 + minute * 60) }

    /// The issue's non-standard policy: tolerance 5%, vials 400 only, EU stability, pharmacy
    /// setting with a 12 hour BUD, rate caps off, prefilled 100 and 250 mL bags with 10 and
    /// 20 mL overfill, flush 20 mL; approved, with a file hash.
    static let siteP: SitePolicy = policy(vials: [400], tolerance: "5") {
        $0.stability = .euLabel
        $0.setting = .pharmacy
        $0.budHours = 12
        $0.rateCapEnabled = false
        $0.bagMethod = .prefilled
        $0.prefilledBags = [PrefilledBag(nominalML: Tenths(whole: 100), overfillML: t("10")),
                            PrefilledBag(nominalML: Tenths(whole: 250), overfillML: t("20"))]
        $0.flushML = t("20")
        $0.approval = PolicyApproval(id: "north \"infusion\" suite", version: "4", approvedBy: "P. Müller\\Pharmacy",
                                     approvalDate: CalendarDate(year: 2026, month: 11, day: 1)!, fileSHA256: String(repeating: "3f", count: 32))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let request: PlanRequest
        let policy: SitePolicy
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Rule book section 4, adult standard case, with the times of the day.
        Case(name: "plan-adult-standard", request: PlanRequest(
            weight: WeightEntry(kilograms: Tenths(whole: 70)), dose: .perKg(Tenths(whole: 60)), frequency: .everyTwoWeeks,
            decision: .exactDose, reconstitutedAt: at(7, 19), dilutedAt: at(7, 41), startAt: at(8, 0), zone: zone),
             policy: .standard),
        // A partial draw, a first infusion (cautions), no times (no deadlines).
        Case(name: "plan-child-partial-draw", request: PlanRequest(
            weight: WeightEntry(kilograms: t("18.5")), dose: .perKg(Tenths(whole: 60)), frequency: .everyTwoWeeks,
            firstInfusion: true, decision: .exactDose,
            history: PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: false, previousAlglucerase: false)),
             policy: .standard),
        // The non-standard policy: prefilled bag, flush pump plan, pharmacy deadlines, policy object.
        Case(name: "plan-site-policy", request: PlanRequest(
            weight: WeightEntry(kilograms: t("52.5")), dose: .perKg(Tenths(whole: 40)), frequency: .everyTwoWeeks,
            decision: .exactDose, reconstitutedAt: at(7, 19), dilutedAt: at(7, 41), startAt: at(8, 0), zone: zone),
             policy: siteP),
        // A flat dose rounded to whole vials (a dose change in percent, ratios to 4 decimals).
        Case(name: "plan-flat-dose-rounded", request: PlanRequest(
            weight: WeightEntry(kilograms: t("43.7")), dose: .flat(units: 2500), frequency: .everyFourWeeks,
            decision: .wholeVialDose(units: 2400)),
             policy: policy(vials: [400, 200], rounding: .nearest, tolerance: "10")),
        // A hard stop: the volume would pass 200 mL, so there is no final volume, rate or pump plan.
        Case(name: "plan-hard-stop", request: PlanRequest(
            weight: WeightEntry(kilograms: Tenths(whole: 120)), dose: .perKg(Tenths(whole: 130)), frequency: .everyFourWeeks,
            decision: .exactDose),
             policy: .standard),
    ]

    @Test("plan --json, byte for byte", arguments: cases)
    func plan(_ row: Case) throws {
        let plan = try PreparationPlan.make(row.request, policy: row.policy).get()
        if let problem = Self.golden.problem(try plan.json + "\n", name: row.name + ".json") { Issue.record(Comment(rawValue: problem)) }
    }
}

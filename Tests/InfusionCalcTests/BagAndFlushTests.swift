import InfusionCalc
import PropertyBased
import TestSupport
import Testing

/// R10 (how the bag is made) and R11 (the flush and the pump plan). Expected figures are
/// worked by hand from the rule book's formulas (R = nominal + overfill + drug - final;
/// flush minutes = flush mL x 60 / pump rate, rounded up).
@Suite("R10 bag and R11 flush")
struct BagAndFlushTests {
    static func prefilled(_ bags: [(Int, String)], flush: String = "0") -> SitePolicy {
        policy {
            $0.bagMethod = .prefilled
            $0.prefilledBags = bags.map { PrefilledBag(nominalML: Tenths(whole: $0.0), overfillML: t($0.1)) }
            $0.flushML = t(flush)
        }
    }

    struct BagRow: Sendable, CustomTestStringConvertible {
        let name: String
        let weight: String
        let dose: OrderedDose
        let frequency: Frequency
        let bags: [Int]
        let overfills: [String]
        let finalVolume: String
        let bagSize: Int?
        let remove: String?
        let sentence: String?
        var testDescription: String { name }
    }

    @Test("R10 prefilled: the smallest listed bag at least the final volume; remove nominal + overfill + drug - final", arguments: [
        // Rule book section 4, "prefilled bag".
        BagRow(name: "reference: 70 kg, 100 and 250 mL, overfill 0", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
               bags: [100, 250], overfills: ["0", "0"], finalVolume: "150", bagSize: 250, remove: "205",
               sentence: "Remove 205 mL from the 250 mL 0.9% Sodium Chloride Injection bag and discard it, then add the 105 mL of drug: final volume 150 mL."),
        // Rule book section 4, "prefilled bag, small dose".
        BagRow(name: "reference: 20 kg low dose, 100 mL bag with 7 mL overfill", weight: "20", dose: .perKg("2.5"), frequency: .threePerWeek,
               bags: [100, 250], overfills: ["7", "0"], finalVolume: "100", bagSize: 100, remove: "8.3",
               sentence: "Remove 8.3 mL from the 100 mL 0.9% Sodium Chloride Injection bag (it holds 107 mL with its 7 mL overfill) and discard it, then add the 1.3 mL of drug: final volume 100 mL."),
        BagRow(name: "70 kg, overfill 10 and 20: 250 + 20 + 105 - 150", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
               bags: [100, 250], overfills: ["10", "20"], finalVolume: "150", bagSize: 250, remove: "225", sentence: nil),
        BagRow(name: "a bag equal to the final volume is large enough: 150 + 0 + 105 - 150", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
               bags: [150, 250], overfills: ["0", "0"], finalVolume: "150", bagSize: 150, remove: "105", sentence: nil),
        BagRow(name: "sizes listed out of order: the smallest that holds it", weight: "70", dose: .perKg("60"), frequency: .everyTwoWeeks,
               bags: [500, 250, 100], overfills: ["0", "12.5", "0"], finalVolume: "150", bagSize: 250, remove: "217.5", sentence: nil),
        BagRow(name: "200 mL final volume from a 250 mL bag with 25 mL overfill", weight: "100", dose: .perKg("60"), frequency: .everyTwoWeeks,
               bags: [100, 250], overfills: ["5", "25"], finalVolume: "200", bagSize: 250, remove: "225", sentence: nil),
        BagRow(name: "flat 50 units: 1.3 mL drug, 100 mL bag, overfill 10", weight: "20", dose: .flat("50"), frequency: .weekly,
               bags: [100], overfills: ["10"], finalVolume: "100", bagSize: 100, remove: "11.3", sentence: nil),
    ])
    func prefilledBag(_ row: BagRow) throws {
        let site = policy { site in
            site.bagMethod = .prefilled
            site.prefilledBags = zip(row.bags, row.overfills).map { PrefilledBag(nominalML: Tenths(whole: $0.0), overfillML: t($0.1)) }
        }
        let plan = try validPlan(weight: row.weight, dose: row.dose, frequency: row.frequency, policy: site)
        #expect(plan.finalVolumeML == t(row.finalVolume))
        #expect(plan.bag?.method == .prefilled)
        #expect(plan.bag?.bag?.nominalML == row.bagSize.map { Tenths(whole: $0) })
        #expect(plan.bag?.removeML == row.remove.map(t))
        #expect(plan.bag?.addML == nil)
        #expect(plan.bag?.pumpVolumeML == t(row.finalVolume), "the pump's volume to be infused is the final volume")
        if let sentence = row.sentence { #expect(plan.bag?.sentence() == sentence) }
        #expect(!plan.hasHardStop)
        // The plan's text and JSON show it.
        #expect(plan.text.contains("Bag         final volume \(row.finalVolume) mL from a prefilled \(row.bagSize.map(String.init) ?? "") mL bag"))
        #expect(plan.text.contains("            remove and discard \(Display.millilitres(t(row.remove ?? "0"))), then add the "))
        #expect(try plan.json.contains("\"bag_method\": \"prefilled\""))
        #expect(try plan.json.contains("\"remove_ml\": \(t(row.remove ?? "0"))"))
    }

    @Test("R10 empty (default): add final - drug to an empty bag; no bag size, nothing to remove; the Bag row is R7's")
    func emptyBag() throws {
        let plan = try validPlan(weight: "70", dose: .perKg("60"))
        #expect(plan.bag?.method == .empty && plan.bag?.bag == nil && plan.bag?.removeML == nil)
        #expect(plan.bag?.finalVolumeML == t("150") && plan.bag?.drugVolumeML == t("105") && plan.bag?.addML == t("45"))
        #expect(plan.bag?.sentence() == "Add 45 mL 0.9% Sodium Chloride Injection to an empty sterile bag, then the 105 mL of drug: final volume 150 mL.")
        #expect(plan.text.contains("Bag         final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection"))
        #expect(try plan.json.contains("\"bag_method\": \"empty\""))
        #expect(try plan.json.contains("\"bag_size_ml\": null"))
        #expect(try plan.json.contains("\"remove_ml\": null"))
    }

    struct NoBag: Sendable, CustomTestStringConvertible {
        let bags: [Int]
        let finalVolume: String
        let message: String
        var testDescription: String { "bags \(bags), final \(finalVolume) mL" }
    }

    @Test("R10: no listed bag large enough is a hard stop that names the size needed", arguments: [
        NoBag(bags: [100], finalVolume: "150", message: "No prefilled bag on this site's list holds the 150 mL final volume (the largest listed is 100 mL): a 0.9% Sodium Chloride Injection bag of at least 150 mL is needed. Ask the pharmacist."),
        NoBag(bags: [100, 150], finalVolume: "200", message: "No prefilled bag on this site's list holds the 200 mL final volume (the largest listed is 150 mL): a 0.9% Sodium Chloride Injection bag of at least 200 mL is needed. Ask the pharmacist."),
        NoBag(bags: [], finalVolume: "150", message: "No prefilled bag on this site's list holds the 150 mL final volume: a 0.9% Sodium Chloride Injection bag of at least 150 mL is needed. Ask the pharmacist."),
    ])
    func noBagLargeEnough(_ row: NoBag) throws {
        let site = policy { site in
            site.bagMethod = .prefilled
            site.prefilledBags = row.bags.map { PrefilledBag(nominalML: Tenths(whole: $0)) }
        }
        let plan = try validPlan(weight: "70", dose: .perKg("60"), finalVolume: t(row.finalVolume), policy: site)
        #expect(plan.bag == nil)
        #expect(plan.findings(.hard) == [.noPrefilledBagLargeEnough])
        #expect(plan.findings.first?.message == row.message)
    }

    struct FlushRow: Sendable, CustomTestStringConvertible {
        let flush: String
        let finalVolume: String
        let minutes: Int
        let rate: String
        let flushMinutes: Int
        var testDescription: String { "flush \(flush) mL after \(finalVolume) mL over \(minutes) min" }
    }

    @Test("R11: the flush runs at the bag's rate; its minutes (rounded up) are added to the time on the pump", arguments: [
        FlushRow(flush: "0", finalVolume: "150", minutes: 120, rate: "75", flushMinutes: 0),
        FlushRow(flush: "20", finalVolume: "150", minutes: 120, rate: "75", flushMinutes: 16),   // 20 x 60 / 75 = 16
        FlushRow(flush: "25", finalVolume: "150", minutes: 120, rate: "75", flushMinutes: 20),   // 25 x 60 / 75 = 20
        FlushRow(flush: "10", finalVolume: "100", minutes: 120, rate: "50", flushMinutes: 12),   // 10 x 60 / 50 = 12
        FlushRow(flush: "10", finalVolume: "150", minutes: 90, rate: "100", flushMinutes: 6),    // 10 x 60 / 100 = 6
        FlushRow(flush: "20", finalVolume: "200", minutes: 180, rate: "66.7", flushMinutes: 18), // 1200 / 66.7 = 17.99 -> 18
        FlushRow(flush: "2.5", finalVolume: "100", minutes: 60, rate: "100", flushMinutes: 2),   // 150 / 100 = 1.5 -> 2
        FlushRow(flush: "50", finalVolume: "100", minutes: 240, rate: "25", flushMinutes: 120),  // 3000 / 25 = 120
    ])
    func flush(_ row: FlushRow) throws {
        let site = policy { $0.flushML = t(row.flush) }
        let pump = Rules.pumpPlan(finalVolume: t(row.finalVolume), minutes: row.minutes, rate: t(row.rate), policy: site)
        #expect(pump.bagML == t(row.finalVolume) && pump.bagMinutes == row.minutes && pump.rateMLPerHour == t(row.rate))
        #expect(pump.flushML == t(row.flush))
        #expect(pump.flushMinutes == row.flushMinutes)
        #expect(pump.totalMinutes == row.minutes + row.flushMinutes)
        #expect(pump.hasFlush == (row.flush != "0"))
    }

    @Test("R11 in the plan: the Pump rows when flush_ml is above 0, none at 0; the priming sentence always")
    func flushInPlan() throws {
        let withFlush = try validPlan(weight: "70", dose: .perKg("60"), policy: policy { $0.flushML = t("20") })
        #expect(withFlush.pump?.lines() == ["bag 150 mL over 120 min at 75 mL/h",
                                             "then flush 20 mL 0.9% Sodium Chloride Injection at 75 mL/h: 16 min",
                                             "total 136 min on the pump"])
        #expect(withFlush.text.contains("Pump        bag 150 mL over 120 min at 75 mL/h"))
        #expect(withFlush.text.contains("            total 136 min on the pump"))
        #expect(try withFlush.json.contains("\"pump\": {\"bag_ml\": 150, \"bag_min\": 120, \"rate_ml_per_h\": 75, \"flush_ml\": 20, \"flush_min\": 16, \"total_min\": 136}"))
        let without = try validPlan(weight: "70", dose: .perKg("60"))
        #expect(without.pump?.lines() == ["bag 150 mL over 120 min at 75 mL/h"])
        #expect(!without.text.contains("Pump"))
        #expect(Rules.primingSentence() == "Prime the infusion set and the in-line, low protein-binding, 0.2 micron filter with 0.9% Sodium Chloride Injection before the drug.")
        #expect(withFlush.bagAndPumpSentences.priming == without.bagAndPumpSentences.priming)
    }

    @Test("R10 property: the bag holds exactly the final volume after the removal and the drug; it is the smallest that can")
    func bagProperty() async {
        await propertyCheck(count: 800, input: Gen.int(in: 0...2000), Gen.int(in: 100...200), Gen.int(in: 0...3), Gen.int(in: 0...500)) { drugTenths, final, sizeSet, overfill in
            let sizes = [[100, 250], [50, 100, 150, 200, 250], [250, 500], [100]][sizeSet]
            let finalVolume = Tenths(whole: final)
            let drug = Tenths(tenths: min(drugTenths, finalVolume.count))
            var site = SitePolicy.standard
            site.bagMethod = .prefilled
            site.prefilledBags = sizes.map { PrefilledBag(nominalML: Tenths(whole: $0), overfillML: Tenths(tenths: overfill % ($0 * 5 + 1))) }
            switch Rules.bag(finalVolume: finalVolume, drugVolume: drug, policy: site) {
            case .success(let made):
                guard let bag = made.bag, let remove = made.removeML else { Issue.record("no bag"); return }
                #expect(bag.holdsML - remove + drug == finalVolume, "what stays plus the drug is the final volume")
                #expect(remove >= drug && remove <= bag.holdsML)
                #expect(bag.nominalML >= finalVolume)
                #expect(!site.prefilledBags.contains { $0.nominalML >= finalVolume && $0.nominalML < bag.nominalML })
            case .failure(let problem):
                #expect(sizes.allSatisfy { Tenths(whole: $0) < finalVolume })
                #expect(problem.neededML == finalVolume)
            }
        }
    }

    @Test("R11 property: the flush minutes are the fewest whole minutes in which the pump delivers the flush")
    func flushProperty() async {
        await propertyCheck(count: 800, input: Gen.int(in: 0...500), Gen.int(in: 1...4000), Gen.int(in: 1...1440)) { flushTenths, rateTenths, minutes in
            var site = SitePolicy.standard
            site.flushML = Tenths(tenths: flushTenths)
            let pump = Rules.pumpPlan(finalVolume: Tenths(whole: 150), minutes: minutes, rate: Tenths(tenths: rateTenths), policy: site)
            // Delivered in m minutes at r mL/h: r x m / 60 mL, compared in tenths x 60.
            #expect(rateTenths * pump.flushMinutes >= flushTenths * 60)
            if pump.flushMinutes > 0 { #expect(rateTenths * (pump.flushMinutes - 1) < flushTenths * 60) }
            #expect(pump.totalMinutes == minutes + pump.flushMinutes)
        }
    }
}

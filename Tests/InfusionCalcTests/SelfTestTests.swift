import InfusionCalc
import Testing

/// The start-up self-test's table and comparison (the binary's refusal is tested in
/// PlanCommandTests/SelfTestCommandTests.swift).
@Suite("Start-up self-test (library)")
struct SelfTestTests {
    @Test("the shipped table holds the eight section 4 cases the engine answers and the engine matches every number")
    func shippedTablePasses() {
        #expect(ReferenceCase.ruleBookSection4.map(\.name) == [
            "adult standard", "400 only", "low dose", "too much volume", "rounding", "flat dose, partial draw",
            "prefilled bag", "prefilled bag, small dose",
        ])
        #expect(SelfTest.run().isEmpty, "\(SelfTest.run())")
        #expect(SelfTest.exitStatus == 70)
    }

    /// The shipped table with one expected number changed in one case.
    static let mutations: [(String, @Sendable (inout ExpectedPlan) -> Void)] = [
        ("prescribed dose", { $0.prescribedDose += 1 }),
        ("prepared dose", { $0.preparedDose -= 1 }),
        ("vials", { $0.vials[0].count += 1 }),
        ("withdrawals", { $0.withdrawals[0].volumeML = Tenths(tenths: $0.withdrawals[0].volumeML.count + 1) }),
        ("waste", { $0.wasteUnits += 200 }),
        ("drug volume", { $0.drugVolumeML = Tenths(tenths: $0.drugVolumeML.count + 1) }),
        ("final volume", { $0.finalVolumeML = Tenths(whole: 200) }),
        ("sodium chloride", { $0.sodiumChlorideML = nil }),
        ("duration", { $0.durationMinutes = 90 }),
        ("pump rate", { $0.pumpRateMLPerHour = Tenths(whole: 1) }),
        ("prescribed per 4 weeks", { $0.prescribedPerFourWeeks += 1 }),
        ("prepared per 4 weeks", { $0.preparedPerFourWeeks -= 1 }),
        ("two-week equivalent", { $0.twoWeekEquivalent = Ratio(whole: 16) }),
        ("hard stops", { $0.hardStops = [.drugVolumeAboveMaximum] }),
        ("finding", { $0.present = [.previousHypersensitivity] }),
        ("bag", { $0.bag = ExpectedBag(sizeML: Tenths(whole: 100), removeML: Tenths(tenths: 1)) }),
    ]

    @Test("one wrong value in one case: that case, and only it, is named with the number", arguments: 0..<16)
    func oneWrongValue(mutation: Int) throws {
        let (what, change) = Self.mutations[mutation]
        for index in ReferenceCase.ruleBookSection4.indices {
            var table = ReferenceCase.ruleBookSection4
            change(&table[index].expected)
            // (Setting what a case already has, like no sodium chloride at 210 mL, is no change.)
            if table[index].expected == ReferenceCase.ruleBookSection4[index].expected { continue }
            let failures = SelfTest.run(table)
            let name = table[index].name
            try #require(failures.count == 1, "\(what) in \(name): \(failures)")
            #expect(failures[0].caseName == name)
            #expect(failures[0].differences.count == 1, "\(failures[0].differences)")
            #expect(failures[0].differences.first?.hasPrefix(what) == true, "\(failures[0].differences)")
            let message = SelfTest.message(for: failures)
            #expect(message.contains("reference case \"\(name)\""), "\(message)")
            #expect(message.contains("will not start"), "\(message)")
        }
    }

    @Test("the message gives the value found and the value expected")
    func messageGivesBothValues() throws {
        var table = ReferenceCase.ruleBookSection4
        let rounding = try #require(table.firstIndex { $0.name == "rounding" })
        table[rounding].expected.preparedDose = 4100
        let message = SelfTest.message(for: SelfTest.run(table))
        #expect(message.contains("reference case \"rounding\" (69.8 kg, 60 units/kg, every 2 weeks, vials 400 only, nearest within 10%): prepared dose: got 4,000 units, expected 4,100 units"), "\(message)")
    }

    @Test("a case the engine refuses is a failure, not a pass")
    func refusedCaseFails() {
        var table = ReferenceCase.ruleBookSection4
        // 400 units/kg every 2 weeks is above the hard maximum: no plan at all.
        table[0].request.dose = .perKg(Tenths(whole: 400))
        let failures = SelfTest.run(table)
        #expect(failures.map(\.caseName) == ["adult standard"])
        #expect(failures.first?.differences.first?.hasPrefix("no plan") == true, "\(failures)")
    }

    @Test("every failing case is named, in table order")
    func everyFailureNamed() {
        var table = ReferenceCase.ruleBookSection4
        table[1].expected.wasteUnits = 0
        table[5].expected.drugVolumeML = Tenths(whole: 2)
        #expect(SelfTest.run(table).map(\.caseName) == ["400 only", "flat dose, partial draw"])
    }
}

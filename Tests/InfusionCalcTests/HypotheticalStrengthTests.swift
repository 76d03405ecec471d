@testable import InfusionCalc
import Testing

/// R4: "A dose that needs more vials than the exact dose is never offered." With 400- and
/// 200-unit vials the neighbours never need more, so the rule is checked with strengths
/// that make it bite (a product profile is data: a later product may have them).
@Suite("R4 v2 with other strengths")
struct HypotheticalStrengthTests {
    static func strength(_ units: Int) -> VialStrength {
        VialStrength(units: units, waterML: Tenths(whole: 1), vialVolumeML: Tenths(whole: 1),
                     withdrawableML: Tenths(tenths: units / 4), marketed: true)
    }

    @Test("500- and 200-unit vials, 650 units: 700 (500 + 200, 2 vials) is offered; 600 (3 x 200) needs a third vial and is not")
    func belowNeedsMoreVials() {
        let strengths = [Self.strength(500), Self.strength(200)]
        #expect(Rules.selectVials(dose: 650, strengths: strengths).map { $0.reduce(0) { $0 + $1.count } } == 2)
        #expect(Rules.selectVials(dose: 600, strengths: strengths).map { $0.reduce(0) { $0 + $1.count } } == 3)
        #expect(Rules.wholeVialNeighbours(prescribed: 650, strengths: strengths, tolerancePercent: Tenths(whole: 10)) == [700])
        // 1,050 units: exact 500 + 3 x 200 = 1,100 (4 vials); below, 1,000 = 2 x 500 (2 vials): both offered.
        #expect(Rules.selectVials(dose: 1050, strengths: strengths).map { $0.reduce(0) { $0 + $1.count } } == 4)
        #expect(Rules.wholeVialNeighbours(prescribed: 1050, strengths: strengths, tolerancePercent: Tenths(whole: 10)) == [1000, 1100])
    }
}

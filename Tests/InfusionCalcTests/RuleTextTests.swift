@testable import InfusionCalc
import PropertyBased
import Testing

/// Issue 9: `RuleText` states each rule with the figures of the product and the policy in
/// force. One row per setting a policy may change: the sentence with the new figure is
/// there, the default's is not.
struct RuleTextCase: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout SitePolicy) -> Void
    /// Present in the help and guide lines.
    let shows: [String]
    /// Absent from them.
    let hides: [String]
    var testDescription: String { name }
}

@Suite("RuleText: help and guide sentences from the policy (issue 9)")
struct RuleTextTests {
    /// Every help and guide line of `rules`.
    static func lines(_ rules: RuleText) -> [String] {
        rules.startHelp + rules.patientHelp + rules.regimenHelp + rules.vialsHelp + rules.reconstitutionHelp
            + rules.dilutionHelp + rules.administrationHelp + rules.patientGuide + rules.regimenGuide + rules.vialsGuide
            + rules.reconstitutionGuide + rules.dilutionGuide + rules.administrationGuide
            + [rules.stockedVialsText, rules.reconstituteSentence(withVolumes: true)]
    }

    static let cases: [RuleTextCase] = [
        RuleTextCase(name: "R4 tolerance 5%", change: { $0.roundingTolerancePercent = Tenths(whole: 5) },
                     shows: ["within the site's tolerance (5%, this site's policy)"], hides: ["10%", "HOPA"]),
        RuleTextCase(name: "R4 tolerance 7.5%", change: { $0.roundingTolerancePercent = Tenths(tenths: 75) },
                     shows: ["(7.5%, this site's policy)"], hides: ["10%"]),
        RuleTextCase(name: "R4 rounding not allowed", change: { $0.roundingAllowed = false },
                     shows: ["Whole-vial rounding is not allowed by this site's policy (rule R4)", "does not allow whole-vial rounding"],
                     hides: ["within the site's tolerance", "10%"]),
        RuleTextCase(name: "400-unit vials only", change: { $0.vialsOnHand = [400] },
                     shows: ["10.2 mL per 400-unit vial (seed 000, [S5])", "Why: 10.2 mL per 400-unit vial gives 40 units/mL", "\n400 units\nReconstitute with"],
                     hides: ["200-unit", "200 units", "5.1 mL", "5.3 mL", "discontinued"]),
        RuleTextCase(name: "200-unit vials only", change: { $0.vialsOnHand = [200] },
                     shows: ["5.1 mL per 200-unit vial (seed 000, [S5])", "The 200-unit vial is listed as discontinued",
                             "Never use 5.1 mL or 5.3 mL as the volume to withdraw", "never the 5.1 mL of water"],
                     hides: ["400-unit", "10.2 mL", "10.6 mL"]),
        RuleTextCase(name: "EU stability", change: { $0.stability = .euLabel },
                     shows: ["EU label (this site's policy): dilute at once ([S10])"], hides: ["US label:", "12 hours of reconstitution"]),
        RuleTextCase(name: "US label, 8 hours to dilute", change: { $0.reconstitutedHoldHours = 8 },
                     shows: ["US label: dilute within 8 hours of reconstitution"], hides: ["12 hours"]),
        RuleTextCase(name: "pharmacy with a 12 hour beyond-use limit", change: { $0.setting = .pharmacy; $0.budHours = 12 },
                     shows: ["in the pharmacy (this site's setting) the infusion must start within 12 hours of the first reconstitution (site beyond-use limit)",
                             "in the pharmacy start within 12 hours of the first reconstitution"],
                     hides: ["immediate use", "within 4 hours", "at a bench"]),
        RuleTextCase(name: "pharmacy without a beyond-use limit", change: { $0.setting = .pharmacy },
                     shows: ["the label's stability applies, with no site beyond-use limit"], hides: ["immediate use", "within 4 hours"]),
        RuleTextCase(name: "immediate use within 3 hours", change: { $0.immediateUseHours = 3 },
                     shows: ["must start within 3 hours of the first reconstitution", "start within 3 hours of the first reconstitution and do not store the bag"],
                     hides: ["within 4 hours"]),
        RuleTextCase(name: "R8 rate caps off", change: { $0.rateCapEnabled = false },
                     shows: ["this site's policy sets no rate cap (R8).", "this site's policy sets no dose-rate cap"],
                     hides: ["0.5", "caps:", "lower rate cap", "under the cap"]),
        RuleTextCase(name: "R8 caps 0.3 and 0.8", change: { $0.firstInfusionRateCap = Tenths(tenths: 3); $0.laterInfusionRateCap = Tenths(tenths: 8) },
                     shows: ["caps: first infusions 0.3, later 0.8 units/kg/min", "(0.3 units/kg/min first, 0.8 later; [S11])"],
                     hides: ["0.5", "later 1 unit"]),
        RuleTextCase(name: "R10 prefilled bags", change: {
                         $0.bagMethod = .prefilled
                         $0.prefilledBags = [PrefilledBag(nominalML: Tenths(whole: 250), overfillML: Tenths(whole: 20)), PrefilledBag(nominalML: Tenths(whole: 100))]
                     },
                     shows: ["this site uses prefilled bags of 100 mL and 250 mL (270 mL with its overfill): the smallest that holds the final volume",
                             "a prefilled bag: remove what it holds + drug volume - final volume (R10)"],
                     hides: ["sodium chloride to add"]),
        RuleTextCase(name: "R11 flush 20 mL", change: { $0.flushML = Tenths(whole: 20) },
                     shows: ["After the bag, flush the line with 20 mL 0.9% Sodium Chloride Injection at the same rate", "then the 20 mL flush (R11)"],
                     hides: []),
        RuleTextCase(name: "R1 weight limits", change: {
                         $0.weightHardMinimumKg = Tenths(whole: 3); $0.weightHardMaximumKg = Tenths(whole: 250)
                         $0.weightSoftMinimumKg = Tenths(whole: 12); $0.weightSoftMaximumKg = Tenths(tenths: 1805)
                     },
                     shows: ["Accepted: 3 to 250 kg. Under 12 kg or over 180.5 kg gives a warning"], hides: ["300 kg", "200 kg", "10 kg"]),
        RuleTextCase(name: "R2 narrower range", change: { $0.twoWeekSoftMinimum = 30; $0.twoWeekSoftMaximum = 50; $0.twoWeekHardMaximum = 120 },
                     shows: ["This site's range (the label's initial range, narrowed by its policy) is 5 units/kg 3 times a week to 50 units/kg every 2 weeks, that is 30 to 50 units/kg per 2 weeks",
                             "Above 120 units/kg per 2 weeks", "checked against this site's 30 to 50 units/kg"],
                     hides: ["15 to 60", "Above 240", "the label's 15"]),
        RuleTextCase(name: "R2 a minimum with no exact per-infusion form", change: { $0.twoWeekSoftMinimum = 20 },
                     shows: ["is 20 to 60 units/kg per 2 weeks (seed 000)"], hides: ["3 times a week"]),
        RuleTextCase(name: "R7 final volumes", change: {
                         $0.finalVolumeMaximumML = Tenths(whole: 150); $0.finalVolumeChoicesML = [Tenths(whole: 100), Tenths(whole: 150)]
                     },
                     shows: ["Final volume 100 to 150 mL", "the smallest of 100, 150 mL above", "above 150 mL cannot be prepared", "bag 100 to 150 mL (R7)"],
                     hides: ["200 mL"]),
        RuleTextCase(name: "R8 durations", change: {
                         $0.durationHardMinimumMinutes = 90; $0.durationSoftMaximumMinutes = 180; $0.durationChoicesMinutes = [90, 120, 180]
                         $0.durationInputMaximumMinutes = 720; $0.dilutedHoldHours = 12
                     },
                     shows: ["Infuse over 90 to 180 minutes (seed 000): under 90 minutes is a STOP, over 180 minutes a warning",
                             "Offered: 90, 120, 180 min, or type another whole number up to 720 (the bag keeps 12 hours)",
                             "Infuse within 12 hours of dilution"],
                     hides: ["1 to 2 hours", "60 minutes", ", 240", "1,440", "24 hours"]),
    ]

    @Test("each policy setting shows its own figure and not the default's", arguments: cases)
    func policySetting(_ row: RuleTextCase) {
        var policy = SitePolicy.standard
        row.change(&policy)
        let text = Self.lines(RuleText(policy: policy)).joined(separator: "\n")
        for expected in row.shows { #expect(text.contains(expected), "missing: \(expected)") }
        for forbidden in row.hides {
            for line in text.split(separator: "\n") where line.contains(forbidden) {
                Issue.record("\(row.name): \"\(forbidden)\" in: \(line)")
            }
        }
    }

    @Test("the defaults: the rule book's figures with their sources")
    func defaults() {
        let text = Self.lines(RuleText()).joined(separator: "\n")
        for expected in ["(10%, HOPA)", "10.2 mL per 400-unit vial, 5.1 mL per 200-unit vial (seed 000, [S5])",
                         "The vial then holds 10.6 mL or 5.3 mL (overfill, [S6]), but the dose is drawn at 40 units/mL: 10 mL or 5 mL from a whole vial ([S8]). Never use 10.2 mL or 10.6 mL as the volume to withdraw (R6).",
                         "within 4 hours of the first reconstitution (USP <797>, secondary source); US label: dilute within 12 hours of reconstitution (seed 000); EU label: dilute at once ([S10])",
                         "caps: first infusions 0.5, later 1 unit/kg/min", "Infuse over 1 to 2 hours (seed 000)",
                         "The label's initial range is 2.5 units/kg 3 times a week to 60 units/kg every 2 weeks, that is 15 to 60 units/kg per 2 weeks"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        #expect(RuleText.poundConversion == "1 lb = 0.45359237 kg")
        #expect(!text.contains("flush"))
        #expect(!text.contains("prefilled"))
    }

    @Test("a product with another concentration and strength is stated with its own figures")
    func otherProduct() {
        let strength = VialStrength(units: 500, waterML: Tenths(tenths: 52), vialVolumeML: Tenths(tenths: 54),
                                    withdrawableML: Tenths(whole: 5), marketed: true)
        let product = ProductProfile(genericName: "examplase", brandName: "Example", strengths: [strength], unitsPerML: 100,
                                     diluent: "Sterile Water for Injection", infusionFluid: "5% Glucose Injection",
                                     filter: "in-line, 0.22 micron filter")
        var policy = SitePolicy.standard
        policy.vialsOnHand = [500]
        let rules = RuleText(policy: policy, product: product)
        let text = Self.lines(rules).joined(separator: "\n")
        for expected in ["5.2 mL per 500-unit vial", "100 units/mL", "mL x 100 (R6)", "of 5% Glucose Injection", "Use an in-line, 0.22 micron filter",
                         "prime the set and the 0.22 micron filter"] {
            #expect(text.contains(expected), "missing: \(expected)")
        }
        for forbidden in ["40 units/mL", "10.2 mL", "0.9%", "0.2 micron"] { #expect(!text.contains(forbidden), "\(forbidden)") }
        #expect(rules.filterShortName == "0.22 micron filter")
    }

    @Test("random tolerances, hours, caps and flushes: the sentences carry exactly the policy's figures")
    func randomPolicies() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...100), Gen.int(in: 1...4), Gen.int(in: 1...48),
                            Gen.int(in: 0...500), Gen.int(in: 1...10)) { toleranceTenths, immediateHours, budHours, flushTenths, capTenths in
            var policy = SitePolicy.standard
            policy.roundingTolerancePercent = Tenths(tenths: toleranceTenths)
            policy.firstInfusionRateCap = Tenths(tenths: capTenths)
            policy.flushML = Tenths(tenths: flushTenths)
            var bench = policy
            bench.immediateUseHours = immediateHours
            var pharmacy = policy
            pharmacy.setting = .pharmacy
            pharmacy.budHours = budHours
            for site in [bench, pharmacy] {
                let text = Self.lines(RuleText(policy: site)).joined(separator: "\n")
                #expect(text.contains("(\(Display.number(Tenths(tenths: toleranceTenths)))%,"))
                #expect(text.contains("first infusions \(Display.number(Tenths(tenths: capTenths))), later"))
                #expect(text.contains("flush the line with") == (flushTenths > 0))
                if flushTenths > 0 { #expect(text.contains("flush the line with \(Display.millilitres(Tenths(tenths: flushTenths))) ")) }
                let hours = site.setting == .pharmacy ? budHours : immediateHours
                #expect(text.contains("must start within \(hours) hours of the first reconstitution"))
                #expect(text.contains("immediate use") == (site.setting == .immediateUse))
            }
        }
    }
}

import InfusionCalc
import PropertyBased
import TestSupport
import Testing

/// Rule book section 9: a policy may only tighten the label and the rule book.
@Suite("Site policy limits (section 9)")
struct PolicyLimitsTests {
    @Test("the built-in defaults are the rule book's, and pass")
    func defaults() {
        let book = SitePolicy.standard
        #expect(book.loosenings().isEmpty)
        #expect(book.vialsOnHand == [400, 200] && book.vialGTINs.isEmpty)
        #expect(book.roundingAllowed && book.rounding == .none && book.roundingTolerancePercent == t("10"))
        #expect(book.rateCapEnabled && book.firstInfusionRateCap == t("0.5") && book.laterInfusionRateCap == t("1"))
        #expect(book.durationChoicesMinutes == [60, 90, 120, 150, 180, 240] && book.durationDefaultMinutes == 120)
        #expect(book.stability == .usLabel && book.setting == .immediateUse && book.budHours == nil)
        #expect(book.bagMethod == .empty && book.prefilledBags.map(\.nominalML) == [t("100"), t("250")])
        #expect(book.prefilledBags.allSatisfy { $0.overfillML == .zero })
        #expect(book.flushML == .zero && book.doubleCheck == .always)
        #expect(book.labelFormat == .text && book.labelSize == .fourByTwo && book.printerName == nil && book.recordsURL == nil)
        #expect(book.approval == nil && book.approvalText == "built-in defaults, not approved by a pharmacy")
        #expect(book.policyIDText == "built-in defaults, not approved by a pharmacy")
    }

    @Test("an approved policy is named by its id, version, approver and date")
    func approvalTexts() {
        var site = SitePolicy.standard
        site.approval = PolicyApproval(id: "north", version: "4", approvedBy: "A. Pharmacist",
                                       approvalDate: CalendarDate(year: 2026, month: 11, day: 1)!, fileSHA256: "ab")
        #expect(site.approvalText == "north version 4, approved by A. Pharmacist on 2026-11-01")
        #expect(site.policyIDText == "policy north, approved 2026-11-01")
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String
        let kind: PolicyProblem.Kind
        let change: @Sendable (inout SitePolicy) -> Void
        var testDescription: String { name }
    }

    static let gtin400 = "00312345678906" // a valid GS1 check digit, made up for the tests

    @Test("every loosening or unusable value is refused with its key and a typed reason", arguments: [
        Row(name: "tolerance above 10%", key: "rounding.tolerance_percent", kind: .loosens) { $0.roundingTolerancePercent = t("10.1") },
        Row(name: "tolerance negative", key: "rounding.tolerance_percent", kind: .outOfRange) { $0.roundingTolerancePercent = t("-1") },
        Row(name: "nearest without rounding allowed", key: "rounding.policy", kind: .inconsistent) { $0.roundingAllowed = false; $0.rounding = .nearest },
        Row(name: "empty protocol name", key: "rounding.protocol", kind: .empty) { $0.roundingProtocol = " " },
        Row(name: "protocol with a control character", key: "rounding.protocol", kind: .malformed) { $0.roundingProtocol = "RP\u{1B}[2J" },
        Row(name: "first-infusion cap above 0.5", key: "rate_caps.first_infusion", kind: .loosens) { $0.firstInfusionRateCap = t("0.6") },
        Row(name: "later cap above 1", key: "rate_caps.later_infusion", kind: .loosens) { $0.laterInfusionRateCap = t("1.1") },
        Row(name: "later cap above 1 with caps off", key: "rate_caps.later_infusion", kind: .loosens) { $0.rateCapEnabled = false; $0.laterInfusionRateCap = t("2") },
        Row(name: "cap 0", key: "rate_caps.first_infusion", kind: .outOfRange) { $0.firstInfusionRateCap = .zero },
        Row(name: "first cap above the later cap", key: "rate_caps.first_infusion", kind: .inconsistent) { $0.laterInfusionRateCap = t("0.3") },
        Row(name: "no vials", key: "vials.on_hand", kind: .empty) { $0.vialsOnHand = [] },
        Row(name: "a strength the product does not have", key: "vials.on_hand", kind: .notInProduct) { $0.vialsOnHand = [400, 300] },
        Row(name: "GTINs of a strength not in the product", key: "vials.gtins.800", kind: .notInProduct) { $0.vialGTINs = [800: [gtin400]] },
        Row(name: "GTINs of a strength not on hand", key: "vials.gtins.200", kind: .notApplicable) { $0.vialsOnHand = [400]; $0.vialGTINs = [200: [gtin400]] },
        Row(name: "GTIN of 13 digits", key: "vials.gtins.400", kind: .malformed) { $0.vialGTINs = [400: ["0031234567890"]] },
        Row(name: "GTIN with a wrong check digit", key: "vials.gtins.400", kind: .malformed) { $0.vialGTINs = [400: ["00312345678907"]] },
        Row(name: "GTIN twice", key: "vials.gtins.400", kind: .duplicate) { $0.vialGTINs = [400: [gtin400, gtin400]] },
        Row(name: "no duration offered", key: "durations.offered_minutes", kind: .empty) { $0.durationChoicesMinutes = [] },
        Row(name: "a duration outside the rule book's", key: "durations.offered_minutes", kind: .loosens) { $0.durationChoicesMinutes = [45, 120] },
        Row(name: "300 min offered", key: "durations.offered_minutes", kind: .loosens) { $0.durationChoicesMinutes = [120, 300] },
        Row(name: "a duration twice", key: "durations.offered_minutes", kind: .duplicate) { $0.durationChoicesMinutes = [120, 120] },
        Row(name: "default not offered", key: "durations.default_minutes", kind: .inconsistent) { $0.durationChoicesMinutes = [150, 180] },
        Row(name: "dilute_within_minutes under the US label", key: "deadlines.dilute_within_minutes", kind: .notApplicable) { $0.diluteWithinMinutes = 30 },
        Row(name: "dilute_within_minutes 0", key: "deadlines.dilute_within_minutes", kind: .loosens) { $0.stability = .euLabel; $0.diluteWithinMinutes = 0 },
        Row(name: "dilute_within_minutes over 12 hours", key: "deadlines.dilute_within_minutes", kind: .loosens) { $0.stability = .euLabel; $0.diluteWithinMinutes = 721 },
        Row(name: "immediate use 5 hours", key: "deadlines.immediate_use_hours", kind: .loosens) { $0.immediateUseHours = 5 },
        Row(name: "immediate use 0 hours", key: "deadlines.immediate_use_hours", kind: .loosens) { $0.immediateUseHours = 0 },
        Row(name: "bud_hours under immediate use", key: "deadlines.bud_hours", kind: .notApplicable) { $0.budHours = 2 },
        Row(name: "bud_hours 0", key: "deadlines.bud_hours", kind: .outOfRange) { $0.setting = .pharmacy; $0.budHours = 0 },
        Row(name: "bud_hours 37 under the US label (12 + 24)", key: "deadlines.bud_hours", kind: .loosens) { $0.setting = .pharmacy; $0.budHours = 37 },
        Row(name: "bud_hours 25 under the EU label (24)", key: "deadlines.bud_hours", kind: .loosens) { $0.setting = .pharmacy; $0.stability = .euLabel; $0.budHours = 25 },
        Row(name: "reconstituted hold 13 hours", key: "deadlines.stability", kind: .loosens) { $0.reconstitutedHoldHours = 13 },
        Row(name: "diluted hold 25 hours", key: "deadlines.stability", kind: .loosens) { $0.dilutedHoldHours = 25 },
        Row(name: "prefilled with no sizes", key: "preparation.bag_sizes_ml", kind: .empty) { $0.bagMethod = .prefilled; $0.prefilledBags = [] },
        Row(name: "a 40 mL bag", key: "preparation.bag_sizes_ml", kind: .outOfRange) { $0.prefilledBags = [PrefilledBag(nominalML: t("40")), PrefilledBag(nominalML: t("250"))] },
        Row(name: "a 100.5 mL bag", key: "preparation.bag_sizes_ml", kind: .outOfRange) { $0.prefilledBags = [PrefilledBag(nominalML: t("100.5"))] },
        Row(name: "a bag size twice", key: "preparation.bag_sizes_ml", kind: .duplicate) { $0.prefilledBags = [PrefilledBag(nominalML: t("100")), PrefilledBag(nominalML: t("100"))] },
        Row(name: "overfill above half the bag", key: "preparation.bag_overfill_ml.100", kind: .outOfRange) { $0.prefilledBags = [PrefilledBag(nominalML: t("100"), overfillML: t("50.1"))] },
        Row(name: "negative overfill", key: "preparation.bag_overfill_ml.250", kind: .outOfRange) { $0.prefilledBags = [PrefilledBag(nominalML: t("250"), overfillML: t("-1"))] },
        Row(name: "prefilled bags all under 100 mL", key: "preparation.bag_sizes_ml", kind: .inconsistent) { $0.bagMethod = .prefilled; $0.prefilledBags = [PrefilledBag(nominalML: t("50"))] },
        Row(name: "flush above 50 mL", key: "preparation.flush_ml", kind: .outOfRange) { $0.flushML = t("50.1") },
        Row(name: "negative flush", key: "preparation.flush_ml", kind: .outOfRange) { $0.flushML = t("-0.1") },
        Row(name: "empty printer name", key: "label.printer", kind: .empty) { $0.printerName = "" },
        Row(name: "records url with a space", key: "records.url", kind: .malformed) { $0.recordsURL = "postgres://a b" },
        Row(name: "empty records url", key: "records.url", kind: .empty) { $0.recordsURL = "" },
        Row(name: "empty policy id", key: "policy.id", kind: .empty) { $0.approval = PolicyApproval(id: "", version: "1", approvedBy: "A", approvalDate: CalendarDate(year: 2026, month: 11, day: 1)!) },
        Row(name: "approver name over 80 characters", key: "policy.approved_by", kind: .outOfRange) { $0.approval = PolicyApproval(id: "x", version: "1", approvedBy: String(repeating: "a", count: 81), approvalDate: CalendarDate(year: 2026, month: 11, day: 1)!) },
    ])
    func refused(_ row: Row) {
        var site = SitePolicy.standard
        row.change(&site)
        let problems = site.loosenings()
        #expect(problems.map(\.key) == [row.key], "\(problems.map(\.message))")
        #expect(problems.first?.kind == row.kind)
        #expect(problems.first.map { !$0.message.isEmpty } == true)
        #expect(site.checkedAgainstRuleBook().failure?.key == row.key)
    }

    @Test("tightening values pass: smaller tolerance, lower caps, fewer durations, shorter deadlines, prefilled bags, a flush")
    func tightenings() {
        var site = SitePolicy.standard
        site.vialsOnHand = [400]
        site.vialGTINs = [400: [Self.gtin400]]
        site.roundingTolerancePercent = t("5")
        site.rounding = .nearest
        site.firstInfusionRateCap = t("0.3")
        site.laterInfusionRateCap = t("0.8")
        site.durationChoicesMinutes = [120, 180]
        site.stability = .euLabel
        site.diluteWithinMinutes = 30
        site.setting = .pharmacy
        site.budHours = 12
        site.bagMethod = .prefilled
        site.prefilledBags = [PrefilledBag(nominalML: t("100"), overfillML: t("10")), PrefilledBag(nominalML: t("250"), overfillML: t("20"))]
        site.flushML = t("20")
        site.doubleCheck = .off
        site.labelFormat = .zpl
        site.labelSize = .fourByThree
        #expect(site.loosenings().isEmpty, "\(site.loosenings().map(\.message))")
    }

    struct Override: Sendable, CustomTestStringConvertible {
        let name: String
        let overrides: PolicyOverrides
        let refusedKey: String?
        var testDescription: String { name }
    }

    /// The site: 400 and 200 vials, rounding allowed at 5%, EU label, pharmacy with 12 hours.
    static let site: SitePolicy = {
        var site = SitePolicy.standard
        site.roundingTolerancePercent = Tenths(whole: 5)
        site.stability = .euLabel
        site.setting = .pharmacy
        site.budHours = 12
        return site
    }()

    @Test("a command's options override the policy only where they tighten it", arguments: [
        Override(name: "fewer vials", overrides: PolicyOverrides(vialsOnHand: [400]), refusedKey: nil),
        Override(name: "smaller tolerance", overrides: PolicyOverrides(tolerancePercent: Tenths(whole: 3)), refusedKey: nil),
        Override(name: "the same tolerance", overrides: PolicyOverrides(tolerancePercent: Tenths(whole: 5)), refusedKey: nil),
        Override(name: "larger tolerance", overrides: PolicyOverrides(tolerancePercent: Tenths(tenths: 51)), refusedKey: "rounding.tolerance_percent"),
        Override(name: "US label instead of EU", overrides: PolicyOverrides(stability: .usLabel), refusedKey: "deadlines.stability"),
        Override(name: "the EU label again", overrides: PolicyOverrides(stability: .euLabel), refusedKey: nil),
        Override(name: "immediate use instead of pharmacy", overrides: PolicyOverrides(setting: .immediateUse), refusedKey: nil),
        Override(name: "nearest where rounding is allowed", overrides: PolicyOverrides(rounding: .nearest), refusedKey: nil),
    ])
    func overrides(_ row: Override) {
        let result = Self.site.overridden(by: row.overrides)
        #expect(result.failure?.key == row.refusedKey)
        if row.refusedKey == nil, let policy = result.success {
            #expect(policy.loosenings().isEmpty)
            if let tolerance = row.overrides.tolerancePercent { #expect(policy.roundingTolerancePercent == tolerance) }
            if row.overrides.setting == .immediateUse { #expect(policy.budHours == nil) }
        }
    }

    @Test("options loosening a stricter policy are refused: more vials, nearest without rounding, pharmacy instead of immediate use")
    func looseningOverrides() {
        var strict = SitePolicy.standard
        strict.vialsOnHand = [400]
        strict.roundingAllowed = false
        #expect(strict.overridden(by: PolicyOverrides(vialsOnHand: [400, 200])).failure?.key == "vials.on_hand")
        #expect(strict.overridden(by: PolicyOverrides(rounding: .nearest)).failure?.key == "rounding.allowed")
        #expect(strict.overridden(by: PolicyOverrides(rounding: PolicyOverrides().rounding ?? RoundingPolicy.none)).failure == nil)
        #expect(strict.overridden(by: PolicyOverrides(setting: .pharmacy)).failure?.key == "deadlines.setting")
    }

    @Test("property: a tightening option never makes a valid policy loosen the rule book")
    func overrideProperty() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...100), Gen.int(in: 0...100), Gen.bool, Gen.bool) { policyTolerance, optionTolerance, eu, pharmacy in
            var site = SitePolicy.standard
            site.roundingTolerancePercent = Tenths(tenths: policyTolerance)
            site.stability = eu ? .euLabel : .usLabel
            site.setting = pharmacy ? .pharmacy : .immediateUse
            let result = site.overridden(by: PolicyOverrides(tolerancePercent: Tenths(tenths: optionTolerance), stability: .euLabel, setting: .immediateUse))
            if optionTolerance > policyTolerance {
                #expect(result.failure?.setting == .roundingTolerance)
            } else {
                #expect(result.success?.loosenings().isEmpty == true)
                #expect(result.success?.roundingTolerancePercent == Tenths(tenths: optionTolerance))
            }
        }
    }

    @Test("PolicyNumber reads tenths exactly and refuses what is not a plain decimal", arguments: [
        ("7.5", 75), ("10", 100), ("0.5", 5), ("0", 0),
    ])
    func policyNumbers(_ text: String, _ tenths: Int) {
        #expect(PolicyNumber.tenths(text).success == Tenths(tenths: tenths))
    }

    @Test("PolicyNumber refusals", arguments: ["7.55", "1e1", "-0.5", "+1", "inf", "nan", "1_0", ".5", ""])
    func policyNumberRefusals(_ text: String) {
        #expect(PolicyNumber.tenths(text).failure != nil)
    }
}

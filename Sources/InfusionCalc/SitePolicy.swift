/// Every default and limit the rules use, in one value, so that a site policy can
/// override them without touching a rule. Defaults are the rule book's.

public enum RoundingPolicy: String, Sendable, CaseIterable {
    /// Prepared dose = prescribed dose (R4 default).
    case none
    /// Nearest whole-vial dose within the tolerance (R4).
    case nearest
}

/// Which label's stability applies (rule book section 5, policy `stability`).
public enum Stability: String, Sendable, CaseIterable {
    /// US label (default): dilute within 12 hours of reconstitution; the diluted bag
    /// 24 hours at 2 to 8 degrees C, protected from light (seed 000, [S10]).
    case usLabel = "us-label"
    /// EU label: dilute at once after reconstitution; the diluted bag 24 hours at 2 to 8
    /// degrees C ([S10]).
    case euLabel = "eu-label"
}

/// Where the infusion is prepared (rule book section 5, policy `setting`).
public enum CompoundingSetting: String, Sendable, CaseIterable {
    /// A nurse at an infusion-room bench (default): start within 4 hours of the first
    /// reconstitution; the bag is not stored (USP <797> 2023 immediate use, secondary
    /// source: clinical-facts section 5).
    case immediateUse = "immediate-use"
    /// A pharmacy compounding area: the label's stability, and `budHours` when set.
    case pharmacy
}

public struct SitePolicy: Sendable, Equatable {
    /// Vial strengths (in units) on hand.
    public var vialsOnHand: Set<Int> = [400, 200]
    /// Section 6 and 9: the GTINs of the vials the site stocks, per strength in units (read
    /// from its own cartons; none shipped). A strength with no list is not checked; a
    /// scanned GTIN not in its strength's list is a hard stop.
    public var vialGTINs: [Int: [String]] = [:]
    /// R4: whether whole-vial rounding may be offered at all.
    public var roundingAllowed = true
    public var rounding: RoundingPolicy = .none
    /// R4: the site protocol that authorises a rounded dose; nil means a pharmacist's
    /// name is typed at the time.
    public var roundingProtocol: String?
    /// Whole-vial rounding tolerance, percent of the prescribed dose (R4), inclusive.
    public var roundingTolerancePercent = Tenths(whole: 10)
    /// Above this tolerance a plan that rounds carries a warning: the 10% HOPA accepts
    /// (clinical-facts 3a). The rule book sets 10% as the default, not as a limit.
    public var roundingToleranceAdvisedMaximumPercent = Tenths(whole: 10)
    /// Largest tolerance accepted at all.
    public var roundingToleranceMaximumPercent = Tenths(whole: 100)

    // R1 weight limits, kg.
    public var weightHardMinimumKg = Tenths(tenths: 20)
    public var weightHardMaximumKg = Tenths(whole: 300)
    public var weightSoftMinimumKg = Tenths(whole: 10)
    public var weightSoftMaximumKg = Tenths(whole: 200)

    // R2 two-week equivalent limits, units/kg per 2 weeks.
    public var twoWeekSoftMinimum = 15
    public var twoWeekSoftMaximum = 60
    public var twoWeekHardMaximum = 240

    // R7 final volume, mL.
    public var finalVolumeMinimumML = Tenths(whole: 100)
    public var finalVolumeMaximumML = Tenths(whole: 200)
    public var finalVolumeChoicesML: [Tenths] = [Tenths(whole: 100), Tenths(whole: 150), Tenths(whole: 200)]

    // R8 duration, minutes, and rate caps (tenths of a unit/kg/min).
    public var durationDefaultMinutes = 120
    public var durationHardMinimumMinutes = 60
    public var durationSoftMaximumMinutes = 120
    /// Durations offered for choice (R8 v2); any other whole number may be typed.
    public var durationChoicesMinutes = [60, 90, 120, 150, 180, 240]
    /// Longest duration accepted as input: the diluted bag keeps 24 hours (R9).
    public var durationInputMaximumMinutes = 24 * 60
    public var rateCapEnabled = true
    public var firstInfusionRateCap = Tenths(tenths: 5)
    public var laterInfusionRateCap = Tenths(whole: 1)

    // R9 and section 5: times and deadlines.
    public var stability: Stability = .usLabel
    /// US label: dilute within this many hours of reconstitution.
    public var reconstitutedHoldHours = 12
    /// Both labels: infuse within this many hours of dilution.
    public var dilutedHoldHours = 24
    /// EU label: a site's limit for "dilute at once", beyond which a warning; nil = none.
    public var diluteWithinMinutes: Int?
    public var setting: CompoundingSetting = .immediateUse
    /// Immediate use: start the infusion within this many hours of the first reconstitution.
    public var immediateUseHours = 4
    /// Pharmacy setting: a beyond-use limit from the first reconstitution; nil = none.
    public var budHours: Int?

    public init() {}

    public static let standard = SitePolicy()
}

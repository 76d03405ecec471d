/// Every default and limit the rules use, in one value, so that a site policy can
/// override them without touching a rule. Defaults are the rule book's.

public enum RoundingPolicy: String, Sendable, CaseIterable {
    /// Prepared dose = prescribed dose (R4 default).
    case none
    /// Nearest whole-vial dose within the tolerance (R4).
    case nearest
}

/// What the reconstituted vial's time limit is (R9).
public enum ReconstitutedStability: String, Sendable, CaseIterable {
    /// US label: dilute within 12 hours (the default).
    case usTwelveHours = "us-12-hours"
    /// EU label: dilute at once.
    case euImmediately = "eu-immediately"
}

public struct SitePolicy: Sendable, Equatable {
    /// Vial strengths (in units) on hand.
    public var vialsOnHand: Set<Int> = [400, 200]
    public var rounding: RoundingPolicy = .none
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
    /// Durations offered for choice: the label's 1 to 2 hours.
    public var durationChoicesMinutes = [60, 90, 120]
    /// Longest duration accepted as input: the diluted bag keeps 24 hours (R9).
    public var durationInputMaximumMinutes = 24 * 60
    public var rateCapEnabled = true
    public var firstInfusionRateCap = Tenths(tenths: 5)
    public var laterInfusionRateCap = Tenths(whole: 1)

    // R9 times.
    public var reconstitutedStability: ReconstitutedStability = .usTwelveHours
    public var reconstitutedHoldHours = 12
    public var dilutedHoldHours = 24

    public init() {}

    public static let standard = SitePolicy()
}

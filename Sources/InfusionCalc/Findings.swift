/// Limit findings: what a front end must show, and how firmly.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// Blocks the preparation until an input changes.
    case hard
    /// Must be acknowledged, and is kept on the record.
    case soft
    /// For information; nothing to acknowledge.
    case info

    private var rank: Int { switch self { case .hard: 0; case .soft: 1; case .info: 2 } }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The word shown to people in the status line and on records.
    public var word: String {
        switch self {
        case .hard: "STOP"
        case .soft: "WARNING"
        case .info: "NOTE"
        }
    }
}

/// Stable codes: tools and records match on these, so never rename one.
public enum FindingCode: String, Sendable, CaseIterable {
    case weightConvertedFromPounds = "weight-converted-from-lb"
    case weightBelowSoftMinimum = "weight-below-10-kg"
    case weightAboveSoftMaximum = "weight-above-200-kg"
    case ageUnderTwoYears = "age-under-2-years"
    case previousHypersensitivity = "previous-hypersensitivity"
    case previousAlglucerase = "previous-alglucerase-antibodies-or-reactions"
    case twoWeekDoseBelowRange = "two-week-dose-below-label-range"
    case twoWeekDoseAboveRange = "two-week-dose-above-label-range"
    case doseRoundedToWholeVials = "dose-rounded-to-whole-vials"
    case roundingToleranceAboveAdvised = "rounding-tolerance-above-10-percent"
    case noWholeVialDoseWithinTolerance = "no-whole-vial-dose-within-tolerance"
    case roundingNotAllowedBySite = "rounding-not-allowed-by-site"
    case discontinuedVialStrength = "vial-strength-discontinued"
    case doseTooSmallToMeasure = "dose-too-small-to-measure"
    case partialVialNotMeasurable = "partial-vial-not-measurable"
    case drugVolumeAboveMaximum = "drug-volume-above-200-ml"
    case finalVolumeBelowDrugVolume = "final-volume-below-drug-volume"
    case noSodiumChlorideToAdd = "no-sodium-chloride-to-add"
    case noPrefilledBagLargeEnough = "no-prefilled-bag-large-enough"
    case dilutedAfterDiluteBy = "diluted-after-dilute-by"
    case dilutedLaterThanSiteLimit = "diluted-later-than-site-limit"
    case startAfterStartBy = "start-after-start-by"
    case durationBelowMinimum = "duration-below-60-min"
    case durationAboveMaximum = "duration-above-120-min"
    case doseRateAboveCap = "dose-rate-above-cap"
    case vialExpired = "vial-expired"
    case vialNotInSiteList = "vial-gtin-not-in-site-list"
}

public struct Finding: Equatable, Sendable {
    public let severity: Severity
    public let code: FindingCode
    /// A sentence a nurse understands: what is wrong and what to do.
    public let message: String

    public init(_ severity: Severity, _ code: FindingCode, _ message: String) {
        self.severity = severity
        self.code = code
        self.message = message
    }
}

extension Array where Element == Finding {
    /// Hard stops first, then warnings, then notes; the order within each is kept.
    public var bySeverity: [Finding] {
        Severity.allCases.flatMap { severity in filter { $0.severity == severity } }
    }
    public var hasHardStop: Bool { contains { $0.severity == .hard } }
    /// The worst severity present, or nil when there is nothing to say.
    public var worst: Severity? { map(\.severity).min() }
}

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

/// How the bag is made (R10, policy `bag_method`).
public enum BagMethod: String, Sendable, CaseIterable {
    /// An empty sterile bag: add the sodium chloride of R7, then the drug (default).
    case empty
    /// A 0.9% Sodium Chloride Injection bag from the site's list: remove the excess, then add the drug.
    case prefilled
}

/// Whether the independent double check of section 7 is required (policy `double_check`).
public enum DoubleCheckRequirement: String, Sendable, CaseIterable {
    /// Required before the label is printed (default).
    case always
    /// Not required: the record and the label say "not double checked".
    case off
}

/// The bag label's format (section 8, policy `label.format`).
public enum LabelFormat: String, Sendable, CaseIterable {
    /// At most 12 lines of 40 characters (default).
    case text
    /// ZPL for a thermal label, with the preparation id as a Code 128 barcode.
    case zpl
}

/// The printer a label is sent to (section 8, policy `label.printer`).
public enum LabelPrinter {
    /// A CUPS queue name as `lp -d` takes it: 1 to 127 ASCII letters, digits, "-", "_" and
    /// ".", not starting with "-" (so it can never be read as an option).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 127 && name.first != "-"
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// What a printer name may be, for refusals.
    public static let accepted = "a CUPS queue name: letters, digits, \"-\", \"_\" and \".\", not starting with \"-\""
}

/// The thermal label's size in inches (section 8, policy `label.size`).
public enum LabelSize: String, Sendable, CaseIterable {
    case fourByTwo = "4x2"
    case fourByThree = "4x3"
}

/// One prefilled 0.9% Sodium Chloride Injection bag size the site stocks (R10): its
/// nominal volume and the overfill the site measured, both in mL to 0.1 mL. The bag
/// really holds nominal + overfill.
public struct PrefilledBag: Hashable, Sendable, Comparable {
    public let nominalML: Tenths
    public let overfillML: Tenths
    public init(nominalML: Tenths, overfillML: Tenths = .zero) {
        self.nominalML = nominalML
        self.overfillML = overfillML
    }
    /// What the bag really holds: nominal + overfill.
    public var holdsML: Tenths { nominalML + overfillML }
    public static func < (lhs: PrefilledBag, rhs: PrefilledBag) -> Bool { (lhs.nominalML, lhs.overfillML) < (rhs.nominalML, rhs.overfillML) }
}

/// The header of an approved site policy file (section 9): who approved which version
/// when, and the SHA-256 of the file's bytes (section 6: recorded with every preparation).
public struct PolicyApproval: Equatable, Sendable {
    /// The site's name for the policy, e.g. "north-infusion-suite".
    public var id: String
    /// The site's version of it, e.g. "4".
    public var version: String
    public var approvedBy: String
    public var approvalDate: CalendarDate
    /// Lowercase hex SHA-256 of the policy file's bytes; empty when the policy was not read from a file.
    public var fileSHA256: String
    public init(id: String, version: String, approvedBy: String, approvalDate: CalendarDate, fileSHA256: String = "") {
        self.id = id
        self.version = version
        self.approvedBy = approvedBy
        self.approvalDate = approvalDate
        self.fileSHA256 = fileSHA256
    }
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

    // R10: how the bag is made, and the prefilled bags on hand (default 100 and 250 mL, overfill 0).
    public var bagMethod: BagMethod = .empty
    public var prefilledBags: [PrefilledBag] = [PrefilledBag(nominalML: Tenths(whole: 100)), PrefilledBag(nominalML: Tenths(whole: 250))]

    /// R11: mL of 0.9% sodium chloride to flush the line with after the bag; 0 = no flush.
    public var flushML: Tenths = .zero
    /// Largest flush the program accepts (a program bound, not a clinical figure: docs/site-policy.md).
    public var flushMaximumML = Tenths(whole: 50)

    /// Section 7.
    public var doubleCheck: DoubleCheckRequirement = .always

    // Section 8: the label.
    public var labelFormat: LabelFormat = .text
    public var labelSize: LabelSize = .fourByTwo
    /// The CUPS printer the label goes to (`lp -d`); nil: the wizard writes the label to a
    /// file in the labels folder and shows it (docs/label.md).
    public var printerName: String?

    /// Where preparation records are kept (a database address); nil: the local record file.
    public var recordsURL: String?

    /// Section 9: the approved policy's header; nil for the built-in defaults (the rule
    /// book's), which no pharmacy approved.
    public var approval: PolicyApproval?

    public init() {}

    /// How the policy in force is named to people: "north-infusion-suite version 4,
    /// approved by A. Pharmacist on 2026-11-01", or "built-in defaults, not approved by a pharmacy".
    public var approvalText: String {
        guard let approval else { return SitePolicy.builtInText }
        return "\(approval.id) version \(approval.version), approved by \(approval.approvedBy) on \(approval.approvalDate.text)"
    }
    public static let builtInText = "built-in defaults, not approved by a pharmacy"

    /// The policy's id and approval date, short enough for the start screen's status:
    /// "policy north-infusion-suite, approved 2026-11-01", or the built-in defaults.
    public var policyIDText: String {
        guard let approval else { return SitePolicy.builtInText }
        return "policy \(approval.id), approved \(approval.approvalDate.text)"
    }

    public static let standard = SitePolicy()
}

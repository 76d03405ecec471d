/// Rule book section 9: a site policy may only tighten what the label and the rule book
/// allow. `SitePolicy.loosenings(product:)` finds every value that would loosen them (or
/// that cannot be used at all), each with its setting and a typed reason; a policy file
/// with any of them is refused at load. `SitePolicy.overridden(by:)` applies a command's
/// own options, which may only tighten the policy in force.

/// A setting of the site policy, named by its key in the policy file (docs/site-policy.md).
public enum PolicySetting: String, Sendable, CaseIterable {
    case id = "policy.id"
    case version = "policy.version"
    case approvedBy = "policy.approved_by"
    case approvalDate = "policy.approval_date"
    case vialsOnHand = "vials.on_hand"
    /// Per strength: `vials.gtins.400`.
    case vialGTINs = "vials.gtins"
    case roundingAllowed = "rounding.allowed"
    case roundingPolicy = "rounding.policy"
    case roundingTolerance = "rounding.tolerance_percent"
    case roundingProtocol = "rounding.protocol"
    case rateCapsEnabled = "rate_caps.enabled"
    case firstInfusionRateCap = "rate_caps.first_infusion"
    case laterInfusionRateCap = "rate_caps.later_infusion"
    case durationsOffered = "durations.offered_minutes"
    case durationDefault = "durations.default_minutes"
    case stability = "deadlines.stability"
    case diluteWithinMinutes = "deadlines.dilute_within_minutes"
    case setting = "deadlines.setting"
    case budHours = "deadlines.bud_hours"
    case immediateUseHours = "deadlines.immediate_use_hours"
    case bagMethod = "preparation.bag_method"
    case bagSizes = "preparation.bag_sizes_ml"
    /// Per bag size: `preparation.bag_overfill_ml.250`.
    case bagOverfill = "preparation.bag_overfill_ml"
    case flushML = "preparation.flush_ml"
    case doubleCheck = "preparation.double_check"
    case labelFormat = "label.format"
    case labelSize = "label.size"
    case labelPrinter = "label.printer"
    case recordsURL = "records.url"

    /// The key in the policy file.
    public var key: String { rawValue }
}

/// Why a policy value is refused.
public struct PolicyProblem: Error, Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Looser than the label or the rule book (a higher cap, a larger tolerance, a longer deadline).
        case loosens
        /// Outside the range the program accepts.
        case outOfRange
        /// A vial strength the product does not have.
        case notInProduct
        /// The same value twice.
        case duplicate
        /// A list that must hold at least one value is empty.
        case empty
        /// A value that only applies with another setting (bud_hours without the pharmacy setting).
        case notApplicable
        /// A value that is not well formed (a GTIN with a wrong check digit, a control character).
        case malformed
        /// Two settings that contradict each other.
        case inconsistent
    }
    public let setting: PolicySetting
    /// The part of a per-strength or per-size setting: "400" in `vials.gtins.400`.
    public let subkey: String?
    public let kind: Kind
    /// One sentence: the value, the limit and where the limit comes from.
    public let message: String

    public init(_ setting: PolicySetting, _ kind: Kind, _ message: String, subkey: String? = nil) {
        self.setting = setting
        self.kind = kind
        self.message = message
        self.subkey = subkey
    }

    /// The full key in the policy file: `vials.gtins.400`, `rounding.tolerance_percent`.
    public var key: String { subkey.map { setting.key + "." + $0 } ?? setting.key }
}

extension SitePolicy {
    /// Most characters a name in the policy (id, version, approver, protocol, printer) may have.
    public static let nameMaximumLength = 80

    /// Every value of this policy that loosens the label or the rule book (compared with
    /// `SitePolicy.standard`, the rule book's defaults), or that cannot be used, in the
    /// order of `PolicySetting`. Empty: the policy only tightens them.
    public func loosenings(product: ProductProfile = .imiglucerase) -> [PolicyProblem] {
        let book = SitePolicy.standard
        var out: [PolicyProblem] = []
        func refuse(_ setting: PolicySetting, _ kind: PolicyProblem.Kind, _ message: String, subkey: String? = nil) {
            out.append(PolicyProblem(setting, kind, message, subkey: subkey))
        }
        func checkName(_ setting: PolicySetting, _ text: String?, what: String, required: Bool = false) {
            guard let text else { return }
            if text.trimmingWhitespace.isEmpty {
                refuse(setting, .empty, "The \(what) is empty; write it" + (required ? " (the policy's header needs it)." : ", or leave the setting out."))
            } else if text.count > SitePolicy.nameMaximumLength {
                refuse(setting, .outOfRange, "The \(what) is longer than \(SitePolicy.nameMaximumLength) characters.")
            } else if text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                refuse(setting, .malformed, "The \(what) holds a control character.")
            } else if text.unicodeScalars.contains(where: {
                [.format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
            }) {
                // A right-to-left override or a zero-width character would make a name read
                // as another on screen and on the label; a line separator would split it.
                refuse(setting, .malformed, "The \(what) holds an invisible formatting character (a direction mark, a zero-width character or a line separator).")
            }
        }

        // Section 9: the header.
        if let approval {
            checkName(.id, approval.id, what: "policy id", required: true)
            checkName(.version, approval.version, what: "policy version", required: true)
            checkName(.approvedBy, approval.approvedBy, what: "name of who approved the policy", required: true)
        }

        // Section 1 and R5: the vials.
        let strengths = product.strengths.map(\.units)
        let strengthList = strengths.map(Display.strength).joined(separator: " and ")
        if vialsOnHand.isEmpty {
            refuse(.vialsOnHand, .empty, "No vial strength is on hand; list at least one of \(strengthList) (rule book section 1).")
        }
        for units in vialsOnHand.sorted(by: >) where !strengths.contains(units) {
            refuse(.vialsOnHand, .notInProduct, "\(Display.units(units)) is not a vial strength of \(product.genericName): only \(strengthList) vials exist (rule book section 1).")
        }
        var seenGTINs = Set<String>()
        for (units, gtins) in vialGTINs.sorted(by: { $0.key > $1.key }) {
            let subkey = String(units)
            if !strengths.contains(units) {
                refuse(.vialGTINs, .notInProduct, "\(Display.units(units)) is not a vial strength of \(product.genericName): only \(strengthList) vials exist (rule book section 1).", subkey: subkey)
                continue
            }
            if !vialsOnHand.contains(units) {
                refuse(.vialGTINs, .notApplicable, "GTINs are listed for \(Display.strength(units)) vials, which are not on hand (vials.on_hand).", subkey: subkey)
            }
            for gtin in gtins {
                if gtin.count != 14 || !gtin.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    refuse(.vialGTINs, .malformed, "GTIN \(Display.quoted(gtin)) is not 14 digits (GS1 GTIN-14, rule book section 6).", subkey: subkey)
                } else if !GS1VialCode.checkDigitIsValid(gtin) {
                    refuse(.vialGTINs, .malformed, "GTIN \(gtin) has a wrong check digit: copy it again from the carton (rule book section 6).", subkey: subkey)
                } else if seenGTINs.contains(gtin) {
                    refuse(.vialGTINs, .duplicate, "GTIN \(gtin) is listed twice.", subkey: subkey)
                }
                seenGTINs.insert(gtin)
            }
        }

        // R4: rounding.
        if roundingTolerancePercent > book.roundingTolerancePercent {
            refuse(.roundingTolerance, .loosens, "A tolerance of \(Display.number(roundingTolerancePercent))% is above the rule book's \(Display.number(book.roundingTolerancePercent))% (R4): a policy may only make it smaller.")
        } else if roundingTolerancePercent < .zero {
            refuse(.roundingTolerance, .outOfRange, "A tolerance cannot be negative (R4).")
        }
        if rounding == .nearest && !roundingAllowed {
            refuse(.roundingPolicy, .inconsistent, "Rounding policy nearest needs rounding.allowed = true (R4).")
        }
        checkName(.roundingProtocol, roundingProtocol, what: "rounding protocol's name")

        // R8: rate caps (values checked even when the caps are off, so that turning them on is safe).
        for (setting, cap, limit, which) in [(PolicySetting.firstInfusionRateCap, firstInfusionRateCap, book.firstInfusionRateCap, "first infusions"),
                                             (.laterInfusionRateCap, laterInfusionRateCap, book.laterInfusionRateCap, "later infusions")] {
            if cap > limit {
                refuse(setting, .loosens, "A rate cap of \(Display.unitsPerKgPerMinute(scaled: cap.count, decimals: 1)) for \(which) is above the label's \(Display.unitsPerKgPerMinute(scaled: limit.count, decimals: 1)) (R8): a policy may only lower it.")
            } else if cap <= .zero {
                refuse(setting, .outOfRange, "A rate cap for \(which) must be above 0 units/kg/min (R8).")
            }
        }
        if firstInfusionRateCap > .zero, firstInfusionRateCap > laterInfusionRateCap, laterInfusionRateCap > .zero,
           firstInfusionRateCap <= book.firstInfusionRateCap {
            refuse(.firstInfusionRateCap, .inconsistent, "The first-infusion cap, \(Display.unitsPerKgPerMinute(scaled: firstInfusionRateCap.count, decimals: 1)), is above the later-infusion cap, \(Display.unitsPerKgPerMinute(scaled: laterInfusionRateCap.count, decimals: 1)) (R8: first infusions run slower).")
        }

        // R8: durations offered.
        let bookChoices = book.durationChoicesMinutes.map(Display.minutes).joined(separator: ", ")
        if durationChoicesMinutes.isEmpty {
            refuse(.durationsOffered, .empty, "No duration is offered; list at least one of \(bookChoices) (R8).")
        }
        var seenDurations = Set<Int>()
        for minutes in durationChoicesMinutes {
            if !book.durationChoicesMinutes.contains(minutes) {
                refuse(.durationsOffered, .loosens, "\(Display.minutes(minutes)) is not among the rule book's durations, \(bookChoices) (R8): a policy may only offer fewer.")
            } else if seenDurations.contains(minutes) {
                refuse(.durationsOffered, .duplicate, "\(Display.minutes(minutes)) is listed twice.")
            }
            seenDurations.insert(minutes)
        }
        if !durationChoicesMinutes.isEmpty && !durationChoicesMinutes.contains(durationDefaultMinutes) {
            refuse(.durationDefault, .inconsistent, "The default duration, \(Display.minutes(durationDefaultMinutes)), is not among the durations offered (durations.offered_minutes).")
        }
        if durationDefaultMinutes < book.durationHardMinimumMinutes {
            refuse(.durationDefault, .loosens, "A default of \(Display.minutes(durationDefaultMinutes)) is shorter than the label's \(Display.minutes(book.durationHardMinimumMinutes)) (R8).")
        }

        // Section 5: deadlines.
        if let minutes = diluteWithinMinutes {
            if stability != .euLabel {
                refuse(.diluteWithinMinutes, .notApplicable, "dilute_within_minutes applies only to stability = \"eu-label\" (rule book section 5); the US label's limit is \(book.reconstitutedHoldHours) hours.")
            } else if minutes <= 0 || minutes > book.reconstitutedHoldHours * 60 {
                refuse(.diluteWithinMinutes, .loosens, "\(Display.minutes(minutes)) is outside 1 to \(Display.minutes(book.reconstitutedHoldHours * 60)): the EU label says dilute at once, and no label allows longer than \(book.reconstitutedHoldHours) hours (rule book section 5).")
            }
        }
        if immediateUseHours > book.immediateUseHours || immediateUseHours <= 0 {
            refuse(.immediateUseHours, .loosens, "Immediate use allows 1 to \(book.immediateUseHours) hours from the first reconstitution (rule book section 5); \(immediateUseHours) hours is outside.")
        }
        if reconstitutedHoldHours > book.reconstitutedHoldHours || reconstitutedHoldHours <= 0 {
            refuse(.stability, .loosens, "The reconstituted vials keep at most \(book.reconstitutedHoldHours) hours (US label, rule book section 5).")
        }
        if dilutedHoldHours > book.dilutedHoldHours || dilutedHoldHours <= 0 {
            refuse(.stability, .loosens, "The diluted bag keeps at most \(book.dilutedHoldHours) hours (rule book section 5).")
        }
        if let hours = budHours {
            let labelHours = (stability == .usLabel ? reconstitutedHoldHours : 0) + dilutedHoldHours
            if setting != .pharmacy {
                refuse(.budHours, .notApplicable, "bud_hours applies only to setting = \"pharmacy\" (rule book section 5); immediate use allows \(immediateUseHours) hours.")
            } else if hours <= 0 {
                refuse(.budHours, .outOfRange, "bud_hours must be at least 1 hour.")
            } else if hours > labelHours {
                refuse(.budHours, .loosens, "\(hours) hours is longer than the \(labelHours) hours the \(stability == .usLabel ? "US" : "EU") label's stability allows from the first reconstitution (rule book section 5): a policy may only shorten it.")
            }
        }

        // R10: bags.
        if bagMethod == .prefilled && prefilledBags.isEmpty {
            refuse(.bagSizes, .empty, "bag_method = \"prefilled\" needs at least one bag size (R10).")
        }
        var seenSizes = Set<Tenths>()
        for bag in prefilledBags {
            let subkey = bag.nominalML.description
            if bag.nominalML.count % 10 != 0 || bag.nominalML < Tenths(whole: 50) || bag.nominalML > Tenths(whole: 1000) {
                refuse(.bagSizes, .outOfRange, "A bag size of \(Display.millilitres(bag.nominalML)) is outside the whole 50 to 1,000 mL this program accepts (R10).")
            } else if seenSizes.contains(bag.nominalML) {
                refuse(.bagSizes, .duplicate, "The \(Display.millilitres(bag.nominalML)) bag is listed twice.")
            }
            seenSizes.insert(bag.nominalML)
            if bag.overfillML < .zero || bag.overfillML.count * 2 > bag.nominalML.count {
                refuse(.bagOverfill, .outOfRange, "An overfill of \(Display.millilitres(bag.overfillML)) for the \(Display.millilitres(bag.nominalML)) bag is outside 0 to half the bag (R10: the overfill the site measured).", subkey: subkey)
            }
        }
        if bagMethod == .prefilled, let largest = prefilledBags.map(\.nominalML).max(), largest < finalVolumeMinimumML {
            refuse(.bagSizes, .inconsistent, "No listed bag holds the smallest final volume, \(Display.millilitres(finalVolumeMinimumML)) (R7, R10); the largest is \(Display.millilitres(largest)).")
        }

        // R11: flush.
        if flushML < .zero || flushML > flushMaximumML {
            refuse(.flushML, .outOfRange, "A flush of \(Display.millilitres(flushML)) is outside 0 to \(Display.millilitres(flushMaximumML)) (R11; 0 = no flush).")
        }

        // Section 8: the label printer; records.
        checkName(.labelPrinter, printerName, what: "printer's name")
        if let recordsURL {
            if recordsURL.isEmpty {
                refuse(.recordsURL, .empty, "records.url is empty; write the address, or leave the setting out.")
            } else if recordsURL.count > 1000 || recordsURL.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) }) {
                refuse(.recordsURL, .malformed, "records.url holds a space or a control character, or is longer than 1,000 characters.")
            }
        }
        return out
    }

    /// This policy when it only tightens the label and the rule book, else its first loosening.
    public func checkedAgainstRuleBook(product: ProductProfile = .imiglucerase) -> Result<SitePolicy, PolicyProblem> {
        if let first = loosenings(product: product).first { return .failure(first) }
        return .success(self)
    }
}

/// A command's own options that would change the policy in force (`plan --vials` and so
/// on). Nil: not given.
public struct PolicyOverrides: Equatable, Sendable {
    public var vialsOnHand: Set<Int>?
    public var rounding: RoundingPolicy?
    public var tolerancePercent: Tenths?
    public var stability: Stability?
    public var setting: CompoundingSetting?
    public init(vialsOnHand: Set<Int>? = nil, rounding: RoundingPolicy? = nil, tolerancePercent: Tenths? = nil,
                stability: Stability? = nil, setting: CompoundingSetting? = nil) {
        self.vialsOnHand = vialsOnHand
        self.rounding = rounding
        self.tolerancePercent = tolerancePercent
        self.stability = stability
        self.setting = setting
    }
}

extension SitePolicy {
    /// This policy with `overrides` applied where they tighten it: fewer vial strengths,
    /// no rounding (or nearest only where rounding is allowed), a smaller tolerance, the EU
    /// label's "dilute at once" instead of the US label's 12 hours, immediate use instead
    /// of the pharmacy setting. An override that would loosen the policy is refused with
    /// the setting it would loosen. Section 9.
    public func overridden(by overrides: PolicyOverrides) -> Result<SitePolicy, PolicyProblem> {
        var policy = self
        let policyName = "this site's policy (\(approvalText))"
        if let vials = overrides.vialsOnHand {
            if let extra = vials.subtracting(vialsOnHand).sorted(by: >).first {
                return .failure(PolicyProblem(.vialsOnHand, .loosens, "\(Display.strength(extra)) vials are not on hand under \(policyName), which lists \(vialsOnHand.sorted(by: >).map(Display.strength).joined(separator: " and ")) only: an option may only tighten the policy."))
            }
            policy.vialsOnHand = vials
        }
        if let rounding = overrides.rounding {
            if rounding == .nearest && !roundingAllowed {
                return .failure(PolicyProblem(.roundingAllowed, .loosens, "Whole-vial rounding is not allowed by \(policyName): an option may only tighten the policy."))
            }
            policy.rounding = rounding
        }
        if let tolerance = overrides.tolerancePercent {
            if tolerance > roundingTolerancePercent {
                return .failure(PolicyProblem(.roundingTolerance, .loosens, "A tolerance of \(Display.number(tolerance))% is above the \(Display.number(roundingTolerancePercent))% of \(policyName): an option may only tighten the policy."))
            }
            policy.roundingTolerancePercent = tolerance
        }
        if let stability = overrides.stability {
            if stability == .usLabel && self.stability == .euLabel {
                return .failure(PolicyProblem(.stability, .loosens, "The US label's \(reconstitutedHoldHours) hours to dilute is longer than the EU label's \"dilute at once\" that \(policyName) sets: an option may only tighten the policy."))
            }
            policy.stability = stability
            if stability == .usLabel { policy.diluteWithinMinutes = nil }
        }
        if let setting = overrides.setting {
            if setting == .pharmacy && self.setting == .immediateUse {
                return .failure(PolicyProblem(.setting, .loosens, "The pharmacy setting allows longer than the \(immediateUseHours) hours of immediate use that \(policyName) sets: an option may only tighten the policy."))
            }
            policy.setting = setting
            if setting == .immediateUse { policy.budHours = nil }
        }
        return .success(policy)
    }
}

/// Numbers as a policy file writes them, read exactly (never through binary floating
/// point): "7.5", "10", "0.5".
public enum PolicyNumber {
    /// A non-negative decimal with at most one decimal, as tenths; else why not, in one sentence.
    public static func tenths(_ text: String) -> Result<Tenths, Problem> {
        switch NumberReader.read(text, maxDecimals: 1, maxIntegerDigits: 6) {
        case .success(let count): return .success(Tenths(tenths: count))
        case .failure(let problem):
            return .failure(Problem(sentence: problem.sentence(for: text, unit: "").replacingDoubleSpaces
                + " Write a plain decimal with at most one decimal, for example 7.5."))
        }
    }

    public struct Problem: Error, Equatable, Sendable {
        public let sentence: String
    }
}

extension String {
    fileprivate var replacingDoubleSpaces: String {
        var out = ""
        for character in self where !(character == " " && out.last == " ") { out.append(character) }
        return out
    }
}

/// What a person enters, parsed and checked against the hard limits of R1 and R2.
/// Every parser is total: it returns a value or an `InputError` whose message says what
/// is accepted.

/// Which field an input error belongs to, so a front end can show it next to the field.
public enum InputField: String, Sendable, CaseIterable {
    case weight, dosePerKg = "dose", flatDose = "total dose", frequency, vials, rounding
    case tolerance, finalVolume = "final volume", duration, time, answer
    case barcode, lot, expiry
    case preparer, checker, patientName = "patient's name", recordNumber = "medical record number"
    case dateOfBirth = "date of birth", orderReference = "order reference", weightDate = "weight's date"
}

public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: InputField
    public let message: String
    public init(_ field: InputField, _ message: String) { self.field = field; self.message = message }
    public var description: String { message }
}

/// R2 frequencies with their infusions per 4 weeks.
public enum Frequency: String, Sendable, CaseIterable, Equatable {
    case threePerWeek = "3-per-week"
    case twoPerWeek = "2-per-week"
    case weekly = "weekly"
    case everyTwoWeeks = "every-2-weeks"
    case everyFourWeeks = "every-4-weeks"

    public var infusionsPerFourWeeks: Int {
        switch self {
        case .threePerWeek: 12
        case .twoPerWeek: 8
        case .weekly: 4
        case .everyTwoWeeks: 2
        case .everyFourWeeks: 1
        }
    }

    /// For people: "3 times a week", "every 2 weeks".
    public var phrase: String {
        switch self {
        case .threePerWeek: "3 times a week"
        case .twoPerWeek: "2 times a week"
        case .weekly: "weekly"
        case .everyTwoWeeks: "every 2 weeks"
        case .everyFourWeeks: "every 4 weeks"
        }
    }

    public static func parse(_ text: String) -> Result<Frequency, InputError> {
        let key = text.trimmingWhitespace.lowercased()
        if let frequency = Frequency(rawValue: key) { return .success(frequency) }
        let accepted = allCases.map(\.rawValue).joined(separator: ", ")
        return .failure(InputError(.frequency, "Frequency \(Display.quoted(text)) is not known. Use one of: \(accepted)."))
    }
}

/// A body weight in kg, with the pounds it was converted from when it was entered in lb.
public struct WeightEntry: Equatable, Sendable {
    public let kilograms: Tenths
    /// Set when the entry carried "lb": the conversion must be shown and confirmed (R1).
    public let enteredPounds: Tenths?

    public init(kilograms: Tenths, enteredPounds: Tenths? = nil) {
        self.kilograms = kilograms
        self.enteredPounds = enteredPounds
    }

    /// 1 lb = 0.45359237 kg exactly (R1).
    static let kilogramsPerPound = Ratio(45_359_237, 100_000_000)

    /// "70", "70.5", "70,5", "70 kg" are kilograms; "154 lb" or "154 lbs" are pounds,
    /// converted and rounded half-up to 0.1 kg. Limits: `policy.weightHard...`.
    public static func parse(_ text: String, policy: SitePolicy = .standard) -> Result<WeightEntry, InputError> {
        let accepted = "Enter the weight in kg with at most one decimal (for example 70 or 70.5), or in pounds with \"lb\" (for example 154 lb)."
        var number = text.trimmingWhitespace
        var inPounds = false
        let lower = number.lowercased()
        for (suffix, pounds) in [("lbs", true), ("lb", true), ("kg", false)] where lower.hasSuffix(suffix) {
            number = String(number.dropLast(suffix.count)).trimmingWhitespace
            inPounds = pounds
            if number.isEmpty { return .failure(InputError(.weight, "Weight has a unit but no number. " + accepted)) }
            break
        }
        switch NumberReader.read(number, maxDecimals: 1, maxIntegerDigits: 4) {
        case .failure(let problem):
            return .failure(InputError(.weight, "Weight: " + problem.sentence(for: text, unit: "kg") + " " + accepted))
        case .success(let tenths):
            if tenths == 0 { return .failure(InputError(.weight, "Weight must be more than 0. " + accepted)) }
            let kilograms: Tenths
            if inPounds {
                kilograms = (Ratio(tenths, 10) * kilogramsPerPound).tenthsRoundedHalfUp
            } else {
                kilograms = Tenths(tenths: tenths)
            }
            let shown = inPounds ? "\(Display.pounds(Tenths(tenths: tenths))) (\(Display.kilograms(kilograms)))" : Display.kilograms(kilograms)
            if kilograms < policy.weightHardMinimumKg || kilograms > policy.weightHardMaximumKg {
                return .failure(InputError(.weight,
                    "Weight \(shown) is outside \(Display.kilograms(policy.weightHardMinimumKg)) to \(Display.kilograms(policy.weightHardMaximumKg)). Check the weight and the unit."))
            }
            return .success(WeightEntry(kilograms: kilograms, enteredPounds: inPounds ? Tenths(tenths: tenths) : nil))
        }
    }
}

/// The dose as ordered: units per kg per infusion, or a flat number of units (R2).
public enum DoseOrder: Equatable, Sendable {
    case perKg(Tenths)
    case flat(units: Int)

    public static func parsePerKg(_ text: String) -> Result<DoseOrder, InputError> {
        let accepted = "Enter the dose in units/kg with at most one decimal, for example 60 or 2.5."
        var number = text.trimmingWhitespace
        if number.lowercased().hasSuffix("units/kg") { number = String(number.dropLast(8)).trimmingWhitespace }
        switch NumberReader.read(number, maxDecimals: 1, maxIntegerDigits: 5) {
        case .failure(let problem):
            return .failure(InputError(.dosePerKg, "Dose: " + problem.sentence(for: text, unit: "units/kg") + " " + accepted))
        case .success(0):
            return .failure(InputError(.dosePerKg, "Dose must be more than 0 units/kg. " + accepted))
        case .success(let tenths):
            return .success(.perKg(Tenths(tenths: tenths)))
        }
    }

    public static func parseFlat(_ text: String) -> Result<DoseOrder, InputError> {
        let accepted = "Enter the dose per infusion in whole units with no separators, for example 4200."
        var number = text.trimmingWhitespace
        if number.lowercased().hasSuffix("units") { number = String(number.dropLast(5)).trimmingWhitespace }
        switch NumberReader.read(number, maxDecimals: 0, maxIntegerDigits: 7) {
        case .failure(let problem):
            return .failure(InputError(.flatDose, "Total dose: " + problem.sentence(for: text, unit: "units") + " " + accepted))
        case .success(0):
            return .failure(InputError(.flatDose, "Total dose must be more than 0 units. " + accepted))
        case .success(let units):
            return .success(.flat(units: units))
        }
    }

    /// Units per kg for this weight, exact (a flat dose divided by the weight).
    public func unitsPerKg(weight: Tenths) -> Ratio {
        switch self {
        case .perKg(let tenths): tenths.ratio
        case .flat(let units): Ratio(units * 10, max(weight.count, 1))
        }
    }
}

/// Vial strengths on hand, as "400,200" or "400".
public func parseVialsOnHand(_ text: String, product: ProductProfile = .imiglucerase) -> Result<Set<Int>, InputError> {
    let known = product.strengths.map { String($0.units) }.joined(separator: " and ")
    let accepted = "List the vial strengths on hand in units, separated by commas: \(product.strengths.map { String($0.units) }.joined(separator: ",")) or one of \(known)."
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
    var strengths = Set<Int>()
    for part in parts {
        guard case .success(let value) = NumberReader.read(part, maxDecimals: 0, maxIntegerDigits: 5),
              product.strength(units: value) != nil else {
            return .failure(InputError(.vials, "Vials: \(Display.quoted(part)) is not a vial strength of \(product.genericName). " + accepted))
        }
        if strengths.contains(value) {
            return .failure(InputError(.vials, "Vials: \(value) is listed twice. " + accepted))
        }
        strengths.insert(value)
    }
    return .success(strengths)
}

public func parseRoundingPolicy(_ text: String) -> Result<RoundingPolicy, InputError> {
    if let policy = RoundingPolicy(rawValue: text.trimmingWhitespace.lowercased()) { return .success(policy) }
    return .failure(InputError(.rounding, "Rounding \(Display.quoted(text)) is not known. Use none (prepare the prescribed dose) or nearest (nearest whole-vial dose within the tolerance)."))
}

public func parseTolerancePercent(_ text: String, policy: SitePolicy = .standard) -> Result<Tenths, InputError> {
    let maximum = Display.number(policy.roundingToleranceMaximumPercent)
    let accepted = "Enter a tolerance from 0 to \(maximum) percent with at most one decimal, for example 10 or 7.5."
    var number = text.trimmingWhitespace
    if number.hasSuffix("%") { number = String(number.dropLast()).trimmingWhitespace }
    switch NumberReader.read(number, maxDecimals: 1, maxIntegerDigits: 3) {
    case .failure(let problem):
        return .failure(InputError(.tolerance, "Tolerance: " + problem.sentence(for: text, unit: "percent") + " " + accepted))
    case .success(let tenths) where Tenths(tenths: tenths) > policy.roundingToleranceMaximumPercent:
        return .failure(InputError(.tolerance, "Tolerance \(Display.number(Tenths(tenths: tenths)))% is above \(maximum)%. " + accepted))
    case .success(let tenths):
        return .success(Tenths(tenths: tenths))
    }
}

/// A final volume the user chose: within the policy's 100 to 200 mL (R7).
public func parseFinalVolume(_ text: String, policy: SitePolicy = .standard) -> Result<Tenths, InputError> {
    let range = "\(Display.number(policy.finalVolumeMinimumML)) to \(Display.millilitres(policy.finalVolumeMaximumML))"
    let accepted = "Enter a final volume from \(range) with at most one decimal, for example 150."
    var number = text.trimmingWhitespace
    if number.lowercased().hasSuffix("ml") { number = String(number.dropLast(2)).trimmingWhitespace }
    switch NumberReader.read(number, maxDecimals: 1, maxIntegerDigits: 5) {
    case .failure(let problem):
        return .failure(InputError(.finalVolume, "Final volume: " + problem.sentence(for: text, unit: "mL") + " " + accepted))
    case .success(let tenths):
        let volume = Tenths(tenths: tenths)
        if volume < policy.finalVolumeMinimumML || volume > policy.finalVolumeMaximumML {
            return .failure(InputError(.finalVolume, "Final volume \(Display.millilitres(volume)) is outside the label's \(range). " + accepted))
        }
        return .success(volume)
    }
}

/// A duration in whole minutes. Under 60 is allowed as input: the plan then carries a
/// hard stop that says so (R8). Above 24 hours is refused: the bag keeps 24 hours.
public func parseDurationMinutes(_ text: String, policy: SitePolicy = .standard) -> Result<Int, InputError> {
    let accepted = "Enter the duration in whole minutes, for example 120 (the label allows \(policy.durationHardMinimumMinutes) to \(policy.durationSoftMaximumMinutes))."
    var number = text.trimmingWhitespace
    if number.lowercased().hasSuffix("min") { number = String(number.dropLast(3)).trimmingWhitespace }
    switch NumberReader.read(number, maxDecimals: 0, maxIntegerDigits: 5) {
    case .failure(let problem):
        return .failure(InputError(.duration, "Duration: " + problem.sentence(for: text, unit: "minutes") + " " + accepted))
    case .success(0):
        return .failure(InputError(.duration, "Duration must be more than 0 minutes. " + accepted))
    case .success(let minutes) where minutes > policy.durationInputMaximumMinutes:
        return .failure(InputError(.duration, "Duration \(Display.minutes(minutes)) is longer than the \(policy.dilutedHoldHours) hours the diluted bag keeps. " + accepted))
    case .success(let minutes):
        return .success(minutes)
    }
}

/// A non-negative number a person typed as an answer, scaled by 10^`decimals` (quiz
/// answers). The same strict reader as every other input.
public func parseAnswer(_ text: String, decimals: Int, unit: String) -> Result<Int, InputError> {
    var number = text.trimmingWhitespace
    if !unit.isEmpty, number.lowercased().hasSuffix(unit.lowercased()) { number = String(number.dropLast(unit.count)).trimmingWhitespace }
    switch NumberReader.read(number, maxDecimals: decimals, maxIntegerDigits: 6) {
    case .failure(let problem): return .failure(InputError(.answer, "Answer: " + problem.sentence(for: text, unit: unit)))
    case .success(let value): return .success(value)
    }
}

extension NumberProblem {
    /// One sentence about what is wrong with `text`.
    func sentence(for text: String, unit: String) -> String {
        let shown = Display.quoted(text)
        return switch self {
        case .empty: "nothing was entered."
        case .negative: "\(shown) is negative; it cannot be."
        case .notANumber: "\(shown) is not a number."
        case .nonASCIIDigit(let found): "\(Display.quoted(found)) is not a digit 0 to 9."
        case .tooManyDecimals(0): "\(shown) has decimals; whole \(unit) only."
        case .tooManyDecimals(let allowed): "\(shown) has more than \(allowed == 1 ? "one decimal" : "\(allowed) decimals") (no thousands separators)."
        case .textAfterNumber(let found): "\(Display.quoted(found)) after the number is not understood."
        case .missingDigitBeforePoint: "\(shown) needs a digit before the decimal point (write 0.5, not .5)."
        case .missingDigitAfterPoint: "\(shown) needs a digit after the decimal point."
        case .severalSeparators: "\(shown) has more than one \".\" or \",\"; use one decimal separator and no thousands separators."
        case .separatorInWholeNumber: "\(shown) has a separator; type whole \(unit) with no thousands separator."
        case .tooLarge: "\(shown) is far too large."
        }
    }
}

/// How the dose is entered (R2).
public enum DoseMode: Int, Sendable, CaseIterable {
    case perKg, flat
    public var label: String {
        switch self {
        case .perKg: "units/kg per infusion"
        case .flat: "total units per infusion (flat dose)"
        }
    }
}

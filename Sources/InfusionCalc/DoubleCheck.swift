/// Rule book section 7: the independent double check. A second person types, blind, the
/// weight in kg from the source, the dose per infusion, the vial count per strength, the
/// drug volume, the final volume and the pump rate; each must equal the plan exactly (the
/// numbers as the plan states them). This file reads and compares; the front end keeps
/// the numbers hidden until the last value is typed, and the record keeps the outcome.

/// A value the checker types. The raw `code` is its stable name in records.
public enum DoubleCheckField: Hashable, Sendable {
    /// The weight in kg from the source (the plan's kg, after any lb conversion).
    case weight
    /// The dose per infusion in units: the prepared dose (after any authorised whole-vial rounding).
    case dosePerInfusion
    /// The number of vials of this strength (units) used; 0 when none.
    case vialCount(strength: Int)
    case drugVolume
    case finalVolume
    case pumpRate

    /// Stable name for records and JSON: "weight-kg", "vials-400-unit".
    public var code: String {
        switch self {
        case .weight: "weight-kg"
        case .dosePerInfusion: "dose-per-infusion-units"
        case .vialCount(let strength): "vials-\(strength)-unit"
        case .drugVolume: "drug-volume-ml"
        case .finalVolume: "final-volume-ml"
        case .pumpRate: "pump-rate-ml-per-h"
        }
    }

    /// What the checker is asked, with its unit: "Weight from the source, in kg".
    public var prompt: String {
        switch self {
        case .weight: "Weight from the source, in kg"
        case .dosePerInfusion: "Dose per infusion to prepare, in units"
        case .vialCount(let strength): "Number of \(Display.strength(strength)) vials"
        case .drugVolume: "Drug volume, in mL"
        case .finalVolume: "Final volume in the bag, in mL"
        case .pumpRate: "Pump rate, in mL/h"
        }
    }

    /// The field's short name for a side-by-side table: "weight", "400-unit vials".
    public var name: String {
        switch self {
        case .weight: "weight"
        case .dosePerInfusion: "dose per infusion"
        case .vialCount(let strength): "\(Display.strength(strength)) vials"
        case .drugVolume: "drug volume"
        case .finalVolume: "final volume"
        case .pumpRate: "pump rate"
        }
    }

    /// Decimals the value is typed with.
    var decimals: Int {
        switch self {
        case .weight, .drugVolume, .finalVolume, .pumpRate: 1
        case .dosePerInfusion, .vialCount: 0
        }
    }

    /// The unit the value is typed in (and the reader strips when typed with it).
    public var unit: String {
        switch self {
        case .weight: "kg"
        case .dosePerInfusion: "units"
        case .vialCount: "vials"
        case .drugVolume, .finalVolume: "mL"
        case .pumpRate: "mL/h"
        }
    }

    /// What is accepted, in one sentence. It gives no example figure: the checker types
    /// blind, and an example could be read as a hint (section 7).
    public var accepted: String {
        decimals == 0
            ? "Type a whole number of \(unit), digits only, no thousands separator."
            : "Type a number in \(unit) with at most one decimal (a point or a comma), no thousands separator."
    }
}

/// One value of a field, exact: scaled by 10^decimals (tenths for kg, mL, mL/h; whole
/// units and vials).
public struct DoubleCheckValue: Hashable, Sendable {
    public let field: DoubleCheckField
    public let scaled: Int
    public init(field: DoubleCheckField, scaled: Int) {
        self.field = field
        self.scaled = scaled
    }

    /// For people, by section 3: "70 kg", "4,200 units", "10 x 400-unit vials", "105 mL", "75 mL/h".
    public var text: String {
        switch field {
        case .weight: Display.kilograms(Tenths(tenths: scaled))
        case .dosePerInfusion: Display.units(scaled)
        case .vialCount(let strength): "\(Display.number(scaled)) x \(Display.strength(strength)) \(scaled == 1 ? "vial" : "vials")"
        case .drugVolume, .finalVolume: Display.millilitres(Tenths(tenths: scaled))
        case .pumpRate: Display.millilitresPerHour(Tenths(tenths: scaled))
        }
    }
}

/// One row of the side-by-side comparison.
public struct DoubleCheckRow: Equatable, Sendable {
    public let field: DoubleCheckField
    public let plan: DoubleCheckValue
    public let checker: DoubleCheckValue
    public var matches: Bool { plan.scaled == checker.scaled }
    /// "matches" or "DOES NOT MATCH".
    public var verdict: String { matches ? "matches" : "DOES NOT MATCH" }
}

/// The comparison after the last value: passed only when every row matches.
public struct DoubleCheckOutcome: Equatable, Sendable {
    /// The checker's name as typed, trimmed.
    public let checker: String
    public let rows: [DoubleCheckRow]
    public var passed: Bool { rows.allSatisfy(\.matches) }
    public var mismatches: [DoubleCheckRow] { rows.filter { !$0.matches } }

    /// Side by side for people: one line per field, the plan's value, the checker's value
    /// and whether they match, then the verdict.
    public var lines: [String] {
        let nameWidth = rows.map { $0.field.name.count }.max() ?? 0
        let planWidth = max(rows.map { $0.plan.text.count }.max() ?? 0, "plan".count)
        let checkerWidth = max(rows.map { $0.checker.text.count }.max() ?? 0, "checker".count)
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(width - text.count, 0)) }
        var out = [pad("", nameWidth) + "  " + pad("plan", planWidth) + "  " + pad("checker", checkerWidth)]
        for row in rows {
            out.append(pad(row.field.name, nameWidth) + "  " + pad(row.plan.text, planWidth) + "  "
                       + pad(row.checker.text, checkerWidth) + "  " + row.verdict)
        }
        out.append(verdictSentence)
        return out
    }

    public var verdictSentence: String {
        if passed { return "Double check passed: every value matches (checked by \(checker))." }
        let names = mismatches.map(\.field.name).joined(separator: ", ")
        return "Double check NOT passed: \(mismatches.count) of \(rows.count) values \(mismatches.count == 1 ? "does" : "do") not match (\(names)). Check again, or go back and correct the preparation."
    }
}

/// Why a double check cannot be compared yet; `message` says it for people.
public enum DoubleCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    case checkerNameMissing
    case checkerNameHasControlCharacter
    /// Section 7: the checker typed the preparer's name.
    case checkerIsPreparer
    /// A typed value is not a number of the field's kind.
    case malformed(DoubleCheckField, String)
    /// A field was not typed.
    case missing(DoubleCheckField)
    /// The plan has no value for a field (no bag, so no final volume or rate).
    case planHasNoValue(DoubleCheckField)

    public var message: String {
        switch self {
        case .checkerNameMissing: "Type the checker's name."
        case .checkerNameHasControlCharacter: "The checker's name holds a control or invisible character; type it again."
        case .checkerIsPreparer: "The checker must be a second person: this is the preparer's name (section 7)."
        case .malformed(_, let message): message
        case .missing(let field): "\(field.prompt): nothing was typed."
        case .planHasNoValue(let field): "The plan has no \(field.name) to check: it has no valid bag."
        }
    }
    public var description: String { message }
}

public enum DoubleCheck {
    /// The fields the checker types, in order: weight, dose, the vial count of every
    /// strength on hand (largest first; 0 for a strength not used, so the checker also
    /// confirms what was not used), drug volume, final volume, pump rate.
    public static func fields(for plan: PreparationPlan) -> [DoubleCheckField] {
        let strengths = plan.product.strengths.map(\.units).filter { plan.policy.vialsOnHand.contains($0) }.sorted(by: >)
        return [.weight, .dosePerInfusion] + strengths.map { .vialCount(strength: $0) } + [.drugVolume, .finalVolume, .pumpRate]
    }

    /// The value the plan states for `field`; nil when the plan has none (no bag).
    public static func expected(_ field: DoubleCheckField, plan: PreparationPlan) -> DoubleCheckValue? {
        let scaled: Int? = switch field {
        case .weight: plan.weightKg.count
        case .dosePerInfusion: plan.preparedDose
        case .vialCount(let strength): plan.vials.first { $0.strength.units == strength }?.count ?? 0
        case .drugVolume: plan.drugVolumeML.count
        case .finalVolume: plan.sodiumChlorideML == nil ? nil : plan.finalVolumeML?.count
        case .pumpRate: plan.pumpRateMLPerHour?.count
        }
        return scaled.map { DoubleCheckValue(field: field, scaled: $0) }
    }

    /// Reads what the checker typed for `field` with the module's strict number reader:
    /// ASCII digits, one "." or "," as decimal separator, the field's unit optional
    /// ("105 mL"), no thousands separator. Refused with what is accepted.
    public static func read(_ field: DoubleCheckField, _ text: String) -> Result<DoubleCheckValue, DoubleCheckError> {
        // "1 vial" as well as "10 vials".
        let unit = if case .vialCount = field, text.trimmingWhitespace.lowercased().hasSuffix("vial") { "vial" } else { field.unit }
        switch parseAnswer(text, decimals: field.decimals, unit: unit) {
        case .failure(let error):
            let reason = error.message.hasPrefix("Answer: ") ? String(error.message.dropFirst("Answer: ".count)) : error.message
            return .failure(.malformed(field, "\(field.prompt): \(reason) \(field.accepted)"))
        case .success(let scaled):
            return .success(DoubleCheckValue(field: field, scaled: scaled))
        }
    }

    /// Section 7: the checker's name, trimmed; refused when empty, when it holds a control
    /// character, or when it is the preparer's name (`sameName`).
    public static func acceptChecker(_ name: String, preparer: String) -> Result<String, DoubleCheckError> {
        let trimmed = name.trimmingWhitespace
        if trimmed.isEmpty { return .failure(.checkerNameMissing) }
        if trimmed.unicodeScalars.contains(where: BagLabel.isControl) { return .failure(.checkerNameHasControlCharacter) }
        if sameName(trimmed, preparer) { return .failure(.checkerIsPreparer) }
        return .success(trimmed)
    }

    /// Two names are the same person's when they are equal ignoring case, leading and
    /// trailing spaces, and runs of spaces inside ("ann  LEE " is "Ann Lee").
    public static func sameName(_ a: String, _ b: String) -> Bool { PersonName.same(a, b) }

    /// Compares everything the checker typed with the plan, after the last value.
    ///
    /// - Parameters:
    ///   - plan: the preparation's plan.
    ///   - preparer: the preparer's name as recorded.
    ///   - checker: the name the checker typed.
    ///   - typed: the text typed for each of `fields(for: plan)`.
    /// - Returns: the outcome (passed or not, every row with both values), or the first
    ///   problem in field order: the checker's name, a field not typed, a value that is
    ///   not a number (with what is accepted), or a plan with no bag.
    public static func compare(plan: PreparationPlan, preparer: String, checker: String,
                               typed: [DoubleCheckField: String]) -> Result<DoubleCheckOutcome, DoubleCheckError> {
        let name: String
        switch acceptChecker(checker, preparer: preparer) {
        case .failure(let error): return .failure(error)
        case .success(let accepted): name = accepted
        }
        var rows: [DoubleCheckRow] = []
        for field in fields(for: plan) {
            guard let expected = expected(field, plan: plan) else { return .failure(.planHasNoValue(field)) }
            guard let text = typed[field] else { return .failure(.missing(field)) }
            switch read(field, text) {
            case .failure(let error): return .failure(error)
            case .success(let value): rows.append(DoubleCheckRow(field: field, plan: expected, checker: value))
            }
        }
        return .success(DoubleCheckOutcome(checker: name, rows: rows))
    }
}

import InfusionCalc

/// A training scenario: a patient, a prescription, the vials on hand and what it teaches.
/// It holds inputs only: every expected answer is computed by the calculation module.
public struct Scenario: Equatable, Sendable {
    public let name: String
    public let title: String
    /// One sentence: what the scenario teaches (for --list and the educator's guide).
    public let teaches: String
    public let weightText: String
    public let doseMode: DoseMode
    public let doseText: String
    public let frequency: Frequency
    public let vialsOnHand: Set<Int>
    public let firstInfusion: Bool
    public let atLeastTwoYears: Bool
    public let previousHypersensitivity: Bool
    public let previousAlglucerase: Bool
    public let tolerancePercent: Tenths?
    public let learningPoints: [String]

    public var policy: SitePolicy {
        var policy = SitePolicy.standard
        policy.vialsOnHand = vialsOnHand
        if let tolerancePercent { policy.roundingTolerancePercent = tolerancePercent }
        return policy
    }

    /// The plan for the exact dose with default volumes and duration: the reference the
    /// shipped-scenario tests compare with.
    public func referencePlan() -> Result<PreparationPlan, InputError> {
        Result {
            let weight = try WeightEntry.parse(weightText, policy: policy).get()
            let dose = try (doseMode == .perKg ? DoseOrder.parsePerKg(doseText) : DoseOrder.parseFlat(doseText)).get()
            let history = PatientHistory(atLeastTwoYearsOld: atLeastTwoYears, previousHypersensitivity: previousHypersensitivity,
                                         previousAlglucerase: previousAlglucerase)
            return try PreparationPlan.make(PlanRequest(weight: weight, dose: dose, frequency: frequency, firstInfusion: firstInfusion,
                                                        decision: .exactDose, history: history), policy: policy).get()
        }.mapError { $0 as? InputError ?? InputError(.weight, "\($0)") }
    }
}

/// A scenario file that cannot be used, naming the file, the line and the field.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let field: String?
    public let message: String

    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        return where_ + ": " + (field.map { "field \"\($0)\": " } ?? "") + message
    }
}

extension Scenario {
    static let requiredFields = ["title", "teaches", "weight", "dose", "frequency", "vials", "first-infusion",
                                 "at-least-2-years", "previous-hypersensitivity", "previous-alglucerase"]
    static let optionalFields = ["tolerance"]
    static let repeatedFields = ["learning-point"]
    /// The longest line a scenario file may have.
    static let maximumLineLength = 500

    /// Reads a scenario file's text. `name` is the file name without ".scenario".
    public static func parse(_ text: String, name: String, file: String) -> Result<Scenario, ScenarioError> {
        func fail(_ line: Int?, _ field: String?, _ message: String) -> Result<Scenario, ScenarioError> {
            .failure(ScenarioError(file: file, line: line, field: field, message: message))
        }
        guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) else {
            return fail(nil, nil, "the file name must be letters, digits and \"-\" followed by .scenario")
        }
        var values: [String: (value: String, line: Int)] = [:]
        var learningPoints: [String] = []
        // Any line break ("\r\n" is one Character in Swift, so splitting on "\n" misses it).
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            // Titles, learning points and values are shown on screen and in --list: no
            // control characters (an ESC would drive the terminal), and a sane length.
            if rawLine.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || (0x7F...0x9F).contains($0.value) }) {
                return fail(lineNumber, nil, "holds a control character; a scenario file is plain text")
            }
            if rawLine.count > maximumLineLength {
                return fail(lineNumber, nil, "is longer than \(maximumLineLength) characters")
            }
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                return fail(lineNumber, nil, "expected \"field: value\", found \"\(line)\"")
            }
            let key = String(line[..<colon]).trimmingCharacters(in: " \t").lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: " \t")
            guard requiredFields.contains(key) || optionalFields.contains(key) || repeatedFields.contains(key) else {
                return fail(lineNumber, key, "unknown field; known fields: " + (requiredFields + optionalFields + repeatedFields).joined(separator: ", "))
            }
            if value.isEmpty { return fail(lineNumber, key, "has no value") }
            if key == "learning-point" {
                learningPoints.append(value)
            } else if values[key] != nil {
                return fail(lineNumber, key, "is given twice (first on line \(values[key]!.line))")
            } else {
                values[key] = (value, lineNumber)
            }
        }
        for field in requiredFields where values[field] == nil {
            return fail(nil, field, "is missing")
        }
        if learningPoints.isEmpty { return fail(nil, "learning-point", "is missing: give at least one") }
        func value(_ key: String) -> (value: String, line: Int) { values[key]! }
        func yesNo(_ key: String) -> Bool? {
            switch value(key).value.lowercased() { case "yes": true; case "no": false; default: nil }
        }
        var flags: [String: Bool] = [:]
        for key in ["first-infusion", "at-least-2-years", "previous-hypersensitivity", "previous-alglucerase"] {
            guard let flag = yesNo(key) else { return fail(value(key).line, key, "must be yes or no, not \"\(value(key).value)\"") }
            flags[key] = flag
        }
        var policy = SitePolicy.standard
        switch parseVialsOnHand(value("vials").value) {
        case .failure(let error): return fail(value("vials").line, "vials", error.message)
        case .success(let vials): policy.vialsOnHand = vials
        }
        var tolerance: Tenths?
        if let entry = values["tolerance"] {
            switch parseTolerancePercent(entry.value, policy: policy) {
            case .failure(let error): return fail(entry.line, "tolerance", error.message)
            case .success(let percent): tolerance = percent
            }
        }
        if case .failure(let error) = WeightEntry.parse(value("weight").value, policy: policy) {
            return fail(value("weight").line, "weight", error.message)
        }
        let doseValue = value("dose").value
        let doseMode: DoseMode
        let doseNumber: String
        if doseValue.lowercased().hasSuffix("units/kg") {
            doseMode = .perKg
            doseNumber = String(doseValue.dropLast("units/kg".count)).trimmingCharacters(in: " ")
            if case .failure(let error) = DoseOrder.parsePerKg(doseNumber) { return fail(value("dose").line, "dose", error.message) }
        } else if doseValue.lowercased().hasSuffix("units") {
            doseMode = .flat
            doseNumber = String(doseValue.dropLast("units".count)).trimmingCharacters(in: " ")
            if case .failure(let error) = DoseOrder.parseFlat(doseNumber) { return fail(value("dose").line, "dose", error.message) }
        } else {
            return fail(value("dose").line, "dose", "write the unit: \"60 units/kg\" or \"4200 units\"")
        }
        guard case .success(let frequency) = Frequency.parse(value("frequency").value) else {
            return fail(value("frequency").line, "frequency", Frequency.parse(value("frequency").value).failureMessage)
        }
        let scenario = Scenario(name: name, title: value("title").value, teaches: value("teaches").value,
                                weightText: value("weight").value, doseMode: doseMode, doseText: doseNumber,
                                frequency: frequency, vialsOnHand: policy.vialsOnHand,
                                firstInfusion: flags["first-infusion"]!, atLeastTwoYears: flags["at-least-2-years"]!,
                                previousHypersensitivity: flags["previous-hypersensitivity"]!,
                                previousAlglucerase: flags["previous-alglucerase"]!,
                                tolerancePercent: tolerance, learningPoints: learningPoints)
        if case .failure(let error) = scenario.referencePlan() {
            return fail(nil, error.field.rawValue, "the order cannot be planned: " + error.message)
        }
        return .success(scenario)
    }
}

extension Result where Failure == InputError {
    var failureMessage: String {
        if case .failure(let error) = self { return error.message }
        return ""
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

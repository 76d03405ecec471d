/// R12: cautions carried forward to the administration step, the summary, the record and
/// the bag label.
public enum Caution: String, Sendable, CaseIterable {
    case previousHypersensitivity = "previous-hypersensitivity"
    case previousAlglucerase = "previous-alglucerase-antibodies-or-reactions"
    case underTwoYears = "age-under-2-years"
    case firstInfusion = "first-infusion"

    /// A few words, for lists and labels: "previous hypersensitivity reaction".
    public var name: String {
        switch self {
        case .previousHypersensitivity: "previous hypersensitivity reaction"
        case .previousAlglucerase: "previous alglucerase antibodies or reactions"
        case .underTwoYears: "under \(RuleText.minimumAgeText) of age"
        case .firstInfusion: "first infusion"
        }
    }

    /// What the caution means at the bedside, with the policy's figures.
    public func sentence(policy: SitePolicy) -> String {
        switch self {
        case .previousHypersensitivity:
            "Previous hypersensitivity reaction: premedicate with antihistamines and/or corticosteroids as prescribed, infuse at a decreased rate, watch closely ([S2])."
        case .previousAlglucerase:
            "Previous antibodies or reactions to alglucerase: use with caution and watch closely for hypersensitivity (seed 000)."
        case .underTwoYears:
            "Under \(RuleText.minimumAgeText) of age: safety and efficacy are not established (seed 000, [S2])."
        case .firstInfusion:
            policy.rateCapEnabled
                ? "First infusion: dose rate at most \(Display.unitsPerKgPerMinute(scaled: policy.firstInfusionRateCap.count, decimals: 1)); watch closely for hypersensitivity."
                : "First infusion: watch closely for hypersensitivity."
        }
    }

    /// R12: the cautions that apply to a patient, in a fixed order.
    public static func cautions(history: PatientHistory, firstInfusion: Bool) -> [Caution] {
        var out: [Caution] = []
        if history.previousHypersensitivity == true { out.append(.previousHypersensitivity) }
        if history.previousAlglucerase == true { out.append(.previousAlglucerase) }
        if history.atLeastTwoYearsOld == false { out.append(.underTwoYears) }
        if firstInfusion { out.append(.firstInfusion) }
        return out
    }
}

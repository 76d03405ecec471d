import InfusionCalc
import TOMLKit

/// Where a value of the policy in force comes from.
public enum PolicyOrigin: Equatable, Sendable {
    /// The rule book's default, built into the program.
    case builtIn
    /// Written in a policy file, at this 1-based line.
    case file(path: String, line: Int)

    /// "built-in default" or "/etc/xdg/infusion-prep/policy.toml:12".
    public var text: String {
        switch self {
        case .builtIn: "built-in default"
        case .file(let path, let line): "\(path):\(line)"
        }
    }
}

/// A policy file refused: the file, the line and the key (when known), and why.
public struct PolicyFileError: Error, Equatable, Sendable {
    public let file: String
    /// 1-based; nil when the file could not be read at all.
    public let line: Int?
    /// The dotted key ("rounding.tolerance_percent"); nil when the problem is the whole file.
    public let key: String?
    public let message: String
    /// For a loosening or unusable value: the calculation module's typed reason.
    public let problem: PolicyProblem?

    public init(file: String, line: Int?, key: String?, message: String, problem: PolicyProblem? = nil) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.problem = problem
    }

    /// "policy.toml:12: rounding.tolerance_percent: A tolerance of 12% is above ..."
    public var text: String {
        var out = file
        if let line { out += ":\(line)" }
        if let key { out += ": \(key)" }
        return out + ": " + message
    }
}

/// The policy file's settings: each key, the TOML type it takes, how it sets the policy
/// and how its value is shown. One table, so that reading and `policy show` cannot differ.
enum PolicyValue: Equatable, Sendable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case decimal(Tenths)
    case date(CalendarDate)
    case integers([Int])
    case strings([String])
}

enum ValueKind: Sendable {
    case string, bool, integer, decimal, date, integers, strings, stringOrInteger

    var name: String {
        switch self {
        case .string: "a string in quotes"
        case .bool: "true or false"
        case .integer: "a whole number"
        case .decimal: "a number (at most one decimal)"
        case .date: "a date (2026-11-01, no quotes)"
        case .integers: "a list of whole numbers, [400, 200]"
        case .strings: "a list of strings, [\"...\"]"
        case .stringOrInteger: "a string in quotes or a whole number"
        }
    }
}

struct SettingSpec: Sendable {
    let setting: PolicySetting
    let kind: ValueKind
    /// Sets the value; returns why the value is not accepted (a choice not in the list).
    let apply: @Sendable (PolicyValue, inout SitePolicy) -> String?
    /// The value in force, as the file would write it.
    let show: @Sendable (SitePolicy) -> String
}

/// The header's four keys are read into this, then checked for presence.
struct HeaderFields {
    var id: String?
    var version: String?
    var approvedBy: String?
    var approvalDate: CalendarDate?
}

enum PolicySchema {
    static func quoted(_ text: String?) -> String { text.map { JSONText.string($0) } ?? "(not set)" }
    static func list(_ values: [String]) -> String { "[" + values.joined(separator: ", ") + "]" }

    static func choice<E: RawRepresentable & CaseIterable>(_ value: PolicyValue, _ type: E.Type, set: (E) -> Void) -> String? where E.RawValue == String {
        guard case .string(let text) = value else { return nil }
        guard let chosen = E(rawValue: text) else {
            return "\(JSONText.string(text)) is not one of " + E.allCases.map { JSONText.string($0.rawValue) }.joined(separator: ", ") + "."
        }
        set(chosen)
        return nil
    }

    /// Every fixed key of the file, in the order `policy show` lists them. The header
    /// (policy.*) is read separately; the per-strength GTINs and per-size overfills are
    /// sub-tables (`vials.gtins`, `preparation.bag_overfill_ml`).
    static let settings: [SettingSpec] = [
        SettingSpec(setting: .vialsOnHand, kind: .integers, apply: { value, policy in
            guard case .integers(let list) = value else { return nil }
            if Set(list).count != list.count { return "a strength is listed twice." }
            policy.vialsOnHand = Set(list)
            return nil
        }, show: { list($0.vialsOnHand.sorted(by: >).map(String.init)) }),
        SettingSpec(setting: .roundingAllowed, kind: .bool, apply: { value, policy in
            if case .bool(let flag) = value { policy.roundingAllowed = flag }
            return nil
        }, show: { String($0.roundingAllowed) }),
        SettingSpec(setting: .roundingPolicy, kind: .string, apply: { value, policy in
            choice(value, RoundingPolicy.self) { policy.rounding = $0 }
        }, show: { quoted($0.rounding.rawValue) }),
        SettingSpec(setting: .roundingTolerance, kind: .decimal, apply: { value, policy in
            if case .decimal(let tenths) = value { policy.roundingTolerancePercent = tenths }
            return nil
        }, show: { $0.roundingTolerancePercent.description }),
        SettingSpec(setting: .roundingProtocol, kind: .string, apply: { value, policy in
            if case .string(let text) = value { policy.roundingProtocol = text }
            return nil
        }, show: { quoted($0.roundingProtocol) }),
        SettingSpec(setting: .rateCapsEnabled, kind: .bool, apply: { value, policy in
            if case .bool(let flag) = value { policy.rateCapEnabled = flag }
            return nil
        }, show: { String($0.rateCapEnabled) }),
        SettingSpec(setting: .firstInfusionRateCap, kind: .decimal, apply: { value, policy in
            if case .decimal(let tenths) = value { policy.firstInfusionRateCap = tenths }
            return nil
        }, show: { $0.firstInfusionRateCap.description }),
        SettingSpec(setting: .laterInfusionRateCap, kind: .decimal, apply: { value, policy in
            if case .decimal(let tenths) = value { policy.laterInfusionRateCap = tenths }
            return nil
        }, show: { $0.laterInfusionRateCap.description }),
        SettingSpec(setting: .durationsOffered, kind: .integers, apply: { value, policy in
            if case .integers(let list) = value { policy.durationChoicesMinutes = list }
            return nil
        }, show: { list($0.durationChoicesMinutes.map(String.init)) }),
        SettingSpec(setting: .durationDefault, kind: .integer, apply: { value, policy in
            if case .integer(let minutes) = value { policy.durationDefaultMinutes = minutes }
            return nil
        }, show: { String($0.durationDefaultMinutes) }),
        SettingSpec(setting: .stability, kind: .string, apply: { value, policy in
            choice(value, Stability.self) { policy.stability = $0 }
        }, show: { quoted($0.stability.rawValue) }),
        SettingSpec(setting: .diluteWithinMinutes, kind: .integer, apply: { value, policy in
            if case .integer(let minutes) = value { policy.diluteWithinMinutes = minutes }
            return nil
        }, show: { $0.diluteWithinMinutes.map(String.init) ?? "(not set)" }),
        SettingSpec(setting: .setting, kind: .string, apply: { value, policy in
            choice(value, CompoundingSetting.self) { policy.setting = $0 }
        }, show: { quoted($0.setting.rawValue) }),
        SettingSpec(setting: .budHours, kind: .integer, apply: { value, policy in
            if case .integer(let hours) = value { policy.budHours = hours }
            return nil
        }, show: { $0.budHours.map(String.init) ?? "(not set)" }),
        SettingSpec(setting: .immediateUseHours, kind: .integer, apply: { value, policy in
            if case .integer(let hours) = value { policy.immediateUseHours = hours }
            return nil
        }, show: { String($0.immediateUseHours) }),
        SettingSpec(setting: .bagMethod, kind: .string, apply: { value, policy in
            choice(value, BagMethod.self) { policy.bagMethod = $0 }
        }, show: { quoted($0.bagMethod.rawValue) }),
        SettingSpec(setting: .bagSizes, kind: .integers, apply: { value, policy in
            guard case .integers(let sizes) = value else { return nil }
            // Overfills are read after the sizes (`bag_overfill_ml`), and set on these.
            policy.prefilledBags = sizes.map { PrefilledBag(nominalML: Tenths(whole: $0)) }
            return nil
        }, show: { list($0.prefilledBags.map { $0.nominalML.description }) }),
        SettingSpec(setting: .flushML, kind: .decimal, apply: { value, policy in
            if case .decimal(let tenths) = value { policy.flushML = tenths }
            return nil
        }, show: { $0.flushML.description }),
        SettingSpec(setting: .doubleCheck, kind: .string, apply: { value, policy in
            choice(value, DoubleCheckRequirement.self) { policy.doubleCheck = $0 }
        }, show: { quoted($0.doubleCheck.rawValue) }),
        SettingSpec(setting: .labelFormat, kind: .string, apply: { value, policy in
            choice(value, LabelFormat.self) { policy.labelFormat = $0 }
        }, show: { quoted($0.labelFormat.rawValue) }),
        SettingSpec(setting: .labelSize, kind: .string, apply: { value, policy in
            choice(value, LabelSize.self) { policy.labelSize = $0 }
        }, show: { quoted($0.labelSize.rawValue) }),
        SettingSpec(setting: .labelPrinter, kind: .string, apply: { value, policy in
            guard case .string(let text) = value else { return nil }
            // Refused at load, not at the last step of a preparation.
            guard LabelPrinter.isValidName(text) else {
                return (text.isEmpty ? "the printer name is empty" : "\(JSONText.string(text)) is not a printer name") + ": give \(LabelPrinter.accepted)."
            }
            policy.printerName = text
            return nil
        }, show: { quoted($0.printerName) }),
        SettingSpec(setting: .recordsURL, kind: .string, apply: { value, policy in
            if case .string(let text) = value { policy.recordsURL = text }
            return nil
        }, show: { quoted($0.recordsURL.map(redactedPassword)) }),
    ]

    static let headerSettings: [(PolicySetting, ValueKind)] = [
        (.id, .string), (.version, .stringOrInteger), (.approvedBy, .string), (.approvalDate, .date),
    ]

    /// The sections (tables) a policy file may have.
    static let sections = ["policy", "vials", "rounding", "rate_caps", "durations", "deadlines", "preparation", "label", "records"]

    /// Sub-tables keyed by a number: per-strength GTINs, per-size overfill.
    static let numberedTables: [PolicySetting] = [.vialGTINs, .bagOverfill]

    /// Every key a file may have (numbered tables as "vials.gtins.<strength>").
    static var allKeys: [String] {
        headerSettings.map(\.0.key) + settings.map(\.setting.key) + numberedTables.map(\.key)
    }
}

/// A URL as it may be shown: "postgres://nurse:secret@host/db" as "postgres://nurse:***@host/db".
func redactedPassword(_ url: String) -> String {
    guard let scheme = url.range(of: "://") else { return url }
    let rest = url[scheme.upperBound...]
    guard let at = rest.lastIndex(of: "@") else {
        // No "@": a "user:secret/db" form would show the secret as a port; show no more
        // than the scheme and the host part before any ":".
        return String(url[..<scheme.upperBound]) + String(rest.prefix { $0 != ":" && $0 != "/" }) + (rest.contains(":") ? ":***" : "")
            + (rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "")
    }
    let userInfo = rest[..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return url }
    return String(url[..<scheme.upperBound]) + String(userInfo[..<colon]) + ":***" + String(rest[at...])
}

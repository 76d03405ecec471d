import Foundation
import TestSupport
import Testing

/// Runs the real `infusion-prep` binary that `swift build` made next to the tests.
func infusionPrep(_ arguments: [String]) throws -> ProcessResult {
    try runProcess([infusionPrepBinary] + arguments)
}

/// `--name value`, or `--name=value` when the value starts with "-" (so that it is not
/// read as an option).
func option(_ name: String, _ value: String) -> [String] {
    value.hasPrefix("-") ? ["--\(name)=\(value)"] : ["--\(name)", value]
}

/// A `plan` command line; nil leaves an option out.
func planArguments(weight: String? = "70", dose: String? = "60", totalDose: String? = nil,
                   frequency: String? = "every-2-weeks", _ extra: [String] = []) -> [String] {
    var arguments = ["plan"]
    if let weight { arguments += option("weight", weight) }
    if let dose { arguments += option("dose", dose) }
    if let totalDose { arguments += option("total-dose", totalDose) }
    if let frequency { arguments += option("frequency", frequency) }
    return arguments + extra
}

/// The one JSON object `plan --json` prints.
func parseJSONObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let dictionary = object as? [String: Any] else {
        Issue.record("not a JSON object: \(text)", sourceLocation: sourceLocation)
        throw CancellationError()
    }
    return dictionary
}

/// A JSON number as a Double (JSONSerialization gives NSNumber).
func number(_ value: Any?) -> Double? {
    if let value = value as? NSNumber { return value.doubleValue }
    if let value = value as? Int { return Double(value) }
    if let value = value as? Double { return value }
    return nil
}

func isNull(_ value: Any?) -> Bool { value is NSNull }

/// The contract for bad input: exit 2, one "error: " line on stderr, nothing on stdout, no crash.
func expectBadInput(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    #expect(result.status < 128, "crashed (signal \(result.status - 128))", sourceLocation: sourceLocation)
    #expect(result.status == 2, "exit status", sourceLocation: sourceLocation)
    #expect(result.standardOutput.isEmpty, "stdout: \(result.standardOutput)", sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardError.hasPrefix("error: "), "stderr: \(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardError.hasSuffix("\n"), sourceLocation: sourceLocation)
    return result.standardError
}

/// The keys of version 1 of the `plan --json` interface: each keeps its meaning in version 2.
let planKeysVersion1: Set<String> = [
    "weight_kg", "dose_units_per_kg", "frequency", "two_week_units_per_kg", "prescribed_dose_units",
    "prepared_dose_units", "dose_change_percent", "units_per_4_weeks", "vials", "withdrawals", "total_vials",
    "waste_units", "drug_volume_ml", "final_volume_ml", "sodium_chloride_ml", "duration_min", "rate_ml_per_h",
    "dose_rate_units_per_kg_per_min", "findings",
]
/// The keys schema version 3 adds: R10 (the bag), R11 (the pump plan) and the policy in force.
let planKeysVersion3: Set<String> = ["bag_method", "bag_size_ml", "bag_overfill_ml", "remove_ml", "pump", "policy"]
/// The keys schema version 4 adds: the earliest dilute-by and start-by limits (section 5).
let planKeysVersion4: Set<String> = ["dilute_by", "start_by"]
/// The exact keys of the `plan --json` interface, schema version 4.
let planKeys: Set<String> = planKeysVersion1.union(["schema_version", "units_drawn", "deadlines", "cautions"]).union(planKeysVersion3)
    .union(planKeysVersion4)
let pumpKeys: Set<String> = ["bag_ml", "bag_min", "rate_ml_per_h", "flush_ml", "flush_min", "total_min"]
let policyKeys: Set<String> = ["id", "version", "approved_by", "approval_date", "sha256", "description"]
let deadlineKeys: Set<String> = ["name", "at", "source", "from", "hours", "description"]
let cautionKeys: Set<String> = ["code", "message"]
let perFourWeeksKeys: Set<String> = ["prescribed", "prepared"]
let vialKeys: Set<String> = ["strength_units", "count", "water_ml", "vial_volume_ml"]
let withdrawalKeys: Set<String> = ["strength_units", "withdraw_ml", "units_drawn"]
let findingKeys: Set<String> = ["severity", "code", "message"]

/// Checks the shape of a plan JSON object: every key, nested keys, types.
func expectPlanShape(_ json: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Set(json.keys) == planKeys, sourceLocation: sourceLocation)
    let perFourWeeks = json["units_per_4_weeks"] as? [String: Any]
    #expect(perFourWeeks.map { Set($0.keys) } == perFourWeeksKeys, sourceLocation: sourceLocation)
    let vials = json["vials"] as? [[String: Any]]
    #expect(vials != nil && vials!.allSatisfy { Set($0.keys) == vialKeys }, sourceLocation: sourceLocation)
    let withdrawals = json["withdrawals"] as? [[String: Any]]
    #expect(withdrawals != nil && withdrawals!.allSatisfy { Set($0.keys) == withdrawalKeys }, sourceLocation: sourceLocation)
    let findings = json["findings"] as? [[String: Any]]
    #expect(findings != nil && findings!.allSatisfy { Set($0.keys) == findingKeys }, sourceLocation: sourceLocation)
    for finding in findings ?? [] {
        #expect(["hard", "soft", "info"].contains(finding["severity"] as? String ?? ""), sourceLocation: sourceLocation)
        #expect(!(finding["code"] as? String ?? "").isEmpty, sourceLocation: sourceLocation)
        #expect(!(finding["message"] as? String ?? "").isEmpty, sourceLocation: sourceLocation)
    }
    let deadlines = json["deadlines"] as? [[String: Any]]
    #expect(deadlines != nil && deadlines!.allSatisfy { Set($0.keys) == deadlineKeys }, sourceLocation: sourceLocation)
    for deadline in deadlines ?? [] {
        #expect(["dilute-by", "start-by"].contains(deadline["name"] as? String ?? ""), sourceLocation: sourceLocation)
        for key in ["at", "from"] {
            // ISO 8601 with the UTC offset (section 3).
            #expect((deadline[key] as? String)?.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}/#) != nil,
                    "\(key): \(deadline[key] ?? "nil")", sourceLocation: sourceLocation)
        }
        #expect(number(deadline["hours"]) != nil, sourceLocation: sourceLocation)
    }
    let cautions = json["cautions"] as? [[String: Any]]
    #expect(cautions != nil && cautions!.allSatisfy { Set($0.keys) == cautionKeys }, sourceLocation: sourceLocation)
    #expect(number(json["schema_version"]) == 4, sourceLocation: sourceLocation)
    #expect(json["frequency"] is String, sourceLocation: sourceLocation)
    #expect(["empty", "prefilled"].contains(json["bag_method"] as? String ?? ""), sourceLocation: sourceLocation)
    for key in ["bag_size_ml", "bag_overfill_ml", "remove_ml"] {
        #expect(number(json[key]) != nil || isNull(json[key]), "\(key) is a number or null", sourceLocation: sourceLocation)
    }
    if let pump = json["pump"] as? [String: Any] {
        #expect(Set(pump.keys) == pumpKeys, sourceLocation: sourceLocation)
        #expect(pump.values.allSatisfy { number($0) != nil }, sourceLocation: sourceLocation)
    } else {
        #expect(isNull(json["pump"]), sourceLocation: sourceLocation)
    }
    let policy = json["policy"] as? [String: Any]
    #expect(policy.map { Set($0.keys) } == policyKeys, sourceLocation: sourceLocation)
    #expect(policy?["description"] is String, sourceLocation: sourceLocation)
    // Schema 4: the earliest limits, each a deadline object or null.
    for key in planKeysVersion4 {
        let limit = json[key] as? [String: Any]
        #expect(isNull(json[key]) || limit.map { Set($0.keys) } == ["name", "at", "source", "from", "hours", "description"],
                "\(key) is a deadline or null", sourceLocation: sourceLocation)
    }
    for key in planKeys.subtracting(["frequency", "units_per_4_weeks", "vials", "withdrawals", "findings", "deadlines", "cautions",
                                     "final_volume_ml", "sodium_chloride_ml", "rate_ml_per_h"]).subtracting(planKeysVersion3)
        .subtracting(planKeysVersion4) {
        #expect(number(json[key]) != nil, "\(key) is a number", sourceLocation: sourceLocation)
    }
}

/// Findings of one severity, as codes, from a plan JSON object.
func findingCodes(_ json: [String: Any], _ severity: String) -> [String] {
    ((json["findings"] as? [[String: Any]]) ?? []).filter { $0["severity"] as? String == severity }.compactMap { $0["code"] as? String }
}

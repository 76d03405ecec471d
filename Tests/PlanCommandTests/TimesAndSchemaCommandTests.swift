import Foundation
import TestSupport
import Testing

/// `plan` with a time zone from TZ (and the rest of the environment kept).
func infusionPrep(_ arguments: [String], timeZone: String) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment["TZ"] = timeZone
    return try runProcess([infusionPrepBinary] + arguments, environment: environment)
}

/// A TZ whose local time is now between 11:00 and 13:00, so that a time of day "today" can
/// be safely in the past (now - 1 h) or in the future (23:59) whenever the tests run.
func zoneNearNoon() -> (tz: String, offsetHours: Int) {
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = TimeZone(identifier: "UTC")!
    let hour = utc.component(.hour, from: Date())
    let offset = 12 - hour   // -11 ... 12
    let tz = offset == 0 ? "UTC" : (offset > 0 ? "Etc/GMT-\(offset)" : "Etc/GMT+\(-offset)")  // POSIX signs are inverted
    return (tz, offset)
}

func deadlineObjects(_ json: [String: Any]) -> [[String: String]] {
    ((json["deadlines"] as? [[String: Any]]) ?? []).map { object in
        var out: [String: String] = [:]
        for (key, value) in object {
            if let text = value as? String { out[key] = text } else if let n = number(value) { out[key] = String(Int(n)) }
        }
        out.removeValue(forKey: "description")
        return out
    }
}

@Suite("plan: times, deadlines and JSON schema 2 (binary)")
struct TimesCommandTests {
    static let dstArguments = planArguments(weight: "70", dose: "60", frequency: "every-2-weeks",
                                            ["--reconstituted-at", "2026-10-31T20:00", "--stability", "us-label", "--setting", "pharmacy",
                                             // A planned start within every deadline, so the result does not depend on today's date.
                                             "--start-at", "2026-11-01T09:00"])

    @Test("rule book section 4, daylight saving: TZ=America/New_York, reconstituted 2026-10-31T20:00, US label, pharmacy: dilute by 2026-11-01T07:00:00-05:00")
    func daylightSaving() throws {
        let result = try infusionPrep(Self.dstArguments + ["--json"], timeZone: "America/New_York")
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let json = try parseJSONObject(result.standardOutput)
        expectPlanShape(json)
        #expect(deadlineObjects(json) == [["name": "dilute-by", "at": "2026-11-01T07:00:00-05:00", "source": "us-label-reconstituted-vials",
                                           "from": "2026-10-31T20:00:00-04:00", "hours": "12"]])
        let text = try infusionPrep(Self.dstArguments, timeZone: "America/New_York")
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("first reconstitution 2026-10-31 20:00"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("Dilute by 2026-11-01 07:00"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("08:00"))
        #expect(!text.standardOutput.contains("next day"))
    }

    @Test("daylight saving: a dilution at 07:30 EST (12 h 30 min later) is a STOP (exit 3); at 07:00 it is not", arguments: [
        ("2026-11-01T07:30", Int32(3), ["diluted-after-dilute-by"]),
        ("2026-11-01T07:00", Int32(0), []),
        ("2026-11-01T07:30-05:00", Int32(3), ["diluted-after-dilute-by"]),
        ("2026-11-01T12:00Z", Int32(0), []),
    ])
    func dilutionAcrossTheChange(_ diluted: String, _ status: Int32, _ hard: [String]) throws {
        let result = try infusionPrep(Self.dstArguments + ["--diluted-at", diluted, "--json"], timeZone: "America/New_York")
        #expect(result.status == status)
        let json = try parseJSONObject(result.standardOutput)
        #expect(findingCodes(json, "hard") == hard)
        let bag = deadlineObjects(json).first { $0["source"] == "label-diluted-bag" }
        #expect(bag?["hours"] == "24")
        #expect(bag?["name"] == "start-by")
    }

    @Test("defaults (US label, immediate use), TZ=UTC: start by 4 h and dilute by 12 h after the first reconstitution")
    func defaults() throws {
        let arguments = planArguments(["--reconstituted-at", "2026-11-28T09:00Z", "--start-at", "2026-11-28T12:00Z"])
        let result = try infusionPrep(arguments + ["--json"], timeZone: "UTC")
        #expect(result.status == 0)
        let json = try parseJSONObject(result.standardOutput)
        expectPlanShape(json)
        #expect(deadlineObjects(json) == [
            ["name": "start-by", "at": "2026-11-28T13:00:00+00:00", "source": "immediate-use", "from": "2026-11-28T09:00:00+00:00", "hours": "4"],
            ["name": "dilute-by", "at": "2026-11-28T21:00:00+00:00", "source": "us-label-reconstituted-vials", "from": "2026-11-28T09:00:00+00:00", "hours": "12"],
        ])
        let text = try infusionPrep(arguments, timeZone: "UTC")
        #expect(text.standardOutput.contains("Start the infusion by 2026-11-28 13:00"), "\(text.standardOutput)")
        #expect(text.standardOutput.contains("do not store the bag"))
        // Berlin, from the same instant given with its offset: the same deadlines, written in Berlin's offset.
        let berlin = try infusionPrep(arguments + ["--json"], timeZone: "Europe/Berlin")
        #expect(deadlineObjects(try parseJSONObject(berlin.standardOutput)).map { $0["at"] } == ["2026-11-28T14:00:00+01:00", "2026-11-28T22:00:00+01:00"])
    }

    @Test("EU label, pharmacy: \"dilute at once\" and no dilute-by instant; after dilution the bag's 24 hours")
    func euLabel() throws {
        let arguments = planArguments(["--reconstituted-at", "2026-11-28T09:00Z", "--stability", "eu-label", "--setting", "pharmacy"])
        let result = try infusionPrep(arguments + ["--json"], timeZone: "UTC")
        #expect(result.status == 0)
        #expect(deadlineObjects(try parseJSONObject(result.standardOutput)).isEmpty)
        let text = try infusionPrep(arguments, timeZone: "UTC")
        #expect(text.standardOutput.contains("dilute at once"), "\(text.standardOutput)")
        let diluted = try infusionPrep(arguments + ["--diluted-at", "2026-11-28T09:20Z", "--json"], timeZone: "UTC")
        #expect(deadlineObjects(try parseJSONObject(diluted.standardOutput)) == [
            ["name": "start-by", "at": "2026-11-29T09:20:00+00:00", "source": "label-diluted-bag", "from": "2026-11-28T09:20:00+00:00", "hours": "24"],
        ])
    }

    @Test("HH:MM is today in the zone of TZ")
    func clockTimeToday() throws {
        let (tz, offset) = zoneNearNoon()
        let now = Date()
        let earlier = now.addingTimeInterval(-3600)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: offset * 3600)!
        formatter.dateFormat = "HH:mm"
        let typed = formatter.string(from: earlier)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:00xxx"
        let expectedFrom = formatter.string(from: earlier)
        let result = try infusionPrep(planArguments(["--reconstituted-at", typed, "--json"]), timeZone: tz)
        #expect(result.status == 0, "\(result.standardError)")
        let deadlines = deadlineObjects(try parseJSONObject(result.standardOutput))
        #expect(deadlines.first?["from"] == expectedFrom, "\(tz): \(typed)")
        #expect(deadlines.first?["hours"] == "4")
    }

    struct BadTime: Sendable, CustomTestStringConvertible {
        let name: String
        let extra: [String]
        let tz: String
        /// Words the one error line must contain.
        let says: [String]
        var testDescription: String { name }
    }

    static var badTimes: [BadTime] {
        let noon = zoneNearNoon().tz
        let tomorrow = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        return [
            BadTime(name: "25:00", extra: ["--reconstituted-at", "25:00"], tz: "UTC", says: ["\"25:00\"", "HH:MM", "ISO 8601"]),
            BadTime(name: "12:60", extra: ["--reconstituted-at", "12:60"], tz: "UTC", says: ["\"12:60\"", "HH:MM", "ISO 8601"]),
            BadTime(name: "noon", extra: ["--reconstituted-at", "noon"], tz: "UTC", says: ["\"noon\"", "HH:MM", "ISO 8601"]),
            BadTime(name: "a malformed offset", extra: ["--reconstituted-at", "2026-11-28T10:00+5"], tz: "UTC",
                    says: ["UTC offset", "ISO 8601"]),
            BadTime(name: "an offset of 15 hours", extra: ["--reconstituted-at", "2026-11-28T10:00+15:00"], tz: "UTC",
                    says: ["UTC offset", "ISO 8601"]),
            BadTime(name: "31 November", extra: ["--reconstituted-at", "2026-11-31T10:00"], tz: "UTC", says: ["ISO 8601"]),
            BadTime(name: "23:59 today, in the future", extra: ["--reconstituted-at", "23:59"], tz: noon,
                    says: ["future", "5 minutes"]),
            BadTime(name: "tomorrow (ISO 8601)", extra: ["--reconstituted-at", tomorrow], tz: "UTC", says: ["future"]),
            BadTime(name: "a dilution before the reconstitution",
                    extra: ["--reconstituted-at", "2026-11-28T10:00Z", "--diluted-at", "2026-11-28T09:59Z"], tz: "UTC",
                    says: ["before the reconstitution", "2026-11-28 09:59", "2026-11-28 10:00"]),
            BadTime(name: "a dilution in the future",
                    extra: ["--reconstituted-at", "2026-11-28T10:00Z", "--diluted-at", tomorrow], tz: "UTC", says: ["future"]),
            BadTime(name: "a local time that happened twice", extra: ["--reconstituted-at", "2026-11-01T01:30"], tz: "America/New_York",
                    says: ["twice", "-04:00", "-05:00"]),
            BadTime(name: "a local time the clocks skipped", extra: ["--reconstituted-at", "2026-03-08T02:30"], tz: "America/New_York",
                    says: ["skipped"]),
            BadTime(name: "Berlin skipped 2026-03-29 02:30", extra: ["--reconstituted-at", "2026-03-29T02:30"], tz: "Europe/Berlin",
                    says: ["skipped"]),
            BadTime(name: "--diluted-at without --reconstituted-at", extra: ["--diluted-at", "2026-11-28T10:00Z"], tz: "UTC",
                    says: ["--reconstituted-at"]),
            BadTime(name: "a bad --diluted-at", extra: ["--reconstituted-at", "2026-11-28T10:00Z", "--diluted-at", "25:00"], tz: "UTC",
                    says: ["HH:MM", "ISO 8601"]),
            BadTime(name: "--setting bench", extra: ["--setting", "bench"], tz: "UTC", says: ["immediate-use", "pharmacy"]),
            BadTime(name: "--stability us", extra: ["--stability", "us"], tz: "UTC", says: ["us-label", "eu-label"]),
        ]
    }

    @Test("bad times: exit 2, one error line that says what is accepted, nothing on stdout", arguments: badTimes)
    func badTime(_ row: BadTime) throws {
        for json in [false, true] {
            let result = try infusionPrep(planArguments(row.extra + (json ? ["--json"] : [])), timeZone: row.tz)
            let error = expectBadInput(result)
            for words in row.says { #expect(error.contains(words), "\"\(words)\" in \(error)") }
        }
    }
}

@Suite("plan: JSON schema 4 and what versions 2 to 4 add (binary)")
struct SchemaCommandTests {
    @Test("schema_version 4; units_drawn at the top and per withdrawal, deadlines and cautions (2); every version-1 key")
    func schema() throws {
        let result = try infusionPrep(planArguments(weight: "20", dose: nil, totalDose: "50", frequency: "weekly", ["--json"]))
        #expect(result.status == 0)
        let json = try parseJSONObject(result.standardOutput)
        expectPlanShape(json)
        #expect(planKeysVersion1.isSubset(of: Set(json.keys)))
        #expect(number(json["schema_version"]) == 4)
        #expect(number(json["units_drawn"]) == 52)
        #expect(number(json["prepared_dose_units"]) == 50)
        let withdrawals = json["withdrawals"] as? [[String: Any]] ?? []
        #expect(withdrawals.map { number($0["units_drawn"]) } == [52])
        #expect(withdrawals.map { number($0["withdraw_ml"]) } == [1.3])
        #expect((json["deadlines"] as? [Any])?.isEmpty == true)
        #expect((json["cautions"] as? [Any])?.isEmpty == true)
    }

    @Test("--first-infusion: the first-infusion caution in the text and the JSON (R12)")
    func firstInfusionCaution() throws {
        let arguments = planArguments(["--first-infusion"])
        let json = try parseJSONObject(try infusionPrep(arguments + ["--json"]).standardOutput)
        let cautions = json["cautions"] as? [[String: Any]] ?? []
        #expect(cautions.map { $0["code"] as? String } == ["first-infusion"])
        #expect((cautions.first?["message"] as? String)?.contains("0.5 units/kg/min") == true)
        let text = try infusionPrep(arguments)
        #expect(text.standardOutput.split(separator: "\n").contains { $0.hasPrefix("Cautions    First infusion") }, "\(text.standardOutput)")
    }

    struct Derived: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let status: Int32
        /// Each key with its number exactly as written.
        let written: [String: String]
        let soft: [String]
        let hard: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test("derived ratios to 4 decimals, a value beyond a limit rounded away from it (section 3)", arguments: [
        Derived(arguments: planArguments(weight: "70", dose: nil, totalDose: "1049"), status: 0,
              written: ["two_week_units_per_kg": "14.9857", "dose_units_per_kg": "14.9857", "dose_rate_units_per_kg_per_min": "0.1249"],
              soft: ["two-week-dose-below-label-range"], hard: []),
        Derived(arguments: planArguments(weight: "70", dose: nil, totalDose: "1046"), status: 0,
              written: ["two_week_units_per_kg": "14.9428", "dose_units_per_kg": "14.9429"],
              soft: ["two-week-dose-below-label-range"], hard: []),
        Derived(arguments: planArguments(weight: "70", dose: "60.1", ["--first-infusion"]), status: 3,
              written: ["dose_rate_units_per_kg_per_min": "0.5009", "two_week_units_per_kg": "60.1", "dose_units_per_kg": "60.1"],
              soft: ["two-week-dose-above-label-range"], hard: ["dose-rate-above-cap"]),
        Derived(arguments: planArguments(weight: "20", dose: "2.5", frequency: "3-per-week"), status: 0,
              written: ["two_week_units_per_kg": "15", "dose_rate_units_per_kg_per_min": "0.0208"], soft: [], hard: []),
        Derived(arguments: planArguments(weight: "70", dose: "60"), status: 0,
              written: ["two_week_units_per_kg": "60", "dose_rate_units_per_kg_per_min": "0.5"], soft: [], hard: []),
    ])
    func derivedRatios(_ row: Derived) throws {
        let result = try infusionPrep(row.arguments + ["--json"])
        #expect(result.status == row.status)
        for (key, value) in row.written.sorted(by: { $0.key < $1.key }) {
            #expect(result.standardOutput.contains("\n  \"\(key)\": \(value),\n"), "\(key): \(value) in \(result.standardOutput)")
        }
        let json = try parseJSONObject(result.standardOutput)
        #expect(findingCodes(json, "soft") == row.soft)
        #expect(findingCodes(json, "hard") == row.hard)
    }

    @Test("the issue's finding 8: 70 kg, 1,049 units every 2 weeks: no 15 beside \"below 15\", in JSON or text")
    func issueFindingEight() throws {
        let json = try parseJSONObject(try infusionPrep(planArguments(weight: "70", dose: nil, totalDose: "1049", ["--json"])).standardOutput)
        #expect(number(json["two_week_units_per_kg"]) != 15)
        #expect(findingCodes(json, "soft") == ["two-week-dose-below-label-range"])
        let text = try infusionPrep(planArguments(weight: "70", dose: nil, totalDose: "1049")).standardOutput
        #expect(!text.contains("equivalent, 15 units/kg"), "\(text)")
        #expect(!text.contains("; 15 units/kg per 2 weeks"), "\(text)")
    }

    @Test("R6: a partial draw shows the units it holds; the plan shows the difference from the prepared dose")
    func unitsDrawnInText() throws {
        let text = try infusionPrep(planArguments(weight: "20", dose: nil, totalDose: "50", frequency: "weekly")).standardOutput
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("Withdraw    1.3 mL (52 units) from 1 x 200-unit vial (partial: discard the rest)"), "\(text)")
        let drawn = lines.first { $0.hasPrefix("Units drawn ") }
        #expect(drawn.map { mentions($0, "52 units") && mentions($0, "50 units") && $0.contains("+2 units") } == true, "\(text)")
        #expect(!text.contains("1.3 mL (50 units)"))
    }

    @Test("R4: --rounding nearest on a dose of whole vials rounds nothing and says nothing (70 kg x 60, vials 400+200)")
    func noRoundingAtZeroWaste() throws {
        let json = try parseJSONObject(try infusionPrep(planArguments(["--rounding", "nearest", "--tolerance", "10", "--json"])).standardOutput)
        #expect(number(json["prepared_dose_units"]) == 4200)
        #expect(number(json["dose_change_percent"]) == 0)
        #expect(findingCodes(json, "info") == ["vial-strength-discontinued"])
    }
}

@Suite("plan: the start is checked against the start-by deadline (section 5)")
struct StartDeadlineCommandTests {
    @Test("a start after the start-by deadline is a STOP (exit 3) that names the deadline and its source; one before it is not")
    func startAfterDeadline() throws {
        let late = try infusionPrep(planArguments(["--reconstituted-at", "2026-11-28T09:00Z", "--start-at", "2026-11-28T13:01Z", "--json"]),
                                    timeZone: "UTC")
        #expect(late.status == 3)
        let json = try parseJSONObject(late.standardOutput)
        #expect(findingCodes(json, "hard") == ["start-after-start-by"])
        let text = try infusionPrep(planArguments(["--reconstituted-at", "2026-11-28T09:00Z", "--start-at", "2026-11-28T13:01Z"]), timeZone: "UTC")
        #expect(text.standardOutput.contains("A start at 2026-11-28 13:01 is after the deadline to start the infusion, 2026-11-28 13:00"))
        #expect(text.standardOutput.contains("immediate use"))
        let inTime = try infusionPrep(planArguments(["--reconstituted-at", "2026-11-28T09:00Z", "--start-at", "2026-11-28T13:00Z", "--json"]),
                                      timeZone: "UTC")
        #expect(inTime.status == 0, "the deadline itself is still in time")
    }

    @Test("without --start-at the start is now: a reconstitution days ago is past its deadline")
    func startIsNow() throws {
        let result = try infusionPrep(planArguments(["--reconstituted-at", "2020-01-01T09:00Z", "--json"]), timeZone: "UTC")
        #expect(result.status == 3)
        #expect(findingCodes(try parseJSONObject(result.standardOutput), "hard") == ["start-after-start-by"])
    }

    @Test("--start-at needs --reconstituted-at")
    func startNeedsReconstitution() throws {
        let result = try infusionPrep(planArguments(["--start-at", "2026-11-28T09:00Z"]), timeZone: "UTC")
        #expect(result.status == 2)
        #expect(result.standardError.contains("--reconstituted-at"))
        #expect(result.standardOutput.isEmpty)
    }
}

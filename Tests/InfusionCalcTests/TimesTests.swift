import InfusionCalc
import TestSupport
import Testing

/// The standard adult order (70 kg, 60 units/kg, every 2 weeks) with times: R9, section 5.
func timedPlan(reconstitutedAt: Instant?, dilutedAt: Instant? = nil, startAt: Instant? = nil,
               zone: TimeZoneRule = .utc, policy: SitePolicy = .standard) -> Result<PreparationPlan, InputError> {
    let request = PlanRequest(weight: WeightEntry(kilograms: t("70")), dose: .perKg(t("60")), frequency: .everyTwoWeeks,
                              reconstitutedAt: reconstitutedAt, dilutedAt: dilutedAt, startAt: startAt, zone: zone)
    return PreparationPlan.make(request, policy: policy)
}

func sitePolicy(stability: Stability = .usLabel, setting: CompoundingSetting = .immediateUse, budHours: Int? = nil,
                diluteWithinMinutes: Int? = nil) -> SitePolicy {
    var policy = SitePolicy.standard
    policy.stability = stability
    policy.setting = setting
    policy.budHours = budHours
    policy.diluteWithinMinutes = diluteWithinMinutes
    return policy
}

/// Section 5: the limits, each its start plus its hours, earliest first.
@Suite("Section 5 deadlines")
struct DeadlineTests {
    struct Limit: Sendable, Equatable, CustomStringConvertible {
        let name: String, source: String, from: String, at: String, hours: Int
        init(_ name: String, _ source: String, from: String, at: String, hours: Int) {
            (self.name, self.source, self.from, self.at, self.hours) = (name, source, from, at, hours)
        }
        var description: String { "\(name) \(at) (\(source), \(from) + \(hours) h)" }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let stability: Stability
        let setting: CompoundingSetting
        var budHours: Int? = nil
        let diluted: String?
        let limits: [Limit]
        /// The earliest limit on the dilution and on the start, as ISO 8601 (UTC).
        let diluteBy: String?
        let startBy: String?
        var testDescription: String { name }
    }

    static let reconstituted = "2026-11-29T09:00:00Z"

    /// Reconstituted 2026-11-29 09:00 UTC.
    @Test("the label's stability and the setting each give a limit (start plus hours, elapsed)", arguments: [
        Row(name: "US label, immediate use (the defaults): dilute within 12 h, start within 4 h",
            stability: .usLabel, setting: .immediateUse, diluted: nil,
            limits: [Limit("start-by", "immediate-use", from: reconstituted, at: "2026-11-29T13:00:00Z", hours: 4),
                     Limit("dilute-by", "us-label-reconstituted-vials", from: reconstituted, at: "2026-11-29T21:00:00Z", hours: 12)],
            diluteBy: "2026-11-29T13:00:00Z", startBy: "2026-11-29T13:00:00Z"),
        Row(name: "US label, pharmacy, not diluted: dilute within 12 h only",
            stability: .usLabel, setting: .pharmacy, diluted: nil,
            limits: [Limit("dilute-by", "us-label-reconstituted-vials", from: reconstituted, at: "2026-11-29T21:00:00Z", hours: 12)],
            diluteBy: "2026-11-29T21:00:00Z", startBy: nil),
        Row(name: "US label, pharmacy, diluted at 11:00: infuse within 24 h of dilution",
            stability: .usLabel, setting: .pharmacy, diluted: "2026-11-29T11:00:00Z",
            limits: [Limit("dilute-by", "us-label-reconstituted-vials", from: reconstituted, at: "2026-11-29T21:00:00Z", hours: 12),
                     Limit("start-by", "label-diluted-bag", from: "2026-11-29T11:00:00Z", at: "2026-11-30T11:00:00Z", hours: 24)],
            diluteBy: "2026-11-29T21:00:00Z", startBy: "2026-11-30T11:00:00Z"),
        Row(name: "US label, pharmacy with bud_hours 6: the beyond-use limit also applies",
            stability: .usLabel, setting: .pharmacy, budHours: 6, diluted: "2026-11-29T10:00:00Z",
            limits: [Limit("start-by", "pharmacy-beyond-use", from: reconstituted, at: "2026-11-29T15:00:00Z", hours: 6),
                     Limit("dilute-by", "us-label-reconstituted-vials", from: reconstituted, at: "2026-11-29T21:00:00Z", hours: 12),
                     Limit("start-by", "label-diluted-bag", from: "2026-11-29T10:00:00Z", at: "2026-11-30T10:00:00Z", hours: 24)],
            diluteBy: "2026-11-29T15:00:00Z", startBy: "2026-11-29T15:00:00Z"),
        Row(name: "immediate use, diluted: the 4 h limit is earlier than the bag's 24 h",
            stability: .usLabel, setting: .immediateUse, diluted: "2026-11-29T10:00:00Z",
            limits: [Limit("start-by", "immediate-use", from: reconstituted, at: "2026-11-29T13:00:00Z", hours: 4),
                     Limit("dilute-by", "us-label-reconstituted-vials", from: reconstituted, at: "2026-11-29T21:00:00Z", hours: 12),
                     Limit("start-by", "label-diluted-bag", from: "2026-11-29T10:00:00Z", at: "2026-11-30T10:00:00Z", hours: 24)],
            diluteBy: "2026-11-29T13:00:00Z", startBy: "2026-11-29T13:00:00Z"),
        Row(name: "EU label, immediate use: no 12 h; start within 4 h",
            stability: .euLabel, setting: .immediateUse, diluted: nil,
            limits: [Limit("start-by", "immediate-use", from: reconstituted, at: "2026-11-29T13:00:00Z", hours: 4)],
            diluteBy: "2026-11-29T13:00:00Z", startBy: "2026-11-29T13:00:00Z"),
        Row(name: "EU label, pharmacy, not diluted: dilute at once, no instant",
            stability: .euLabel, setting: .pharmacy, diluted: nil, limits: [], diluteBy: nil, startBy: nil),
        Row(name: "EU label, pharmacy, diluted: the bag 24 h",
            stability: .euLabel, setting: .pharmacy, diluted: "2026-11-29T09:10:00Z",
            limits: [Limit("start-by", "label-diluted-bag", from: "2026-11-29T09:10:00Z", at: "2026-11-30T09:10:00Z", hours: 24)],
            diluteBy: nil, startBy: "2026-11-30T09:10:00Z"),
    ])
    func limits(_ row: Row) throws {
        let policy = sitePolicy(stability: row.stability, setting: row.setting, budHours: row.budHours)
        let from = instant(Self.reconstituted)
        let diluted = row.diluted.map { instant($0) }
        let deadlines = Rules.deadlines(reconstitutedAt: from, dilutedAt: diluted, policy: policy)
        let seen = deadlines.map {
            Limit($0.kind.rawValue, $0.source.rawValue, from: TimeZoneRule.utc.zoned($0.from).iso8601.replacingOccurrencesOfUTC,
                  at: TimeZoneRule.utc.zoned($0.at).iso8601.replacingOccurrencesOfUTC, hours: $0.hours)
        }
        #expect(seen == row.limits)
        #expect(Rules.diluteBy(deadlines)?.at == row.diluteBy.map { instant($0) })
        #expect(Rules.startBy(deadlines)?.at == row.startBy.map { instant($0) })
        // The same through a whole plan, which carries them.
        let plan = try timedPlan(reconstitutedAt: from, dilutedAt: diluted, policy: policy).get()
        #expect(plan.deadlines == deadlines)
        #expect(plan.diluteBy?.at == row.diluteBy.map { instant($0) })
        #expect(plan.startBy?.at == row.startBy.map { instant($0) })
        // Section 3 on every line, times written with their dates.
        let times = plan.lines.drop { !$0.hasPrefix("Times") }.prefix { !$0.hasPrefix("Findings") }
        #expect(times.first?.contains("first reconstitution 2026-11-29 09:00") == true, "\(plan.lines)")
        for line in plan.lines {
            #expect(section3Problems(withoutDates(line)).isEmpty, "\(line)")
            #expect(!line.contains("next day"))
        }
        if let startBy = row.startBy {
            let shown = TimeZoneRule.utc.zoned(instant(startBy)).text
            #expect(times.contains { $0.hasPrefix("Start the infusion by \(shown)") || $0.contains("Start the infusion by \(shown)") }, "\(Array(times))")
        }
    }

    @Test("no reconstitution time: no deadline, the plan prints the storage sentences")
    func noTimes() throws {
        #expect(Rules.deadlines(reconstitutedAt: nil, dilutedAt: nil, policy: .standard).isEmpty)
        let plan = try timedPlan(reconstitutedAt: nil).get()
        #expect(plan.deadlines.isEmpty)
        let storage = plan.lines.drop { !$0.hasPrefix("Storage") }.prefix { !$0.hasPrefix("Findings") }.joined(separator: "\n")
        #expect(storage.contains("12 hours of reconstitution"))
        #expect(storage.contains("24 hours of dilution"))
        #expect(storage.contains("4 hours of the first reconstitution"))
        #expect(!storage.contains("the next day"))
        let pharmacy = try timedPlan(reconstitutedAt: nil, policy: sitePolicy(setting: .pharmacy)).get()
        let stored = pharmacy.lines.joined(separator: "\n")
        #expect(stored.contains("2 to 8 degrees C") && stored.contains("protected from light"))
        let eu = try timedPlan(reconstitutedAt: nil, policy: sitePolicy(stability: .euLabel)).get()
        #expect(eu.lines.contains { $0.contains("dilute at once") })
        #expect(SitePolicy.standard.stability == .usLabel && SitePolicy.standard.setting == .immediateUse, "the defaults")
    }

    struct Finds: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: SitePolicy
        let diluted: String?
        var start: String? = nil
        let hard: [FindingCode]
        let soft: [FindingCode]
        var testDescription: String { name }
    }

    /// Reconstituted 2026-11-29 09:00 UTC; "after" a deadline is refused, at it is not.
    @Test("a dilution or a start after its deadline is a STOP; EU dilute_within_minutes warns", arguments: [
        Finds(name: "US pharmacy: diluted at exactly 12 h", policy: sitePolicy(setting: .pharmacy),
              diluted: "2026-11-29T21:00:00Z", hard: [], soft: []),
        Finds(name: "US pharmacy: diluted 12 h 1 min after", policy: sitePolicy(setting: .pharmacy),
              diluted: "2026-11-29T21:01:00Z", hard: [.dilutedAfterDiluteBy], soft: []),
        Finds(name: "US immediate use: diluted at exactly 4 h", policy: sitePolicy(),
              diluted: "2026-11-29T13:00:00Z", hard: [], soft: []),
        Finds(name: "US immediate use: diluted 4 h 1 min after (the start deadline has passed)", policy: sitePolicy(),
              diluted: "2026-11-29T13:01:00Z", hard: [.dilutedAfterDiluteBy], soft: []),
        Finds(name: "immediate use: start at exactly 4 h", policy: sitePolicy(),
              diluted: "2026-11-29T10:00:00Z", start: "2026-11-29T13:00:00Z", hard: [], soft: []),
        Finds(name: "immediate use: start 4 h 1 min after", policy: sitePolicy(),
              diluted: "2026-11-29T10:00:00Z", start: "2026-11-29T13:01:00Z", hard: [.startAfterStartBy], soft: []),
        Finds(name: "pharmacy: start 24 h after dilution", policy: sitePolicy(setting: .pharmacy),
              diluted: "2026-11-29T10:00:00Z", start: "2026-11-30T10:00:00Z", hard: [], soft: []),
        Finds(name: "pharmacy: start 24 h 1 min after dilution", policy: sitePolicy(setting: .pharmacy),
              diluted: "2026-11-29T10:00:00Z", start: "2026-11-30T10:01:00Z", hard: [.startAfterStartBy], soft: []),
        Finds(name: "pharmacy bud_hours 6: start 6 h 1 min after reconstitution", policy: sitePolicy(setting: .pharmacy, budHours: 6),
              diluted: "2026-11-29T10:00:00Z", start: "2026-11-29T15:01:00Z", hard: [.startAfterStartBy], soft: []),
        Finds(name: "EU pharmacy, dilute_within_minutes 15: diluted at 15 min", policy: sitePolicy(stability: .euLabel, setting: .pharmacy, diluteWithinMinutes: 15),
              diluted: "2026-11-29T09:15:00Z", hard: [], soft: []),
        Finds(name: "EU pharmacy, dilute_within_minutes 15: diluted at 16 min warns", policy: sitePolicy(stability: .euLabel, setting: .pharmacy, diluteWithinMinutes: 15),
              diluted: "2026-11-29T09:16:00Z", hard: [], soft: [.dilutedLaterThanSiteLimit]),
        Finds(name: "EU pharmacy, no site limit: diluted at 3 h, nothing", policy: sitePolicy(stability: .euLabel, setting: .pharmacy),
              diluted: "2026-11-29T12:00:00Z", hard: [], soft: []),
        Finds(name: "EU immediate use: diluted 4 h 1 min after stops", policy: sitePolicy(stability: .euLabel),
              diluted: "2026-11-29T13:01:00Z", hard: [.dilutedAfterDiluteBy], soft: []),
    ])
    func findings(_ row: Finds) throws {
        let plan = try timedPlan(reconstitutedAt: instant("2026-11-29T09:00:00Z"), dilutedAt: row.diluted.map { instant($0) },
                                 startAt: row.start.map { instant($0) }, policy: row.policy).get()
        let timeCodes: Set<FindingCode> = [.dilutedAfterDiluteBy, .startAfterStartBy, .dilutedLaterThanSiteLimit]
        #expect(plan.findings(.hard).filter(timeCodes.contains) == row.hard)
        #expect(plan.findings(.soft).filter(timeCodes.contains) == row.soft)
        #expect(plan.hasHardStop == !row.hard.isEmpty, "the adult standard plan has no other stop")
        for finding in plan.findings where timeCodes.contains(finding.code) {
            #expect(section3Problems(withoutDates(finding.message)).isEmpty, "\(finding.message)")
            if finding.severity == .hard {
                #expect(finding.message.contains(#/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/#), "a time with its date: \(finding.message)")
                #expect(!finding.message.contains("the next day"))
            }
        }
    }

    @Test("rule book section 4, daylight saving: reconstituted 2026-10-31 20:00 New York, US label, pharmacy: dilute by 2026-11-01 07:00 EST, not 08:00")
    func daylightSavingReferenceCase() throws {
        for zone in [newYorkByHand, foundationZoneRule("America/New_York")] {
            let entry = try TimeEntry.parse("2026-10-31T20:00").get()
            let reconstituted = try Rules.resolve(entry, now: instant("2026-11-29T12:00:00Z"), zone: zone, day: .today).get()
            #expect(reconstituted == instant("2026-11-01T00:00:00Z"), "20:00 EDT")
            let policy = sitePolicy(stability: .usLabel, setting: .pharmacy)
            let plan = try timedPlan(reconstitutedAt: reconstituted, zone: zone, policy: policy).get()
            let diluteBy = try #require(plan.diluteBy)
            #expect(diluteBy.at == instant("2026-11-01T12:00:00Z"))
            #expect(diluteBy.at.secondsSinceEpoch - reconstituted.secondsSinceEpoch == 12 * 3600)
            #expect(zone.zoned(diluteBy.at).iso8601 == "2026-11-01T07:00:00-05:00")
            #expect(zone.zoned(diluteBy.at).text == "2026-11-01 07:00")
            #expect(zone.zoned(reconstituted).iso8601 == "2026-10-31T20:00:00-04:00")
            let text = plan.text
            #expect(text.contains("Dilute by 2026-11-01 07:00"), "\(text)")
            #expect(!text.contains("08:00"))
            #expect(text.contains("2026-10-31 20:00"))
            #expect(!text.contains("the next day"))
            #expect(try plan.json.contains("\"at\": \"2026-11-01T07:00:00-05:00\""))
            // A dilution at 07:30 EST is 12 h 30 min later: a STOP (it passed on the wall clock in v1).
            let late = try timedPlan(reconstitutedAt: reconstituted, dilutedAt: instant("2026-11-01T12:30:00Z"), zone: zone, policy: policy).get()
            #expect(late.findings(.hard) == [.dilutedAfterDiluteBy])
            let onTime = try timedPlan(reconstitutedAt: reconstituted, dilutedAt: instant("2026-11-01T12:00:00Z"), zone: zone, policy: policy).get()
            #expect(!onTime.hasHardStop)
        }
    }

    @Test("spring forward: 2026-03-07 20:00 EST + 12 h = 2026-03-08 09:00 EDT")
    func springForward() throws {
        let reconstituted = instant("2026-03-08T01:00:00Z")
        let plan = try timedPlan(reconstitutedAt: reconstituted, zone: newYorkByHand, policy: sitePolicy(setting: .pharmacy)).get()
        let diluteBy = try #require(plan.diluteBy)
        #expect(newYorkByHand.zoned(reconstituted).iso8601 == "2026-03-07T20:00:00-05:00")
        #expect(newYorkByHand.zoned(diluteBy.at).iso8601 == "2026-03-08T09:00:00-04:00")
    }

    @Test("EU label: \"dilute at once\" and the interval to the dilution is recorded")
    func euInterval() throws {
        let plan = try timedPlan(reconstitutedAt: instant("2026-11-29T09:00:00Z"), dilutedAt: instant("2026-11-29T09:20:00Z"),
                                 policy: sitePolicy(stability: .euLabel, setting: .pharmacy)).get()
        #expect(plan.dilutionIntervalMinutes == 20)
        #expect(plan.lines.contains { $0.contains("diluted 2026-11-29 09:20 (20 min after reconstitution)") }, "\(plan.lines)")
        let waiting = try timedPlan(reconstitutedAt: instant("2026-11-29T09:00:00Z"), policy: sitePolicy(stability: .euLabel, setting: .pharmacy)).get()
        #expect(waiting.lines.contains { $0.contains("dilute at once") })
        #expect(waiting.diluteBy == nil)
    }

    @Test("a dilution before the reconstitution is refused; a dilution without a reconstitution too")
    func dilutionBeforeReconstitution() {
        let error = timedPlan(reconstitutedAt: instant("2026-11-29T09:00:00Z"), dilutedAt: instant("2026-11-29T08:59:00Z")).failure
        #expect(error?.field == .time)
        #expect(error?.message.contains("before the reconstitution") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("2026-11-29 08:59") == true && error?.message.contains("2026-11-29 09:00") == true)
        #expect(timedPlan(reconstitutedAt: nil, dilutedAt: instant("2026-11-29T08:59:00Z")).failure?.field == .time)
        // The same minute is not before.
        #expect(timedPlan(reconstitutedAt: instant("2026-11-29T09:00:00Z"), dilutedAt: instant("2026-11-29T09:00:00Z")).success != nil)
    }
}

/// Section 3 writes dates as 2026-11-29: the checker's thousands rule does not apply to them.
func withoutDates(_ text: String) -> String {
    text.replacing(#/\d{4}-\d{2}-\d{2}/#, with: "DATE")
}

extension String {
    /// Foundation-free: "+00:00" written as "Z" so table rows read like the rule book's UTC times.
    var replacingOccurrencesOfUTC: String { hasSuffix("+00:00") ? String(dropLast(6)) + "Z" : self }
}

/// R9: instants, zones, and the times people type.
@Suite("R9 times")
struct TimesTests {
    @Test("ZonedTime: \"2026-11-29 19:19\" for people, \"2026-11-29T19:19:00+01:00\" for records", arguments: [
        ("2026-11-29T18:19:00Z", 3600, "2026-11-29 19:19", "2026-11-29T19:19:00+01:00"),
        ("2026-11-01T12:00:00Z", -5 * 3600, "2026-11-01 07:00", "2026-11-01T07:00:00-05:00"),
        ("2026-11-29T23:59:59Z", 0, "2026-11-29 23:59", "2026-11-29T23:59:59+00:00"),
        ("2026-12-31T20:00:00Z", 5 * 3600 + 45 * 60, "2027-01-01 01:45", "2027-01-01T01:45:00+05:45"),
        ("2028-02-29T03:00:00Z", -9 * 3600 - 30 * 60, "2028-02-28 17:30", "2028-02-28T17:30:00-09:30"),
    ])
    func zonedTime(_ utc: String, _ offset: Int, _ text: String, _ iso: String) {
        let zone = TimeZoneRule(identifier: "fixed", initialOffsetSeconds: offset)
        let zoned = zone.zoned(instant(utc))
        #expect(zoned.text == text)
        #expect(zoned.iso8601 == iso)
        #expect(instant(iso) == instant(utc), "the ISO text names the same instant")
    }

    @Test("elapsed time: adding hours is exact in seconds")
    func adding() {
        let start = instant("2026-11-01T00:00:00Z")
        #expect(start.adding(hours: 12) == instant("2026-11-01T12:00:00Z"))
        #expect(start.adding(minutes: 90) == instant("2026-11-01T01:30:00Z"))
        #expect(instant("2026-11-01T01:30:00Z").minutes(since: start) == 90)
        #expect(start.minutes(since: instant("2026-11-01T01:30:00Z")) == -90)
    }

    struct Resolve: Sendable, CustomTestStringConvertible {
        let typed: String
        let day: ClockTimeDay
        /// The instant meant, or nil when refused.
        let expected: String?
        /// Words the refusal must contain.
        var says: [String] = []
        var testDescription: String { "\"\(typed)\" \(day == .today ? "today" : "today or yesterday") -> \(expected ?? "refused")" }
    }

    /// Now: 2026-11-29 10:00 UTC, in UTC.
    @Test("R9: today or yesterday, the most recent instant not in the future; up to 5 minutes ahead accepted", arguments: [
        Resolve(typed: "09:30", day: .today, expected: "2026-11-29T09:30:00Z"),
        Resolve(typed: "00:00", day: .today, expected: "2026-11-29T00:00:00Z"),
        Resolve(typed: "10:05", day: .today, expected: "2026-11-29T10:05:00Z"),
        Resolve(typed: "10:06", day: .today, expected: nil, says: ["future", "2026-11-29 10:00", "5 minutes"]),
        Resolve(typed: "23:00", day: .today, expected: nil, says: ["future"]),
        Resolve(typed: "10:06", day: .todayOrYesterday, expected: "2026-11-28T10:06:00Z"),
        Resolve(typed: "23:00", day: .todayOrYesterday, expected: "2026-11-28T23:00:00Z"),
        Resolve(typed: "09:59", day: .todayOrYesterday, expected: "2026-11-29T09:59:00Z"),
        Resolve(typed: "2026-11-29T10:05", day: .today, expected: "2026-11-29T10:05:00Z"),
        Resolve(typed: "2026-11-29T10:05:01", day: .today, expected: nil, says: ["future"]),
        Resolve(typed: "2026-11-29T11:00+01:00", day: .today, expected: "2026-11-29T10:00:00Z"),
        Resolve(typed: "2026-11-29T05:00-05:00", day: .today, expected: "2026-11-29T10:00:00Z"),
        Resolve(typed: "2026-11-29T05:06-05:00", day: .today, expected: nil, says: ["future"]),
        Resolve(typed: "2026-11-30T09:00", day: .today, expected: nil, says: ["future"]),
        Resolve(typed: "2026-11-28T09:00Z", day: .today, expected: "2026-11-28T09:00:00Z"),
    ])
    func resolve(_ row: Resolve) throws {
        let entry = try TimeEntry.parse(row.typed).get()
        let result = Rules.resolve(entry, now: instant("2026-11-29T10:00:00Z"), zone: .utc, day: row.day)
        if let expected = row.expected {
            #expect(result.success == instant(expected), "\(result.failure?.message ?? "")")
        } else {
            let error = try #require(result.failure)
            #expect(error.field == .time)
            for words in row.says { #expect(error.message.contains(words), "\"\(words)\" in \(error.message)") }
        }
    }

    @Test("New York, clocks back: 01:30 on 2026-11-01 happened twice; ISO without an offset is refused and names both offsets")
    func overlap() throws {
        let now = instant("2026-11-01T12:00:00Z")
        for zone in [newYorkByHand, foundationZoneRule("America/New_York")] {
            let twice = try TimeEntry.parse("2026-11-01T01:30").get()
            let error = try #require(Rules.resolve(twice, now: now, zone: zone, day: .today).failure)
            #expect(error.field == .time)
            #expect(error.message.contains("twice"))
            #expect(error.message.contains("-04:00") && error.message.contains("-05:00"), "\(error.message)")
            // With its offset it is one instant.
            let est = try TimeEntry.parse("2026-11-01T01:30-05:00").get()
            #expect(Rules.resolve(est, now: now, zone: zone, day: .today).success == instant("2026-11-01T06:30:00Z"))
            let edt = try TimeEntry.parse("2026-11-01T01:30-04:00").get()
            #expect(Rules.resolve(edt, now: now, zone: zone, day: .today).success == instant("2026-11-01T05:30:00Z"))
            // Typed as HH:MM today, the most recent of the two (EST) that is not in the future.
            let clock = try TimeEntry.parse("01:30").get()
            #expect(Rules.resolve(clock, now: now, zone: zone, day: .today).success == instant("2026-11-01T06:30:00Z"))
            #expect(zone.instants(for: LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)!)
                    == [instant("2026-11-01T05:30:00Z"), instant("2026-11-01T06:30:00Z")])
        }
    }

    @Test("New York, clocks forward: 02:30 on 2026-03-08 never happened; refused")
    func gap() throws {
        let now = instant("2026-03-08T15:00:00Z")
        for zone in [newYorkByHand, foundationZoneRule("America/New_York")] {
            let iso = try TimeEntry.parse("2026-03-08T02:30").get()
            let error = try #require(Rules.resolve(iso, now: now, zone: zone, day: .today).failure)
            #expect(error.field == .time)
            #expect(error.message.contains("skipped"), "\(error.message)")
            let clock = try TimeEntry.parse("02:30").get()
            #expect(Rules.resolve(clock, now: now, zone: zone, day: .today).failure?.message.contains("skipped") == true)
            #expect(zone.instants(for: LocalDateTime(year: 2026, month: 3, day: 8, hour: 2, minute: 30)!).isEmpty)
            // An hour later is fine: 03:30 EDT.
            let later = try TimeEntry.parse("2026-03-08T03:30").get()
            #expect(Rules.resolve(later, now: now, zone: zone, day: .today).success == instant("2026-03-08T07:30:00Z"))
        }
    }

    @Test("TimeEntry.parse: HH:MM or ISO 8601 with or without an offset", arguments: [
        ("09:30", TimeEntry.clock(ClockTime(hour: 9, minute: 30)!)),
        ("0930", .clock(ClockTime(hour: 9, minute: 30)!)),
        ("23:59", .clock(ClockTime(hour: 23, minute: 59)!)),
        ("2026-11-29T09:30", .dateTime(LocalDateTime(year: 2026, month: 11, day: 29, hour: 9, minute: 30)!, offsetSeconds: nil)),
        ("2026-11-29 09:30:15", .dateTime(LocalDateTime(year: 2026, month: 11, day: 29, hour: 9, minute: 30, second: 15)!, offsetSeconds: nil)),
        ("2026-11-29T09:30Z", .dateTime(LocalDateTime(year: 2026, month: 11, day: 29, hour: 9, minute: 30)!, offsetSeconds: 0)),
        ("2026-11-29T09:30-05:00", .dateTime(LocalDateTime(year: 2026, month: 11, day: 29, hour: 9, minute: 30)!, offsetSeconds: -18_000)),
        ("2026-11-29T09:30+0545", .dateTime(LocalDateTime(year: 2026, month: 11, day: 29, hour: 9, minute: 30)!, offsetSeconds: 20_700)),
        ("2028-02-29T00:00", .dateTime(LocalDateTime(year: 2028, month: 2, day: 29)!, offsetSeconds: nil)),
    ])
    func parseGood(_ text: String, _ expected: TimeEntry) {
        #expect(TimeEntry.parse(text).success == expected)
    }

    @Test("bad times are refused, and the message says what is accepted", arguments: [
        "25:00", "12:60", "noon", "24:00", "9:5", "12:30pm", "", "ab:cd",
        "2026-11-29T25:00", "2026-11-29T12:60", "2026-02-30T10:00", "2027-02-29T10:00", "2026-13-01T10:00",
        "2026-11-29T10:00+5", "2026-11-29T10:00+05:0", "2026-11-29T10:00+15:00", "2026-11-29T10:00+05:60",
        "2026-11-29T10:00 EST", "2026-11-29T10:00+05:00:00", "2026-11-29", "29/11/2026 10:00", "2026-11-29T10",
    ])
    func parseBad(_ text: String) {
        let error = TimeEntry.parse(text).failure
        #expect(error?.field == .time, "\"\(text)\" refused")
        #expect(error?.message.contains("HH:MM") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("ISO 8601") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("for example") == true)
    }

    @Test("LocalDateTime refuses impossible dates and times")
    func localDateTime() {
        #expect(LocalDateTime(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDateTime(year: 2028, month: 2, day: 29) != nil)
        #expect(LocalDateTime(year: 2100, month: 2, day: 29) == nil)
        #expect(LocalDateTime(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDateTime(year: 2026, month: 4, day: 31) == nil)
        #expect(LocalDateTime(year: 2026, month: 1, day: 1, hour: 24) == nil)
        #expect(LocalDateTime(year: 2026, month: 1, day: 1, minute: 60) == nil)
    }

    @Test("ClockTime.parse: 24-hour clock", arguments: [
        ("14:05", 14, 5), ("1405", 14, 5), ("9:30", 9, 30), ("00:00", 0, 0), ("23:59", 23, 59), (" 7:05 ", 7, 5),
    ])
    func clockGood(_ text: String, _ hour: Int, _ minute: Int) throws {
        let time = try ClockTime.parse(text).get()
        #expect(time.hour == hour && time.minute == minute)
    }

    @Test("ClockTime.parse refuses what is not a 24-hour time, and says how to write one", arguments: [
        "24:00", "12:60", "25:00", "9:5", "930", "12345", "", "   ", "ab:cd", "-1:30", "12:-5", "12.30", "12:30pm",
        "12:30:00", "\u{FF11}\u{FF12}:\u{FF13}\u{FF10}", "12h30", ":30", "12:", "+9:30", "99:99", "noon",
    ])
    func clockBad(_ text: String) {
        let error = ClockTime.parse(text).failure
        #expect(error?.field == .time)
        #expect(error?.message.contains("for example") == true)
        #expect(error?.message.contains("24-hour") == true)
    }
}

import InfusionCalc
import Testing

/// R9: dilute by (+12 h, or at once under the EU policy) and infuse by (+24 h).
@Suite("R9 times")
struct TimesTests {
    func time(_ hour: Int, _ minute: Int) -> ClockTime { ClockTime(hour: hour, minute: minute)! }

    struct DeadlineRow: Sendable, CustomTestStringConvertible {
        let start: String
        let expected: String
        var testDescription: String { "\(start) -> \(expected)" }
    }

    @Test("dilute by = reconstitution + 12 h (US label, the default); past midnight says \"the next day\"", arguments: [
        DeadlineRow(start: "09:30", expected: "dilute by 21:30"),
        DeadlineRow(start: "00:00", expected: "dilute by 12:00"),
        DeadlineRow(start: "11:59", expected: "dilute by 23:59"),
        DeadlineRow(start: "12:00", expected: "dilute by 00:00 the next day"),
        DeadlineRow(start: "14:05", expected: "dilute by 02:05 the next day"),
        DeadlineRow(start: "23:59", expected: "dilute by 11:59 the next day"),
    ])
    func diluteBy(_ row: DeadlineRow) throws {
        let start = try ClockTime.parse(row.start).get()
        #expect(Rules.diluteBy(reconstitutedAt: start, policy: .standard).text == row.expected)
    }

    @Test("dilute by carries the day offset")
    func diluteByValue() {
        guard case .deadline(let late) = Rules.diluteBy(reconstitutedAt: time(14, 5), policy: .standard),
              case .deadline(let early) = Rules.diluteBy(reconstitutedAt: time(9, 30), policy: .standard) else {
            Issue.record("the US policy gives a deadline")
            return
        }
        #expect(late.time == time(2, 5) && late.daysLater == 1)
        #expect(early.time == time(21, 30) && early.daysLater == 0)
    }

    @Test("EU policy: dilute at once, whatever the time")
    func diluteAtOnce() {
        var eu = SitePolicy.standard
        eu.reconstitutedStability = .euImmediately
        for start in [time(0, 0), time(9, 30), time(23, 59)] {
            #expect(Rules.diluteBy(reconstitutedAt: start, policy: eu) == .atOnce)
        }
        #expect(DiluteBy.atOnce.text.contains("at once"))
        #expect(Rules.storageSentences(policy: eu).first?.contains("at once") == true)
        #expect(SitePolicy.standard.reconstitutedStability == .usTwelveHours, "the US label is the default")
    }

    @Test("infuse by = dilution + 24 h: always the same time the next day", arguments: [
        DeadlineRow(start: "09:30", expected: "09:30 the next day"),
        DeadlineRow(start: "00:00", expected: "00:00 the next day"),
        DeadlineRow(start: "23:59", expected: "23:59 the next day"),
        DeadlineRow(start: "12:00", expected: "12:00 the next day"),
    ])
    func infuseBy(_ row: DeadlineRow) throws {
        let start = try ClockTime.parse(row.start).get()
        let deadline = Rules.infuseBy(dilutedAt: start, policy: .standard)
        #expect(deadline.text == row.expected)
        #expect(deadline.daysLater == 1)
        #expect(deadline.time == start)
    }

    struct Entered: Sendable, CustomTestStringConvertible {
        let reconstituted: String
        let diluted: String
        /// The STOP's message, or nil when the times are within the 12 hours.
        let stop: String?
        var testDescription: String { "reconstituted \(reconstituted), diluted \(diluted)" }
    }

    /// R9 on the times entered (the wizard): diluted later than dilute-by is a STOP. The times
    /// are clock times taken to fall within 24 hours of each other.
    @Test("diluted after dilute-by: a STOP (diluted-after-dilute-by); exactly 12 h is within", arguments: [
        Entered(reconstituted: "08:00", diluted: "08:00", stop: nil),
        Entered(reconstituted: "08:00", diluted: "19:59", stop: nil),
        Entered(reconstituted: "08:00", diluted: "20:00", stop: nil),
        Entered(reconstituted: "08:00", diluted: "20:01",
                stop: "Diluted at 20:01, 12 h 1 min after reconstitution at 08:00: later than the 12 hours the vials keep. Do not use them; check both times, and ask the pharmacist."),
        Entered(reconstituted: "20:00", diluted: "08:00", stop: nil),
        Entered(reconstituted: "20:00", diluted: "08:01",
                stop: "Diluted at 08:01, 12 h 1 min after reconstitution at 20:00: later than the 12 hours the vials keep. Do not use them; check both times, and ask the pharmacist."),
        Entered(reconstituted: "09:00", diluted: "08:59",
                stop: "Diluted at 08:59, 23 h 59 min after reconstitution at 09:00: later than the 12 hours the vials keep. Do not use them; check both times, and ask the pharmacist."),
        Entered(reconstituted: "23:30", diluted: "00:15", stop: nil),
    ])
    func dilutedAfterDiluteBy(_ row: Entered) throws {
        let reconstituted = try ClockTime.parse(row.reconstituted).get()
        let diluted = try ClockTime.parse(row.diluted).get()
        let findings = Rules.timeFindings(reconstitutedAt: reconstituted, dilutedAt: diluted, policy: .standard)
        #expect(findings.map(\.message) == (row.stop.map { [$0] } ?? []))
        #expect(findings.allSatisfy { $0.severity == .hard && $0.code == .dilutedAfterDiluteBy })
        #expect(FindingCode.dilutedAfterDiluteBy.rawValue == "diluted-after-dilute-by")
    }

    @Test("storage: within 12 h of reconstitution, within 24 h of dilution, 2 to 8 degrees C, protected from light")
    func storage() {
        let sentences = Rules.storageSentences(policy: .standard).joined(separator: "\n")
        #expect(sentences.contains("12 hours"))
        #expect(sentences.contains("24 hours"))
        #expect(sentences.contains("2 to 8 degrees C"))
        #expect(sentences.contains("protected from light"))
    }

    struct Parsed: Sendable, CustomTestStringConvertible {
        let text: String
        let hour: Int
        let minute: Int
        var testDescription: String { "\"\(text)\"" }
    }

    @Test("ClockTime.parse: 24-hour clock", arguments: [
        Parsed(text: "14:05", hour: 14, minute: 5), Parsed(text: "1405", hour: 14, minute: 5),
        Parsed(text: "9:30", hour: 9, minute: 30), Parsed(text: "09:30", hour: 9, minute: 30),
        Parsed(text: "00:00", hour: 0, minute: 0), Parsed(text: "23:59", hour: 23, minute: 59),
        Parsed(text: " 7:05 ", hour: 7, minute: 5), Parsed(text: "0000", hour: 0, minute: 0),
        Parsed(text: "2359", hour: 23, minute: 59),
    ])
    func parseGood(_ row: Parsed) throws {
        let time = try ClockTime.parse(row.text).get()
        #expect(time.hour == row.hour && time.minute == row.minute)
        #expect(time.text == (row.hour < 10 ? "0" : "") + "\(row.hour):" + (row.minute < 10 ? "0" : "") + "\(row.minute)")
    }

    @Test("ClockTime.parse refuses what is not a 24-hour time, and says how to write one", arguments: [
        "24:00", "12:60", "9:5", "930", "12345", "", "   ", "ab:cd", "-1:30", "12:-5", "12.30", "12:30pm",
        "12:30:00", "\u{FF11}\u{FF12}:\u{FF13}\u{FF10}", "\u{0661}\u{0662}:\u{0663}\u{0660}", "12h30", ":30", "12:", "+9:30",
        "99:99", "123:45", "noon",
    ])
    func parseBad(_ text: String) {
        let error = ClockTime.parse(text).failure
        #expect(error?.field == .time)
        #expect(error?.message.contains("for example") == true)
        #expect(error?.message.contains("24-hour") == true)
    }

    @Test func clockTimeInit() {
        #expect(ClockTime(hour: 24, minute: 0) == nil)
        #expect(ClockTime(hour: 0, minute: 60) == nil)
        #expect(ClockTime(hour: -1, minute: 0) == nil)
        #expect(ClockTime(hour: 23, minute: 59)?.minutesSinceMidnight == 1439)
        #expect(time(9, 5).text == "09:05")
    }
}

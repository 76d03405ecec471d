import InfusionCalc
import Testing
@testable import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// R9: the shell reads the zone's UTC offsets from the system's time-zone database (TZ), so
/// the calculation module can add hours in elapsed time across a clock change.
@Suite("System clock", .serialized)
struct SystemClockTests {
    /// Runs `body` with TZ set, then puts the old value back.
    func withTimeZone<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let old = getenv("TZ").map { String(cString: $0) }
        setenv("TZ", name, 1)
        tzset()
        defer {
            if let old { setenv("TZ", old, 1) } else { unsetenv("TZ") }
            tzset()
        }
        return try body()
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Instant {
        Instant(secondsSinceEpoch: Instant.seconds(asIfUTC: LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute)!))
    }

    @Test("America/New_York around 2026-11-01: EDT until 06:00 UTC, then EST; 20:00 EDT + 12 h shows 07:00 EST")
    func newYorkFallBack() throws {
        let rule = withTimeZone("America/New_York") { SystemClock.timeZoneRule(around: Self.utc(2026, 11, 1, 0)) }
        #expect(rule.identifier == "America/New_York")
        #expect(rule.initialOffsetSeconds == -4 * 3600)
        #expect(rule.initialAbbreviation == "EDT")
        #expect(rule.changes == [UTCOffsetChange(at: Self.utc(2026, 11, 1, 6), offsetSeconds: -5 * 3600, abbreviation: "EST")])
        // Rule book section 4, "daylight saving": reconstituted 2026-10-31 20:00 (EDT).
        let reconstituted = try #require(rule.instants(for: LocalDateTime(year: 2026, month: 10, day: 31, hour: 20)!).first)
        #expect(rule.zoned(reconstituted.adding(hours: 12)).text == "2026-11-01 07:00")
        // 01:30 happened twice that night.
        #expect(rule.instants(for: LocalDateTime(year: 2026, month: 11, day: 1, hour: 1, minute: 30)!).count == 2)
    }

    @Test("Europe/Berlin around 2027-03-28: CET, then CEST from 01:00 UTC; 02:30 local did not happen")
    func berlinSpringForward() {
        let rule = withTimeZone("Europe/Berlin") { SystemClock.timeZoneRule(around: Self.utc(2027, 3, 28, 0)) }
        #expect(rule.initialOffsetSeconds == 3600)
        #expect(rule.changes == [UTCOffsetChange(at: Self.utc(2027, 3, 28, 1), offsetSeconds: 2 * 3600, abbreviation: "CEST")])
        #expect(rule.instants(for: LocalDateTime(year: 2027, month: 3, day: 28, hour: 2, minute: 30)!).isEmpty)
    }

    @Test("UTC has no changes")
    func utcZone() {
        let rule = withTimeZone("UTC") { SystemClock.timeZoneRule(around: Self.utc(2026, 11, 29, 14)) }
        #expect(rule.changes.isEmpty)
        #expect(rule.initialOffsetSeconds == 0)
    }
}

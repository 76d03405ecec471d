import Foundation
import InfusionCalc
import Testing

/// Time zones and instants for the R9 / section 5 tests, built from Foundation's own
/// time-zone database and formatters: an oracle independent of the module's arithmetic.

/// The instant of an ISO 8601 text with its offset ("2026-11-01T06:00:00Z"), read by Foundation.
func instant(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) -> Instant {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: iso) else {
        Issue.record("not an ISO 8601 instant: \(iso)", sourceLocation: sourceLocation)
        return Instant(secondsSinceEpoch: 0)
    }
    return Instant(secondsSinceEpoch: Int(date.timeIntervalSince1970))
}

func date(_ instant: Instant) -> Date { Date(timeIntervalSince1970: TimeInterval(instant.secondsSinceEpoch)) }

/// A `TimeZoneRule` for an IANA zone from Foundation's `TimeZone`: the offset at `from`,
/// then every transition Foundation reports up to `through`.
func foundationZoneRule(_ identifier: String, from start: String = "2025-12-01T00:00:00Z",
                        through end: String = "2028-01-31T00:00:00Z") -> TimeZoneRule {
    let zone = TimeZone(identifier: identifier)!
    let first = date(instant(start))
    let last = date(instant(end))
    var changes: [UTCOffsetChange] = []
    var cursor = first
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= last {
        changes.append(UTCOffsetChange(at: Instant(secondsSinceEpoch: Int(next.timeIntervalSince1970)),
                                       offsetSeconds: zone.secondsFromGMT(for: next),
                                       abbreviation: zone.abbreviation(for: next) ?? ""))
        cursor = next
    }
    return TimeZoneRule(identifier: identifier, initialOffsetSeconds: zone.secondsFromGMT(for: first),
                        initialAbbreviation: zone.abbreviation(for: first) ?? "", changes: changes)
}

/// Foundation's own writing of an instant in a zone: "2026-11-29T19:19:00+01:00" and "2026-11-29 19:19".
func foundationText(_ instant: Instant, zone identifier: String) -> (iso8601: String, text: String) {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.calendar = Calendar(identifier: .gregorian)
    formatter.timeZone = TimeZone(identifier: identifier)!
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
    let iso = formatter.string(from: date(instant))
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return (iso, formatter.string(from: date(instant)))
}

/// The zones the rule book's daylight-saving property names.
let daylightSavingZones = ["America/New_York", "Europe/Berlin", "Australia/Sydney"]

/// America/New_York around the 2026 autumn change, by hand from the rule book's case:
/// EDT (-4 h) until 2026-11-01 02:00 EDT = 06:00 UTC, then EST (-5 h); and the spring
/// change of 2026-03-08 02:00 EST = 07:00 UTC.
let newYorkByHand = TimeZoneRule(
    identifier: "America/New_York", initialOffsetSeconds: -5 * 3600, initialAbbreviation: "EST",
    changes: [UTCOffsetChange(at: Instant(secondsSinceEpoch: 1_772_953_200), offsetSeconds: -4 * 3600, abbreviation: "EDT"),
              UTCOffsetChange(at: Instant(secondsSinceEpoch: 1_793_512_800), offsetSeconds: -5 * 3600, abbreviation: "EST")])

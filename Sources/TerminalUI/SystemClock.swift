import InfusionCalc
#if canImport(Glibc)
import Glibc
#endif

/// The shell's clock and time zone: the current instant, and the local zone's UTC offsets
/// read from the system's time-zone database (the C library's `localtime_r`, which
/// follows `TZ`). The calculation module takes both as inputs.
public enum SystemClock {
    /// Now, to the second.
    public static func now() -> Instant { Instant(secondsSinceEpoch: Int(time(nil))) }

    /// The offset and abbreviation the system gives for `seconds` since the epoch.
    static func local(_ seconds: Int) -> (offset: Int, abbreviation: String) {
        var moment = time_t(seconds)
        var parts = tm()
        guard localtime_r(&moment, &parts) != nil else { return (0, "UTC") }
        let abbreviation = parts.tm_zone.map { String(cString: $0) } ?? ""
        return (Int(parts.tm_gmtoff), abbreviation)
    }

    /// The local zone's offsets from `start` to `end`: the offset at `start`, then every
    /// change, found to the second. Zones change their offset at most a few times a year
    /// and never twice within an hour, so an hourly scan finds each change, and a binary
    /// search finds its instant.
    public static func timeZoneRule(from start: Instant, to end: Instant) -> TimeZoneRule {
        tzset()
        let first = local(start.secondsSinceEpoch)
        var changes: [UTCOffsetChange] = []
        var previous = (at: start.secondsSinceEpoch, offset: first.offset, abbreviation: first.abbreviation)
        var probe = start.secondsSinceEpoch
        while probe < end.secondsSinceEpoch {
            probe = min(probe + 3600, end.secondsSinceEpoch)
            let here = local(probe)
            if here.offset != previous.offset || here.abbreviation != previous.abbreviation {
                var low = previous.at, high = probe
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    let seen = local(middle)
                    if seen.offset == previous.offset && seen.abbreviation == previous.abbreviation { low = middle } else { high = middle }
                }
                changes.append(UTCOffsetChange(at: Instant(secondsSinceEpoch: high), offsetSeconds: here.offset, abbreviation: here.abbreviation))
                previous = (probe, here.offset, here.abbreviation)
            } else {
                previous.at = probe
            }
        }
        let name = getenv("TZ").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "local time"
        return TimeZoneRule(identifier: name.hasPrefix(":") ? String(name.dropFirst()) : name,
                            initialOffsetSeconds: first.offset, initialAbbreviation: first.abbreviation, changes: changes)
    }

    /// The zone around `instant`: 3 days before (a time typed today or yesterday) to 3 days
    /// after (every deadline of section 5).
    public static func timeZoneRule(around instant: Instant) -> TimeZoneRule {
        timeZoneRule(from: instant.adding(hours: -72), to: instant.adding(hours: 72))
    }

    /// The zone around each of `instants` (3 days either side), without scanning the
    /// years between them: each span starts with the offset in force there.
    public static func timeZoneRule(around instants: [Instant]) -> TimeZoneRule {
        let sorted = instants.sorted()
        guard !sorted.isEmpty else { return timeZoneRule(around: now()) }
        var spans: [(Instant, Instant)] = []
        for instant in sorted {
            let span = (instant.adding(hours: -72), instant.adding(hours: 72))
            if let last = spans.last, span.0 <= last.1 { spans[spans.count - 1].1 = span.1 } else { spans.append(span) }
        }
        let rules = spans.map { timeZoneRule(from: $0.0, to: $0.1) }
        var changes: [UTCOffsetChange] = []
        for (index, rule) in rules.enumerated() {
            if index > 0 {
                changes.append(UTCOffsetChange(at: spans[index].0, offsetSeconds: rule.initialOffsetSeconds, abbreviation: rule.initialAbbreviation))
            }
            changes += rule.changes
        }
        return TimeZoneRule(identifier: rules[0].identifier, initialOffsetSeconds: rules[0].initialOffsetSeconds,
                            initialAbbreviation: rules[0].initialAbbreviation, changes: changes)
    }
}

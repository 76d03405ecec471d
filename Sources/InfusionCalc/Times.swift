/// R9: every time is an instant (a point on the UTC time line) shown with its local date,
/// time of day and UTC offset. Durations are added to instants in elapsed seconds, never
/// on the wall clock, so 20:00 EDT + 12 h is 07:00 EST on the night the clocks go back.
///
/// The module reads no clock and no time-zone database: the shell passes the current
/// instant and a `TimeZoneRule` (the zone's UTC offsets over the span in use, read from
/// the system's time-zone database), so everything here stays pure and testable.

/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
public struct Instant: Hashable, Comparable, Sendable {
    public let secondsSinceEpoch: Int
    public init(secondsSinceEpoch: Int) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// `hours` later in elapsed time (R9), whatever the clocks do meanwhile.
    public func adding(hours: Int) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + hours * 3600) }
    public func adding(minutes: Int) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + minutes * 60) }
    /// Seconds since the epoch of a wall-clock time read as UTC (a first guess at its
    /// instant before the zone is known).
    public static func seconds(asIfUTC local: LocalDateTime) -> Int { local.secondsAsIfUTC }

    /// Whole minutes from `earlier` to this instant (negative when `earlier` is later).
    public func minutes(since earlier: Instant) -> Int {
        let seconds = secondsSinceEpoch - earlier.secondsSinceEpoch
        return seconds >= 0 ? seconds / 60 : -((-seconds) / 60)
    }
}

/// A date and time of day on a wall clock, with no zone (proleptic Gregorian calendar).
public struct LocalDateTime: Hashable, Comparable, Sendable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// Nil when any part is out of range (month 13, 31 April, 29 February of a common
    /// year, hour 24, minute 60).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDateTime.daysIn(month: month, year: year)).contains(day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to this date (H. Hinnant's days_from_civil).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Seconds since the epoch if this wall-clock time were UTC.
    var secondsAsIfUTC: Int { daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second }

    /// The wall-clock time `seconds` after the epoch read as UTC (civil_from_days).
    init(secondsAsIfUTC seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        (self.year, self.month, self.day) = (year, month, day)
        (hour, minute, second) = (secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool { lhs.secondsAsIfUTC < rhs.secondsAsIfUTC }

    /// The same time of day `days` days later on the calendar.
    public func addingCalendarDays(_ days: Int) -> LocalDateTime {
        LocalDateTime(secondsAsIfUTC: secondsAsIfUTC + days * 86_400)
    }

    /// "2026-11-29"
    public var dateText: String { DecimalText.padded(year, 4) + "-" + DecimalText.padded(month, 2) + "-" + DecimalText.padded(day, 2) }
    /// "19:19"
    public var clockText: String { DecimalText.padded(hour, 2) + ":" + DecimalText.padded(minute, 2) }
}

/// One change of a zone's UTC offset (a daylight-saving change, or a change of law).
public struct UTCOffsetChange: Hashable, Sendable {
    /// The instant from which `offsetSeconds` applies.
    public let at: Instant
    public let offsetSeconds: Int
    /// "EST", "CET"; empty when the zone has none.
    public let abbreviation: String
    public init(at: Instant, offsetSeconds: Int, abbreviation: String = "") {
        self.at = at
        self.offsetSeconds = offsetSeconds
        self.abbreviation = abbreviation
    }
}

/// A time zone's UTC offsets over the span a preparation needs: the offset before the
/// first change, then each change in order. Built by the shell from the system's
/// time-zone database (`TZ`), or by tests by hand.
public struct TimeZoneRule: Hashable, Sendable {
    public let identifier: String
    public let initialOffsetSeconds: Int
    public let initialAbbreviation: String
    public let changes: [UTCOffsetChange]

    public init(identifier: String, initialOffsetSeconds: Int, initialAbbreviation: String = "", changes: [UTCOffsetChange] = []) {
        self.identifier = identifier
        self.initialOffsetSeconds = initialOffsetSeconds
        self.initialAbbreviation = initialAbbreviation
        self.changes = changes.sorted { $0.at < $1.at }
    }

    public static let utc = TimeZoneRule(identifier: "UTC", initialOffsetSeconds: 0, initialAbbreviation: "UTC")

    /// The offset in force at `instant`.
    public func offsetSeconds(at instant: Instant) -> Int {
        changes.last { $0.at <= instant }?.offsetSeconds ?? initialOffsetSeconds
    }
    public func abbreviation(at instant: Instant) -> String {
        changes.last { $0.at <= instant }.map(\.abbreviation) ?? initialAbbreviation
    }

    /// The instant with its offset, for showing and recording.
    public func zoned(_ instant: Instant) -> ZonedTime {
        ZonedTime(instant: instant, offsetSeconds: offsetSeconds(at: instant), abbreviation: abbreviation(at: instant))
    }

    /// Every instant whose local wall-clock time is `local`, earliest first: none in a
    /// gap (clocks going forward), two in an overlap (clocks going back).
    public func instants(for local: LocalDateTime) -> [Instant] {
        let offsets = Set([initialOffsetSeconds] + changes.map(\.offsetSeconds))
        return offsets.map { Instant(secondsSinceEpoch: local.secondsAsIfUTC - $0) }
            .filter { offsetSeconds(at: $0) == local.secondsAsIfUTC - $0.secondsSinceEpoch }
            .sorted()
    }
}

/// An instant with the UTC offset in force there: what people and records are shown.
public struct ZonedTime: Hashable, Sendable {
    public let instant: Instant
    public let offsetSeconds: Int
    public let abbreviation: String

    public var local: LocalDateTime { LocalDateTime(secondsAsIfUTC: instant.secondsSinceEpoch + offsetSeconds) }

    /// For people (rule book section 3): "2026-11-29 19:19".
    public var text: String { local.dateText + " " + local.clockText }

    /// For records and JSON: "2026-11-29T19:19:00+01:00" (RFC 3339).
    public var iso8601: String {
        let l = local
        return l.dateText + "T" + l.clockText + ":" + DecimalText.padded(l.second, 2) + Self.offsetText(offsetSeconds)
    }

    /// "+01:00", "-05:00", "+05:45".
    public static func offsetText(_ seconds: Int) -> String {
        let magnitude = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + DecimalText.padded(magnitude / 60, 2) + ":" + DecimalText.padded(magnitude % 60, 2)
    }

    /// "EST" or "UTC-05:00": says which side of a clock change a time is on.
    public var zoneText: String { abbreviation.isEmpty ? "UTC" + Self.offsetText(offsetSeconds) : abbreviation }
}

/// A wall-clock time of day, as typed on the 24-hour clock.
public struct ClockTime: Equatable, Comparable, Sendable {
    public let minutesSinceMidnight: Int

    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutesSinceMidnight = hour * 60 + minute
    }

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }
    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    /// 24-hour "HH:MM", which cannot be misread as a.m./p.m.
    public var text: String { DecimalText.padded(hour, 2) + ":" + DecimalText.padded(minute, 2) }

    static let accepted = "Enter the time on the 24-hour clock as HH:MM, for example 09:30 or 14:05."

    /// "14:05", "1405", "9:30" (24-hour clock).
    public static func parse(_ text: String) -> Result<ClockTime, InputError> {
        let trimmed = text.trimmingWhitespace
        // Digits and one ":" only: "12: 5" or "9 30" could be read more than one way.
        guard !trimmed.isEmpty, trimmed.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == ":" }) else {
            return .failure(InputError(.time, "Time \(Display.quoted(text)) is not understood. " + accepted))
        }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let hourText: String, minuteText: String
        if parts.count == 2 {
            (hourText, minuteText) = (parts[0], parts[1])
        } else if parts.count == 1, trimmed.count == 4 {
            (hourText, minuteText) = (String(trimmed.prefix(2)), String(trimmed.suffix(2)))
        } else {
            return .failure(InputError(.time, "Time \(Display.quoted(text)) is not understood. " + accepted))
        }
        guard (1...2).contains(hourText.count), minuteText.count == 2,
              case .success(let hour) = NumberReader.read(hourText, maxDecimals: 0, maxIntegerDigits: 2),
              case .success(let minute) = NumberReader.read(minuteText, maxDecimals: 0, maxIntegerDigits: 2),
              let time = ClockTime(hour: hour, minute: minute) else {
            return .failure(InputError(.time, "Time \(Display.quoted(text)) is not a valid time. " + accepted))
        }
        return .success(time)
    }
}

/// A time as a person or a tool gives it: a time of day alone, or an ISO 8601 date and
/// time with or without a UTC offset.
public enum TimeEntry: Equatable, Sendable {
    case clock(ClockTime)
    case dateTime(LocalDateTime, offsetSeconds: Int?)

    static let accepted = "Enter HH:MM on the 24-hour clock (for example 09:30), or an ISO 8601 date and time (for example 2026-11-29T09:30 or 2026-11-29T09:30+01:00)."

    /// "09:30", "0930", "2026-11-29T09:30", "2026-11-29 09:30:00", "2026-11-29T09:30Z",
    /// "2026-11-29T09:30-05:00".
    public static func parse(_ text: String) -> Result<TimeEntry, InputError> {
        let trimmed = text.trimmingWhitespace
        guard trimmed.contains("-") || trimmed.contains("T") || trimmed.contains(" ") else {
            return ClockTime.parse(text).map(TimeEntry.clock).mapError { InputError(.time, $0.message.replacingAccepted(ClockTime.accepted, with: accepted)) }
        }
        let refused = InputError(.time, "Time \(Display.quoted(text)) is not understood. " + accepted)
        let scalars = Array(trimmed.unicodeScalars)
        // YYYY-MM-DD, then "T" or one space, then HH:MM[:SS], then nothing, "Z" or ±HH:MM / ±HHMM.
        guard scalars.count >= 16, scalars[4] == "-", scalars[7] == "-", scalars[10] == "T" || scalars[10] == " ",
              scalars[13] == ":" else { return .failure(refused) }
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[range] {
                guard scalar.value >= 48 && scalar.value <= 57 else { return nil }
                value = value * 10 + Int(scalar.value - 48)
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
              let hour = digits(11..<13), let minute = digits(14..<16) else { return .failure(refused) }
        var index = 16
        var second = 0
        if index < scalars.count, scalars[index] == ":" {
            guard let s = digits(17..<19) else { return .failure(refused) }
            second = s
            index = 19
        }
        var offset: Int?
        if index < scalars.count {
            let rest = String(String.UnicodeScalarView(scalars[index...]))
            if rest == "Z" {
                offset = 0
            } else if let sign = rest.first, sign == "+" || sign == "-" {
                let body = rest.dropFirst().filter { $0 != ":" }
                guard body.count == 4, body.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let hours = Int(body.prefix(2)), let minutes = Int(body.suffix(2)),
                      hours <= 14, minutes < 60, rest.count == 6 || (rest.count == 5 && !rest.contains(":")) else {
                    return .failure(InputError(.time, "Time \(Display.quoted(text)) has a UTC offset that is not understood. " + accepted))
                }
                offset = (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else {
                return .failure(refused)
            }
        }
        guard let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else {
            return .failure(InputError(.time, "Time \(Display.quoted(text)) is not a valid date and time. " + accepted))
        }
        return .success(.dateTime(local, offsetSeconds: offset))
    }
}

extension String {
    fileprivate func replacingAccepted(_ old: String, with new: String) -> String {
        hasSuffix(old) ? String(dropLast(old.count)) + new : self
    }
}

/// Which day a bare time of day belongs to.
public enum ClockTimeDay: Sendable {
    /// Today only (the `plan` command's "HH:MM today").
    case today
    /// Today or yesterday: the most recent such instant that is not in the future (R9;
    /// the wizard, where a preparation may span midnight).
    case todayOrYesterday
}

extension Rules {
    /// R9: how far ahead of the clock a typed time may be (clock drift between devices).
    public static let futureToleranceMinutes = 5

    /// R9: the instant a person means by `entry`, or why it is refused: a time more than
    /// 5 minutes in the future; a local time the clocks skipped; an ISO time without an
    /// offset that the clocks went through twice.
    public static func resolve(_ entry: TimeEntry, now: Instant, zone: TimeZoneRule,
                               day: ClockTimeDay, field: InputField = .time, allowFuture: Bool = false) -> Result<Instant, InputError> {
        // A planned time (the start of an infusion) may lie ahead; a time something was done may not.
        let latest = allowFuture ? Instant(secondsSinceEpoch: Int.max / 2) : now.adding(minutes: futureToleranceMinutes)
        let nowText = zone.zoned(now).text
        switch entry {
        case .clock(let clock):
            let today = zone.zoned(now).local
            let days = day == .today ? [0] : [0, -1]
            var candidates: [Instant] = []
            for offset in days {
                let date = today.addingCalendarDays(offset)
                guard let local = LocalDateTime(year: date.year, month: date.month, day: date.day,
                                                hour: clock.hour, minute: clock.minute) else { continue }
                candidates += zone.instants(for: local)
            }
            if let chosen = candidates.filter({ $0 <= latest }).max() { return .success(chosen) }
            if candidates.isEmpty {
                return .failure(InputError(field, "\(clock.text) did not happen today: the clocks skipped it. Enter the time the clock showed."))
            }
            return .failure(InputError(field, "\(clock.text) today is in the future (it is now \(nowText)). Enter when it was done; a time more than \(futureToleranceMinutes) minutes ahead is refused."))
        case .dateTime(let local, let offset):
            let instant: Instant
            if let offset {
                instant = Instant(secondsSinceEpoch: local.secondsAsIfUTC - offset)
            } else {
                let found = zone.instants(for: local)
                guard let first = found.first else {
                    return .failure(InputError(field, "\(local.dateText) \(local.clockText) did not happen in \(zone.identifier): the clocks skipped it. Enter the time the clock showed."))
                }
                if found.count > 1 {
                    let offsets = found.map { ZonedTime.offsetText(zone.offsetSeconds(at: $0)) }.joined(separator: " or ")
                    return .failure(InputError(field, "\(local.dateText) \(local.clockText) happened twice in \(zone.identifier) (the clocks went back): add the UTC offset, \(offsets)."))
                }
                instant = first
            }
            if instant > latest {
                return .failure(InputError(field, "\(zone.zoned(instant).text) is in the future (it is now \(nowText)). Enter when it was done; a time more than \(futureToleranceMinutes) minutes ahead is refused."))
            }
            return .success(instant)
        }
    }
}

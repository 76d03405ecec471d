/// R9: dilute-by and infuse-by times. A time is an input (the shell reads the clock), so
/// these stay pure and testable.

/// A wall-clock time of day, in minutes since midnight.
public struct ClockTime: Equatable, Comparable, Sendable {
    public let minutesSinceMidnight: Int

    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        minutesSinceMidnight = hour * 60 + minute
    }
    init(wrapping minutes: Int) { minutesSinceMidnight = ((minutes % 1440) + 1440) % 1440 }

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }
    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    /// 24-hour "HH:MM", which cannot be misread as a.m./p.m.
    public var text: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    /// "14:05", "1405", "9:30" (24-hour clock).
    public static func parse(_ text: String) -> Result<ClockTime, InputError> {
        let accepted = "Enter the time on the 24-hour clock as HH:MM, for example 09:30 or 14:05."
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

/// A time that may fall on a later day than the one it was computed from.
public struct Deadline: Equatable, Sendable {
    public let time: ClockTime
    public let daysLater: Int

    /// "21:30", "09:30 the next day", "09:30 2 days later".
    public var text: String {
        switch daysLater {
        case 0: time.text
        case 1: time.text + " the next day"
        default: time.text + " \(daysLater) days later"
        }
    }

    static func adding(hours: Int, to start: ClockTime) -> Deadline {
        let total = start.minutesSinceMidnight + hours * 60
        return Deadline(time: ClockTime(wrapping: total), daysLater: total / 1440)
    }
}

public enum DiluteBy: Equatable, Sendable {
    /// US label: within 12 hours of reconstitution.
    case deadline(Deadline)
    /// EU label: dilute at once, do not store the reconstituted vial.
    case atOnce

    public var text: String {
        switch self {
        case .deadline(let deadline): "dilute by \(deadline.text)"
        case .atOnce: "dilute at once (do not store the reconstituted vials)"
        }
    }
}

extension Rules {
    /// R9: the reconstituted vials' time limit.
    public static func diluteBy(reconstitutedAt: ClockTime, policy: SitePolicy) -> DiluteBy {
        switch policy.reconstitutedStability {
        case .usTwelveHours: .deadline(Deadline.adding(hours: policy.reconstitutedHoldHours, to: reconstitutedAt))
        case .euImmediately: .atOnce
        }
    }

    /// R9: the diluted bag's time limit (kept at 2 to 8 degrees C, protected from light).
    public static func infuseBy(dilutedAt: ClockTime, policy: SitePolicy) -> Deadline {
        Deadline.adding(hours: policy.dilutedHoldHours, to: dilutedAt)
    }

    /// R9 applied to the times entered: a dilution later than the reconstituted vials keep
    /// is a hard stop. The dilution is taken to follow the reconstitution within 24 hours.
    public static func timeFindings(reconstitutedAt: ClockTime, dilutedAt: ClockTime, policy: SitePolicy) -> [Finding] {
        guard policy.reconstitutedStability == .usTwelveHours else { return [] }
        let minutes = (dilutedAt.minutesSinceMidnight - reconstitutedAt.minutesSinceMidnight + 1440) % 1440
        guard minutes > policy.reconstitutedHoldHours * 60 else { return [] }
        let elapsed = "\(minutes / 60) h \(minutes % 60) min"
        return [Finding(.hard, .dilutedAfterDiluteBy,
            "Diluted at \(dilutedAt.text), \(elapsed) after reconstitution at \(reconstitutedAt.text): later than the \(policy.reconstitutedHoldHours) hours the vials keep. Do not use them; check both times, and ask the pharmacist.")]
    }

    /// The storage rules as sentences, for plans printed without clock times.
    public static func storageSentences(policy: SitePolicy) -> [String] {
        let reconstituted = switch policy.reconstitutedStability {
        case .usTwelveHours: "dilute within \(policy.reconstitutedHoldHours) hours of reconstitution,"
        case .euImmediately: "dilute at once after reconstitution,"
        }
        return [reconstituted + " infuse within \(policy.dilutedHoldHours) hours",
                "of dilution; bag at 2 to 8 degrees C, protected from light"]
    }
}

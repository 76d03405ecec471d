/// How numbers are written for people (rule book section 3, from the ISMP list of
/// error-prone designations): "units" spelled out ("unit" for exactly one), "mL" (never
/// its error-prone abbreviation), no trailing zero, always a leading zero, thousands separators from 1,000 up, a
/// space between number and unit, no micro sign. Machine output (JSON) does not use this.
public enum Display {
    /// A number alone: "4,200", "0.5", "10.2", "-4.5".
    public static func number(scaled: Int, decimals: Int) -> String {
        DecimalText.plain(scaled: scaled, decimals: decimals, grouping: true)
    }
    public static func number(_ value: Tenths) -> String { number(scaled: value.count, decimals: 1) }
    public static func number(_ value: Int) -> String { number(scaled: value, decimals: 0) }

    /// Enzyme units: "4,200 units", "1 unit", "-1 unit", "0 units".
    public static func units(_ value: Int) -> String {
        number(value) + (abs(value) == 1 ? " unit" : " units")
    }
    /// Units per kilogram: "60 units/kg", "1 unit/kg", "2.5 units/kg".
    public static func unitsPerKg(_ value: Tenths) -> String {
        number(value) + (value.count == 10 ? " unit/kg" : " units/kg")
    }
    /// A dose rate to `decimals` places: "0.5 units/kg/min", "1 unit/kg/min".
    public static func unitsPerKgPerMinute(scaled: Int, decimals: Int) -> String {
        let one = DecimalText.powerOfTen(decimals)
        return number(scaled: scaled, decimals: decimals) + (scaled == one ? " unit/kg/min" : " units/kg/min")
    }
    public static func millilitres(_ value: Tenths) -> String { number(value) + " mL" }
    public static func millilitresPerHour(_ value: Tenths) -> String { number(value) + " mL/h" }
    public static func kilograms(_ value: Tenths) -> String { number(value) + " kg" }
    public static func pounds(_ value: Tenths) -> String { number(value) + " lb" }
    public static func minutes(_ value: Int) -> String { number(value) + " min" }
    /// A signed percentage in tenths: "-4.5%", "+2%", "0%".
    public static func signedPercent(_ value: Tenths) -> String {
        (value.count > 0 ? "+" : "") + number(value) + "%"
    }
    /// A signed count of units: "-188 units", "+200 units", "0 units".
    public static func signedUnits(_ value: Int) -> String {
        (value > 0 ? "+" : "") + units(value)
    }
    /// An exact value in units/kg to `decimals` places: "240.01 units/kg".
    public static func unitsPerKg(_ value: Ratio, decimals: Int) -> String {
        let scaled = value.roundedHalfUp(decimals: decimals)
        return number(scaled: scaled, decimals: decimals) + (scaled == DecimalText.powerOfTen(decimals) ? " unit/kg" : " units/kg")
    }

    /// How many decimals (from `minimum`, at most 6) a value needs so that rounding never
    /// makes a value beyond a limit read as the limit itself ("240 is above 240").
    /// Zero counts as a limit too: a dose is never shown as 0 when it is not.
    public static func decimalsDistinguishing(_ value: Ratio, from limits: [Ratio], minimum: Int) -> Int {
        var decimals = minimum
        for limit in limits + [Ratio(whole: 0)] {
            while decimals < 6 && value != limit
                    && value.roundedHalfUp(decimals: decimals) == limit.roundedHalfUp(decimals: decimals) {
                decimals += 1
            }
        }
        return decimals
    }
    public static func decimalsDistinguishing(_ value: Ratio, from limit: Ratio, minimum: Int) -> Int {
        decimalsDistinguishing(value, from: [limit], minimum: minimum)
    }

    /// A units/kg value shown with the decimals that keep it apart from `limits` and 0.
    public static func unitsPerKg(_ value: Ratio, against limits: [Ratio], minimum: Int = 1) -> String {
        unitsPerKg(value, decimals: decimalsDistinguishing(value, from: limits, minimum: minimum))
    }
    /// A dose rate shown with the decimals that keep it apart from `limits` and 0.
    public static func unitsPerKgPerMinute(_ value: Ratio, against limits: [Ratio]) -> String {
        let decimals = decimalsDistinguishing(value, from: limits, minimum: 2)
        return unitsPerKgPerMinute(scaled: value.roundedHalfUp(decimals: decimals), decimals: decimals)
    }

    /// Text a person typed, quoted back with control and invisible characters made
    /// visible (a line break would split a one-line error; a zero-width space would hide).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + hex + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// An elapsed time: "45 min", "12 h", "13 h 5 min".
    public static func elapsed(minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : ""
        let m = abs(minutes)
        if m < 60 { return sign + "\(m) min" }
        return sign + "\(m / 60) h" + (m % 60 == 0 ? "" : " \(m % 60) min")
    }

    /// An instant for people: "2026-11-29 19:19" (rule book section 3).
    public static func time(_ instant: Instant, zone: TimeZoneRule) -> String { zone.zoned(instant).text }

    /// A deadline for people: its date and time, and the zone when the clocks changed
    /// between its start and its end ("2026-11-01 07:00 (EST; the clocks changed)").
    public static func deadline(_ deadline: PreparationDeadline, zone: TimeZoneRule) -> String {
        let end = zone.zoned(deadline.at)
        return end.text + (end.offsetSeconds != zone.offsetSeconds(at: deadline.from) ? " (\(end.zoneText); the clocks changed)" : "")
    }

    /// Vial strength as an adjective: "400-unit".
    public static func strength(_ units: Int) -> String { number(units) + "-unit" }
}

/// Exact arithmetic for everything a person sees. Binary floating point never touches a
/// dose or a volume: values are whole integers in a fixed scale (units, tenths of a mL,
/// tenths of a kg) or an exact `Ratio` when a division has no finite decimal.

/// A number with exactly one decimal, stored as a whole count of tenths (70.5 is 705).
public struct Tenths: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let count: Int

    public init(tenths count: Int) { self.count = count }
    public init(whole: Int) { self.count = whole * 10 }

    public static func < (lhs: Tenths, rhs: Tenths) -> Bool { lhs.count < rhs.count }
    public static func + (lhs: Tenths, rhs: Tenths) -> Tenths { Tenths(tenths: lhs.count + rhs.count) }
    public static func - (lhs: Tenths, rhs: Tenths) -> Tenths { Tenths(tenths: lhs.count - rhs.count) }
    public static let zero = Tenths(tenths: 0)

    public var ratio: Ratio { Ratio(count, 10) }
    /// Plain decimal text (JSON, debugging): "70.5", "105", "-4.5".
    public var description: String { DecimalText.plain(scaled: count, decimals: 1) }
}

/// An exact fraction with a positive denominator. Only comparisons and rounding leave it.
public struct Ratio: Hashable, Comparable, Sendable {
    public let numerator: Int
    public let denominator: Int

    /// `denominator` must not be 0; a 0 is treated as 1 so that nothing traps.
    public init(_ numerator: Int, _ denominator: Int) {
        let d = denominator == 0 ? 1 : denominator
        let sign = d < 0 ? -1 : 1
        let g = Ratio.gcd(abs(numerator), abs(d))
        self.numerator = sign * numerator / max(g, 1)
        self.denominator = sign * d / max(g, 1)
    }
    public init(whole: Int) { self.init(whole, 1) }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }
    public static func * (lhs: Ratio, rhs: Ratio) -> Ratio {
        Ratio(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }
    public static func / (lhs: Ratio, rhs: Ratio) -> Ratio {
        Ratio(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }
    public static func - (lhs: Ratio, rhs: Ratio) -> Ratio {
        Ratio(lhs.numerator * rhs.denominator - rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    /// Rounded half away from zero to `decimals` places, as a scaled integer
    /// (2.25 to 1 decimal is 23; -4.489 to 1 decimal is -45). For positive values this is
    /// the rule book's "rounded half-up".
    public func roundedHalfUp(decimals: Int) -> Int {
        let scale = DecimalText.powerOfTen(decimals)
        let scaledNumerator = abs(numerator) * scale
        let quotient = scaledNumerator / denominator
        let remainder = scaledNumerator % denominator
        let rounded = remainder * 2 >= denominator ? quotient + 1 : quotient
        return numerator < 0 ? -rounded : rounded
    }

    /// Smallest whole number not below this value.
    public var roundedUp: Int {
        let q = numerator / denominator
        return (numerator % denominator != 0 && numerator > 0) ? q + 1 : q
    }

    public var tenthsRoundedHalfUp: Tenths { Tenths(tenths: roundedHalfUp(decimals: 1)) }
}

/// Plain decimal text from a scaled integer, with no grouping and no trailing zeros.
public enum DecimalText {
    static func powerOfTen(_ n: Int) -> Int {
        var p = 1
        for _ in 0..<max(n, 0) { p *= 10 }
        return p
    }

    /// `plain(scaled: 1050, decimals: 2)` is "10.5"; `plain(scaled: 5, decimals: 1)` is "0.5".
    public static func plain(scaled: Int, decimals: Int, grouping: Bool = false) -> String {
        let scale = powerOfTen(decimals)
        let magnitude = scaled.magnitude
        let whole = magnitude / UInt(scale)
        var fraction = magnitude % UInt(scale)
        var fractionDigits = decimals
        while fractionDigits > 0 && fraction % 10 == 0 { fraction /= 10; fractionDigits -= 1 }
        var text = grouping ? grouped(whole) : String(whole)
        if fractionDigits > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: fractionDigits - digits.count) + digits
        }
        return scaled < 0 ? "-" + text : text
    }

    /// A non-negative whole number with leading zeros to `width` digits: `padded(7, 2)` is "07".
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(width - digits.count, 0)) + digits
    }

    /// Thousands separators from 1,000 up (rule book section 3).
    static func grouped(_ value: UInt) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

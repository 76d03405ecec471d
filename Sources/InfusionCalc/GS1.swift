/// Rule book section 6: a vial's GS1 DataMatrix, read by a scanner that types like a
/// keyboard, holds application identifiers (01) GTIN-14, (17) expiry YYMMDD, (10) lot and
/// (21) serial, separated by the group separator (ASCII 29) or written in parentheses.
/// This reads the lot and the expiry from it, or says what was read and what is wrong.

/// A calendar date without a time (an expiry date).
public struct CalendarDate: Hashable, Comparable, Sendable {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDateTime.daysIn(month: month, year: year)).contains(day) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// "2026-11-29"
    public var text: String { DecimalText.padded(year, 4) + "-" + DecimalText.padded(month, 2) + "-" + DecimalText.padded(day, 2) }

    /// "2026-11-29" only (ISO 8601 calendar date; no other form is accepted).
    public static func parse(_ text: String, field: InputField = .expiry,
                             accepted: String = "Enter the date as YYYY-MM-DD, for example 2027-03-31.") -> Result<CalendarDate, InputError> {
        let trimmed = text.trimmingWhitespace
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return .failure(InputError(field, "Date \(Display.quoted(text)) is not understood. " + accepted))
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            return .failure(InputError(field, "Date \(Display.quoted(text)) does not exist. " + accepted))
        }
        return .success(date)
    }
}

/// Why a scan is not a GS1 element string.
struct ScanProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

/// What a GS1 barcode on a vial says.
public struct GS1VialCode: Equatable, Sendable {
    /// (01) GTIN-14 with a valid check digit.
    public let gtin: String
    /// (17) expiry date.
    public let expiry: CalendarDate
    /// (10) batch or lot number.
    public let lot: String
    /// (21) serial number, when present.
    public let serial: String?

    /// The group separator (FNC1 as a scanner transmits it).
    public static let groupSeparator: Character = "\u{1D}"

    /// Reads a scan: "(01)…(17)…(10)…(21)…" or the raw element string with group
    /// separators, optionally after the symbology identifier "]d2" a scanner may send.
    /// `today` decides the century of the two-digit expiry year (GS1 General
    /// Specifications 7.12: within 49 years back and 50 ahead).
    public static func parse(_ scan: String, today: CalendarDate) -> Result<GS1VialCode, InputError> {
        var text = Substring(scan.trimmingWhitespace)
        if text.hasPrefix("]d2") || text.hasPrefix("]C1") || text.hasPrefix("]Q3") { text = text.dropFirst(3) }
        let elements: [(String, String)]
        switch text.first == "(" ? parenthesised(text) : raw(text) {
        case .failure(let problem): return .failure(InputError(.barcode, "Barcode \(Display.quoted(scan)): \(problem.text) \(accepted)"))
        case .success(let found): elements = found
        }
        let readSoFar = elements.map { "(\($0.0)) \($0.1)" }.joined(separator: ", ")
        func refuse(_ problem: String) -> Result<GS1VialCode, InputError> {
            .failure(InputError(.barcode, "Barcode: read \(readSoFar.isEmpty ? "nothing" : readSoFar); \(problem) \(accepted)"))
        }
        var values: [String: String] = [:]
        for (identifier, value) in elements {
            if values[identifier] != nil { return refuse("(\(identifier)) appears twice.") }
            values[identifier] = value
        }
        guard let gtin = values["01"] else { return refuse("there is no GTIN (01).") }
        guard gtin.count == 14, gtin.allSatisfy({ $0.isASCII && $0.isNumber }) else { return refuse("the GTIN (01) must be 14 digits.") }
        guard checkDigitIsValid(gtin) else { return refuse("the GTIN (01) \(gtin) has a wrong check digit: the scan is damaged; scan again or type the lot and expiry.") }
        guard let expiryText = values["17"] else { return refuse("there is no expiry date (17).") }
        guard let expiry = expiryDate(expiryText, today: today) else { return refuse("the expiry (17) \(expiryText) is not a date YYMMDD.") }
        guard let lot = values["10"], !lot.isEmpty else { return refuse("there is no lot number (10).") }
        return .success(GS1VialCode(gtin: gtin, expiry: expiry, lot: lot, serial: values["21"]))
    }

    static let accepted = "A vial's GS1 code holds (01) GTIN, (17) expiry and (10) lot; scan it again or type the lot and the expiry."

    /// Fixed lengths of the identifiers read here; (10) and (21) run to a separator or the end.
    static let fixedLength: [String: Int] = ["01": 14, "17": 6, "11": 6, "15": 6, "16": 6]
    static let variableMaximum: [String: Int] = ["10": 20, "21": 20]

    static func raw(_ text: Substring) -> Result<[(String, String)], ScanProblem> {
        var rest = text
        var out: [(String, String)] = []
        while !rest.isEmpty {
            if rest.first == groupSeparator { rest = rest.dropFirst(); continue }
            let identifier = String(rest.prefix(2))
            guard identifier.count == 2, identifier.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return .failure(ScanProblem("\(Display.quoted(String(rest.prefix(12)))) does not start with an application identifier."))
            }
            rest = rest.dropFirst(2)
            if let length = fixedLength[identifier] {
                let value = String(rest.prefix(length))
                guard value.count == length else { return .failure(ScanProblem("(\(identifier)) needs \(length) characters, found \(Display.quoted(value)).")) }
                out.append((identifier, value))
                rest = rest.dropFirst(length)
            } else if let maximum = variableMaximum[identifier] {
                let value = String(rest.prefix { $0 != groupSeparator })
                guard value.count <= maximum else { return .failure(ScanProblem("(\(identifier)) is longer than \(maximum) characters.")) }
                guard value.allSatisfy(isAllowed) else { return .failure(ScanProblem("(\(identifier)) \(Display.quoted(value)) has characters a GS1 code cannot hold.")) }
                out.append((identifier, value))
                rest = rest.dropFirst(value.count)
            } else {
                return .failure(ScanProblem("(\(identifier)) is not an identifier read here (01, 17, 10, 21)."))
            }
        }
        return .success(out)
    }

    static func parenthesised(_ text: Substring) -> Result<[(String, String)], ScanProblem> {
        var rest = text
        var out: [(String, String)] = []
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
                return .failure(ScanProblem("\(Display.quoted(String(rest.prefix(12)))) is not \"(NN)\" followed by a value."))
            }
            let identifier = String(rest[rest.index(after: rest.startIndex)..<close])
            guard identifier.count == 2, identifier.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return .failure(ScanProblem("\"(\(identifier))\" is not a two-digit application identifier."))
            }
            rest = rest[rest.index(after: close)...]
            let value = String(rest.prefix { $0 != "(" && $0 != groupSeparator })
            rest = rest.dropFirst(value.count)
            if rest.first == groupSeparator { rest = rest.dropFirst() }
            if let length = fixedLength[identifier], value.count != length {
                return .failure(ScanProblem("(\(identifier)) needs \(length) characters, found \(Display.quoted(value))."))
            }
            if let maximum = variableMaximum[identifier] {
                guard value.count <= maximum else { return .failure(ScanProblem("(\(identifier)) is longer than \(maximum) characters.")) }
                guard value.allSatisfy(isAllowed) else { return .failure(ScanProblem("(\(identifier)) \(Display.quoted(value)) has characters a GS1 code cannot hold.")) }
            } else if fixedLength[identifier] == nil {
                return .failure(ScanProblem("(\(identifier)) is not an identifier read here (01, 17, 10, 21)."))
            }
            out.append((identifier, value))
        }
        return .success(out)
    }

    /// GS1 character set 82: the printable ASCII characters a lot or serial may hold.
    static func isAllowed(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x21 && ascii <= 0x22) || (ascii >= 0x25 && ascii <= 0x3F) || (ascii >= 0x41 && ascii <= 0x5A)
            || ascii == 0x5F || (ascii >= 0x61 && ascii <= 0x7A)
    }

    /// The GS1 mod-10 check digit (weights 3 and 1 from the right, the check digit excluded).
    public static func checkDigitIsValid(_ digits: String) -> Bool {
        let values = digits.compactMap { $0.wholeNumberValue }
        guard values.count == digits.count, let check = values.last else { return false }
        var sum = 0
        for (offset, value) in values.dropLast().reversed().enumerated() { sum += value * (offset % 2 == 0 ? 3 : 1) }
        return (10 - sum % 10) % 10 == check
    }

    /// YYMMDD; day 00 means the last day of the month (GS1 General Specifications 3.4.2).
    static func expiryDate(_ text: String, today: CalendarDate) -> CalendarDate? {
        guard text.count == 6, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let yy = Int(text.prefix(2)), let month = Int(text.dropFirst(2).prefix(2)), let day = Int(text.suffix(2)),
              (1...12).contains(month) else { return nil }
        let century = today.year / 100 * 100
        var year = century + yy
        let difference = yy - today.year % 100
        if difference >= 51 { year -= 100 } else if difference <= -50 { year += 100 }
        let lastDay = LocalDateTime.daysIn(month: month, year: year)
        return CalendarDate(year: year, month: month, day: day == 0 ? lastDay : day)
    }
}

/// A vial lot as typed or scanned: 1 to 20 characters of the GS1 set (letters, digits and
/// a few signs), so that what is typed is what a barcode of that lot would hold.
public enum VialLot {
    static let lotAccepted = "1 to 20 letters, digits or - . / _ signs, for example 2X9KJ01"
    /// What a lot field takes, for prompts: a lot typed, or the vial's barcode scanned.
    public static let accepted = "the lot as printed on the vial, " + lotAccepted + ", or the vial's GS1 barcode scanned"

    public static func parse(_ text: String) -> Result<String, InputError> {
        let lot = text.trimmingWhitespace
        let accepted = "Type the lot number as printed on the vial: " + Self.lotAccepted + "."
        guard !lot.isEmpty else { return .failure(InputError(.lot, "No lot number was entered. " + accepted)) }
        guard lot.count <= 20 else { return .failure(InputError(.lot, "Lot \(Display.quoted(lot)) is longer than 20 characters. " + accepted)) }
        // Typed: the characters a lot is printed with (a scanned lot may hold any GS1 character).
        guard lot.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) || "-./_".contains($0) }) else {
            return .failure(InputError(.lot, "Lot \(Display.quoted(lot)) has a character a lot number cannot hold. " + accepted))
        }
        return .success(lot)
    }
}

extension Rules {
    /// Section 6: a vial whose expiry date is before today is expired (a hard stop).
    public static func isExpired(_ expiry: CalendarDate, today: CalendarDate) -> Bool { expiry < today }
}

import InfusionCalc

/// An editable one-line field with a cursor. Which characters it takes is the field's
/// `Kind`; anything else is refused with a message (never silently dropped).
public struct TextField: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Digits and one "." or ",".
        case decimal
        /// Digits, one decimal separator, a space and the unit letters of "kg", "lb", "lbs".
        case weight
        /// Digits and one ":" (24-hour clock).
        case time
        /// A person's name or initials: letters, spaces, ".", "-" and "'".
        case name
        /// A patient's full name: the characters of a name, longer.
        case fullName
        /// A medical record number: ASCII letters, digits, "-", "/" and ".".
        case identifier
        /// A calendar date, YYYY-MM-DD (or YYYY-MM for an expiry): digits and "-".
        case date
        /// An order reference: ASCII letters, digits, spaces and "-", "/", ".", "#", "_".
        case reference
        /// A vial's lot, or its whole GS1 code from a scanner that types like a keyboard:
        /// the characters a GS1 code holds, parentheses and the group separator (ASCII 29).
        case lot
    }

    public let kind: Kind
    public private(set) var text: String
    /// Cursor position, 0...text.count.
    public private(set) var cursor: Int
    /// Characters a number or a time field holds.
    public static let maximumLength = 12
    /// Characters a name field holds.
    public static let maximumNameLength = PersonName.maximumLength
    /// Characters a lot field holds: a whole GS1 code with its four identifiers.
    public static let maximumScanLength = 80
    public var maximumLength: Int {
        switch kind {
        case .decimal, .weight, .time: Self.maximumLength
        case .name: PersonName.maximumLength
        case .fullName: PatientIdentity.nameMaximumLength
        case .identifier: PatientIdentity.recordNumberMaximumLength
        case .date: 10
        case .reference: OrderReference.maximumLength
        case .lot: Self.maximumScanLength
        }
    }

    public init(kind: Kind, text: String = "") {
        self.kind = kind
        self.text = ""
        self.cursor = 0
        self.text = String(text.prefix(maximumLength))
        self.cursor = self.text.count
    }

    /// Why `character` cannot go in this field, or nil when it can.
    public func refusal(of character: Character) -> String? {
        if text.count >= maximumLength { return "This field is full (\(maximumLength) characters)." }
        let isDigit = character.isASCII && character.isNumber
        let hasSeparator = text.contains(".") || text.contains(",")
        switch kind {
        case .decimal:
            if isDigit { return nil }
            if character == "." || character == "," {
                return hasSeparator ? "Only one decimal separator can be typed." : nil
            }
            return "Only digits and one decimal separator (\".\" or \",\") can be typed here."
        case .weight:
            if isDigit || character == " " || "kglbsKGLBS".contains(character) { return nil }
            if character == "." || character == "," {
                return hasSeparator ? "Only one decimal separator can be typed." : nil
            }
            return "Only digits, one decimal separator and the unit kg or lb can be typed here."
        case .time:
            if isDigit { return nil }
            if character == ":" { return text.contains(":") ? "Only one \":\" can be typed." : nil }
            return "Only digits and \":\" can be typed here (24-hour clock, for example 14:05)."
        case .name, .fullName:
            if character.isLetter || " .-'".contains(character) { return nil }
            return "Only letters, spaces, \".\", \"-\" and \"'\" can be typed in a name."
        case .identifier:
            if character.isASCII && (character.isLetter || character.isNumber) || "-/.".contains(character) { return nil }
            return "Only letters, digits, \"-\", \"/\" and \".\" can be typed in a medical record number."
        case .date:
            if isDigit || character == "-" { return nil }
            return "Only digits and \"-\" can be typed in a date (YYYY-MM-DD)."
        case .reference:
            if character.isASCII && (character.isLetter || character.isNumber) || " -/.#_".contains(character) { return nil }
            return "Only letters, digits, spaces and \"-\", \"/\", \".\", \"#\", \"_\" can be typed in an order reference."
        case .lot:
            if character == GS1VialCode.groupSeparator || character == "(" || character == ")" || character == "]"
                || (character.asciiValue.map { $0 > 0x20 && $0 < 0x7F } ?? false) { return nil }
            return "Only the letters, digits and signs printed on a vial, or its scanned code, can be typed in a lot."
        }
    }

    /// Inserts at the cursor; returns the refusal message when the character is not taken.
    public mutating func insert(_ character: Character) -> String? {
        if let refusal = refusal(of: character) { return refusal }
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(character, at: index)
        cursor += 1
        return nil
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
        cursor -= 1
    }
    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: text.index(text.startIndex, offsetBy: cursor))
    }
    public mutating func moveLeft() { cursor = max(cursor - 1, 0) }
    public mutating func moveRight() { cursor = min(cursor + 1, text.count) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }
    public mutating func replace(with newText: String) {
        text = String(newText.prefix(maximumLength))
        cursor = text.count
    }
}

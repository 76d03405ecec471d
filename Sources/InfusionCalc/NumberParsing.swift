/// Reads a decimal number that a person typed. Strict on purpose: anything that could be
/// read two ways is refused with a reason, never guessed at.
public enum NumberProblem: Error, Equatable, Sendable {
    case empty
    case negative
    case notANumber(found: String)
    case nonASCIIDigit(found: String)
    case tooManyDecimals(allowed: Int)
    case textAfterNumber(found: String)
    case missingDigitBeforePoint
    case missingDigitAfterPoint
    case severalSeparators
    /// "4,200" where only whole numbers are taken: a thousands separator, not a decimal.
    case separatorInWholeNumber
    case tooLarge
}

enum NumberReader {
    /// Parses `text` as a non-negative decimal with at most `maxDecimals` places, written
    /// with ASCII digits and one "." or "," as decimal separator. Returns it scaled by
    /// 10^maxDecimals. At most `maxIntegerDigits` digits before the separator, which keeps
    /// every later product far from integer overflow.
    static func read(_ text: String, maxDecimals: Int, maxIntegerDigits: Int = 7) -> Result<Int, NumberProblem> {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return .failure(.empty) }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var sawSeparator = false
        let characters = Array(trimmed)
        if characters[0] == "-" || characters[0] == "\u{2212}" {
            let next = characters.dropFirst().first
            return .failure(next.map { $0.isNumber || $0 == "." || $0 == "," } == true ? .negative : .notANumber(found: trimmed))
        }
        if characters[0] == "+" { return .failure(.notANumber(found: "+")) }
        for (index, character) in characters.enumerated() {
            if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                if sawSeparator { fractionDigits.append(ascii - 48) } else { integerDigits.append(ascii - 48) }
            } else if character == "." || character == "," {
                if sawSeparator { return .failure(.severalSeparators) }
                sawSeparator = true
            } else if character.isNumber {
                return .failure(.nonASCIIDigit(found: String(character)))
            } else {
                if integerDigits.isEmpty && fractionDigits.isEmpty { return .failure(.notANumber(found: String(characters[index...]))) }
                return .failure(.textAfterNumber(found: String(characters[index...]).trimmingWhitespace))
            }
        }
        if integerDigits.isEmpty && !sawSeparator { return .failure(.notANumber(found: trimmed)) }
        if integerDigits.isEmpty { return .failure(.missingDigitBeforePoint) }
        if sawSeparator && fractionDigits.isEmpty { return .failure(.missingDigitAfterPoint) }
        if maxDecimals == 0 && fractionDigits.count == 3 { return .failure(.separatorInWholeNumber) }
        if fractionDigits.count > maxDecimals { return .failure(.tooManyDecimals(allowed: maxDecimals)) }
        let significant = integerDigits.drop { $0 == 0 }
        if significant.count > maxIntegerDigits { return .failure(.tooLarge) }
        var value = 0
        for digit in integerDigits { value = value * 10 + Int(digit) }
        for position in 0..<maxDecimals {
            value = value * 10 + (position < fractionDigits.count ? Int(fractionDigits[position]) : 0)
        }
        return .success(value)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks (no Foundation).
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}

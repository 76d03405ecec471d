// Text checks shared by every suite that reads what people see.

/// True when `figure` ("45 mL", "4,200 units") appears in `text` as a whole figure: not
/// as the tail of a longer number ("145 mL") and not as the head of a longer unit.
public func mentions(_ text: String, _ figure: String) -> Bool {
    let characters = Array(text)
    let needle = Array(figure)
    guard needle.count <= characters.count else { return false }
    for start in 0...(characters.count - needle.count) where Array(characters[start..<start + needle.count]) == needle {
        let before = start > 0 ? characters[start - 1] : " "
        let afterIndex = start + needle.count
        let after = afterIndex < characters.count ? characters[afterIndex] : " "
        let beforeOK = !(before.isNumber || before == "." || before == "," || before == "-" || before == "+")
        let afterOK = !(after.isLetter || after.isNumber || after == "/")
        if beforeOK && afterOK { return true }
    }
    return false
}

/// Section 3 checks on one line of text for people; returns the problems found.
public func section3Problems(_ line: String) -> [String] {
    var problems: [String] = []
    if line.contains(#/\.\d*0(?!\d)/#) { problems.append("trailing zero after a decimal point") }
    if line.contains(#/(^|[^0-9])\.[0-9]/#) { problems.append("number without a leading zero") }
    if line.contains(#/\b(U|u|IU|iu|cc)\b/#) { problems.append("\"U\", \"IU\" or \"cc\" as a word") }
    if line.contains("\u{00B5}") || line.contains("\u{03BC}") { problems.append("micro sign") }
    if line.contains(#/(^|[^0-9.,])[0-9]{4,}/#) { problems.append("no thousands separator") }
    if line.contains(#/[0-9](mL|units?\b|kg\b|lb\b|min\b)/#) { problems.append("no space between number and unit") }
    return problems
}

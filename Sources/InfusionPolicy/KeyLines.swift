/// Where each key of a TOML text is written: TOMLKit gives values, not their lines, so
/// this scanner reads the text once and maps every dotted key path ("rounding.tolerance_percent",
/// a table header "rounding", an inline table's keys) to its 1-based line, and keeps the
/// literal text of each one-line value so that decimals are read exactly. It follows
/// strings (basic, literal, multi-line), comments and multi-line arrays, so that text
/// inside them is never taken for a key.
struct KeyLines {
    /// Key path to the line it is first written on.
    private(set) var lines: [String: Int] = [:]
    /// Key path to the literal value text written after "=" on its line (comment removed).
    private(set) var literals: [String: String] = [:]
    /// Line number to the key path written on it.
    private(set) var keyOnLine: [Int: String] = [:]

    init(_ text: String) {
        var table: [String] = []
        var depth = 0 // open brackets or braces of a value that spans lines
        var multiline: String? // the delimiter of an open multi-line string
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = index + 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            if let delimiter = multiline {
                guard let end = line.range(of: delimiter) else { continue }
                multiline = nil
                line = line[end.upperBound...]
                let (_, open, rest) = Self.scanValue(line, depth: depth)
                depth = open
                multiline = rest
                continue
            }
            if depth > 0 {
                let (_, open, rest) = Self.scanValue(line, depth: depth)
                depth = open
                multiline = rest
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            if trimmed.hasPrefix("[") {
                let isArray = trimmed.hasPrefix("[[")
                let inner = trimmed.dropFirst(isArray ? 2 : 1)
                let name = Self.keyText(inner, until: "]")
                table = Self.parts(name)
                record(table.joined(separator: "."), line: number, literal: nil)
                continue
            }
            let keyPart = Self.keyText(trimmed, until: "=")
            let keyParts = Self.parts(keyPart)
            let path = (table + keyParts).joined(separator: ".")
            // A dotted key (`limits.tolerance = 5`) also writes its parents on this line.
            for count in stride(from: 1, to: keyParts.count, by: 1) {
                let parent = (table + keyParts.prefix(count)).joined(separator: ".")
                if lines[parent] == nil { lines[parent] = number }
            }
            guard let equals = Self.indexOutsideQuotes(of: "=", in: trimmed) else {
                record(path, line: number, literal: nil)
                continue
            }
            let value = trimmed[trimmed.index(after: equals)...]
            let (literal, open, rest) = Self.scanValue(value, depth: 0)
            depth = open
            multiline = rest
            record(path, line: number, literal: open == 0 && rest == nil ? literal : nil)
            // An inline table: its keys are on this line too.
            let valueText = literal.drop { $0 == " " }
            if valueText.hasPrefix("{") {
                for inner in Self.inlineKeys(String(valueText.dropFirst())) {
                    record(path + "." + inner.key, line: number, literal: inner.literal)
                }
            }
        }
    }

    private mutating func record(_ path: String, line: Int, literal: String?) {
        if lines[path] == nil { lines[path] = line }
        if keyOnLine[line] == nil { keyOnLine[line] = path }
        if let literal, literals[path] == nil { literals[path] = literal }
    }

    /// The line of `path`, else of its nearest written parent (an inline table, a table
    /// header), else nil.
    func line(of path: String) -> Int? {
        var parts = path.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let line = lines[parts.joined(separator: ".")] { return line }
            parts.removeLast()
        }
        return nil
    }

    func literal(of path: String) -> String? { literals[path] }

    /// The key path written on `line`, if any.
    func key(onLine line: Int) -> String? { keyOnLine[line] }

    // MARK: scanning

    /// The text before `stop` outside quotes, trimmed.
    static func keyText(_ text: Substring, until stop: Character) -> String {
        let end = indexOutsideQuotes(of: stop, in: text) ?? text.endIndex
        return String(text[..<end]).trimmingSpaces
    }

    static func indexOutsideQuotes(of target: Character, in text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\" && open == "\"" { index = text.index(after: index) } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == target {
                return index
            }
            if index < text.endIndex { index = text.index(after: index) }
        }
        return nil
    }

    /// A dotted key's parts, quotes removed: `"400"` is 400, `a . b` is [a, b].
    static func parts(_ key: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in key {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingSpaces)
        return parts.filter { !$0.isEmpty }
    }

    /// Scans a value's text: its literal without a trailing comment, the bracket depth
    /// left open at the end of the line, and the delimiter of a multi-line string left open.
    static func scanValue(_ text: Substring, depth start: Int) -> (literal: String, depth: Int, multiline: String?) {
        var depth = start
        let characters = Array(text)
        var index = 0
        var literalEnd = characters.count
        while index < characters.count {
            let character = characters[index]
            if character == "#" { literalEnd = index; break }
            if character == "\"" || character == "'" {
                let triple = index + 2 < characters.count && characters[index + 1] == character && characters[index + 2] == character
                if triple {
                    let delimiter = String(repeating: character, count: 3)
                    let rest = String(characters[(index + 3)...])
                    guard let close = rest.range(of: delimiter) else {
                        return (String(characters[..<index]).trimmingSpaces, depth, delimiter)
                    }
                    index += 3 + rest.distance(from: rest.startIndex, to: close.upperBound)
                    continue
                }
                index += 1
                while index < characters.count && characters[index] != character {
                    if character == "\"" && characters[index] == "\\" { index += 1 }
                    index += 1
                }
                index += 1
                continue
            }
            if character == "[" || character == "{" { depth += 1 }
            if character == "]" || character == "}" { depth = max(depth - 1, 0) }
            index += 1
        }
        return (String(characters[..<min(literalEnd, characters.count)]).trimmingSpaces, depth, nil)
    }

    /// `a = 1, b = "x" }`: the keys of an inline table and their literal values (one level).
    static func inlineKeys(_ text: String) -> [(key: String, literal: String)] {
        var out: [(String, String)] = []
        var piece = ""
        var depth = 0
        var quote: Character?
        func finish() {
            let part = Substring(piece)
            if let equals = indexOutsideQuotes(of: "=", in: part) {
                let key = parts(String(part[..<equals])).joined(separator: ".")
                out.append((key, String(part[part.index(after: equals)...]).trimmingSpaces))
            }
            piece = ""
        }
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
                piece.append(character)
                continue
            }
            switch character {
            case "\"", "'": quote = character; piece.append(character)
            case "[", "{": depth += 1; piece.append(character)
            case "]": depth -= 1; piece.append(character)
            case "}":
                if depth == 0 { finish(); return out }
                depth -= 1; piece.append(character)
            case "," where depth == 0: finish()
            default: piece.append(character)
            }
        }
        finish()
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}

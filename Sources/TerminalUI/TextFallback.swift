/// Text for terminals that cannot show Unicode. Under a non-UTF-8 locale ncursesw silently
/// DROPS non-ASCII characters (a dose in micrograms written with the micro sign would lose
/// its prefix, a 1000-fold error, and the layout shifts), so every
/// character is replaced by exactly one ASCII character instead: nothing disappears and each
/// cell still takes one column.
public enum TextFallback {
    /// One printable ASCII character standing for `character`: printable ASCII is returned
    /// unchanged, box drawing becomes `-`, `|` or `+`, accented letters their base letter,
    /// common symbols a look-alike, and anything else `?`. Signs whose meaning a look-alike
    /// would change (≤ ≥ ≠ ± ≈) deliberately become `?`: the text must not say "<" for "≤".
    public static func ascii(_ character: Character) -> Character {
        let scalars = Array(character.unicodeScalars)
        guard let base = scalars.first else { return "?" }
        // A base followed only by combining marks or variation selectors ("e" + U+0301,
        // "→" + U+FE0E) stands for its base; any other sequence ("\r\n", emoji ZWJ
        // sequences) is not one printable thing.
        guard scalars.dropFirst().allSatisfy(isModifier) else { return "?" }
        if (0x20...0x7E).contains(base.value) { return Character(base) }
        if let mapped = lookAlikes[base] { return mapped }
        if let letter = baseLatinLetter(base) { return letter }
        switch base.value {
        case 0x2500...0x257F: return "+"   // remaining box drawing: corners, tees, crosses
        case 0x2580...0x259F: return "#"   // block elements
        default: return "?"
        }
    }

    /// Whether the locale's character set (`nl_langinfo(CODESET)`) is UTF-8.
    public static func isUTF8(codeset: String) -> Bool {
        let letters = codeset.uppercased().filter { $0 != "-" && $0 != "_" }
        return letters == "UTF8"
    }

    private static func isModifier(_ scalar: Unicode.Scalar) -> Bool {
        if (0xFE00...0xFE0F).contains(scalar.value) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// "LATIN SMALL LETTER E WITH ACUTE" -> "e", "LATIN CAPITAL LETTER O WITH STROKE" -> "O".
    /// Uses the Unicode name so no decomposition table (or Foundation) is needed.
    private static func baseLatinLetter(_ scalar: Unicode.Scalar) -> Character? {
        guard let name = scalar.properties.name else { return nil }
        let words = name.split(separator: " ")
        guard words.count >= 6, words[0] == "LATIN", words[2] == "LETTER", words[4] == "WITH",
              words[3].count == 1, let letter = words[3].first, letter.isASCII, letter.isLetter
        else { return nil }
        switch words[1] {
        case "SMALL": return Character(letter.lowercased())
        case "CAPITAL": return letter
        default: return nil
        }
    }

    private static let lookAlikes: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [:]
        func map(_ characters: String, to replacement: Character) {
            for scalar in characters.unicodeScalars { table[scalar] = replacement }
        }
        // Box drawing: lines keep their direction; corners, tees and crosses become "+"
        // (the range fallback above).
        map("─━═┄┅┈┉╌╍╴╶╸╺╼╾", to: "-")
        map("│┃║┆┇┊┋╎╏╵╷╹╻╽╿", to: "|")
        map("╱", to: "/")
        map("╲", to: "\\")
        map("╳", to: "X")
        // Bullets and marks. Filled and empty shapes stay distinguishable (a selected
        // radio button must not look like an unselected one), as do ticks and crosses.
        map("•●◉◆■▪∙‣⁃", to: "*")
        map("○◯◦◇□▫☐", to: "o")
        map("✓✔☑", to: "v")
        map("✗✘☒", to: "x")
        map("⚠", to: "!")
        map("ℹ", to: "i")
        // Arrows and pointers.
        map("→⇒➜➔►▶▸❯›»", to: ">")
        map("←⇐◄◀◂❮‹«", to: "<")
        map("↑▲▴", to: "^")
        map("↓▼▾", to: "v")
        // Punctuation and typography.
        map("…·", to: ".")
        map("‐‑‒–—―−", to: "-")
        map("‘’‚‛′", to: "'")
        map("“”„‟″", to: "\"")
        map("¡", to: "!")
        map("¿", to: "?")
        map("°º", to: "o")
        map("ª", to: "a")
        map("×", to: "x")
        map("÷", to: "/")
        // Not "u": ISMP lists "u" as misread for "units". The wizard never writes the sign.
        map("\u{00B5}\u{03BC}", to: "?")
        map("ßẞ", to: "s")
        map("æ", to: "a")
        map("Æ", to: "A")
        map("œ", to: "o")
        map("Œ", to: "O")
        // Spaces of every width are spaces.
        map("\u{00A0}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}\u{202F}\u{205F}\u{3000}", to: " ")
        return table
    }()
}

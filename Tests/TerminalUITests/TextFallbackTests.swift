import Testing
@testable import TerminalUI

@Suite struct TextFallbackTests {
    func isPrintableASCII(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && (0x20...0x7E).contains(character.unicodeScalars.first!.value)
    }

    @Test func printableASCIIPassesUnchanged() {
        for value in UInt8(0x20)...UInt8(0x7E) {
            let character = Character(Unicode.Scalar(value))
            #expect(TextFallback.ascii(character) == character)
        }
    }

    @Test func boxDrawingKeepsItsShape() {
        for character in "─━═┄╌" { #expect(TextFallback.ascii(character) == "-", "\(character)") }
        for character in "│┃║┆╎" { #expect(TextFallback.ascii(character) == "|", "\(character)") }
        for character in "┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╭╮╯╰" {
            #expect(TextFallback.ascii(character) == "+", "\(character)")
        }
    }

    @Test func everyBoxDrawingAndBlockCharacterIsOnePrintableASCIICharacter() {
        for value in UInt32(0x2500)...UInt32(0x259F) {
            let mapped = TextFallback.ascii(Character(Unicode.Scalar(value)!))
            #expect(isPrintableASCII(mapped), "U+\(String(value, radix: 16)) -> \(mapped)")
            #expect(mapped != "?", "U+\(String(value, radix: 16)) has a shape")
        }
    }

    @Test func noCharacterEverMapsToNothing() {
        // Every scalar of the first planes, plus multi-scalar characters.
        var scalars = Array(UInt32(0)...UInt32(0x2FFFF)).compactMap(Unicode.Scalar.init)
        scalars.removeAll { (0xD800...0xDFFF).contains($0.value) }
        for scalar in scalars {
            let mapped = TextFallback.ascii(Character(scalar))
            #expect(isPrintableASCII(mapped), "U+\(String(scalar.value, radix: 16)) -> \(mapped)")
        }
        for character: Character in ["\r\n", "e\u{301}", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️"] {
            #expect(isPrintableASCII(TextFallback.ascii(character)), "\(character)")
        }
    }

    @Test func symbolsBecomeLookAlikes() {
        let expected: [(Character, Character)] = [
            ("•", "*"), ("→", ">"), ("←", "<"), ("…", "."), ("°", "o"), ("–", "-"), ("—", "-"),
            ("−", "-"), ("’", "'"), ("“", "\""), ("«", "<"), ("»", ">"), ("×", "x"),
            ("\u{00B5}", "?"), ("\u{00A0}", " "), ("\u{202F}", " "), ("●", "*"), ("○", "o"),
            ("✓", "v"), ("✗", "x"), ("⚠", "!"), ("█", "#"),
        ]
        for (character, ascii) in expected {
            #expect(TextFallback.ascii(character) == ascii, "\(character)")
        }
    }

    @Test func accentedLettersBecomeTheirBaseLetter() {
        let expected: [(Character, Character)] = [
            ("é", "e"), ("è", "e"), ("ê", "e"), ("ë", "e"), ("É", "E"), ("à", "a"), ("â", "a"),
            ("ç", "c"), ("Ç", "C"), ("î", "i"), ("ï", "i"), ("ô", "o"), ("ù", "u"), ("û", "u"),
            ("ü", "u"), ("ÿ", "y"), ("ñ", "n"), ("ø", "o"), ("Ø", "O"), ("ł", "l"), ("å", "a"),
            ("ß", "s"), ("œ", "o"), ("e\u{301}", "e"), ("E\u{300}", "E"),
        ]
        for (character, ascii) in expected {
            #expect(TextFallback.ascii(character) == ascii, "\(character)")
        }
    }

    @Test func signsWhoseMeaningALookAlikeWouldChangeBecomeQuestionMarks() {
        for character in "≤≥≠±≈" { #expect(TextFallback.ascii(character) == "?", "\(character)") }
    }

    @Test func controlCharactersAndUnknownsBecomeQuestionMarks() {
        for character: Character in ["\n", "\t", "\u{7F}", "\u{9B}", "\r\n", "中", "😀", "\u{301}"] {
            #expect(TextFallback.ascii(character) == "?", "\(character.unicodeScalars.map(\.value))")
        }
    }

    @Test func aLineKeepsItsLength() {
        let line = "┌─ Débit • 5 µg/kg/min → 21,8 mL/h … 37 °C ─┐"
        let ascii = String(line.map(TextFallback.ascii))
        #expect(ascii == "+- Debit * 5 ?g/kg/min > 21,8 mL/h . 37 oC -+")
        #expect(ascii.count == line.count)
    }

    @Test(arguments: [
        ("UTF-8", true), ("utf8", true), ("UTF8", true), ("utf-8", true),
        ("ANSI_X3.4-1968", false), ("ISO-8859-1", false), ("", false), ("UTF-16", false),
    ])
    func codesetDecidesUnicode(codeset: String, unicode: Bool) {
        #expect(TextFallback.isUTF8(codeset: codeset) == unicode)
    }
}

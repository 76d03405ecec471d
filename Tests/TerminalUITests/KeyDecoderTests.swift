import CNCursesW
import InfusionWizard
import Testing
@testable import TerminalUI

@Suite struct KeyDecoderTests {
    let size = (width: 80, height: 24)

    func character(_ code: UInt32) -> Key? {
        KeyDecoder.key(status: OK, code: code, terminalSize: size)
    }
    func function(_ code: Int32) -> Key? {
        KeyDecoder.key(status: KEY_CODE_YES, code: UInt32(code), terminalSize: size)
    }

    @Test func enterIsCarriageReturnLineFeedOrKeyEnter() {
        #expect(character(10) == .enter)
        #expect(character(13) == .enter)
        #expect(function(KEY_ENTER) == .enter)
    }

    @Test func backspaceIsDeleteControlHOrKeyBackspace() {
        #expect(character(127) == .backspace)
        #expect(character(8) == .backspace)
        #expect(function(KEY_BACKSPACE) == .backspace)
    }

    @Test func escapeTabAndDelete() {
        #expect(character(27) == .escape)
        #expect(character(9) == .tab)
        #expect(function(KEY_BTAB) == .backTab)
        #expect(function(KEY_DC) == .delete)
    }

    @Test(arguments: [
        (KEY_LEFT, Key.left), (KEY_RIGHT, .right), (KEY_UP, .up), (KEY_DOWN, .down),
        (KEY_HOME, .home), (KEY_END, .end), (KEY_FIND, .home), (KEY_SELECT, .end),
        (KEY_A1, .home), (KEY_C1, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown),
        (KEY_A3, .pageUp), (KEY_C3, .pageDown),
    ])
    func navigationKeys(code: Int32, key: Key) {
        #expect(function(code) == key)
    }

    @Test func f1IsHelpOtherFunctionKeysAreIgnored() {
        #expect(function(cnc_key_f(1)) == .help)
        #expect(function(KEY_F0 + 1) == .help)
        #expect(function(cnc_key_f(2)) == nil)
        #expect(function(KEY_IC) == nil)
        #expect(function(KEY_MOUSE) == nil)
    }

    @Test func resizeReportsTheSizeItIsGiven() {
        #expect(KeyDecoder.key(status: KEY_CODE_YES, code: UInt32(KEY_RESIZE),
                               terminalSize: (width: 60, height: 12)) == .resize(width: 60, height: 12))
    }

    @Test func printableCharactersAreText() {
        #expect(character(UInt32(UInt8(ascii: "q"))) == .character("q"))
        #expect(character(UInt32(UInt8(ascii: " "))) == .character(" "))
        #expect(character(UInt32(UInt8(ascii: ","))) == .character(","))
        #expect(character(0xE9) == .character("é"))
        #expect(character(0x20AC) == .character("€"))
        #expect(character(0x1F600) == .character("😀"))
    }

    @Test func otherControlCharactersAndInvalidCodesAreIgnored() {
        for code: UInt32 in [0, 1, 3, 7, 11, 12, 26, 28, 31, 0x80, 0x9B, 0x9F] {
            #expect(character(code) == nil, "control \(code)")
        }
        #expect(character(0xD800) == nil)      // a surrogate is not a scalar
        #expect(character(0x110000) == nil)    // beyond Unicode
    }

    @Test func errorIsNoKey() {
        #expect(KeyDecoder.key(status: ERR, code: 65, terminalSize: size) == nil)
    }
}

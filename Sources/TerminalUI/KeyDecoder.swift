import CNCursesW
import InfusionWizard

/// Turns what `wget_wch` returned into a `Key`. Pure: the terminal size for `.resize` is
/// passed in, so every mapping can be tested without a terminal.
public enum KeyDecoder {
    /// - Parameters:
    ///   - status: the return value of `wget_wch`: `OK` (a character), `KEY_CODE_YES`
    ///     (a function key such as `KEY_LEFT`) or `ERR`.
    ///   - code: the character or key code it stored.
    ///   - terminalSize: the size after the event, used for `KEY_RESIZE`.
    /// - Returns: the key, or nil for nothing the wizard uses (other control characters,
    ///   unknown function keys, `ERR`).
    public static func key(status: Int32, code: UInt32,
                           terminalSize: (width: Int, height: Int)) -> Key? {
        switch status {
        case OK: return characterKey(code)
        case KEY_CODE_YES: return functionKey(Int32(truncatingIfNeeded: code), terminalSize: terminalSize)
        default: return nil
        }
    }

    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        // Enter is 13 (CR) with nonl() and 10 (LF) without: accept both.
        case 10, 13: return .enter
        case 27: return .escape
        // Terminals send DEL (127) or BS (8) for the Backspace key.
        case 8, 127: return .backspace
        case 9: return .tab
        // The GS1 group separator (FNC1), which a barcode scanner that types like a
        // keyboard sends between a vial code's variable-length fields (rule book section 6).
        case 29: return .character("\u{1D}")
        // Other C0 controls and the C1 range are not text.
        case 0..<32, 128..<160: return nil
        default: return Unicode.Scalar(code).map { .character(Character($0)) }
        }
    }

    static func functionKey(_ code: Int32, terminalSize: (width: Int, height: Int)) -> Key? {
        switch code {
        case KEY_RESIZE: return .resize(width: terminalSize.width, height: terminalSize.height)
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        // KEY_FIND/KEY_SELECT: what terminfo calls the vt220 keys where PCs have Home/End;
        // KEY_A1...KEY_C3: the keypad corners.
        case KEY_HOME, KEY_FIND, KEY_A1: return .home
        case KEY_END, KEY_SELECT, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_F0 + 1: return .help
        default: return nil
        }
    }
}

import InfusionWizard

/// What the terminal sent, once whole sequences are put together.
public enum InputEvent: Equatable, Sendable {
    /// A key the wizard knows (`Key`), from one character or one documented escape sequence.
    case key(Key)
    /// Text the terminal delivered as a bracketed paste (`ESC [ 200 ~` ... `ESC [ 201 ~`).
    /// At most `InputDecoder.maximumPasteLength + 1` characters are kept: a longer paste
    /// cannot fit any field and is refused whole.
    case paste(String)
    /// A sequence the program does not use (mouse report, focus event, OSC, DCS, a modified
    /// arrow, Alt+key...), consumed whole and ignored. The text is what was received
    /// (cut to 64 characters), for tests and diagnostics only.
    case ignored(String)
}

/// Puts the characters the terminal sends back into keys, pastes and ignored sequences.
/// Pure: the terminal feeds it one character at a time (`feed`) and tells it when no more
/// input came within `timeoutMilliseconds` (`timeout`). Nothing that starts with ESC ever
/// reaches the wizard as Esc followed by characters: it is either one of the documented
/// keys (`InputDecoder.documentedSequences`) or ignored whole.
///
/// Grammar (ECMA-48, with xterm's extensions):
/// - `ESC [` (or C1 `CSI`): parameters 0x30-0x3F, intermediates 0x20-0x2F, one final 0x40-0x7E.
///   `ESC [ M` without parameters is an X10 mouse report: three more characters follow.
/// - `ESC O` (or C1 `SS3`): parameters, then one final character.
/// - `ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _` (OSC, DCS, SOS, PM, APC, or their C1
///   forms): a string ended by BEL (OSC) or ST (`ESC \` or C1 0x9C).
/// - `ESC` + intermediates + final (`ESC ( B`): ignored.
/// - `ESC` + any other character (Alt+key): ignored. `ESC` alone, then nothing within the
///   escape delay: the Esc key.
/// A character that cannot continue a sequence ends it (ignored); if that character is
/// ESC it starts the next sequence, otherwise it is swallowed with the broken sequence.
public struct InputDecoder: Sendable {
    /// The longest paste kept; longer ones are refused whole by the wizard (no field takes it).
    public static let maximumPasteLength = 4096
    /// How much of an ignored sequence is kept for `.ignored`.
    static let keptLength = 64

    enum State: Equatable, Sendable {
        case ground
        /// ESC seen.
        case escape
        /// ESC + intermediates: waiting for the final character.
        case escapeIntermediate
        case csi
        case ss3
        /// OSC/DCS/SOS/PM/APC body; `bellEnds` for OSC.
        case string(bellEnds: Bool)
        /// ESC seen inside a string: `\` ends it.
        case stringEscape(bellEnds: Bool)
        /// X10 mouse report: this many characters still to come.
        case mouse(remaining: Int)
        /// Inside a bracketed paste.
        case paste
    }

    private(set) var state: State = .ground
    /// The sequence so far (cut to `keptLength`).
    private var sequence: [UInt32] = []
    /// CSI/SS3 parameters and intermediates, for matching the documented keys.
    private var parameters: String = ""
    private var parametersOverflow = false
    private var pasteText: [Character] = []
    private var pasteTail: [UInt32] = []

    /// How many keys came from escape sequences so far, and the characters of the last
    /// one (for tests: each must be one of `documentedSequences`, or ESC alone).
    public private(set) var sequenceKeyCount = 0
    public private(set) var lastKeySequence = ""

    public init() {}

    /// True when a sequence or paste is under way: the caller should wait at most
    /// `timeoutMilliseconds` for the next character, then call `timeout()`.
    public var isInsideSequence: Bool { state != .ground }

    /// How long to wait for the next character before `timeout()`: the escape delay right
    /// after ESC (so the Esc key is not slow), longer once a sequence has clearly begun
    /// (a remote terminal can split it), longest inside a paste. Nil at rest.
    public func timeoutMilliseconds(escapeDelay: Int) -> Int? {
        switch state {
        case .ground: nil
        case .escape: escapeDelay
        case .paste: 1000
        default: 500
        }
    }

    /// The events that one more character completes (often none, while a sequence goes on).
    public mutating func feed(_ code: UInt32) -> [InputEvent] {
        switch state {
        case .ground:
            return ground(code)
        case .escape:
            keep(code)
            switch code {
            case 0x5B: begin(.csi); return []                   // [
            case 0x4F: begin(.ss3); return []                   // O
            case 0x5D: begin(.string(bellEnds: true)); return []  // ]
            case 0x50, 0x58, 0x5E, 0x5F: begin(.string(bellEnds: false)); return [] // P X ^ _
            case 0x1B:
                // ESC ESC: the first is an Alt prefix (Alt+arrow on some terminals); the
                // second starts the sequence.
                sequence = [0x1B]
                return [.ignored("\u{1B}")]
            case 0x20...0x2F: state = .escapeIntermediate; return []
            default:
                // Alt+key, or Esc followed at once by a character: neither is a key here.
                return [finishIgnored()]
            }
        case .escapeIntermediate:
            keep(code)
            switch code {
            case 0x20...0x2F: return []
            case 0x30...0x7E: return [finishIgnored()]
            default: return broken(code)
            }
        case .csi, .ss3:
            switch code {
            case 0x20...0x3F:
                keep(code)
                if parameters.count < Self.keptLength { parameters.unicodeScalars.append(Unicode.Scalar(code)!) } else { parametersOverflow = true }
                return []
            case 0x40...0x7E:
                keep(code)
                return finishControlSequence(final: code)
            default:
                return broken(code)
            }
        case .string(let bellEnds):
            keep(code)
            if code == 0x07 && bellEnds || code == 0x9C { return [finishIgnored()] }
            if code == 0x1B { state = .stringEscape(bellEnds: bellEnds) }
            return []
        case .stringEscape(let bellEnds):
            keep(code)
            if code == 0x5C { return [finishIgnored()] }                 // ESC \ = ST
            if code == 0x1B { return [] }
            // ESC + something else inside a string: the string was cut off; whatever this
            // is, it belongs to the broken sequence.
            _ = bellEnds
            return [finishIgnored()]
        case .mouse(let remaining):
            keep(code)
            if remaining <= 1 { return [finishIgnored()] }
            state = .mouse(remaining: remaining - 1)
            return []
        case .paste:
            return pasteCharacter(code)
        }
    }

    /// No character came within `timeoutMilliseconds`: a lone ESC is the Esc key; a
    /// sequence cut short is ignored whole; a paste without its end is delivered as it is.
    public mutating func timeout() -> [InputEvent] {
        switch state {
        case .ground: return []
        case .escape:
            reset()
            sequenceKeyCount += 1
            lastKeySequence = "\u{1B}"
            return [.key(.escape)]
        case .paste:
            let text = String(pasteText) + String(String.UnicodeScalarView(pasteTail.compactMap(Unicode.Scalar.init)))
            reset()
            return [.paste(String(text.prefix(Self.maximumPasteLength + 1)))]
        default:
            return [finishIgnored()]
        }
    }

    // MARK: - Ground

    private mutating func ground(_ code: UInt32) -> [InputEvent] {
        switch code {
        case 0x1B: begin(.escape, first: code); return []
        case 0x9B: begin(.csi, first: code); return []
        case 0x8F: begin(.ss3, first: code); return []
        case 0x9D: begin(.string(bellEnds: true), first: code); return []
        case 0x90, 0x98, 0x9E, 0x9F: begin(.string(bellEnds: false), first: code); return []
        default:
            // KeyDecoder knows the single characters (Enter, Backspace, Tab, text).
            if let key = KeyDecoder.characterKey(code) { return [.key(key)] }
            return []
        }
    }

    // MARK: - Control sequences

    /// The documented keys: the sequences terminals send for them (xterm, VT220, rxvt,
    /// the Linux console, tmux), as (sequence after ESC, key). Modified keys (Shift-,
    /// Ctrl-, Alt-arrow: a parameter such as "1;5") are not among them.
    public static let documentedSequences: [(String, Key)] = [
        ("[A", .up), ("[B", .down), ("[C", .right), ("[D", .left),
        ("OA", .up), ("OB", .down), ("OC", .right), ("OD", .left),
        ("[H", .home), ("[F", .end), ("OH", .home), ("OF", .end),
        ("[1~", .home), ("[7~", .home), ("[4~", .end), ("[8~", .end),
        ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown),
        ("[Z", .backTab),
        ("OP", .help), ("[11~", .help), ("[[A", .help),
    ]

    private static let keysBySequence: [String: Key] = {
        var table: [String: Key] = [:]
        for (sequence, key) in documentedSequences { table[sequence] = key }
        return table
    }()

    private mutating func finishControlSequence(final: UInt32) -> [InputEvent] {
        let introducer = state == .csi ? "[" : "O"
        let finalCharacter = String(Unicode.Scalar(final)!)
        // X10 mouse: CSI M and three raw characters (button, column, row).
        if state == .csi, final == 0x4D, parameters.isEmpty, !parametersOverflow {
            state = .mouse(remaining: 3)
            return []
        }
        // Bracketed paste begins.
        if state == .csi, final == 0x7E, parameters == "200" {
            state = .paste
            sequence = []
            pasteText = []
            pasteTail = []
            return []
        }
        // The Linux console's F1 is ESC [ [ A: "[" is a final character, so CSI "[" is
        // followed by one more.
        if state == .csi, final == 0x5B, parameters.isEmpty {
            state = .ss3   // one more final character, no parameters expected
            parameters = "["
            return []
        }
        let key: Key?
        if parametersOverflow {
            key = nil
        } else if introducer == "O" && parameters == "[" {
            key = Self.keysBySequence["[[" + finalCharacter]
        } else {
            key = Self.keysBySequence[introducer + parameters + finalCharacter]
        }
        if let key {
            sequenceKeyCount += 1
            lastKeySequence = String(String.UnicodeScalarView(sequence.compactMap(Unicode.Scalar.init)))
            reset()
            return [.key(key)]
        }
        return [finishIgnored()]
    }

    /// A character that cannot continue the sequence: the sequence is ignored; an ESC
    /// starts the next one, anything else is swallowed with it.
    private mutating func broken(_ code: UInt32) -> [InputEvent] {
        if code == 0x1B || code == 0x9B || code == 0x8F || code == 0x9D || code == 0x90 || code == 0x98 || code == 0x9E || code == 0x9F {
            let event = finishIgnored()
            return [event] + ground(code)
        }
        keep(code)
        return [finishIgnored()]
    }

    // MARK: - Paste

    private static let pasteEnd: [UInt32] = Array("\u{1B}[201~".unicodeScalars.map(\.value))

    private mutating func pasteCharacter(_ code: UInt32) -> [InputEvent] {
        pasteTail.append(code)
        if pasteTail == Self.pasteEnd {
            let text = String(pasteText)
            reset()
            return [.paste(text)]
        }
        // Keep in the tail only what can still become the end marker.
        while !pasteTail.isEmpty && !Self.pasteEnd.starts(with: pasteTail) {
            let first = pasteTail.removeFirst()
            if pasteText.count <= Self.maximumPasteLength, let scalar = Unicode.Scalar(first) {
                pasteText.append(Character(scalar))
            }
        }
        return []
    }

    // MARK: - Bookkeeping

    private mutating func begin(_ newState: State, first: UInt32? = nil) {
        if let first { sequence = [first] }
        state = newState
        parameters = ""
        parametersOverflow = false
    }

    private mutating func keep(_ code: UInt32) {
        if sequence.count < Self.keptLength { sequence.append(code) }
    }

    private mutating func finishIgnored() -> InputEvent {
        let text = String(String.UnicodeScalarView(sequence.compactMap(Unicode.Scalar.init)))
        reset()
        return .ignored(text)
    }

    private mutating func reset() {
        state = .ground
        sequence = []
        parameters = ""
        parametersOverflow = false
        pasteText = []
        pasteTail = []
    }
}

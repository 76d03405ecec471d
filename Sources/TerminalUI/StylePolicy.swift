import InfusionWizard

/// The colours the terminal layer uses, one colour pair each.
public enum ColourRole: Int16, CaseIterable, Sendable {
    // Raw values are the ncurses colour pair numbers (pair 0 is the terminal's default).
    case error = 1, warning, ok, training, focus, title

    /// The foreground colour of the pair; the background is the terminal's own.
    public var foreground: TerminalColour {
        switch self {
        case .error: .red
        case .warning: .yellow
        case .ok: .green
        case .training: .magenta
        // Shown reversed for the focus: a cyan bar.
        case .focus: .cyan
        case .title: .cyan
        }
    }
}

/// The eight basic terminal colours that the roles use.
public enum TerminalColour: Sendable {
    case red, yellow, green, magenta, cyan
}

/// How one cell looks: attributes plus an optional colour pair.
public struct CellAttributes: Equatable, Sendable, CustomStringConvertible {
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool
    public var colour: ColourRole?

    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false,
                underline: Bool = false, colour: ColourRole? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.colour = colour
    }

    public static let plain = CellAttributes()

    public var description: String {
        var parts: [String] = []
        if bold { parts.append("bold") }
        if reverse { parts.append("reverse") }
        if dim { parts.append("dim") }
        if underline { parts.append("underline") }
        if let colour { parts.append("\(colour)") }
        return parts.isEmpty ? "plain" : parts.joined(separator: "+")
    }
}

/// Meaning to appearance. Colour only reinforces: without colour every style that matters
/// still differs by attribute (bold, reverse, dim), and the words on screen say the rest.
public enum StylePolicy {
    public static func attributes(for style: Style, colour: Bool) -> CellAttributes {
        switch style {
        case .normal: return .plain
        case .title: return CellAttributes(bold: true, colour: colour ? .title : nil)
        case .heading: return CellAttributes(bold: true)
        case .focus: return CellAttributes(reverse: true, colour: colour ? .focus : nil)
        case .error: return CellAttributes(bold: true, colour: colour ? .error : nil)
        case .warning: return CellAttributes(bold: true, colour: colour ? .warning : nil)
        case .ok: return CellAttributes(colour: colour ? .ok : nil)
        case .dim: return CellAttributes(dim: true)
        case .training: return CellAttributes(reverse: true, colour: colour ? .training : nil)
        }
    }

    /// Colour is used only when NO_COLOR (https://no-color.org) is unset or empty and the
    /// terminal has colours.
    public static func wantsColour(environment: [String: String], terminalHasColours: Bool) -> Bool {
        let noColour = environment["NO_COLOR"] ?? ""
        return noColour.isEmpty && terminalHasColours
    }
}

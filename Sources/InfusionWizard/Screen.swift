/// What the screen should look like, as a value: the ncurses layer copies it out, the
/// plain front end reads its text, and tests compare it with golden files.

/// What a piece of text means. The terminal maps meaning to attributes and colour; colour
/// only reinforces it (every warning also says WARNING in words).
public enum Style: Character, Sendable, Hashable, CaseIterable {
    case normal = "."
    case title = "T"
    case heading = "H"
    /// The field or choice that has the focus.
    case focus = "F"
    case error = "E"
    case warning = "W"
    case ok = "O"
    case dim = "D"
    case training = "R"
}

public struct Position: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// A width x height grid of cells. Writing outside it clips; nothing here ever traps,
/// whatever the size (0 x 0 included). One column per Character: the wizard writes only
/// characters of width 1.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var characters: [Character]
    public private(set) var styles: [Style]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        characters = Array(repeating: " ", count: self.width * self.height)
        styles = Array(repeating: .normal, count: self.width * self.height)
    }

    public func character(x: Int, y: Int) -> Character {
        guard x >= 0, x < width, y >= 0, y < height else { return " " }
        return characters[y * width + x]
    }
    public func style(x: Int, y: Int) -> Style {
        guard x >= 0, x < width, y >= 0, y < height else { return .normal }
        return styles[y * width + x]
    }

    /// Writes `text` from (x, y), clipped to the grid. Returns the column after the text.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal) -> Int {
        var column = x
        guard y >= 0, y < height else { return x + text.count }
        for character in text {
            if column >= 0 && column < width {
                characters[y * width + column] = character
                styles[y * width + column] = style
            }
            column += 1
        }
        return column
    }

    /// Sets the style of a run of cells without changing their text.
    public mutating func paint(x: Int, y: Int, length: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(x, 0)..<max(min(x + length, width), max(x, 0)) {
            styles[y * width + column] = style
        }
    }

    /// One string per row, trailing blanks trimmed: the golden-file format.
    public var lines: [String] {
        (0..<height).map { row in
            var line = String(characters[(row * width)..<((row + 1) * width)])
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// One string per row of style letters (`Style.rawValue`), trailing normals trimmed.
    public var styleLines: [String] {
        (0..<height).map { row in
            var line = String(styles[(row * width)..<((row + 1) * width)].map(\.rawValue))
            while line.last == Style.normal.rawValue { line.removeLast() }
            return line
        }
    }
}

/// A screen: the grid, where the real cursor goes (on the focused field, for braille
/// displays), and the one-line limit state for the status bar.
public struct Screen: Equatable, Sendable {
    public var grid: Grid
    public var cursor: Position?
    public init(grid: Grid, cursor: Position? = nil) { self.grid = grid; self.cursor = cursor }
}

/// Input, already decoded from terminal key codes by the shell.
public enum Key: Equatable, Sendable {
    case character(Character)
    case enter, escape, backspace, delete, tab, backTab
    case left, right, up, down, home, end, pageUp, pageDown
    /// F1 (help).
    case help
    /// The terminal changed size.
    case resize(width: Int, height: Int)
}

import InfusionWizard

/// A piece of one row written with one `mvwaddwstr` call: same style, one column per
/// character.
struct DrawRun: Equatable, Sendable {
    var x: Int
    var y: Int
    var text: String
    var style: Style
}

/// Grid -> what to write. Pure, so clipping and character replacement are tested without a
/// terminal.
enum DrawPlan {
    /// - Parameters:
    ///   - width, height: the terminal size; the grid is clipped to it, because ncurses
    ///     would wrap a run that crosses the right edge onto the next row.
    ///   - unicode: whether the locale is UTF-8; if not, every character goes through
    ///     `TextFallback.ascii`.
    ///   - columns: how many columns the terminal gives a character (wcwidth); anything but
    ///     exactly 1 would shift the rest of the row, so it is replaced too.
    static func runs(for grid: Grid, width: Int, height: Int, unicode: Bool,
                     columns: (Character) -> Int) -> [DrawRun] {
        var runs: [DrawRun] = []
        for y in 0..<max(0, min(grid.height, height)) {
            var current: DrawRun?
            for x in 0..<max(0, min(grid.width, width)) {
                let style = grid.style(x: x, y: y)
                let character = displayed(grid.character(x: x, y: y), unicode: unicode, columns: columns)
                if current?.style == style {
                    current?.text.append(character)
                } else {
                    if let finished = current { append(finished, to: &runs) }
                    current = DrawRun(x: x, y: y, text: String(character), style: style)
                }
            }
            if let finished = current { append(finished, to: &runs) }
        }
        return runs
    }

    /// The character actually written for `character`.
    static func displayed(_ character: Character, unicode: Bool,
                          columns: (Character) -> Int) -> Character {
        if let ascii = character.asciiValue, (0x20...0x7E).contains(ascii),
           character.unicodeScalars.count == 1 {
            return character
        }
        if unicode && columns(character) == 1 { return character }
        return TextFallback.ascii(character)
    }

    /// Blank plain runs are skipped: `werase` already cleared the screen.
    private static func append(_ run: DrawRun, to runs: inout [DrawRun]) {
        if run.style == .normal && run.text.allSatisfy({ $0 == " " }) { return }
        runs.append(run)
    }
}

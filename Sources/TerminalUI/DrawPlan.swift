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
        // One pass over each row's styles finds the runs; text is built only for runs that
        // are written (a blank plain run is skipped: `werase` already cleared the screen).
        // This was the largest part of the first frame's instructions (docs/performance.md).
        var runs: [DrawRun] = []
        let rows = max(0, min(grid.height, height))
        let columnCount = max(0, min(grid.width, width))
        let characters = grid.characters
        let styles = grid.styles
        for y in 0..<rows {
            let base = y * grid.width
            var x = 0
            while x < columnCount {
                let style = styles[base + x]
                var end = x + 1
                while end < columnCount && styles[base + end] == style { end += 1 }
                if style != .normal || characters[(base + x)..<(base + end)].contains(where: { $0 != " " }) {
                    var text = ""
                    text.reserveCapacity(end - x)
                    for index in (base + x)..<(base + end) {
                        text.append(displayed(characters[index], unicode: unicode, columns: columns))
                    }
                    runs.append(DrawRun(x: x, y: y, text: text, style: style))
                }
                x = end
            }
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

}

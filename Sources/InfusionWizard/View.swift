import InfusionCalc

/// One screen row of laid-out content.
struct LaidOutRow: Equatable {
    var cells: [(character: Character, style: Style)]
    var control: Control?
    var optionIndex: Int?
    var cursorColumn: Int?

    static func == (lhs: LaidOutRow, rhs: LaidOutRow) -> Bool {
        lhs.cells.map(\.character) == rhs.cells.map(\.character) && lhs.cells.map(\.style) == rhs.cells.map(\.style)
            && lhs.control == rhs.control && lhs.optionIndex == rhs.optionIndex && lhs.cursorColumn == rhs.cursorColumn
    }
}

/// Screen geometry: title, step bar and a rule on top; a rule, the message line and the
/// status line at the bottom; the step's content in between.
enum Layout {
    static let contentTop = 2
    static let contentLeft = 2
    static let rowsAroundContent = 4

    /// Word-wraps a line to `width` columns; continuation rows start at its hanging indent.
    static func wrap(_ line: ContentLine, width: Int) -> [LaidOutRow] {
        let cells = line.segments.flatMap { segment in segment.text.map { (character: $0, style: segment.style) } }
        guard width > 0 else { return [] }
        var rows: [LaidOutRow] = []
        var remaining = cells[...]
        var first = true
        repeat {
            let indent = first ? 0 : min(line.hangingIndent, width / 2)
            let room = width - indent
            var take = min(room, remaining.count)
            // Break at a space, but not one between a number and its unit ("400 units").
            if remaining.count > room,
               let space = remaining.prefix(room + 1).indices.last(where: { index in
                   remaining[index].character == " " && index > remaining.startIndex
                       && !remaining[index - 1].character.isNumber
               }) {
                take = space - remaining.startIndex
            }
            var rowCells = Array(repeating: (character: Character(" "), style: Style.normal), count: indent)
            rowCells += remaining.prefix(take)
            remaining = remaining.dropFirst(take)
            // A row broken at a space: the next row starts at the next word.
            if !remaining.isEmpty { while remaining.first?.character == " " { remaining = remaining.dropFirst() } }
            rows.append(LaidOutRow(cells: rowCells, control: line.control, optionIndex: line.optionIndex,
                                   cursorColumn: first ? line.cursorColumn : nil))
            first = false
        } while !remaining.isEmpty
        return rows
    }
}

extension WizardState {
    var contentRows: Int { max(size.height - Layout.rowsAroundContent, 1) }
    var contentWidth: Int { max(size.width - Layout.contentLeft - 1, 1) }

    /// The current step's content laid out in rows at the current width.
    func laidOutRows(_ content: StepContent) -> [LaidOutRow] {
        content.lines.flatMap { Layout.wrap($0, width: contentWidth) }
    }

    /// Rows of the focused control, as a range of row indices.
    func focusRows(_ rows: [LaidOutRow], _ content: StepContent) -> ClosedRange<Int>? {
        let selected = selectedOption(content)
        let indices = rows.indices.filter { rows[$0].control == focus && (rows[$0].optionIndex == nil || rows[$0].optionIndex == selected) }
        guard let first = indices.first, let last = indices.last else { return nil }
        return first...last
    }

    /// For a vertical choice with the focus: the option line that carries the cursor.
    func selectedOption(_ content: StepContent) -> Int {
        guard let info = content.controls.first(where: { $0.control == focus }),
              case .choice(_, let selected, true, _) = info.kind else { return 0 }
        return highlight ?? selected ?? 0
    }

    mutating func clampScroll() {
        clampScroll(rowCount: laidOutRows(content).count)
    }

    mutating func clampScroll(rowCount total: Int) {
        scroll = min(max(scroll, 0), max(total - contentRows, 0))
    }

    /// Scrolls so that the focused control is on screen (with the line after it when it fits).
    mutating func keepFocusVisible() {
        let content = self.content
        let rows = laidOutRows(content)
        if let range = focusRows(rows, content) {
            if range.lowerBound < scroll { scroll = range.lowerBound }
            let wantedEnd = min(range.upperBound + 1, rows.count - 1)
            if wantedEnd >= scroll + contentRows { scroll = wantedEnd - contentRows + 1 }
            if range.lowerBound < scroll { scroll = range.lowerBound }
        }
        // The rows just laid out: the content and its layout once per key, not twice.
        clampScroll(rowCount: rows.count)
    }

    /// The limit state in words for the status line.
    /// The limit state in words for the status line, from the findings of the steps up to
    /// this one (a later step's stop is shown, and blocks, where it can be mended).
    public var limitState: Severity? {
        let reached = Derived(self).findings.filter { Derived.step(for: $0.code) <= step }
        if reached.hasHardStop { return .hard }
        // Section 7: a double check that did not pass blocks like a stop.
        if checkSession?.outcome?.passed == false { return .hard }
        if reached.contains(where: { $0.severity == .soft && acknowledged[$0.code] != $0.message }) { return .soft }
        return nil
    }
}

/// The view: state -> screen. The same code feeds ncurses, the golden tests and nothing else.
public func view(_ state: WizardState) -> Screen {
    var grid = Grid(width: state.size.width, height: state.size.height)
    guard state.size.isLargeEnough else {
        let needed = TerminalSize.minimum
        let lines: [(text: String, style: Style)] = (state.training == nil ? [] : [("TRAINING", .training)]) + [
            ("Terminal too small", .error),
            ("InfusionPrep needs \(needed.width) x \(needed.height);", .normal),
            ("this one is \(state.size.width) x \(state.size.height).", .normal),
            ("Make the window larger:", .normal),
            ("your entries are kept.", .normal),
            (state.confirmingQuit ? "Quit? Y = quit, N = stay." : "q quits.", .normal),
        ]
        for (row, line) in lines.enumerated() {
            grid.put(line.text, x: 0, y: row, style: line.style)
        }
        return Screen(grid: grid, cursor: nil)
    }
    let width = state.size.width
    let height = state.size.height

    // Title and step bar.
    var titleStart = 0
    if state.training != nil { titleStart = grid.put(" TRAINING ", x: 0, y: 0, style: .training) }
    grid.put(" InfusionPrep: \(state.product.genericName) (\(state.product.brandName)) preparation", x: titleStart, y: 0, style: .title)
    let stepText = "Step \(state.step.number) of \(Step.allCases.count) "
    grid.put(stepText, x: width - stepText.count, y: 0, style: .title)
    var column = 1
    for step in Step.allCases {
        let current = step == state.step
        let style: Style = current ? .focus : (step < state.step ? .normal : .dim)
        column = grid.put(current ? "[\(step.title)]" : " \(step.title) ", x: column, y: 1, style: style)
    }
    // Content, or the help text.
    let content = state.content
    var cursor: Position?
    if state.showingHelp {
        let help = state.help.flatMap { Layout.wrap(ContentLine($0.text, hangingIndent: 0), width: state.contentWidth) }
        for (index, row) in help.prefix(state.contentRows).enumerated() {
            for (offset, cell) in row.cells.enumerated() {
                grid.put(String(cell.character), x: Layout.contentLeft + offset, y: Layout.contentTop + index,
                         style: index == 0 ? .heading : cell.style)
            }
        }
    } else {
        let rows = state.laidOutRows(content)
        let focusRange = state.focusRows(rows, content)
        let scroll = min(max(state.scroll, 0), max(rows.count - state.contentRows, 0))
        for (index, row) in rows.dropFirst(scroll).prefix(state.contentRows).enumerated() {
            let rowIndex = scroll + index
            let y = Layout.contentTop + index
            let focused = focusRange?.contains(rowIndex) ?? false
            if focused && (row.cursorColumn != nil || rowIndex == focusRange?.lowerBound) {
                grid.put(">", x: 0, y: y, style: .focus)
            }
            for (offset, cell) in row.cells.enumerated() {
                let style: Style = cell.style == .focus && !focused ? .normal : cell.style
                grid.put(String(cell.character), x: Layout.contentLeft + offset, y: y, style: style)
            }
            if focused, let column = row.cursorColumn {
                cursor = Position(x: Layout.contentLeft + column, y: y)
            }
        }
        let above = scroll > 0, below = scroll + state.contentRows < rows.count
        if (above || below) && state.message == nil && !state.confirmingQuit {
            let hint = above && below ? "more: PgUp above, PgDn below" : (above ? "more above: PgUp" : "more below: PgDn")
            grid.put(hint, x: width - hint.count - 1, y: height - 2, style: .dim)
        }
    }

    // Message line.
    if state.confirmingQuit {
        let recorded = state.training == nil && state.step > .start ? "It is recorded as abandoned." : "Nothing is recorded."
        grid.put(" Quit without finishing? \(recorded) Y = quit, N = stay.", x: 0, y: height - 2, style: .warning)
    } else if state.showingHelp {
        grid.put(" Press any key to close the help.", x: 0, y: height - 2, style: .dim)
    } else if let message = state.message {
        // A long message takes the rule row above as well, so nothing is cut off.
        let rows = Layout.wrap(ContentLine(message, hangingIndent: 0), width: width - 2)
        let top = rows.count > 1 ? height - 3 : height - 2
        if rows.count > 1 { grid.put(String(repeating: " ", count: width), x: 0, y: top) }
        for (index, row) in rows.prefix(2).enumerated() {
            grid.put(" " + String(row.cells.map(\.character)), x: 0, y: top + index, style: .error)
        }
    }

    // Status line: the limit state in words, then the keys.
    let limit = state.limitState
    // A refused key on this step: not OK until the field is corrected.
    let refused = state.content.controls.contains { state.refusedInput[$0.control] != nil }
    let word = refused ? "CHECK" : (limit?.word ?? "OK")
    let wordStyle: Style = switch limit {
    case _ where refused: .error
    case .hard: .error
    case .soft: .warning
    default: .ok
    }
    var statusStart = 0
    if state.training != nil { statusStart = grid.put(" TRAINING ", x: 0, y: height - 1, style: .training) + 1 }
    let after = grid.put(" \(word) ", x: statusStart, y: height - 1, style: wordStyle)
    grid.put(" Enter next | Esc back | F1 or ? help | q quit | Ctrl-C quit", x: after, y: height - 1, style: .dim)
    return Screen(grid: grid, cursor: state.showingHelp || state.confirmingQuit ? nil : cursor)
}

import InfusionWizard
import Testing
@testable import TerminalUI

@Suite struct DrawPlanTests {
    let oneColumn: (Character) -> Int = { _ in 1 }

    func grid(_ lines: [String], width: Int) -> Grid {
        var grid = Grid(width: width, height: lines.count)
        for (y, line) in lines.enumerated() { grid.put(line, x: 0, y: y) }
        return grid
    }

    @Test func runsSplitWhereTheStyleChangesAndSkipBlankPlainCells() {
        var g = Grid(width: 12, height: 2)
        g.put("Dose", x: 0, y: 0, style: .heading)
        g.put("60", x: 5, y: 0)
        g.put("[  ]", x: 8, y: 0, style: .focus)
        let runs = DrawPlan.runs(for: g, width: 12, height: 2, unicode: true, columns: oneColumn)
        #expect(runs == [
            DrawRun(x: 0, y: 0, text: "Dose", style: .heading),
            DrawRun(x: 4, y: 0, text: " 60 ", style: .normal),
            DrawRun(x: 8, y: 0, text: "[  ]", style: .focus),
        ])
    }

    @Test func styledBlanksAreWritten() {
        var g = Grid(width: 4, height: 1)
        g.paint(x: 0, y: 0, length: 4, style: .focus)
        #expect(DrawPlan.runs(for: g, width: 4, height: 1, unicode: true, columns: oneColumn)
            == [DrawRun(x: 0, y: 0, text: "    ", style: .focus)])
    }

    @Test func aGridLargerThanTheTerminalIsClipped() {
        let g = grid(["abcdef", "ghijkl", "mnopqr"], width: 6)
        let runs = DrawPlan.runs(for: g, width: 4, height: 2, unicode: true, columns: oneColumn)
        #expect(runs.map(\.text) == ["abcd", "ghij"])
        #expect(DrawPlan.runs(for: g, width: 0, height: 0, unicode: true, columns: oneColumn).isEmpty)
        #expect(DrawPlan.runs(for: Grid(width: 0, height: 0), width: 80, height: 24,
                              unicode: true, columns: oneColumn).isEmpty)
    }

    @Test func asciiModeReplacesEveryNonASCIICharacterOneForOne() {
        let g = grid(["┌─ Débit → 5 µg ─┐"], width: 18)
        let runs = DrawPlan.runs(for: g, width: 18, height: 1, unicode: false, columns: oneColumn)
        #expect(runs.map(\.text) == ["+- Debit > 5 ?g -+"])
    }

    @Test func unicodeModeKeepsSingleColumnCharactersAndReplacesOthers() {
        let width: (Character) -> Int = { $0 == "中" ? 2 : ($0 == "\u{301}" ? 0 : 1) }
        let g = grid(["é→中x"], width: 4)
        let runs = DrawPlan.runs(for: g, width: 4, height: 1, unicode: true, columns: width)
        #expect(runs.map(\.text) == ["é→?x"])
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        // A newline written by mvwaddwstr would clear the rest of the row.
        let width: (Character) -> Int = { $0.unicodeScalars.first!.value < 0x20 ? -1 : 1 }
        let g = grid(["a\tb\nc"], width: 5)
        for unicode in [true, false] {
            let runs = DrawPlan.runs(for: g, width: 5, height: 1, unicode: unicode, columns: width)
            #expect(runs.map(\.text) == ["a?b?c"])
        }
    }
}

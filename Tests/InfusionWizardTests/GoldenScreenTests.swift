import InfusionCalc
import InfusionTraining
import Testing
@testable import InfusionWizard

/// A screen to pin: how to get there, at what size, and whether its style map is pinned too.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let strokes: [Stroke]
    var size = TerminalSize.minimum
    var training: TrainingMode?
    var style = false
    /// The fixed clock (UTC) the run starts at.
    var now = Clock.now
    /// Steps completed by `completingStep` after the strokes (R13 confirmations).
    var completeSteps = 0
    /// The site's policy, when not the standard one.
    var policy: SitePolicy?
    var testDescription: String { name }

    var state: WizardState {
        var start = training.map { WizardState.training($0) } ?? WizardState.fresh()
        start.now = now
        if let policy { start.policy = policy }
        var state = start.after(strokes)
        for _ in 0..<completeSteps { state = state.completingStep() }
        guard size != .minimum else { return state }
        return state.after(.key(.resize(width: size.width, height: size.height)))
    }
}

@Suite("Golden screens")
struct GoldenScreenTests {
    /// 70 kg, first infusion, 80 units/kg every 2 weeks (acknowledged), exact dose, on Administer.
    static let rateCap = AdministrationStepTests.firstInfusionAt80

    static let cases: [GoldenCase] = [
        // The eight steps of the reference adult, as each is entered.
        GoldenCase(name: "01-start", strokes: [], style: true),
        GoldenCase(name: "02-patient", strokes: Walk.toPatient),
        GoldenCase(name: "03-regimen", strokes: Walk.patientDone + [.type("4"), .key(.enter), .type("60")]),
        GoldenCase(name: "04-vials", strokes: Walk.regimenDone),
        GoldenCase(name: "05-reconstitution", strokes: Walk.vialsDone),
        GoldenCase(name: "06-dilution", strokes: Walk.reconstitutionDone),
        GoldenCase(name: "07-administration", strokes: Walk.dilutionDone),
        GoldenCase(name: "08-summary", strokes: Walk.administrationDone),
        // Findings, questions and errors.
        GoldenCase(name: "02-patient-pounds", strokes: Walk.toWeight + [.type("154 lb"), .key(.enter)]),
        GoldenCase(name: "02-patient-warnings", strokes: Walk.toWeight + Walk.patient(weight: "9.5", atLeastTwoYears: "n", hypersensitivity: "y", alglucerase: "y"),
                   style: true),
        GoldenCase(name: "02-patient-weight-error", strokes: Walk.toWeight + [.type("350"), .key(.enter)], style: true),
        GoldenCase(name: "03-regimen-above-240", strokes: Walk.patientDone + [.type("3"), .key(.enter), .type("480"), .key(.enter)]),
        // 69.9 kg: 4,194 units leaves a partial vial; the 4,000-unit neighbour chosen needs a pharmacist's name (R4).
        GoldenCase(name: "04-vials-chosen", strokes: Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen() + [.type("2")]),
        // Issue 7, finding 1: 8,400 units is whole vials, no dose list, and the STOP stands (R4, R7).
        GoldenCase(name: "04-vials-stop", strokes: Walk.toWeight + Walk.patient(weight: "140") + Walk.regimen() + Walk.vials(), style: true),
        // Issue 7, finding 7: 20 kg, flat 50 units weekly: 1.3 mL (52 units).
        GoldenCase(name: "04-vials-units-drawn", strokes: UnitsDrawnTests.toVials),
        // 69.9 kg x 60 units/kg = 4,194 units, only 400-unit vials: the eleventh vial is partial (4.9 mL).
        GoldenCase(name: "04-vials-partial", strokes: Walk.toWeight + Walk.patient(weight: "69.9") + Walk.regimen()
                   + [.key(.backTab), .type(" "), .key(.tab), .type("1")]),
        // Counting: 3 of the 10 vials reconstituted.
        GoldenCase(name: "05-reconstitution-counting", strokes: Walk.vialsDone + [.type("   ")]),
        // Reconstituted 08:00, diluted 21:30 (the clock): after the 12:00 start limit of immediate use.
        GoldenCase(name: "06-dilution-time-stop", strokes: DilutionTimeStopTests.stoppedAt21, style: true, now: Clock.today(21, 30),
                   policy: DilutionTimeStopTests.late.policy),
        // Issue 7, finding 5: a total drawn that does not match the plan is refused and blocks.
        GoldenCase(name: "06-dilution-total-mismatch", strokes: Walk.reconstitutionDone + Array(repeating: Stroke.type(" "), count: 10)
                   + [.key(.enter), .type(" "), .key(.enter), .type("100"), .key(.enter)], style: true),
        GoldenCase(name: "07-administration-rate-cap", strokes: rateCap, style: true),
        // Issue 7, finding 6: after a previous reaction, the cautions, no duration chosen.
        GoldenCase(name: "07-administration-cautions", strokes: PreviousReactionTests.strokes, style: true),
        GoldenCase(name: "08-summary-warnings", strokes: rateCap + [.type("1")], completeSteps: 1),
        GoldenCase(name: "08-summary-cautions", strokes: PreviousReactionTests.strokes + [.type("5")], completeSteps: 1),
        GoldenCase(name: "08-summary-top", strokes: Walk.administrationDone + [.key(.pageUp), .key(.pageUp), .key(.pageUp)]),
        // Help, quit, too small.
        GoldenCase(name: "help-vials", strokes: Walk.regimenDone + [.key(.help)]),
        GoldenCase(name: "quit-confirmation", strokes: Walk.toWeight + [.type("q")], style: true),
        GoldenCase(name: "too-small-40x10", strokes: Walk.regimenDone, size: TerminalSize(width: 40, height: 10), style: true),
        GoldenCase(name: "too-small-79x24", strokes: Walk.regimenDone, size: TerminalSize(width: 79, height: 24)),
        // Training.
        GoldenCase(name: "training-guided-reconstitution", strokes: Walk.vialsDone, training: .guided, style: true),
        GoldenCase(name: "training-quiz-reconstitution", strokes: Walk.vialsDone, training: .quiz),
        GoldenCase(name: "training-quiz-start", strokes: [], training: .quiz),
    ]

    @Test("each screen equals its golden file", arguments: cases)
    func golden(_ golden: GoldenCase) {
        let screen = view(golden.state)
        Golden.check(screen.grid.lines, name: golden.name + ".txt")
        if golden.style { Golden.check(screen.grid.styleLines, name: golden.name + ".style.txt") }
    }

    @Test("each screen follows the rule book's writing rules and keeps its text off the right edge", arguments: cases)
    func writingRules(_ golden: GoldenCase) {
        let lines = view(golden.state).grid.lines
        #expect(ScreenRules.violations(lines, width: golden.size.width) == [])
        #expect(lines.count == golden.size.height)
    }

    @Test("each of the eight steps has its golden screen, with the step bar and the status line",
          arguments: Array(zip(Step.allCases, cases.prefix(8))))
    func stepScreens(step: Step, golden: GoldenCase) {
        let state = golden.state
        #expect(state.step == step)
        let lines = view(state).grid.lines
        #expect(lines[0].hasPrefix(" InfusionPrep: imiglucerase (Cerezyme) preparation"))
        #expect(lines[0].hasSuffix("Step \(step.number) of 8"))
        #expect(lines[1].contains("[\(step.title)]"))
        #expect(lines[23] == " OK  Enter next | Esc back | F1 or ? help | q quit | Ctrl-C quit")
    }

    @Test("the status line's limit word and its colour meaning")
    func statusStyles() {
        let ok = view(WizardState.fresh()).grid
        #expect(ok.lines[23].hasPrefix(" OK "))
        #expect(ok.styleLines[23].hasPrefix("OOOO"))
        let warning = view(WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "9.5"))).grid
        #expect(warning.lines[23].hasPrefix(" WARNING "))
        #expect(warning.styleLines[23].hasPrefix("WWWWWWWWW"))
        let stop = view(GoldenScreenTests.cases.first { $0.name == "04-vials-stop" }!.state).grid
        #expect(stop.lines[23].hasPrefix(" STOP "))
        #expect(stop.styleLines[23].hasPrefix("EEEEEE"))
    }

    @Test("a step longer than the screen scrolls so that the focused control is visible")
    func scrolling() {
        // 9.5 kg with every warning: more rows than fit; the focused warning is on screen.
        let state = WizardState.fresh().after(Walk.toWeight + Walk.patient(weight: "9.5", atLeastTwoYears: "n", hypersensitivity: "y", alglucerase: "y")
                                              + Walk.acknowledge(3))
        let screen = view(state)
        let cursorRow = screen.grid.lines.firstIndex { $0.hasPrefix("> ") }
        #expect(cursorRow != nil)
        if let cursorRow { #expect(screen.grid.lines[cursorRow].contains("WARNING: Previous antibodies")) }
    }
}

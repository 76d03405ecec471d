// Issue 8, items 1 to 3 and 5: what the terminal sends (escape sequences, pastes, mouse
// reports) through InputDecoder and the reducer.
import InfusionCalc
@testable import InfusionWizard
import PropertyBased
import Testing
@testable import TerminalUI

/// Feeds `text` (its Unicode scalars, as wget_wch returns them) to a fresh decoder, then
/// one timeout, and returns every event.
func decode(_ text: String, timeoutAtEnd: Bool = true) -> [InputEvent] {
    var decoder = InputDecoder()
    var events: [InputEvent] = []
    for scalar in text.unicodeScalars { events += decoder.feed(scalar.value) }
    if timeoutAtEnd { events += decoder.timeout() }
    return events
}

/// The keys among `events`.
func keys(_ events: [InputEvent]) -> [Key] {
    events.compactMap { if case .key(let key) = $0 { key } else { nil } }
}

let esc = "\u{1B}"

@Suite("Input decoder: escape sequences, pastes and mouse reports")
struct InputDecoderTests {
    @Test("the documented keys", arguments: InputDecoder.documentedSequences.map { ($0.0, $0.1) })
    func documented(sequence: String, key: Key) {
        #expect(decode(esc + sequence) == [.key(key)])
    }

    @Test("Esc alone is the Esc key once the escape delay passes")
    func escapeAlone() {
        #expect(decode(esc) == [.key(.escape)])
        #expect(decode(esc, timeoutAtEnd: false) == [])
    }

    /// Ten kinds of sequence the program does not use: each consumed whole, nothing else.
    static let unknown: [String] = [
        esc + "[<0;10;5M",            // SGR mouse press
        esc + "[<0;10;5m",            // SGR mouse release
        esc + "[M !!",                // X10 mouse report (three raw characters)
        esc + "[I", esc + "[O",       // focus in, focus out
        esc + "]0;title\u{07}",       // OSC ended by BEL
        esc + "]11;rgb:0000/0000/0000" + esc + "\\", // OSC ended by ST
        esc + "P1$r0m" + esc + "\\",  // DCS
        esc + "[1;5A",                // Ctrl-Up (modified: not documented)
        esc + "[15~", esc + "[24~",   // F5, F12
        esc + "O5P",                  // SS3 with a parameter
        esc + "_app\u{9C}",           // APC ended by C1 ST
        esc + "(B",                   // charset designation
        esc + "x",                    // Alt-x
        "\u{9B}1;2H",                 // C1 CSI
        esc + "[?1;2c",               // device attributes report
        esc + "[200~" + "",           // an empty paste start without end (see below)
    ]

    @Test("unknown sequences are consumed whole and ignored", arguments: unknown.dropLast())
    func unknownIgnored(_ sequence: String) {
        let events = decode(sequence + "7")
        #expect(keys(events) == [.character("7")], "\(events)")
        #expect(!events.contains(.key(.escape)))
    }

    @Test("a cut-off sequence is ignored whole when the wait runs out")
    func cutOff() {
        #expect(keys(decode(esc + "[1;5")) == [])
        #expect(keys(decode(esc + "]0;tit")) == [])
        #expect(keys(decode(esc + "[<0;10")) == [])
    }

    @Test("a control character inside a sequence ends it and is swallowed with it")
    func broken() {
        #expect(keys(decode(esc + "[12\r")) == [])
        #expect(keys(decode(esc + "[12" + esc + "[A")) == [.up])
    }

    @Test("a bracketed paste arrives whole, as text")
    func paste() {
        #expect(decode(esc + "[200~ok" + esc + "[201~") == [.paste("ok")])
        #expect(decode(esc + "[200~4\r" + esc + "[201~") == [.paste("4\r")])
        // Escape sequences inside a paste are text, not keys.
        #expect(decode(esc + "[200~" + esc + "[A1" + esc + "[201~") == [.paste(esc + "[A1")])
        // A paste with no end is delivered when the wait runs out.
        #expect(decode(esc + "[200~150") == [.paste("150")])
    }

    @Test("a very long paste is kept to its limit (then refused whole by the field)")
    func longPaste() {
        let text = String(repeating: "9", count: InputDecoder.maximumPasteLength * 2)
        guard case .paste(let kept)? = decode(esc + "[200~" + text + esc + "[201~").first else {
            Issue.record("no paste")
            return
        }
        #expect(kept.count == InputDecoder.maximumPasteLength + 1)
    }

    @Test("plain characters and control keys are unchanged")
    func plainKeys() {
        #expect(keys(decode("q\r\t\u{7F}")) == [.character("q"), .enter, .tab, .backspace])
    }
}

@Suite("A paste only goes into the focused text field")
struct PasteTests {
    @Test("a paste into the weight field is typed there")
    func intoField() {
        let state = WizardState.fresh().after(Walk.toWeight)
        var pasted = state
        update(&pasted, .paste("70"))
        #expect(pasted.weight.text == "70")
        #expect(pasted.step == .patient)
    }

    @Test("a paste that does not fit the field is refused whole, with a message")
    func refused() {
        var state = WizardState.fresh().after(Walk.toWeight)
        update(&state, .paste("7O"))
        #expect(state.weight.text == "")
        #expect(state.message?.hasPrefix("The paste was not taken") == true)
        update(&state, .paste(String(repeating: "1", count: 13)))
        #expect(state.weight.text == "")
        update(&state, .paste("1\n2"))
        #expect(state.weight.text == "")
    }

    /// Every kind of control on every step: a paste of keys that would choose, tick, go back
    /// or go on changes nothing recorded and never the step.
    @Test("a paste never chooses, ticks or moves", arguments: Walk.onEachStep.map(\.1).indices)
    func neverChooses(stepIndex: Int) {
        let start = WizardState.fresh().after(Walk.onEachStep[stepIndex].1)
        for control in start.content.controls where control.kind.isTextField == false {
            for text in ["ok", "4", "1", "y", "n", " ", "x", "a", "\r", "q", "\u{1B}", "?", "2\r"] {
                var state = start
                update(&state, .focus(control.control))
                let before = state
                update(&state, .paste(text))
                #expect(Recorded(state) == Recorded(before), "paste \(text.debugDescription) on \(control.control)")
                #expect(state.step == before.step)
                #expect(state.outcome == .running && !state.confirmingQuit)
            }
        }
    }
}

/// What a preparation records: every entry, tick, choice and acknowledgement, and where the
/// wizard is. Messages and the focus are not in it.
struct Recorded: Equatable {
    let step: Step
    let weight: String, dose: String, times: [String]
    let answers: [Bool?]
    let frequency: Frequency?, doseMode: DoseMode
    let doseChoice: DoseChoice?
    let vials: Set<Int>
    /// R13: every confirmation given (with its instants) and every value typed back.
    let confirmed: [ConfirmationID: [Instant]], typedBack: [ConfirmationID: String]
    let roundingAuthorisedBy: String
    let finalVolume: Tenths?, duration: Int?, otherDuration: String
    let acknowledged: [FindingCode: String]
    let confirmedPounds: String?
    let outcome: Outcome
    /// Section 6: the preparer, the patient's identifiers, the order, the weight's source and
    /// date, the lots and expiries.
    let record: [String]
    let weightSource: WeightSource?
    let lots: [Int: String], expiries: [Int: String]

    init(_ state: WizardState) {
        step = state.step
        weight = state.weight.text
        dose = state.dose.text
        times = [state.reconstitutionTime.text, state.dilutionTime.text]
        answers = [state.atLeastTwoYears, state.firstInfusion, state.previousHypersensitivity, state.previousAlglucerase]
        frequency = state.frequency
        doseMode = state.doseMode
        doseChoice = state.doseChoice
        vials = state.policy.vialsOnHand
        confirmed = state.confirmed
        typedBack = state.confirmationFields.mapValues(\.text)
        roundingAuthorisedBy = state.roundingAuthorisedBy.text
        finalVolume = state.chosenFinalVolume
        duration = state.chosenDuration
        otherDuration = state.otherDuration.text
        acknowledged = state.acknowledged
        confirmedPounds = state.confirmedPoundsText
        outcome = state.outcome
        record = [state.preparer.text, state.patientName.text, state.recordNumber.text, state.dateOfBirth.text,
                  state.orderReference.text, state.weightDate.text]
        weightSource = state.weightSource
        lots = state.vialLots.mapValues(\.text)
        expiries = state.vialExpiries.mapValues(\.text)
    }
}

@Suite("A refused key holds its field until it is corrected (item 5)")
struct RefusedKeyTests {
    @Test("\"15O\" for 150 does not leave 15 kg accepted")
    func fifteenO() {
        var state = WizardState.fresh().after(Walk.toWeight + [.type("15O")])
        #expect(state.weight.text == "15")
        #expect(state.info(.weight)?.isComplete == false)
        #expect(state.contentTexts.contains { $0.hasPrefix("! \"O\" was not taken") })
        #expect(state.screenText.contains(" CHECK "))
        // Enter does not go on while the refusal stands.
        update(&state, .key(.enter))
        #expect(state.focus == .weight)
        #expect(state.atLeastTwoYears == nil)
        // Corrected: the field is accepted again.
        state = state.after([.type("0"), .key(.enter)])
        #expect(state.weight.text == "150")
        #expect(state.info(.weight)?.isComplete == true)
        #expect(!state.screenText.contains(" CHECK "))
    }

    @Test("moving the cursor does not clear the hold; Backspace does")
    func movingKeepsIt() {
        var state = WizardState.fresh().after(Walk.toWeight + [.type("70x"), .key(.left)])
        #expect(state.info(.weight)?.isComplete == false)
        update(&state, .key(.right))
        #expect(state.info(.weight)?.isComplete == false)
        update(&state, .key(.backspace))
        #expect(state.weight.text == "7")
        #expect(state.info(.weight)?.isComplete == true)
    }
}

@Suite("No escape sequence changes a choice, a tick or the step unless it is a documented key")
struct EscapeSequencePropertyTests {
    /// Pieces terminals send: introducers, parameters, finals, string bodies and ends, text.
    static let fragments: [String] = [
        esc, esc + "[", esc + "O", esc + "]", esc + "P", esc + "_", esc + "\\", "\u{9B}", "\u{9C}",
        "[", "<", "?", ";", "0", "1", "2", "4", "5", "6", "9", "10", "200", "201", "1006", "~",
        "A", "B", "C", "D", "H", "F", "M", "m", "I", "O", "P", "Z", "c", "t", "$", "y", "q",
        " ", "\r", "\n", "\t", "\u{07}", "\u{7F}", "ok", "x", "a", "lb", ".", "é", "\u{0}",
    ]

    /// States with the focus on each kind of control: a list, a yes/no, a tick box, a field,
    /// an acknowledgement, a button.
    static let states: [WizardState] = {
        var result: [WizardState] = []
        for (_, strokes) in Walk.onEachStep {
            let state = WizardState.fresh().after(strokes)
            for control in state.content.controls {
                var focused = state
                update(&focused, .focus(control.control))
                result.append(focused)
            }
        }
        return result
    }()

    @Test("random byte sequences that start with ESC")
    func property() async {
        let sequence = Gen.element(of: Self.fragments).array(of: 1...12)
        await propertyCheck(count: 3000, input: sequence, Gen.int(in: 0...(Self.states.count - 1))) { pieces, stateIndex in
            let text = esc + pieces.compactMap { $0 }.joined()
            // Decode. Keys from escape sequences are checked against the documented ones;
            // characters that arrive after a sequence has ended are plain typing, not
            // part of any sequence, and are not applied below.
            var decoder = InputDecoder()
            var fromSequences: [InputEvent] = []
            var documentedKeySeen = false
            func take(_ events: [InputEvent], countBefore: Int) {
                let sequenceKeys = decoder.sequenceKeyCount - countBefore
                for event in events {
                    switch event {
                    case .key(let key):
                        // Only the last key of a group can come from a sequence (a sequence
                        // gives at most one key, after any ignored ones).
                        guard sequenceKeys > 0 else { continue }
                        var raw = decoder.lastKeySequence
                        if raw.unicodeScalars.first?.value == 0x9B { raw = esc + "[" + String(raw.dropFirst()) }
                        if raw.unicodeScalars.first?.value == 0x8F { raw = esc + "O" + String(raw.dropFirst()) }
                        let documented = InputDecoder.documentedSequences.contains { esc + $0.0 == raw && $0.1 == key }
                            || (key == .escape && raw == esc)
                        #expect(documented, "\(raw.debugDescription) gave \(key) in \(text.debugDescription)")
                        documentedKeySeen = true
                    case .paste, .ignored:
                        fromSequences.append(event)
                    }
                }
            }
            for scalar in text.unicodeScalars {
                let count = decoder.sequenceKeyCount
                take(decoder.feed(scalar.value), countBefore: count)
            }
            let count = decoder.sequenceKeyCount
            take(decoder.timeout(), countBefore: count)
            guard !documentedKeySeen else { return }
            // No documented key: everything the sequences gave (pastes, ignored) together
            // changes no choice, tick, count, confirmation, answer or step. (A paste is
            // text for the focused text field, a value typed back included, as typing is.)
            var state = Self.states[stateIndex]
            let before = Recorded(state)
            for case .paste(let pasted) in fromSequences { update(&state, .paste(pasted)) }
            let after = Recorded(state)
            #expect(after.step == before.step && after.outcome == before.outcome && !state.confirmingQuit, "\(text.debugDescription)")
            #expect(after.answers == before.answers && after.frequency == before.frequency && after.doseMode == before.doseMode
                    && after.confirmed == before.confirmed && after.vials == before.vials && after.doseChoice == before.doseChoice
                    && after.finalVolume == before.finalVolume && after.duration == before.duration && after.otherDuration == before.otherDuration
                    && after.roundingAuthorisedBy == before.roundingAuthorisedBy
                    && after.acknowledged == before.acknowledged, "\(text.debugDescription)")
        }
    }
}

extension ControlKind {
    var isTextField: Bool { if case .field = self { true } else { false } }
}

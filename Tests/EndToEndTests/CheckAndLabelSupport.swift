import Foundation
import TestSupport
import Testing

// Rule book sections 7 and 8 on the Summary step, the one place the end-to-end walks take
// them from: with the default policy (double_check = "always") the review hands over to
// a checker, who types their name and every value blind; after a passed check the label
// is printed, ticked as attached (R13), then the preparation is confirmed and finished.
// Training walks have no check and no label.

/// The checker of the end-to-end walks: a second person, not the preparer (JS).
let referenceChecker = "B. Okafor"

/// What the checker of the rule book's adult standard case finds, in the order asked:
/// the weight in kg, the dose per infusion in units, the 400-unit then the 200-unit vial
/// count, the drug volume in mL, the final volume in mL, the pump rate in mL/h.
let referenceCheckValues = ["70", "4200", "10", "1", "105", "150", "75"]

/// The figures of the reference plan that the checker's screen must not show while the
/// checker types (section 7: blind).
let referencePlanFigures = ["4,200", "4200", "105 mL", "150 mL", "45 mL", "75 mL/h", "70 kg", "10 x 400", "1 x 200"]

/// The plain answers of the Summary step, from the review to the end: Enter hands over
/// to the checker; the checker's name; the values, blind; Enter prints the label; y ticks
/// it printed and attached (R13); Enter confirms and finishes. With `mismatched`, the
/// checker first types those values, the comparison blocks, and 1 ("Check again") has
/// the checker type `values` (the name is kept).
func plainCheckAndLabelAnswers(checker: String = referenceChecker, values: [String] = referenceCheckValues,
                               mismatched: [String]? = nil) -> [String] {
    ["", checker] + (mismatched.map { $0 + ["1"] } ?? []) + values + ["", "y", ""]
}

/// `plainCheckAndLabelAnswers()` for the reference plan.
let plainReferenceCheckAndLabel = plainCheckAndLabelAnswers()

/// The label file the wizard writes with no printer in the policy:
/// `$XDG_DATA_HOME/infusion-prep/labels/<preparation id>.txt`, by default under HOME.
func labelFile(_ sandbox: Sandbox, id: String) -> URL {
    sandbox.labels.appendingPathComponent("\(id).txt")
}

extension Sandbox {
    /// Where the wizard writes text labels by default (no XDG_DATA_HOME, no printer).
    var labels: URL { home.appendingPathComponent(".local/share/infusion-prep/labels") }
}

/// The Summary step's review with the default policy: "Hand over to the checker" is its
/// only button, focused. Returns the screen.
@discardableResult
func waitForHandOver(_ session: TmuxSession) throws -> [String] {
    try session.waitFor("Step 8 of 8", "> [ Hand over to the checker ]")
}

/// Enter on "Hand over to the checker": the checker's screen, the focus on their name.
@discardableResult
func handOverToChecker(_ session: TmuxSession) throws -> [String] {
    try waitForHandOver(session)
    try session.send("Enter")
    return try session.waitFor("Double check (section 7): for the checker", "> Checker  ")
}

/// The checker's name then each value, each followed by Enter (the checker's screen must
/// be on, the focus on the name).
func typeCheck(_ session: TmuxSession, checker: String = referenceChecker, values: [String] = referenceCheckValues) throws {
    try session.waitFor("> Checker  ")
    try session.type(checker)
    try session.send("Enter")
    try session.waitFor("> Weight  ")
    try typeCheckValues(session, values)
}

/// The checker's values, each followed by Enter, from the weight (focused) on.
func typeCheckValues(_ session: TmuxSession, _ values: [String]) throws {
    for value in values {
        try session.type(value)
        try session.send("Enter")
    }
}

/// After a passed check: Enter prints the label; the label shown boxed is returned (its
/// lines between the box rules, without the frame), then Space ticks it attached (R13)
/// and Enter moves to "Confirm and finish".
@discardableResult
func printAndAttachLabel(_ session: TmuxSession) throws -> (screen: [String], label: [String]) {
    try session.waitFor("> [ Print the label ]")
    try session.send("Enter")
    let screen = try session.waitFor(">   [ ] Label printed, checked against the bag and attached to it", "Bag label (text): ")
    let label = boxedLabel(screen)
    try session.send("Space", "Enter")
    try session.waitFor("[x] Label printed, checked against the bag and attached to it", "> [ Confirm and finish ]")
    return (screen, label)
}

/// The lines of the label boxed on screen: between its two rules, "| " and " |" taken off
/// and the padding trimmed.
func boxedLabel(_ screen: [String]) -> [String] {
    let rule = "+" + String(repeating: "-", count: 42) + "+"
    guard let top = screen.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == rule }),
          let bottom = screen[(top + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == rule }) else { return [] }
    return screen[(top + 1)..<bottom].map { row in
        var text = row.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("| ") { text.removeFirst(2) }
        if text.hasSuffix(" |") { text.removeLast(2) }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

/// The whole Summary step from the review with "Hand over to the checker" to "Confirm and
/// finish" focused: the check passed, the label printed and ticked. Enter then finishes.
@discardableResult
func checkAndLabel(_ session: TmuxSession, checker: String = referenceChecker,
                   values: [String] = referenceCheckValues) throws -> (screen: [String], label: [String]) {
    try handOverToChecker(session)
    try typeCheck(session, checker: checker, values: values)
    return try printAndAttachLabel(session)
}

/// The reference walked to the review and handed over, then checked with one value typed
/// wrong: `typed` in place of the value at `index` of `referenceCheckValues`.
func checkReferenceWithWrongValue(_ session: TmuxSession, at index: Int, typed: String) throws {
    try walkReferenceToReview(session)
    try handOverToChecker(session)
    var values = referenceCheckValues
    values[index] = typed
    try typeCheck(session, values: values)
}

/// The summary's lines of sections 7 and 8 for a passed check and a printed label (the
/// record's summary and the one printed at the end end with them).
func expectCheckAndLabelRows(_ summary: [String], checker: String = referenceChecker, id: String? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let text = summary.joined(separator: "\n")
    let checked = text.firstMatch(of: #/Checked     by (.+), (\d{4}-\d{2}-\d{2} \d{2}:\d{2}): every value matches \(section 7\)/#)
    #expect(checked?.1 == Substring(checker), "no Checked row by \(checker) in:\n\(text)", sourceLocation: sourceLocation)
    let label = squeezed(summary).firstMatch(of: #/Label printed (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) for preparation ([0-9a-f-]{36})/#)
    #expect(label != nil, "no Label row in:\n\(text)", sourceLocation: sourceLocation)
    if let id { #expect(label.map { String($0.2) } == id, "label of \(id)", sourceLocation: sourceLocation) }
    #expect(summary.contains { $0.hasSuffix("label printed and attached to the bag") }, "no R13 label row", sourceLocation: sourceLocation)
}

import InfusionCalc
import InfusionRecords
import InfusionTraining
import InfusionWizard

/// Rule book section 8 in the wizard: the shell's side of `Effect.deliverLabel`. The
/// label is rendered in the policy's format by the calculation module, delivered to the
/// policy's printer (`lp -d`) or, when the policy names none, written to a file in the
/// labels folder, and recorded (printed or not) with the preparation.
enum WizardLabel {
    /// The labels folder: $XDG_DATA_HOME/infusion-prep/labels (default
    /// ~/.local/share/infusion-prep/labels), next to the default record file.
    static func folder(environment: [String: String]) -> String {
        SystemFiles.join(RecordLocation.dataFolder(environment: environment), "labels")
    }

    /// Where a label goes: the policy's printer, else `<labels folder>/<id>.txt` (or `.zpl`).
    static func destination(policy: SitePolicy, format: LabelFormat, preparationID: String, environment: [String: String]) -> LabelOutput.Destination {
        if let printer = policy.printerName { return .printer(name: printer) }
        let suffix = format == .zpl ? "zpl" : "txt"
        return .file(path: SystemFiles.join(folder(environment: environment), "\(preparationID).\(suffix)"))
    }

    /// How the record and the screen name a destination: "printer ward-3", "file /path".
    static func describe(_ destination: LabelOutput.Destination) -> String {
        switch destination {
        case .printer(let name): "printer \(name)"
        case .file(let path): "file \(path)"
        case .standardOutput: "standard output"
        }
    }

    /// The label in `format` and `size`: the text label's lines, or the ZPL program.
    static func render(_ content: BagLabel.Content, format: LabelFormat, size: LabelSize) -> Result<String, BagLabelError> {
        switch format {
        case .text:
            return BagLabel.text(content).map { $0.joined(separator: "\n") }
        case .zpl:
            return ZPL.label(content, size: ZPLLabelSize(size)).map(\.text)
        }
    }

    /// The ZPL label's size: the policy's; a ZPL label printed because a text label could
    /// not hold everything (the policy's format is text) is the larger 4 x 3 inch.
    static func size(for format: LabelFormat, policy: SitePolicy) -> LabelSize {
        format == .zpl && policy.labelFormat == .text ? .fourByThree : policy.labelSize
    }

    /// Renders, delivers and reports a label the wizard asked for. Never throws: a label
    /// that cannot be made or printed comes back as not printed, with the reason, and the
    /// preparation stays recorded.
    static func deliver(_ content: BagLabel.Content, format: LabelFormat, state: WizardState, environment: [String: String])
        -> (delivery: LabelDelivery, destination: String) {
        let policy = state.policy
        let destination = destination(policy: policy, format: format, preparationID: content.preparationID, environment: environment)
        let described = describe(destination)
        func failed(_ reason: String, failedToFit: Bool = false) -> (LabelDelivery, String) {
            (LabelDelivery(content: content, preparedAt: state.now, printed: false, report: reason, failedToFit: failedToFit, format: format), described)
        }
        let rendered: String
        switch render(content, format: format, size: size(for: format, policy: policy)) {
        case .failure(let error):
            if case .textDoesNotFit = error { return failed(error.message, failedToFit: true) }
            return failed(error.message)
        case .success(let text): rendered = text
        }
        if case .file = destination {
            do { try SystemFiles.makeDirectories(folder(environment: environment)) } catch {
                return failed("The labels folder \(folder(environment: environment)) cannot be made: \(error).")
            }
        }
        let language: LabelOutput.Format = format == .zpl ? .zpl : .text
        switch LabelOutput.deliver(rendered, format: language, to: destination, environment: environment) {
        case .failure(let failure): return failed(failure.message)
        case .success(let report):
            return (LabelDelivery(content: content, preparedAt: state.now, printed: true, report: report, format: format), described)
        }
    }
}

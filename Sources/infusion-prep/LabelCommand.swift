import ArgumentParser
import InfusionCalc
import InfusionRecords
import InfusionTraining
import TerminalUI

extension LabelFormat: ExpressibleByArgument {}

/// `infusion-prep label ID [--format text|zpl] [--reprint --by NAME] [--output FILE|-]`:
/// the bag label printed again from the record (rule book section 8, issue 11), exactly as
/// it was first printed, marked "REPRINT <instant>", and the reprint recorded with who
/// made it. The label comes from the record (`PreparationRecord.originalSheet`), never
/// from a new calculation.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Print a preparation's bag label again from the record, marked REPRINT, and record the reprint.",
        discussion: """
            The label is the one recorded when the preparation was finished, word for word, \
            with "REPRINT <date time>" added (the current time). Without --reprint it is printed \
            only when the record holds a label that was never printed (the first printing \
            failed); once one was printed, --reprint --by NAME is needed. The format is \
            --format, else the site policy's label.format; ZPL uses the policy's label.size. \
            The label goes to --output FILE (- for standard output), else to the policy's \
            label.printer with lp, else to standard output. A printing failure is recorded as \
            not printed; the preparation stays recorded. Exit status: 0 printed and recorded; \
            1 not printed (a label was already printed and --reprint was not given, no label \
            was made for the preparation, or the printing failed); 2 bad input (an unknown \
            preparation id, --reprint without --by, a bad option or policy file); 4 the \
            records cannot be read, or the label was printed but could not be recorded.
            """)

    @Argument(help: ArgumentHelp("The preparation id (see records list).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("text (12 lines of 40 characters) or zpl (a 4 x 2 or 4 x 3 inch thermal label); default: the policy's label.format.", valueName: "format"))
    var format: LabelFormat?

    @Flag(help: "Print a label that was already printed, marked REPRINT with the current time.")
    var reprint = false

    @Option(help: ArgumentHelp("Who reprints the label (required with --reprint); recorded with the reprint.", valueName: "name"))
    var by: String?

    @Option(help: ArgumentHelp("Write the label to this file, or - for standard output (default: the policy's label.printer with lp, else standard output).", valueName: "file|-"), completion: .file())
    var output: String?

    @OptionGroup var location: RecordsCommand.Location

    @Option(help: ArgumentHelp("The site policy file (default: as for the wizard).", valueName: "file"), completion: .file())
    var policy: String?

    /// For `CommandLineCheck`.
    static let valueOptions = ["--format", "--by", "--output", "--records", "--policy"]
    static let flagOptions = ["--reprint"]

    /// The label was not printed (refused, or the printing failed).
    static let notPrinted: Int32 = 1

    func run() throws {
        // The person reprinting (section 6: who does what is recorded).
        var person: String?
        if let by {
            switch PersonName.parse(by, field: .preparer) {
            case .success(let name): person = name
            case .failure(let error):
                Output.error("--by: \(error.message)")
                throw Exit(status: ExitStatus.badInput)
            }
        }
        if reprint && person == nil {
            Output.error("--reprint needs --by NAME: the name of the person reprinting the label, which is recorded")
            throw Exit(status: ExitStatus.badInput)
        }
        let site = try PolicyCommand.load(explicit: policy)
        let store = try location.open(forReading: false)
        let entries = try RecordsCommand.entries(store, preparationID: id)
        guard !entries.isEmpty else {
            Output.error("no preparation with the id \(id.debugDescription); see infusion-prep records list")
            throw Exit(status: ExitStatus.badInput)
        }
        // A label is printed from the record: never from one changed after it was written.
        try RecordsCommand.requireIntactChain(store, consequence: "No label is printed from records that do not verify; see infusion-prep records verify.")
        let record = PreparationRecord(id: id, entries: entries)
        let labels = record.labels
        // R13 and section 8: a label is printed for a finished preparation only; an
        // abandoned, stopped or interrupted one may hold a bag that must not be used.
        guard record.outcome == "finished" else {
            Output.error("preparation \(id) is \(record.outcome), not finished: no label is printed for it (a bag that was not finished must not be labelled); see records show \(id)")
            throw Exit(status: Self.notPrinted)
        }
        // The label on the bag: the last one printed (one printed before the preparation
        // changed was replaced by it).
        guard let original = record.bagLabel else {
            Output.error("no label was made for this preparation")
            throw Exit(status: Self.notPrinted)
        }
        let sheet: BagLabel.Sheet
        switch original.sheet {
        case .success(let recorded): sheet = recorded
        case .failure(let problem):
            Output.error(problem.message)
            throw Exit(status: Self.notPrinted)
        }
        if !reprint, let printed = labels.last(where: \.printed) {
            Output.error("a label was printed \(printed.recordedForPeople); use --reprint")
            throw Exit(status: Self.notPrinted)
        }

        // The shell's clock: the reprint instant, in the local zone.
        let now = SystemClock.now()
        let at = SystemClock.timeZoneRule(around: now).zoned(now)
        let printing = reprint ? sheet.reprinted(at: at) : sheet
        let format = format ?? site.policy.labelFormat
        let size = site.policy.labelSize
        let destination: LabelOutput.Destination = switch output {
        case "-": .standardOutput
        case let path?: .file(path: path)
        case nil: site.policy.printerName.map { .printer(name: $0) } ?? .standardOutput
        }
        let rendered: Result<String, BagLabelError> = switch format {
        case .text: BagLabel.text(printing).map { $0.joined(separator: "\n") + "\n" }
        case .zpl: ZPL.label(printing, size: ZPLLabelSize(size)).map(\.text)
        }
        let delivered: Result<String, LabelOutput.Failure> = rendered
            .mapError { LabelOutput.Failure(message: $0.message) }
            .flatMap { label in
                LabelOutput.deliver(label, format: format == .zpl ? .zpl : .text, to: destination,
                                    environment: ProgramEnvironment.read())
            }
        let failure: String? = if case .failure(let failed) = delivered { failed.message } else { nil }
        do {
            let draft = try LabelRecord.draft(printing, format: format, size: size, destination: Self.name(destination),
                                              failure: failure, delivered: (try? delivered.get()) ?? "",
                                              reprintedAt: reprint ? at : nil, actor: person ?? record.preparer, at: at)
            _ = try store.append(draft)
        } catch {
            if failure == nil {
                Output.error("the label was printed, but the \(reprint ? "reprint" : "printing") could not be recorded in \(store.shownLocation): \(error.message)")
            } else {
                Output.error("\(failure ?? "") The label was not printed, and the attempt could not be recorded in \(store.shownLocation): \(error.message)")
            }
            throw Exit(status: ExitStatus.recordNotSaved)
        }
        if let failure {
            Output.error("\(failure) The label was not printed; the preparation stays recorded, and this attempt is recorded as not printed.")
            throw Exit(status: Self.notPrinted)
        }
        let said = (try? delivered.get()).flatMap { $0.isEmpty ? nil : $0 + " " } ?? ""
        Output.note("\(said)\(reprint ? "Reprint" : "Label") recorded: preparation \(id) in \(store.shownLocation)")
    }

    /// Where the label went, for people and the record: "printer ward-3", "file /tmp/bag.zpl",
    /// "standard output".
    static func name(_ destination: LabelOutput.Destination) -> String {
        switch destination {
        case .printer(let name): "printer " + name
        case .file(let path): "file " + path
        case .standardOutput: LabelRecord.standardOutput
        }
    }
}

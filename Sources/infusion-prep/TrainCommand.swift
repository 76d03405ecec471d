import ArgumentParser
import InfusionCalc
import InfusionTraining
import InfusionWizard
import TerminalUI

/// `infusion-prep train`: the wizard in training mode. Never writes a preparation record.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training walkthroughs: guided or quiz, on shipped scenarios or a random patient.",
        discussion: """
            Every screen and every printed line says TRAINING. Results (score, every answer) \
            are saved as text and JSON in --results DIR; nothing is written where preparation \
            records go. Exit status: 0 finished, 1 quit, 2 bad input, 4 the results could not be saved, \
            5 standard output could not be written, \
            70 the start-up self-test failed, 128 + signal when interrupted.
            """
    )

    @Flag(help: "List the scenarios and exit.")
    var list = false

    @Option(help: ArgumentHelp("The scenario to run (see --list).", valueName: "name"))
    var scenario: String?

    @Flag(help: "Free practice with a random valid patient.")
    var free = false

    @Option(help: ArgumentHelp("Seed for --free (the same seed gives the same patient).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("guided (explanations on every step) or quiz (answer before each number is shown).", valueName: "mode"))
    var mode: TrainingMode = .guided

    @Option(help: ArgumentHelp("Folder to save the result files in.", valueName: "dir"), completion: .directory)
    var results: String?

    @Option(help: ArgumentHelp("Folder of scenario files to add to the shipped ones (a file named like a shipped scenario replaces it).", valueName: "dir"), completion: .directory)
    var scenarios: String?

    /// Every option, for CommandLineCheck (a new one must be added here).
    static let valueOptions = ["--scenario", "--seed", "--mode", "--results", "--scenarios"]
    static let flagOptions = ["--list", "--free", "--plain", "--double-check"]

    @Flag(help: "Double-check practice (rule book section 7): you are the checker of the scenario's preparation; you read the source, type the values blind, and are marked per value.")
    var doubleCheck = false

    @Flag(help: "Plain line-by-line prompts.")
    var plain = false

    func validate() throws {
        if !list && scenario == nil && !free {
            throw ValidationError("Choose a scenario with --scenario NAME (see --list) or --free.")
        }
        if scenario != nil && free { throw ValidationError("Give either --scenario or --free, not both.") }
        if doubleCheck && results != nil {
            throw ValidationError("--double-check saves no results: leave out --results (the score is printed).")
        }
    }

    func run() throws {
        let environment = ProgramEnvironment.read()
        let trainingMode = mode
        let chosen: Scenario
        if free {
            chosen = FreePractice.scenario(seed: seed ?? UInt64.random(in: 1...999_999))
        } else {
            let library = try loadLibrary(environment: environment)
            if list {
                // Names and titles come from files: shown with control characters visible.
                for item in library {
                    let name = Sanitize.visible(item.name, limit: 60)
                    Output.out(name + String(repeating: " ", count: max(1, 34 - name.count)) + Sanitize.visible(item.teaches, limit: 200))
                }
                return
            }
            guard let found = library.first(where: { $0.name == scenario }) else {
                Output.error("no scenario named \"\(Sanitize.visible(scenario ?? "", limit: 60))\"; see infusion-prep train --list")
                throw Exit(status: ExitStatus.badInput)
            }
            chosen = found
        }
        if doubleCheck { return try Self.practiseDoubleCheck(chosen) }
        let now = SystemClock.now()
        let initial = chosen.wizardState(mode: trainingMode, now: now, zone: SystemClock.timeZoneRule(around: now))
        let finished = try runWizard(initial, plain: plain, environment: environment)
        let result = TrainingResult(date: .now(), state: finished)
        guard let results else {
            Output.out("TRAINING | Results not saved: give --results DIR to keep them.")
            return
        }
        do {
            let files = try result.save(in: results)
            Output.out("TRAINING | Results saved: " + files.joined(separator: ", "))
        } catch {
            Output.error("the training results could not be saved in \(results): \(error)")
            // The wizard's status when its record cannot be written: one status for "a file
            // this run had to write was not written".
            throw Exit(status: ExitStatus.recordNotSaved)
        }
    }

    /// Section 7 practice, line by line (a terminal or a script alike): the source, the
    /// checker's name (not the preparer's), each value blind (a malformed one is asked
    /// again with what is accepted), then every value marked and the score. End of input
    /// quits (exit 1).
    static func practiseDoubleCheck(_ scenario: Scenario) throws {
        let say: (String) -> Void = { text in
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                PlainFrontEnd.wrap(String(line), width: PlainFrontEnd.width - 11).forEach { Output.out("TRAINING | " + $0) }
            }
        }
        let practice: DoubleCheckPractice
        switch DoubleCheckPractice.start(scenario) {
        case .failure(let error):
            Output.error(error.message)
            throw Exit(status: ExitStatus.badInput)
        case .success(let started): practice = started
        }
        practice.sourceLines.forEach(say)
        func ask(_ prompt: String, _ accept: (String) -> String?) throws -> String {
            while true {
                say(prompt)
                guard let answer = readLine(strippingNewline: true) else {
                    say("Input ended before the practice was finished.")
                    throw Exit(status: ExitStatus.quit)
                }
                guard let refusal = accept(answer) else { return answer }
                say("Error: " + refusal)
            }
        }
        let checker = try ask("Your name or initials (you are the checker, not \(DoubleCheckPractice.preparer)): ") { name in
            if case .failure(let error) = DoubleCheck.acceptChecker(name, preparer: DoubleCheckPractice.preparer) { return error.message }
            return nil
        }
        var typed: [DoubleCheckField: String] = [:]
        for field in practice.fields {
            typed[field] = try ask("\(field.prompt). \(field.accepted) ") { answer in
                if case .failure(let error) = DoubleCheck.read(field, answer) { return error.message }
                return nil
            }
        }
        switch practice.mark(checker: checker, typed: typed) {
        case .failure(let error):
            Output.error(error.message)
            throw Exit(status: ExitStatus.badInput)
        case .success(let result):
            result.lines.forEach(say)
        }
    }

    /// The scenarios (the shipped ones, with --scenarios DIR or $INFUSION_PREP_SCENARIOS
    /// added or replacing by name), or an error naming every file that does not load.
    func loadLibrary(environment: [String: String]) throws -> [Scenario] {
        let directory = ScenarioLibrary.extraDirectory(option: scenarios, environment: environment)
        if let directory, !SystemFiles.isDirectory(directory) {
            Output.error("the scenario folder \(directory) does not exist (or is not a folder)")
            throw Exit(status: ExitStatus.badInput)
        }
        let (library, errors) = ScenarioLibrary.library(adding: directory)
        if let first = errors.first {
            Output.error("scenario file \(Sanitize.visible(first.description, limit: 300))" + (errors.count > 1 ? " (and \(errors.count - 1) more)" : ""))
            throw Exit(status: ExitStatus.badInput)
        }
        return library
    }
}

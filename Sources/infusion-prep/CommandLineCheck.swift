import ArgumentParser
import InfusionCalc
import InfusionTraining
import InfusionWizard

/// The program's version and the rule book it implements (`--version`).
enum ProgramVersion {
    static let program = "0.9.0"
    static let ruleBook = 2
    static var text: String { "infusion-prep \(program) (rule book version \(ruleBook))" }
}

// Enum options: ExpressibleByArgument, so that a wrong value is refused with the list of
// accepted values and shell completions offer them. A String raw value and CaseIterable
// give everything; to add one (for example --setting or --stability), write
// `extension SomeEnum: ExpressibleByArgument {}` here, declare the option with
// the enum type, and add its name to `PlanCommand.valueOptions`.
extension Frequency: ExpressibleByArgument {}
extension RoundingPolicy: ExpressibleByArgument {}
extension TrainingMode: ExpressibleByArgument {}
extension CompoundingSetting: ExpressibleByArgument {}
extension Stability: ExpressibleByArgument {}

/// Misuse that swift-argument-parser would read the wrong way, found before it parses:
/// a single-dash long option (`-weight` would be read as -w -e -i -g -h -t, and -h prints
/// help), a missing value that would swallow the next option (`--weight --dose 60`), and a
/// misspelled option (`--weigth`), each named with the nearest real option.
enum CommandLineCheck {
    struct Options {
        /// Options that take a value.
        let values: [String]
        /// Options that take none.
        let flags: [String]
        var all: [String] { values + flags }
    }

    static let common = ["--help", "--version"]
    /// swift-argument-parser's own: completion scripts (make install) and the help dump.
    static let root = Options(values: ["--records", "--policy", "--generate-completion-script"],
                              flags: ["--plain", "--experimental-dump-help"] + common)
    static let plan = Options(values: PlanCommand.valueOptions, flags: PlanCommand.flagOptions + common)
    static let train = Options(values: TrainCommand.valueOptions, flags: TrainCommand.flagOptions + common)
    static let label = Options(values: LabelCommand.valueOptions, flags: LabelCommand.flagOptions + common)
    static let records = Options(values: ["--records", "--format", "--since", "--patient", "--from", "--to"], flags: common)
    /// `records` subcommands, and those that take one preparation id.
    static let recordsCommands = ["list", "show", "export", "report", "verify", "copy"]
    static let recordsCommandsWithID = ["show", "export"]
    /// `policy` subcommands; `check` takes one file.
    static let policy = Options(values: PolicyCommand.showValueOptions, flags: common)
    static let policyCommands = ["show", "check"]

    /// The first problem in `arguments` (without the program name), as one sentence.
    static func problem(in arguments: [String]) -> String? {
        // The completion scripts call back with "---completion ...": the parser's own.
        if arguments.contains(where: { $0.hasPrefix("---") }) { return nil }
        var words = arguments.prefix { $0 != "--" }.map { $0 }
        var options = root
        var positionals = 0
        if let first = words.first, first == "plan" || first == "train" {
            options = first == "plan" ? plan : train
            words.removeFirst()
        } else if words.first == "label" {
            // `label ID [options]`: one preparation id.
            words.removeFirst()
            options = label
            positionals = 1
        } else if words.first == "records" {
            words.removeFirst()
            options = records
            guard let command = words.first, !command.hasPrefix("-") else { return nil }
            guard recordsCommands.contains(command) || command == "help" else {
                let shown = Sanitize.visible(command, limit: 40)
                let guess = nearest(to: command, in: recordsCommands).map { "; did you mean records \($0)?" }
                    ?? "; the records commands are " + recordsCommands.joined(separator: ", ") + "."
                return "unknown records command \(shown)" + guess
            }
            words.removeFirst()
            positionals = recordsCommandsWithID.contains(command) ? 1 : 0
        } else if words.first == "policy" {
            words.removeFirst()
            options = policy
            guard let command = words.first, !command.hasPrefix("-") else { return nil }
            guard policyCommands.contains(command) || command == "help" else {
                let guess = nearest(to: command, in: policyCommands).map { "; did you mean policy \($0)?" } ?? "; the policy commands are show and check."
                return "unknown policy command \(Sanitize.visible(command, limit: 40))" + guess
            }
            words.removeFirst()
            positionals = command == "check" ? 1 : 0
        }
        if options.values == root.values, let first = words.first, !first.hasPrefix("-"), first != "help" {
            let shown = Sanitize.visible(first, limit: 40)
            let guess = nearest(to: first, in: ["plan", "train", "records", "policy", "label"]).map { "; did you mean \($0)?" } ?? "; the commands are plan, train, records, policy and label."
            return "unknown command \(shown)" + guess
        }
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--") && word.count > 2 {
                let name = String(word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
                guard options.all.contains(name) else {
                    // The parser knows help and version; anything else unknown is named here.
                    return unknown(name, options: options)
                }
                if options.values.contains(name) && !word.contains("=") {
                    guard index < words.count else { return "\(name) needs a value." }
                    let next = words[index]
                    if looksLikeOption(next) {
                        return "\(name) needs a value, but the next word is the option \(Sanitize.visible(next, limit: 40)); give the value right after \(name)."
                    }
                    index += 1
                }
            } else if word.hasPrefix("-") && word.count > 2 && !isNumber(word) {
                let long = "-" + word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]
                if options.all.contains(long) {
                    return "\(Sanitize.visible(word, limit: 40)) has one dash: write \(long) (long options take two dashes)."
                }
                return unknown(word, options: options)
            } else if options.values != root.values && !word.hasPrefix("-") && positionals > 0 {
                positionals -= 1
            } else if options.values != root.values && !word.hasPrefix("-") {
                return "unexpected word \(Sanitize.visible(word, limit: 40)): every value follows its option (for example --weight 70)."
            }
        }
        return nil
    }

    /// "--dose", "-h", "-weight": an option, not a value. "-70", "-0.5", "-": values.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count >= 2 else { return false }
        return !isNumber(word)
    }

    /// "-70", "-.5", "-7\n0": a (negative) number a value option takes.
    static func isNumber(_ word: String) -> Bool {
        let rest = word.dropFirst()
        guard let first = rest.first else { return false }
        return first.isNumber || first == "." || first == ","
    }

    static func unknown(_ word: String, options: Options) -> String {
        let shown = Sanitize.visible(word, limit: 40)
        if let nearest = nearest(to: word, in: options.all) {
            return "unknown option \(shown); did you mean \(nearest)?"
        }
        return "unknown option \(shown); the options are " + options.all.joined(separator: ", ") + "."
    }

    /// The option closest to `word` (edit distance at most 3, or a prefix of it).
    static func nearest(to word: String, in names: [String]) -> String? {
        let bare = word.drop { $0 == "-" }.lowercased()
        guard !bare.isEmpty, bare.count <= 40 else { return nil }
        let scored = names.map { name -> (String, Int) in
            let candidate = name.drop { $0 == "-" }.lowercased()
            let distance = candidate.hasPrefix(bare) && bare.count >= 3 ? 1 : editDistance(Array(bare), Array(candidate))
            return (name, distance)
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= min(3, max(1, bare.count / 2)) else { return nil }
        return best.0
    }

    /// Edits (insert, delete, change, swap of neighbours) from `a` to `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

/// Text from outside (arguments, scenario files) made safe to echo: control and invisible
/// characters shown as escapes (ESC as \e, NUL as \0, others as \u{...}), cut to `limit`
/// characters with a mark, so that an argument cannot clear the screen or flood it.
enum Sanitize {
    static func visible(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "... (cut)"
                break
            }
            switch scalar.value {
            case 0x1B: out += "\\e"
            case 0x00: out += "\\0"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2066...0x2069, 0xFEFF:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}

/// The value of an option as the user wrote it on the command line. The root command
/// declares `--records` and `--policy` for the wizard, and the argument parser gives a value
/// written after a subcommand to the root's option: a subcommand reads its own here.
enum ArgumentFallback {
    static func value(of option: String, arguments: [String] = CommandLine.arguments) -> String? {
        let words = Array(arguments.dropFirst().prefix { $0 != "--" })
        var found: String?
        for (index, word) in words.enumerated() {
            if word == option, index + 1 < words.count { found = words[index + 1] }
            if word.hasPrefix(option + "=") { found = String(word.dropFirst(option.count + 1)) }
        }
        return found
    }
}

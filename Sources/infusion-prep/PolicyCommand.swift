import ArgumentParser
import InfusionCalc
import InfusionPolicy

/// `infusion-prep policy`: the site policy in force (rule book section 9), and a check of
/// a policy file before it is installed. docs/site-policy.md describes every setting.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the site policy in force, or check a policy file.",
        discussion: """
            The policy in force is, in this order: --policy FILE, $INFUSION_PREP_POLICY, \
            $XDG_CONFIG_HOME/infusion-prep/policy.toml (default ~/.config/...), then \
            infusion-prep/policy.toml in each folder of $XDG_CONFIG_DIRS (default /etc/xdg); \
            none: the built-in defaults, not approved by a pharmacy. Exit status: 0 valid; \
            2 the policy file is refused (one line per problem on standard error: \
            file:line: key: why) or bad usage.
            """,
        subcommands: [Show.self, Check.self]
    )

    /// `policy show [--policy FILE]`: every value of the policy in force with its origin.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Print the policy in force, every value with where it comes from.")

        @Option(help: ArgumentHelp("The site policy file (default: the lookup order above).", valueName: "file"), completion: .file())
        var policy: String?

        func run() throws {
            let loaded = try PolicyCommand.load(explicit: policy)
            loaded.showLines.forEach(Output.out)
        }
    }

    /// `policy check FILE`: exit 0 when the file is valid, 2 with every problem when not.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check a policy file: exit 0 if valid, 2 with file:line: key: why if not.")

        @Argument(help: ArgumentHelp("The policy file to check.", valueName: "file"), completion: .file())
        var file: String

        func run() throws {
            switch PolicyLoader.check(file: file) {
            case .success(let loaded):
                Output.out("\(file): valid: \(loaded.policy.approvalText)")
                Output.out("SHA-256 \(loaded.sha256 ?? "")")
            case .failure(let refused):
                refused.errors.forEach { Output.error($0.text) }
                throw Exit(status: ExitStatus.badInput)
            }
        }
    }

    /// The policy in force, or exit 2 with each problem (file:line: key: why) on standard error.
    static func load(explicit: String?) throws -> LoadedPolicy {
        switch PolicyLoader.resolve(explicit: explicit ?? ArgumentFallback.value(of: "--policy"), environment: ProgramEnvironment.read()) {
        case .success(let loaded): return loaded
        case .failure(let refused):
            refused.errors.forEach { Output.error($0.text) }
            throw Exit(status: ExitStatus.badInput)
        }
    }

    static let showValueOptions = ["--policy"]
}

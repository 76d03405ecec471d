import ArgumentParser
import InfusionCalc
import InfusionPolicy
import TerminalUI

/// `infusion-prep plan`: one patient's plan, non-interactive. Its flags, JSON keys and
/// exit statuses are an interface other tools call: change them only on purpose.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print a complete preparation plan for one patient.",
        discussion: """
            The site policy in force (see `infusion-prep policy`) gives the defaults; with a \
            policy file, --vials, --rounding, --tolerance, --setting and --stability may only \
            tighten it. \
            Exit status: 0 plan without hard stops; 3 plan printed with a hard stop in it; \
            2 bad input, usage or a refused policy file (one line on standard error, nothing on \
            standard output); \
            5 standard output could not be written; 70 the start-up self-test failed (no plan is \
            printed).
            """
    )

    @Option(parsing: .unconditional, help: ArgumentHelp("Weight in kg, or in pounds with an explicit unit (\"154 lb\").", valueName: "kg"))
    var weight: String = ""

    @Option(name: .customLong("dose"), parsing: .unconditional, help: ArgumentHelp("Dose per infusion in units/kg.", valueName: "units/kg"))
    var dosePerKg: String?

    @Option(name: .customLong("total-dose"), parsing: .unconditional, help: ArgumentHelp("Flat dose per infusion in whole units, instead of --dose.", valueName: "units"))
    var totalDose: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How often the infusion is given.", valueName: "frequency"))
    var frequency: Frequency?

    @Option(parsing: .unconditional, help: ArgumentHelp("Vial strengths on hand, in units (default: the policy's; built in 400,200).", valueName: "400,200"))
    var vials: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Whole-vial rounding: none or nearest (default: the policy's; built in none).", valueName: "rounding"))
    var rounding: RoundingPolicy?

    @Option(parsing: .unconditional, help: ArgumentHelp("Rounding tolerance in percent of the prescribed dose (default: the policy's; built in 10; above 10 warns).", valueName: "percent"))
    var tolerance: String?

    @Option(name: .customLong("final-volume"), parsing: .unconditional, help: ArgumentHelp("Final volume in mL, 100 to 200 (default: the smallest of 100, 150, 200 above the drug volume).", valueName: "mL"))
    var finalVolume: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Infusion duration in whole minutes (default 120).", valueName: "min"))
    var duration: String?

    @Option(name: .customLong("reconstituted-at"), parsing: .unconditional, help: ArgumentHelp("Time of the first reconstitution: ISO 8601 (2026-11-29T09:30, with or without a UTC offset) or HH:MM today. Gives the dated deadlines.", valueName: "time"))
    var reconstitutedAt: String?

    @Option(name: .customLong("diluted-at"), parsing: .unconditional, help: ArgumentHelp("Time of dilution, as --reconstituted-at; needs --reconstituted-at.", valueName: "time"))
    var dilutedAt: String?

    @Option(name: .customLong("start-at"), parsing: .unconditional, help: ArgumentHelp("When the infusion starts, as --reconstituted-at (default: now); a start after the start-by deadline is a hard stop.", valueName: "time"))
    var startAt: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("immediate-use (a bench in the infusion room: start within 4 hours of the first reconstitution; built-in default) or pharmacy.", valueName: "setting"))
    var setting: CompoundingSetting?

    @Option(parsing: .unconditional, help: ArgumentHelp("us-label (dilute within 12 hours; built-in default) or eu-label (dilute at once).", valueName: "stability"))
    var stability: Stability?

    @Option(parsing: .unconditional, help: ArgumentHelp("The site policy file (default: $INFUSION_PREP_POLICY, then $XDG_CONFIG_HOME and $XDG_CONFIG_DIRS, else the built-in defaults).", valueName: "file"), completion: .file())
    var policy: String?

    @Flag(name: .customLong("first-infusion"), help: "This is the patient's first infusion (lower rate cap).")
    var firstInfusion = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    /// Options that take a value: given twice, which one was meant is a guess. A new
    /// option must be listed here or in `flagOptions` (CommandLineCheck refuses others).
    static let valueOptions = ["--weight", "--dose", "--total-dose", "--frequency", "--vials", "--rounding",
                               "--tolerance", "--final-volume", "--duration", "--reconstituted-at", "--diluted-at", "--start-at",
                               "--setting", "--stability", "--policy"]
    static let flagOptions = ["--first-infusion", "--json"]

    /// The value options that appear more than once in `arguments`.
    static func repeatedOptions(in arguments: [String]) -> [String] {
        var seen: [String: Int] = [:]
        for argument in arguments.prefix(while: { $0 != "--" }) {
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valueOptions.contains(name) { seen[name, default: 0] += 1 }
        }
        return valueOptions.filter { (seen[$0] ?? 0) > 1 }
    }

    func validate() throws {
        if let repeated = Self.repeatedOptions(in: Array(CommandLine.arguments.dropFirst())).first {
            throw ValidationError("\(repeated) is given more than once; give it once.")
        }
        if weight.isEmpty { throw ValidationError("Missing --weight (kg, or \"<n> lb\").") }
        if frequency == nil { throw ValidationError("Missing --frequency (3-per-week, 2-per-week, weekly, every-2-weeks or every-4-weeks).") }
        switch (dosePerKg, totalDose) {
        case (nil, nil): throw ValidationError("Give the dose with --dose <units/kg> or --total-dose <units>.")
        case (.some, .some): throw ValidationError("Give either --dose or --total-dose, not both.")
        default: break
        }
        if dilutedAt != nil && reconstitutedAt == nil {
            throw ValidationError("--diluted-at needs --reconstituted-at (the deadlines count from the first reconstitution).")
        }
        if startAt != nil && reconstitutedAt == nil {
            throw ValidationError("--start-at needs --reconstituted-at (the deadlines count from the first reconstitution).")
        }
    }

    func run() throws {
        let site: LoadedPolicy
        switch PolicyLoader.resolve(explicit: policy ?? ArgumentFallback.value(of: "--policy"), environment: ProgramEnvironment.read()) {
        case .success(let loaded): site = loaded
        case .failure(let refused):
            // One line, as for any bad input: the first problem (`policy check` lists them all).
            Output.error(refused.first.text)
            throw Exit(status: ExitStatus.badInput)
        }
        switch makePlan(site: site) {
        case .failure(let error):
            Output.error(error.message)
            throw Exit(status: ExitStatus.badInput)
        case .success(let plan):
            if json {
                try Output.json { () throws(JSONEncodingError) in try plan.json }
            } else {
                Output.out((plan.lines + plan.policyLines).joined(separator: "\n"))
            }
            if plan.hasHardStop { throw Exit(status: ExitStatus.planWithHardStop) }
        }
    }

    /// The site policy with this command's options: under the built-in defaults each
    /// option sets its value (a tolerance above 10% then warns); under a policy file an
    /// option may only tighten it (section 9), else it is refused with the reason.
    func sitePolicy(_ site: LoadedPolicy) -> Result<SitePolicy, InputError> {
        Result {
            let overrides = PolicyOverrides(
                vialsOnHand: try vials.map { try parseVialsOnHand($0).get() }, rounding: rounding,
                tolerancePercent: try tolerance.map { try parseTolerancePercent($0, policy: site.policy).get() },
                stability: stability, setting: setting)
            guard site.source != .builtIn else {
                var policy = site.policy
                if let vials = overrides.vialsOnHand { policy.vialsOnHand = vials }
                if let rounding { policy.rounding = rounding }
                if let tolerance = overrides.tolerancePercent { policy.roundingTolerancePercent = tolerance }
                if let stability { policy.stability = stability }
                if let setting { policy.setting = setting }
                return policy
            }
            switch site.policy.overridden(by: overrides) {
            case .success(let policy): return policy
            case .failure(let problem):
                let field: InputField = switch problem.setting {
                case .vialsOnHand: .vials
                case .roundingAllowed, .roundingPolicy: .rounding
                case .roundingTolerance: .tolerance
                default: .time
                }
                throw InputError(field, problem.message)
            }
        }.mapError { $0 as? InputError ?? InputError(.vials, "\($0)") }
    }

    /// Every flag through the calculation module's parsers, then the plan.
    func makePlan(site: LoadedPolicy = .builtIn) -> Result<PreparationPlan, InputError> {
        Result {
            let policy = try sitePolicy(site).get()
            let weightEntry = try WeightEntry.parse(weight, policy: policy).get()
            let dose = try (dosePerKg.map(DoseOrder.parsePerKg) ?? DoseOrder.parseFlat(totalDose ?? "")).get()
            // R9: times are instants; the zone's offsets come from the system (TZ).
            let now = SystemClock.now()
            let entries = try [reconstitutedAt, dilutedAt, startAt].map { text in try text.map { try TimeEntry.parse($0).get() } }
            let anchors = [now] + entries.compactMap { entry -> Instant? in
                guard case .dateTime(let local, let offset)? = entry else { return nil }
                return Instant(secondsSinceEpoch: Instant.seconds(asIfUTC: local) - (offset ?? 0))
            }
            let zone = SystemClock.timeZoneRule(around: anchors)
            let times = try entries.enumerated().map { index, entry in
                try entry.map { try Rules.resolve($0, now: now, zone: zone, day: .today, allowFuture: index == 2).get() }
            }
            let request = PlanRequest(
                weight: weightEntry, dose: dose, frequency: frequency ?? .everyTwoWeeks,
                firstInfusion: firstInfusion,
                finalVolumeML: try finalVolume.map { try parseFinalVolume($0, policy: policy).get() },
                durationMinutes: try duration.map { try parseDurationMinutes($0, policy: policy).get() },
                reconstitutedAt: times[0], dilutedAt: times[1],
                // Section 5: the start is checked against the start-by deadline: now, unless given.
                startAt: times[0] == nil ? nil : (times[2] ?? now), zone: zone)
            return try PreparationPlan.make(request, policy: policy).get()
        }.mapError { $0 as? InputError ?? InputError(.weight, "\($0)") }
    }
}

import InfusionCalc

/// The scenario files shipped with the program, and any folder of them an educator points to.
public enum ScenarioLibrary {
    public static let fileExtension = "scenario"

    /// The shipped scenarios, compiled into the binary (SwiftPM's `embedInCode` resources,
    /// listed in Package.swift): name and text, sorted by name. No file is read.
    public static let shippedTexts: [(name: String, text: String)] = [
        ("child-near-limits", PackageResources.child_near_limits_scenario),
        ("first-infusion-rate-cap", PackageResources.first_infusion_rate_cap_scenario),
        ("low-dose-three-per-week", PackageResources.low_dose_three_per_week_scenario),
        ("only-400-unit-vials", PackageResources.only_400_unit_vials_scenario),
        ("partial-vial", PackageResources.partial_vial_scenario),
        ("previous-alglucerase-antibodies", PackageResources.previous_alglucerase_antibodies_scenario),
        ("previous-hypersensitivity", PackageResources.previous_hypersensitivity_scenario),
        ("rounding-outside-tolerance", PackageResources.rounding_outside_tolerance_scenario),
        ("rounding-within-tolerance", PackageResources.rounding_within_tolerance_scenario),
        ("standard-adult", PackageResources.standard_adult_scenario),
        ("volume-over-200-ml", PackageResources.volume_over_200_ml_scenario),
        ("water-volume-trap", PackageResources.water_volume_trap_scenario),
        ("weight-in-pounds", PackageResources.weight_in_pounds_scenario),
    ].map { (name: $0.0, text: String(decoding: $0.1, as: UTF8.self)) }

    /// The shipped scenarios, parsed; an error for each that does not parse (a test keeps
    /// this empty).
    public static func shipped() -> (scenarios: [Scenario], errors: [ScenarioError]) {
        var scenarios: [Scenario] = []
        var errors: [ScenarioError] = []
        for (name, text) in shippedTexts {
            switch Scenario.parse(text, name: name, file: "(built in) \(name).\(fileExtension)") {
            case .success(let scenario): scenarios.append(scenario)
            case .failure(let error): errors.append(error)
            }
        }
        return (scenarios, errors)
    }

    /// The folder of extra scenarios: `--scenarios DIR`, else $INFUSION_PREP_SCENARIOS, else none.
    public static func extraDirectory(option: String?, environment: [String: String]) -> String? {
        if let option { return option }
        if let folder = environment["INFUSION_PREP_SCENARIOS"], !folder.isEmpty { return folder }
        return nil
    }

    /// The shipped scenarios with a folder's added: a file with a shipped scenario's name
    /// replaces it. Sorted by name. Errors name every file (shipped or in the folder) that
    /// does not load.
    public static func library(adding directory: String?) -> (scenarios: [Scenario], errors: [ScenarioError]) {
        var (scenarios, errors) = shipped()
        if let directory {
            let (extra, extraErrors) = load(from: directory)
            errors += extraErrors
            let replaced = Set(extra.map(\.name))
            scenarios = (scenarios.filter { !replaced.contains($0.name) } + extra).sorted { $0.name < $1.name }
        }
        return (scenarios, errors)
    }

    /// Every scenario file in `directory`, sorted by name: the scenarios that load, and an
    /// error for each that does not.
    public static func load(from directory: String) -> (scenarios: [Scenario], errors: [ScenarioError]) {
        let files = (SystemFiles.names(in: directory) ?? [])
            .filter { $0.hasSuffix("." + fileExtension) }
            .sorted()
        var scenarios: [Scenario] = []
        var errors: [ScenarioError] = []
        for file in files {
            switch loadFile(SystemFiles.join(directory, file)) {
            case .success(let scenario): scenarios.append(scenario)
            case .failure(let error): errors.append(error)
            }
        }
        return (scenarios, errors)
    }

    /// A scenario is a short text: a larger file is refused before it is read whole.
    public static let maximumFileBytes = 64 * 1024

    public static func loadFile(_ path: String) -> Result<Scenario, ScenarioError> {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let name = fileName.hasSuffix("." + fileExtension) ? String(fileName.dropLast(fileExtension.count + 1)) : fileName
        // Read one byte more than allowed: a larger file (or a device) is refused, bounded.
        guard let bytes = SystemFiles.read(path, limit: maximumFileBytes + 1) else {
            return .failure(ScenarioError(file: path, line: nil, field: nil, message: "cannot be read"))
        }
        if bytes.count > maximumFileBytes {
            return .failure(ScenarioError(file: path, line: nil, field: nil,
                                          message: "is larger than \(maximumFileBytes / 1024) KB; a scenario file is a few lines of text"))
        }
        if bytes.contains(0) {
            return .failure(ScenarioError(file: path, line: nil, field: nil, message: "holds NUL bytes: it is not a text file"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ScenarioError(file: path, line: nil, field: nil, message: "is not UTF-8 text"))
        }
        return Scenario.parse(text, name: name, file: path)
    }
}

/// Free practice: a random valid patient, reproducible from its seed.
public enum FreePractice {
    /// A scenario with a random weight, a label-range order and random vials, with no hard
    /// stop. The same seed gives the same patient.
    public static func scenario(seed: UInt64) -> Scenario {
        var generator = SplitMix64(seed: seed)
        let orders: [(dose: String, frequency: Frequency)] = [
            ("60", .everyTwoWeeks), ("30", .everyTwoWeeks), ("45", .everyTwoWeeks), ("15", .everyTwoWeeks),
            ("2.5", .threePerWeek), ("15", .weekly), ("30", .everyFourWeeks),
        ]
        for _ in 0..<1000 {
            let weightTenths = Int.random(in: 100...1200, using: &generator)
            let order = orders[Int.random(in: 0..<orders.count, using: &generator)]
            let vials: Set<Int> = Bool.random(using: &generator) ? [400, 200] : [400]
            let candidate = Scenario(
                name: "free-practice-\(seed)", title: "Free practice (seed \(seed))",
                teaches: "A random patient within the label's range.",
                weightText: String(Display.number(Tenths(tenths: weightTenths)).filter { $0 != "," }),
                doseMode: .perKg, doseText: order.dose, frequency: order.frequency, vialsOnHand: vials,
                firstInfusion: Bool.random(using: &generator), atLeastTwoYears: true,
                previousHypersensitivity: false, previousAlglucerase: false, tolerancePercent: nil,
                learningPoints: ["Work through every number yourself before the wizard shows it."])
            if case .success(let plan) = candidate.referencePlan(), !plan.hasHardStop { return candidate }
        }
        // Unreachable with the orders above; a fixed valid patient keeps this total.
        return Scenario(name: "free-practice-\(seed)", title: "Free practice", teaches: "A standard adult dose.",
                        weightText: "70", doseMode: .perKg, doseText: "60", frequency: .everyTwoWeeks, vialsOnHand: [400, 200],
                        firstInfusion: false, atLeastTwoYears: true, previousHypersensitivity: false, previousAlglucerase: false,
                        tolerancePercent: nil, learningPoints: ["Work through every number yourself."])
    }
}

/// A small, well-known generator, so a seed names the same patient on every machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

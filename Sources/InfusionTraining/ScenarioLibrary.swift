import Foundation
import InfusionCalc
import InfusionWizard

/// The scenario files shipped with the program, and any folder of them an educator points to.
public enum ScenarioLibrary {
    public static let fileExtension = "scenario"

    /// Where the shipped scenarios are: $INFUSION_PREP_SCENARIOS, then the resource folder
    /// SwiftPM builds next to the binary, then PREFIX/share/infusion-prep/scenarios for an
    /// installed binary. (Not Bundle.module: its accessor stops the program when the
    /// folder is missing, and a missing folder deserves a clear message.)
    public static func shippedDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let override = environment["INFUSION_PREP_SCENARIOS"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                             ?? CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binDirectory = executable.deletingLastPathComponent()
        let candidates = [
            binDirectory.appendingPathComponent("InfusionPrep_InfusionTraining.resources/Scenarios"),
            binDirectory.deletingLastPathComponent().appendingPathComponent("share/infusion-prep/scenarios"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Every scenario file in `directory`, sorted by name: the scenarios that load, and an
    /// error for each that does not.
    public static func load(from directory: URL) -> (scenarios: [Scenario], errors: [ScenarioError]) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix("." + fileExtension) }
            .sorted()
        var scenarios: [Scenario] = []
        var errors: [ScenarioError] = []
        for file in files {
            switch loadFile(directory.appendingPathComponent(file)) {
            case .success(let scenario): scenarios.append(scenario)
            case .failure(let error): errors.append(error)
            }
        }
        return (scenarios, errors)
    }

    /// A scenario is a short text: a larger file is refused before it is read.
    public static let maximumFileBytes = 64 * 1024

    public static func loadFile(_ url: URL) -> Result<Scenario, ScenarioError> {
        let name = url.deletingPathExtension().lastPathComponent
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber,
           size.intValue > maximumFileBytes {
            return .failure(ScenarioError(file: url.path, line: nil, field: nil,
                                          message: "is larger than \(maximumFileBytes / 1024) KB; a scenario file is a few lines of text"))
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            return .failure(ScenarioError(file: url.path, line: nil, field: nil, message: "cannot be read"))
        }
        defer { try? handle.close() }
        // Read one byte more than allowed: a file that grew (or a device) is still bounded.
        guard let data = try? handle.read(upToCount: maximumFileBytes + 1), data.count <= maximumFileBytes else {
            return .failure(ScenarioError(file: url.path, line: nil, field: nil,
                                          message: "is larger than \(maximumFileBytes / 1024) KB or cannot be read"))
        }
        if data.contains(0) {
            return .failure(ScenarioError(file: url.path, line: nil, field: nil, message: "holds NUL bytes: it is not a text file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ScenarioError(file: url.path, line: nil, field: nil, message: "is not UTF-8 text"))
        }
        return Scenario.parse(text, name: name, file: url.path)
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
                weightText: Display.number(Tenths(tenths: weightTenths)).replacingOccurrences(of: ",", with: ""),
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

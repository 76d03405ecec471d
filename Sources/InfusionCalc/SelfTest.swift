/// The start-up self-test: the rule book's section 4 reference cases through the real
/// engine (`PreparationPlan.make`), every number compared. Pure: no Foundation, no I/O.
/// The program runs it before its first frame and refuses to start (exit status 70) when
/// any number differs. The table is a parameter so that a test can pass one with a wrong
/// value and see the failure named.

/// One expected withdrawal: from a vial of `strengthUnits`, `units` drawn as `volumeML`.
public struct ExpectedWithdrawal: Equatable, Sendable, CustomStringConvertible {
    public var strengthUnits: Int
    public var units: Int
    public var volumeML: Tenths
    public init(strengthUnits: Int, units: Int, volumeML: Tenths) {
        self.strengthUnits = strengthUnits
        self.units = units
        self.volumeML = volumeML
    }
    public var description: String { "\(units) units as \(volumeML) mL from a \(strengthUnits)-unit vial" }
}

/// R10: the prefilled bag used and the sodium chloride removed from it.
public struct ExpectedBag: Equatable, Sendable, CustomStringConvertible {
    public var sizeML: Tenths
    public var removeML: Tenths
    public init(sizeML: Tenths, removeML: Tenths) {
        self.sizeML = sizeML
        self.removeML = removeML
    }
    public var description: String { "remove \(Display.millilitres(removeML)) from the \(Display.millilitres(sizeML)) bag" }
}

/// Every number a reference case fixes. Optionals are exact too: nil means the plan must
/// have no value there (no bag holds 210 mL, so no final volume and no rate).
public struct ExpectedPlan: Equatable, Sendable {
    public var prescribedDose: Int
    public var preparedDose: Int
    /// (strength in units, count), largest strength first, as the plan lists them.
    public var vials: [ExpectedVials]
    public var withdrawals: [ExpectedWithdrawal]
    public var wasteUnits: Int
    public var drugVolumeML: Tenths
    public var finalVolumeML: Tenths?
    public var sodiumChlorideML: Tenths?
    public var durationMinutes: Int
    public var pumpRateMLPerHour: Tenths?
    public var prescribedPerFourWeeks: Int
    public var preparedPerFourWeeks: Int
    /// The two-week equivalent in units/kg (R3), when the case fixes it.
    public var twoWeekEquivalent: Ratio?
    /// Exactly these hard stops (empty: none).
    public var hardStops: [FindingCode]
    /// Findings that must be there (any severity).
    public var present: [FindingCode]
    /// Findings that must not be there.
    public var absent: [FindingCode]
    /// R10: the prefilled bag and the volume to remove; nil: no prefilled bag (an empty bag, or none).
    public var bag: ExpectedBag?

    public init(prescribedDose: Int, preparedDose: Int, vials: [ExpectedVials], withdrawals: [ExpectedWithdrawal],
                wasteUnits: Int, drugVolumeML: Tenths, finalVolumeML: Tenths?, sodiumChlorideML: Tenths?,
                durationMinutes: Int, pumpRateMLPerHour: Tenths?, prescribedPerFourWeeks: Int,
                preparedPerFourWeeks: Int, twoWeekEquivalent: Ratio? = nil, hardStops: [FindingCode] = [],
                present: [FindingCode] = [], absent: [FindingCode] = [], bag: ExpectedBag? = nil) {
        self.prescribedDose = prescribedDose
        self.preparedDose = preparedDose
        self.vials = vials
        self.withdrawals = withdrawals
        self.wasteUnits = wasteUnits
        self.drugVolumeML = drugVolumeML
        self.finalVolumeML = finalVolumeML
        self.sodiumChlorideML = sodiumChlorideML
        self.durationMinutes = durationMinutes
        self.pumpRateMLPerHour = pumpRateMLPerHour
        self.prescribedPerFourWeeks = prescribedPerFourWeeks
        self.preparedPerFourWeeks = preparedPerFourWeeks
        self.twoWeekEquivalent = twoWeekEquivalent
        self.hardStops = hardStops
        self.present = present
        self.absent = absent
        self.bag = bag
    }
}

/// A vial strength and how many of it.
public struct ExpectedVials: Equatable, Sendable, CustomStringConvertible {
    public var strengthUnits: Int
    public var count: Int
    public init(_ strengthUnits: Int, _ count: Int) {
        self.strengthUnits = strengthUnits
        self.count = count
    }
    public var description: String { "\(count) x \(strengthUnits)" }
}

/// One row of the reference table: a name people recognise, the inputs, the answer.
public struct ReferenceCase: Equatable, Sendable {
    public var name: String
    /// The inputs in words, for the failure message.
    public var inputs: String
    public var request: PlanRequest
    public var policy: SitePolicy
    public var expected: ExpectedPlan

    public init(name: String, inputs: String, request: PlanRequest, policy: SitePolicy, expected: ExpectedPlan) {
        self.name = name
        self.inputs = inputs
        self.request = request
        self.policy = policy
        self.expected = expected
    }
}

/// One reference case whose plan differs from the table.
public struct SelfTestFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public let caseName: String
    public let inputs: String
    /// One phrase per differing number: "prepared dose: got 4,000, expected 4,100".
    public let differences: [String]
    public var description: String {
        "reference case \"\(caseName)\" (\(inputs)): " + differences.joined(separator: "; ")
    }
}

public enum SelfTest {
    /// EX_SOFTWARE (sysexits.h): an internal software error was detected.
    public static let exitStatus: Int32 = 70

    /// Runs every case; returns the cases whose plan differs (empty: all match).
    public static func run(_ table: [ReferenceCase] = ReferenceCase.ruleBookSection4) -> [SelfTestFailure] {
        table.compactMap(check)
    }

    /// The whole message for people: what failed, that the program will not start, what to do.
    /// One line per failing case after the first line.
    public static func message(for failures: [SelfTestFailure]) -> String {
        let first = "self-test failed: the calculation does not give the rule book's section 4 answers, so InfusionPrep will not start. Do not prepare with this build; report it to whoever installed it."
        return ([first] + failures.map { "  " + $0.description }).joined(separator: "\n")
    }

    /// One case through `PreparationPlan.make`; nil when every number matches.
    public static func check(_ reference: ReferenceCase) -> SelfTestFailure? {
        let expected = reference.expected
        let plan: PreparationPlan
        switch PreparationPlan.make(reference.request, policy: reference.policy) {
        case .success(let made): plan = made
        case .failure(let error):
            return SelfTestFailure(caseName: reference.name, inputs: reference.inputs,
                                   differences: ["no plan (\(error.message))"])
        }
        var differences: [String] = []
        func compare<T: Equatable>(_ what: String, _ actual: T, _ wanted: T, _ text: (T) -> String) {
            if actual != wanted { differences.append("\(what): got \(text(actual)), expected \(text(wanted))") }
        }
        let units: (Int) -> String = { Display.number($0) + " units" }
        let mL: (Tenths?) -> String = { $0.map { Display.number($0) + " mL" } ?? "none" }
        let list: ([CustomStringConvertible]) -> String = { $0.isEmpty ? "none" : $0.map(\.description).joined(separator: ", ") }
        compare("prescribed dose", plan.prescribedDose, expected.prescribedDose, units)
        compare("prepared dose", plan.preparedDose, expected.preparedDose, units)
        compare("vials", plan.vials.map { ExpectedVials($0.strength.units, $0.count) }, expected.vials, list)
        compare("withdrawals",
                plan.withdrawals.map { ExpectedWithdrawal(strengthUnits: $0.strength.units, units: $0.units, volumeML: $0.volumeML) },
                expected.withdrawals, list)
        compare("waste", plan.wasteUnits, expected.wasteUnits, units)
        compare("drug volume", plan.drugVolumeML, expected.drugVolumeML) { mL($0) }
        compare("final volume", plan.finalVolumeML, expected.finalVolumeML, mL)
        compare("sodium chloride", plan.sodiumChlorideML, expected.sodiumChlorideML, mL)
        compare("duration", plan.durationMinutes, expected.durationMinutes) { "\($0) min" }
        compare("pump rate", plan.pumpRateMLPerHour, expected.pumpRateMLPerHour) { $0.map { Display.number($0) + " mL/h" } ?? "none" }
        compare("prescribed per 4 weeks", plan.regimen.prescribedPerFourWeeks, expected.prescribedPerFourWeeks, units)
        compare("prepared per 4 weeks", plan.preparedPerFourWeeks, expected.preparedPerFourWeeks, units)
        if let twoWeek = expected.twoWeekEquivalent {
            compare("two-week equivalent", plan.regimen.twoWeekEquivalent, twoWeek) {
                "\(Display.number($0.tenthsRoundedHalfUp)) units/kg"
            }
        }
        let bag = plan.bag.flatMap { made in made.bag.flatMap { bag in made.removeML.map { ExpectedBag(sizeML: bag.nominalML, removeML: $0) } } }
        compare("bag", bag, expected.bag) { $0?.description ?? "no prefilled bag" }
        let codes = plan.findings.map(\.code)
        compare("hard stops", plan.findings.filter { $0.severity == .hard }.map(\.code.rawValue),
                expected.hardStops.map(\.rawValue)) { $0.isEmpty ? "none" : $0.joined(separator: ", ") }
        for code in expected.present where !codes.contains(code) {
            differences.append("finding \(code.rawValue): missing, expected")
        }
        for code in expected.absent where codes.contains(code) {
            differences.append("finding \(code.rawValue): present, expected none")
        }
        return differences.isEmpty ? nil : SelfTestFailure(caseName: reference.name, inputs: reference.inputs,
                                                           differences: differences)
    }
}

extension ReferenceCase {
    /// Rule book section 4, the cases that the engine alone answers, the two prefilled-bag
    /// cases of R10 among them (the wizard-only and date cases are checked by the test suite). Every number here was worked
    /// out from the rule book, not copied from the engine's output.
    public static let ruleBookSection4: [ReferenceCase] = {
        func kg(_ tenths: Int) -> WeightEntry { WeightEntry(kilograms: Tenths(tenths: tenths)) }
        func ml(_ tenths: Int) -> Tenths { Tenths(tenths: tenths) }
        func policy(vials: Set<Int>, rounding: RoundingPolicy = .none) -> SitePolicy {
            var policy = SitePolicy.standard
            policy.vialsOnHand = vials
            policy.rounding = rounding
            policy.roundingTolerancePercent = Tenths(whole: 10)
            return policy
        }
        /// R10: prefilled bags of 100 and 250 mL with these overfills.
        func prefilled(overfill100: Int, overfill250: Int) -> SitePolicy {
            var policy = policy(vials: [400, 200])
            policy.bagMethod = .prefilled
            policy.prefilledBags = [PrefilledBag(nominalML: Tenths(whole: 100), overfillML: Tenths(whole: overfill100)),
                                    PrefilledBag(nominalML: Tenths(whole: 250), overfillML: Tenths(whole: overfill250))]
            return policy
        }
        func whole400(_ count: Int) -> [ExpectedWithdrawal] {
            Array(repeating: ExpectedWithdrawal(strengthUnits: 400, units: 400, volumeML: ml(100)), count: count)
        }
        let sixtyEveryTwoWeeks = (dose: DoseOrder.perKg(Tenths(whole: 60)), frequency: Frequency.everyTwoWeeks)
        return [
            ReferenceCase(
                name: "adult standard",
                inputs: "70 kg, 60 units/kg, every 2 weeks, vials 400+200, no rounding",
                request: PlanRequest(weight: kg(700), dose: sixtyEveryTwoWeeks.dose, frequency: sixtyEveryTwoWeeks.frequency),
                policy: policy(vials: [400, 200]),
                expected: ExpectedPlan(
                    prescribedDose: 4200, preparedDose: 4200, vials: [ExpectedVials(400, 10), ExpectedVials(200, 1)],
                    withdrawals: whole400(10) + [ExpectedWithdrawal(strengthUnits: 200, units: 200, volumeML: ml(50))],
                    wasteUnits: 0, drugVolumeML: ml(1050), finalVolumeML: ml(1500), sodiumChlorideML: ml(450),
                    durationMinutes: 120, pumpRateMLPerHour: ml(750),
                    prescribedPerFourWeeks: 8400, preparedPerFourWeeks: 8400)),
            ReferenceCase(
                name: "400 only",
                inputs: "70 kg, 60 units/kg, every 2 weeks, vials 400 only, no rounding",
                request: PlanRequest(weight: kg(700), dose: sixtyEveryTwoWeeks.dose, frequency: sixtyEveryTwoWeeks.frequency),
                policy: policy(vials: [400]),
                expected: ExpectedPlan(
                    prescribedDose: 4200, preparedDose: 4200, vials: [ExpectedVials(400, 11)],
                    withdrawals: whole400(10) + [ExpectedWithdrawal(strengthUnits: 400, units: 200, volumeML: ml(50))],
                    wasteUnits: 200, drugVolumeML: ml(1050), finalVolumeML: ml(1500), sodiumChlorideML: ml(450),
                    durationMinutes: 120, pumpRateMLPerHour: ml(750),
                    prescribedPerFourWeeks: 8400, preparedPerFourWeeks: 8400)),
            ReferenceCase(
                name: "low dose",
                inputs: "20 kg, 2.5 units/kg, 3 times a week, vials 400+200",
                request: PlanRequest(weight: kg(200), dose: .perKg(Tenths(tenths: 25)), frequency: .threePerWeek),
                policy: policy(vials: [400, 200]),
                expected: ExpectedPlan(
                    prescribedDose: 50, preparedDose: 50, vials: [ExpectedVials(200, 1)],
                    withdrawals: [ExpectedWithdrawal(strengthUnits: 200, units: 50, volumeML: ml(13))],
                    wasteUnits: 150, drugVolumeML: ml(13), finalVolumeML: ml(1000), sodiumChlorideML: ml(987),
                    durationMinutes: 120, pumpRateMLPerHour: ml(500),
                    prescribedPerFourWeeks: 600, preparedPerFourWeeks: 600, twoWeekEquivalent: Ratio(whole: 15),
                    absent: [.twoWeekDoseBelowRange])),
            ReferenceCase(
                name: "too much volume",
                inputs: "140 kg, 60 units/kg, every 2 weeks, vials 400+200",
                request: PlanRequest(weight: kg(1400), dose: sixtyEveryTwoWeeks.dose, frequency: sixtyEveryTwoWeeks.frequency),
                policy: policy(vials: [400, 200]),
                expected: ExpectedPlan(
                    prescribedDose: 8400, preparedDose: 8400, vials: [ExpectedVials(400, 21)], withdrawals: whole400(21),
                    wasteUnits: 0, drugVolumeML: ml(2100), finalVolumeML: nil, sodiumChlorideML: nil,
                    durationMinutes: 120, pumpRateMLPerHour: nil,
                    prescribedPerFourWeeks: 16800, preparedPerFourWeeks: 16800,
                    hardStops: [.drugVolumeAboveMaximum])),
            ReferenceCase(
                name: "rounding",
                inputs: "69.8 kg, 60 units/kg, every 2 weeks, vials 400 only, nearest within 10%",
                request: PlanRequest(weight: kg(698), dose: sixtyEveryTwoWeeks.dose, frequency: sixtyEveryTwoWeeks.frequency),
                policy: policy(vials: [400], rounding: .nearest),
                expected: ExpectedPlan(
                    prescribedDose: 4188, preparedDose: 4000, vials: [ExpectedVials(400, 10)], withdrawals: whole400(10),
                    wasteUnits: 0, drugVolumeML: ml(1000), finalVolumeML: ml(1500), sodiumChlorideML: ml(500),
                    durationMinutes: 120, pumpRateMLPerHour: ml(750),
                    prescribedPerFourWeeks: 8376, preparedPerFourWeeks: 8000,
                    present: [.doseRoundedToWholeVials])),
            ReferenceCase(
                name: "flat dose, partial draw",
                inputs: "20 kg, 50 units flat, weekly, vials 400+200",
                request: PlanRequest(weight: kg(200), dose: .flat(units: 50), frequency: .weekly),
                policy: policy(vials: [400, 200]),
                expected: ExpectedPlan(
                    prescribedDose: 50, preparedDose: 50, vials: [ExpectedVials(200, 1)],
                    withdrawals: [ExpectedWithdrawal(strengthUnits: 200, units: 50, volumeML: ml(13))],
                    wasteUnits: 150, drugVolumeML: ml(13), finalVolumeML: ml(1000), sodiumChlorideML: ml(987),
                    durationMinutes: 120, pumpRateMLPerHour: ml(500),
                    prescribedPerFourWeeks: 200, preparedPerFourWeeks: 200)),
            ReferenceCase(
                name: "prefilled bag",
                inputs: "70 kg, 60 units/kg, every 2 weeks, bag_method prefilled, bags 100 and 250, overfill 0",
                request: PlanRequest(weight: kg(700), dose: sixtyEveryTwoWeeks.dose, frequency: sixtyEveryTwoWeeks.frequency),
                policy: prefilled(overfill100: 0, overfill250: 0),
                expected: ExpectedPlan(
                    prescribedDose: 4200, preparedDose: 4200, vials: [ExpectedVials(400, 10), ExpectedVials(200, 1)],
                    withdrawals: whole400(10) + [ExpectedWithdrawal(strengthUnits: 200, units: 200, volumeML: ml(50))],
                    wasteUnits: 0, drugVolumeML: ml(1050), finalVolumeML: ml(1500), sodiumChlorideML: ml(450),
                    durationMinutes: 120, pumpRateMLPerHour: ml(750),
                    prescribedPerFourWeeks: 8400, preparedPerFourWeeks: 8400,
                    bag: ExpectedBag(sizeML: ml(2500), removeML: ml(2050)))),
            ReferenceCase(
                name: "prefilled bag, small dose",
                inputs: "20 kg, 2.5 units/kg, 3 times a week, prefilled, bags 100 (overfill 7) and 250",
                request: PlanRequest(weight: kg(200), dose: .perKg(Tenths(tenths: 25)), frequency: .threePerWeek),
                policy: prefilled(overfill100: 7, overfill250: 0),
                expected: ExpectedPlan(
                    prescribedDose: 50, preparedDose: 50, vials: [ExpectedVials(200, 1)],
                    withdrawals: [ExpectedWithdrawal(strengthUnits: 200, units: 50, volumeML: ml(13))],
                    wasteUnits: 150, drugVolumeML: ml(13), finalVolumeML: ml(1000), sodiumChlorideML: ml(987),
                    durationMinutes: 120, pumpRateMLPerHour: ml(500),
                    prescribedPerFourWeeks: 600, preparedPerFourWeeks: 600,
                    bag: ExpectedBag(sizeML: ml(1000), removeML: ml(83)))),
        ]
    }()
}

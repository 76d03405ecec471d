import Foundation
import InfusionCalc
import PropertyBased
import Testing

/// Section 8 as properties over random plans, names and ids: a text label is at most 12
/// lines of 40 characters, or refused; whatever is printed holds every figure, each on one
/// line, and every caution in capitals; a ZPL label keeps every field inside its dots.
@Suite("Bag label properties")
struct LabelPropertyTests {
    static let doses = ["2.5", "15", "30", "45", "60", "7.5", "120"]
    static let frequencies = Frequency.allCases
    static let durations = [60, 90, 120, 150, 180, 240, 1440]
    static let names = ["Jo", "Maria Example", "Anna-Lena Oberhauser-Schmidt", "Nkechinyerem Chukwuemeka-Adebayo Okonkwo",
                        "Li", "Zoë Ex_ample ^XZ", "Mary Ann Elizabeth Catherine Montgomery-Featherstonehaugh"]
    static let ids = ["1", "PREP-2026-000417", "3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f", String(repeating: "9", count: 40)]

    static func content(weightTenths: Int, doseIndex: Int, bits: Int, durationIndex: Int, nameIndex: Int) -> BagLabel.Content? {
        var policy = SitePolicy.standard
        policy.setting = bits & 1 == 0 ? .immediateUse : .pharmacy
        policy.vialsOnHand = bits & 2 == 0 ? [400, 200] : [400]
        let history = PatientHistory(atLeastTwoYearsOld: bits & 4 == 0, previousHypersensitivity: bits & 8 != 0,
                                     previousAlglucerase: bits & 16 != 0)
        let reconstituted = Instant(secondsSinceEpoch: 1_795_000_000 + bits * 3_617)
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: weightTenths)),
                                  dose: .perKg(DoseOrder.parseTenths(doses[doseIndex % doses.count])),
                                  frequency: frequencies[bits / 32 % frequencies.count], firstInfusion: bits & 64 != 0,
                                  decision: .exactDose, durationMinutes: durations[durationIndex % durations.count],
                                  history: history, reconstitutedAt: reconstituted,
                                  dilutedAt: bits & 128 == 0 ? reconstituted.adding(minutes: 20) : nil,
                                  zone: LabelCases.zone)
        guard case .success(let plan) = PreparationPlan.make(request, policy: policy) else { return nil }
        let patient = BagLabel.Patient(fullName: names[nameIndex % names.count],
                                       secondIdentifier: bits & 256 == 0 ? .medicalRecordNumber("MRN\(weightTenths)")
                                           : .dateOfBirth(LocalDateTime(year: 2000 + bits % 26, month: 1 + bits % 12, day: 1 + bits % 28)!))
        let check: BagLabel.Check = bits & 512 == 0 ? .checked(by: names[(nameIndex + 1) % names.count]) : .notDoubleChecked
        let result = BagLabel.Content.make(plan: plan, patient: patient, preparer: names[nameIndex % names.count] + " P",
                                           check: check, preparedAt: reconstituted.adding(minutes: 40),
                                           preparationID: ids[(bits / 1024) % ids.count],
                                           reprintedAt: bits & 4096 == 0 ? nil : reconstituted.adding(hours: 2))
        if plan.hasHardStop {
            #expect(result == .failure(.planHasHardStop))
            return nil
        }
        return try? result.get()
    }

    /// Every figure the label must state, each as it must read on one line.
    static func figures(_ content: BagLabel.Content) -> [String] {
        [Display.units(content.preparedDose), Display.millilitres(content.finalVolumeML),
         Display.unitsPerMillilitre(content.concentration), Display.minutes(content.durationMinutes),
         Display.millilitresPerHour(content.rateMLPerHour), content.preparedAt.text,
         Display.deadline(content.startBy, zone: content.zone), content.preparationID]
            + content.cautions.map { $0.name.uppercased() }
            + (content.reprintedAt.map { ["REPRINT " + $0.text] } ?? [])
    }

    @Test("Text label: at most 12 lines of 40 characters, or refused; every figure on one line; cautions in capitals")
    func textLabel() async {
        await propertyCheck(count: 400, input: Gen.int(in: 20...3000), Gen.int(in: 0...99), Gen.int(in: 0...8191),
                            Gen.int(in: 0...99)) { weight, dose, bits, other in
            guard let content = Self.content(weightTenths: weight, doseIndex: dose, bits: bits, durationIndex: other,
                                             nameIndex: other / 7) else { return }
            switch BagLabel.text(content) {
            case .failure(let error):
                guard case .textDoesNotFit(let lines, 12) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(lines > 12)
            case .success(let lines):
                #expect(lines.count <= 12 && !lines.isEmpty)
                #expect(lines.allSatisfy { $0.count <= 40 && !$0.hasSuffix(" ") && !$0.hasPrefix(" ") && !$0.contains("\n") })
                for figure in Self.figures(content) where figure.count <= 40 {
                    #expect(lines.contains { $0.contains(figure) }, "\(figure) not on one line:\n\(lines.joined(separator: "\n"))")
                }
                let flowing = lines.joined(separator: " ")
                for figure in Self.figures(content) {
                    #expect(flowing.contains(figure), "\(figure) missing:\n\(lines.joined(separator: "\n"))")
                }
                for caution in content.cautions { #expect(!flowing.contains(caution.name), "\(caution.name) not in capitals") }
            }
        }
    }

    @Test("ZPL label: every field inside the dots, the barcode equal to the id, or refused")
    func zplLabel() async {
        await propertyCheck(count: 200, input: Gen.int(in: 20...3000), Gen.int(in: 0...99), Gen.int(in: 0...8191),
                            Gen.int(in: 0...99)) { weight, dose, bits, other in
            guard let content = Self.content(weightTenths: weight, doseIndex: dose, bits: bits, durationIndex: other,
                                             nameIndex: other / 7) else { return }
            for size in ZPLLabelSize.allCases {
                switch ZPL.label(content, size: size) {
                case .failure(let error):
                    #expect(error == .zplDoesNotFit(size: size))
                case .success(let label):
                    let reading = ZPLReading(label.text)
                    #expect(reading.problems.isEmpty, "\(reading.problems)")
                    #expect(reading.fields.filter(\.isBarcode).map(\.data) == [content.preparationID])
                    for field in reading.fields {
                        #expect(field.x >= 0 && field.y >= 0 && field.x + field.width <= size.widthDots
                                && field.y + field.height <= size.heightDots, "\(field.data) outside \(size.name)")
                    }
                }
            }
        }
    }
}

extension DoseOrder {
    /// A units/kg dose from its decimal text (test tables).
    static func parseTenths(_ text: String) -> Tenths {
        if case .success(.perKg(let tenths)) = DoseOrder.parsePerKg(text) { return tenths }
        return Tenths(whole: 60)
    }
}

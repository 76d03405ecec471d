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
        var made = 0, printed = 0
        await propertyCheck(count: 400, input: Gen.int(in: 20...3000), Gen.int(in: 0...99), Gen.int(in: 0...8191),
                            Gen.int(in: 0...99)) { weight, dose, bits, other in
            guard let content = Self.content(weightTenths: weight, doseIndex: dose, bits: bits, durationIndex: other,
                                             nameIndex: other / 7) else { return }
            made += 1
            switch BagLabel.text(content) {
            case .failure(let error):
                guard case .textDoesNotFit(let lines, 12) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(lines > 12)
            case .success(let lines):
                printed += 1
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
        // Not vacuous: half the random inputs make a label, and a good share of those fit
        // 12 x 40 although the names here are often very long (about 1 in 5 does).
        #expect(made >= 100 && printed * 8 >= made, "\(made) labels made, \(printed) printed as text")
    }

    /// What the 12 x 40 text label holds, measured: with names up to 20 characters and a
    /// UUID id, a bench (immediate-use) label whose cautions fit one line, not a reprint.
    /// Anything more (storage, a reprint, longer cautions) may need 13 to 16 lines: it is
    /// then refused, never cut, and the 4 x 2 or 4 x 3 inch ZPL label holds it.
    @Test("Everyday labels: the text label fits when the rule book's content does, else it is refused and a ZPL label holds it")
    func everydayLabels() throws {
        let histories: [PatientHistory] = [
            PatientHistory(), PatientHistory(atLeastTwoYearsOld: false), PatientHistory(previousHypersensitivity: true),
            PatientHistory(previousAlglucerase: true), PatientHistory(previousHypersensitivity: true, previousAlglucerase: true),
            PatientHistory(atLeastTwoYearsOld: false, previousAlglucerase: true),
        ]
        var fitted = 0, refused = 0
        for (weight, dose) in [(700, "60"), (200, "2.5"), (698, "60"), (95, "60"), (1200, "30")] {
            for history in histories {
                for firstInfusion in [false, true] where Caution.cautions(history: history, firstInfusion: firstInfusion).count <= 2 {
                    for setting in CompoundingSetting.allCases {
                        for reprint in [false, true] {
                            var policy = SitePolicy.standard
                            policy.setting = setting
                            let start = instant("2026-11-29T07:19:00+01:00")
                            let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: weight)),
                                                      dose: .perKg(DoseOrder.parseTenths(dose)), frequency: .everyTwoWeeks,
                                                      firstInfusion: firstInfusion, decision: .exactDose, history: history,
                                                      reconstitutedAt: start, dilutedAt: start.adding(minutes: 25), zone: LabelCases.zone)
                            let plan = try PreparationPlan.make(request, policy: policy).get()
                            let content = try BagLabel.Content.make(
                                plan: plan, patient: BagLabel.Patient(fullName: "Maria-Luisa Exampleo", secondIdentifier: .medicalRecordNumber("00123456")),
                                preparer: "Annika Lindqvist-Ek", check: .checked(by: "Babatunde Okafor"),
                                preparedAt: start.adding(minutes: 40), preparationID: LabelCases.preparationID,
                                reprintedAt: reprint ? start.adding(hours: 3) : nil).get()
                            let cautionLine = content.cautions.map { $0.name.uppercased() }.joined(separator: "; ")
                            let guaranteed = setting == .immediateUse && !reprint && cautionLine.count <= BagLabel.textColumns
                            let what = "\(weight) \(dose) \(content.cautions.map(\.rawValue)) \(setting) reprint \(reprint)"
                            switch BagLabel.text(content) {
                            case .success(let lines):
                                fitted += 1
                                #expect(lines.count <= 12, "\(what)")
                            case .failure(let error):
                                refused += 1
                                #expect(!guaranteed, "\(what): \(error)")
                                let zpl = ZPLLabelSize.allCases.compactMap { try? ZPL.label(content, size: $0).get() }
                                #expect(!zpl.isEmpty, "\(what): no ZPL label either")
                            }
                        }
                    }
                }
            }
        }
        #expect(fitted > 0 && refused > 0)
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

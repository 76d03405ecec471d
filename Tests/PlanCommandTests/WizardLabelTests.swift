import Foundation
import InfusionCalc
@testable import infusion_prep
import Testing

/// Section 8 in the wizard's shell: which format and size a label is printed in, and a
/// label too long for a text label printed as ZPL instead.
@Suite("The wizard's label: format, size, fallback")
struct WizardLabelTests {
    static let zone = TimeZoneRule(identifier: "Europe/Berlin", initialOffsetSeconds: 3600, initialAbbreviation: "CET")

    /// A label that a text label cannot hold: three cautions, a long name, a pharmacy bag.
    static func crowded() throws -> BagLabel.Content {
        var policy = SitePolicy.standard
        policy.setting = .pharmacy
        let start = Instant(secondsSinceEpoch: 1_795_939_200) // 2026-11-29 09:00 UTC
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: 95)), dose: .perKg(Tenths(whole: 60)),
                                  frequency: .everyTwoWeeks, firstInfusion: true, decision: .exactDose, durationMinutes: 180,
                                  history: PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: true, previousAlglucerase: true),
                                  reconstitutedAt: start, dilutedAt: start.adding(minutes: 20), zone: zone)
        let plan = try PreparationPlan.make(request, policy: policy).get()
        return try BagLabel.Content.make(plan: plan, patient: BagLabel.Patient(fullName: "Maria-Josefina Example-Lindqvist",
                                                                                secondIdentifier: .medicalRecordNumber("0012345")),
                                         preparer: "A. Lindqvist", check: .checked(by: "B. Okafor"),
                                         preparedAt: start.adding(minutes: 40), preparationID: "3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f").get()
    }

    @Test("the size: the policy's; a ZPL label printed in place of a text one is 4 x 3 inch", arguments: [
        (LabelFormat.text, LabelFormat.text, LabelSize.fourByTwo, LabelSize.fourByTwo),
        (.zpl, .zpl, .fourByTwo, .fourByTwo),
        (.zpl, .zpl, .fourByThree, .fourByThree),
        (.text, .zpl, .fourByTwo, .fourByThree),
    ])
    func size(policyFormat: LabelFormat, printed: LabelFormat, policySize: LabelSize, expected: LabelSize) {
        var policy = SitePolicy.standard
        policy.labelFormat = policyFormat
        policy.labelSize = policySize
        #expect(WizardLabel.size(for: printed, policy: policy) == expected)
    }

    @Test("a label a text label cannot hold: refused as text (never cut), printed whole as the 4 x 3 inch ZPL label")
    func fallback() throws {
        let content = try Self.crowded()
        guard case .failure(.textDoesNotFit) = WizardLabel.render(content, format: .text, size: .fourByTwo) else {
            Issue.record("the crowded label fitted a text label: make it fuller")
            return
        }
        let zpl = try WizardLabel.render(content, format: .zpl, size: .fourByThree).get()
        #expect(zpl.hasPrefix("^XA") && zpl.contains("^FD3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f^FS"))
        #expect(zpl.contains("PREVIOUS"), "the cautions are on it")
    }

    @Test("where a label goes: the policy's printer, else a file named by the preparation id in the labels folder")
    func destination() {
        var policy = SitePolicy.standard
        let environment = ["HOME": "/home/nurse", "XDG_DATA_HOME": "/data"]
        #expect(WizardLabel.destination(policy: policy, format: .text, preparationID: "abc", environment: environment)
                == .file(path: "/data/infusion-prep/labels/abc.txt"))
        #expect(WizardLabel.destination(policy: policy, format: .zpl, preparationID: "abc", environment: ["HOME": "/home/nurse"])
                == .file(path: "/home/nurse/.local/share/infusion-prep/labels/abc.zpl"))
        policy.printerName = "ward-3"
        #expect(WizardLabel.destination(policy: policy, format: .text, preparationID: "abc", environment: environment) == .printer(name: "ward-3"))
    }
}

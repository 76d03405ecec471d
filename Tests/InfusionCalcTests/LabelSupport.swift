import Foundation
import InfusionCalc
import Testing
import TestSupport

/// Golden files for the bag labels in `__labels__` next to this file (`UPDATE_GOLDEN=1
/// swift test --filter BagLabel` writes them).
enum LabelGolden {
    static let files = GoldenFiles("__labels__", nextTo: #filePath, what: "label")

    /// Compares `text` with the golden file `name` (or writes it when updating).
    static func check(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let problem = files.problem(text, name: name) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }
}

/// The two labels of issue 11: the rule book's adult standard case and a child with cautions.
enum LabelCases {
    /// Central European time, no clock change near the dates used.
    static let zone = TimeZoneRule(identifier: "Europe/Berlin", initialOffsetSeconds: 3600, initialAbbreviation: "CET")
    static let preparationID = "3f2a9c1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f"

    /// Rule book section 4, adult standard: 70 kg, 60 units/kg every 2 weeks, vials 400 and
    /// 200, reconstituted 07:19 at the bench (immediate use: start by 11:19), checked.
    static func adultPlan(policy: SitePolicy = .standard) -> PreparationPlan {
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(whole: 70)), dose: .perKg(Tenths(whole: 60)),
                                  frequency: .everyTwoWeeks, decision: .exactDose,
                                  reconstitutedAt: instant("2026-11-29T07:19:00+01:00"),
                                  dilutedAt: instant("2026-11-29T07:41:00+01:00"), zone: zone)
        return try! PreparationPlan.make(request, policy: policy).get()
    }

    static func adult(reprintedAt: Instant? = nil, check: BagLabel.Check = .checked(by: "B. Okafor")) -> BagLabel.Content {
        let patient = BagLabel.Patient(fullName: "Maria Example", secondIdentifier: .medicalRecordNumber("0012345"))
        return try! BagLabel.Content.make(plan: adultPlan(), patient: patient, preparer: "A. Lindqvist", check: check,
                                          preparedAt: instant("2026-11-29T07:52:00+01:00"),
                                          preparationID: preparationID, reprintedAt: reprintedAt).get()
    }

    /// A child of 9.5 kg under 2 years, first infusion (two R12 cautions), 60 units/kg over
    /// 120 min, prepared at the bench (immediate use).
    static func childPlan(setting: CompoundingSetting = .immediateUse) -> PreparationPlan {
        var policy = SitePolicy.standard
        policy.setting = setting
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: 95)), dose: .perKg(Tenths(whole: 60)),
                                  frequency: .everyTwoWeeks, firstInfusion: true, decision: .exactDose,
                                  history: PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: false,
                                                          previousAlglucerase: false),
                                  reconstitutedAt: instant("2026-11-29T09:05:00+01:00"),
                                  dilutedAt: instant("2026-11-29T09:30:00+01:00"), zone: zone)
        return try! PreparationPlan.make(request, policy: policy).get()
    }

    static let sam = BagLabel.Patient(fullName: "Sam Example", secondIdentifier: .dateOfBirth(LocalDateTime(year: 2025, month: 3, day: 14)!))

    /// `setting: .pharmacy`: the bag may be stored (a storage line) and the diluted bag's
    /// 24 hours set the deadline.
    static func child(reprintedAt: Instant? = nil, setting: CompoundingSetting = .immediateUse) -> BagLabel.Content {
        try! BagLabel.Content.make(plan: childPlan(setting: setting), patient: sam, preparer: "A. Lindqvist", check: .checked(by: "B. Okafor"),
                                   preparedAt: instant("2026-11-29T09:48:00+01:00"),
                                   preparationID: "PREP-2026-000417", reprintedAt: reprintedAt).get()
    }

    /// The fullest label: three R12 cautions, a pharmacy-prepared bag (storage and the
    /// diluted bag's deadline), 180 min, a reprint.
    static func childWithEverything() -> BagLabel.Content {
        var policy = SitePolicy.standard
        policy.setting = .pharmacy
        let request = PlanRequest(weight: WeightEntry(kilograms: Tenths(tenths: 95)), dose: .perKg(Tenths(whole: 60)),
                                  frequency: .everyTwoWeeks, firstInfusion: true, decision: .exactDose, durationMinutes: 180,
                                  history: PatientHistory(atLeastTwoYearsOld: false, previousHypersensitivity: true,
                                                          previousAlglucerase: false),
                                  reconstitutedAt: instant("2026-11-29T09:05:00+01:00"),
                                  dilutedAt: instant("2026-11-29T09:30:00+01:00"), zone: zone)
        let plan = try! PreparationPlan.make(request, policy: policy).get()
        return try! BagLabel.Content.make(plan: plan, patient: sam, preparer: "A. Lindqvist", check: .checked(by: "B. Okafor"),
                                          preparedAt: instant("2026-11-29T09:48:00+01:00"), preparationID: "PREP-2026-000417",
                                          reprintedAt: instant("2026-11-29T14:03:00+01:00")).get()
    }
}

/// An independent reading of a ZPL program: the commands, each ^FO...^FS field with its
/// data decoded and its extent from the font or barcode parameters in force.
struct ZPLReading {
    struct Field {
        var x: Int, y: Int, width: Int, height: Int
        var data: String
        var isBarcode: Bool
    }
    var fields: [Field] = []
    var problems: [String] = []
    var widthDots = 0, heightDots = 0
    var moduleDots = 0

    init(_ program: String) {
        let trimmed = program.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.hasPrefix("^XA") { problems.append("does not start with ^XA") }
        if !trimmed.hasSuffix("^XZ") { problems.append("does not end with ^XZ") }
        if trimmed.components(separatedBy: "^XA").count != 2 { problems.append("^XA is not there exactly once") }
        if trimmed.components(separatedBy: "^XZ").count != 2 { problems.append("^XZ is not there exactly once") }
        if trimmed.contains("~") { problems.append("a ~ control command in the program") }
        // Commands: "^" then two characters, then parameters up to the next "^".
        let commands = trimmed.split(separator: "^").map { String($0).trimmingCharacters(in: .newlines) }
        var open: Field?
        var font = (height: 0, width: 0)
        var hex = false
        var barcodeHeight = 0
        for command in commands {
            let name = String(command.prefix(2)), parameters = String(command.dropFirst(2))
            let numbers = parameters.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            switch name {
            case "PW": widthDots = numbers.first.flatMap { $0 } ?? 0
            case "LL": heightDots = numbers.first.flatMap { $0 } ?? 0
            case "BY": moduleDots = numbers.first.flatMap { $0 } ?? 0
            case "FO":
                if open != nil { problems.append("^FO inside an open field") }
                open = Field(x: numbers.first.flatMap { $0 } ?? -1, y: numbers.dropFirst().first.flatMap { $0 } ?? -1,
                             width: 0, height: 0, data: "", isBarcode: false)
                hex = false
            case "A0":
                // ^A0N,h,w: orientation then height and width.
                let parts = parameters.split(separator: ",").map(String.init)
                if parts.first != "N" { problems.append("font orientation \(parts.first ?? "") is not N") }
                font = (Int(parts.count > 1 ? parts[1] : "") ?? 0, Int(parts.count > 2 ? parts[2] : "") ?? 0)
            case "FH": hex = true
            case "BC":
                let parts = parameters.split(separator: ",").map(String.init)
                barcodeHeight = Int(parts.count > 1 ? parts[1] : "") ?? 0
                open?.isBarcode = true
            case "FD":
                guard open != nil else { problems.append("^FD outside a field"); continue }
                open?.data = hex ? Self.decodeHex(parameters) : parameters
            case "FS":
                guard var field = open else { problems.append("^FS without ^FO"); continue }
                if field.isBarcode {
                    field.width = (11 * field.data.count + 35) * moduleDots
                    field.height = barcodeHeight
                } else {
                    field.width = field.data.count * font.width
                    field.height = font.height
                }
                fields.append(field)
                open = nil
            case "XA", "XZ", "CI", "LH": break
            default: problems.append("unexpected command ^\(name)")
            }
        }
        if open != nil { problems.append("a field is never closed with ^FS") }
    }

    /// ^FH data: "_" and two hex digits is one byte.
    static func decodeHex(_ data: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(data.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "_"), index + 2 < utf8.count + 0,
               let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

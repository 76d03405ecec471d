import Foundation
import InfusionCalc
import Testing

/// Section 8's ZPL label read back by an independent parser (LabelSupport.swift): one
/// ^XA and one ^XZ, every ^FO field closed by ^FS, the barcode's data equal to the
/// preparation id, and every field, with its quiet zones, inside the label's dots.
@Suite("ZPL bag label structure")
struct ZPLStructureTests {
    static func check(_ content: BagLabel.Content, _ size: ZPLLabelSize, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let label = try ZPL.label(content, size: size).get()
        let reading = ZPLReading(label.text)
        #expect(reading.problems.isEmpty, "\(reading.problems)", sourceLocation: sourceLocation)
        #expect(reading.widthDots == size.widthDots && reading.heightDots == size.heightDots, sourceLocation: sourceLocation)
        #expect(size.widthDots == 812 && size.heightDots == (size == .fourByTwo ? 406 : 609), sourceLocation: sourceLocation)
        let barcodes = reading.fields.filter(\.isBarcode)
        #expect(barcodes.count == 1 && barcodes.first?.data == content.preparationID, sourceLocation: sourceLocation)
        for field in reading.fields {
            let quiet = field.isBarcode ? ZPL.quietZoneModules * reading.moduleDots : 0
            let inside = field.x - quiet >= 0 && field.y >= 0 && field.width > 0 && field.height > 0
                && field.x + field.width + quiet <= size.widthDots && field.y + field.height <= size.heightDots
            #expect(inside, "field \"\(field.data)\" at \(field.x),\(field.y) size \(field.width) x \(field.height) is outside \(size.name)",
                    sourceLocation: sourceLocation)
        }
        // No two fields overlap.
        for (i, a) in reading.fields.enumerated() {
            for b in reading.fields.dropFirst(i + 1) {
                let apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
                #expect(apart, "\"\(a.data)\" overlaps \"\(b.data)\"", sourceLocation: sourceLocation)
            }
        }
        // The text fields say the same words as the label's paragraphs, in order, the id
        // last (under the barcode); only spaces at line ends differ.
        let printed = reading.fields.filter { !$0.isBarcode }.map(\.data).joined(separator: " ")
        let blocks = content.blocks(label.layout)
        let joined = (blocks.filter { $0.part != .preparationID } + blocks.filter { $0.part == .preparationID })
            .map(\.text).joined(separator: " ")
        #expect(printed.filter { !$0.isWhitespace } == joined.filter { !$0.isWhitespace }, sourceLocation: sourceLocation)
        #expect(reading.fields.last?.data == "ID " + content.preparationID, sourceLocation: sourceLocation)
        // The generator's own extents agree with the reading.
        #expect(label.fields.map { [$0.x, $0.y, $0.width, $0.height] } == reading.fields.map { [$0.x, $0.y, $0.width, $0.height] },
                sourceLocation: sourceLocation)
    }

    @Test("Adult and child labels at 4 x 2 and 4 x 3 inch", arguments: ZPLLabelSize.allCases)
    func cases(_ size: ZPLLabelSize) throws {
        try Self.check(LabelCases.adult(), size)
        try Self.check(LabelCases.child(), size)
        try Self.check(LabelCases.child(reprintedAt: instant("2026-11-29T12:03:00+01:00")), size)
        try Self.check(LabelCases.childWithEverything(), size)
    }

    @Test("^, ~ and _ in a name are escaped with ^FH and read back as typed")
    func escaping() throws {
        let patient = BagLabel.Patient(fullName: "Zoë ^XZ~JA Ex_ample", secondIdentifier: .medicalRecordNumber("A^1~2_3"))
        let content = try BagLabel.Content.make(plan: LabelCases.adultPlan(), patient: patient, preparer: "A^B", check: .checked(by: "C~D"),
                                                preparedAt: instant("2026-11-29T07:52:00+01:00"), preparationID: "X-1").get()
        let label = try ZPL.label(content, size: .fourByTwo).get()
        #expect(!label.text.contains("^XZ~"))
        #expect(label.text.components(separatedBy: "^XZ").count == 2)
        #expect(!label.text.contains("~"))
        #expect(ZPL.fieldData("a^b~c_d") == "a_5Eb_7Ec_5Fd")
        let reading = ZPLReading(label.text)
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        let printed = reading.fields.filter { !$0.isBarcode }.map(\.data).joined(separator: " ")
        #expect(printed.contains("Zoë ^XZ~JA Ex_ample, MRN A^1~2_3"))
        try Self.check(content, .fourByTwo)
    }

    @Test("The barcode uses the widest module that fits: 1 dot for a 36-character UUID, wider for a short id")
    func modules() throws {
        #expect(try ZPL.label(LabelCases.adult(), size: .fourByTwo).get().moduleDots == 1)
        #expect(try ZPL.label(LabelCases.child(), size: .fourByTwo).get().moduleDots == 3)
        #expect(ZPL.code128Modules("PREP-2026-000417") == 11 * 16 + 35)
    }

    @Test("A label too long for 4 x 2 inch is refused, never cut; it may fit 4 x 3 inch")
    func overflow() throws {
        let long = BagLabel.Patient(fullName: String(repeating: "Verylongname ", count: 22), secondIdentifier: .medicalRecordNumber("1"))
        let content = try BagLabel.Content.make(plan: LabelCases.childPlan(), patient: long, preparer: "A", check: .checked(by: "B"),
                                                preparedAt: instant("2026-11-29T09:48:00+01:00"), preparationID: "X1").get()
        #expect(ZPL.label(content, size: .fourByTwo) == .failure(.zplDoesNotFit(size: .fourByTwo)))
        try Self.check(content, .fourByThree)
    }
}

import Foundation
import InfusionCalc
import PropertyBased
import Testing

/// Issue 11: a label is printed again from the record exactly as it was printed. The
/// record keeps a `BagLabel.Sheet` as (part, text) pairs and the preparation id; restored,
/// it prints the same bytes, and a reprint adds (or replaces) the REPRINT paragraph.
@Suite("Bag label sheet: restored from the record, reprinted")
struct LabelSheetTests {
    /// Every golden label of `BagLabelTests`, and the fullest one.
    static let goldenCases: [(name: String, content: BagLabel.Content)] = [
        ("adult-standard", LabelCases.adult()), ("child-cautions", LabelCases.child()),
        ("child-cautions-reprint", LabelCases.child(reprintedAt: instant("2026-11-29T12:03:00+01:00"))),
        ("child-cautions-pharmacy", LabelCases.child(setting: .pharmacy)),
        ("child-fullest", LabelCases.childWithEverything()),
    ]

    static func restored(_ sheet: BagLabel.Sheet) throws -> BagLabel.Sheet {
        try BagLabel.Sheet.restore(parts: sheet.parts, preparationID: sheet.preparationID).get()
    }

    @Test("A restored sheet of every golden label prints byte for byte the same text and ZPL")
    func restoredGoldens() throws {
        for (name, content) in Self.goldenCases {
            let sheet = try Self.restored(content.sheet)
            #expect(sheet == content.sheet, "\(name)")
            #expect(sheet.paragraphs == content.paragraphs, "\(name)")
            #expect(BagLabel.text(sheet) == BagLabel.text(content), "\(name)")
            if case .success(let lines) = BagLabel.text(sheet) {
                LabelGolden.check(lines.joined(separator: "\n") + "\n", name: "\(name).txt")
            }
            for size in ZPLLabelSize.allCases {
                let label = try ZPL.label(sheet, size: size).get()
                #expect(label == (try ZPL.label(content, size: size).get()), "\(name) \(size.name)")
                LabelGolden.check(label.text, name: "\(name).\(size.rawValue).zpl")
            }
        }
    }

    @Test("Reprint goldens: the adult standard case reprinted at 12:03, text and ZPL")
    func reprintGoldens() throws {
        let at = LabelCases.zone.zoned(instant("2026-11-29T12:03:00+01:00"))
        let sheet = LabelCases.adult().sheet.reprinted(at: at)
        // The same as the content made with reprintedAt: one place for the reprint mark.
        #expect(sheet == LabelCases.adult(reprintedAt: instant("2026-11-29T12:03:00+01:00")).sheet)
        #expect(sheet.paragraphs.last == BagLabel.Paragraph(part: .reprint, text: "REPRINT 2026-11-29 12:03"))
        let lines = try BagLabel.text(sheet).get()
        #expect(lines.last == "REPRINT 2026-11-29 12:03")
        LabelGolden.check(lines.joined(separator: "\n") + "\n", name: "adult-standard-reprint.txt")
        for size in ZPLLabelSize.allCases {
            LabelGolden.check(try ZPL.label(sheet, size: size).get().text, name: "adult-standard-reprint.\(size.rawValue).zpl")
        }
    }

    @Test("A reprint of a reprint has one REPRINT paragraph, at the end, with the new instant")
    func reprintReplaces() throws {
        let first = LabelCases.zone.zoned(instant("2026-11-29T12:03:00+01:00"))
        let second = LabelCases.zone.zoned(instant("2026-11-29T15:40:00+01:00"))
        let twice = LabelCases.adult().sheet.reprinted(at: first).reprinted(at: second)
        #expect(twice.paragraphs.filter { $0.part == .reprint }.map(\.text) == ["REPRINT 2026-11-29 15:40"])
        #expect(twice.paragraphs.last?.part == .reprint)
        #expect(Array(twice.paragraphs.dropLast()) == LabelCases.adult().paragraphs)
        #expect(twice == LabelCases.adult().sheet.reprinted(at: second))
    }

    @Test("A paragraph's joiners come from its part alone", arguments: BagLabel.Part.allCases)
    func joinersByPart(part: BagLabel.Part) {
        let paragraph = BagLabel.Paragraph(part: part, text: "x")
        let expected: (String?, String?) = switch part {
        case .patient, .drug, .cautions, .reprint: (nil, nil)
        case .fluid: (" ", " ")
        case .infusion, .filter: ("; ", "; ")
        case .prepared, .preparationID: (nil, ". ")
        case .startBy, .storage: (". ", ". ")
        }
        #expect(paragraph.joiner == expected.0)
        #expect(paragraph.compactJoiner == expected.1)
        // Every paragraph of every golden label has its part's joiners.
        for (_, content) in Self.goldenCases {
            for made in content.paragraphs where made.part == part {
                #expect(made == BagLabel.Paragraph(part: part, text: made.text))
            }
        }
    }

    @Test("A recorded sheet that cannot be printed again is refused, saying why", arguments: [
        ([("patient", "Maria Example, MRN 0012345"), ("barcode", "x")], "3f2a", BagLabelError.unknownLabelPart("barcode")),
        ([("patient", "  ")], "3f2a", .emptyLabelPart(.patient)),
        ([], "3f2a", .emptyLabelPart(nil)),
        ([("drug", "imiglucerase\u{1B}[2J")], "3f2a", .controlCharacterInLabel(.drug)),
        ([("prepared", "Prepared\nby")], "3f2a", .controlCharacterInLabel(.prepared)),
        ([("prepared", "Prepared\u{200B} by")], "3f2a", .controlCharacterInLabel(.prepared)),
        ([("patient", "Maria Example")], "3f2a^XZ", .badPreparationID("3f2a^XZ")),
        ([("patient", "Maria Example")], "", .badPreparationID("")),
        ([("patient", "Maria Example")], String(repeating: "a", count: 41), .badPreparationID(String(repeating: "a", count: 41))),
    ] as [([(String, String)], String, BagLabelError)])
    func refused(parts: [(String, String)], id: String, error: BagLabelError) {
        let result = BagLabel.Sheet.restore(parts: parts.map { (part: $0.0, text: $0.1) }, preparationID: id)
        #expect(result == .failure(error))
        #expect(error.message.hasSuffix("."))
        #expect(!error.message.isEmpty)
    }

    @Test("Property: any label restored from its (part, text) pairs is the same sheet and prints the same; a reprint changes only its last paragraph")
    func restoreProperty() async {
        var made = 0
        await propertyCheck(count: 300, input: Gen.int(in: 20...3000), Gen.int(in: 0...99), Gen.int(in: 0...8191),
                            Gen.int(in: 0...99)) { weight, dose, bits, other in
            guard let content = LabelPropertyTests.content(weightTenths: weight, doseIndex: dose, bits: bits,
                                                           durationIndex: other, nameIndex: other / 7) else { return }
            made += 1
            let sheet = content.sheet
            guard case .success(let restored) = BagLabel.Sheet.restore(parts: sheet.parts, preparationID: sheet.preparationID) else {
                Issue.record("not restored: \(sheet.parts)")
                return
            }
            #expect(restored == sheet)
            #expect(BagLabel.text(restored) == BagLabel.text(content))
            for size in ZPLLabelSize.allCases { #expect(ZPL.label(restored, size: size) == ZPL.label(content, size: size)) }
            let at = LabelCases.zone.zoned(Instant(secondsSinceEpoch: 1_795_000_000 + weight * 61))
            let reprint = restored.reprinted(at: at)
            #expect(reprint.paragraphs.last == BagLabel.Paragraph.reprint(at: at))
            #expect(Array(reprint.paragraphs.dropLast()) == sheet.paragraphs.filter { $0.part != .reprint })
            #expect(reprint.preparationID == sheet.preparationID)
        }
        #expect(made >= 100, "\(made) labels made")
    }

    @Test("A caution's no-break spaces are kept through the record (they are not control characters)")
    func cautionsKeepNoBreakSpaces() throws {
        let sheet = LabelCases.child().sheet
        let cautions = try #require(sheet.paragraphs.first { $0.part == .cautions })
        #expect(cautions.text.contains("\u{A0}"))
        #expect(try Self.restored(sheet) == sheet)
    }
}

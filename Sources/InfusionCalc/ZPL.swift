/// Rule book section 8: the bag label in ZPL II for a 203 dpi thermal printer, 4 x 2 inch
/// (812 x 406 dots) or 4 x 3 inch (812 x 609 dots). Text is printed with the scalable
/// font 0 (^A0), one field per line, the lines wrapped here from the label's paragraphs
/// (the same words as the text label); the preparation id is a Code 128 barcode (^BC).
/// Every field's extent is computed and kept inside the label, away from its edges.

/// A label size at 203 dpi (8 dots per mm).
public enum ZPLLabelSize: String, Sendable, CaseIterable {
    case fourByTwo = "4x2"
    case fourByThree = "4x3"

    public var widthDots: Int { 812 }
    public var heightDots: Int {
        switch self {
        case .fourByTwo: 406
        case .fourByThree: 609
        }
    }
    /// "4 x 2 inch".
    public var name: String {
        switch self {
        case .fourByTwo: "4 x 2 inch"
        case .fourByThree: "4 x 3 inch"
        }
    }
    /// The barcode's height, dots (6 mm, or 8 mm on the taller label).
    var barcodeHeight: Int {
        switch self {
        case .fourByTwo: 48
        case .fourByThree: 64
        }
    }
}

/// A ZPL label and where each of its fields lies.
public struct ZPLLabel: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A line of text (unescaped).
        case text(String)
        /// A Code 128 barcode of this data.
        case barcode(String)
    }
    /// One ^FO...^FS field: its origin and its extent in dots.
    public struct Field: Equatable, Sendable {
        public let kind: Kind
        public let x: Int
        public let y: Int
        public let width: Int
        public let height: Int
    }

    public let size: ZPLLabelSize
    /// The font height (and nominal width) of the text fields, dots (the id under the
    /// barcode is printed at `ZPL.idFontDots`).
    public let fontDots: Int
    public let layout: BagLabel.Layout
    /// The barcode's narrowest bar, dots.
    public let moduleDots: Int
    public let fields: [Field]
    /// The ZPL program, ^XA to ^XZ, one command group per line.
    public let text: String
}

public enum ZPL {
    /// Blank border on every side, dots (2 mm).
    public static let marginDots = 16
    /// Font heights tried, largest first; 18 dots (2.25 mm) is the smallest printed.
    public static let fontSizes = [40, 36, 32, 30, 28, 26, 24, 22, 20, 18]
    /// Code 128 quiet zone, in modules, on each side of the bars.
    public static let quietZoneModules = 10

    /// The widest a line of `characters` characters can print in font 0 at width `fontDots`:
    /// font 0 (CG Triumvirate Bold Condensed) is condensed, so no character is wider than
    /// its nominal width; this bound is used for every field, so lines never reach the edge.
    public static func textWidth(characters: Int, fontDots: Int) -> Int { characters * fontDots }

    /// Line pitch for a font height: the height plus a fifth for leading.
    public static func linePitch(fontDots: Int) -> Int { fontDots + max(fontDots / 5, 2) }

    /// The width in dots of Code 128 for `data` in subset B: start (11 modules), 11 per
    /// character, the check character (11) and stop (13).
    public static func code128Modules(_ data: String) -> Int { 11 * data.count + 35 }

    /// The font height of the line under the barcode that prints the preparation id.
    public static let idFontDots = 18

    /// The label for `content` on a label of `size`: the text from the top, at the largest
    /// font at which it fits (the separate layout before the joined one at each size, and
    /// no word split across lines except at the smallest font); at the foot the barcode
    /// with its quiet zones, in the widest module (1 to 3 dots) that fits, and under it
    /// the id in words. Fails with `.zplDoesNotFit` when nothing fits at 18 dots.
    public static func label(_ content: BagLabel.Content, size: ZPLLabelSize) -> Result<ZPLLabel, BagLabelError> {
        label(content.sheet, size: size)
    }

    /// The label for `sheet` (a label as printed, or restored from the record) on a label
    /// of `size`, as `label(_:size:)` for content.
    public static func label(_ sheet: BagLabel.Sheet, size: ZPLLabelSize) -> Result<ZPLLabel, BagLabelError> {
        let width = size.widthDots, height = size.heightDots, margin = marginDots
        let id = sheet.preparationID
        // The barcode: the widest module whose bars and quiet zones fit inside the margins.
        guard let module = [3, 2, 1].first(where: { m in
            let side = max(margin, quietZoneModules * m)
            return side + code128Modules(id) * m + side <= width
        }) else { return .failure(.zplDoesNotFit(size: size)) }
        let idParagraph = sheet.paragraphs.first { $0.part == .preparationID }?.text ?? id
        guard margin + textWidth(characters: idParagraph.count, fontDots: idFontDots) <= width - margin else {
            return .failure(.zplDoesNotFit(size: size))
        }
        let idY = height - margin - idFontDots
        let barX = max(margin, quietZoneModules * module)
        let barY = idY - 4 - size.barcodeHeight
        let textBottom = barY - 8
        for font in fontSizes {
            let columns = (width - 2 * margin) / font
            for layout in BagLabel.Layout.allCases {
                let blocks = sheet.blocks(layout).filter { $0.part != .preparationID }
                let words = blocks.flatMap { $0.text.split(separator: " ") }
                guard font == fontSizes.last || words.allSatisfy({ $0.count <= columns }) else { continue }
                let lines = layout.lines(sheet, width: columns, excluding: [.preparationID])
                let pitch = linePitch(fontDots: font)
                guard !lines.isEmpty, margin + (lines.count - 1) * pitch + font <= textBottom else { continue }
                var fields: [ZPLLabel.Field] = lines.enumerated().map { index, line in
                    ZPLLabel.Field(kind: .text(line), x: margin, y: margin + index * pitch,
                                   width: textWidth(characters: line.count, fontDots: font), height: font)
                }
                fields.append(ZPLLabel.Field(kind: .barcode(id), x: barX, y: barY,
                                             width: code128Modules(id) * module, height: size.barcodeHeight))
                fields.append(ZPLLabel.Field(kind: .text(idParagraph), x: margin, y: idY,
                                             width: textWidth(characters: idParagraph.count, fontDots: idFontDots), height: idFontDots))
                return .success(ZPLLabel(size: size, fontDots: font, layout: layout, moduleDots: module,
                                         fields: fields, text: program(fields, size: size, font: font, module: module)))
            }
        }
        return .failure(.zplDoesNotFit(size: size))
    }

    static func program(_ fields: [ZPLLabel.Field], size: ZPLLabelSize, font: Int, module: Int) -> String {
        var out = ["^XA", "^CI28", "^PW\(size.widthDots)", "^LL\(size.heightDots)", "^LH0,0"]
        for field in fields {
            switch field.kind {
            case .text(let line):
                out.append("^FO\(field.x),\(field.y)^A0N,\(field.height),\(field.height)^FH^FD\(fieldData(line))^FS")
            case .barcode(let data):
                // Mode N, no interpretation line (the id is printed as text above), no UCC
                // check digit; the data is letters, digits and "-" only (BagLabel.Content).
                out.append("^BY\(module)")
                out.append("^FO\(field.x),\(field.y)^BCN,\(field.height),N,N,N,N^FD\(data)^FS")
            }
        }
        out.append("^XZ")
        return out.joined(separator: "\n") + "\n"
    }

    /// Field data for ^FH (hexadecimal escapes, indicator "_"): "_", "^" and "~" are
    /// written as _5F, _5E and _7E, so no data can end a field or start a command.
    public static func fieldData(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "_": out += "_5F"
            case "^": out += "_5E"
            case "~": out += "_7E"
            default: out.append(character)
            }
        }
        return out
    }
}

extension ZPLLabelSize {
    /// The thermal label of the site policy's `label.size` (section 8).
    public init(_ size: LabelSize) {
        switch size {
        case .fourByTwo: self = .fourByTwo
        case .fourByThree: self = .fourByThree
        }
    }
}

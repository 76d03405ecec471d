/// Rule book section 8: the bag label. `BagLabel.Content` holds what the label states,
/// built from a `PreparationPlan` and the people and times of the preparation; the text
/// label (`BagLabel.text`) and the ZPL label (`ZPL.label`) both print its `paragraphs`,
/// so every sentence on a label is written here once. Every figure is formatted by
/// `Display` (rule book section 3).

public enum BagLabel {
    /// Section 8: a text label has at most 12 lines of 40 characters.
    public static let textColumns = 40
    public static let textRows = 12

    /// The second patient identifier (rule book section 6: a medical record number or the
    /// date of birth).
    public enum SecondIdentifier: Equatable, Sendable {
        /// Printed as typed after "MRN ".
        case medicalRecordNumber(String)
        /// Printed as "DOB 2024-05-01" (only the date is used).
        case dateOfBirth(LocalDateTime)

        /// "MRN 0012345", "DOB 2024-05-01".
        public var text: String {
            switch self {
            case .medicalRecordNumber(let number): "MRN " + number.trimmingWhitespace
            case .dateOfBirth(let date): "DOB " + date.dateText
            }
        }
    }

    public struct Patient: Equatable, Sendable {
        public let fullName: String
        public let secondIdentifier: SecondIdentifier
        public init(fullName: String, secondIdentifier: SecondIdentifier) {
            self.fullName = fullName
            self.secondIdentifier = secondIdentifier
        }
    }

    /// Section 7: who checked, or that the policy turned the check off.
    public enum Check: Equatable, Sendable {
        case checked(by: String)
        case notDoubleChecked
    }

    /// A part of the label in section 8's order.
    public enum Part: String, Sendable, CaseIterable {
        case patient, drug, fluid, infusion, filter, cautions, prepared, startBy = "start-by", storage
        case preparationID = "preparation-id", reprint
    }

    /// One paragraph of the label: a part, its text, and how it continues the paragraph
    /// before it in the joined and tight layouts (`joiner`) and in the compact one
    /// (`compactJoiner`); nil: it starts a new line. The joiners depend only on the part
    /// (`init(part:text:)` holds that rule), so a paragraph is fully described by its part
    /// and its text, which is what the record keeps.
    public struct Paragraph: Equatable, Sendable {
        public let part: Part
        public let text: String
        public let joiner: String?
        public let compactJoiner: String?

        /// The paragraph of `part` saying `text`. The fluid runs on after the drug (" "),
        /// the rate and the filter after it ("; "); the start-by deadline and the storage
        /// run on after the people line (". "); in the compact layout the people line also
        /// runs on after the filter line and the id after the deadline (". "). The
        /// patient, the drug, the cautions and the reprint mark always start a line.
        public init(part: Part, text: String) {
            self.part = part
            self.text = text
            switch part {
            case .patient, .drug, .cautions, .reprint: (joiner, compactJoiner) = (nil, nil)
            case .fluid: (joiner, compactJoiner) = (" ", " ")
            case .infusion, .filter: (joiner, compactJoiner) = ("; ", "; ")
            case .prepared, .preparationID: (joiner, compactJoiner) = (nil, ". ")
            case .startBy, .storage: (joiner, compactJoiner) = (". ", ". ")
            }
        }

        /// Section 8's reprint mark: "REPRINT 2026-11-29 12:03" (the reprint instant in the
        /// zone it was printed in).
        public static func reprint(at instant: ZonedTime) -> Paragraph {
            Paragraph(part: .reprint, text: "REPRINT \(instant.text)")
        }
    }

    /// A label as printed: its paragraphs in order and the preparation id (the ZPL
    /// label's barcode). What the record keeps, so that a label can be printed again
    /// exactly as it was (`restore`), marked as a reprint (`reprinted(at:)`). Build one
    /// with `Content.sheet` or `Sheet.restore`.
    public struct Sheet: Equatable, Sendable {
        public let paragraphs: [Paragraph]
        /// 1 to 40 ASCII letters, digits and "-" (`BagLabel.isPrintableID`).
        public let preparationID: String

        init(paragraphs: [Paragraph], preparationID: String) {
            self.paragraphs = paragraphs
            self.preparationID = preparationID
        }

        /// The sheet recorded as (part, text) pairs in order, `part` being a `Part` raw
        /// value ("patient", "start-by", ...).
        ///
        /// - Returns: the sheet, or `.unknownLabelPart` (a part this program does not
        ///   print), `.emptyLabelPart` (no paragraphs at all, or a paragraph with no text),
        ///   `.controlCharacterInLabel` (a control, invisible or line-break character; the
        ///   no-break spaces inside a caution are kept) or `.badPreparationID`.
        public static func restore(parts: [(part: String, text: String)], preparationID: String) -> Result<Sheet, BagLabelError> {
            guard BagLabel.isPrintableID(preparationID) else { return .failure(.badPreparationID(preparationID)) }
            guard !parts.isEmpty else { return .failure(.emptyLabelPart(nil)) }
            var paragraphs: [Paragraph] = []
            for (name, text) in parts {
                guard let part = Part(rawValue: name) else { return .failure(.unknownLabelPart(name)) }
                guard !text.trimmingWhitespace.isEmpty else { return .failure(.emptyLabelPart(part)) }
                if text.unicodeScalars.contains(where: BagLabel.isControl) { return .failure(.controlCharacterInLabel(part)) }
                paragraphs.append(Paragraph(part: part, text: text))
            }
            return .success(Sheet(paragraphs: paragraphs, preparationID: preparationID))
        }

        /// The same label marked as a reprint at `instant`: the REPRINT paragraph added at
        /// the end, or put in place of the one there (a reprint of a reprint says the new
        /// instant once).
        public func reprinted(at instant: ZonedTime) -> Sheet {
            Sheet(paragraphs: paragraphs.filter { $0.part != .reprint } + [Paragraph.reprint(at: instant)],
                  preparationID: preparationID)
        }

        /// The paragraphs as (part raw value, text) pairs, as `restore` takes them.
        public var parts: [(part: String, text: String)] { paragraphs.map { ($0.part.rawValue, $0.text) } }

        /// The paragraphs as blocks of text, each to start a new line, for a layout.
        public func blocks(_ layout: Layout) -> [(part: Part, text: String)] {
            var out: [(part: Part, text: String)] = []
            for paragraph in paragraphs {
                let joiner = layout == .compact ? paragraph.compactJoiner : paragraph.joiner
                if layout != .separate, let joiner, let last = out.last, last.part != .cautions {
                    out[out.count - 1] = (last.part, last.text + joiner + paragraph.text)
                } else {
                    out.append((paragraph.part, paragraph.text))
                }
            }
            return out
        }
    }

    /// How paragraphs are laid out, tried in this order (the defined shortening).
    /// `separate` starts every paragraph on a new line; `joined` runs a paragraph on after
    /// the one before it when it has a joiner; `tight` is joined and may also break a line
    /// between a name and its initial or after "by"; `compact` is tight and also runs the
    /// people line on after the filter line (unless cautions stand between them) and the
    /// id on after the deadline. Each step only removes line breaks: no word, figure or
    /// caution is ever dropped. The patient, the drug, the cautions and the reprint mark
    /// always start a line, and nothing runs on after the cautions; a number always stays
    /// with its unit, a date with its time, a range with both ends.
    public enum Layout: String, Sendable, CaseIterable {
        case separate, joined, tight, compact

        /// Whether names stay whole ("by A. Lindqvist" on one line).
        public var keepsNamesWhole: Bool { self == .separate || self == .joined }

        /// The layout's lines at `width` columns.
        public func lines(_ sheet: Sheet, width: Int, excluding excluded: Set<Part> = []) -> [String] {
            sheet.blocks(self).filter { !excluded.contains($0.part) }
                .flatMap { LabelWrap.lines($0.text, width: width, keepNamesWhole: keepsNamesWhole) }
        }

        /// The layout's lines of `content.sheet`.
        public func lines(_ content: Content, width: Int, excluding excluded: Set<Part> = []) -> [String] {
            lines(content.sheet, width: width, excluding: excluded)
        }
    }

    /// Everything the label states, checked. Build it with `Content.make`.
    public struct Content: Equatable, Sendable {
        public let patient: Patient
        public let genericName: String
        public let brandName: String
        /// The prepared dose (R4), units: section 8 states it (the units a partial draw
        /// really holds, R6, are in the record).
        public let preparedDose: Int
        /// R7: the final volume in the bag, mL.
        public let finalVolumeML: Tenths
        /// The prepared dose over the final volume, units/mL, exact.
        public let concentration: Ratio
        /// R8.
        public let durationMinutes: Int
        public let rateMLPerHour: Tenths
        /// R12, in the rule book's order.
        public let cautions: [Caution]
        /// When the preparation was finished, in the plan's zone.
        public let preparedAt: ZonedTime
        public let preparer: String
        public let check: Check
        /// Section 5: the earliest limit on the start of the infusion, and the zone it is shown in.
        public let startBy: PreparationDeadline
        public let zone: TimeZoneRule
        /// Section 5: how the bag may be stored; nil when it may not be (immediate use).
        public let storage: String?
        /// The record's preparation id (section 6); the ZPL label's Code 128 barcode.
        public let preparationID: String
        /// Set on a reprint: the label says "REPRINT" with this instant.
        public let reprintedAt: ZonedTime?

        /// The label's content for a finished plan.
        ///
        /// - Parameters:
        ///   - plan: a plan with a bag (final volume and pump rate), no hard stop, and the
        ///     reconstitution time (so the start-by deadline of section 5 is known).
        ///   - patient: full name and second identifier, each non-empty, no control characters.
        ///   - preparer: the preparer's name or initials as recorded.
        ///   - check: the checker (not the preparer, section 7) or `.notDoubleChecked`.
        ///   - preparedAt: the instant the preparation was finished.
        ///   - preparationID: 1 to 40 ASCII letters, digits and "-" (a UUID fits), so that
        ///     Code 128 can encode it and no printer language can misread it.
        ///   - reprintedAt: the reprint instant, for `label --reprint`.
        /// - Returns: the content, or a `BagLabelError` saying what is missing or wrong.
        public static func make(plan: PreparationPlan, patient: Patient, preparer: String, check: Check,
                                preparedAt: Instant, preparationID: String,
                                reprintedAt: Instant? = nil) -> Result<Content, BagLabelError> {
            if plan.hasHardStop { return .failure(.planHasHardStop) }
            guard let finalVolume = plan.finalVolumeML, plan.sodiumChlorideML != nil,
                  let rate = plan.pumpRateMLPerHour, finalVolume.count > 0 else { return .failure(.noBag) }
            guard let startBy = plan.startBy else { return .failure(.noStartDeadline) }
            let texts: [(BagLabelField, String)] = [
                (.patientName, patient.fullName), (.preparer, preparer),
            ] + {
                if case .medicalRecordNumber(let number) = patient.secondIdentifier { return [(.medicalRecordNumber, number)] }
                return []
            }() + {
                if case .checked(let checker) = check { return [(.checker, checker)] }
                return []
            }()
            for (field, text) in texts {
                if text.trimmingWhitespace.isEmpty { return .failure(.missing(field)) }
                if text.unicodeScalars.contains(where: BagLabel.isControl) { return .failure(.controlCharacter(field)) }
            }
            if case .checked(let checker) = check, DoubleCheck.sameName(checker, preparer) {
                return .failure(.checkerIsPreparer)
            }
            guard BagLabel.isPrintableID(preparationID) else { return .failure(.badPreparationID(preparationID)) }
            let zone = plan.request.zone
            return .success(Content(
                patient: Patient(fullName: patient.fullName.trimmingWhitespace, secondIdentifier: patient.secondIdentifier),
                genericName: plan.product.genericName, brandName: plan.product.brandName,
                preparedDose: plan.preparedDose, finalVolumeML: finalVolume,
                concentration: Ratio(plan.preparedDose * 10, finalVolume.count),
                durationMinutes: plan.durationMinutes, rateMLPerHour: rate, cautions: plan.cautions,
                preparedAt: zone.zoned(preparedAt), preparer: preparer.trimmingWhitespace,
                check: {
                    if case .checked(let checker) = check { return .checked(by: checker.trimmingWhitespace) }
                    return .notDoubleChecked
                }(),
                startBy: startBy, zone: zone,
                storage: plan.policy.setting == .pharmacy ? BagLabel.storage : nil,
                preparationID: preparationID, reprintedAt: reprintedAt.map(zone.zoned)))
        }

        /// The label as printed: the paragraphs in section 8's order, ending with the
        /// REPRINT mark when `reprintedAt` is set, and the preparation id.
        public var sheet: Sheet {
            var out: [Paragraph] = []
            func add(_ part: Part, _ text: String) { out.append(Paragraph(part: part, text: text)) }
            add(.patient, "\(patient.fullName), \(patient.secondIdentifier.text)")
            add(.drug, "\(genericName) (\(brandName)) \(Display.units(preparedDose))")
            add(.fluid, "in 0.9% sodium chloride, total \(Display.millilitres(finalVolumeML)) (\(Display.unitsPerMillilitre(concentration)))")
            add(.infusion, "IV over \(Display.minutes(durationMinutes)) at \(Display.millilitresPerHour(rateMLPerHour))")
            // A negation stays whole on a line: "no" at a line's end would read as a command.
            add(.filter, "use a 0.2 micron in-line filter; " + LabelWrap.together("no other medicines") + " in the line")
            if !cautions.isEmpty {
                // Each caution stays whole on a line: its words are joined by no-break spaces,
                // which the wrapping never breaks at and prints as spaces.
                add(.cautions, cautions.map { LabelWrap.together($0.name.uppercased()) }
                    .joined(separator: "; "))
            }
            let checked = switch check {
            case .checked(let checker): "checked by \(checker)"
            case .notDoubleChecked: LabelWrap.together("not double checked")
            }
            add(.prepared, "Prepared \(preparedAt.text) by \(preparer); \(checked)")
            add(.startBy, "Start by \(Display.deadline(startBy, zone: zone)) (\(startBy.source.labelName))")
            if let storage { add(.storage, storage) }
            add(.preparationID, "ID \(preparationID)")
            let sheet = Sheet(paragraphs: out, preparationID: preparationID)
            return reprintedAt.map(sheet.reprinted(at:)) ?? sheet
        }

        /// The label's paragraphs in section 8's order (`sheet.paragraphs`).
        public var paragraphs: [Paragraph] { sheet.paragraphs }

        /// The paragraphs as blocks of text, each to start a new line, for a layout.
        public func blocks(_ layout: Layout) -> [(part: Part, text: String)] { sheet.blocks(layout) }
    }

    /// Section 8's text label: at most 12 lines of 40 characters, words wrapped (a number
    /// stays with its unit, a range with both ends, a date with its time). The separate
    /// layout is used when it fits, else the joined one; when neither fits the label is
    /// refused with `.textDoesNotFit` (a figure is never cut off). Lines have no trailing
    /// spaces and no line-break characters.
    public static func text(_ sheet: Sheet) -> Result<[String], BagLabelError> {
        var needed = 0
        for layout in Layout.allCases {
            let lines = layout.lines(sheet, width: textColumns)
            if lines.count <= textRows { return .success(lines) }
            needed = lines.count
        }
        return .failure(.textDoesNotFit(lines: needed, limit: textRows))
    }

    /// The text label of `content.sheet`.
    public static func text(_ content: Content) -> Result<[String], BagLabelError> { text(content.sheet) }

    /// Whether `id` can be printed as the label's preparation id: 1 to 40 ASCII letters,
    /// digits and "-" (a UUID fits), so that Code 128 can encode it and no printer
    /// language can misread it.
    public static func isPrintableID(_ id: String) -> Bool {
        (1...40).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Section 8's storage line, printed when the bag may be stored (the pharmacy setting;
    /// under immediate use the bag is not stored). Section 5's sentence for the record and
    /// the plan is `Rules.storageSentence(policy:)`; this is its short form for the label.
    public static let storage = "2 to 8 degrees C, protect from light"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }

}

/// The label's inputs that can be wrong.
public enum BagLabelField: String, Sendable, CaseIterable {
    case patientName = "patient name", medicalRecordNumber = "medical record number", preparer, checker
}

/// Why a label cannot be made; `message` says it for people.
public enum BagLabelError: Error, Equatable, Sendable, CustomStringConvertible {
    case planHasHardStop
    /// The plan has no final volume, sodium chloride or pump rate.
    case noBag
    /// No reconstitution time: the start-by deadline of section 5 is unknown.
    case noStartDeadline
    case missing(BagLabelField)
    case controlCharacter(BagLabelField)
    /// Section 7: the checker must not be the preparer.
    case checkerIsPreparer
    case badPreparationID(String)
    /// The text label would need `lines` lines.
    case textDoesNotFit(lines: Int, limit: Int)
    /// The ZPL label does not fit this size even at the smallest font.
    case zplDoesNotFit(size: ZPLLabelSize)
    /// A recorded label names a part this program does not print (`Sheet.restore`).
    case unknownLabelPart(String)
    /// A recorded label has no paragraphs (nil), or a paragraph of this part with no text.
    case emptyLabelPart(BagLabel.Part?)
    /// A recorded label's paragraph of this part holds a control or invisible character.
    case controlCharacterInLabel(BagLabel.Part)

    public var message: String {
        switch self {
        case .planHasHardStop: "The plan has a hard stop: no label is printed for it."
        case .noBag: "The plan has no bag (final volume and pump rate): no label can be printed."
        case .noStartDeadline: "The label needs the start-by deadline: enter the reconstitution time (and the dilution time)."
        case .missing(let field): "The label needs the \(field.rawValue)."
        case .controlCharacter(let field): "The \(field.rawValue) holds a control or invisible character; type it again."
        case .checkerIsPreparer: "The checker must be a different person from the preparer (section 7)."
        case .badPreparationID(let id): "The preparation id \(Display.quoted(id)) cannot be printed as a barcode: it must be 1 to 40 letters A to Z, digits and \"-\"."
        case .textDoesNotFit(let lines, let limit): "The text label needs \(lines) lines, more than the \(limit) a text label has; nothing is cut off: print the ZPL label instead."
        case .zplDoesNotFit(let size): "The label does not fit a \(size.name) label even at the smallest font; nothing is cut off: use the 4 x 3 inch label or the text label."
        case .unknownLabelPart(let part): "The recorded label has a part \(Display.quoted(part)) this program does not print; it cannot be printed again."
        case .emptyLabelPart(let part?): "The recorded label's \(part.rawValue) paragraph is empty; it cannot be printed again."
        case .emptyLabelPart(nil): "The recorded label has no paragraphs; it cannot be printed again."
        case .controlCharacterInLabel(let part): "The recorded label's \(part.rawValue) paragraph holds a control or invisible character; it cannot be printed again."
        }
    }
    public var description: String { message }
}

extension DeadlineSource {
    /// A few words for the label ("immediate use"); the full sentence is `sentence(policy:)`
    /// and is kept in the record.
    public var labelName: String {
        switch self {
        case .usLabelReconstituted: "US label, reconstituted vials"
        case .labelDilutedBag: "label, diluted bag"
        case .immediateUse: "immediate use"
        case .pharmacyBeyondUse: "pharmacy beyond-use"
        }
    }
}

extension Display {
    /// A concentration: whole when exact, else to 2 decimals (finer only to tell it from
    /// 0): "28 units/mL", "26.67 units/mL", "0.52 units/mL", "1 unit/mL".
    public static func unitsPerMillilitre(_ value: Ratio) -> String {
        let decimals = decimalsDistinguishing(value, from: [], minimum: 2)
        let scaled = value.roundedHalfUp(decimals: decimals)
        return number(scaled: scaled, decimals: decimals) + (scaled == DecimalText.powerOfTen(decimals) ? " unit/mL" : " units/mL")
    }
}

/// Word wrapping for labels. A line breaks only at a space, and never
/// - after a number (a word starting with a digit, or "(" and a digit) unless the next
///   word opens a parenthesis or is "by" or "at": "4,200 units", "150 mL",
///   "2026-11-29 11:19", "2 to";
/// - around "to" between two numbers: "2 to 8 degrees";
/// - after "MRN", "DOB", "ID", "REPRINT" or "degrees";
/// - unless `keepNamesWhole` is false: after "by", or after an initial ("A. Lindqvist");
/// - inside parentheses: "(28 units/mL)", "(immediate use)".
/// A run that is still too long breaks at its spaces, and a word longer than a line is
/// split across lines: nothing is ever dropped.
public enum LabelWrap {
    public static func lines(_ text: String, width: Int, keepNamesWhole: Bool = true) -> [String] {
        let width = max(width, 1)
        let words = text.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [] }
        // Glued runs of words.
        var runs: [[String]] = []
        var depth = 0
        for (index, word) in words.enumerated() {
            if index > 0, glued(words, index, depth: depth, keepNamesWhole: keepNamesWhole) {
                runs[runs.count - 1].append(word)
            } else {
                runs.append([word])
            }
            depth += word.filter { $0 == "(" }.count - word.filter { $0 == ")" }.count
            depth = max(depth, 0)
        }
        var out: [String] = []
        var line = ""
        func place(_ piece: String) {
            if line.isEmpty {
                line = piece
            } else if line.count + 1 + piece.count <= width {
                line += " " + piece
            } else {
                out.append(line)
                line = piece
            }
        }
        for run in runs {
            let joined = run.joined(separator: " ")
            if joined.count <= width {
                place(joined)
                continue
            }
            // Too long to keep together: word by word (a caution's words too), splitting a word
            // longer than a line.
            for word in run.flatMap({ $0.split(separator: noBreakSpace).map(String.init) }) {
                var rest = Substring(word)
                while rest.count > width {
                    if !line.isEmpty { out.append(line); line = "" }
                    out.append(String(rest.prefix(width)))
                    rest = rest.dropFirst(width)
                }
                if !rest.isEmpty { place(String(rest)) }
            }
        }
        if !line.isEmpty { out.append(line) }
        return out.map { String($0.map { $0 == noBreakSpace ? " " : $0 }) }
    }

    /// Joins two words that must not be broken apart (a caution's name); printed as a space.
    static let noBreakSpace: Character = "\u{A0}"

    /// `text` kept on one line when the label wraps (its spaces made no-break spaces,
    /// printed as spaces): a caution, a negation.
    static func together(_ text: String) -> String {
        String(text.map { $0 == " " ? noBreakSpace : $0 })
    }

    static func isNumber(_ word: String) -> Bool {
        let body = word.drop { $0 == "(" }
        return body.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// Whether `words[index]` must stay on the line of the word before it.
    static func glued(_ words: [String], _ index: Int, depth: Int, keepNamesWhole: Bool) -> Bool {
        let previous = words[index - 1], word = words[index]
        if depth > 0 { return true }
        if ["MRN", "DOB", "ID", "REPRINT", "degrees"].contains(previous) { return true }
        if keepNamesWhole {
            if previous == "by" { return true }
            // An initial stays with the name after it: "A. Lindqvist".
            if previous.count == 2, previous.first?.isUppercase == true, previous.last == "." { return true }
        }
        if isNumber(previous) && !word.hasPrefix("(") && !["by", "at"].contains(word) { return true }
        if previous == "to", index >= 2, isNumber(words[index - 2]), isNumber(word) { return true }
        return false
    }
}

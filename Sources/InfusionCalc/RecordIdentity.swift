/// Rule book section 6: what the record asks for besides the plan, read and checked here so
/// that the wizard, the plain front end and the commands refuse the same text with the same
/// sentence. Every function is total: a value, or an `InputError` that says what is
/// accepted. Nothing here reads a clock; "today" is always passed in.

/// A person's name or initials, as typed for the record (the preparer, the checker, the
/// pharmacist who authorised a rounded dose).
public enum PersonName {
    /// Characters a name or initials hold.
    public static let maximumLength = 32
    /// What a name field takes, for prompts and refusals.
    public static let accepted = "at least 2 letters; letters, spaces, \".\", \"-\" and \"'\", up to \(maximumLength) characters, for example JS or J. Smith"

    /// Trims and collapses the spaces. Errors (`field` as given): nothing typed, fewer than
    /// 2 letters, a character that is not a letter, space, ".", "-" or "'", too long.
    public static func parse(_ text: String, field: InputField = .preparer) -> Result<String, InputError> {
        readName(text, field: field, what: "name", maximum: maximumLength, accepted: accepted)
    }

    /// Whether two names are the same person's as typed: compared by their letters and
    /// digits alone, so case, spaces, points, hyphens and apostrophes, accents added with
    /// combining marks and full-width letters make no difference ("J. Smith", "j smith",
    /// "JSmith" and "ＪＳｍｉｔｈ" are one name). The checker must not be the preparer
    /// (section 7): when in doubt, two names are the same.
    public static func same(_ a: String, _ b: String) -> Bool {
        // Compared as Strings (canonically equivalent forms are equal: "é" typed as one
        // character or as "e" and a combining accent), and again without combining marks
        // (an accent added to a letter does not make another person).
        comparisonKey(a, marks: true) == comparisonKey(b, marks: true)
            || comparisonKey(a, marks: false) == comparisonKey(b, marks: false)
    }

    /// The letters and digits of a name, lower case, full-width forms as their ASCII
    /// letters; combining marks kept or dropped.
    static func comparisonKey(_ text: String, marks: Bool) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // Full-width ASCII (U+FF01 to U+FF5E) is the same letter as ASCII.
            let plain = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar : scalar
            let properties = plain.properties
            let isMark = properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark
                || properties.generalCategory == .spacingMark
            if isMark {
                if marks { key.append(plain) }
                continue
            }
            guard properties.isAlphabetic || properties.numericType != nil else { continue }
            key.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
        }
        return String(key)
    }

    /// Trimmed, every run of white space one space.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func readName(_ text: String, field: InputField, what: String, maximum: Int, accepted: String) -> Result<String, InputError> {
        let name = collapse(text)
        guard !name.isEmpty else { return .failure(InputError(field, "No \(what) was entered. Accepted: \(accepted).")) }
        if let bad = name.first(where: { !($0.isLetter || " .-'".contains($0)) }) {
            return .failure(InputError(field, "\(Display.quoted(String(bad))) cannot be in a \(what). Accepted: \(accepted)."))
        }
        guard name.filter(\.isLetter).count >= 2 else {
            return .failure(InputError(field, "\(Display.quoted(name)) has fewer than 2 letters. Accepted: \(accepted)."))
        }
        guard name.count <= maximum else {
            return .failure(InputError(field, "The \(what) is longer than \(maximum) characters. Accepted: \(accepted)."))
        }
        return .success(name)
    }
}

/// The patient's two identifiers (section 6): the full name, and a medical record number or
/// the date of birth (or both).
public enum PatientIdentity {
    /// Characters a patient's full name holds.
    public static let nameMaximumLength = 64
    public static let nameAccepted = "as on the wristband, at least 2 letters; letters, spaces, \".\", \"-\" and \"'\", up to \(nameMaximumLength) characters, for example Jane Doe"
    /// Characters a medical record number holds.
    public static let recordNumberMaximumLength = 20
    public static let recordNumberAccepted = "as on the wristband, 1 to \(recordNumberMaximumLength) letters and digits with at least one digit; \"-\", \"/\" and \".\" may separate them, for example 123456 or MRN-0042"
    /// The oldest date of birth taken, in years before today.
    public static let oldestAgeYears = 130
    public static let dateOfBirthAccepted = "YYYY-MM-DD, for example 1980-04-23, not after today"
    public static let secondIdentifierNeeded = "Enter a medical record number or a date of birth: the record needs two identifiers."

    /// The full name, trimmed with its spaces collapsed.
    public static func parseName(_ text: String) -> Result<String, InputError> {
        PersonName.readName(text, field: .patientName, what: "patient's name", maximum: nameMaximumLength, accepted: nameAccepted)
    }

    /// A medical record number: letters and digits with at least one digit, "-", "/" or "."
    /// between them; letters are kept as typed.
    public static func parseRecordNumber(_ text: String) -> Result<String, InputError> {
        let number = text.trimmingWhitespace
        guard !number.isEmpty else { return .failure(InputError(.recordNumber, "No medical record number was entered. Accepted: \(recordNumberAccepted).")) }
        if let bad = number.first(where: { !(($0.isASCII && ($0.isLetter || $0.isNumber)) || "-/.".contains($0)) }) {
            return .failure(InputError(.recordNumber, "\(Display.quoted(String(bad))) cannot be in a medical record number. Accepted: \(recordNumberAccepted)."))
        }
        guard number.count <= recordNumberMaximumLength else {
            return .failure(InputError(.recordNumber, "Medical record number \(Display.quoted(number)) is longer than \(recordNumberMaximumLength) characters. Accepted: \(recordNumberAccepted)."))
        }
        guard number.contains(where: { $0.isNumber }), let first = number.first, let last = number.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber else {
            return .failure(InputError(.recordNumber, "\(Display.quoted(number)) is not a medical record number. Accepted: \(recordNumberAccepted)."))
        }
        return .success(number)
    }

    /// A date of birth: a real date, not after `today`, at most `oldestAgeYears` before it.
    public static func parseDateOfBirth(_ text: String, today: CalendarDate) -> Result<CalendarDate, InputError> {
        guard !text.trimmingWhitespace.isEmpty else {
            return .failure(InputError(.dateOfBirth, "No date of birth was entered. Accepted: \(dateOfBirthAccepted)."))
        }
        return CalendarDate.parse(text, field: .dateOfBirth, accepted: "Accepted: \(dateOfBirthAccepted).").flatMap { date in
            if today < date {
                return .failure(InputError(.dateOfBirth, "Date of birth \(date.text) is after today, \(today.text). Accepted: \(dateOfBirthAccepted)."))
            }
            if age(born: date, on: today) > oldestAgeYears {
                return .failure(InputError(.dateOfBirth, "Date of birth \(date.text) is more than \(oldestAgeYears) years ago. Check the year; type \(dateOfBirthAccepted)."))
            }
            return .success(date)
        }
    }

    /// Age in completed years on `date` (a birthday on 29 February counts on 1 March in a
    /// common year). Never negative.
    public static func age(born: CalendarDate, on date: CalendarDate) -> Int {
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return max(years, 0)
    }
}

/// The order or prescription reference (section 6, optional).
public enum OrderReference {
    public static let maximumLength = 32
    public static let accepted = "up to \(maximumLength) letters, digits, spaces and \"-\", \"/\", \".\", \"#\", \"_\", for example RX-2026-118; or nothing when there is none"

    /// Nil when nothing is typed (the reference is optional).
    public static func parse(_ text: String) -> Result<String?, InputError> {
        let reference = PersonName.collapse(text)
        guard !reference.isEmpty else { return .success(nil) }
        if let bad = reference.first(where: { !(($0.isASCII && ($0.isLetter || $0.isNumber)) || " -/.#_".contains($0)) }) {
            return .failure(InputError(.orderReference, "\(Display.quoted(String(bad))) cannot be in an order reference. Accepted: \(accepted)."))
        }
        guard reference.count <= maximumLength else {
            return .failure(InputError(.orderReference, "The order reference is longer than \(maximumLength) characters. Accepted: \(accepted)."))
        }
        return .success(reference)
    }
}

/// Where the weight comes from (section 6).
public enum WeightSource: String, Sendable, CaseIterable, Codable {
    case measuredToday = "measured-today"
    case fromOrder = "from-the-order"

    public var phrase: String {
        switch self {
        case .measuredToday: "measured today"
        case .fromOrder: "from the order"
        }
    }

    public static let dateAccepted = "YYYY-MM-DD, for example 2026-11-20, not after today"

    /// The date of a weight taken from the order: a real date, not after `today`.
    public static func parseDate(_ text: String, today: CalendarDate) -> Result<CalendarDate, InputError> {
        guard !text.trimmingWhitespace.isEmpty else {
            return .failure(InputError(.weightDate, "No date was entered for the weight. Accepted: \(dateAccepted)."))
        }
        return CalendarDate.parse(text, field: .weightDate, accepted: "Accepted: \(dateAccepted).").flatMap { date in
            today < date
                ? .failure(InputError(.weightDate, "The weight's date, \(date.text), is after today, \(today.text). Accepted: \(dateAccepted)."))
                : .success(date)
        }
    }
}

/// The lot and expiry of the vials of one strength, typed or read from the vial's GS1
/// DataMatrix (section 6).
public struct VialLotEntry: Equatable, Sendable {
    public let strength: Int
    public let lot: String
    public let expiry: CalendarDate
    /// The GTIN read from a barcode; nil when typed.
    public let gtin: String?
    /// The serial number (21) read from a barcode, if any.
    public let serial: String?

    public var wasScanned: Bool { gtin != nil }

    public init(strength: Int, lot: String, expiry: CalendarDate, gtin: String? = nil, serial: String? = nil) {
        self.strength = strength
        self.lot = lot
        self.expiry = expiry
        self.gtin = gtin
        self.serial = serial
    }

    public static let expiryAccepted = "as printed on the vial, YYYY-MM-DD or YYYY-MM (the end of that month), for example 2027-03-31 or 2027-03"

    /// Whether the text in the lot field is a scanned code rather than a typed lot: it
    /// holds a group separator, a symbology identifier ("]d2"), starts with "(01)", or is
    /// "01" followed by at least 14 digits.
    public static func looksScanned(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace
        if trimmed.contains(GS1VialCode.groupSeparator) || trimmed.hasPrefix("]") || trimmed.hasPrefix("(") { return true }
        return trimmed.hasPrefix("01") && trimmed.prefix(16).count == 16 && trimmed.prefix(16).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// An expiry as printed on a vial: YYYY-MM-DD, or YYYY-MM meaning the last day of the
    /// month (as GS1's day "00").
    public static func parseExpiry(_ text: String) -> Result<CalendarDate, InputError> {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return .failure(InputError(.expiry, "No expiry was entered. Accepted: \(expiryAccepted).")) }
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2,
           parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
           let year = Int(parts[0]), let month = Int(parts[1]) {
            guard (1...12).contains(month), (1...9999).contains(year),
                  let date = CalendarDate(year: year, month: month, day: LocalDateTime.daysIn(month: month, year: year)) else {
                return .failure(InputError(.expiry, "Expiry \(Display.quoted(trimmed)) is not a month. Accepted: \(expiryAccepted)."))
            }
            return .success(date)
        }
        return CalendarDate.parse(trimmed, field: .expiry).mapError { _ in
            InputError(.expiry, "Expiry \(Display.quoted(trimmed)) is not understood. Accepted: \(expiryAccepted).")
        }
    }

    /// Reads one strength's lot: a scan in `lotText` gives the lot, the expiry and the GTIN
    /// (the expiry field is then not used); otherwise `lotText` is the lot and `expiryText`
    /// the expiry. Errors: a malformed scan (with what was read), a lot or expiry refused.
    public static func read(strength: Int, lotText: String, expiryText: String, today: CalendarDate) -> Result<VialLotEntry, InputError> {
        if looksScanned(lotText) {
            return GS1VialCode.parse(lotText, today: today).map {
                VialLotEntry(strength: strength, lot: $0.lot, expiry: $0.expiry, gtin: $0.gtin, serial: $0.serial)
            }
        }
        return VialLot.parse(lotText).flatMap { lot in
            parseExpiry(expiryText).map { VialLotEntry(strength: strength, lot: lot, expiry: $0) }
        }
    }
}

extension Rules {
    /// Section 6: an expired vial is a hard stop; a GTIN not in the site's list for that
    /// strength (when the list is set) is a hard stop.
    public static func vialLotFindings(_ entry: VialLotEntry, today: CalendarDate, policy: SitePolicy) -> [Finding] {
        var findings: [Finding] = []
        let strength = Display.strength(entry.strength)
        if isExpired(entry.expiry, today: today) {
            findings.append(Finding(.hard, .vialExpired,
                "The \(strength) vials of lot \(entry.lot) expired on \(entry.expiry.text) (today is \(today.text)): do not use them. Take vials within their expiry and enter their lot."))
        }
        if let gtin = entry.gtin, let listed = policy.vialGTINs[entry.strength], !listed.isEmpty, !listed.contains(gtin) {
            findings.append(Finding(.hard, .vialNotInSiteList,
                "GTIN \(gtin): this is not a \(strength) imiglucerase vial in this site's list. Check the vial and its carton; scan a listed vial."))
        }
        return findings
    }
}

extension CalendarDate {
    init(validYear year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }
}

extension LocalDateTime {
    /// The calendar date of this local time.
    public var date: CalendarDate { CalendarDate(validYear: year, month: month, day: day) }
}

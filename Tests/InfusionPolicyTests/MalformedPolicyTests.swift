import Foundation
import InfusionCalc
@testable import InfusionPolicy
import Testing

/// Malformed and loosening policy files: each is refused with the file, the line and the
/// key (rule book section 9). The line and key are worked out by hand from the text.
@Suite("Malformed and loosening policy files")
struct MalformedPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let line: Int
        let key: String
        /// A word the message must hold.
        let says: String
        var testDescription: String { name }
    }

    /// `header` is lines 1 to 6 (the sixth empty): a body's first line is line 7.
    static func body(_ name: String, _ body: String, line: Int, key: String, says: String = "") -> Case {
        Case(name: name, text: header + body, line: line, key: key, says: says)
    }

    static func whole(_ name: String, _ text: String, line: Int, key: String, says: String = "") -> Case {
        Case(name: name, text: text, line: line, key: key, says: says)
    }

    static let gtin = "00312345678906"

    static let cases: [Case] = [
        // Unknown keys and sections.
        body("unknown key in a section", "[rounding]\ntolerance = 5\n", line: 8, key: "rounding.tolerance", says: "did you mean"),
        body("misspelled key", "[rounding]\ntolerence_percent = 5\n", line: 8, key: "rounding.tolerence_percent", says: "rounding.tolerance_percent"),
        body("unknown section", "[bag]\nmethod = \"empty\"\n", line: 7, key: "bag", says: "unknown setting"),
        body("a setting written in the header table", "flush_ml = 20\n", line: 7, key: "policy.flush_ml", says: "preparation.flush_ml"),
        body("unknown key in preparation", "[preparation]\nflush = 20\n", line: 8, key: "preparation.flush", says: "unknown"),
        body("unknown key after a known one", "[vials]\non_hand = [400]\nstrengths = [400]\n", line: 9, key: "vials.strengths", says: "unknown"),
        body("unknown label key", "[label]\ncolour = \"red\"\n", line: 8, key: "label.colour", says: "unknown"),
        body("an array of tables", "[[durations]]\noffered_minutes = [120]\n", line: 7, key: "durations", says: "a table header is written on one line"),
        body("unknown records key", "[records]\nurl = \"postgres://x\"\nuser = \"a\"\n", line: 9, key: "records.user", says: "unknown"),
        body("unknown sub-table", "[vials.gtins]\n400 = [\"\(gtin)\"]\n[vials.extra]\nx = 1\n", line: 9, key: "vials.extra", says: "unknown"),
        body("unknown key with a dotted name", "[rounding]\nlimits.tolerance = 5\n", line: 8, key: "rounding.limits", says: "unknown"),
        // Wrong types.
        body("bool as a string", "[rounding]\nallowed = \"yes\"\n", line: 8, key: "rounding.allowed", says: "true or false"),
        body("tolerance as a string", "[rounding]\ntolerance_percent = \"5\"\n", line: 8, key: "rounding.tolerance_percent", says: "expected a number"),
        body("vials not a list", "[vials]\non_hand = 400\n", line: 8, key: "vials.on_hand", says: "list of whole numbers"),
        body("vials as strings", "[vials]\non_hand = [\"400\"]\n", line: 8, key: "vials.on_hand", says: "an element is a string"),
        body("vials as floats", "[vials]\non_hand = [400.0]\n", line: 8, key: "vials.on_hand", says: "floating-point"),
        body("a duration with decimals", "[durations]\noffered_minutes = [120, 150.5]\n", line: 8, key: "durations.offered_minutes", says: "whole numbers"),
        body("default duration as a float", "[durations]\ndefault_minutes = 120.0\n", line: 8, key: "durations.default_minutes", says: "a whole number"),
        body("bud_hours as a string", "[deadlines]\nsetting = \"pharmacy\"\nbud_hours = \"12\"\n", line: 9, key: "deadlines.bud_hours", says: "a whole number"),
        body("stability as a number", "[deadlines]\nstability = 1\n", line: 8, key: "deadlines.stability", says: "a string"),
        body("bag sizes not a list", "[preparation]\nbag_sizes_ml = 250\n", line: 8, key: "preparation.bag_sizes_ml", says: "list"),
        body("flush with its unit in a string", "[preparation]\nflush_ml = \"20 mL\"\n", line: 8, key: "preparation.flush_ml", says: "expected a number"),
        body("double check as a bool", "[preparation]\ndouble_check = true\n", line: 8, key: "preparation.double_check", says: "a string"),
        body("printer as a number", "[label]\nprinter = 5\n", line: 8, key: "label.printer", says: "a string"),
        body("records url as a list", "[records]\nurl = [\"a\"]\n", line: 8, key: "records.url", says: "a string"),
        body("GTINs as a list, not a table", "[vials]\ngtins = [\"\(gtin)\"]\n", line: 8, key: "vials.gtins", says: "expected a table"),
        body("overfill as a number, not a table", "[preparation]\nbag_overfill_ml = 10\n", line: 8, key: "preparation.bag_overfill_ml", says: "expected a table"),
        body("GTIN as a string, not a list", "[vials.gtins]\n400 = \"\(gtin)\"\n", line: 8, key: "vials.gtins.400", says: "list of strings"),
        whole("a section written as a value", "rounding = 5\n" + header, line: 1, key: "rounding", says: "expected a table"),
        body("rate caps on as 1", "[rate_caps]\nenabled = 1\n", line: 8, key: "rate_caps.enabled", says: "true or false"),
        body("cap as a string", "[rate_caps]\nfirst_infusion = \"0.5\"\n", line: 8, key: "rate_caps.first_infusion", says: "expected a number"),
        body("GTIN list with a number", "[vials.gtins]\n400 = [\"\(gtin)\", 5]\n", line: 8, key: "vials.gtins.400", says: "an element"),
        whole("a right-to-left override in the policy id", "[policy]\nid = \"north\u{202E}etius\"\nversion = \"4\"\napproved_by = \"A. Pharmacist\"\napproval_date = 2026-11-01\n",
              line: 2, key: "policy.id", says: "invisible formatting character"),
        whole("a line separator in who approved it", "[policy]\nid = \"north\"\nversion = \"4\"\napproved_by = \"A.\u{2028}Pharmacist\"\napproval_date = 2026-11-01\n",
              line: 4, key: "policy.approved_by", says: "invisible formatting character"),
        whole("an empty policy id", "[policy]\nid = \"\"\nversion = \"4\"\napproved_by = \"A. Pharmacist\"\napproval_date = 2026-11-01\n",
              line: 2, key: "policy.id", says: "the policy's header needs it"),
        // One spelling per strength or size: "0400" beside 400 would drop one list unseen.
        body("a strength with a leading zero beside the same strength", "[vials.gtins]\n400 = [\"\(gtin)\"]\n\"0400\" = [\"\(gtin)\"]\n",
             line: 9, key: "vials.gtins.0400", says: "without leading zeros"),
        body("a bag size with a leading zero", "[preparation]\nbag_method = \"prefilled\"\nbag_sizes_ml = [100, 250]\n[preparation.bag_overfill_ml]\n\"0100\" = 10\n",
             line: 11, key: "preparation.bag_overfill_ml.0100", says: "without leading zeros"),
        // Values not in the list of choices.
        body("rounding policy up", "[rounding]\npolicy = \"up\"\n", line: 8, key: "rounding.policy", says: "\"nearest\""),
        body("UK label", "[deadlines]\nstability = \"uk-label\"\n", line: 8, key: "deadlines.stability", says: "\"eu-label\""),
        body("ward setting", "[deadlines]\nsetting = \"ward\"\n", line: 8, key: "deadlines.setting", says: "\"pharmacy\""),
        body("glass bag", "[preparation]\nbag_method = \"glass\"\n", line: 8, key: "preparation.bag_method", says: "\"prefilled\""),
        body("double check sometimes", "[preparation]\ndouble_check = \"sometimes\"\n", line: 8, key: "preparation.double_check", says: "\"always\""),
        body("PDF label", "[label]\nformat = \"pdf\"\n", line: 8, key: "label.format", says: "\"zpl\""),
        body("4x6 label", "[label]\nsize = \"4x6\"\n", line: 8, key: "label.size", says: "\"4x3\""),
        body("capitalised choice", "[deadlines]\nsetting = \"Pharmacy\"\n", line: 8, key: "deadlines.setting", says: "not one of"),
        // Numbers not read exactly, or far too large.
        body("two decimals", "[rounding]\ntolerance_percent = 7.55\n", line: 8, key: "rounding.tolerance_percent", says: "one decimal"),
        body("an exponent", "[rounding]\ntolerance_percent = 1e1\n", line: 8, key: "rounding.tolerance_percent", says: "plain decimal"),
        body("far too large", "[preparation]\nflush_ml = 99999999999\n", line: 8, key: "preparation.flush_ml", says: "far too large"),
        body("a huge bag", "[preparation]\nbag_sizes_ml = [100, 9999999999]\n", line: 8, key: "preparation.bag_sizes_ml", says: "far too large"),
        body("infinity", "[preparation]\nflush_ml = inf\n", line: 8, key: "preparation.flush_ml", says: "plain decimal"),
        // TOML syntax, duplicates, bytes.
        body("a key twice", "[rounding]\ntolerance_percent = 5\ntolerance_percent = 6\n", line: 9, key: "rounding.tolerance_percent", says: "not valid TOML"),
        body("a table twice", "[rounding]\nallowed = true\n[rounding]\npolicy = \"none\"\n", line: 9, key: "rounding", says: "not valid TOML"),
        body("a value missing", "[rounding]\ntolerance_percent = \n", line: 8, key: "rounding.tolerance_percent", says: "not valid TOML"),
        body("an unclosed table header", "[rounding\nallowed = true\n", line: 7, key: "rounding", says: "a table header is written on one line"),
        body("a unit after a number", "[preparation]\nflush_ml = 20 mL\n", line: 8, key: "preparation.flush_ml", says: "not valid TOML"),
        body("an unclosed string", "[label]\nprinter = \"Zebra\n", line: 8, key: "label.printer", says: "not valid TOML"),
        body("a NUL byte", "[label]\nprinter = \"Ze\u{0}bra\"\n", line: 8, key: "label.printer", says: "NUL"),
        body("the header's key twice", "[policy]\nid = \"x\"\n", line: 7, key: "policy", says: "not valid TOML"),
        // A printer lp would refuse: refused at load, not at the last step of a preparation.
        body("a printer name with spaces", "[label]\nprinter = \"Infusion suite Zebra\"\n", line: 8, key: "label.printer", says: "not a printer name"),
        body("a printer name that reads as an option", "[label]\nprinter = \"-o raw\"\n", line: 8, key: "label.printer", says: "not a printer name"),
        // Loosening values (section 9) and unusable ones.
        body("tolerance 12%", "[rounding]\ntolerance_percent = 12\n", line: 8, key: "rounding.tolerance_percent", says: "above the rule book's 10%"),
        body("tolerance 10.5%", "[rounding]\ntolerance_percent = 10.5\n", line: 8, key: "rounding.tolerance_percent", says: "10.5%"),
        body("first-infusion cap 0.6", "[rate_caps]\nfirst_infusion = 0.6\n", line: 8, key: "rate_caps.first_infusion", says: "above the label's 0.5"),
        body("later cap 1.5", "[rate_caps]\nlater_infusion = 1.5\n", line: 8, key: "rate_caps.later_infusion", says: "above the label's 1"),
        body("cap 0", "[rate_caps]\nfirst_infusion = 0\n", line: 8, key: "rate_caps.first_infusion", says: "above 0"),
        body("300 minutes offered", "[durations]\noffered_minutes = [60, 90, 300]\n", line: 8, key: "durations.offered_minutes", says: "300 min"),
        body("the default not offered (not written: the table's line)", "[durations]\noffered_minutes = [150, 180]\n", line: 7, key: "durations.default_minutes", says: "not among"),
        body("bud_hours 48", "[deadlines]\nsetting = \"pharmacy\"\nbud_hours = 48\n", line: 9, key: "deadlines.bud_hours", says: "36 hours"),
        body("bud_hours under immediate use", "[deadlines]\nbud_hours = 6\n", line: 8, key: "deadlines.bud_hours", says: "pharmacy"),
        body("dilute_within_minutes under the US label", "[deadlines]\ndilute_within_minutes = 30\n", line: 8, key: "deadlines.dilute_within_minutes", says: "eu-label"),
        body("dilute_within_minutes 13 hours", "[deadlines]\nstability = \"eu-label\"\ndilute_within_minutes = 780\n", line: 9, key: "deadlines.dilute_within_minutes", says: "12 hours"),
        body("immediate use 6 hours", "[deadlines]\nimmediate_use_hours = 6\n", line: 8, key: "deadlines.immediate_use_hours", says: "1 to 4 hours"),
        body("a 300-unit vial", "[vials]\non_hand = [400, 300]\n", line: 8, key: "vials.on_hand", says: "not a vial strength"),
        body("no vials", "[vials]\non_hand = []\n", line: 8, key: "vials.on_hand", says: "No vial strength"),
        body("a vial strength twice", "[vials]\non_hand = [400, 400]\n", line: 8, key: "vials.on_hand", says: "twice"),
        body("a GTIN with a wrong check digit", "[vials.gtins]\n400 = [\"00312345678907\"]\n", line: 8, key: "vials.gtins.400", says: "check digit"),
        body("GTINs for a strength not on hand", "[vials]\non_hand = [400]\n\n[vials.gtins]\n200 = [\"\(gtin)\"]\n", line: 11, key: "vials.gtins.200", says: "not on hand"),
        body("GTINs under a word, not a strength", "[vials.gtins]\nfour = []\n", line: 8, key: "vials.gtins.four", says: "not a vial strength"),
        body("prefilled without sizes", "[preparation]\nbag_method = \"prefilled\"\nbag_sizes_ml = []\n", line: 9, key: "preparation.bag_sizes_ml", says: "at least one"),
        body("overfill for a size not listed", "[preparation]\nbag_sizes_ml = [100, 250]\n\n[preparation.bag_overfill_ml]\n500 = 10\n", line: 11, key: "preparation.bag_overfill_ml.500", says: "not a bag size"),
        body("overfill above half the bag", "[preparation.bag_overfill_ml]\n100 = 60\n", line: 8, key: "preparation.bag_overfill_ml.100", says: "half the bag"),
        body("flush 51 mL", "[preparation]\nflush_ml = 51\n", line: 8, key: "preparation.flush_ml", says: "0 to 50 mL"),
        body("negative flush", "[preparation]\nflush_ml = -1\n", line: 8, key: "preparation.flush_ml", says: "0 to 50 mL"),
        body("nearest without rounding", "[rounding]\nallowed = false\npolicy = \"nearest\"\n", line: 9, key: "rounding.policy", says: "allowed = true"),
        body("empty printer", "[label]\nprinter = \"\"\n", line: 8, key: "label.printer", says: "empty"),
        body("records url with a space", "[records]\nurl = \"postgres://a b\"\n", line: 8, key: "records.url", says: "space"),
        body("protocol with an escape sequence", "[rounding]\nprotocol = \"RP\\u001b[2J\"\n", line: 8, key: "rounding.protocol", says: "control character"),
        body("a 40 mL bag", "[preparation]\nbag_sizes_ml = [40, 250]\n", line: 8, key: "preparation.bag_sizes_ml", says: "50 to 1,000"),
        body("prefilled bags too small for 100 mL", "[preparation]\nbag_method = \"prefilled\"\nbag_sizes_ml = [50]\n", line: 9, key: "preparation.bag_sizes_ml", says: "smallest final volume"),
        body("a loosening in a multi-line array", "[durations]\noffered_minutes = [\n  60,\n  300,\n]\n", line: 8, key: "durations.offered_minutes", says: "300 min"),
        body("a multi-line string does not hide a key", "[label]\nprinter = '''Zebra'''\n[preparation]\nflush_ml = 60\n", line: 10, key: "preparation.flush_ml", says: "0 to 50 mL"),
        // The header.
        whole("no id", "[policy]\nversion = \"1\"\napproved_by = \"T\"\napproval_date = 2026-11-01\n", line: 1, key: "policy.id", says: "required"),
        whole("no [policy] table", "[rounding]\nallowed = true\n", line: 1, key: "policy.id", says: "[policy]"),
        whole("an empty file", "", line: 1, key: "policy.id", says: "required"),
        whole("no approval date", "[policy]\nid = \"x\"\nversion = \"1\"\napproved_by = \"T\"\n", line: 1, key: "policy.approval_date", says: "required"),
        whole("a 13th month", "[policy]\nid = \"x\"\nversion = \"1\"\napproved_by = \"T\"\napproval_date = \"2026-13-01\"\n", line: 5, key: "policy.approval_date", says: "not a date"),
        whole("a date with a time", "[policy]\nid = \"x\"\nversion = \"1\"\napproved_by = \"T\"\napproval_date = 2026-11-01T10:00:00\n", line: 5, key: "policy.approval_date", says: "expected a date"),
        whole("a version with decimals", "[policy]\nid = \"x\"\nversion = 4.1\napproved_by = \"T\"\napproval_date = 2026-11-01\n", line: 3, key: "policy.version", says: "a string in quotes or a whole number"),
        whole("an empty id", "[policy]\nid = \"\"\nversion = \"1\"\napproved_by = \"T\"\napproval_date = 2026-11-01\n", line: 2, key: "policy.id", says: "empty"),
        whole("an unknown header key", header + "signed = true\n", line: 7, key: "policy.signed", says: "unknown"),
        whole("an inline table with a loosening", "rounding = { tolerance_percent = 12 }\n" + header, line: 1, key: "rounding.tolerance_percent", says: "above"),
        whole("Windows line ends keep their lines", (header + "[rounding]\ntolerance_percent = 11\n").replacingOccurrences(of: "\n", with: "\r\n"),
              line: 8, key: "rounding.tolerance_percent", says: "above"),
    ]

    @Test("at least 60 malformed or loosening files")
    func count() {
        #expect(Self.cases.count >= 60)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "each case has its own name")
    }

    @Test("refused with the file, the line and the key", arguments: cases)
    func refused(_ row: Case) throws {
        let result = read(row.text)
        let errors = try #require(result.failure, "accepted: \(row.text)").errors
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.file == "test.toml" && $0.line != nil && $0.key != nil }, "\(errors.map(\.text))")
        let match = errors.first { $0.line == row.line && $0.key == row.key }
        #expect(match != nil, "expected test.toml:\(row.line): \(row.key); got \(errors.map(\.text))")
        if let match, !row.says.isEmpty { #expect(match.message.contains(row.says), "\(match.message)") }
        #expect(match?.text.hasPrefix("test.toml:\(row.line): \(row.key): ") == true)
    }

    @Test("a line that is not UTF-8 is named with its line and key")
    func notUTF8() throws {
        var bytes = Array((header + "[label]\nprinter = \"Zebra").utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"\n".utf8)
        let errors = try #require(PolicyReader.read(bytes: bytes, file: "bad.toml", sha256: "").failure).errors
        #expect(errors.map(\.text) == ["bad.toml:8: label.printer: the line is not UTF-8 text."])
    }

    @Test("a file larger than 256 KiB is refused whole")
    func tooLarge() throws {
        let bytes = Array((header + "# " + String(repeating: "x", count: 300 * 1024) + "\n").utf8)
        let errors = try #require(PolicyReader.read(bytes: bytes, file: "big.toml", sha256: "").failure).errors
        #expect(errors.first?.message.contains("larger than 256 KiB") == true)
    }

    @Test("every refusal of a loosening value carries the calculation module's typed reason")
    func typedReasons() throws {
        let errors = try #require(read(header + "[rounding]\ntolerance_percent = 12\n[rate_caps]\nlater_infusion = 2\n").failure).errors
        #expect(errors.map(\.problem?.kind) == [.loosens, .loosens])
        #expect(errors.map(\.problem?.setting) == [.roundingTolerance, .laterInfusionRateCap])
        #expect(errors.map(\.line) == [8, 10], "in the order of their lines")
    }
}

@Suite("Showing the records address")
struct RecordsAddressShownTests {
    @Test("a password in the records address is never shown", arguments: [
        ("postgres://nurse:secret@db.example.org/records", "postgres://nurse:***@db.example.org/records"),
        ("postgresql://nurse:secret@db:5432/r?sslmode=require", "postgresql://nurse:***@db:5432/r?sslmode=require"),
        ("postgres://nurse@db/records", "postgres://nurse@db/records"),
        ("postgres://nurse:secret/records", "postgres://nurse:***/records"),
        ("/srv/records.sqlite", "/srv/records.sqlite"),
    ])
    func redacted(url: String, shown: String) {
        #expect(redactedPassword(url) == shown)
        #expect(!redactedPassword(url).contains("secret"))
    }
}

/// Inputs that made toml++ assert (and so abort) before the reader refused them itself:
/// a table header with a character no name holds, broken by a line end or a lone carriage
/// return, and a control character. Each is refused with its line.
@Suite("Malformed headers and control characters never reach toml++")
struct HeaderAndControlCharacterTests {
    @Test("refused with the line", arguments: ["[!olicy]", "[\nolicy]", "[\rolicy]", "[pol icy]", "[[policy]]", "[\u{1}olicy]"])
    func refused(header: String) throws {
        let example = try String(contentsOf: URL(fileURLWithPath: examplePolicyPath), encoding: .utf8)
        let text = example.replacingOccurrences(of: "[policy]", with: header)
        guard case .failure(let refused) = PolicyReader.read(bytes: Array(text.utf8), file: "bad.toml", sha256: "") else {
            Issue.record("\(header.debugDescription) was read")
            return
        }
        let line = try #require(refused.errors.first?.line)
        let headerLine = (example.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "[policy]" } ?? 0) + 1
        #expect(line == headerLine || line == headerLine + 1, "\(refused.errors.map(\.text))")
    }
}

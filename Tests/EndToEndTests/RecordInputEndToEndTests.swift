import Foundation
import TestSupport
import Testing

/// Issue 10: bad identifiers, dates, lots and barcodes (60 cases) typed in --plain through
/// the real binary are refused with what is accepted, the question is asked again, the
/// right answer is taken and the preparation goes on; nothing entered before is lost (the
/// finished record holds every earlier answer).
@Suite("records: bad section 6 answers refused in --plain (binary)", .serialized)
struct RecordInputEndToEndTests {
    /// The questions the rows are fed at, with the start of each one's prompt (to cut the
    /// question asked again off the error before it) and what every refusal there must say
    /// is accepted.
    enum Question: String, CaseIterable {
        case preparer, patientName, recordNumber, dateOfBirth, orderReference, weightDate, lot, expiry, scan

        var prompt: String {
            switch self {
            case .preparer: "Preparer (your name or initials)"
            case .patientName: "Patient's full name"
            case .recordNumber: "Medical record number (MRN)"
            case .dateOfBirth: "Date of birth"
            case .orderReference: "Order or prescription reference"
            case .weightDate: "Date the weight was measured"
            case .lot: "Lot of the 400-unit vials"
            case .expiry: "Expiry of the 400-unit vials"
            case .scan: "Lot of the 200-unit vials"
            }
        }

        /// What every refusal at this question names as accepted.
        var accepted: [String] {
            switch self {
            case .preparer, .patientName: [#"letters, spaces, ".", "-" and "'""#]
            case .recordNumber: [#""-", "/" and ".""#]
            case .dateOfBirth, .weightDate: ["YYYY-MM-DD"]
            case .orderReference: [##""-", "/", ".", "#", "_""##]
            case .lot: ["letters, digits"]
            case .expiry: ["YYYY-MM"]
            // A malformed scan: what was read, and what a vial's code holds.
            case .scan: ["Barcode", "(01) GTIN, (17) expiry and (10) lot"]
            }
        }

        /// The longest answer the question's field holds (longer ones are refused whole by the
        /// plain front end before they reach the field).
        var fieldLength: Int {
            switch self {
            case .preparer: 32
            case .patientName: 64
            case .recordNumber: 20
            case .dateOfBirth, .weightDate, .expiry: 10
            case .orderReference: 32
            case .lot, .scan: 80
            }
        }
    }

    struct Row: CustomStringConvertible {
        let question: Question
        let answer: String
        var description: String { "\(question) \(answer.debugDescription)" }
    }

    static let groupSeparator = "\u{1D}"
    /// GS1's own example GTIN (valid check digit) with an expiry and a lot.
    static let gtin = "0109506000134352"

    /// 60 bad answers.
    static let rows: [Row] = {
        let table: [(Question, [String])] = [
            (.preparer, ["J", "J5", "Jo_Smith", "@@", String(repeating: "A", count: 33), "  "]),
            (.patientName, ["X", "Jane2", "Jane_Doe", "J@ne", String(repeating: "A", count: 65), ""]),
            (.recordNumber, ["ABC", "12 34", "-123", "123-", "#123", String(repeating: "1", count: 21), "äöü1"]),
            // The empty date of birth last: it is refused only when no MRN is given (run 7 has no MRN row).
            (.dateOfBirth, [utcDay(1), "2026-02-30", "1880-01-01", "29/11/2026", "1980-13-01", "yesterday", "1980-4-23", ""]),
            (.orderReference, ["RX;1", "RX*2", String(repeating: "R", count: 33), "ordre€", "<script>"]),
            (.weightDate, [utcDay(1), "2026-02-30", "26/11/2026", "", "2026-11", "today"]),
            (.lot, ["", "A 1", "LOT#1", String(repeating: "L", count: 21), "ÄB12", "AB\\12"]),
            (.expiry, ["", "2027-13", "2027-3", "03/2027", "2027-02-30", "March 2027", "27-03"]),
            (.scan, [
                "0109506000134353" + "17271231" + "10AB-123",              // bad check digit
                gtin + "10AB-123",                                         // no (17)
                gtin + "17271231",                                         // no (10)
                gtin + "17271340" + "10AB-123",                            // (17) 271340: no 40th day
                gtin + "17271231" + "99XYZ" + groupSeparator + "10AB-123", // unknown identifier (99)
                gtin + "17271231" + "10" + String(repeating: "L", count: 21), // lot longer than 20
                "(01)garbage",
                "(01)09506000134353(17)271231(10)AB-123",                  // bad check digit, in parentheses
                "]d2garbage",
            ]),
        ]
        return table.flatMap { question, answers in answers.map { Row(question: question, answer: $0) } }
    }()

    /// The runs: run k holds the k-th bad answer of each question (at most one per question).
    static var runs: [[Row]] {
        let byQuestion = Dictionary(grouping: rows, by: \.question)
        let count = byQuestion.values.map(\.count).max() ?? 0
        return (0..<count).map { index in Question.allCases.compactMap { byQuestion[$0].map { $0.count > index ? $0[index] : nil } ?? nil } }
    }

    @Test("the table holds at least 60 bad answers, every kind the issue names")
    func tableSize() {
        #expect(Self.rows.count >= 60)
        #expect(Set(Self.rows.map(\.question)) == Set(Question.allCases))
        #expect(Self.runs.map(\.count).reduce(0, +) == Self.rows.count)
    }

    @Test("bad answers refused with what is accepted, asked again, the preparation goes on and the record keeps every earlier answer",
          arguments: 0..<9)
    func refusedAndKept(run: Int) throws {
        let rows = Self.runs[run]
        let has = { (question: Question) in rows.first { $0.question == question } }
        let sandbox = try Sandbox()
        // The MRN only when a bad one is corrected in this run: the date of birth is then
        // the second identifier, and an empty one is refused.
        var answers = SectionSixAnswers(recordNumber: has(.recordNumber) == nil ? "" : "123456", dateOfBirth: "1980-04-23",
                                        orderReference: "RX-2026/42", weightFromOrder: utcDay(-3))
        answers.preparer = "JS"
        // The answers, with each bad one just before the right one at its question.
        var script: [String] = []
        func ask(_ question: Question?, _ right: String) {
            if let question, let row = has(question) { script.append(row.answer) }
            script.append(right)
        }
        ask(.preparer, answers.preparer); ask(nil, "")
        ask(.patientName, answers.name); ask(.recordNumber, answers.recordNumber); ask(.dateOfBirth, answers.dateOfBirth)
        ask(.orderReference, answers.orderReference); ask(nil, "70"); ask(nil, "2"); ask(.weightDate, answers.weightFromOrder ?? "")
        for answer in ["n", "n", "n", "4", "", "60", "", ""] { ask(nil, answer) }
        ask(.lot, "A1234"); ask(.expiry, "2027-03"); ask(.scan, "B5678"); ask(nil, "2027-05")
        script += SectionSixAnswers.afterVials

        let result = try runInfusionPrep(["--plain"], input: plainScript(script), sandbox: sandbox)
        #expect(result.status == 0, "run \(run) \(rows): \(result.standardError)\n\(result.standardOutput.suffix(4000))")
        let errors = Self.errors(in: outputLines(result), for: rows)
        #expect(errors.count == rows.count, "one refusal per bad answer: \(rows)\n\(errors.map(\.text).joined(separator: "\n"))")
        for (row, error) in zip(rows, errors) {
            let check = {
                #expect(error.text.hasPrefix("Error: "), "\(row): \(error.text)")
                for accepted in row.question.accepted {
                    #expect(error.text.contains(accepted), "\(row): the refusal does not name what is accepted (\(accepted)): \(error.text)")
                }
                let shown = row.answer.trimmingCharacters(in: .whitespaces)
                if !shown.isEmpty {
                    // What was read: the answer's start as typed, or for a scan the GTIN read
                    // from it (a scan may be shown element by element).
                    var read = [String(shown.prefix(10))]
                    let digits = shown.filter(\.isNumber)
                    if row.question == .scan && digits.count >= 16 { read.append(String(digits.dropFirst(2).prefix(14))) }
                    #expect(read.contains { error.text.contains($0) }, "\(row): the refusal does not say what was read: \(error.text)")
                }
                // Asked again: the same question right after the refusal.
                #expect(error.next.hasPrefix(row.question.prompt), "\(row): not asked again right after: \(error.text)")
            }
            check()
        }
        // Nothing typed before a refusal is lost: the record holds every answer.
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        expectSectionSixRecord(record.entries, answers, lots: referenceLotsRecorded)
    }

    @Test("--plain takes a patient's name and an order reference longer than 12 characters, and a GS1 code scanned into Lot")
    func longAnswersInPlain() throws {
        let sandbox = try Sandbox()
        let answers = SectionSixAnswers(name: "Alexandra Smithson", orderReference: "RX-2026/000042", lots: [(400, "A1234", "2027-03")])
        // The 200-unit lot scanned: a GS1 code, then no expiry is asked.
        let script = Array(answers.plainAnswers.prefix(19)) + [Self.gtin + "17271231" + "10AB-123" + Self.groupSeparator + "21XYZ"]
            + SectionSixAnswers.afterVials
        let result = try runInfusionPrep(["--plain"], input: plainScript(script), sandbox: sandbox)
        #expect(result.status == 0, "\(result.standardError)\n\(result.standardOutput.suffix(3000))")
        #expect(!result.standardOutput.contains("Error: "), "\(result.standardOutput)")
        let record = try exportedJSON(sandbox.records, sandbox: sandbox)
        expectSectionSixRecord(record.entries, answers, lots: [400: ("A1234", "2027-03-31", "typed"), 200: ("AB-123", "2027-12-31", "scanned")])
    }

    /// The refusals in a plain transcript, in order: each "Error:" paragraph (without the
    /// question asked again after it) and the question that follows it. `rows` gives the
    /// question each refusal belongs to: its prompt, as first asked in the transcript (from
    /// the line it starts to the one that ends with ":"), is cut off the refusal.
    static func errors(in lines: [String], for rows: [Row]) -> [(text: String, next: String)] {
        let starts = lines.indices.filter { lines[$0].hasPrefix("Error: ") }
        return zip(starts, rows).map { start, row in
            let tail = squeezed(Array(lines[start..<min(start + 16, lines.count)]))
            guard let prompt = firstPrompt(row.question, in: lines), let cut = tail.range(of: " " + prompt) else {
                return (String(tail.prefix(800)), "")
            }
            return (String(tail[..<cut.lowerBound]), prompt)
        } + starts.dropFirst(rows.count).map { (squeezed(Array(lines[$0..<min($0 + 4, lines.count)])), "") }
    }

    /// A question's prompt as first asked: from the line that starts with its start to the
    /// first line that ends with ":", squeezed.
    static func firstPrompt(_ question: Question, in lines: [String]) -> String? {
        guard let first = lines.firstIndex(where: { $0.hasPrefix(question.prompt) }) else { return nil }
        guard let last = lines[first...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasSuffix(":") }) else { return nil }
        return squeezed(Array(lines[first...last]))
    }
}

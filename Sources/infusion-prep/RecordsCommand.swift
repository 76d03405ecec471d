import ArgumentParser
import Foundation
import InfusionCalc
import InfusionRecords

/// `infusion-prep records`: read and verify the preparation records. Nothing here writes.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List, show and verify the preparation records.",
        discussion: "Exit status: 0 done; 1 the record chain does not verify; 2 bad input; 4 the records cannot be read.",
        subcommands: [List.self, Show.self, Export.self, Report.self, Verify.self, Copy.self]
    )

    struct Location: ParsableArguments {
        @Option(help: ArgumentHelp("The preparation records database: a file or a postgres:// URL (default as for the wizard).", valueName: "path|url"))
        var records: String?

        /// The root command declares `--records` too (for the wizard), and the argument
        /// parser gives a value after the subcommand to the root's option; read it there.
        var given: String? { records ?? ArgumentFallback.value(of: "--records") }

        /// The store; `forReading: false` for a command that appends (`label --reprint`).
        func open(forReading: Bool = true) throws -> any RecordStore {
            let environment = ProgramEnvironment.read()
            // The site policy may name the suite's shared store (records.url).
            let site = given == nil && (environment["INFUSION_PREP_RECORDS"] ?? "").isEmpty ? try PolicyCommand.load(explicit: nil) : nil
            let path = given ?? RecordLocation.defaultPath(environment: environment, policy: site?.policy)
            // The records commands and the label command never make a new, empty store: a
            // mistyped path must not read as an empty, intact record.
            guard StoreLocation.isPostgres(path) || FileManager.default.fileExists(atPath: path) else {
                Output.error("there are no records yet at \(path): no records database is there (check the path)")
                throw Exit(status: ExitStatus.recordNotSaved)
            }
            do {
                return try StoreLocation.open(path, forReading: forReading)
            } catch {
                Output.error(error.message)
                throw Exit(status: ExitStatus.recordNotSaved)
            }
        }
    }

    /// After a command has shown what the store holds: if the hash chain does not verify,
    /// says which entry and exits `ExitStatus.chainBroken`, so that records changed after
    /// they were written are never passed on without a word (the output above stays).
    /// `consequence`: what it means for this command, said after the entry (nil: nothing
    /// more). Returns how many entries were verified; a store that cannot be read exits
    /// `ExitStatus.recordNotSaved`.
    @discardableResult
    static func requireIntactChain(_ store: any RecordStore,
                                   consequence: String? = "What is shown cannot be trusted; see infusion-prep records verify.") throws -> Int {
        let result: ChainVerification
        do {
            result = try store.verify()
        } catch {
            Output.error("the record chain of \(store.shownLocation) could not be verified: \(error.message)")
            throw Exit(status: ExitStatus.recordNotSaved)
        }
        switch result {
        case .intact(let count):
            return count
        case .broken(let sequence, let reason):
            Output.error("entry \(sequence) of \(store.shownLocation) does not verify: \(reason)" + (consequence.map { " " + $0 } ?? ""))
            throw Exit(status: ExitStatus.chainBroken)
        }
    }

    static func entries(_ store: any RecordStore, preparationID: String? = nil) throws -> [RecordEntry] {
        do {
            return try store.entries(preparationID: preparationID)
        } catch {
            Output.error(error.message)
            throw Exit(status: ExitStatus.recordNotSaved)
        }
    }

    enum ListFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// A `--since` date: YYYY-MM-DD, a real date. Exit 2 otherwise.
    static func sinceDate(_ since: String?) throws -> String? {
        guard let since else { return nil }
        guard case .success(let date) = CalendarDate.parse(since, field: .time) else {
            Output.error("--since \(since.debugDescription) is not a date: use YYYY-MM-DD, for example 2026-11-01")
            throw Exit(status: ExitStatus.badInput)
        }
        return date.text
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per preparation: its id, when it began, its outcome, the patient, the preparer, the dose.")
        @OptionGroup var location: Location
        @Option(help: ArgumentHelp("Only preparations begun on or after this date (YYYY-MM-DD).", valueName: "date"))
        var since: String?
        @Option(help: ArgumentHelp("Only this patient's preparations: the medical record number, the date of birth (YYYY-MM-DD) or the full name.", valueName: "id"))
        var patient: String?
        @Option(help: "text (one line each) or json (an array of summaries).")
        var format: ListFormat = .text

        func run() throws {
            let since = try RecordsCommand.sinceDate(since)
            if let patient, patient.trimmingWhitespace.isEmpty {
                Output.error("--patient is empty: give a medical record number, a date of birth (YYYY-MM-DD) or a full name")
                throw Exit(status: ExitStatus.badInput)
            }
            let store = try location.open()
            let preparations = PreparationRecord.group(try RecordsCommand.entries(store))
                .filter { record in since.map { record.beganDate >= $0 } ?? true }
                .filter { record in patient.map(record.isPatient) ?? true }
            switch format {
            case .text:
                if preparations.isEmpty { Output.out("No preparations recorded" + (since != nil || patient != nil ? " that match." : ".")) }
                for record in preparations {
                    let dose = record.value("prepared_dose_units").map { Int($0).map(Display.units) ?? $0 + " units" } ?? "no dose"
                    Output.out("\(record.id)  \(record.beganForPeople)  \(record.outcome)  \(record.patientText)  preparer \(record.preparer ?? "not entered")  \(dose)")
                }
            case .json:
                try Output.json { () throws(JSONEncodingError) in try RecordJSON.list(preparations) }
            }
            try RecordsCommand.requireIntactChain(store)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every entry of one preparation, in order.")
        @OptionGroup var location: Location
        @Argument(help: ArgumentHelp("The preparation id (see records list).", valueName: "id"))
        var id: String

        func run() throws {
            let store = try location.open()
            let entries = try RecordsCommand.entries(store, preparationID: id)
            guard !entries.isEmpty else {
                Output.error("no preparation with the id \(id.debugDescription); see infusion-prep records list")
                throw Exit(status: ExitStatus.badInput)
            }
            Output.out("Preparation \(id)")
            for entry in entries {
                let corrects = entry.corrects.map { " (corrects entry \($0))" } ?? ""
                Output.out("#\(entry.sequence)  \(entry.recordedAt)  \(entry.kind.rawValue)\(corrects)")
                guard let payload = PreparationRecord.readablePayload(entry) else {
                    Output.out("    payload not readable, as stored: \(Sanitize.visible(entry.payload, limit: 2000))")
                    continue
                }
                for (key, value) in payload.sorted(by: { $0.key < $1.key }) {
                    let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
                    Output.out("    \(key): \(lines.first ?? "")")
                    for line in lines.dropFirst() { Output.out("      \(line)") }
                }
            }
            try RecordsCommand.requireIntactChain(store)
        }
    }

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, fhir
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One preparation as text (the summary a person reads), JSON (the whole record) or FHIR (an R4 Bundle with a MedicationDispense).")
        @OptionGroup var location: Location
        @Argument(help: ArgumentHelp("The preparation id (see records list).", valueName: "id"))
        var id: String
        @Option(help: "text, json or fhir.")
        var format: ExportFormat = .text

        func run() throws {
            let store = try location.open()
            let entries = try RecordsCommand.entries(store, preparationID: id)
            guard !entries.isEmpty else {
                Output.error("no preparation with the id \(id.debugDescription); see infusion-prep records list")
                throw Exit(status: ExitStatus.badInput)
            }
            switch format {
            case .text:
                if let outcome = entries.last(where: { $0.kind == .outcome }), let summary = PreparationRecord.payload(outcome)["summary"] {
                    Output.out("Preparation \(id), recorded \(PreparationRecord.forPeople(entries[0].recordedAt))")
                    Output.out(summary)
                } else {
                    let outcome = entries.last { $0.kind == .outcome }.map { PreparationRecord.payload($0) }
                    Output.out("Preparation \(id), recorded \(PreparationRecord.forPeople(entries[0].recordedAt)): \(outcome?["outcome"] ?? "no outcome (interrupted)")")
                    if let done = outcome?["done"] { Output.out("Done before it ended: \(done)") }
                }
            case .json:
                let chain: String = switch (try? store.verify()) {
                case .intact?: "intact"
                case .broken(let sequence, _)?: "broken at entry \(sequence)"
                case nil: "not verified"
                }
                try Output.json { () throws(JSONEncodingError) in try RecordJSON.export(PreparationRecord(id: id, entries: entries), chain: chain) }
            case .fhir:
                try Output.json { () throws(JSONEncodingError) in try FHIRExport.json(PreparationRecord(id: id, entries: entries)) }
            }
            try RecordsCommand.requireIntactChain(store)
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The near-miss report: preparations, hard stops and what changed after each, acknowledged warnings, abandoned preparations, double checks and each mismatch.")
        @OptionGroup var location: Location
        @Option(help: ArgumentHelp("Only preparations begun on or after this date (YYYY-MM-DD).", valueName: "date"))
        var since: String?

        func run() throws {
            let since = try RecordsCommand.sinceDate(since)
            // ISO 8601 dates compare as text.
            let store = try location.open()
            let chosen = PreparationRecord.group(try RecordsCommand.entries(store))
                .filter { record in since.map { record.beganDate >= $0 } ?? true }
            var outcomes: [String: Int] = [:]
            var stops: [String] = []
            var acknowledged: [String] = []
            var abandoned: [String] = []
            // Section 7: every double check by its outcome, and each mismatch with its fields.
            var checks: [RecordedCheck.Outcome: Int] = [:]
            var mismatches: [String] = []
            for record in chosen {
                for check in record.checks {
                    checks[check.outcome, default: 0] += 1
                    guard check.outcome == .mismatch else { continue }
                    let fields = check.mismatched.map { code in
                        "\(code) (plan \(check.planValues[code] ?? "-"), checker \(check.checkerValues[code] ?? "-"))"
                    }
                    mismatches.append("\(check.recordedForPeople)  \(record.id)  checked by \(check.checker.isEmpty ? "not entered" : check.checker): "
                                      + (fields.isEmpty ? "no field recorded" : fields.joined(separator: ", ")))
                }
                let (id, items, outcome) = (record.id, record.entries, record.outcome)
                outcomes[outcome, default: 0] += 1
                for (index, entry) in items.enumerated() {
                    let payload = PreparationRecord.payload(entry)
                    switch entry.kind {
                    case .finding where payload["severity"] == "hard":
                        let after = items[(index + 1)...].first { $0.kind == .entry }.map { PreparationRecord.payload($0) }
                        let changed = after.map { values in
                            "then: " + values.filter { $0.key != "step" }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                        } ?? "then: nothing changed (\(outcome))"
                        stops.append("\(PreparationRecord.forPeople(entry.recordedAt))  \(id)  \(payload["finding"] ?? "-"): \(payload["message"] ?? "")\n      \(changed)")
                    case .acknowledgement:
                        acknowledged.append("\(PreparationRecord.forPeople(entry.recordedAt))  \(id)  by \(entry.actor ?? "not entered")  \(payload["finding"] ?? "-"): \(payload["message"] ?? "")")
                    default: break
                    }
                }
                if outcome == "abandoned" || outcome == "stopped" || outcome == "interrupted" {
                    let done = record.outcomePayload?["done"] ?? "see records show"
                    abandoned.append("\(items.first.map { PreparationRecord.forPeople($0.recordedAt) } ?? "-")  \(id)  \(outcome): \(done)")
                }
            }
            Output.out("NEAR-MISS REPORT" + (since.map { " since \($0)" } ?? ""))
            Output.out("Preparations      \(chosen.count): " + ["finished", "abandoned", "stopped", "interrupted"].map { "\(outcomes[$0] ?? 0) \($0)" }.joined(separator: ", "))
            Output.out("Hard stops        \(stops.count)")
            stops.forEach { Output.out("  " + $0) }
            Output.out("Warnings acknowledged \(acknowledged.count)" + (chosen.isEmpty ? "" : " (\(Self.per100(acknowledged.count, chosen.count)) per 100 preparations)"))
            acknowledged.forEach { Output.out("  " + $0) }
            Output.out("Abandoned or stopped \(abandoned.count)")
            abandoned.forEach { Output.out("  " + $0) }
            Output.out("Double checks     \(checks.values.reduce(0, +)): " + RecordedCheck.Outcome.allCases.map { outcome in
                "\(checks[outcome] ?? 0) \(outcome == .mismatch ? "mismatched" : outcome.rawValue)"
            }.joined(separator: ", "))
            Output.out("Double-check mismatches \(mismatches.count)")
            mismatches.forEach { Output.out("  " + $0) }
            try RecordsCommand.requireIntactChain(store)
        }

        /// Per 100, to one decimal, half up, from whole counts.
        static func per100(_ count: Int, _ total: Int) -> String {
            let tenths = (count * 1000 * 2 + total) / (2 * total)
            return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the hash chain; name the first entry that does not match (exit 1).")
        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open()
            let count = try RecordsCommand.requireIntactChain(store, consequence: nil)
            Output.out("The record chain in \(store.shownLocation) is intact: \(count) \(count == 1 ? "entry" : "entries") verified.")
        }
    }
}

import ArgumentParser
import Foundation
import InfusionRecords

/// `infusion-prep records`: read and verify the preparation records. Nothing here writes.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "List, show and verify the preparation records.",
        discussion: "Exit status: 0 done; 1 the record chain does not verify; 2 bad input; 4 the records cannot be read.",
        subcommands: [List.self, Show.self, Verify.self]
    )

    struct Location: ParsableArguments {
        @Option(help: ArgumentHelp("The preparation records database (default as for the wizard).", valueName: "path"))
        var records: String?

        /// The root command declares `--records` too (for the wizard), and the argument
        /// parser gives a value after the subcommand to the root's option; read it there.
        var given: String? {
            if let records { return records }
            let arguments = Array(CommandLine.arguments.dropFirst().prefix { $0 != "--" })
            for (index, argument) in arguments.enumerated() {
                if argument == "--records", index + 1 < arguments.count { return arguments[index + 1] }
                if argument.hasPrefix("--records=") { return String(argument.dropFirst("--records=".count)) }
            }
            return nil
        }

        func open() throws -> SQLiteRecordStore {
            let environment = ProcessInfo.processInfo.environment
            let path = given ?? RecordLocation.defaultPath(environment: environment)
            guard given != nil || FileManager.default.fileExists(atPath: path) else {
                Output.error("there are no records yet at \(path)")
                throw Exit(status: ExitStatus.recordNotSaved)
            }
            do {
                return try SQLiteRecordStore(path: path)
            } catch {
                Output.error(error.message)
                throw Exit(status: ExitStatus.recordNotSaved)
            }
        }
    }

    static func entries(_ store: SQLiteRecordStore, preparationID: String? = nil) throws -> [RecordEntry] {
        do {
            return try store.entries(preparationID: preparationID)
        } catch {
            Output.error(error.message)
            throw Exit(status: ExitStatus.recordNotSaved)
        }
    }

    static func payload(_ entry: RecordEntry) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(entry.payload.utf8))) ?? [:]
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per preparation: when it began, its outcome, its dose.")
        @OptionGroup var location: Location

        func run() throws {
            let entries = try RecordsCommand.entries(location.open())
            var order: [String] = []
            var byPreparation: [String: [RecordEntry]] = [:]
            for entry in entries {
                if byPreparation[entry.preparationID] == nil { order.append(entry.preparationID) }
                byPreparation[entry.preparationID, default: []].append(entry)
            }
            if order.isEmpty { Output.out("No preparations recorded."); return }
            for id in order {
                let items = byPreparation[id] ?? []
                let began = items.first?.recordedAt ?? "-"
                let outcome = items.last { $0.kind == .outcome }.map { RecordsCommand.payload($0)["outcome"] ?? "-" } ?? "no outcome (interrupted)"
                let dose = items.compactMap { RecordsCommand.payload($0)["prepared_dose_units"] }.last.map { "\($0) units" } ?? "-"
                Output.out("\(id)  \(began)  \(outcome)  \(dose)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every entry of one preparation, in order.")
        @OptionGroup var location: Location
        @Argument(help: ArgumentHelp("The preparation id (see records list).", valueName: "id"))
        var id: String

        func run() throws {
            let entries = try RecordsCommand.entries(location.open(), preparationID: id)
            guard !entries.isEmpty else {
                Output.error("no preparation with the id \(id.debugDescription); see infusion-prep records list")
                throw Exit(status: ExitStatus.badInput)
            }
            Output.out("Preparation \(id)")
            for entry in entries {
                let corrects = entry.corrects.map { " (corrects entry \($0))" } ?? ""
                Output.out("#\(entry.sequence)  \(entry.recordedAt)  \(entry.kind.rawValue)\(corrects)")
                for (key, value) in RecordsCommand.payload(entry).sorted(by: { $0.key < $1.key }) {
                    let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
                    Output.out("    \(key): \(lines.first ?? "")")
                    for line in lines.dropFirst() { Output.out("      \(line)") }
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the hash chain; name the first entry that does not match (exit 1).")
        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open()
            let result: ChainVerification
            do {
                result = try store.verify()
            } catch {
                Output.error(error.message)
                throw Exit(status: 1)
            }
            switch result {
            case .intact(let count):
                Output.out("The record chain in \(store.path) is intact: \(count) \(count == 1 ? "entry" : "entries") verified.")
            case .broken(let sequence, let reason):
                Output.error("entry \(sequence) of \(store.path) does not verify: \(reason)")
                throw Exit(status: 1)
            }
        }
    }
}

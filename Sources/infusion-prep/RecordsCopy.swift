import ArgumentParser
import Foundation
import InfusionRecords
import InfusionRecordsPostgres

extension RecordsCommand {
    /// `infusion-prep records copy --from PATH|URL --to PATH|URL`: a workstation's records
    /// into the shared store (or back), verifying both chains (RecordCopy, docs/records-postgres.md).
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every entry not yet in the target store; both chains are verified.",
            discussion: """
                The target keeps its own chain: copied entries get the target's next numbers and \
                hashes, their content is kept byte for byte, and a second copy copies nothing. \
                Exit status: 0 done; 1 a chain does not verify, or a preparation differs between the \
                stores; 2 bad input; 4 a store cannot be used.
                """)
        @Option(help: ArgumentHelp("The records to copy: an SQLite file or a postgres:// URL.", valueName: "path|url"))
        var from: String
        @Option(help: ArgumentHelp("Where to copy them: an SQLite file or a postgres:// URL.", valueName: "path|url"))
        var to: String

        func run() throws {
            let source: any RecordStore
            let target: any RecordStore
            do {
                if !StoreLocation.isPostgres(from) && !FileManager.default.fileExists(atPath: from) {
                    Output.error("there are no records at \(from)")
                    throw Exit(status: ExitStatus.recordNotSaved)
                }
                source = try StoreLocation.open(from, forReading: true)
                target = try StoreLocation.open(to, spool: false)
                for (name, store) in [("source", source), ("target", target)] {
                    if case .broken(let sequence, let reason) = try store.verify() {
                        Output.error("entry \(sequence) of the \(name) \(store.shownLocation) does not verify: \(reason); nothing was copied")
                        throw Exit(status: 1)
                    }
                }
                let summary = try RecordCopy.copy(from: source, to: target)
                Output.out("Copied \(summary.copied) \(summary.copied == 1 ? "entry" : "entries") of \(summary.preparations) "
                           + "\(summary.preparations == 1 ? "preparation" : "preparations") from \(source.shownLocation) to \(target.shownLocation); "
                           + "\(summary.alreadyThere) \(summary.alreadyThere == 1 ? "was" : "were") already there. Both chains verify.")
                if !summary.conflicts.isEmpty {
                    Output.error("not copied in full, because the target holds different entries for them: "
                                 + summary.conflicts.joined(separator: ", "))
                    throw Exit(status: 1)
                }
            } catch let error as RecordStoreError {
                Output.error(error.message)
                throw Exit(status: ExitStatus.recordNotSaved)
            }
        }
    }
}

import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A small filesystem of its own (a 4 MB tmpfs mounted in the sandbox), so that the records
/// database's disk can be filled mid-preparation without touching anything else. Needs
/// root and the right to mount (a container may refuse it: the test is then skipped).
final class SmallDisk {
    let folder: URL

    /// Whether a tmpfs can be mounted here (tried once, on a folder of its own).
    static let isAvailable: Bool = {
        guard getuid() == 0, let sandbox = try? Sandbox(), let disk = try? SmallDisk(in: sandbox) else { return false }
        disk.unmount()
        return true
    }()

    init(in sandbox: Sandbox, size: String = "4m") throws {
        folder = sandbox.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mount = try runProcess(["/usr/bin/env", "mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path])
        guard mount.status == 0 else { throw SmallDiskError(text: "mount: \(mount.standardError)") }
    }

    /// Writes a file until the disk has no space left; returns the bytes written.
    @discardableResult
    func fill() throws -> Int {
        let path = folder.appendingPathComponent("filler").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw SmallDiskError(text: "open \(path): errno \(errno)") }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            total += written
        }
        // The last few bytes of a partly full block.
        while write(descriptor, chunk, 1) == 1 { total += 1 }
        return total
    }

    /// Frees the space the filler took.
    func free() { try? FileManager.default.removeItem(at: folder.appendingPathComponent("filler")) }

    func unmount() { _ = try? runProcess(["/usr/bin/env", "umount", "-l", folder.path]) }
}

struct SmallDiskError: Error { let text: String }

extension TerminalEndToEndTests {
    @Suite("The records disk full mid-preparation", .enabled(if: SmallDisk.isAvailable, "needs root and a tmpfs mount"))
    struct FullDisk {
        @Test("the disk fills after the preparation began: RECORD NOT SAVED at once, the entries kept on screen, no cut-short entry, the chain verifies")
        func diskFillsMidPreparation() throws {
            let sandbox = try Sandbox()
            let disk = try SmallDisk(in: sandbox)
            defer { disk.unmount() }
            let database = disk.folder.appendingPathComponent("r.sqlite")
            let session = try startInTerminal(["--records", database.path], sandbox: sandbox)
            defer { session.close() }
            try beginPreparation(session)
            try enterPatientIdentity(session)
            try session.type("70")
            try session.send("Enter")
            try chooseWeightMeasuredToday(session)
            // The disk fills while the patient's answers are on screen, before the step's
            // entry is committed.
            #expect(try disk.fill() > 0)
            try session.send("y", "Enter", "n", "Enter", "n", "Enter", "n", "Enter")
            let failed = try session.waitFor("RECORD NOT SAVED")
            #expect(squeezed(failed).contains("could not be saved in \(database.path): database or disk is full"), "\(failed)")
            // Every entry is still there: back on the Patient step, nothing lost.
            try session.send("Escape")
            let patient = try session.waitFor("Step 2 of 8", "Weight                [70          ]")
            for kept in ["[Jane Doe", "[123456 ", "(*) measured today", "at least 2 years old?              (*) yes",
                         "first infusion?             ( ) yes   (*) no"] {
                #expect(patient.containsRow(kept), "\(kept) lost: \(patient.joined(separator: "\n"))")
            }
            try session.send("C-c")
            try expectRestored(try session.waitForExit(), status: 130, session)

            // With the disk still full, the record can be read and verified.
            let full = try runInfusionPrep(["records", "verify", "--records", database.path], sandbox: sandbox)
            #expect(full.status == 0, "\(full.standardError)")
            disk.free()
            let verify = try runInfusionPrep(["records", "verify", "--records", database.path], sandbox: sandbox)
            #expect(verify.status == 0, "\(verify.standardError)")
            #expect(verify.standardOutput.contains("is intact"), "\(verify.standardOutput)")
            // One preparation, interrupted; what is in it is whole: the entry that could not
            // be written is not there at all, not cut short.
            let record = try exportedJSON(database, sandbox: sandbox)
            let kinds = record.entries.compactMap { $0["kind"] as? String }
            #expect(kinds.first == "preparation-begun")
            #expect(!kinds.contains("outcome"))
            let patientEntry = stepPayload(record.entries, "Patient")
            #expect(patientEntry.isEmpty || patientEntry["weight_kg"] == "70" && patientEntry["patient_name"] == "Jane Doe", "\(patientEntry)")
            #expect(try sandbox.preparations(in: database).count == 1)
            #expect(try sandbox.preparations(in: database).first?.contains("  interrupted  ") == true)
        }
    }
}

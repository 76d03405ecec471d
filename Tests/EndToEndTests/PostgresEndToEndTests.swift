import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The preparation record in PostgreSQL through the real binary (docs/records-postgres.md):
/// a plain-mode preparation, a store that cannot be reached at start, the server stopped
/// mid-preparation, two workstations at once, `records copy`, and kill -9 during a copy.
@Suite("records: the preparation record in PostgreSQL (binary)",
       .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresEndToEndTests {
    static var walkInput: String { RecordsEndToEndTests.walkInput }

    static func records(_ arguments: [String], _ store: String, sandbox: Sandbox) throws -> ProcessResult {
        try runInfusionPrep(["records"] + arguments + ["--records", store], sandbox: sandbox)
    }

    static func exportedEntries(_ id: String, _ store: String, sandbox: Sandbox) throws -> [[String: Any]] {
        let export = try records(["export", id, "--format", "json"], store, sandbox: sandbox)
        #expect(export.status == 0, "\(export.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any]
        return object?["entries"] as? [[String: Any]] ?? []
    }

    static func count(_ url: String) throws -> Int {
        Int(try PostgresTestServer.psql(url, "SELECT count(*) FROM entries").standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("a whole preparation in plain mode makes one record in PostgreSQL, and the chain verifies")
    func wholePreparation() throws {
        let sandbox = try Sandbox()
        let url = try PostgresTestServer.freshDatabase()
        let run = try runInfusionPrep(["--plain", "--records", url], input: Self.walkInput, sandbox: sandbox)
        #expect(run.status == 0, "\(run.standardError)\n\(run.standardOutput.suffix(1500))")
        #expect(run.standardError.contains("Record saved: preparation "))
        #expect(run.standardError.contains("postgres://infusion@127.0.0.1:"), "the store named without its password")
        let password = try #require(URLComponents(string: url)?.password)
        #expect(!run.standardError.contains(password) && !run.standardOutput.contains(password))
        let list = try Self.records(["list"], url, sandbox: sandbox)
        let rows = list.standardOutput.split(separator: "\n")
        #expect(rows.count == 1 && rows.first?.contains("finished") == true && rows.first?.contains("4,200 units") == true,
                "\(list.standardOutput)\(list.standardError)")
        let id = String(rows.first?.split(separator: " ").first ?? "")
        let entries = try Self.exportedEntries(id, url, sandbox: sandbox)
        #expect(entries.first?["kind"] as? String == "preparation-begun" && entries.last?["kind"] as? String == "outcome")
        #expect(entries.filter { $0["kind"] as? String == "confirmation" }.count == 14)
        // Sections 7 and 8: the check by the checker, then the label printed.
        let checks = checkEntries(entries)
        #expect(checks.count == 1, "\(checks)")
        expectReferenceCheck(checks.first, outcome: "passed")
        #expect(entries.filter { payload($0)["step"] == "Label" }.map { payload($0)["event"] } == ["label-printed"])
        let verify = try Self.records(["verify"], url, sandbox: sandbox)
        #expect(verify.status == 0 && verify.standardOutput.contains("intact: \(entries.count) entries verified"), "\(verify.standardError)")
        #expect(try Self.count(url) == entries.count)
        let report = try Self.records(["report"], url, sandbox: sandbox)
        #expect(report.standardOutput.contains("Preparations      1: 1 finished"))
        #expect(report.standardOutput.contains("Double checks     1: 1 passed, 0 mismatched, 0 abandoned"), "\(report.standardOutput)")
        // The password from PGPASSWORD (the URL without it), as the docs advise.
        var withoutPassword = try #require(URLComponents(string: url))
        withoutPassword.password = nil
        let fromEnvironment = try runInfusionPrep(["records", "verify", "--records", withoutPassword.string!], sandbox: sandbox,
                                                  environment: ["PGPASSWORD": password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.standardError)")
        let noPassword = try runInfusionPrep(["records", "verify", "--records", withoutPassword.string!], sandbox: sandbox)
        #expect(noPassword.status == 4, "without a password the server refuses: \(noPassword.standardError)")
    }

    @Test("a server that cannot be reached is refused at start, before any question, with the cause and without the password")
    func unreachableAtStart() throws {
        let sandbox = try Sandbox()
        var components = try #require(URLComponents(string: try PostgresTestServer.freshDatabase()))
        components.port = 1
        components.password = "hunter2-start"
        let run = try runInfusionPrep(["--plain", "--records", components.string!], input: Self.walkInput, sandbox: sandbox)
        #expect(run.status == 4)
        #expect(run.standardError.hasPrefix("error: ") && run.standardError.contains("cannot be reached"), "\(run.standardError)")
        #expect(!run.standardError.contains("hunter2") && !run.standardOutput.contains("hunter2"))
        #expect(!run.standardOutput.contains("Weight"), "nothing is asked")
        let verify = try Self.records(["verify"], components.string!, sandbox: sandbox)
        #expect(verify.status == 4 && !verify.standardError.contains("hunter2"))
    }

    /// The nurse goes on while the server is down; the entries wait in the spool, the
    /// program says so at the end, and the next command sends them: every confirmation is
    /// in the record and the chain verifies.
    @Test("the server stopped mid-preparation and restarted: every confirmation reaches the record")
    func serverStoppedMidPreparation() throws {
        try #require(TmuxSession.isAvailable)
        let server = try PrivatePostgresServer()
        let sandbox = try Sandbox()
        let session = try startInTerminal(["--plain", "--records", server.url], sandbox: sandbox, width: 100, height: 50)
        defer { session.close() }
        try session.waitFor("Preparer (your name or initials)", timeout: .seconds(10))
        let walk = RecordsEndToEndTests.walk
        // Up to the Vials step: the preparer, Begin, the patient's 10 answers, the regimen's 3.
        let toVials = walk.firstIndex { $0.step == "Vials" } ?? 15
        for item in walk.prefix(toVials) {
            if !item.answer.isEmpty { try session.type(item.answer) }
            try session.send("Enter")
        }
        try session.waitFor("Vials on hand: 400-unit vials?", timeout: .seconds(15))
        try server.pause()
        for item in walk.dropFirst(toVials) {
            if !item.answer.isEmpty { try session.type(item.answer) }
            try session.send("Enter")
        }
        let exit = try session.waitForExit(timeout: .seconds(30))
        #expect(exit.status == 0, "\(exit)")
        let screen = try session.screenWithHistory().joined(separator: "\n")
        #expect(screen.contains("kept in the local spool"), "the nurse is told: \(screen.suffix(800))")
        // And told at once, during the preparation, that the store cannot be reached.
        #expect(screen.contains("The record store cannot be reached: 1 entry is kept on this workstation"), "\(screen.prefix(3000))")
        try server.resume()
        let verify = try Self.records(["verify"], server.url, sandbox: sandbox)
        #expect(verify.status == 0, "\(verify.standardError)")
        let list = try Self.records(["list"], server.url, sandbox: sandbox)
        #expect(list.standardOutput.contains("finished"), "\(list.standardOutput)")
        let id = String(list.standardOutput.split(separator: " ").first ?? "")
        let entries = try Self.exportedEntries(id, server.url, sandbox: sandbox)
        #expect(entries.filter { $0["kind"] as? String == "confirmation" }.count == 14)
        let steps = entries.compactMap { ($0["payload"] as? [String: String])?["step"] }
        #expect(steps == ["Patient", "Regimen", "Vials", "Reconstitute", "Dilute", "Administer", "Label"])
    }

    @Test("two workstations preparing at once against one server lose nothing and never fork the chain")
    func twoWorkstations() async throws {
        let url = try PostgresTestServer.freshDatabase()
        let each = 5
        let sandbox = try Sandbox()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var finished = 0
                    for _ in 0..<each {
                        let run = try runInfusionPrep(["--plain", "--records", url], input: Self.walkInput, sandbox: sandbox)
                        if run.status == 0 { finished += 1 }
                    }
                    return finished
                }
            }
            var total = 0
            for try await finished in group { total += finished }
            #expect(total == 2 * each)
        }
        let list = try Self.records(["list"], url, sandbox: sandbox)
        #expect(list.standardOutput.split(separator: "\n").filter { $0.contains("finished") }.count == 2 * each)
        #expect(try Self.records(["verify"], url, sandbox: sandbox).status == 0)
    }

    @Test("records copy moves an SQLite workstation's records into PostgreSQL; both verify; a second copy copies nothing")
    func copyCommand() throws {
        let sandbox = try Sandbox()
        let sqlite = sandbox.root.appendingPathComponent("ward.sqlite").path
        for _ in 0..<2 {
            #expect(try runInfusionPrep(["--plain", "--records", sqlite], input: Self.walkInput, sandbox: sandbox).status == 0)
        }
        let sourceCount = try Self.records(["verify"], sqlite, sandbox: sandbox)
        let url = try PostgresTestServer.freshDatabase()
        let copy = try runInfusionPrep(["records", "copy", "--from", sqlite, "--to", url], sandbox: sandbox)
        #expect(copy.status == 0, "\(copy.standardError)")
        #expect(copy.standardOutput.contains("of 2 preparations") && copy.standardOutput.contains("0 were already there"), "\(copy.standardOutput)")
        let password = try #require(URLComponents(string: url)?.password)
        #expect(!copy.standardOutput.contains(password) && !copy.standardError.contains(password))
        let again = try runInfusionPrep(["records", "copy", "--from", sqlite, "--to", url], sandbox: sandbox)
        #expect(again.status == 0 && again.standardOutput.contains("Copied 0 entries"), "\(again.standardOutput)\(again.standardError)")
        let verify = try Self.records(["verify"], url, sandbox: sandbox)
        #expect(verify.status == 0)
        let number = sourceCount.standardOutput.split(separator: " ").first { Int($0) != nil }.map(String.init) ?? "?"
        #expect(verify.standardOutput.contains("intact: \(number) entries"), "\(sourceCount.standardOutput) vs \(verify.standardOutput)")
        #expect(try Self.records(["list"], url, sandbox: sandbox).standardOutput
            == Self.records(["list"], sqlite, sandbox: sandbox).standardOutput, "the same preparations, ids kept")
        let missing = try runInfusionPrep(["records", "copy", "--from", sandbox.root.appendingPathComponent("none.sqlite").path, "--to", url],
                                          sandbox: sandbox)
        #expect(missing.status == 4 && missing.standardError.contains("there are no records at"))
    }

    /// A workstation killed with kill -9 while it appends (a long copy): the chain in the
    /// server verifies, and running the copy again completes it.
    @Test("kill -9 while appending leaves a chain that verifies; the copy run again completes it")
    func killNineWhileAppending() throws {
        let sandbox = try Sandbox()
        let sqlite = sandbox.root.appendingPathComponent("big.sqlite").path
        for _ in 0..<10 {
            #expect(try runInfusionPrep(["--plain", "--records", sqlite], input: Self.walkInput, sandbox: sandbox).status == 0)
        }
        let total = Int(try runProcess(["/usr/bin/env", "sqlite3", sqlite, "SELECT count(*) FROM entries"]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(total >= 200)
        let url = try PostgresTestServer.freshDatabase()
        let pidFile = sandbox.root.appendingPathComponent("copy.pid").path
        let command = "\(infusionPrepBinary) records copy --from '\(sqlite)' --to '\(url)' >/dev/null 2>&1 & echo $! > '\(pidFile)'; wait"
        let finished = DispatchSemaphore(value: 0)
        let environment = sandbox.processEnvironment()
        DispatchQueue.global().async {
            _ = try? runProcess(["/bin/sh", "-c", command], environment: environment)
            finished.signal()
        }
        // Poll until the copy is part-way, then kill it.
        var killed = false
        for _ in 0..<2000 {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
               let count = try? Self.count(url), count >= 20 {
                killed = kill(pid, SIGKILL) == 0 && count < total
                break
            }
            usleep(5_000)
        }
        finished.wait()
        #expect(killed, "the copy was killed part-way")
        let verify = try Self.records(["verify"], url, sandbox: sandbox)
        #expect(verify.status == 0, "\(verify.standardError)")
        let rerun = try runInfusionPrep(["records", "copy", "--from", sqlite, "--to", url], sandbox: sandbox)
        #expect(rerun.status == 0, "\(rerun.standardError)")
        #expect(try Self.count(url) == total)
        #expect(try Self.records(["verify"], url, sandbox: sandbox).standardOutput.contains("intact: \(total) entries"))
    }
}

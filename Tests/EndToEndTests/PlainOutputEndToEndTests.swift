import Foundation
import TestSupport
import Testing

/// Issue 8, items 10, 11 and 14 on the real binary.
@Suite("Plain mode output and how it is chosen")
struct PlainOutputEndToEndTests {
    @Test("standard output and standard error stay in order in one pipe")
    func inOrder() throws {
        let sandbox = try Sandbox()
        let result = try runProcess(["sh", "-c", "\"$0\" --plain 2>&1", infusionPrepBinary],
                                    input: plainReferenceScript, environment: sandbox.processEnvironment())
        #expect(result.status == 0, "\(result.standardOutput)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        // The record line comes after the whole summary, never inside one of its lines.
        #expect(lines.last?.hasPrefix("Record saved: ") == true, "\(lines.suffix(3))")
        #expect(lines.filter { $0.contains("Record saved") }.count == 1)
        // Just before it, the summary's last row: the label of this preparation (section 8,
        // wrapped at 80 columns).
        let id = try #require(lines.last?.firstMatch(of: #/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/#)?.0)
        let labelRow = squeezed(Array(lines.dropLast().suffix(2)))
        #expect(labelRow.wholeMatch(of: #/Label printed \d{4}-\d{2}-\d{2} \d{2}:\d{2} for preparation [0-9a-f-]{36}/#) != nil
                && labelRow.hasSuffix(String(id)), "\(lines.suffix(4))")
    }

    @Test("a saved record is not reported as a failure when standard output cannot be written")
    func recordSavedOutputFull() throws {
        let sandbox = try Sandbox()
        let result = try runProcess(["sh", "-c", "\"$0\" --plain > /dev/full", infusionPrepBinary],
                                    input: plainReferenceScript, environment: sandbox.processEnvironment())
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("Record saved: "))
        #expect(!result.standardError.contains("error:"))
        #expect(try sandbox.preparations().count == 1)
    }

    /// The reader of a pipe has gone (`--plain | tee log`, and tee ended): whoever read the
    /// questions is not there, so no answer is taken, as at the end of input; a whole
    /// scripted walk on its standard input begins nothing. Exit 5, one error line.
    @Test("with the pipe's reader gone, plain mode takes no answer: nothing is begun or confirmed unseen")
    func readerGone() throws {
        let sandbox = try Sandbox()
        let output = Pipe(), input = Pipe(), errors = Pipe()
        try output.fileHandleForReading.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: infusionPrepBinary)
        process.arguments = ["--plain"]
        process.environment = sandbox.processEnvironment()
        process.standardInput = input.fileHandleForReading
        process.standardOutput = output.fileHandleForWriting
        process.standardError = errors.fileHandleForWriting
        try process.run()
        try output.fileHandleForWriting.close()
        try errors.fileHandleForWriting.close()
        try input.fileHandleForReading.close()
        // The script may not all fit in the pipe if nothing reads it: write it in the
        // background, and let the program end it by closing its side.
        let script = Data(plainReferenceScript.utf8)
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            try? writer.write(contentsOf: script)
            try? writer.close()
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 5, "\(process.terminationStatus): \(said)")
        #expect(said.contains("error: standard output could not be written"), "\(said)")
        #expect(!said.contains("Record saved"), "\(said)")
        #expect(try sandbox.preparations().isEmpty, "nothing begun")
    }

    @Test("INFUSION_PREP_PLAIN=1 and ACCESSIBLE=1 choose plain mode on a terminal", arguments: ["INFUSION_PREP_PLAIN", "ACCESSIBLE"])
    func plainByEnvironment(_ name: String) throws {
        guard TmuxSession.isAvailable else { return }
        let sandbox = try Sandbox()
        let session = try startInTerminal(sandbox: sandbox, environment: [name: "1"])
        defer { session.close() }
        // The first question is the preparer's name (rule book section 6).
        try session.waitFor("plain mode.", "Preparer (your name or initials)")
        #expect(try !session.isAlternateScreenOn())
        try session.send("q", "Enter")
        try session.waitFor("Quit without finishing?")
        try session.send("y", "Enter")
        #expect(try session.waitForExit().status == 1)
    }

    @Test("INFUSION_PREP_PLAIN=0 does not")
    func zeroIsOff() throws {
        guard TmuxSession.isAvailable else { return }
        let sandbox = try Sandbox()
        let session = try startInTerminal(sandbox: sandbox, environment: ["INFUSION_PREP_PLAIN": "0"])
        defer { session.close() }
        try session.waitFor(startFocus)
        #expect(try session.isAlternateScreenOn())
        try session.send("C-c")
        #expect(try session.waitForExit().status == 130)
    }
}

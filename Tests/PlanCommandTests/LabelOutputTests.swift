import Foundation
@testable import infusion_prep
import Testing

/// Issue 11: delivering a bag label to a file (atomically), to standard output, or to a
/// printer through `lp -d PRINTER`, with a fake `lp` script on a PATH of its own. A
/// failure is a message, never a crash.
@Suite("Label delivery")
struct LabelOutputTests {
    static let label = "Maria Example, MRN 0012345\nimiglucerase (Cerezyme) 4,200 units\n"

    /// A fresh folder, removed at the end of the test.
    final class Folder {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("label-output-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func file(_ name: String) -> String { path + "/" + name }
        func read(_ name: String) -> String? { try? String(contentsOfFile: file(name), encoding: .utf8) }
        /// An executable `lp` that runs `body` (sh). Written through a close-on-exec
        /// descriptor: a process that another test starts meanwhile must not inherit it
        /// open for writing (exec would then fail with "Text file busy").
        func fakeLP(_ body: String) throws {
            let descriptor = open(file("lp"), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            let bytes = Array(("#!/bin/sh\n" + body + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
            close(descriptor)
            guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    @Test("To a file: the whole label, replacing an old one, no temporary file left")
    func toFile() throws {
        let folder = try Folder()
        try "old label\n".write(toFile: folder.file("bag.txt"), atomically: true, encoding: .utf8)
        let result = LabelOutput.deliver(Self.label, format: .text, to: .file(path: folder.file("bag.txt")), environment: [:])
        #expect(result == .success("Label written to \(folder.file("bag.txt"))."))
        #expect(folder.read("bag.txt") == Self.label)
        #expect(folder.names == ["bag.txt"])
    }

    @Test("To a file in a folder that is not there: a message, nothing written")
    func toMissingFolder() throws {
        let folder = try Folder()
        let path = folder.file("missing/bag.zpl")
        guard case .failure(let failure) = LabelOutput.deliver("^XA^XZ", format: .zpl, to: .file(path: path), environment: [:]) else {
            Issue.record("a label was written into a missing folder")
            return
        }
        #expect(failure.message == "The label could not be written to \(path): No such file or directory.")
        #expect(folder.names.isEmpty)
    }

    @Test("To standard output: the label's bytes with a final line break")
    func toStandardOutput() throws {
        let folder = try Folder()
        let descriptor = open(folder.file("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(descriptor >= 0)
        let result = LabelOutput.deliver("line one\nline two", format: .text, to: .standardOutput, environment: [:], standardOutput: descriptor)
        close(descriptor)
        #expect(result == .success(""))
        #expect(folder.read("out") == "line one\nline two\n")
        // A closed descriptor: a message, not a crash.
        guard case .failure(let failure) = LabelOutput.deliver("x", format: .text, to: .standardOutput, environment: [:], standardOutput: descriptor) else {
            Issue.record("writing to a closed descriptor succeeded")
            return
        }
        #expect(failure.message.hasPrefix("The label could not be written to standard output: "))
    }

    @Test("To a printer: lp -d PRINTER gets the label on its standard input; ZPL is sent raw", arguments: LabelOutput.Format.allCases)
    func toPrinter(_ format: LabelOutput.Format) throws {
        let folder = try Folder()
        try folder.fakeLP("printf '%s\\n' \"$@\" > '\(folder.file("arguments"))'\ncat > '\(folder.file("printed"))'\necho 'request id is ward-3-12 (1 file(s))'")
        let result = LabelOutput.deliver(Self.label, format: format, to: .printer(name: "ward-3"), environment: ["PATH": "/nonexistent:" + folder.path, "TMPDIR": folder.path])
        #expect(result == .success("Label sent to printer ward-3: request id is ward-3-12 (1 file(s))."))
        #expect(folder.read("printed") == Self.label)
        #expect(folder.read("arguments") == (format == .zpl ? "-d\nward-3\n-o\nraw\n" : "-d\nward-3\n"))
        // The label's temporary file (in TMPDIR, here the folder) is gone.
        #expect(folder.names == ["arguments", "lp", "printed"])
    }

    @Test("lp fails: its message and status are reported, never a crash")
    func printerFails() throws {
        let folder = try Folder()
        try folder.fakeLP("cat > /dev/null\necho 'lp: The printer or class does not exist.' >&2\nexit 1")
        let result = LabelOutput.deliver(Self.label, format: .zpl, to: .printer(name: "ward-9"), environment: ["PATH": folder.path])
        #expect(result == .failure(.init(message: "The label was not printed on \"ward-9\": lp -d ward-9 ended with status 1: \"lp: The printer or class does not exist.\".")))
    }

    @Test("lp that does not read its input and is killed: reported, no SIGPIPE in this process")
    func printerKilled() throws {
        let folder = try Folder()
        try folder.fakeLP("kill -9 $$")
        let big = String(repeating: "x", count: 200_000)
        let result = LabelOutput.deliver(big, format: .text, to: .printer(name: "p"), environment: ["PATH": folder.path])
        #expect(result == .failure(.init(message: "The label was not printed on \"p\": lp was stopped by signal 9.")))
    }

    @Test("No lp on PATH, or a printer name that is not one: a message", arguments: [
        ("ward-3", nil as String?, "The label was not printed on \"ward-3\": the lp command (CUPS) was not found on PATH."),
        ("ward-3", "", "The label was not printed on \"ward-3\": the lp command (CUPS) was not found on PATH."),
        ("-oraw", "/bin", "The label was not printed on \"-oraw\": that is not a printer name (letters, digits, \"-\", \"_\" and \".\")."),
        ("ward 3", "/bin", "The label was not printed on \"ward 3\": that is not a printer name (letters, digits, \"-\", \"_\" and \".\")."),
        ("", "/bin", "The label was not printed on \"\": that is not a printer name (letters, digits, \"-\", \"_\" and \".\")."),
    ])
    func noPrinter(_ name: String, _ path: String?, _ message: String) throws {
        let folder = try Folder()
        // "": a PATH holding only an empty folder; nil: no PATH at all.
        let environment = path.map { ["PATH": $0.isEmpty ? folder.path : $0] } ?? [:]
        let result = LabelOutput.deliver(Self.label, format: .text, to: .printer(name: name), environment: environment)
        #expect(result == .failure(.init(message: message)))
    }
}

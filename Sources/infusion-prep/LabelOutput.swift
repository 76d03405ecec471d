#if canImport(Glibc)
import Glibc
#endif
import InfusionCalc
import InfusionTraining

/// Rule book section 8 and issue 11: where a bag label goes. The label's text comes from
/// the calculation module (`BagLabel.text`, `ZPL.label`); this file only delivers it:
/// to a file (written atomically), to standard output, or to a CUPS printer with
/// `lp -d PRINTER`. A failure is returned as a message, never a trap: the caller says
/// that the label was not printed and that the preparation stays recorded.
enum LabelOutput {
    /// The label's printer language.
    enum Format: String, Equatable, Sendable, CaseIterable {
        /// At most 12 lines of 40 characters, for any printer.
        case text
        /// ZPL II, sent to the printer unfiltered (`lp -o raw`).
        case zpl
    }

    enum Destination: Equatable, Sendable {
        /// Written to a temporary file in the same folder, then renamed over `path`.
        case file(path: String)
        case standardOutput
        /// A CUPS queue name, given to `lp -d`.
        case printer(name: String)
    }

    /// Why the label was not delivered, in one sentence (without "error: ").
    struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Delivers `label` (the text label's lines joined with line breaks, or the ZPL
    /// program) in `format` to `destination`.
    ///
    /// - Parameters:
    ///   - environment: the program's variables (`ProgramEnvironment.read()`): `PATH` to
    ///     find `lp` in (unset or empty: `lp` is not found), `TMPDIR` for the file `lp`
    ///     reads the label from (default /tmp).
    ///   - standardOutput: the descriptor standard output is written to (tests pass another).
    /// - Returns: what was done ("Label written to /tmp/x.zpl.", "Label sent to printer
    ///   ward-3: request id is ward-3-12 (1 file(s))."), empty for standard output; or the
    ///   failure with its reason: a folder that cannot be written, `lp` not on PATH, a
    ///   printer name that is not one, `lp` ending with a non-zero status (its message is
    ///   quoted) or killed by a signal.
    static func deliver(_ label: String, format: Format, to destination: Destination, environment: [String: String],
                        standardOutput: Int32 = STDOUT_FILENO) -> Result<String, Failure> {
        let bytes = Array((label.hasSuffix("\n") ? label : label + "\n").utf8)
        switch destination {
        case .standardOutput:
            if let code = writeAll(bytes, to: standardOutput) {
                return .failure(Failure(message: "The label could not be written to standard output: \(String(cString: strerror(code)))."))
            }
            return .success("")
        case .file(let path):
            return writeAtomically(bytes, to: path).map { "Label written to \(path)." }
        case .printer(let name):
            return sendToPrinter(bytes, format: format, printer: name, searchPath: environment["PATH"],
                                 temporaryFolder: environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        }
    }

    /// Writes every byte, retrying after EINTR; returns errno on failure.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return written < 0 ? errno : EIO }
            offset += written
        }
        return nil
    }

    /// A new file next to `path` (exclusive), written and synced, then renamed over it: a
    /// reader sees the old label or the whole new one, never half of one.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> Result<Void, Failure> {
        func failure(_ code: Int32) -> Result<Void, Failure> {
            .failure(Failure(message: "The label could not be written to \(path): \(String(cString: strerror(code)))."))
        }
        guard !path.isEmpty else { return failure(ENOENT) }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return failure(errno) }
        if let code = writeAll(bytes, to: descriptor) {
            close(descriptor)
            unlink(temporary)
            return failure(code)
        }
        if fsync(descriptor) != 0 || close(descriptor) != 0 {
            let code = errno
            unlink(temporary)
            return failure(code)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            return failure(code)
        }
        return .success(())
    }

    /// The first executable `name` in the folders of `searchPath`.
    static func find(_ name: String, in searchPath: String?) -> String? {
        for folder in (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = SystemFiles.join(String(folder), name)
            if access(candidate, X_OK) == 0 && !SystemFiles.isDirectory(candidate) { return candidate }
        }
        return nil
    }

    /// CUPS queue names: letters, digits, "-", "_" and "."; not starting with "-" (it
    /// would be read as an option).
    static func isPrinterName(_ name: String) -> Bool { LabelPrinter.isValidName(name) }

    /// `lp -d PRINTER` (and `-o raw` for ZPL) with the label on its standard input (an
    /// unlinked temporary file, so no pipe can raise SIGPIPE); its standard output and
    /// error are read and quoted in the result.
    static func sendToPrinter(_ bytes: [UInt8], format: Format, printer: String, searchPath: String?,
                              temporaryFolder folder: String) -> Result<String, Failure> {
        let notPrinted = "The label was not printed on \(Display.quoted(printer))"
        guard isPrinterName(printer) else {
            return .failure(Failure(message: "\(notPrinted): that is not a printer name (letters, digits, \"-\", \"_\" and \".\")."))
        }
        guard let lp = find("lp", in: searchPath) else {
            return .failure(Failure(message: "\(notPrinted): the lp command (CUPS) was not found on PATH."))
        }
        func failed(_ code: Int32) -> Result<String, Failure> {
            .failure(Failure(message: "\(notPrinted): \(String(cString: strerror(code)))."))
        }
        // The label in a temporary file, unlinked at once: lp reads it as its standard input.
        var template = Array(SystemFiles.join(folder, "infusion-prep-label-XXXXXX").utf8CString)
        let input = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard input >= 0 else { return failed(errno) }
        // Close-on-exec, as the pipe's ends: a process another thread starts must not keep them.
        _ = fcntl(input, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { close(input) }
        if let code = writeAll(bytes, to: input) { return failed(code) }
        guard lseek(input, 0, SEEK_SET) == 0 else { return failed(errno) }
        var output: [Int32] = [0, 0]
        guard pipe(&output) == 0 else { return failed(errno) }
        for descriptor in output { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = ["lp", "-d", printer] + (format == .zpl ? ["-o", "raw"] : [])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, lp, &actions, &attributes, &argv, environ)
        close(output[1])
        guard spawned == 0 else {
            close(output[0])
            return .failure(Failure(message: "\(notPrinted): \(lp) could not be started: \(String(cString: strerror(spawned)))."))
        }
        var said: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while said.count < 65_536 {
            let count = buffer.withUnsafeMutableBytes { read(output[0], $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            said += buffer[0..<count]
        }
        close(output[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let message = String(decoding: said, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
            .joined(separator: " ").trimmingWhitespace
        let quotedMessage = message.isEmpty ? "" : ": " + Display.quoted(String(message.prefix(300)))
        let killedBy = status & 0x7f
        if killedBy != 0 {
            return .failure(Failure(message: "\(notPrinted): lp was stopped by signal \(killedBy)\(quotedMessage)."))
        }
        let exitStatus = (status >> 8) & 0xff
        guard exitStatus == 0 else {
            return .failure(Failure(message: "\(notPrinted): lp -d \(printer) ended with status \(exitStatus)\(quotedMessage)."))
        }
        return .success("Label sent to printer \(printer)" + (message.isEmpty ? "." : ": \(message)."))
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
}

public enum ProcessRunnerError: Error, CustomStringConvertible {
    case spawnFailed(String, Int32)
    public var description: String {
        switch self { case .spawnFailed(let program, let code): "could not start \(program): errno \(code)" }
    }
}

/// Runs a program to completion with posix_spawn. Not Foundation.Process: from a Swift
/// Testing thread it hung on `tmux new-session` and passed a blocked signal mask on to
/// the child (shared/design/tui-anchors.md, section 3b). Here the child gets an empty
/// signal mask and default signal dispositions; stdin comes from `input` (or /dev/null);
/// stdout and stderr go to temporary files, read after the child exits.
public func runProcess(_ arguments: [String], input: String? = nil,
                       environment: [String: String]? = nil) throws -> ProcessResult {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("infusion-prep-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let inputPath = directory.appendingPathComponent("stdin").path
    let outputPath = directory.appendingPathComponent("stdout").path
    let errorPath = directory.appendingPathComponent("stderr").path
    FileManager.default.createFile(atPath: inputPath, contents: Data((input ?? "").utf8))

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

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

    let environmentStrings: [String]
    if let environment {
        environmentStrings = environment.map { "\($0.key)=\($0.value)" }
    } else {
        environmentStrings = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
    }
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = environmentStrings.map { strdup($0) } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid = pid_t()
    let code = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, &envp)
    guard code == 0 else { throw ProcessRunnerError.spawnFailed(arguments[0], code) }
    var waitStatus: Int32 = 0
    while waitpid(pid, &waitStatus, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS are macros; decode by hand. A signal death is 128 + signal.
    let signal = waitStatus & 0x7f
    let status = signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    let error = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    return ProcessResult(status: status, standardOutput: output, standardError: error)
}

/// The directory that holds the test bundle and the products `swift build` made.
public var productsDirectory: URL {
    let bundleOrBinary = URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = bundleOrBinary.deletingLastPathComponent()
    // On Linux the test runner is <products>/<Package>PackageTests.xctest.
    if bundleOrBinary.pathExtension == "xctest" { directory = bundleOrBinary.deletingLastPathComponent() }
    return directory
}

/// The `infusion-prep` binary built next to the tests.
public var infusionPrepBinary: String {
    productsDirectory.appendingPathComponent("infusion-prep").path
}

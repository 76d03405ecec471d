import Foundation
import TestSupport
import Testing

/// The release binary as `make install` installs it. `make test` builds the release,
/// installs it under .build/test-install and names that prefix in INFUSION_PREP_TEST_PREFIX;
/// a bare `swift test` skips these (they need the release build).
let installedTestPrefix: String? = ProcessInfo.processInfo.environment["INFUSION_PREP_TEST_PREFIX"].flatMap { $0.isEmpty ? nil : $0 }

@Suite("Installed release binary", .enabled(if: installedTestPrefix != nil,
                                            "run through `make test`: it installs the release build first"))
struct InstalledBinaryTests {
    static let prefix = installedTestPrefix
    var binary: String { (Self.prefix ?? "") + "/bin/infusion-prep" }

    @Test("ldd lists no Swift runtime library: none at all (static), or only the system's C libraries and ncurses")
    func noSwiftRuntimeLinked() throws {
        let result = try runProcess(["ldd", binary])
        // A fully static executable: ldd says so (exit 1) and lists nothing.
        if (result.standardOutput + result.standardError).contains("not a dynamic executable") { return }
        #expect(result.status == 0, "\(result.standardError)")
        let libraries = result.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!libraries.isEmpty)
        for line in libraries {
            let swiftRuntime = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "/opt/swift", "not found"]
                .contains { line.contains($0) }
            #expect(!swiftRuntime, "\(line)")
        }
        let name = { (line: String) in String(line.prefix { $0 != " " }).split(separator: "/").last.map(String.init) ?? line }
        let allowed = ["linux-vdso", "libc.so", "libm.so", "ld-linux", "libncursesw.so", "libtinfo.so", "libstdc++.so",
                       "libgcc_s.so", "libdl.so", "libpthread.so", "librt.so", "libutil.so"]
        for line in libraries {
            #expect(allowed.contains { name(line).hasPrefix($0) }, "unexpected library: \(line)")
        }
    }

    /// The installed binary copied alone into an empty folder, run there with HOME an empty
    /// folder and a minimal environment: no resource folder, no toolchain on the path.
    func runAlone(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> ProcessResult {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("infusion-prep-alone-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("bin")
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let copy = folder.appendingPathComponent("infusion-prep").path
        // Copied by cp, not in this process: a file this process had open for writing could
        // be inherited by a child another test spawns at that moment, and exec would then
        // fail with ETXTBSY ("text file busy").
        let copied = try runProcess(["/bin/cp", binary, copy])
        try #require(copied.status == 0, "\(copied.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["infusion-prep"])
        let environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C"].merging(extraEnvironment) { $1 }
        let result = try runProcess([copy] + arguments, environment: environment)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path).isEmpty, "nothing written to HOME")
        return result
    }

    @Test("copied alone into an empty folder: train --list lists the built-in scenarios")
    func trainListAlone() throws {
        let result = try runAlone(["train", "--list"])
        #expect(result.status == 0, "\(result.standardError)")
        let names = result.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names.count == 13, "\(result.standardOutput)")
        #expect(names.contains("standard-adult") && names.contains("water-volume-trap"), "\(names)")
    }

    @Test("copied alone into an empty folder: plan prints the whole plan")
    func planAlone() throws {
        let result = try runAlone(["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "\(result.standardError)")
        #expect(result.standardOutput.contains("Order       60 units/kg every 2 weeks: 4,200 units per infusion"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("Infusion    120 min at 75 mL/h"), "\(result.standardOutput)")
    }

    @Test("the release binary has no self-test hook: the debug variable changes nothing")
    func noDebugHookInRelease() throws {
        let result = try runAlone(["plan", "--weight", "70", "--dose", "60", "--frequency", "every-2-weeks"],
                                  extraEnvironment: ["INFUSION_PREP_DEBUG_SELF_TEST_WRONG_CASE": "adult standard"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("self-test"), "\(result.standardError)")
    }

    @Test("make install put the man page, the completions and the docs under the prefix")
    func installedFiles() throws {
        let prefix = Self.prefix ?? ""
        for path in ["share/man/man1/infusion-prep.1", "share/bash-completion/completions/infusion-prep",
                     "share/zsh/site-functions/_infusion-prep", "share/fish/vendor_completions.d/infusion-prep.fish",
                     "share/doc/infusion-prep/README.md", "share/doc/infusion-prep/clinical-rules.md",
                     "share/doc/infusion-prep/training.md", "share/doc/infusion-prep/site-policy.md",
                     "share/doc/infusion-prep/policy.toml"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: prefix + "/" + path)[.size] as? Int) ?? 0
            #expect(size > 0, "\(path) installed and not empty")
        }
        #expect(!FileManager.default.fileExists(atPath: prefix + "/share/infusion-prep/scenarios"), "scenarios are in the binary")
    }
}

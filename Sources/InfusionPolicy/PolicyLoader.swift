import Crypto
import Foundation
import InfusionCalc

/// Finds and reads the site policy in force (rule book section 9). Lookup order:
/// 1. `--policy FILE` (the `explicit` argument);
/// 2. `$INFUSION_PREP_POLICY`;
/// 3. `$XDG_CONFIG_HOME/infusion-prep/policy.toml` (default `$HOME/.config/...`);
/// 4. each folder of `$XDG_CONFIG_DIRS` (default `/etc/xdg`) + `/infusion-prep/policy.toml`.
/// The first two must name a readable file (a named file that cannot be read is an
/// error, never a silent fall-back); the last two are used when the file exists. None
/// found: the rule book's defaults, "built-in defaults, not approved by a pharmacy".
public enum PolicyLoader {
    /// The environment variables the lookup reads.
    public static let environmentNames = ["INFUSION_PREP_POLICY", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "HOME"]
    static let relativePath = "infusion-prep/policy.toml"

    /// A place a policy file may be, in lookup order.
    public struct Candidate: Equatable, Sendable {
        public let path: String
        public let step: PolicyLookupStep
        /// True for `--policy` and `$INFUSION_PREP_POLICY`: the file must be there.
        public let required: Bool
    }

    /// Every place looked at, in order. Relative paths in the XDG variables are ignored
    /// (the XDG Base Directory specification).
    public static func candidates(explicit: String?, environment: [String: String]) -> [Candidate] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit { return [Candidate(path: explicit, step: .commandLine, required: true)] }
        if let named = value("INFUSION_PREP_POLICY") { return [Candidate(path: named, step: .environment, required: true)] }
        var out: [Candidate] = []
        let home = value("HOME")
        if let config = value("XDG_CONFIG_HOME").flatMap({ $0.hasPrefix("/") ? $0 : nil }) ?? home.map({ join($0, ".config") }) {
            out.append(Candidate(path: join(config, relativePath), step: .userConfig, required: false))
        }
        let dirs = (value("XDG_CONFIG_DIRS") ?? "/etc/xdg").split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        for dir in dirs {
            out.append(Candidate(path: join(dir, relativePath), step: .systemConfig, required: false))
        }
        return out
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The policy in force: the first candidate found, read and checked; none: the built-in defaults.
    public static func resolve(explicit: String?, environment: [String: String],
                               product: ProductProfile = .imiglucerase) -> Result<LoadedPolicy, PolicyFileErrors> {
        for candidate in candidates(explicit: explicit, environment: environment) {
            switch readBytes(candidate.path) {
            case .missing where !candidate.required:
                continue
            case .missing:
                return .failure(PolicyFileErrors([PolicyFileError(file: candidate.path, line: nil, key: nil,
                    message: "no such policy file (named by \(candidate.step.rawValue)).")]))
            case .unreadable(let reason):
                return .failure(PolicyFileErrors([PolicyFileError(file: candidate.path, line: nil, key: nil,
                    message: "the policy file cannot be read: \(reason).")]))
            case .bytes(let bytes):
                return PolicyReader.read(bytes: bytes, file: candidate.path, via: candidate.step,
                                         sha256: sha256Hex(bytes), product: product)
            }
        }
        return .success(.builtIn)
    }

    /// Reads and checks one file (`infusion-prep policy check FILE`).
    public static func check(file: String, product: ProductProfile = .imiglucerase) -> Result<LoadedPolicy, PolicyFileErrors> {
        resolve(explicit: file, environment: [:], product: product)
    }

    /// Lowercase hex SHA-256 of `bytes` (swift-crypto).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    enum ReadResult {
        case bytes([UInt8])
        case missing
        case unreadable(String)
    }

    static func readBytes(_ path: String) -> ReadResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            // A link whose file is gone (an unmounted share) is not "no policy": never fall
            // back to the built-in defaults because of it.
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                return .unreadable("it is a link to \(target), which does not exist")
            }
            return .missing
        }
        if isDirectory.boolValue { return .unreadable("it is a folder") }
        // Only a regular file (a named pipe or a device would block or never end).
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        if let type = try? FileManager.default.attributesOfItem(atPath: resolved)[.type] as? FileAttributeType, type != .typeRegular {
            return .unreadable("it is not a regular file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .unreadable("permission denied, or not a regular file") }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: PolicyReader.maximumBytes + 1) ?? Data()
            return .bytes([UInt8](data))
        } catch {
            return .unreadable(error.localizedDescription)
        }
    }
}

import Foundation
import InfusionCalc
@testable import InfusionPolicy
import Testing

/// The repository's root, from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let examplePolicyPath = repositoryRoot + "/docs/examples/policy.toml"

/// The shortest valid header: lines 1 to 5, then an empty line 6.
let header = """
    [policy]
    id = "test-suite"
    version = "1"
    approved_by = "T. Tester"
    approval_date = 2026-11-01


    """

/// Reads `text` as the policy file "test.toml".
func read(_ text: String) -> Result<LoadedPolicy, PolicyFileErrors> {
    let bytes = Array(text.utf8)
    return PolicyReader.read(bytes: bytes, file: "test.toml", sha256: PolicyLoader.sha256Hex(bytes))
}

/// A scratch folder under the system's temporary folder, removed by the caller.
func scratchFolder() throws -> String {
    let path = NSTemporaryDirectory() + "infusion-policy-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
    var success: Success? { if case .success(let value) = self { value } else { nil } }
}

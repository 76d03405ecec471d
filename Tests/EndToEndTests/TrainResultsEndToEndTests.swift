import Foundation
import Testing
import TestSupport

/// Issue 9: `train` and the wizard end with the same status when a file the run had to
/// write was not written (4), and say which.
@Suite("train: results that cannot be saved (binary)")
struct TrainResultsEndToEndTests {
    @Test("a --results path that is not a folder: the training is finished, the failure said, exit 4")
    func resultsNotSaved() throws {
        let sandbox = try Sandbox()
        // A file where the folder should be: nothing can be saved in it.
        let blocked = sandbox.results.appendingPathComponent("not-a-folder")
        try FileManager.default.createDirectory(at: sandbox.results, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: blocked)
        // The standard-adult scenario in plain mode, as PlainEndToEndTests walks it.
        let script = plainScript(["", "", "", "", "", "", "", "", "", "", "",
                                  "", "10", "y", "y", "1", "y", "y",
                                  "10", "1", "105", "", "y", "y", "",
                                  "", "", "y", "75", ""])
        let result = try runInfusionPrep(["train", "--scenario", "standard-adult", "--plain", "--results", blocked.path],
                                         input: script, sandbox: sandbox)
        #expect(result.status == 4, "stderr: \(result.standardError)")
        #expect(result.standardError.contains("error: the training results could not be saved in \(blocked.path)"))
        #expect(result.standardOutput.contains("TRAINING | Training scenario: standard-adult"), "the summary came first")
    }
}

import Foundation
import InfusionCalc
import InfusionRecords
import TestSupport
import Testing

/// An entry whose stored payload is not a JSON object of strings (this program never
/// writes one) is shown as stored by `records show` and `records export --format json`,
/// never as an empty payload alone; the readable entries are unchanged.
@Suite struct UnreadablePayloadTests {
    @Test("records show and export show an unreadable payload as it is stored")
    func shownAsStored() throws {
        let setup = try LabelCommandTests.Setup()
        let id = "9d1c-unreadable"
        try setup.append(id, .preparationBegun, ["preparer": "A. Lindqvist"], actor: "A. Lindqvist", at: LabelCommandTests.at(7, 10))
        _ = try setup.store.append(EntryDraft(preparationID: id, kind: .entry, recordedAt: LabelCommandTests.at(7, 12).iso8601,
                                              actor: "A. Lindqvist", payload: "{\"weight_kg\": 70}\u{1}"))

        let show = try setup.run(["records", "show", id])
        #expect(show.status == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains("    preparer: A. Lindqvist"))
        #expect(show.standardOutput.contains("    payload not readable, as stored: {\"weight_kg\": 70}"), "\(show.standardOutput)")
        #expect(!show.standardOutput.contains("\u{1}"), "a control character is made visible")

        let export = try setup.run(["records", "export", id, "--format", "json"])
        #expect(export.status == 0, "\(export.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        try #require(entries.count == 2)
        #expect(entries[0]["payload_unreadable"] == nil, "a readable payload has no such key")
        #expect((entries[0]["payload"] as? [String: String]) == ["preparer": "A. Lindqvist"])
        #expect(entries[1]["payload_unreadable"] as? String == "{\"weight_kg\": 70}\u{1}", "the bytes the hash covers")
        #expect((entries[1]["payload"] as? [String: String]) == [:])
        #expect(object["chain"] as? String == "intact")
    }
}

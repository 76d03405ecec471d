import Foundation
@testable import InfusionCalc
import PropertyBased
import Testing

/// The program's one JSON encoder (`ExactJSONEncoder`): its three layouts, key order,
/// escaping, exact numbers, and the refusals (binary floating point, a misused encoder).
/// Foundation's JSONSerialization reads the output back as an independent parser.
@Suite("One JSON encoder")
struct JSONEncoderTests {
    struct Dose: Encodable {
        let name: String
        let units: Int
        let volume: JSONNumber
        let cautions: [String]
        let note: String?
        let flags: [String: Bool]
    }

    static let dose = Dose(name: "Jane \"J\" Doe/Smith", units: 4200, volume: JSONNumber(Tenths(tenths: 1050)),
                           cautions: [], note: nil, flags: ["b": true, "a": false])

    struct Layout: Sendable, CustomTestStringConvertible {
        let layout: ExactJSONEncoder.Layout
        let sorted: Bool
        let expected: String
        var testDescription: String { "\(layout) sorted \(sorted)" }
    }

    @Test("each layout writes the same value as documented (nil optional left out, empty array [], '/' not escaped)", arguments: [
        Layout(layout: .compact, sorted: true,
               expected: #"{"cautions":[],"flags":{"a":false,"b":true},"name":"Jane \"J\" Doe/Smith","units":4200,"volume":105}"#),
        Layout(layout: .topLevelLines, sorted: false, expected: """
            {
              "name": "Jane \\"J\\" Doe/Smith",
              "units": 4200,
              "volume": 105,
              "cautions": [],
              "flags": {"a": false, "b": true}
            }
            """),
        Layout(layout: .indented, sorted: true, expected: """
            {
              "cautions" : [],
              "flags" : {
                "a" : false,
                "b" : true
              },
              "name" : "Jane \\"J\\" Doe/Smith",
              "units" : 4200,
              "volume" : 105
            }
            """),
    ])
    func layouts(_ row: Layout) throws {
        // A dictionary's own order changes from run to run: sort it in the unsorted layout.
        struct Ordered: Encodable {
            let dose: Dose
            func encode(to encoder: any Encoder) throws {
                enum Key: String, CodingKey { case name, units, volume, cautions, flags }
                struct Flags: Encodable {
                    let flags: [String: Bool]
                    func encode(to encoder: any Encoder) throws {
                        var c = encoder.container(keyedBy: AnyKey.self)
                        for key in flags.keys.sorted() { try c.encode(flags[key] ?? false, forKey: AnyKey(key)) }
                    }
                }
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(dose.name, forKey: .name)
                try c.encode(dose.units, forKey: .units)
                try c.encode(dose.volume, forKey: .volume)
                try c.encode(dose.cautions, forKey: .cautions)
                try c.encode(Flags(flags: dose.flags), forKey: .flags)
            }
        }
        let encoder = ExactJSONEncoder(layout: row.layout, sortedKeys: row.sorted)
        let text = row.sorted ? try encoder.encode(Self.dose) : try encoder.encode(Ordered(dose: Self.dose))
        #expect(text == row.expected)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "Jane \"J\" Doe/Smith")
        #expect(object["note"] == nil)
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        init(_ text: String) { stringValue = text }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    struct Escape: Sendable, CustomTestStringConvertible {
        let text: String
        let json: String
        var testDescription: String { json }
    }

    @Test("strings: RFC 8259 escaping; non-ASCII, '/' and U+2028 written as they are", arguments: [
        Escape(text: "a\"b", json: #""a\"b""#),
        Escape(text: "a\\b", json: #""a\\b""#),
        Escape(text: "line\nnext\r\tx", json: #""line\nnext\r\tx""#),
        Escape(text: "\u{0}\u{1}\u{1D}\u{1F}", json: #""\u0000\u0001\u001d\u001f""#),
        Escape(text: "caf\u{E9} 1\u{A0}mL \u{1D11E} \u{2028}", json: "\"caf\u{E9} 1\u{A0}mL \u{1D11E} \u{2028}\""),
        Escape(text: "ORD-77/3", json: #""ORD-77/3""#),
        Escape(text: "", json: #""""#),
    ])
    func escaping(_ row: Escape) throws {
        #expect(try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(row.text) == row.json)
    }

    @Test("sorted keys follow Unicode scalar values, the same in every locale")
    func keyOrder() throws {
        let object = ["b": "1", "B": "2", "a_2": "3", "a-2": "4", "\u{FC}": "5", "\u{E9}": "6", "z": "7", "Z": "8"]
        let text = try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(object)
        #expect(text == "{\"B\":\"2\",\"Z\":\"8\",\"a-2\":\"4\",\"a_2\":\"3\",\"b\":\"1\",\"z\":\"7\",\"\u{E9}\":\"6\",\"\u{FC}\":\"5\"}")
    }

    struct Floating: Encodable {
        struct Vial: Encodable { let water: Double }
        let vials: [Vial]
    }

    @Test("a binary floating-point number is refused, with where it is; nothing is written")
    func floatsRefused() {
        #expect(throws: JSONEncodingError(path: "vials.0.water",
                                          reason: "a binary floating-point number cannot be written exactly; use an integer or JSONNumber")) {
            try ExactJSONEncoder(layout: .indented, sortedKeys: true).encode(Floating(vials: [.init(water: 10), .init(water: 10.2)]))
        }
        #expect(throws: JSONEncodingError.self) { try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode([Float(1.5)]) }
        #expect(throws: JSONEncodingError.self) { try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(0.1) }
    }

    struct TwoValues: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode("one")
            try c.encode("two")
        }
    }
    struct ObjectThenArray: Encodable {
        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: AnyKey.self)
            try keyed.encode(1, forKey: AnyKey("a"))
            var unkeyed = encoder.unkeyedContainer()
            try unkeyed.encode(2)
        }
    }

    struct Nothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }
    struct Thrown: Encodable {
        struct Inner: Encodable {
            func encode(to encoder: any Encoder) throws {
                throw EncodingError.invalidValue(0, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: "not today"))
            }
        }
        let list: [Inner]
    }

    @Test("an encoder used in a way JSON cannot hold is refused, not trapped, and says where")
    func misuse() {
        let encoder = ExactJSONEncoder(layout: .compact, sortedKeys: true)
        #expect(throws: JSONEncodingError(path: "", reason: "two values were encoded in one place")) { try encoder.encode(TwoValues()) }
        #expect(throws: JSONEncodingError(path: "", reason: "an array was encoded where a value or an object already was")) {
            try encoder.encode(ObjectThenArray())
        }
        #expect(throws: JSONEncodingError(path: "", reason: "the value encoded nothing")) { try encoder.encode(Nothing()) }
        #expect(throws: JSONEncodingError(path: "list.0", reason: "not today")) { try encoder.encode(Thrown(list: [.init(), .init()])) }
    }

    /// A value that writes through nested containers asked for twice, super encoders,
    /// `count`, and a `JSONNumber` encoding itself directly; it records the coding paths
    /// it is given.
    final class Paths: @unchecked Sendable { var seen: [String] = [] }
    struct Reused: Encodable {
        let paths: Paths
        struct Probe: Encodable {
            let paths: Paths
            func encode(to encoder: any Encoder) throws {
                paths.seen.append(encoder.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))
                try JSONNumber(Tenths(tenths: 725)).encode(to: encoder)
            }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            var first = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("dose"))
            try first.encode(4200, forKey: AnyKey("units"))
            var again = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("dose"))
            try again.encode(Probe(paths: paths), forKey: AnyKey("volume"))
            var list = c.nestedUnkeyedContainer(forKey: AnyKey("vials"))
            try list.encode(400)
            try list.encode(Probe(paths: paths))
            paths.seen.append("count \(list.count)")
            try "after".encode(to: list.superEncoder())
            try "keyed".encode(to: c.superEncoder(forKey: AnyKey("base")))
        }
    }

    @Test("nested containers asked for twice keep what was written; paths, count and super encoders as the protocols say")
    func reuseAndPaths() throws {
        let paths = Paths()
        let text = try ExactJSONEncoder(layout: .compact, sortedKeys: false).encode(Reused(paths: paths))
        #expect(text == #"{"dose":{"units":4200,"volume":72.5},"vials":[400,72.5,"after"],"base":"keyed"}"#)
        #expect(paths.seen == ["dose.volume", "vials.1", "count 2"])
    }

    @Test("empty objects and arrays in every layout")
    func empties() throws {
        struct Empty: Encodable {
            let list: [Int] = []
            let object: [String: String] = [:]
        }
        #expect(try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(Empty()) == #"{"list":[],"object":{}}"#)
        #expect(try ExactJSONEncoder(layout: .topLevelLines, sortedKeys: true).encode(Empty()) == "{\n  \"list\": [],\n  \"object\": {}\n}")
        #expect(try ExactJSONEncoder(layout: .indented, sortedKeys: true).encode(Empty()) == "{\n  \"list\" : [],\n  \"object\" : {}\n}")
        let nothing: [String: String] = [:]
        for layout in [ExactJSONEncoder.Layout.compact, .topLevelLines, .indented] {
            #expect(try ExactJSONEncoder(layout: layout, sortedKeys: true).encode(nothing) == "{}")
            #expect(try ExactJSONEncoder(layout: layout, sortedKeys: true).encode([Int]()) == "[]")
        }
    }

    struct Nested: Encodable {
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyKey.self)
            var inner = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("inner"))
            try inner.encodeNil(forKey: AnyKey("none"))
            var list = c.nestedUnkeyedContainer(forKey: AnyKey("list"))
            try list.encode(UInt8(7))
            var deeper = list.nestedContainer(keyedBy: AnyKey.self)
            try deeper.encode(Int64(-3), forKey: AnyKey("n"))
            try list.encodeNil()
            try "base".encode(to: c.superEncoder())
            try c.encode(Optional<JSONNumber>.none, forKey: AnyKey("missing"))
            try c.encode(Optional(JSONNumber(Tenths(tenths: -5))), forKey: AnyKey("present"))
        }
    }

    @Test("nested containers, super encoders, explicit nulls and every integer width")
    func nested() throws {
        #expect(try ExactJSONEncoder(layout: .compact, sortedKeys: false).encode(Nested())
                == #"{"inner":{"none":null},"list":[7,{"n":-3},null],"super":"base","missing":null,"present":-0.5}"#)
    }

    @Test("JSONNumber takes exact decimals only", arguments: [
        ("0", true), ("72.2", true), ("-3", true), ("0.3333", true), ("4200", true), ("-0.5", true),
        ("", false), ("-", false), ("072", false), ("1.", false), (".5", false), ("1e3", false), ("NaN", false),
        ("1,5", false), ("1.2.3", false), ("+1", false), (" 1", false), ("١", false),
    ])
    func numbers(_ text: String, _ valid: Bool) {
        #expect((JSONNumber(exactly: text) != nil) == valid)
    }

    @Test("every tenths and every decimal text the module writes is a valid JSON number, written as it is")
    func exactNumbersProperty() async {
        await propertyCheck(count: 600, input: Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 0...6)) { scaled, decimals in
            let text = DecimalText.plain(scaled: scaled, decimals: decimals)
            #expect(JSONNumber(exactly: text) != nil, "\(text)")
            let tenths = Tenths(tenths: scaled)
            #expect(JSONNumber(exactly: tenths.description)?.text == JSONNumber(tenths).text)
            let json: String
            do { json = try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode([JSONNumber(tenths)]) } catch {
                Issue.record("\(error)")
                return
            }
            #expect(json == "[\(tenths.description)]")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [NSNumber])?.count == 1, "\(json) is read as one number")
        }
    }

    static let pool: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
                                    "\u{E9}", "e\u{301}", "\u{A0}", "\u{2028}", "\u{1D11E}", "\u{FEFF}", "{", "}", ":", ","]

    /// Read back with JSONDecoder, as the program reads its record (JSONSerialization drops
    /// a U+FEFF inside a string on Linux; JSONDecoder keeps it).
    @Test("any payload of strings reads back as it was, in every layout")
    func roundTripProperty() async {
        let text = Gen.element(of: Self.pool).array(of: 0...12).map { String($0.compactMap { $0 }) }
        await propertyCheck(count: 400, input: text.array(of: 0...6), text.array(of: 0...6)) { keys, values in
            let object = Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })
            for layout in [ExactJSONEncoder.Layout.compact, .topLevelLines, .indented] {
                for sorted in [true, false] {
                    let json: String
                    do { json = try ExactJSONEncoder(layout: layout, sortedKeys: sorted).encode(object) } catch {
                        Issue.record("\(layout): \(error)")
                        continue
                    }
                    let read = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
                    #expect(read == object, "\(layout) sorted \(sorted): \(json)")
                }
            }
        }
    }
}

/// The one JSON encoder of the program: every JSON it writes (`plan --json`, the record's
/// entries and label sheets, `records list` and `export`, FHIR, training results) is a
/// Codable value encoded here.
///
/// Why not Foundation's `JSONEncoder`: this module has no Foundation (rule book section 3
/// wants exact numbers, and Foundation's exact type, `Decimal`, is not part of the standard
/// library); the record's payloads are hashed, so their bytes must be fixed by this project
/// rather than by a library's spacing, escaping or key order; and sorting keys through
/// Foundation loaded ICU's collator, 2.4 MB (docs/performance.md).
///
/// Numbers: integers as digits; `JSONNumber` for exact decimals (tenths, derived ratios, a
/// record's decimal text). A `Float` or a `Double` is refused (`JSONEncodingError` with
/// where it was): nothing shown or stored is binary floating point.
/// Strings: RFC 8259 escaping (`JSONText`), non-ASCII written as it is, "/" not escaped.
///
/// Key order: with `sortedKeys`, by the keys' Unicode scalar values (the same order on every
/// machine and in every locale); without it, the order the value encoded them in (a
/// `Dictionary`'s order changes from run to run: sort the keys of anything holding one).
public struct ExactJSONEncoder: Sendable {
    /// Where the line breaks and spaces go.
    public enum Layout: Sendable, Equatable {
        /// No spaces or line breaks: `{"a":"b","c":[1,2]}`. The record's payloads.
        case compact
        /// One member of the top-level object per line, two spaces in; anything nested on
        /// that member's line: `  "vials": [{"count": 10, "strength_units": 400}],`.
        /// `plan --json`.
        case topLevelLines
        /// Two spaces per level, one member or element per line, `"key" : value`; empty
        /// arrays and objects as `[]` and `{}`. Records export, FHIR, training results.
        case indented
    }

    public var layout: Layout
    public var sortedKeys: Bool

    public init(layout: Layout, sortedKeys: Bool) {
        self.layout = layout
        self.sortedKeys = sortedKeys
    }

    /// `value` as JSON text (no final line break).
    /// - Throws: `JSONEncodingError` when the value holds a binary floating-point number
    ///   or its `encode(to:)` uses the encoder in a way JSON cannot hold (two values in one
    ///   place, a key inside an array); the coding path names where.
    public func encode<T: Encodable>(_ value: T) throws(JSONEncodingError) -> String {
        let root = JSONNode()
        let failure = JSONFailure()
        do {
            try value.encode(to: JSONNodeEncoder(node: root, codingPath: [], failure: failure))
        } catch let error as JSONEncodingError {
            throw error
        } catch let EncodingError.invalidValue(_, context) {
            throw JSONEncodingError(path: JSONFailure.text(context.codingPath), reason: context.debugDescription)
        } catch {
            throw JSONEncodingError(path: "", reason: "the value could not be encoded: \(error)")
        }
        if let first = failure.first { throw first }
        guard root.kind != .empty else { throw JSONEncodingError(path: "", reason: "the value encoded nothing") }
        return write(root.tree)
    }

    func write(_ tree: JSONTree) -> String {
        var out = ""
        switch layout {
        case .compact: writeInline(tree, separator: ",", colon: ":", into: &out)
        case .topLevelLines:
            if case .object(let members) = tree, !members.isEmpty {
                out += "{\n"
                for (index, member) in ordered(members).enumerated() {
                    out += "  " + JSONText.string(member.key) + ": "
                    writeInline(member.value, separator: ", ", colon: ": ", into: &out)
                    out += index == members.count - 1 ? "\n" : ",\n"
                }
                out += "}"
            } else {
                writeInline(tree, separator: ", ", colon: ": ", into: &out)
            }
        case .indented: writeIndented(tree, indent: "", into: &out)
        }
        return out
    }

    private func ordered(_ members: [(key: String, value: JSONTree)]) -> [(key: String, value: JSONTree)] {
        // Unicode scalar order, spelled out: it is what `String`'s `<` gives for keys that
        // are not canonical equivalents (and a keyed container holds one of those only).
        sortedKeys ? members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } : members
    }

    private func writeInline(_ tree: JSONTree, separator: String, colon: String, into out: inout String) {
        switch tree {
        case .null, .bool, .number, .string: out += tree.scalarText
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += separator }
                writeInline(element, separator: separator, colon: colon, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in ordered(members).enumerated() {
                if index > 0 { out += separator }
                out += JSONText.string(member.key) + colon
                writeInline(member.value, separator: separator, colon: colon, into: &out)
            }
            out += "}"
        }
    }

    private func writeIndented(_ tree: JSONTree, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch tree {
        case .null, .bool, .number, .string: out += tree.scalarText
        case .array(let elements):
            guard !elements.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += inner
                writeIndented(element, indent: inner, into: &out)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in ordered(members).enumerated() {
                out += inner + JSONText.string(member.key) + " : "
                writeIndented(member.value, indent: inner, into: &out)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        }
    }
}

/// Why a value could not be written as JSON: where (the coding path, "weight_kg" or
/// "vials.0.count") and why.
public struct JSONEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

/// An exact decimal number for JSON, as written: an optional "-", digits without a
/// leading zero (except "0" itself), then optionally "." and digits (RFC 8259 section 6,
/// without an exponent). Tenths, derived ratios and a record's decimal text go through
/// this; nothing is converted to binary floating point.
public struct JSONNumber: Encodable, Equatable, Sendable, CustomStringConvertible {
    public let text: String

    /// nil unless `text` is such a number ("72.2", "-3", "0.3333"; not "072", "1.", ".5",
    /// "1e3", "NaN").
    public init?(exactly text: String) {
        var rest = Substring(text)
        if rest.first == "-" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isWholeNumber } }
        guard let whole = parts.first, digits(whole), whole == "0" || whole.first != "0" else { return nil }
        if parts.count == 2 { guard digits(parts[1]) else { return nil } }
        self.text = text
    }

    public init(_ value: Int) { text = String(value) }
    public init(_ value: Tenths) { text = value.description }

    /// Text this module wrote in that form (`DecimalText.plain`, `Tenths.description`:
    /// "-"?, digits, "." and digits; property-tested in JSONEncoderTests).
    init(verified text: String) { self.text = text }

    public var description: String { text }

    /// Encoded as the number itself by `ExactJSONEncoder`; any other encoder sees its text.
    public func encode(to encoder: any Encoder) throws {
        if let exact = encoder as? JSONNodeEncoder {
            exact.put(.number(text))
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// JSON string escaping (RFC 8259): a quotation mark, a backslash and the control
/// characters U+0000 to U+001F escaped (\n, \r, \t, else \u00XX); everything else written
/// as it is. `ExactJSONEncoder` writes every string with it; messages quote with it too.
public enum JSONText {
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

// MARK: - The tree the encoder builds

indirect enum JSONTree {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONTree])
    case object([(key: String, value: JSONTree)])

    var scalarText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): text
        case .string(let text): JSONText.string(text)
        case .array, .object: ""
        }
    }
}

/// One place in the document being built: empty until something is encoded into it,
/// then a value, an array or an object for good.
final class JSONNode {
    enum Kind { case empty, value, array, object }
    private(set) var kind: Kind = .empty
    private var value: JSONTree = .null
    private var elements: [JSONNode] = []
    private var keys: [String] = []
    private var members: [String: JSONNode] = [:]

    /// Makes this place an object (or finds it one); false when it holds something else.
    func becomeObject() -> Bool {
        if kind == .empty { kind = .object }
        return kind == .object
    }

    /// Makes this place an array (or finds it one); false when it holds something else.
    func becomeArray() -> Bool {
        if kind == .empty { kind = .array }
        return kind == .array
    }

    /// Puts a value here; false when something is here already.
    func set(_ tree: JSONTree) -> Bool {
        guard kind == .empty else { return false }
        kind = .value
        value = tree
        return true
    }

    /// The place of the member `key` of this object (nil when this is not an object).
    /// `replacing`: a new place even if the key is there (a value encoded again for a key
    /// replaces the first, as in Foundation's encoder); otherwise the key's place is
    /// reused, so that a nested container asked for twice keeps what the first one wrote.
    func member(_ key: String, replacing: Bool) -> JSONNode? {
        guard kind == .object else { return nil }
        if !replacing, let existing = members[key] { return existing }
        if members[key] == nil { keys.append(key) }
        let child = JSONNode()
        members[key] = child
        return child
    }

    /// A new place at the end of this array (nil when this is not an array).
    func append() -> JSONNode? {
        guard kind == .array else { return nil }
        let child = JSONNode()
        elements.append(child)
        return child
    }

    var count: Int { kind == .array ? elements.count : 0 }

    /// What was encoded here; an empty place inside a document is an empty object (a type
    /// that encodes nothing; an empty root is refused by `ExactJSONEncoder.encode`).
    var tree: JSONTree {
        switch kind {
        case .empty: .object([])
        case .value: value
        case .array: .array(elements.map(\.tree))
        case .object: .object(keys.compactMap { key in members[key].map { (key, $0.tree) } })
        }
    }
}

/// The first misuse met while encoding (the protocols' container methods cannot throw).
final class JSONFailure {
    var first: JSONEncodingError?
    func record(_ path: [any CodingKey], _ reason: String) {
        if first == nil { first = JSONEncodingError(path: JSONFailure.text(path), reason: reason) }
    }
    /// "vials.0.count": an array's index as a number, every other key by its name.
    static func text(_ path: [any CodingKey]) -> String {
        path.map { key in (key as? JSONIndexKey)?.intValue.map(String.init) ?? key.stringValue }.joined(separator: ".")
    }
}

struct JSONIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(intValue: Int) { nil }
    init?(stringValue: String) {
        guard stringValue == "super" else { return nil }
    }
}

struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let failure: JSONFailure
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// An encoder for the place `target` at `path`.
    func at(_ target: JSONNode?, _ path: [any CodingKey]) -> JSONNodeEncoder {
        // nil: the place could not be made (the misuse is recorded); write into a detached one.
        JSONNodeEncoder(node: target ?? JSONNode(), codingPath: path, failure: failure)
    }

    /// Puts a value in this encoder's place, or records that one is there already.
    func put(_ tree: JSONTree) {
        if !node.set(tree) { failure.record(codingPath, "two values were encoded in one place") }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if !node.becomeObject() { failure.record(codingPath, "an object was encoded where a value or an array already was") }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if !node.becomeArray() { failure.record(codingPath, "an array was encoded where a value or an object already was") }
        return JSONUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueContainer(encoder: self) }

    /// The member `key`'s place, for a value (`replacing`) or a nested container.
    func member(_ key: any CodingKey, replacing: Bool) -> JSONNodeEncoder {
        at(node.member(key.stringValue, replacing: replacing), codingPath + [key])
    }

    /// A new place at the end of the array.
    func element() -> JSONNodeEncoder {
        let path = codingPath + [JSONIndexKey(node.count)]
        return at(node.append(), path)
    }

    func refuseFloat(_ path: [any CodingKey]) {
        failure.record(path, "a binary floating-point number cannot be written exactly; use an integer or JSONNumber")
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func put(_ tree: JSONTree, _ key: Key) { encoder.member(key, replacing: true).put(tree) }
    private func integer<T: BinaryInteger>(_ value: T, _ key: Key) { put(.number(String(value)), key) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.refuseFloat(codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoder.refuseFloat(codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try value.encode(to: encoder.member(key, replacing: true))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.member(key, replacing: false).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.member(key, replacing: false).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { encoder.member(JSONSuperKey(), replacing: false) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.member(key, replacing: false) }
}

/// The scalar encodes of the unkeyed and the single-value containers, which differ only in
/// where a value goes (`put`) and which path a refused float names.
protocol JSONScalarSink {
    func put(_ tree: JSONTree)
    func refuseFloat()
}

extension JSONScalarSink {
    private func integer<T: BinaryInteger>(_ value: T) { put(.number(String(value))) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { refuseFloat() }
    mutating func encode(_ value: Float) throws { refuseFloat() }
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer, JSONScalarSink {
    let encoder: JSONNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.count }

    func put(_ tree: JSONTree) { encoder.element().put(tree) }
    func refuseFloat() { encoder.refuseFloat(codingPath + [JSONIndexKey(count)]) }

    mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: encoder.element()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.element().container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { encoder.element().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder.element() }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer, JSONScalarSink {
    let encoder: JSONNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    func put(_ tree: JSONTree) { encoder.put(tree) }
    func refuseFloat() { encoder.refuseFloat(codingPath) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard encoder.node.kind == .empty else {
            encoder.failure.record(codingPath, "two values were encoded in one place")
            return
        }
        try value.encode(to: encoder)
    }
}

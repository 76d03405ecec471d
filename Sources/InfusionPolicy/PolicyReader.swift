import InfusionCalc
import Synchronization
import TOMLKit

/// How a policy file was found (the lookup order of `PolicyLoader`).
public enum PolicyLookupStep: String, Equatable, Sendable, CaseIterable {
    case commandLine = "--policy"
    case environment = "$INFUSION_PREP_POLICY"
    case userConfig = "$XDG_CONFIG_HOME"
    case systemConfig = "$XDG_CONFIG_DIRS"
}

/// The site policy in force, with where each value comes from.
public struct LoadedPolicy: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        /// No policy file was found: the rule book's defaults.
        case builtIn
        /// Read from `path`, found through `via`; `sha256` of its bytes (lowercase hex).
        case file(path: String, via: PolicyLookupStep, sha256: String)
    }
    public let policy: SitePolicy
    public let source: Source
    /// Key path to the line it is written on, for every value the file sets.
    public let lines: [String: Int]

    public init(policy: SitePolicy, source: Source, lines: [String: Int]) {
        self.policy = policy
        self.source = source
        self.lines = lines
    }

    /// The rule book's defaults, "built-in defaults, not approved by a pharmacy".
    public static let builtIn = LoadedPolicy(policy: .standard, source: .builtIn, lines: [:])

    /// Where the value of `key` ("rounding.tolerance_percent", "vials.gtins.400") comes from.
    public func origin(of key: String) -> PolicyOrigin {
        guard case .file(let path, _, _) = source, let line = lines[key] else { return .builtIn }
        return .file(path: path, line: line)
    }

    /// The SHA-256 of the policy file's bytes; nil for the built-in defaults.
    public var sha256: String? {
        if case .file(_, _, let sha) = source { return sha }
        return nil
    }

    /// Where the policy comes from, for people.
    public var sourceText: String {
        switch source {
        case .builtIn: SitePolicy.builtInText
        case .file(let path, let via, _): "\(path) (found through \(via.rawValue))"
        }
    }

    /// `infusion-prep policy show`: the policy in force, then every value with its origin.
    public var showLines: [String] {
        var out = ["Policy in force: " + sourceText]
        if policy.approval != nil { out.append("  " + policy.approvalText) }
        if let sha256 { out.append("  SHA-256 " + sha256) }
        var rows: [(String, String)] = []
        let approval = policy.approval
        rows.append((PolicySetting.id.key, PolicySchema.quoted(approval?.id)))
        rows.append((PolicySetting.version.key, PolicySchema.quoted(approval?.version)))
        rows.append((PolicySetting.approvedBy.key, PolicySchema.quoted(approval?.approvedBy)))
        rows.append((PolicySetting.approvalDate.key, approval?.approvalDate.text ?? "(not set)"))
        for spec in PolicySchema.settings {
            rows.append((spec.setting.key, spec.show(policy)))
            if spec.setting == .vialsOnHand {
                if policy.vialGTINs.isEmpty { rows.append((PolicySetting.vialGTINs.key, "(not set: no GTIN check)")) }
                for (units, gtins) in policy.vialGTINs.sorted(by: { $0.key > $1.key }) {
                    rows.append((PolicySetting.vialGTINs.key + ".\(units)", PolicySchema.list(gtins.map { JSONText.string($0) })))
                }
            }
            if spec.setting == .bagSizes {
                for bag in policy.prefilledBags {
                    rows.append((PolicySetting.bagOverfill.key + "." + bag.nominalML.description, bag.overfillML.description))
                }
            }
        }
        let width = rows.map { $0.0.count + $0.1.count + 3 }.max() ?? 0
        for (key, value) in rows {
            let left = "\(key) = \(value)"
            out.append(left + String(repeating: " ", count: max(width - left.count, 0) + 2) + origin(of: key).text)
        }
        return out
    }
}

/// Reads a policy file strictly: TOML (TOMLKit), every key known, every value of its
/// type, the header present, and every value within the label and the rule book
/// (`SitePolicy.loosenings`). Anything else is refused with the file, the line and the key.
public enum PolicyReader {
    /// Largest policy file read (a policy is a page of settings).
    public static let maximumBytes = 256 * 1024

    public static func read(bytes: [UInt8], file: String, via: PolicyLookupStep = .commandLine,
                            sha256: String, product: ProductProfile = .imiglucerase) -> Result<LoadedPolicy, PolicyFileErrors> {
        func fail(_ line: Int?, _ key: String?, _ message: String) -> Result<LoadedPolicy, PolicyFileErrors> {
            .failure(PolicyFileErrors([PolicyFileError(file: file, line: line, key: key, message: message)]))
        }
        if bytes.count > maximumBytes { return fail(nil, nil, "the file is larger than \(maximumBytes / 1024) KiB; a policy file is a page of settings.") }
        // Line by line, so that a bad byte is named with its line and key.
        let lineBytes = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if let bad = lineBytes.firstIndex(where: { $0.contains(0) || String(validating: $0, as: UTF8.self) == nil }) {
            let before = lineBytes[..<bad].map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            let line = bad + 1
            let key = KeyLines(before + "\n" + String(decoding: lineBytes[bad].filter { $0 != 0 }, as: UTF8.self)).key(onLine: line)
            return fail(line, key, lineBytes[bad].contains(0) ? "the line holds a NUL byte; a policy file is text."
                                                              : "the line is not UTF-8 text.")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = KeyLines(text)
        // A table header is one line: "[" with no "]" after it on its line is refused here
        // (toml++ trips an assertion on a header broken by a line end).
        if let bad = lineBytes.firstIndex(where: { line in
            let text = line.drop { $0 == 32 || $0 == 9 }
            return text.first == 91 && !Self.isPlainHeader(text)
        }) {
            return fail(bad + 1, keys.key(onLine: bad + 1),
                        "a table header is written on one line as [name] or [name.part], names of letters, digits, \"_\" and \"-\".")
        }
        // TOML allows no control character but tab and the line ends (toml++ trips an
        // assertion on one where a key starts): refused here, with its line.
        // (A carriage return only ends a line, before its line feed.)
        func control(_ line: ArraySlice<UInt8>) -> UInt8? {
            let body = line.last == 13 ? line.dropLast() : line
            return body.first { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }
        }
        if let bad = lineBytes.firstIndex(where: { control($0) != nil }) {
            let byte = control(lineBytes[bad]) ?? 0
            let hex = String(byte, radix: 16, uppercase: true)
            return fail(bad + 1, keys.key(onLine: bad + 1),
                        "the line holds a control character (byte 0x\(hex.count == 1 ? "0" + hex : hex)); a policy file is text.")
        }
        // TOMLKit (toml++) is used by one thread at a time: its C bridge hands back shared
        // buffers, and parsing from two threads at once was seen to trip toml++'s assertions.
        return tomlLock.withLock { _ -> Result<LoadedPolicy, PolicyFileErrors> in
            let root: TOMLTable
            do {
                root = try TOMLTable(string: text)
            } catch let error as TOMLParseError {
                let line = max(error.source.begin.line, 1)
                return fail(line, keys.key(onLine: line), "not valid TOML: \(error.description).")
            } catch {
                return fail(nil, nil, "not valid TOML: \(error).")
            }
            var reading = Reading(file: file, keys: keys)
            reading.read(root)
            return reading.finish(via: via, sha256: sha256, product: product)
        }
    }

    private static let tomlLock = Mutex(())

    /// "[name]" or "[name.part]" (bare names: ASCII letters, digits, "_", "-"), spaces
    /// around the names, and an optional comment after: the only headers a policy file uses.
    /// (toml++ trips an assertion on some malformed headers; they are refused before it.)
    static func isPlainHeader(_ line: ArraySlice<UInt8>) -> Bool {
        func bare(_ byte: UInt8) -> Bool {
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 45
        }
        var rest = line.dropFirst()   // "["
        var parts = 0
        while true {
            rest = rest.drop { $0 == 32 || $0 == 9 }
            let name = rest.prefix(while: bare)
            guard !name.isEmpty else { return false }
            parts += 1
            rest = rest.dropFirst(name.count).drop { $0 == 32 || $0 == 9 }
            guard let next = rest.first else { return false }
            rest = rest.dropFirst()
            if next == 46 { continue }             // "."
            guard next == 93 else { return false } // "]"
            break
        }
        let tail = rest.drop { $0 == 32 || $0 == 9 || $0 == 13 }
        return parts >= 1 && (tail.isEmpty || tail.first == 35) // nothing, or a comment
    }
}

/// One or more refusals of a policy file, in the order of their lines.
public struct PolicyFileErrors: Error, Equatable, Sendable {
    public let errors: [PolicyFileError]
    public init(_ errors: [PolicyFileError]) { self.errors = errors }
    /// The first refusal (every file refused has at least one).
    public var first: PolicyFileError { errors[0] }
}

/// The state of one file being read.
private struct Reading {
    let file: String
    let keys: KeyLines
    var policy = SitePolicy.standard
    var header = HeaderFields()
    var lines: [String: Int] = [:]
    var errors: [PolicyFileError] = []
    var overfills: [(size: String, value: TOMLValueConvertible)] = []

    init(file: String, keys: KeyLines) {
        self.file = file
        self.keys = keys
    }

    func line(_ path: String) -> Int { keys.line(of: path) ?? 1 }

    mutating func refuse(_ path: String, _ message: String, problem: PolicyProblem? = nil) {
        errors.append(PolicyFileError(file: file, line: line(path), key: path, message: message, problem: problem))
    }

    mutating func unknown(_ path: String) {
        let leaf = path.split(separator: ".").last.map(String.init) ?? path
        let known = PolicySchema.allKeys + PolicySchema.sections
        let guess = known.first { $0.hasSuffix("." + leaf) && $0 != path }
            ?? known.first { $0.hasPrefix(path) && $0 != path }
            ?? nearest(path, in: known)
        let hint = guess.map { "; did you mean \($0)?" } ?? "; docs/site-policy.md lists every setting."
        refuse(path, "unknown setting" + hint)
    }

    mutating func read(_ root: TOMLTable) {
        for section in root.keys.sorted(by: { line($0) < line($1) }) {
            guard PolicySchema.sections.contains(section) else { unknown(section); continue }
            guard let value = root[section] else { continue }
            guard value.type == .table, let table = value.table else {
                refuse(section, "expected a table: write [\(section)] on a line of its own, with its settings below it.")
                continue
            }
            for key in table.keys.sorted(by: { line(section + "." + $0) < line(section + "." + $1) }) {
                let path = section + "." + key
                guard let value = table[key] else { continue }
                if section == "policy" {
                    readHeader(path, value)
                } else if let spec = PolicySchema.settings.first(where: { $0.setting.key == path }) {
                    guard let converted = convert(value, kind: spec.kind, path: path) else { continue }
                    if let problem = spec.apply(converted, &policy) { refuse(path, problem) } else { lines[path] = line(path) }
                } else if path == PolicySetting.vialGTINs.key {
                    readGTINs(path, value)
                } else if path == PolicySetting.bagOverfill.key {
                    guard let sizes = value.table, value.type == .table else {
                        refuse(path, "expected a table of bag size = overfill mL, for example [preparation.bag_overfill_ml] with 250 = 20 below it.")
                        continue
                    }
                    lines[path] = line(path)
                    for size in sizes.keys { if let overfill = sizes[size] { overfills.append((size, overfill)) } }
                } else {
                    unknown(path)
                }
            }
        }
        // Overfills are per listed size, so they are read after the sizes.
        for (size, value) in overfills {
            let path = PolicySetting.bagOverfill.key + "." + size
            if let whole = Int(size), size.allSatisfy({ $0.isASCII && $0.isNumber }), String(whole) != size {
                refuse(path, "write the bag size as \(whole), without leading zeros.")
                continue
            }
            guard let converted = convert(value, kind: .decimal, path: path), case .decimal(let overfill) = converted else { continue }
            guard let index = policy.prefilledBags.firstIndex(where: { $0.nominalML.description == size }) else {
                refuse(path, "\(size) is not a bag size listed in \(PolicySetting.bagSizes.key) (\(PolicySchema.list(policy.prefilledBags.map { $0.nominalML.description }))).")
                continue
            }
            policy.prefilledBags[index] = PrefilledBag(nominalML: policy.prefilledBags[index].nominalML, overfillML: overfill)
            lines[path] = line(path)
        }
    }

    mutating func readHeader(_ path: String, _ value: TOMLValueConvertible) {
        guard let (setting, kind) = PolicySchema.headerSettings.first(where: { $0.0.key == path }) else { unknown(path); return }
        guard let converted = convert(value, kind: kind, path: path) else { return }
        switch (setting, converted) {
        case (.id, .string(let text)): header.id = text
        case (.version, .string(let text)): header.version = text
        case (.approvedBy, .string(let text)): header.approvedBy = text
        case (.approvalDate, .date(let date)): header.approvalDate = date
        default: return
        }
        lines[path] = line(path)
    }

    mutating func readGTINs(_ path: String, _ value: TOMLValueConvertible) {
        guard let table = value.table, value.type == .table else {
            refuse(path, "expected a table of strength = [GTINs], for example [vials.gtins] with 400 = [\"...\"] below it.")
            return
        }
        lines[path] = line(path)
        for strength in table.keys {
            let subpath = path + "." + strength
            guard let units = Int(strength), strength.allSatisfy({ $0.isASCII && $0.isNumber }), strength.count <= 6 else {
                refuse(subpath, "\(JSONText.string(strength)) is not a vial strength in units (for example 400).")
                continue
            }
            // One spelling per strength, so that "0400" can never stand beside 400 unseen.
            guard String(units) == strength else {
                refuse(subpath, "write the strength as \(units), without leading zeros.")
                continue
            }
            guard let list = table[strength], let converted = convert(list, kind: .strings, path: subpath),
                  case .strings(let gtins) = converted else { continue }
            policy.vialGTINs[units] = gtins
            lines[subpath] = line(subpath)
        }
    }

    /// The value as `kind`, or nil after refusing it.
    mutating func convert(_ value: TOMLValueConvertible, kind: ValueKind, path: String) -> PolicyValue? {
        func article(_ type: TOMLType) -> String {
            let name = type.description
            return (name.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + name
        }
        func wrong() -> PolicyValue? {
            refuse(path, "expected \(kind.name), found \(article(value.type)).")
            return nil
        }
        func whole(_ number: Int) -> Int? {
            guard abs(number) <= 1_000_000 else {
                refuse(path, "\(number) is far too large.")
                return nil
            }
            return number
        }
        switch kind {
        case .string:
            guard let text = value.string, value.type == .string else { return wrong() }
            return .string(text)
        case .stringOrInteger:
            if value.type == .string, let text = value.string { return .string(text) }
            if value.type == .int, let number = value.int { return .string(String(number)) }
            return wrong()
        case .bool:
            guard value.type == .bool, let flag = value.bool else { return wrong() }
            return .bool(flag)
        case .integer:
            guard value.type == .int, let number = value.int else { return wrong() }
            return whole(number).map(PolicyValue.integer)
        case .decimal:
            if value.type == .int, let number = value.int { return whole(number).map { .decimal(Tenths(whole: $0)) } }
            guard value.type == .double else { return wrong() }
            // Read from the text as written, never through the binary double.
            guard let literal = keys.literal(of: path) else {
                refuse(path, "write this number on its own line (key = value) so that it is read exactly.")
                return nil
            }
            switch PolicyNumber.tenths(literal) {
            case .success(let tenths): return .decimal(tenths)
            case .failure(let problem): refuse(path, problem.sentence); return nil
            }
        case .date:
            if value.type == .date, let date = value.date {
                guard let day = CalendarDate(year: date.year, month: date.month, day: date.day) else { return wrong() }
                return .date(day)
            }
            if value.type == .string, let text = value.string {
                let parts = text.split(separator: "-", omittingEmptySubsequences: false)
                if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                   let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                   let date = CalendarDate(year: year, month: month, day: day) {
                    return .date(date)
                }
                refuse(path, "\(JSONText.string(text)) is not a date; write it as 2026-11-01.")
                return nil
            }
            return wrong()
        case .integers:
            guard value.type == .array, let array = value.array else { return wrong() }
            var out: [Int] = []
            for element in array {
                guard element.type == .int, let number = element.int else {
                    refuse(path, "expected \(kind.name); an element is \(article(element.type)).")
                    return nil
                }
                guard let checked = whole(number) else { return nil }
                out.append(checked)
            }
            return .integers(out)
        case .strings:
            guard value.type == .array, let array = value.array else { return wrong() }
            var out: [String] = []
            for element in array {
                guard element.type == .string, let text = element.string else {
                    refuse(path, "expected \(kind.name); an element is \(article(element.type)).")
                    return nil
                }
                out.append(text)
            }
            return .strings(out)
        }
    }

    mutating func finish(via: PolicyLookupStep, sha256: String, product: ProductProfile) -> Result<LoadedPolicy, PolicyFileErrors> {
        let missing: [(PolicySetting, Bool)] = [(.id, header.id == nil), (.version, header.version == nil),
                                                (.approvedBy, header.approvedBy == nil), (.approvalDate, header.approvalDate == nil)]
        for (setting, isMissing) in missing where isMissing && !errors.contains(where: { $0.key == setting.key }) {
            let where_ = keys.line(of: "policy") == nil ? "; a policy file starts with a [policy] table" : ""
            errors.append(PolicyFileError(file: file, line: keys.line(of: "policy") ?? 1, key: setting.key,
                                          message: "required, and missing\(where_) (the policy's id, version, approved_by and approval_date; section 9)."))
        }
        if errors.isEmpty, let id = header.id, let version = header.version, let approvedBy = header.approvedBy,
           let date = header.approvalDate {
            policy.approval = PolicyApproval(id: id, version: version, approvedBy: approvedBy, approvalDate: date, fileSHA256: sha256)
            for problem in policy.loosenings(product: product) {
                errors.append(PolicyFileError(file: file, line: line(problem.key), key: problem.key, message: problem.message, problem: problem))
            }
        }
        if !errors.isEmpty {
            return .failure(PolicyFileErrors(errors.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)))
        }
        return .success(LoadedPolicy(policy: policy, source: .file(path: file, via: via, sha256: sha256), lines: lines))
    }
}

/// The known key nearest to `word` (at most 3 edits), for "did you mean".
func nearest(_ word: String, in names: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let scored = names.map { ($0, distance(Array(word), Array($0))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 3 else { return nil }
    return best.0
}

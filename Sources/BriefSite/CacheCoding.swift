import BriefCore
import BriefMarkdown
import Foundation

/// The binary form of what `.briefsite-cache/` keeps, written by hand for
/// speed: through `Codable`, reading the caches of a 1,000-brief site took
/// longer than rendering the one page that changed (every field goes through
/// generic containers; JSON made it 16 MB and most of a second each way).
///
/// A value is read back by the same code that wrote it: fields in order,
/// integers as varints, strings as a length and UTF-8. The file carries the
/// program that wrote it, so a changed layout is never misread; a damaged
/// file fails a bounds or value check and is ignored.
protocol CacheCodable {
    func write(to writer: inout CacheWriter)
    init(from reader: inout CacheReader) throws
}

struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    /// A source location's file is almost always the one before it: written once, then referred to.
    private var lastFile: String?

    static func encode<Value: CacheCodable>(_ value: Value) -> Data {
        Data(encodedBytes(value))
    }

    static func encodedBytes<Value: CacheCodable>(_ value: Value) -> [UInt8] {
        var writer = CacheWriter()
        value.write(to: &writer)
        return writer.bytes
    }

    /// Lets go of the room left for more bytes.
    mutating func shrinkToFit() {
        bytes.trimCapacity()
    }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func int(_ value: Int) {
        let wide = Int64(value)
        varint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func file(_ value: String) {
        if value == lastFile {
            bool(false)
        } else {
            bool(true)
            string(value)
            lastFile = value
        }
    }

    /// The stored form of a decimal, all of it: 1.10 and 1.1 stay what they were.
    mutating func decimal(_ value: Decimal) {
        var value = value
        withUnsafeBytes(of: &value) { bytes.append(contentsOf: $0) }
    }

    mutating func value<Value: CacheCodable>(_ value: Value) { value.write(to: &self) }

    mutating func optional<Value: CacheCodable>(_ value: Value?) {
        guard let value else { return bool(false) }
        bool(true)
        value.write(to: &self)
    }

    mutating func array<Value: CacheCodable>(_ values: [Value]) {
        varint(UInt64(values.count))
        for value in values { value.write(to: &self) }
    }

    /// Each of `values`, with `flush` called between them once `flushSize` bytes have gathered: a long list
    /// written to a file as it is encoded (the same bytes as `array`'s, in pieces).
    mutating func array<Value: CacheCodable>(_ values: [Value], flush: (inout CacheWriter) -> Void) {
        varint(UInt64(values.count))
        for value in values {
            value.write(to: &self)
            if bytes.count >= CacheWriter.flushSize { flush(&self) }
        }
    }

    static let flushSize = 1 << 20

    /// Forgets the bytes encoded so far (taken by a `flush`), keeping their room; what was learned from them
    /// stays (the last location's file), so that the pieces are the bytes one writer would have made.
    mutating func removeBytes() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func strings(_ values: [String]) {
        varint(UInt64(values.count))
        for value in values { string(value) }
    }
}

struct CacheReader {
    struct Damaged: Error {}

    /// The bytes read are `bytes[position..<end]`: one entry of a file read whole, without a copy of its own.
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int
    let end: Int
    private var lastFile: String?

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
        end = bytes.endIndex
    }

    static func decode<Value: CacheCodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try decode(type, from: [UInt8](data)[...])
    }

    static func decode<Value: CacheCodable>(_ type: Value.Type, from bytes: ArraySlice<UInt8>) throws -> Value {
        var reader = CacheReader(bytes)
        let value = try Value(from: &reader)
        guard reader.position == reader.end else { throw Damaged() }
        return value
    }

    /// A string's bytes, not made into a string.
    mutating func stringBytes() throws -> ArraySlice<UInt8> {
        let count = try self.count()
        let start = position
        try skip(count)
        return bytes[start..<position]
    }

    mutating func skipString() throws {
        try skip(try count())
    }

    mutating func skip(_ count: Int) throws {
        guard count >= 0, end - position >= count else { throw Damaged() }
        position += count
    }

    mutating func byte() throws -> UInt8 {
        guard position < end else { throw Damaged() }
        position += 1
        return bytes[position - 1]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Damaged() }
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    mutating func int() throws -> Int {
        let raw = try varint()
        return Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
    }

    mutating func count() throws -> Int {
        let value = try varint()
        // Every element takes at least one byte: a larger count is damage, not a reason to reserve memory.
        guard value <= UInt64(end - position) else { throw Damaged() }
        return Int(value)
    }

    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw Damaged()
        }
    }

    mutating func string() throws -> String {
        let length = try count()
        defer { position += length }
        let start = position - bytes.startIndex
        return bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<(start + length)]), as: UTF8.self)
        }
    }

    mutating func file() throws -> String {
        if try bool() {
            let value = try string()
            lastFile = value
            return value
        }
        guard let lastFile else { throw Damaged() }
        return lastFile
    }

    mutating func decimal() throws -> Decimal {
        let size = MemoryLayout<Decimal>.size
        guard end - position >= size else { throw Damaged() }
        var value = Decimal()
        withUnsafeMutableBytes(of: &value) { target in
            let start = position - bytes.startIndex
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + size)]))
            }
        }
        position += size
        guard value.isFinite else { throw Damaged() }
        return value
    }

    mutating func value<Value: CacheCodable>(_ type: Value.Type = Value.self) throws -> Value {
        try Value(from: &self)
    }

    mutating func optional<Value: CacheCodable>(_ type: Value.Type = Value.self) throws -> Value? {
        try bool() ? try Value(from: &self) : nil
    }

    mutating func array<Value: CacheCodable>(_ type: Value.Type = Value.self) throws -> [Value] {
        let count = try count()
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try Value(from: &self)) }
        return values
    }

    mutating func strings() throws -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }
}

// MARK: Values of BriefCore and BriefMarkdown

extension String: CacheCodable {
    func write(to writer: inout CacheWriter) { writer.string(self) }
    init(from reader: inout CacheReader) throws { self = try reader.string() }
}

extension Day: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.int(year); writer.int(month); writer.int(day)
    }

    init(from reader: inout CacheReader) throws {
        guard let day = Day(year: try reader.int(), month: try reader.int(), day: try reader.int()) else { throw CacheReader.Damaged() }
        self = day
    }
}

extension CountryCode: CacheCodable {
    func write(to writer: inout CacheWriter) { writer.string(code) }

    init(from reader: inout CacheReader) throws {
        guard let code = CountryCode(cached: try reader.string()) else { throw CacheReader.Damaged() }
        self = code
    }
}

extension SourceLocation: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.file(file); writer.int(line); writer.int(column)
    }

    init(from reader: inout CacheReader) throws {
        self.init(file: try reader.file(), line: try reader.int(), column: try reader.int())
    }
}

extension Diagnostic: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.bool(severity == .error); writer.value(location); writer.string(message)
    }

    init(from reader: inout CacheReader) throws {
        let severity: Severity = try reader.bool() ? .error : .warning
        self.init(severity, at: try reader.value(), try reader.string())
    }
}

extension Located: CacheCodable where Value: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.value(value); writer.value(location)
    }

    init(from reader: inout CacheReader) throws {
        self.init(try reader.value(), at: try reader.value())
    }
}

extension Array: CacheCodable where Element: CacheCodable {
    func write(to writer: inout CacheWriter) { writer.array(self) }
    init(from reader: inout CacheReader) throws { self = try reader.array() }
}

extension TariffMeasure: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.value(by); writer.value(on); writer.string(goods); writer.decimal(rate)
        writer.bool(previous != nil); if let previous { writer.decimal(previous) }
        writer.bool(effective != nil); if let effective { writer.decimal(effective) }
        writer.value(date); writer.value(location)
    }

    init(from reader: inout CacheReader) throws {
        let by: CountryCode = try reader.value()
        let on: CountryCode = try reader.value()
        let goods = try reader.string()
        let rate = try reader.decimal()
        let previous = try reader.bool() ? try reader.decimal() : nil
        let effective = try reader.bool() ? try reader.decimal() : nil
        self.init(by: by, on: on, goods: goods, rate: rate, previous: previous, effective: effective, date: try reader.value(),
                  location: try reader.value())
    }
}

extension TradeBalance: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.value(partner); writer.int(year); writer.decimal(balance); writer.value(location)
    }

    init(from reader: inout CacheReader) throws {
        self.init(partner: try reader.value(), year: try reader.int(), balance: try reader.decimal(), location: try reader.value())
    }
}

extension EventEntry: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(id); writer.optional(date); writer.optional(end); writer.optional(title); writer.optional(countries)
        writer.value(location); writer.optional(dateLocation); writer.optional(endLocation); writer.optional(countriesLocation)
    }

    init(from reader: inout CacheReader) throws {
        self.init(id: try reader.string(), date: try reader.optional(), end: try reader.optional(), title: try reader.optional(),
                  countries: try reader.optional(), location: try reader.value(), dateLocation: try reader.optional(),
                  endLocation: try reader.optional(), countriesLocation: try reader.optional())
    }
}

extension BriefFrontMatter: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(title); writer.value(date); writer.optional(author); writer.optional(affiliation); writer.optional(summary)
        writer.bool(draft); writer.array(topics); writer.array(countries); writer.optional(tariffs); writer.optional(trade)
        writer.optional(timeline)
    }

    init(from reader: inout CacheReader) throws {
        self.init(title: try reader.string(), date: try reader.value(), author: try reader.optional(), affiliation: try reader.optional(),
                  summary: try reader.optional(), draft: try reader.bool(), topics: try reader.array(), countries: try reader.array(),
                  tariffs: try reader.optional(), trade: try reader.optional(), timeline: try reader.optional())
    }
}

extension PageFrontMatter: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(title); writer.optional(date); writer.optional(summary); writer.bool(draft)
        writer.bool(menu != nil); if let menu { writer.int(menu) }
    }

    init(from reader: inout CacheReader) throws {
        self.init(title: try reader.string(), date: try reader.optional(), summary: try reader.optional(), draft: try reader.bool(),
                  menu: try reader.bool() ? try reader.int() : nil)
    }
}

/// A brief's or a page's translation as the cache keeps it: all but the
/// body, whose hash stands for it. The two types differ only in their front matter.
protocol CachedTranslation: CacheCodable {
    associatedtype Matter: CacheCodable
    var language: String { get }
    var file: String { get }
    var frontMatter: Matter { get }
    var bodyHash: UInt64 { get }
    var bodyFirstLine: Int { get }
    var frontMatterHash: UInt64 { get set }
    init(language: String, file: String, frontMatter: Matter, bodyHash: UInt64, bodyFirstLine: Int)
}

extension CachedTranslation {
    func write(to writer: inout CacheWriter) {
        writer.string(language); writer.file(file); writer.value(frontMatter); writer.varint(bodyHash); writer.int(bodyFirstLine)
        writer.varint(frontMatterHash)
    }

    init(from reader: inout CacheReader) throws {
        self.init(language: try reader.string(), file: try reader.file(), frontMatter: try reader.value(), bodyHash: try reader.varint(),
                  bodyFirstLine: try reader.int())
        frontMatterHash = try reader.varint()
    }
}

extension BriefTranslation: CachedTranslation {}

extension PageTranslation: CachedTranslation {}

extension Heading: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.int(level); writer.string(id); writer.string(text)
    }

    init(from reader: inout CacheReader) throws {
        self.init(level: try reader.int(), id: try reader.string(), text: try reader.string())
    }
}

extension RenderedBody: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.array(headings); writer.int(reading.wideCharacters); writer.int(reading.words); writer.strings(blocksRendered.sorted())
        writer.array(diagnostics); writer.string(derivedSummary); writer.array(placedBlocks)
    }

    init(from reader: inout CacheReader) throws {
        self.init(cachedHeadings: try reader.array(), reading: ReadingMeasure(wideCharacters: try reader.int(), words: try reader.int()),
                  blocksRendered: Set(try reader.strings()), diagnostics: try reader.array(), derivedSummary: try reader.string())
        placedBlocks = try reader.array()
    }
}

extension PlacedBlock: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(kind); writer.string(options); writer.int(start); writer.int(count)
    }

    init(from reader: inout CacheReader) throws {
        self.init(kind: try reader.string(), options: try reader.string(), start: try reader.int(), count: try reader.int())
    }
}

// MARK: Values of BriefSite

extension SourceFile: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.bool(kind == .brief); writer.string(slug); writer.string(language); writer.file(path); writer.string(absolutePath)
        writer.optional(bundlePath)
    }

    init(from reader: inout CacheReader) throws {
        self.init(kind: try reader.bool() ? .brief : .page, slug: try reader.string(), language: try reader.string(),
                  path: try reader.file(), url: URL(fileURLWithPath: try reader.string(), isDirectory: false), bundlePath: try reader.optional())
    }
}

extension FileStamp: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.int(Int(size)); writer.int(Int(modified)); writer.int(Int(changed)); writer.varint(inode)
    }

    init(from reader: inout CacheReader) throws {
        self.init(size: Int64(try reader.int()), modified: Int64(try reader.int()), changed: Int64(try reader.int()),
                  inode: try reader.varint())
    }
}

extension ContentLoader.ParsedFile: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.value(file); writer.optional(brief); writer.optional(page); writer.array(diagnostics)
    }

    init(from reader: inout CacheReader) throws {
        self.init(file: try reader.value(), brief: try reader.optional(), page: try reader.optional(), diagnostics: try reader.array())
    }
}

extension OutputRecord: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.string(path); writer.value(stamp); writer.bool(fingerprint != nil); if let fingerprint { writer.varint(fingerprint) }
    }

    init(from reader: inout CacheReader) throws {
        self.init(path: try reader.string(), stamp: try reader.value(), fingerprint: try reader.bool() ? try reader.varint() : nil)
    }
}

extension EntryStamp: CacheCodable {
    func write(to writer: inout CacheWriter) {
        writer.varint(UInt64(kind.rawValue))
        switch kind {
        case .folder: return
        case .file: writer.value(file)
        case .link: writer.value(file); writer.string(linkTarget)
        }
    }

    init(from reader: inout CacheReader) throws {
        guard let raw = UInt8(exactly: try reader.varint()), let kind = Kind(rawValue: raw) else { throw CacheReader.Damaged() }
        switch kind {
        case .folder: self = .folder
        case .file: self.init(kind: .file, file: try reader.value(), linkTarget: "")
        case .link: self.init(kind: .link, file: try reader.value(), linkTarget: try reader.string())
        }
    }
}

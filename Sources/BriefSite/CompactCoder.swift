import Foundation

/// A small binary form for `Codable` values, for the build cache: JSON made
/// the cache of a 1,000-brief site 16 MB and took most of a second each way.
///
/// Fields are written in the order they are encoded, without their keys, so
/// a value must be decoded by the same type that encoded it (the cache
/// carries a version and the program that wrote it). Integers are varints;
/// every string is written once into a table at the end and referred to by
/// number (a source path appears in every location of its file); a keyed
/// optional carries a presence byte; an unkeyed container a count.
enum CompactCoder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let writer = CompactWriter()
        try value.encode(to: CompactEncoder(writer: writer))
        return writer.finish()
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try data.withUnsafeBytes { raw in
            let reader = try CompactReader(raw)
            let value = try Value(from: CompactDecoder(reader: reader))
            guard reader.atEndOfValues else { throw Failure(description: "bytes left after the value") }
            return value
        }
    }
}

// MARK: Writing

final class CompactWriter {
    var bytes: [UInt8] = []
    private var strings: [String: Int] = [:]
    private var table: [String] = []

    func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func string(_ value: String) {
        if let index = strings[value] {
            varint(UInt64(index))
            return
        }
        strings[value] = table.count
        varint(UInt64(table.count))
        table.append(value)
    }

    /// Reserves four bytes for a count written later; returns their offset.
    func countSlot() -> Int {
        bytes.append(contentsOf: [0, 0, 0, 0])
        return bytes.count - 4
    }

    func setCount(_ count: Int, at offset: Int) {
        let value = UInt32(truncatingIfNeeded: count)
        for shift in 0..<4 { bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * shift)) }
    }

    /// The values, then the string table, then where the table starts (8 bytes).
    func finish() -> Data {
        let valuesEnd = bytes.count
        varint(UInt64(table.count))
        for text in table {
            let utf8 = Array(text.utf8)
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
        var offset = UInt64(valuesEnd)
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: offset))
            offset >>= 8
        }
        return Data(bytes)
    }
}

struct CompactEncoder: Encoder {
    let writer: CompactWriter
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(writer: writer))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        UnkeyedWriter(writer: writer, slot: writer.countSlot())
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleWriter(writer: writer)
    }
}

/// The one place where every kind of single value is written.
private struct ValueWriter {
    let writer: CompactWriter

    func nilValue() { writer.bytes.append(0) }
    func bool(_ value: Bool) { writer.bytes.append(value ? 1 : 0) }
    func string(_ value: String) { writer.string(value) }
    func double(_ value: Double) { fixed(value.bitPattern) }
    func float(_ value: Float) { fixed(UInt64(value.bitPattern)) }
    func signed<T: SignedInteger & FixedWidthInteger>(_ value: T) { writer.signed(Int64(value)) }
    func unsigned<T: UnsignedInteger & FixedWidthInteger>(_ value: T) { writer.varint(UInt64(value)) }

    func fixed(_ value: UInt64) {
        var value = value
        for _ in 0..<8 {
            writer.bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    func value<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String: string(text)
        case let number as Int: signed(number)
        case let number as UInt64: unsigned(number)
        case let flag as Bool: bool(flag)
        default: try value.encode(to: CompactEncoder(writer: writer))
        }
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactWriter
    var codingPath: [CodingKey] = []
    private var values: ValueWriter { ValueWriter(writer: writer) }

    init(writer: CompactWriter) { self.writer = writer }

    mutating func encodeNil(forKey key: Key) throws { values.nilValue() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { values.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { values.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { values.double(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { values.float(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { values.signed(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { values.signed(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { values.signed(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { values.signed(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { values.signed(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { values.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try values.value(value) }

    // A keyed optional is a presence byte and, when present, the value.
    private func present<T: Encodable>(_ value: T?) throws {
        guard let value else { return values.nilValue() }
        writer.bytes.append(1)
        try values.value(value)
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        UnkeyedWriter(writer: writer, slot: writer.countSlot())
    }

    mutating func superEncoder() -> Encoder { CompactEncoder(writer: writer) }
    mutating func superEncoder(forKey key: Key) -> Encoder { CompactEncoder(writer: writer) }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: CompactWriter
    let slot: Int
    var codingPath: [CodingKey] = []
    private(set) var count = 0
    private var values: ValueWriter { ValueWriter(writer: writer) }

    init(writer: CompactWriter, slot: Int) {
        self.writer = writer
        self.slot = slot
    }

    private mutating func added() {
        count += 1
        writer.setCount(count, at: slot)
    }

    mutating func encodeNil() throws { values.nilValue(); added() }
    mutating func encode(_ value: Bool) throws { values.bool(value); added() }
    mutating func encode(_ value: String) throws { values.string(value); added() }
    mutating func encode(_ value: Double) throws { values.double(value); added() }
    mutating func encode(_ value: Float) throws { values.float(value); added() }
    mutating func encode(_ value: Int) throws { values.signed(value); added() }
    mutating func encode(_ value: Int8) throws { values.signed(value); added() }
    mutating func encode(_ value: Int16) throws { values.signed(value); added() }
    mutating func encode(_ value: Int32) throws { values.signed(value); added() }
    mutating func encode(_ value: Int64) throws { values.signed(value); added() }
    mutating func encode(_ value: UInt) throws { values.unsigned(value); added() }
    mutating func encode(_ value: UInt8) throws { values.unsigned(value); added() }
    mutating func encode(_ value: UInt16) throws { values.unsigned(value); added() }
    mutating func encode(_ value: UInt32) throws { values.unsigned(value); added() }
    mutating func encode(_ value: UInt64) throws { values.unsigned(value); added() }
    mutating func encode<T: Encodable>(_ value: T) throws { try values.value(value); added() }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        added()
        return KeyedEncodingContainer(KeyedWriter<NestedKey>(writer: writer))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        added()
        return UnkeyedWriter(writer: writer, slot: writer.countSlot())
    }

    mutating func superEncoder() -> Encoder {
        added()
        return CompactEncoder(writer: writer)
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let writer: CompactWriter
    var codingPath: [CodingKey] = []
    private var values: ValueWriter { ValueWriter(writer: writer) }

    init(writer: CompactWriter) { self.writer = writer }

    mutating func encodeNil() throws { values.nilValue() }
    mutating func encode(_ value: Bool) throws { values.bool(value) }
    mutating func encode(_ value: String) throws { values.string(value) }
    mutating func encode(_ value: Double) throws { values.double(value) }
    mutating func encode(_ value: Float) throws { values.float(value) }
    mutating func encode(_ value: Int) throws { values.signed(value) }
    mutating func encode(_ value: Int8) throws { values.signed(value) }
    mutating func encode(_ value: Int16) throws { values.signed(value) }
    mutating func encode(_ value: Int32) throws { values.signed(value) }
    mutating func encode(_ value: Int64) throws { values.signed(value) }
    mutating func encode(_ value: UInt) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt8) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt16) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt32) throws { values.unsigned(value) }
    mutating func encode(_ value: UInt64) throws { values.unsigned(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try values.value(value) }
}

// MARK: Reading

final class CompactReader {
    private let base: UnsafePointer<UInt8>
    private var position = 0
    private let valuesEnd: Int
    private var table: [String] = []

    init(_ raw: UnsafeRawBufferPointer) throws {
        guard raw.count >= 8, let start = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw CompactCoder.Failure(description: "too short")
        }
        base = start
        var offset: UInt64 = 0
        for index in 0..<8 { offset |= UInt64(start[raw.count - 8 + index]) << (8 * UInt64(index)) }
        guard offset <= UInt64(raw.count - 8) else { throw CompactCoder.Failure(description: "bad table offset") }
        valuesEnd = Int(offset)
        // The string table first, then the values from the start.
        position = valuesEnd
        let end = raw.count - 8
        let count = try varint(limit: end)
        guard count <= UInt64(end - position) else { throw CompactCoder.Failure(description: "bad table size") }
        table.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = Int(try varint(limit: end))
            guard length <= end - position else { throw CompactCoder.Failure(description: "string past the end") }
            table.append(String(decoding: UnsafeBufferPointer(start: base + position, count: length), as: UTF8.self))
            position += length
        }
        position = 0
    }

    var atEndOfValues: Bool { position == valuesEnd }

    private func varint(limit: Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < limit, shift < 64 else { throw CompactCoder.Failure(description: "bad number") }
            let byte = base[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    func varint() throws -> UInt64 { try varint(limit: valuesEnd) }

    func signed() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    func byte() throws -> UInt8 {
        guard position < valuesEnd else { throw CompactCoder.Failure(description: "past the end") }
        position += 1
        return base[position - 1]
    }

    func fixed() throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(try byte()) << (8 * UInt64(index)) }
        return value
    }

    func count() throws -> Int {
        var value = 0
        for index in 0..<4 { value |= Int(try byte()) << (8 * index) }
        return value
    }

    func string() throws -> String {
        let index = try varint()
        guard index < UInt64(table.count) else { throw CompactCoder.Failure(description: "bad string number") }
        return table[Int(index)]
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, signed isSigned: Bool) throws -> T {
        if isSigned {
            guard let value = T(exactly: try signed()) else { throw CompactCoder.Failure(description: "number out of range") }
            return value
        }
        guard let value = T(exactly: try varint()) else { throw CompactCoder.Failure(description: "number out of range") }
        return value
    }

    func value<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self, let text = try string() as? T { return text }
        if type == Int.self, let number = try integer(Int.self, signed: true) as? T { return number }
        if type == UInt64.self, let number = try varint() as? T { return number }
        if type == Bool.self, let flag = (try byte() != 0) as? T { return flag }
        return try T(from: CompactDecoder(reader: self))
    }

    func present() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw CompactCoder.Failure(description: "bad presence byte")
        }
    }
}

struct CompactDecoder: Decoder {
    let reader: CompactReader
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedReader<Key>(reader: reader))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        try UnkeyedReader(reader: reader)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        SingleReader(reader: reader)
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: CompactReader
    var codingPath: [CodingKey] = []
    var allKeys: [Key] { [] }

    init(reader: CompactReader) { self.reader = reader }

    /// Fields are read in order, so every key is taken to be there; optionals carry their own presence byte.
    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { try !reader.present() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try reader.byte() != 0 }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try reader.string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { Double(bitPattern: try reader.fixed()) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        Float(bitPattern: UInt32(truncatingIfNeeded: try reader.fixed()))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try reader.integer(type, signed: true) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try reader.integer(type, signed: true) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try reader.integer(type, signed: true) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try reader.integer(type, signed: true) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try reader.integer(type, signed: true) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try reader.integer(type, signed: false) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try reader.integer(type, signed: false) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try reader.value(type) }

    private func present<T: Decodable>(_ type: T.Type) throws -> T? {
        try reader.present() ? try reader.value(type) : nil
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try reader.present() ? Double(bitPattern: try reader.fixed()) : nil
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try reader.present() ? Float(bitPattern: UInt32(truncatingIfNeeded: try reader.fixed())) : nil
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try reader.present() ? try reader.integer(type, signed: true) : nil
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try reader.present() ? try reader.integer(type, signed: true) : nil
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try reader.present() ? try reader.integer(type, signed: true) : nil
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try reader.present() ? try reader.integer(type, signed: true) : nil
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try reader.present() ? try reader.integer(type, signed: false) : nil
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try reader.present() ? try reader.integer(type, signed: false) : nil
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try reader.present() ? try reader.integer(type, signed: false) : nil
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try reader.present() ? try reader.integer(type, signed: false) : nil
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(KeyedReader<NestedKey>(reader: reader))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try UnkeyedReader(reader: reader)
    }

    func superDecoder() throws -> Decoder { CompactDecoder(reader: reader) }
    func superDecoder(forKey key: Key) throws -> Decoder { CompactDecoder(reader: reader) }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let reader: CompactReader
    var codingPath: [CodingKey] = []
    let count: Int?
    private(set) var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    init(reader: CompactReader) throws {
        self.reader = reader
        count = try reader.count()
    }

    private mutating func next<T>(_ read: (CompactReader) throws -> T) throws -> T {
        guard !isAtEnd else { throw CompactCoder.Failure(description: "past the end of a list") }
        currentIndex += 1
        return try read(reader)
    }

    mutating func decodeNil() throws -> Bool {
        // Lists of optionals are never written to the cache; a nil would be a 0 byte read as a value.
        false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { reader in try reader.byte() != 0 } }
    mutating func decode(_ type: String.Type) throws -> String { try next { reader in try reader.string() } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { reader in Double(bitPattern: try reader.fixed()) } }
    mutating func decode(_ type: Float.Type) throws -> Float {
        try next { reader in Float(bitPattern: UInt32(truncatingIfNeeded: try reader.fixed())) }
    }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { reader in try reader.integer(type, signed: true) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { reader in try reader.integer(type, signed: true) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { reader in try reader.integer(type, signed: true) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { reader in try reader.integer(type, signed: true) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { reader in try reader.integer(type, signed: true) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { reader in try reader.integer(type, signed: false) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { reader in try reader.integer(type, signed: false) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { reader in try reader.integer(type, signed: false) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { reader in try reader.integer(type, signed: false) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { reader in try reader.integer(type, signed: false) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next { reader in try reader.value(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { reader in KeyedDecodingContainer(KeyedReader<NestedKey>(reader: reader)) }
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        try next { reader in try UnkeyedReader(reader: reader) }
    }

    mutating func superDecoder() throws -> Decoder { try next { reader in CompactDecoder(reader: reader) } }
}

private struct SingleReader: SingleValueDecodingContainer {
    let reader: CompactReader
    var codingPath: [CodingKey] = []

    init(reader: CompactReader) { self.reader = reader }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try reader.byte() != 0 }
    func decode(_ type: String.Type) throws -> String { try reader.string() }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: try reader.fixed()) }
    func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: try reader.fixed())) }
    func decode(_ type: Int.Type) throws -> Int { try reader.integer(type, signed: true) }
    func decode(_ type: Int8.Type) throws -> Int8 { try reader.integer(type, signed: true) }
    func decode(_ type: Int16.Type) throws -> Int16 { try reader.integer(type, signed: true) }
    func decode(_ type: Int32.Type) throws -> Int32 { try reader.integer(type, signed: true) }
    func decode(_ type: Int64.Type) throws -> Int64 { try reader.integer(type, signed: true) }
    func decode(_ type: UInt.Type) throws -> UInt { try reader.integer(type, signed: false) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try reader.integer(type, signed: false) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try reader.integer(type, signed: false) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.value(type) }
}

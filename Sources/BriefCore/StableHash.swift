import Foundation

/// A 64-bit hash that is the same in every process and on every machine, so
/// that fingerprints of a page's inputs can be kept between builds: eight
/// bytes at a time, each word mixed in by a multiply and a shift (every step
/// a bijection of the word, so two inputs that differ in one word never meet
/// in that step), the last bytes of a text one at a time as FNV-1a does.
/// Not for security: only to tell whether inputs changed.
public struct StableHash: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        // A native string's bytes are contiguous: walked as a buffer, not through the UTF-8 view's iterator.
        var value = self
        let walked: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            value.mix(UnsafeRawBufferPointer(bytes))
        }
        if walked == nil {
            var text = text
            text.withUTF8 { value.mix(UnsafeRawBufferPointer($0)) }
        }
        self = value
        mix(0xFF)  // a separator no UTF-8 text contains, so ("ab","c") ≠ ("a","bc")
    }

    public mutating func combine(_ text: String?) {
        if let text { combine(text) } else { mix(0xFE) }
    }

    public mutating func combine(_ number: Int) {
        mix(word: UInt64(bitPattern: Int64(number)))
    }

    public mutating func combine(_ flag: Bool) {
        mix(flag ? 1 : 0)
    }

    /// A number by its stored form (so 30 and 30.0 may differ: a needless
    /// re-render at worst, never a missed one).
    public mutating func combine(_ number: Decimal?) {
        guard var number else {
            mix(0xFE)
            return
        }
        withUnsafeBytes(of: &number) { mix($0) }
    }

    public mutating func combine(_ other: StableHash) {
        combine(Int(truncatingIfNeeded: other.value))
    }

    /// Bytes with their count, so that (ab, c) ≠ (a, bc).
    public mutating func combine(_ data: Data) {
        combine(data.count)
        data.withUnsafeBytes { mix($0) }
    }

    /// Bytes without their count, for a run fed in pieces: pieces whose
    /// lengths are multiples of eight (all but the last) hash as the whole run would.
    public mutating func combineRun(_ bytes: UnsafeRawBufferPointer) {
        mix(bytes)
    }

    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }

    private mutating func mix(word: UInt64) {
        var mixed = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        value = mixed
    }

    private mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        var hash = self
        var offset = 0
        while offset + 8 <= bytes.count {
            hash.mix(word: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        while offset < bytes.count {
            hash.mix(bytes[offset])
            offset += 1
        }
        self = hash
    }

    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension StableHash {
    public mutating func combine(_ day: Day?) {
        guard let day else {
            mix(0xFE)
            return
        }
        combine(day.year * 10_000 + day.month * 100 + day.day)
    }

    public mutating func combine(_ measure: TariffMeasure) {
        combine(measure.by.code); combine(measure.on.code); combine(measure.goods); combine(measure.rate)
        combine(measure.previous); combine(measure.effective); combine(measure.date)
    }

    public mutating func combine(_ balance: TradeBalance) {
        combine(balance.partner.code); combine(balance.year); combine(balance.balance)
    }

    /// Without a string or array made for it: the timeline's months hash every event of the site.
    public mutating func combine(_ event: TimelineEvent) {
        combine(event.id); combine(event.date); combine(event.end)
        combine(event.countries.count)
        for country in event.countries { combine(country.code) }
        // The titles in the order of their languages, which is how they are kept.
        combine(event.titles.count)
        for (language, title) in event.titles { combine(language); combine(title) }
    }

    public mutating func combine(_ data: BriefData) {
        combine(data.tariffs.count); data.tariffs.forEach { combine($0) }
        combine(data.trade.count); data.trade.forEach { combine($0) }
        combine(data.events.count); data.events.forEach { combine($0) }
    }

    public mutating func combine(_ matter: BriefFrontMatter) {
        combine(matter.title); combine(matter.date); combine(matter.author); combine(matter.affiliation)
        combine(matter.summary); combine(matter.draft)
        combine(matter.topics.map(\.value).joined(separator: "\u{1F}"))
        combine(matter.countries.map(\.code).joined(separator: ","))
    }

    public static func of(_ build: (inout StableHash) -> Void) -> StableHash {
        var hash = StableHash()
        build(&hash)
        return hash
    }
}

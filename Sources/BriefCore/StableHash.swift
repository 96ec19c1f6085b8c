import Foundation

/// FNV-1a over 64 bits, the same in every process and on every machine, so
/// that fingerprints of a page's inputs can be kept between builds.
/// Not for security: only to tell whether inputs changed.
public struct StableHash: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        // A native string's bytes are contiguous: walked as a buffer, not through the UTF-8 view's iterator.
        var value = self
        let walked: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes { value.mix(byte) }
        }
        if walked == nil {
            for byte in text.utf8 { value.mix(byte) }
        }
        self = value
        mix(0xFF)  // a separator no UTF-8 text contains, so ("ab","c") ≠ ("a","bc")
    }

    public mutating func combine(_ text: String?) {
        if let text { combine(text) } else { mix(0xFE) }
    }

    public mutating func combine(_ number: Int) {
        var value = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
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
        withUnsafeBytes(of: &number) { bytes in
            for byte in bytes { mix(byte) }
        }
    }

    public mutating func combine(_ other: StableHash) {
        combine(Int(truncatingIfNeeded: other.value))
    }

    /// Bytes with their count, so that (ab, c) ≠ (a, bc).
    public mutating func combine(_ data: Data) {
        combine(data.count)
        data.withUnsafeBytes { buffer in
            var value = self
            for byte in buffer { value.mix(byte) }
            self = value
        }
    }

    /// One raw byte, for hashing binary data.
    public mutating func combineByte(_ byte: UInt8) {
        mix(byte)
    }

    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
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

    public mutating func combine(_ event: TimelineEvent) {
        combine(event.id); combine(event.date); combine(event.end)
        combine(event.countries.map(\.code).joined(separator: ","))
        for key in event.titles.keys.sorted() { combine(key); combine(event.titles[key]) }
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

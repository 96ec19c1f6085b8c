@testable import BriefCore
@testable import BriefSite
import Foundation
import Testing

/// Fingerprints decide what a build renders again: a change anywhere in an
/// input must change its fingerprint, and the same inputs must give the same
/// number in every process (the build cache on disk is read by the next one).
@Suite struct StableHashTests {
    @Test func aChangedByteAnywhereChangesTheHash() {
        // Lengths around the eight-byte words the hash reads, and a change at every position of each.
        for length in 0...41 {
            let base = String(repeating: "a", count: length)
            var seen: Set<UInt64> = [StableHash.of { $0.combine(base) }.value]
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                let changed = String(decoding: bytes, as: UTF8.self)
                #expect(seen.insert(StableHash.of { $0.combine(changed) }.value).inserted, "length \(length), position \(position)")
                #expect(seen.insert(StableHash.of { $0.combine(Data(bytes)) }.value).inserted, "data, length \(length), position \(position)")
            }
        }
        let text = "關稅與貿易 tariffs 2025"
        #expect(StableHash.of { $0.combine(text) } != StableHash.of { $0.combine(text.replacingOccurrences(of: "稅", with: "税")) })
    }

    @Test func whereOneValueEndsAndTheNextBeginsCounts() {
        #expect(StableHash.of { $0.combine("ab"); $0.combine("c") } != StableHash.of { $0.combine("a"); $0.combine("bc") })
        #expect(StableHash.of { $0.combine("abcdefgh"); $0.combine("") } != StableHash.of { $0.combine(""); $0.combine("abcdefgh") })
        #expect(StableHash.of { $0.combine(Data([1, 2])); $0.combine(Data([3])) }
            != StableHash.of { $0.combine(Data([1])); $0.combine(Data([2, 3])) })
        #expect(StableHash.of { $0.combine(1); $0.combine(2) } != StableHash.of { $0.combine(2); $0.combine(1) })
        #expect(StableHash.of { $0.combine(nil as String?) } != StableHash.of { $0.combine("") })
        #expect(StableHash.of { $0.combine(Decimal(string: "1.10")) } != StableHash.of { $0.combine(Decimal(string: "1.11")) })
    }

    @Test func theSameInputsGiveTheSameNumberInEveryProcess() {
        // Pinned: a hash seeded per process (as Swift's Hasher is) would fail here, and so would one that
        // read a string through anything but its UTF-8 bytes.
        let hash = StableHash.of { hash in
            hash.combine("briefsite"); hash.combine("關稅"); hash.combine(20_250_517); hash.combine(true)
            hash.combine(Data("0123456789abcdef!".utf8))
        }
        #expect(hash.value == 555_949_473_199_405_892)
        #expect(hash.hex.count == 16)
    }
}

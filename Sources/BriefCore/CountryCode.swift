import Foundation

/// A country as briefs name it: an ISO 3166-1 alpha-2 code, or `EU`, or
/// `WORLD` for the total of all partners.
public struct CountryCode: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let code: String

    public init?(_ text: String) {
        guard CountryCode.isValid(text) else { return nil }
        code = text
    }

    /// A code read back from the build's own files, which are checksummed and hold only codes validated when
    /// they were written: checked for its form (two capital letters, or a special code), not looked up in the
    /// region list again (70,000 lookups were a third of reading the tracker's measures at 10,000 briefs).
    public init?(cached text: String) {
        let bytes = text.utf8
        let capitals = bytes.count == 2 && bytes.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard capitals || CountryCode.specialCodes.contains(text) else { return nil }
        code = text
    }

    public var description: String { code }
    public var lowercased: String { code.lowercased() }

    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.code < rhs.code }

    public static let specialCodes: Set<String> = ["EU", "WORLD"]

    public static func isValid(_ text: String) -> Bool {
        specialCodes.contains(text) || iso3166Alpha2.contains(text)
    }

    /// ICU's region list holds the ISO 3166-1 alpha-2 codes plus a few
    /// exceptionally reserved or private ones; those are taken out so that
    /// only real country codes pass.
    public static let iso3166Alpha2: Set<String> = {
        let notInISO3166: Set<String> = ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XK", "ZZ"]
        return Set(Locale.Region.isoRegions.map(\.identifier).filter { code in
            code.count == 2 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) } && !notInISO3166.contains(code)
        })
    }()

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = CountryCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a country code: \(text)"))
        }
        self = code
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

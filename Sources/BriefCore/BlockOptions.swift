import Foundation

/// The kinds of data block a brief's Markdown can hold, e.g. ```tariffs.
public enum BlockKind: String, Sendable, CaseIterable {
    case tariffs
    case trade
    case timeline

    /// The options each kind takes, written as YAML inside the fence.
    public var allowedOptions: [String] {
        switch self {
        case .tariffs: return ["by", "on", "goods"]
        case .trade, .timeline: return []
        }
    }
}

/// The filters of a ```tariffs block; each empty list matches everything.
public struct TariffFilter: Sendable, Hashable {
    public var by: [CountryCode] = []
    public var on: [CountryCode] = []
    public var goods: [String] = []

    public init(by: [CountryCode] = [], on: [CountryCode] = [], goods: [String] = []) {
        self.by = by
        self.on = on
        self.goods = goods
    }

    public var isEmpty: Bool { by.isEmpty && on.isEmpty && goods.isEmpty }

    public func matches(_ measure: TariffMeasure) -> Bool {
        (by.isEmpty || by.contains(measure.by)) && (on.isEmpty || on.contains(measure.on))
            && (goods.isEmpty || goods.contains(measure.goods))
    }

    /// As a reader would write it: `by: US, on: CN`.
    public var description: String {
        var parts: [String] = []
        if !by.isEmpty { parts.append("by: \(by.map(\.code).joined(separator: ", "))") }
        if !on.isEmpty { parts.append("on: \(on.map(\.code).joined(separator: ", "))") }
        if !goods.isEmpty { parts.append("goods: \(goods.joined(separator: ", "))") }
        return parts.joined(separator: "; ")
    }

    /// A file-name-safe name for the table's CSV: `by-us-on-cn`.
    public var fileSuffix: String {
        var parts: [String] = []
        if !by.isEmpty { parts.append("by-" + by.map(\.lowercased).joined(separator: "-")) }
        if !on.isEmpty { parts.append("on-" + on.map(\.lowercased).joined(separator: "-")) }
        if !goods.isEmpty { parts.append("goods-" + goods.map { TextSegment.make($0) }.joined(separator: "-")) }
        return parts.joined(separator: "-")
    }
}

public enum BlockOptions {
    /// Reads the options of a block whose fence opens at `fence`.
    public static func tariffFilter(_ yaml: String, kind: BlockKind, fence: SourceLocation, diagnostics: inout Diagnostics) -> TariffFilter? {
        let trimmed = yaml.trimmedWhitespace
        guard !trimmed.isEmpty else { return TariffFilter() }
        let document: YAMLDocument
        switch YAMLDocument.parse(yaml, file: fence.file, firstLine: fence.line + 1) {
        case .success(let parsed): document = parsed
        case .failure(let diagnostic):
            diagnostics.append(Diagnostic(.error, at: diagnostic.location,
                                          "the options of this ```\(kind.rawValue) block are not valid YAML: \(diagnostic.message)"))
            return nil
        }
        guard let root = document.root else { return TariffFilter() }
        let what = "the options of a ```\(kind.rawValue) block"
        if kind.allowedOptions.isEmpty, let mapping = root.mapping {
            for key in mapping.map(\.key) {
                diagnostics.error("unknown option '\(key.scalar?.string ?? "?")' in a ```\(kind.rawValue) block, which takes no options; remove it",
                                  at: document.location(of: key))
            }
            return nil
        }
        let before = diagnostics.errors.count
        guard let reader = MappingReader(root, in: document, what: what, allowedKeys: kind.allowedOptions, diagnostics: &diagnostics) else {
            return nil
        }
        var filter = TariffFilter()
        filter.by = codes(reader, "by", &diagnostics)
        filter.on = codes(reader, "on", &diagnostics)
        if let node = reader.valueNode("goods") {
            if let list = node.sequence {
                filter.goods = list.compactMap { ScalarReading.text($0, key: "goods", in: document, &diagnostics) }
            } else if let text = ScalarReading.text(node, key: "goods", in: document, &diagnostics) {
                filter.goods = [text]
            }
        }
        return diagnostics.errors.count == before ? filter : nil
    }

    static func codes(_ reader: MappingReader, _ key: String, _ diagnostics: inout Diagnostics) -> [CountryCode] {
        guard let node = reader.valueNode(key) else { return [] }
        if let list = node.sequence {
            return list.compactMap { ScalarReading.country($0, key: key, in: reader.document, &diagnostics) }
        }
        return ScalarReading.country(node, key: key, in: reader.document, &diagnostics).map { [$0] } ?? []
    }
}

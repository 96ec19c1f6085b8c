import Yams

/// A node of front matter as it was written: text, a list or a mapping, with
/// the line and column (1-based, in Unicode scalars, as libyaml counts) where
/// it starts in the YAML text. Built by the subset reader for the common
/// case and converted from Yams for everything else, so the decoders read
/// one type whichever reader ran.
public indirect enum YAMLNode: Equatable, Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLPosition)
    case mapping([YAMLPair], YAMLPosition)

    public var position: YAMLPosition {
        switch self {
        case .scalar(let scalar): return scalar.position
        case .sequence(_, let position), .mapping(_, let position): return position
        }
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    var kindName: String {
        switch self {
        case .scalar: return "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    var describedValue: String {
        if let scalar {
            return scalar.style == .plain ? "'\(scalar.string)'" : "the quoted text \"\(scalar.string)\""
        }
        return kindName
    }
}

public struct YAMLPosition: Equatable, Sendable {
    public var line: Int
    public var column: Int
}

public struct YAMLPair: Equatable, Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
}

public struct YAMLScalar: Equatable, Sendable {
    public enum Style: Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var string: String
    public var style: Style
    public var position: YAMLPosition
}

extension YAMLNode {
    /// Yams's node. Its parser resolves an alias into a copy of the anchored
    /// node, and an alias bomb is a few lines that copy a list of copies nine
    /// times over: each list or mapping is converted once, where it was
    /// written, and shared by its copies, so the work is what was written.
    init(_ node: Node) {
        var converted: [ConvertedKey: YAMLNode] = [:]
        self = YAMLNode.converting(node, &converted)
    }

    private struct ConvertedKey: Hashable {
        var line: Int
        var column: Int
        var isMapping: Bool
        var count: Int
    }

    private static func converting(_ node: Node, _ converted: inout [ConvertedKey: YAMLNode]) -> YAMLNode {
        let position = node.mark.map { YAMLPosition(line: $0.line, column: $0.column) } ?? YAMLPosition(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            return .scalar(YAMLScalar(string: scalar.string, style: YAMLScalar.Style(scalar.style), position: position))
        case .sequence(let sequence):
            let key = ConvertedKey(line: position.line, column: position.column, isMapping: false, count: sequence.count)
            if let known = converted[key] { return known }
            let made = YAMLNode.sequence(sequence.map { converting($0, &converted) }, position)
            converted[key] = made
            return made
        case .mapping(let mapping):
            let key = ConvertedKey(line: position.line, column: position.column, isMapping: true, count: mapping.count)
            if let known = converted[key] { return known }
            let made = YAMLNode.mapping(mapping.map { YAMLPair(key: converting($0.key, &converted), value: converting($0.value, &converted)) },
                                        position)
            converted[key] = made
            return made
        case .alias:
            // Yams's parser never leaves one; an empty value is the safe reading.
            return .scalar(YAMLScalar(string: "", style: .plain, position: position))
        }
    }
}

extension YAMLScalar.Style {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        case .any, .plain: self = .plain
        }
    }
}

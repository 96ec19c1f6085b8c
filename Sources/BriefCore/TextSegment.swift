import Foundation

/// Turns text into a URL segment or an anchor id: lower case, every run of
/// spaces and punctuation one `-`, letters of every script kept, so Chinese
/// headings and topics get readable ids.
public enum TextSegment {
    /// Segments already made: topics repeat across hundreds of briefs.
    private static let memo = SegmentMemo()

    public static func make(_ text: String) -> String {
        if let known = memo.lookup(text) { return known }
        let segment = compute(text)
        memo.store(text, segment)
        return segment
    }

    static func compute(_ text: String) -> String {
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
                continue
            } else {
                pendingHyphen = true
            }
        }
        return result
    }
}

final class SegmentMemo: @unchecked Sendable {
    private let lock = ReadMostlyLock()
    private var segments: [String: String] = [:]

    func lookup(_ text: String) -> String? {
        lock.reading { segments[text] }
    }

    func store(_ text: String, _ segment: String) {
        lock.writing {
            if segments.count > 100_000 { segments.removeAll() }
            segments[text] = segment
        }
    }
}

/// Facts about CJK text that line breaking, summaries and reading time need.
public enum CJK {
    /// Han, kana, hangul and CJK punctuation: scripts written without spaces,
    /// where a line break in the source must not become a space.
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        // The CJK Unified Ideographs first: most of any Chinese text, tested before the rarer blocks.
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x1100...0x11FF, 0x2E80...0x2FDF, 0x2FF0...0x303F, 0x3040...0x30FF, 0x3100...0x312F,
             0x3130...0x318F, 0x3190...0x31FF, 0x3200...0x32FF, 0x3300...0x33FF, 0x3400...0x4DBF, 0xA960...0xA97F,
             0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x2FFFF, 0x30000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Full-width punctuation (。，、「」（）…): never followed or preceded by a space.
    public static func isWidePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        // Only these blocks hold full-width punctuation; ideographs are never punctuation.
        let value = scalar.value
        switch value {
        case 0x3000...0x303F: return WidePunctuation.table.symbolsAndPunctuation[Int(value - 0x3000)]
        case 0xFE30...0xFE4F: return WidePunctuation.table.compatibilityForms[Int(value - 0xFE30)]
        case 0xFF00...0xFF65: return WidePunctuation.table.fullWidthForms[Int(value - 0xFF00)]
        default: return false
        }
    }

    /// Which scalars of the three blocks are punctuation, looked up once: a Chinese text is about a tenth
    /// punctuation, and asking each one's general category was most of the cost of counting a body's reading time.
    struct WidePunctuation: Sendable {
        static let table = WidePunctuation()
        let symbolsAndPunctuation: [Bool]
        let compatibilityForms: [Bool]
        let fullWidthForms: [Bool]

        init() {
            func block(_ range: ClosedRange<UInt32>) -> [Bool] {
                range.map { value in Unicode.Scalar(value).map(WidePunctuation.isPunctuation) ?? false }
            }
            symbolsAndPunctuation = block(0x3000...0x303F)
            compatibilityForms = block(0xFE30...0xFE4F)
            fullWidthForms = block(0xFF00...0xFF65)
        }

        static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .openPunctuation, .closePunctuation, .otherPunctuation, .initialPunctuation, .finalPunctuation,
                 .dashPunctuation, .connectorPunctuation:
                return true
            default:
                return false
            }
        }
    }

    /// Whether a line break between these two characters is a space when read.
    /// Between two CJK characters, or next to full-width punctuation, it is not.
    public static func lineBreakIsSpace(between before: Unicode.Scalar, and after: Unicode.Scalar) -> Bool {
        if isWide(before) && isWide(after) { return false }
        return !(isWidePunctuation(before) || isWidePunctuation(after))
    }

    /// Whether a character that is this one scalar ends a sentence.
    static func isSentenceEnd(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "！", "？", "!", "?", ".": return true
        default: return false
        }
    }
}

/// Reading time: characters for CJK text, words for the rest, so a zh-Hant
/// brief with English names in it is counted fairly.
public struct ReadingMeasure: Sendable, Equatable {
    public var wideCharacters: Int
    public var words: Int

    public init(wideCharacters: Int = 0, words: Int = 0) {
        self.wideCharacters = wideCharacters
        self.words = words
    }

    public static let wideCharactersPerMinute = 400
    public static let wordsPerMinute = 230

    public init(counting text: String) {
        var text = text
        self = text.withUTF8 { ReadingMeasure(countingUTF8: $0) }
    }

    /// Counted on the UTF-8 bytes (a body's plain text is gathered as bytes): ASCII, the bulk of English, is
    /// never decoded, and no String is made only to be counted.
    public init(countingUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        var wide = 0
        var words = 0
        // 1 inside a word, else 0: kept as a number so that the ASCII loop below has no branch on the letter.
        var inWord = 0
        var index = 0
        let count = bytes.count
        let classes = ReadingMeasure.asciiClasses
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                // Arithmetic, not branches: in English a word ends every few bytes, and a branch guessed wrong
                // there cost more than the rest of the count. A letter or digit starts a word unless in one; a
                // joining mark keeps whatever it is in; anything else ends it.
                let kind = Int(classes[Int(lead)])
                let isWordByte = kind & 1
                words &+= isWordByte & (inWord ^ 1)
                inWord = isWordByte | ((kind >> 1) & inWord)
                continue
            }
            // U+4E00–U+9FFF, the CJK Unified Ideographs (lead byte E5–E9, or E4 then B8–BF): most of a Chinese text,
            // wide and never punctuation, counted without decoding.
            if index + 3 <= count, lead >= 0xE4, lead <= 0xE9, lead != 0xE4 || bytes[index + 1] >= 0xB8 {
                wide += 1
                inWord = 0
                index += 3
                continue
            }
            let length = lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : (lead >= 0xC0 ? 2 : 1))
            guard length > 1, index + length <= count else {
                // A stray continuation byte or a cut sequence: not a character anyone reads.
                index += 1
                inWord = 0
                continue
            }
            var value = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            index += length
            guard let scalar = Unicode.Scalar(value) else {
                inWord = 0
                continue
            }
            if CJK.isWide(scalar) {
                if !CJK.isWidePunctuation(scalar) { wide += 1 }
                inWord = 0
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if inWord == 0 { words += 1 }
                inWord = 1
            } else if scalar != "’" {
                inWord = 0
            }
        }
        self.init(wideCharacters: wide, words: words)
    }

    /// Each ASCII byte's part in a word: 1 a letter or digit, 2 an apostrophe or hyphen, which neither starts
    /// nor ends a word (`don't`, `anti-dumping`), 0 a break.
    static let asciiClasses: [UInt8] = (0..<128).map { byte -> UInt8 in
        switch UInt8(byte) {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return 1
        case 0x27, 0x2D: return 2
        default: return 0
        }
    }

    /// Whole minutes, at least one.
    public var minutes: Int {
        let seconds = Double(wideCharacters) * 60 / Double(Self.wideCharactersPerMinute)
            + Double(words) * 60 / Double(Self.wordsPerMinute)
        return max(1, Int((seconds / 60).rounded()))
    }
}

/// A summary cut from the start of the body at a sentence end, measured in
/// display width so that CJK (two columns a character) and Latin text get
/// summaries of about the same visual length.
public enum Summary {
    public static let maximumWidth = 220
    public static let minimumWidth = 60

    public static func derive(from paragraphs: [String]) -> String {
        var text = ""
        var width = 0
        for paragraph in paragraphs {
            let trimmed = paragraph.trimmedWhitespace
            guard !trimmed.isEmpty else { continue }
            if !text.isEmpty, needsSpace(between: text, and: trimmed) {
                text += " "
                width += 1
            }
            text += trimmed
            width += displayWidth(trimmed, limit: maximumWidth + 1 - width)
            if width >= maximumWidth { break }
        }
        return width > maximumWidth ? cut(text) : text
    }

    static func needsSpace(between left: String, and right: String) -> Bool {
        guard let last = left.unicodeScalars.last, let first = right.unicodeScalars.first else { return false }
        return !(CJK.isWide(last) || CJK.isWide(first))
    }

    public static func displayWidth(_ text: String) -> Int {
        displayWidth(text, limit: .max)
    }

    /// The width, counted only until it passes `limit`: a summary needs to
    /// know that a long paragraph is too long, not by how much.
    static func displayWidth(_ text: String, limit: Int) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                width += 1
            } else {
                width += CJK.isWide(scalar) ? 2 : (scalar.properties.generalCategory == .nonspacingMark ? 0 : 1)
            }
            if width > limit { break }
        }
        return width
    }

    static let closingMarks: Set<Character> = ["」", "』", "）", ")", "\"", "”", "’"]

    /// The longest run of whole sentences that fits; failing that, as much as
    /// fits, broken between words (or anywhere in CJK), with an ellipsis.
    public static func cut(_ text: String) -> String {
        var width = 0
        var lastSentenceEnd: String.Index?
        var lastBreak: String.Index?
        var index = text.startIndex
        // A character's first scalar is read at its index, not through a `Character` made for it (which was most
        // of the cost of the cut); a character only looked at is made when it may end a sentence.
        let scalars = text.unicodeScalars
        while index < text.endIndex {
            let scalar = scalars[index]
            let isWide = CJK.isWide(scalar)
            width += isWide ? 2 : 1
            if width > maximumWidth { break }
            let next = text.index(after: index)
            if CJK.isSentenceEnd(scalar), width >= minimumWidth, next == scalars.index(after: index) {
                var end = next
                if end < text.endIndex, closingMarks.contains(text[end]) { end = text.index(after: end) }
                if end == text.endIndex || isWide || scalars[end].isWhiteSpaceByValue {
                    lastSentenceEnd = end
                }
            }
            if scalar.isWhiteSpaceByValue {
                lastBreak = index
            } else if isWide {
                lastBreak = next
            }
            index = next
        }
        return ending(text, stoppedAt: index, lastSentenceEnd: lastSentenceEnd, lastBreak: lastBreak)
    }

    /// The text kept once the scan stopped at `index`: all of it, its last whole sentence, or up to its last
    /// break with an ellipsis.
    static func ending(_ text: String, stoppedAt index: String.Index, lastSentenceEnd: String.Index?, lastBreak: String.Index?) -> String {
        guard index < text.endIndex else { return text }
        if let end = lastSentenceEnd { return String(text[..<end]) }
        var result = String(text[..<(lastBreak ?? index)])
        while let last = result.last, last.isWhitespace || last.isPunctuation { result.removeLast() }
        return result + "…"
    }
}

extension StringProtocol {
    /// Without leading and trailing white space and line breaks; a plain
    /// Swift scan, far cheaper than Foundation's CharacterSet trimming.
    public var trimmedWhitespace: String {
        untrimmed.map { String(self[$0]) } ?? ""
    }

    /// From the first character that is not white space to the last; nil when there is none.
    var untrimmed: ClosedRange<Index>? {
        guard let first = firstIndex(where: { !$0.isWhiteSpaceByValue }), let last = lastIndex(where: { !$0.isWhiteSpaceByValue }) else {
            return nil
        }
        return first...last
    }
}

extension String {
    /// The same; a string with nothing to trim is returned as it is, not copied (most are: a paragraph, a link).
    public var trimmedWhitespace: String {
        guard let kept = untrimmed else { return "" }
        return kept.lowerBound == startIndex && index(after: kept.upperBound) == endIndex ? self : String(self[kept])
    }
}

extension Character {
    /// The same answer as `isWhitespace` (the first scalar has the Unicode White_Space property), from the code
    /// point's value: the property lookup was most of the cost of cutting a summary from CJK text.
    public var isWhiteSpaceByValue: Bool {
        unicodeScalars.first?.isWhiteSpaceByValue ?? false
    }
}

extension Unicode.Scalar {
    /// The Unicode White_Space property, from the code point's value.
    public var isWhiteSpaceByValue: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

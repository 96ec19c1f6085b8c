import BriefHTML
import Foundation

/// A page written in parts: once a megabyte has gathered it goes to the
/// build's spill file, so that a page of the whole site's data (the tariff
/// tracker holds every measure ever recorded; 30 MB a language at 10,000
/// briefs) is never whole in memory, nor are the views of all its parts.
/// Without a spill file (the preview), or when the file stops taking bytes,
/// the parts gather in memory.
struct PageParts {
    private let spill: SpillFile?
    private var pending = ""
    private var kept: [Spilled] = []
    private var spillFailed = false
    static let flushSize = 1 << 20

    init(spill: SpillFile?) {
        self.spill = spill
    }

    mutating func append(_ html: HTML) {
        pending += html.rendered
        if pending.utf8.count >= PageParts.flushSize { flush() }
    }

    private mutating func flush() {
        guard let spill, !spillFailed, !pending.isEmpty else { return }
        if let part = spill.keep(pending) {
            kept.append(part)
            pending = ""
        } else {
            spillFailed = true
        }
    }

    /// The page's bytes as they wait to be written.
    mutating func finish() -> OutputFile.Contents {
        flush()
        guard let joined = Spilled(joining: kept, tail: Data(pending.utf8)) else { return .bytes(Data(pending.utf8)) }
        return .spilled(joined)
    }
}

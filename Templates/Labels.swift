/// The words of the site's own interface, per language. Languages other than
/// Chinese fall back to English.
public struct Labels: Sendable {
    public enum Script: Sendable { case traditionalChinese, simplifiedChinese, english }

    public let script: Script

    public init(language: String) {
        let lowered = language.lowercased()
        if lowered == "zh-hans" || lowered == "zh-cn" || lowered == "zh-sg" {
            script = .simplifiedChinese
        } else if lowered.hasPrefix("zh") {
            script = .traditionalChinese
        } else {
            script = .english
        }
    }

    private func pick(_ hant: String, _ hans: String, _ english: String) -> String {
        switch script {
        case .traditionalChinese: return hant
        case .simplifiedChinese: return hans
        case .english: return english
        }
    }

    public var briefs: String { pick("研究簡報", "研究简报", "Briefs") }
    public var latestBriefs: String { pick("最新簡報", "最新简报", "Latest briefs") }
    public var allBriefs: String { pick("所有簡報", "所有简报", "All briefs") }
    public var topics: String { pick("主題", "主题", "Topics") }
    public var countries: String { pick("國家與地區", "国家与地区", "Countries") }
    public var home: String { pick("首頁", "首页", "Home") }
    public var feed: String { pick("訂閱 Atom", "订阅 Atom", "Atom feed") }
    public var draft: String { pick("草稿", "草稿", "Draft") }
    public var draftNotice: String {
        pick("這是草稿預覽，尚未發布。", "这是草稿预览，尚未发布。", "This is a draft preview; it is not published.")
    }
    public var skipToContent: String { pick("跳到主要內容", "跳到主要内容", "Skip to content") }
    public var mainNavigation: String { pick("主選單", "主菜单", "Main") }
    public var languageNavigation: String { pick("語言", "语言", "Language") }
    public var alsoIn: String { pick("本文其他語言版本：", "本文其他语言版本：", "Also in:") }
    public var author: String { pick("作者", "作者", "Author") }
    public var published: String { pick("發布日期", "发布日期", "Published") }
    public var noBriefs: String { pick("目前沒有簡報。", "目前没有简报。", "No briefs yet.") }
    public var notFoundTitle: String { pick("找不到這個頁面", "找不到这个页面", "Page not found") }
    public var notFoundText: String {
        pick("您要找的頁面不存在或已移動。", "您要找的页面不存在或已移动。", "The page you asked for does not exist or has moved.")
    }
    public var backHome: String { pick("回到首頁", "回到首页", "Back to the home page") }
    public var onThisSite: String { pick("本站", "本站", "On this site") }

    public func readingTime(_ minutes: String) -> String {
        pick("閱讀時間約 \(minutes) 分鐘", "阅读时间约 \(minutes) 分钟", "\(minutes) min read")
    }

    public func briefCount(_ count: String) -> String {
        pick("\(count) 篇", "\(count) 篇", count)
    }

    public func topicHeading(_ topic: String) -> String {
        pick("主題：\(topic)", "主题：\(topic)", "Topic: \(topic)")
    }

    public func countryHeading(_ country: String) -> String {
        pick("國家與地區：\(country)", "国家与地区：\(country)", "Country: \(country)")
    }

    public var separator: String { pick("・", "・", " · ") }
}

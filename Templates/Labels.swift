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
    /// Between the items of a short list of names: `美國、日本`, `United States, Japan`.
    public var listSeparator: String { pick("、", "、", ", ") }

    // MARK: Data

    public var timeline: String { pick("大事記", "大事记", "Timeline") }
    public var tariffTracker: String { pick("關稅追蹤", "关税追踪", "Tariff tracker") }
    public var imposedBy: String { pick("課稅國", "课税国", "Imposed by") }
    public var imposedOn: String { pick("被課稅國", "被课税国", "Imposed on") }
    public var goods: String { pick("商品", "商品", "Goods") }
    public var previousRate: String { pick("原稅率", "原税率", "Previous") }
    public var rate: String { pick("稅率", "税率", "Rate") }
    public var changePoints: String { pick("變動（百分點）", "变动（百分点）", "Change (pp)") }
    public var changePercent: String { pick("變動幅度", "变动幅度", "Change (%)") }
    public var effectiveRate: String { pick("實際稅率", "实际税率", "Effective rate") }
    public var date: String { pick("日期", "日期", "Date") }
    public var source: String { pick("出處", "出处", "Source") }
    public var partner: String { pick("貿易夥伴", "贸易伙伴", "Partner") }
    public var year: String { pick("年度", "年度", "Year") }
    public var balance: String { pick("美國貿易差額", "美国贸易差额", "US trade balance") }
    public var countryA: String { pick("甲方", "甲方", "Country A") }
    public var countryB: String { pick("乙方", "乙方", "Country B") }
    public var rateAOnB: String { pick("甲方對乙方稅率", "甲方对乙方税率", "A's rate on B") }
    public var rateBOnA: String { pick("乙方對甲方稅率", "乙方对甲方税率", "B's rate on A") }
    public var gap: String { pick("差距（百分點）", "差距（百分点）", "Gap (pp)") }
    public var usRate: String { pick("美國稅率", "美国税率", "US rate") }
    public var downloadCSV: String { pick("下載 CSV", "下载 CSV", "Download CSV") }
    public var downloadJSON: String { pick("下載 JSON", "下载 JSON", "Download JSON") }
    public var subscribeCalendar: String { pick("訂閱行事曆（iCalendar）", "订阅日历（iCalendar）", "Subscribe (iCalendar)") }
    public var noValue: String { pick("無資料", "无数据", "no value") }
    public var increase: String { pick("上升", "上升", "increase") }
    public var decrease: String { pick("下降", "下降", "decrease") }
    public var briefTariffs: String { pick("本文的關稅措施", "本文的关税措施", "Tariff measures in this brief") }
    public var briefTrade: String { pick("本文的貿易差額（美方角度，負值為美國逆差）", "本文的贸易差额（美方角度，负值为美国逆差）", "Trade balances in this brief (from the US side; negative is a US deficit)") }
    public var briefEvents: String { pick("本文大事記", "本文大事记", "Events in this brief") }
    public var currentTariffs: String { pick("現行關稅", "现行关税", "Current tariffs") }
    public var currentTariffsCaption: String { pick("各國現行關稅：每組課稅國、被課稅國與商品的最新措施", "各国现行关税：每组课税国、被课税国与商品的最新措施", "Current tariffs: the latest measure for each country, partner and goods") }
    public var bilateralComparison: String { pick("雙邊比較", "双边比较", "Bilateral comparison") }
    public var bilateralCaption: String { pick("雙邊比較：兩國對彼此全部商品的現行稅率", "双边比较：两国对彼此全部商品的现行税率", "Bilateral comparison: current all-goods rates both ways") }
    public var tariffAndTrade: String { pick("關稅與貿易差額", "关税与贸易差额", "Tariffs and trade") }
    public var tariffAndTradeCaption: String { pick("美國對各貿易夥伴的現行稅率與最近一年的貿易差額", "美国对各贸易伙伴的现行税率与最近一年的贸易差额", "The current US rate on each partner beside the latest trade balance") }
    public var history: String { pick("歷次措施", "历次措施", "History") }
    public var timelineIntro: String { pick("各篇簡報記載的事件，依日期排列。", "各篇简报记载的事件，依日期排列。", "The events recorded in every brief, in date order.") }
    public var trackerIntro: String { pick("本站簡報記載的關稅措施，依最新資料計算。", "本站简报记载的关税措施，依最新资料计算。", "Tariff measures recorded in the briefs, computed from the latest data.") }
    public var noEvents: String { pick("目前沒有事件。", "目前没有事件。", "No events yet.") }
    public var noTariffs: String { pick("目前沒有關稅資料。", "目前没有关税数据。", "No tariff data yet.") }
    public var filtered: String { pick("篩選", "筛选", "filtered") }

    public func filteredCaption(_ caption: String, _ filter: String) -> String {
        pick("\(caption)（\(filter)）", "\(caption)（\(filter)）", "\(caption) (\(filter))")
    }

    public func historyHeading(by: String, on: String, goods: String) -> String {
        pick("\(by)對\(on)：\(goods)", "\(by)对\(on)：\(goods)", "\(by) on \(on): \(goods)")
    }

    /// Goods as the data names them, in words the page's readers use.
    public func goodsName(_ goods: String) -> String {
        switch goods.lowercased() {
        case "all": return pick("全部商品", "全部商品", "All goods")
        case "autos", "cars": return pick("汽車", "汽车", "Autos")
        case "auto-parts", "auto parts": return pick("汽車零件", "汽车零件", "Auto parts")
        case "steel": return pick("鋼鐵", "钢铁", "Steel")
        case "aluminium", "aluminum": return pick("鋁", "铝", "Aluminium")
        case "semiconductors": return pick("半導體", "半导体", "Semiconductors")
        case "agriculture", "farm goods": return pick("農產品", "农产品", "Farm goods")
        default: return goods
        }
    }
}

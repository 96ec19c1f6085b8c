/// Small briefs for fixture sites, written out in full so each test shows
/// exactly what it builds.
enum SampleBriefs {
    static let genevaZh = """
    ---
    title: 日內瓦協議
    date: 2025-05-13
    author: 研究部
    topics: [關稅, 美中關係]
    countries: [US, CN]
    tariffs:
      - {by: US, on: CN, rate: 30, previous: 145, date: 2025-05-11}
    timeline:
      - {id: geneva, date: 2025-05-10, end: 2025-05-11, title: 日內瓦談判, countries: [US, CN]}
    ---

    美中在日內瓦
    達成協議。見〈[美日談判](japan/index.zh-Hant.md)〉。

    ## 背景

    內容。
    """

    static let genevaEn = """
    ---
    title: The Geneva deal
    date: 2025-05-13
    topics: [Tariffs]
    countries: [US, CN]
    timeline:
      - {id: geneva, title: Geneva talks}
    ---

    The US and China agreed in Geneva. See [the Japan talks](japan/index.en.md#background).
    """

    static let japanZh = """
    ---
    title: 美日談判
    date: 2025-05-16
    topics: [關稅]
    countries: [JP]
    ---

    美日舉行談判。![圖](chart.svg)

    ## 背景

    見[日內瓦](../geneva.zh-Hant.md)。
    """

    static let japanEn = """
    ---
    title: US–Japan talks
    date: 2025-05-16
    topics: [Tariffs]
    countries: [JP]
    ---

    The US and Japan met. ![Chart](chart.svg)

    ## Background

    See [Geneva](../geneva.en.md).
    """

    static let aboutZh = """
    ---
    title: 關於我們
    menu: 1
    ---

    我們是智庫。
    """

    static let aboutEn = """
    ---
    title: About
    menu: 1
    ---

    We are a think tank.
    """

    static var twoBriefSite: [String: String] {
        [
            "Content/briefs/geneva.zh-Hant.md": genevaZh,
            "Content/briefs/geneva.en.md": genevaEn,
            "Content/briefs/japan/index.zh-Hant.md": japanZh,
            "Content/briefs/japan/index.en.md": japanEn,
            "Content/briefs/japan/chart.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
            "Content/pages/about.zh-Hant.md": aboutZh,
            "Content/pages/about.en.md": aboutEn,
        ]
    }
}

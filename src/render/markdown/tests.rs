use super::*;
use crate::model::PageKind;

/// A site in Vietnamese and English with a few pages.
fn site() -> Site {
    let mut site = Site::default();
    site.config.language = "vi".into();
    site.config.languages = vec!["vi".into(), "en".into()];
    let page = Page::blank;
    site.pages = vec![
        page(PageKind::Home, "vi"),
        page(PageKind::Free { slug: "gioi-thieu".into() }, "vi"),
        page(PageKind::Free { slug: "gioi-thieu".into() }, "en"),
        page(PageKind::Update { period: "2026-Q1".into(), slug: "bai-1".into() }, "vi"),
    ];
    site
}

/// `markdown` as the page at `path` shows it, written in the file of `site.pages[page]` (or a
/// data file).
fn on_page(site: &Site, page: Option<usize>, markdown: &str, path: &str) -> String {
    let lang = if path.starts_with("en/") { "en" } else { "vi" };
    let source = Source { site, page: page.map(|i| &site.pages[i]), lang };
    finish(to_html(markdown, 2, &source), path)
}

fn html(markdown: &str) -> String {
    on_page(&site(), None, markdown, "index.html")
}

#[test]
fn strips_scripts_handlers_and_javascript_links() {
    let html = html(
        "Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">y</a>",
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
}

#[test]
fn a_table_keeps_its_columns_alignment_and_no_other_style() {
    let out = html("| Đơn vị | Số |\n|:---|---:|\n| Sở A | 12 |\n");
    assert!(out.contains("<th style=\"text-align: right\">Số</th>"), "{out}");
    assert!(out.contains("<td style=\"text-align: right\">12</td>"), "{out}");
    assert!(out.contains("<td style=\"text-align: left\">Sở A</td>"), "{out}");
    let raw = html(
        "<table><tr><td style=\"color: red\">a</td><td style=\"TEXT-ALIGN:center;\">b</td>\
                    <th style=\"text-align: right; background: url(x)\">c</th></tr></table>\n\n<p style=\"text-align: right\">d</p>",
    );
    assert!(raw.contains("<td>a</td>") && raw.contains("<td style=\"text-align: center\">b</td>"), "{raw}");
    assert!(raw.contains("<th>c</th>") && raw.contains("<p>d</p>"), "{raw}");
}

/// An HTML checker refuses obsolete elements and a `<time>` whose text is no machine date:
/// their words stay, their tags go.
#[test]
fn obsolete_elements_keep_their_words_and_lose_their_tags() {
    let out =
        html("<center>Thông báo</center> <strike>cũ</strike> <tt>mã</tt> <acronym>UBND</acronym> <time>quý III</time>");
    for gone in ["<center", "<strike", "<tt", "<acronym", "<time"] {
        assert!(!out.contains(gone), "{out}");
    }
    for kept in ["Thông báo", "cũ", "mã", "UBND", "quý III"] {
        assert!(out.contains(kept), "{out}");
    }
    // An item pasted without its list keeps its words; one in a list stays an item.
    let stray = html("<div><li>Mục một</li></div>\n\n<ul><li>Mục hai</li></ul>");
    assert!(!stray.contains("<li>Mục một") && stray.contains("Mục một"), "{stray}");
    assert!(stray.contains("<ul><li>Mục hai</li></ul>"), "{stray}");
}

#[test]
fn links_that_would_leave_the_site_disguised_are_dropped() {
    let html = html(
        "[a](\\\\evil.example/x) <a href=\"\\\\evil.example/y\">b</a> <a href=\"//evil.example\">c</a> \
         <a href=\"/\\evil.example\">d</a> <img src=\"//evil.example/i.png\"> [ok](files/x.pdf)",
    );
    // Markdown's own links are percent-encoded by the renderer: `%5C` is a path, not a host.
    assert!(html.contains("href=\"%5Cevil.example/x\""), "{html}");
    assert_eq!(html.matches("evil.example").count(), 1, "{html}");
    assert!(html.contains("href=\"files/x.pdf\""), "{html}");
}

/// A quotation in Arabic or Hebrew keeps its direction where it keeps its language; a `dir`
/// that HTML does not define is dropped, the element kept.
#[test]
fn keeps_the_direction_of_a_text_with_its_language() {
    let h = html(
        "<p dir=\"rtl\" lang=\"ar\">مرحبا</p>\n\nA <span dir=\"RTL\">שלום</span> \
         <bdi dir=\"auto\">x</bdi> <q dir=\"ltr\" lang=\"en\">y</q> <bdo dir=\"rtl\">z</bdo>",
    );
    assert!(h.contains("<p dir=\"rtl\" lang=\"ar\">مرحبا</p>"), "{h}");
    assert!(h.contains("<span dir=\"rtl\">שלום</span>"), "{h}");
    assert!(h.contains("<bdi dir=\"auto\">x</bdi>"), "{h}");
    assert!(h.contains("<q dir=\"ltr\" lang=\"en\">y</q>"), "{h}");
    assert!(h.contains("<bdo dir=\"rtl\">z</bdo>"), "{h}");
    let h = html(
        "<p dir=\"up\" lang=\"ar\">a</p>\n\n<span dir=\"\">b</span> <span dir=\"rtl;color:red\">c</span> \
         <bdo dir=\"auto\">d</bdo> <em dir=\"javascript:x\">e</em>",
    );
    assert!(!h.contains("dir="), "{h}");
    assert!(h.contains("<p lang=\"ar\">a</p>") && h.contains("<span>b</span>") && h.contains("<span>c</span>"), "{h}");
    assert!(h.contains("<bdo>d</bdo>") && h.contains("<em>e</em>"), "{h}");
}

#[test]
fn shifts_headings_and_keeps_vietnamese() {
    let h = html("# Mục tiêu\n\nĐạt **95%**.\n\n## Chi tiết");
    assert!(h.contains("<h2 id=\"muc-tieu\">Mục tiêu</h2>") && h.contains("<h3 id=\"chi-tiet\">Chi tiết</h3>"), "{h}");
    assert!(h.contains("<strong>95%</strong>"), "{h}");
    let h = html("### Sâu\n\n#### Sâu hơn");
    assert!(h.contains("<h2 id=\"sau\">Sâu</h2>") && h.contains("<h3 id=\"sau-hon\">Sâu hơn</h3>"), "{h}");
}

/// However the writer chose the levels, no heading is more than one level below the one it
/// comes under (HTML checkers report a skipped level, and screen readers' outlines show one).
#[test]
fn headings_never_skip_a_level() {
    let levels = |markdown: &str| -> Vec<String> {
        let h = html(markdown);
        h.match_indices("<h").map(|(i, _)| h[i + 1..i + 3].to_string()).filter(|t| t != "hr").collect()
    };
    assert_eq!(levels("#### Trước\n\n## Sau"), ["h2", "h2"]);
    assert_eq!(levels("## A\n\n#### B\n\n### C\n\n## D\n\n###### E"), ["h2", "h3", "h3", "h2", "h3"]);
    assert_eq!(levels("# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F"), ["h2", "h3", "h4", "h5", "h6", "h6"]);
    assert_eq!(levels("x[^1]\n\n### A\n\n###### B\n\n[^1]: y"), ["h2", "h3"]);
    // Written in HTML, or both.
    assert_eq!(levels("<h1>A</h1>\n\n<h5>B</h5>\n\n### C\n\n<h4 lang=\"en\">D</h4>"), ["h2", "h3", "h3", "h4"]);
    let h = html("<h1>A</h1>\n\n<h5 lang=\"en\">B <em>b</em></h5>");
    assert!(h.contains("<h2 id=\"a\">A</h2>") && h.contains("<h3 id=\"b-b\" lang=\"en\">B <em>b</em></h3>"), "{h}");
}

/// What the cleaner leaves invalid: an `<a>` whose address it dropped keeps no `rel`, and a
/// picture written in HTML without `alt` gets an empty one, as a Markdown picture has.
#[test]
fn cleaned_links_and_pictures_are_valid_html() {
    let h = html(
        "<a href=\"javascript:alert(1)\">js</a> <a title=\"x > &quot;y\">t</a> [ok](https://example.org) <img src=\"a.png\"> <img src=\"b.png\" alt=\"B\"> ![](c.png)",
    );
    assert!(h.contains("<a>js</a>"), "{h}");
    assert!(h.contains("<a title=\"x &gt; &quot;y\">t</a>"), "{h}");
    assert!(h.contains("<a href=\"https://example.org\" rel=\"noopener noreferrer\">ok</a>"), "{h}");
    assert!(h.contains("<img alt=\"\" src=\"a.png\">"), "{h}");
    assert!(h.contains("<img src=\"b.png\" alt=\"B\">"), "{h}");
    assert!(h.contains("<img src=\"c.png\" alt=\"\">"), "{h}");
    assert!(!h.contains("<img src=\"a.png\">"), "{h}");
}

#[test]
fn remembered_renderings_are_the_renderings() {
    let texts = ["Đã *xong*.", "# Mục\n\nĐoạn <script>x</script>", "[a](https://example.org)", "x[^1]\n\n[^1]: y"];
    let site = site();
    let source = Source::data(&site, "vi");
    for _ in 0..2 {
        for t in texts {
            for top in [2, 3] {
                assert_eq!(to_html(t, top, &source), render(t, top, footnotes::Words::Vi), "{t} at h{top}");
            }
        }
    }
    // The level is part of what is remembered, and so is the language of footnotes' words.
    assert!(to_html("# Mục", 2, &source).contains("<h2 ") && to_html("# Mục", 3, &source).contains("<h3 "));
    let en = Source::page(&site, &site.pages[2], "en");
    assert!(to_html("x[^1]\n\n[^1]: y", 2, &en).contains("Footnote 1"));
    assert!(to_html("x[^1]\n\n[^1]: y", 2, &source).contains("Chú thích 1"));
}

#[test]
fn inline_notes_lose_their_paragraph() {
    let site = site();
    assert_eq!(inline("Đã *xong*.", &Source::data(&site, "vi")), "Đã <em>xong</em>.");
}

/// A note shown in a line keeps its footnotes in the line, as phrasing content; when one of
/// them holds blocks (paragraphs, a table), they go in blocks, never inside a `<small>`.
#[test]
fn an_inline_notes_footnotes_are_blocks_only_when_they_hold_blocks() {
    let site = site();
    let source = Source::data(&site, "vi");
    let short = inline("Xong[^1].\n\n[^1]: Theo báo cáo.", &source);
    assert!(short.contains(" <small class=\"footnotes\"><span id=") && !short.contains("<div"), "{short}");
    let long = inline("Xong[^1].\n\n[^1]: Đoạn một.\n\n    Đoạn hai.\n\n[^2]: x", &source);
    assert!(long.contains("<div class=\"footnotes-inline\"><div id=") && !long.contains("<small"), "{long}");
    let table = inline("Xong[^1].\n\n[^1]: Bảng:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |", &source);
    assert!(table.contains("<div class=\"footnotes-inline\">") && table.contains("<table>"), "{table}");
    assert!(!table.contains("<span id=\"fn"), "{table}");
}

#[test]
fn relative_links_are_read_from_the_texts_file_and_written_from_the_page() {
    let site = site();
    // content/gioi-thieu.md on gioi-thieu/index.html.
    let about = on_page(
        &site,
        Some(1),
        "![x](hinh/anh.png) [t](files/c%20v.pdf) [g](<files/c v.pdf>)",
        "gioi-thieu/index.html",
    );
    assert!(about.contains("src=\"../hinh/anh.png\""), "{about}");
    assert_eq!(about.matches("href=\"../files/c%20v.pdf\"").count(), 2, "{about}");
    // content/updates/2026-Q1/bai-1.md on its page: the image beside it.
    let post = on_page(
        &site,
        Some(3),
        "![](hinh-bai.png) ![](/hinh/anh.png) <img src=\"../../hinh/anh.png\" alt=\"\">",
        "updates/2026-Q1/bai-1/index.html",
    );
    assert!(post.contains("src=\"../../../updates/2026-Q1/hinh-bai.png\""), "{post}");
    assert_eq!(post.matches("src=\"../../../hinh/anh.png\"").count(), 2, "{post}");
    // The Vietnamese home text on the English home page.
    let home = on_page(
        &site,
        Some(0),
        "[a](gioi-thieu.md) [b](updates/2026-Q1/bai-1.md#x) [c](/plans/KH.1/#t-1)",
        "en/index.html",
    );
    assert!(home.contains("href=\"../en/gioi-thieu/index.html\""), "{home}");
    assert!(home.contains("href=\"../updates/2026-Q1/bai-1/index.html#x\""), "untranslated: {home}");
    assert!(home.contains("href=\"../en/plans/KH.1/index.html#t-1\""), "{home}");
    // Addresses and places in the page are left alone, but for what an HTML checker refuses.
    let other =
        html("[w](https://a.vn/x) [m](mailto:a@b.vn) [t](tel:+842251234) [f](#muc) [v](https://a.vn/a^b#c#d) <c@d.vn>");
    for href in
        ["https://a.vn/x", "mailto:a@b.vn", "tel:+842251234", "#muc", "https://a.vn/a%5Eb#c%23d", "mailto:c@d.vn"]
    {
        assert!(other.contains(&format!("href=\"{href}\"")), "{href}: {other}");
    }
}

#[test]
fn a_note_is_rendered_once_for_pages_at_every_depth() {
    let site = site();
    let source = Source::data(&site, "vi");
    let html = to_html("Xem [công văn](files/cv.pdf)[^1].\n\n[^1]: Số 12.", 2, &source);
    for (path, root) in [("plans/kh/index.html", "../../"), ("periods/q/tasks/page/2/index.html", "../../../../../")] {
        let page = finish(html.clone(), path);
        assert!(page.contains(&format!("href=\"{root}files/cv.pdf\"")), "{page}");
    }
}

#[test]
fn footnotes_link_both_ways_with_ids_of_their_own() {
    let site = site();
    let text = "Có chú thích[^1] và thứ hai[^Hai], lại[^1].\n\n[^1]: Một & <b>x</b>.\n[^hai]: **Hai**\n\n    tiếp.\n[^3]: Không ai dẫn.";
    let source = Source::data(&site, "vi");
    // Two texts with footnotes on one page, one of them twice: every id once.
    let body = to_html(text, 2, &source);
    let note = inline("Ghi chú[^a].\n\n[^a]: Nguồn.", &source);
    let page = finish(format!("<main>{body}<dl><dd>{note}</dd><dd>{note}</dd></dl></main>"), "plans/kh/index.html");
    let ids: Vec<&str> = page.split("id=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{page}");
    assert!(ids.iter().all(|id| id.starts_with("fn")), "{ids:?}");
    for id in &ids {
        assert!(page.contains(&format!("href=\"#{id}\"")), "nothing links to {id}: {page}");
    }
    for target in page.split("href=\"#").skip(1).map(|s| &s[..s.find('"').unwrap()]) {
        assert!(ids.contains(&target), "#{target} goes nowhere: {page}");
    }
    assert!(
        page.contains("<a href=\"#fn-1-1\" id=\"fnref-1-1\" class=\"footnote-ref\" aria-label=\"Chú thích 1\">1</a>"),
        "{page}"
    );
    assert!(page.contains("id=\"fnref-1-1-2\""), "a second reference: {page}");
    assert!(page.contains("<li id=\"fn-1-1\"><p>Một &amp; <b>x</b>. <a href=\"#fnref-1-1\""), "{page}");
    assert!(page.contains("id=\"fn-2-1\"") && page.contains("id=\"fn-3-1\""), "{page}");
    assert!(!page.contains("Không ai dẫn"), "a note nothing refers to is left out, as GitHub does: {page}");
    // A reference to no note stays as written; writers' ids never pass.
    let plain = html("x[^khong] <a id=\"fn-1-1\" name=\"y\">z</a> <span id=\"h-status\">s</span>");
    assert!(plain.contains("x[^khong]") && !plain.contains("id="), "{plain}");
}

#[test]
fn marks_written_by_writers_are_not_read() {
    let h = html("a\u{FDD0}b \u{FDD2}\u{FDD1} [x](\u{FDD3}files/a.pdf) \u{FDD4}1:1\u{FDD4}");
    assert!(!h.chars().any(|c| ('\u{FDD0}'..='\u{FDD4}').contains(&c)), "{h}");
    assert!(h.contains("href=\"files/a.pdf\"") && !h.contains("<sup>"), "{h}");
}

#[test]
fn evidence_links_are_written_valid_and_relative_to_the_page() {
    let site = site();
    let source = Source::data(&site, "en");
    let at = |url: &str, path: &str| finish(evidence_href(url, &source), path);
    assert_eq!(at("files/cv.pdf", "en/plans/kh/index.html"), "../../../files/cv.pdf");
    assert_eq!(at("/files/c v.pdf", "plans/kh/index.html"), "../../files/c%20v.pdf");
    assert_eq!(
        at("https://x.vn/tài liệu/Công văn 12.pdf", "plans/kh/index.html"),
        "https://x.vn/t%C3%A0i%20li%E1%BB%87u/C%C3%B4ng%20v%C4%83n%2012.pdf"
    );
    assert_eq!(at("https://x.vn/?a=1&b=<2>\"", "index.html"), "https://x.vn/?a=1&b=%3C2%3E%22");
}

#[test]
fn words_in_angle_brackets_that_name_no_element_are_kept_as_written() {
    // A note's "<CNTT>" is no HTML element: the cleaner would drop it with the word.
    let site = site();
    let note = inline("Chậm do thiếu kinh phí & nhân lực <CNTT>, <Sở-TC> và </ABC>.", &Source::data(&site, "vi"));
    assert_eq!(note, "Chậm do thiếu kinh phí &amp; nhân lực &lt;CNTT&gt;, &lt;Sở-TC&gt; và &lt;/ABC&gt;.");
    // A line of its own is a block of raw HTML to Markdown: kept as words too.
    let block = html("<CNTT>\n\nSở <x-ban-chi-dao attr=\"1\">");
    assert!(block.contains("&lt;CNTT&gt;") && block.contains("&lt;x-ban-chi-dao attr=\"1\"&gt;"), "{block}");
    // Elements of HTML are still what they were: kept when allowed, removed when not.
    let elements = html("<b>đậm</b> <SUP>2</SUP> <script>alert(1)</script> <iframe src=\"https://x.vn\"></iframe>");
    assert!(elements.contains("<b>đậm</b>") && elements.contains("<sup>2</sup>"), "{elements}");
    assert!(!elements.contains("script") && !elements.contains("iframe"), "{elements}");
}

#[test]
fn a_plain_texts_words_are_read_without_cleaning_it() {
    let mut texts: Vec<String> = [
        "Đã *xong* **hẳn**, ~~chưa~~ `mã < 3` & \"trích\" 'dẫn'",
        "# Mục\n\n## Mục con\n\nĐoạn một.\n\n> Trích\n> dẫn\n\n- một\n- hai\n  1. ba\n\n---\n",
        "| Chỉ tiêu | Giá trị |\n|:--|--:|\n| A & B | 1,5 |\n| `x` | *y* |\n",
        "```\nfn main() { let a = b & c; }\n```\n\n    thụt lề\n",
        "[liên kết](https://example.org \"tiêu đề\") ![ảnh Đà Nẵng](anh.png) [tham chiếu][r]\n\n[r]: ../a.md",
        "[bad](javascript:alert(1)) and [data](data:text/html,x) &amp; &copy; &#x111; &#273; &nbsp;x &bogus;",
        "- [ ] việc\n- [x] xong\n\nA\\\nB  \nC\u{1}D\u{b}E\r\nF\u{7f}G\u{fffe}",
        "Heading\n=======\n\nSub\n---\n\n###### sáu ######\n\n####### bảy",
        "*a **b** c* _d_ __e__ ***f***",
        "",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    // Every Markdown file of the default site.
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            texts.push(std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let mut plain_ones = 0;
    for t in &texts {
        if super::plain(t) {
            plain_ones += 1;
            let cleaned = super::text::text_of(&render(t, 2, footnotes::Words::Vi));
            assert_eq!(super::text::text_of(&super::unclean_html(t)), cleaned, "{t}");
        }
    }
    assert!(plain_ones > 20, "{plain_ones} plain texts of {}", texts.len());
    // Raw HTML, links in angle brackets and footnotes are cleaned or numbered first.
    for t in ["a <b>c</b>", "<https://example.org>", "x[^1]\n\n[^1]: y", "<script>x</script>", "a\u{0}b"] {
        assert!(!super::plain(t), "{t}");
    }
    assert_eq!(to_text("Đoạn <script>bí mật</script> *hiện*"), "Đoạn hiện");
}

#[test]
fn bare_web_addresses_become_links_outside_code_and_links() {
    let out = html("Xem https://a.vn/ke_hoach_12.pdf. Và `https://a.vn/ma` cùng [https://a.vn/b](https://a.vn/b).");
    assert!(
        out.contains("Xem <a href=\"https://a.vn/ke_hoach_12.pdf\" rel=\"noopener noreferrer\">https://a.vn/ke_hoach_12.pdf</a>. Và"),
        "{out}"
    );
    assert!(out.contains("<code>https://a.vn/ma</code>"), "{out}");
    assert_eq!(out.matches("<a ").count(), 2, "{out}");
    let block = html("```\nhttps://a.vn/c\n```");
    assert!(!block.contains("<a "), "{block}");
    let mail = html("Liên hệ lienhe@haiphong.gov.vn.");
    assert!(
        mail.contains(
            "<a href=\"mailto:lienhe@haiphong.gov.vn\" rel=\"noopener noreferrer\">lienhe@haiphong.gov.vn</a>."
        ),
        "{mail}"
    );
    let written = html("Xem <a href=\"https://a.vn/d\">https://a.vn/d</a> và https://a.vn/e");
    assert_eq!(written.matches("<a ").count(), 2, "no link inside a link: {written}");
    assert!(written.contains(">https://a.vn/e</a>"), "{written}");
}

/// A drawing or formula written in HTML goes whole: its shapes' tags are not shown as text.
#[test]
fn svg_and_math_go_whole() {
    assert_eq!(html("<svg width=\"10\"><circle r=\"1\"/><text>chữ</text></svg> sau"), "<p> sau</p>\n");
    assert_eq!(html("<svg>\n<path d=\"M0\"/>\n</svg>\n\nsau"), "\n<p>sau</p>\n");
    assert!(!html("<math><mi>x</mi><mo>=</mo><mn>2</mn></math>").contains("&lt;"));
    // A formula after a drawing in one piece of HTML is still inside until it closes.
    let both = html("<p><svg></svg> <math>\n\n<mi>x</mi>\n\n</math> <CNTT></p>");
    assert!(!both.contains("&lt;mi&gt;") && both.contains("&lt;CNTT&gt;"), "{both}");
    // Words in angle brackets outside them are still words.
    assert!(html("nhân lực <CNTT> và <path>").contains("&lt;CNTT&gt; và &lt;path&gt;"));
}

/// A link wrapped around a block is split by the parser: the empty link and paragraph it
/// leaves go, the block keeps its link.
#[test]
fn a_link_around_a_block_leaves_no_empty_link() {
    let out = html("<a href=\"https://a.vn\"><div>khối</div></a>\n");
    assert_eq!(out, "<div><a href=\"https://a.vn\" rel=\"noopener noreferrer\">khối</a></div>\n");
}

/// Values HTML does not allow go with their attribute; the elements and words stay.
#[test]
fn raw_html_keeps_only_values_html_allows() {
    let out = html(
        "<table><tr><td colspan=\"0\" align=\"right\">a</td><td colspan=\"2\" headers=\"h\">b</td></tr></table>\n\n\
         <img src=\"a.png\" alt=\"x\" width=\"50%\" height=\"20\"> <span lang=\"vietnamese\">c</span> \
         <span lang=\"en-GB\">d</span> <del datetime=\"quý III\">e</del> <ins datetime=\"2026-05-20\">f</ins>",
    );
    assert!(out.contains("<td>a</td><td colspan=\"2\">b</td>"), "{out}");
    assert!(out.contains("alt=\"x\" height=\"20\"") && !out.contains("50%"), "{out}");
    assert!(out.contains("<span>c</span>") && out.contains("<span lang=\"en-GB\">d</span>"), "{out}");
    assert!(out.contains("<del>e</del>") && out.contains("<ins datetime=\"2026-05-20\">f</ins>"), "{out}");
}

//! Lists that grow with the site are split into pages of at most `page_size` rows: a generated
//! site with a small page size, built and read as a link checker and a reader would.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::generated::{INDICATORS, POSTS, REPORTED, SIZE, TASKS, UNITS, generated_site};

/// The generated site, built once for all tests of this file.
fn built() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = generated_site();
        let out = dir.path().join("public");
        let r = common::minhbach(&["build", "--root", dir.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        (dir, out)
    });
    out
}

fn read(path: &str) -> String {
    std::fs::read_to_string(built().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The pages of the list whose first page is `dir` + `index.html`, following rel="next" from
/// the first page, each checked against its number and the pager's links.
fn pages_of(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut path = format!("{dir}index.html");
    loop {
        let html = read(&path);
        let number = out.len() + 1;
        let expected = if number == 1 { format!("{dir}index.html") } else { format!("{dir}page/{number}/index.html") };
        assert_eq!(path, expected);
        let prev = rel_link(&path, &html, "prev");
        let next = rel_link(&path, &html, "next");
        if number == 1 {
            assert_eq!(prev, None, "{path}: the first page has no previous page");
        } else {
            assert_eq!(
                prev.as_deref(),
                Some(out.last().map(|(p, _): &(String, String)| p.as_str()).unwrap()),
                "{path}"
            );
        }
        if next.is_some() || number > 1 {
            // The pager marks this page as the current one, and its status names it.
            let current = current_page_link(&path, &html);
            assert_eq!(current.as_deref(), Some(path.as_str()), "{path}: aria-current");
            assert!(html.contains("<nav class=\"pager\""), "{path}");
        }
        out.push((path.clone(), html));
        match next {
            Some(n) => path = n,
            None => break,
        }
        assert!(out.len() < 100, "{dir}: pages never end");
    }
    let total = out.len();
    if total > 1 {
        for (i, (path, html)) in out.iter().enumerate() {
            let n = i + 1;
            let (status, title) = if path.starts_with("en/") {
                (format!("Page {n} of {total}"), format!("page {n} of {total}"))
            } else {
                (format!("Trang {n}/{total}"), format!("trang {n}/{total}"))
            };
            assert!(html.contains(&status), "{path}: pager status");
            if i > 0 {
                let head = &html[..html.find("</title>").unwrap()];
                assert!(head.contains(&title), "{path}: the title says which page");
            }
        }
    }
    out
}

/// The output path (and fragment) an `href` on the page at `from` points to.
fn resolve(from: &str, href: &str) -> String {
    let (file, fragment) = href.split_once('#').map_or((href, None), |(f, x)| (f, Some(x)));
    let path = common::normalise(&Path::new(from).parent().unwrap().join(file));
    fragment.map_or(path.clone(), |x| format!("{path}#{x}"))
}

/// The target of the link with `rel="…"` on a page, if any.
fn rel_link(from: &str, html: &str, rel: &str) -> Option<String> {
    let links: Vec<String> = html
        .match_indices(&format!(" rel=\"{rel}\""))
        .map(|(i, _)| {
            let start = html[..i].rfind("<a ").unwrap();
            let tag = &html[start..i];
            common::attribute_values(tag, "href").next().unwrap()
        })
        .map(|href| resolve(from, &href))
        .collect();
    assert!(links.len() <= 1, "{from}: {links:?}");
    links.into_iter().next()
}

fn current_page_link(from: &str, html: &str) -> Option<String> {
    let pager = &html[html.find("<nav class=\"pager\"")?..];
    let i = pager.find(" aria-current=\"page\"")?;
    let start = pager[..i].rfind("<a ")?;
    common::attribute_values(&pager[start..i], "href").next().map(|h| resolve(from, &h))
}

/// The targets of the links that start each row of a list: `marker` is the text just before
/// the row's first link.
fn rows(from: &str, html: &str, marker: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let main = main.find("<nav class=\"pager\"").map_or(main, |end| &main[..end]);
    main.match_indices(marker)
        .map(|(i, _)| {
            let rest = &main[i..];
            let href = common::attribute_values(rest, "href").next().unwrap();
            resolve(from, &href)
        })
        .collect()
}

/// Asserts every page holds at most SIZE rows and every row appears on exactly one page;
/// returns the rows in order.
fn check_rows(dir: &str, marker: &str, expected_total: usize) -> Vec<String> {
    let pages = pages_of(dir);
    assert_eq!(pages.len(), expected_total.div_ceil(SIZE).max(1), "{dir}: number of pages");
    let mut all = Vec::new();
    for (path, html) in &pages {
        let r = rows(path, html, marker);
        assert!(!r.is_empty() && r.len() <= SIZE, "{path}: {} rows", r.len());
        all.extend(r);
    }
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{dir}: a row is on two pages");
    assert_eq!(all.len(), expected_total, "{dir}: rows across pages");
    all
}

#[test]
fn indicator_lists_are_split_and_every_indicator_is_on_one_page() {
    let total = INDICATORS + 3;
    let all = check_rows("indicators/", "<a class=\"row-name\"", total);
    let expected: BTreeSet<String> = (1..=INDICATORS)
        .map(|n| format!("indicators/g-{n:02}/index.html"))
        .chain(["ky-nang-so", "thu-hang", "chua-co-so-lieu"].iter().map(|id| format!("indicators/{id}/index.html")))
        .collect();
    assert_eq!(all.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(!built().join("indicators/page/4/index.html").exists());
    // The same in English, page for page.
    check_rows("en/indicators/", "<a class=\"row-name\"", total);
    // Filter pages: by plan and by unit.
    check_rows("indicators/plan/kh-2/", "<a class=\"row-name\"", INDICATORS);
    // so-khcn owns two of the basic fixture's indicators too.
    check_rows("indicators/unit/so-khcn/", "<a class=\"row-name\"", INDICATORS + 2);
}

#[test]
fn a_page_shows_the_groups_of_its_rows_with_each_group_whole_count() {
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading_counts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, html) in pages_of("indicators/") {
        // Filters stay on every page, the one shown marked.
        assert!(html.contains("<nav class=\"filters\""), "{path}");
        for (i, _) in html.match_indices("<section aria-labelledby=\"g-") {
            let section = &html[i..i + html[i..].find("</section>").unwrap()];
            let key = section["<section aria-labelledby=\"g-".len()..].split('"').next().unwrap().to_string();
            let h2 = &section[..section.find("</h2>").unwrap()];
            let count = h2.rsplit('(').next().unwrap().split(')').next().unwrap().to_string();
            heading_counts.entry(key.clone()).or_default().insert(count);
            *by_status.entry(key).or_default() += section.matches("<a class=\"row-name\"").count();
        }
    }
    for (key, counts) in &heading_counts {
        assert_eq!(counts.len(), 1, "{key}: {counts:?}");
        assert_eq!(
            counts.iter().next().unwrap(),
            &by_status[key].to_string(),
            "{key}: heading keeps the group's total"
        );
    }
    assert!(heading_counts.len() > 1, "{heading_counts:?}");
}

#[test]
fn period_lists_show_a_page_and_link_to_all() {
    let period = read("periods/2026-Q1/index.html");
    for (dir, marker, total) in [
        ("periods/2026-Q1/values/", "<tr><th scope=\"row\">", 16),
        ("periods/2026-Q1/tasks/", "<tr><th scope=\"row\">", REPORTED + 1),
        ("periods/2026-Q1/updates/", "<li>", POSTS + 1),
    ] {
        assert!(period.contains(&format!("href=\"../../{dir}index.html\"")), "the period links to {dir}");
        let shown = rows("periods/2026-Q1/index.html", &period, marker);
        let all = check_rows(dir, marker, total);
        // The period page shows the first page's rows of each list.
        assert!(all.iter().take(SIZE).all(|r| shown.contains(r)), "{dir}");
        // Crumbs lead back to the period.
        let first = read(&format!("{dir}index.html"));
        assert!(first.contains("<a href=\"../../../periods/2026-Q1/index.html\">"), "{dir}");
    }
    // The next period: tasks not reported, and what changed.
    let q2 = read("periods/2026-Q2/index.html");
    for (dir, id, marker) in
        [("missing", "h-missing", "<li><a "), ("status-changes", "", "<li><a "), ("completed", "", "<li><a ")]
    {
        let dir = format!("periods/2026-Q2/{dir}/");
        assert!(q2.contains(&format!("href=\"../../{dir}index.html\"")), "{dir}");
        // The whole count, as the period page's heading or "see all" link gives it.
        let total: usize = if id.is_empty() {
            let at = q2.find(&format!("href=\"../../{dir}index.html\">")).unwrap();
            q2[at..].split("</a>").next().unwrap().split(' ').filter_map(|w| w.parse().ok()).next().unwrap()
        } else {
            let at = q2.find(&format!("<h2 id=\"{id}\">")).unwrap();
            q2[at..].split(')').next().unwrap().rsplit('(').next().unwrap().parse().unwrap()
        };
        assert!(total > SIZE, "{dir}: {total}");
        let all = check_rows(&dir, marker, total);
        if dir.ends_with("status-changes/") {
            // The 14 generated indicators, besides any of the basic fixture's.
            assert_eq!(all.iter().filter(|i| i.starts_with("indicators/g-")).count(), 14, "{all:?}");
        }
        if dir.ends_with("completed/") {
            assert_eq!(all.len(), TASKS - REPORTED);
        }
    }
    // The period list links to the posts' own pages.
    assert!(read("periods/index.html").contains("href=\"../periods/2026-Q1/updates/index.html\""));
    // A list that fits stays whole, with no pages of its own and no "see all".
    let unit = read("units/phong-cm/index.html");
    let led = rows("units/phong-cm/index.html", &unit, "<li class=\"task").len();
    assert!((1..=SIZE).contains(&led), "{led}");
    assert!(!unit.contains("class=\"see-all\"") && !unit.contains("class=\"pager\""));
    assert!(!built().join("units/phong-cm/led/index.html").exists());
}

#[test]
fn unit_lists_keep_what_needs_attention_first() {
    let unit = read("units/vp/index.html");
    assert!(unit.contains("href=\"../../units/vp/led/index.html\""));
    let led = check_rows("units/vp/led/", "<li class=\"task", TASKS + 2);
    assert!(led.iter().all(|t| t.starts_with("plans/")));
    // The one overdue task (the basic plan's 1.1) comes first, before the pages split.
    assert_eq!(led[0], "plans/kh-1/index.html#t-1.1");
    check_rows("units/so-khcn/supported/", "<li class=\"task", TASKS);
    check_rows("units/so-khcn/indicators/", "<a class=\"row-name\"", INDICATORS + 2);
    // The unit list itself.
    check_rows("units/", "<tr>\n<th scope=\"row\">", UNITS + 3);
    // The unit page shows at most a page of each list.
    assert!(rows("units/vp/index.html", &unit, "<li class=\"task").len() <= SIZE);
}

#[test]
fn every_pager_link_resolves_and_languages_point_at_the_same_page() {
    let (checked, broken) = common::broken_links(built(), built());
    assert!(checked > 500, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    let en = read("en/indicators/page/2/index.html");
    assert!(en.contains("<link rel=\"alternate\" hreflang=\"vi\" href=\"https://example.gov.vn/indicators/page/2/\">"));
    assert!(en.contains("<a href=\"../../../../indicators/page/2/index.html\" hreflang=\"vi\" lang=\"vi\">"));
    let vi = read("periods/2026-Q1/values/page/2/index.html");
    assert!(vi.contains("hreflang=\"en\" href=\"https://example.gov.vn/en/periods/2026-Q1/values/page/2/\""));
    // The sitemap lists every page of every list.
    let sitemap = read("sitemap.xml");
    for page in ["indicators/page/3/", "en/units/page/2/", "periods/2026-Q1/updates/page/2/", "units/vp/led/page/3/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.gov.vn/{page}</loc>")), "{page}");
    }
}

/// The list pages the default site has too few rows to make (a unit's tasks and indicators,
/// what changed in a period) pass the same browser checks as tests/browser.rs: valid HTML, no
/// WCAG 2.1 AA violation at 375 px and 1280 px, no sideways scrolling.
#[test]
fn generated_list_pages_are_valid_html_and_accessible() {
    use std::process::Command;
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(true) {
        return;
    }
    let pages = [
        "units/vp/led/page/2/index.html",
        "units/so-khcn/indicators/index.html",
        "periods/2026-Q2/status-changes/page/2/index.html",
        "periods/2026-Q1/updates/page/2/index.html",
        "indicators/plan/kh-2/page/3/index.html",
    ];
    let mut args =
        vec![browser_dir.join("check.mjs").to_string_lossy().into_owned(), built().to_string_lossy().into_owned()];
    for p in pages {
        args.push(p.to_string());
        args.push(format!("en/{p}"));
    }
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{report}\n{}", String::from_utf8_lossy(&result.stderr));
    assert!(report.contains(&format!("browser checks: {} pages, 0 problem(s)", pages.len() * 2)), "{report}");
}

#[test]
fn an_edited_figure_keeps_the_pages_of_its_period_s_task_reports() {
    let dir = generated_site();
    let root = dir.path().to_str().unwrap().to_string();
    let build = |out: &Path| {
        let r = common::minhbach(&["build", "--root", &root, "--output", out.to_str().unwrap()]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    };
    let out = dir.path().join("public");
    build(&out);
    // The group a page is recorded in, from the output's manifest (`kind/group`).
    let group = |page: &str| -> String {
        let manifest = std::fs::read_to_string(out.join(".minhbach-output")).unwrap();
        let line = manifest.lines().find(|l| l.starts_with(&format!("{page}\t"))).unwrap().to_string();
        line.split('\t').nth(2).and_then(|k| k.split_once('/')).unwrap().1.to_string()
    };
    let (tasks, period) = ("periods/2026-Q1/tasks/page/2/index.html", "periods/2026-Q1/index.html");
    let (tasks_group, period_group) = (group(tasks), group(period));
    assert_ne!(tasks_group, period_group, "the task reports' pages are a group of their own");
    // A post's page shows no figure.
    let post = "updates/2026-Q1/ket-qua/index.html";
    let post_group = group(post);
    let progress = dir.path().join("data/progress/2026-Q1.toml");
    let text = std::fs::read_to_string(&progress).unwrap();
    let edited = text.replace("indicator = \"g-01\"\nvalue = 13\n", "indicator = \"g-01\"\nvalue = 14\n");
    assert_ne!(edited, text);
    std::fs::write(&progress, edited).unwrap();
    build(&out);
    assert_ne!(group(period), period_group, "the period's page is made again");
    assert_eq!(group(tasks), tasks_group, "the task reports' pages are kept");
    assert_eq!(group(post), post_group, "a post's page is kept");
    // And the folder is the one a new build makes.
    let fresh = dir.path().join("fresh");
    build(&fresh);
    let built = common::html_files(&fresh);
    assert_eq!(built.len(), common::html_files(&out).len());
    for (path, html) in built {
        assert_eq!(std::fs::read_to_string(out.join(&path)).unwrap(), html, "{path}");
    }
}

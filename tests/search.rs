//! Site search on the built default site: its files (complete, linked, deterministic) and, in
//! headless Chromium, the queries citizens type (tests/browser/search.mjs).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn build(out: &Path) {
    let r = common::minhbach(&["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

fn site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = common::shared_tempdir("search");
        let out = dir.path().join("site");
        build(&out);
        (dir, out)
    });
    out
}

/// The post of the default site that [`vi_only_site`] has in Vietnamese only.
const VI_ONLY_POST: &str = "content/updates/2026-Q3/bao-cao-quy-3";

/// The default site with one post written only in Vietnamese: every text of the default site
/// has its English version, so a copy leaves out one post's English twin. Its snapshots are
/// left out too (search covers the live site only).
fn vi_only_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    // Not named `search-…`: making the folder of [`site`] removes those of earlier runs.
    let (_, out) = BUILT.get_or_init(|| {
        built_copy("vi-only-search", |root| {
            assert!(root.join(format!("{VI_ONLY_POST}.md")).is_file(), "{VI_ONLY_POST}.md is gone");
            std::fs::remove_file(root.join(format!("{VI_ONLY_POST}.en.md"))).unwrap();
        })
    });
    out
}

/// A copy of the default site's sources but its snapshots (search covers the live site only),
/// changed by `change` and built: the folder and the built site in it.
fn built_copy(name: &str, change: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::shared_tempdir(name);
    let root = dir.path().join("src");
    for part in ["data", "content", "themes"] {
        common::copy_tree(&repo.join(part), &root.join(part));
    }
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    change(&root);
    let out = dir.path().join("site");
    let r = common::minhbach(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (dir, out)
}

/// Posts that [`common_word_site`] adds, each a "thông báo" with a number of its own.
const NOTICES: usize = 2_200;

/// The default site with [`NOTICES`] more posts, all with the words "thông báo": more records
/// than an entry of the index holds, so those two words' entries are cut. Without `base_url`
/// (no share pictures to draw).
fn common_word_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        built_copy("common-word-search", |root| {
            let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
            let config: String =
                config.lines().filter(|l| !l.starts_with("base_url")).map(|l| format!("{l}\n")).collect();
            std::fs::write(root.join("site.toml"), config).unwrap();
            for i in 0..NOTICES {
                std::fs::write(
                    root.join(format!("content/updates/2026-Q3/thong-bao-{i}.md")),
                    format!(
                        "+++\ntitle = \"Thông báo số {i}\"\ndate = 2026-10-15\n+++\n\
                         Thông báo lịch tiếp công dân, hồ sơ mã hs{i}.\n"
                    ),
                )
                .unwrap();
            }
        })
    });
    out
}

#[test]
fn a_word_on_very_many_pages_keeps_every_shard_small_and_says_how_many_have_it() {
    let index = index_dir_of(common_word_site(), "tim-kiem/index.html");
    let m = data(&index.join("m.js"), "m");
    let records = m["records"].as_u64().unwrap() as usize;
    assert!(records > NOTICES, "{records}");
    let mut cut = BTreeMap::new();
    for key in m["shards"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        let name = minhbach::render::search::index::file_name(key);
        let file = index.join(format!("s/{name}.js"));
        let size = std::fs::metadata(&file).unwrap().len();
        assert!(size <= 16_000, "{} is {size} bytes", file.display());
        for entry in data(&file, &format!("s/{name}")).as_array().unwrap() {
            if let Some(n) = entry.get(3) {
                cut.insert(entry[0].as_str().unwrap().to_string(), n.as_u64().unwrap() as usize);
            }
        }
    }
    // "thông" and "báo" are on every notice; what the entry kept is fewer.
    for word in ["thong", "bao"] {
        assert!(cut.get(word).is_some_and(|&n| n > NOTICES && n <= records), "{word}: {cut:?}");
    }
    assert!(!cut.contains_key("hs1234"));
}

/// The data of an index file (`mbSearch("name",DATA);`).
fn data(file: &Path, name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let head = format!("mbSearch({},", serde_json::Value::from(name));
    let body =
        text.strip_prefix(&head).and_then(|t| t.strip_suffix(");\n")).unwrap_or_else(|| panic!("{}", file.display()));
    serde_json::from_str(body).unwrap()
}

/// The index folder of a search page, from the page's `data-index`.
fn index_dir_of(site: &Path, page: &str) -> PathBuf {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let dir = common::attribute_values(&html, "data-index").next().expect("data-index");
    site.join(page).parent().unwrap().join(dir)
}

/// Every record of the search page `page` of the built `site`, checked: its shards point at
/// records that exist, and each record's link leads to a page (and an id) of the site.
fn records_checked(site: &Path, page: &str) -> Vec<serde_json::Value> {
    let dir = index_dir_of(site, page);
    let m = data(&dir.join("m.js"), "m");
    let records = m["records"].as_u64().unwrap() as usize;
    for key in m["shards"].as_array().unwrap() {
        let name = minhbach::render::search::index::file_name(key.as_str().unwrap());
        let shard = data(&dir.join(format!("s/{name}.js")), &format!("s/{name}"));
        for term in shard.as_array().unwrap() {
            let postings = term[2].as_array().unwrap();
            let total: u64 = postings.iter().step_by(3).map(|d| d.as_u64().unwrap()).sum();
            assert!((total as usize) < records, "{page}: {} points past the records", term[0]);
        }
    }
    let search_page = site.join(page);
    let per = m["per"].as_u64().unwrap() as usize;
    (0..records)
        .map(|i| {
            let n = i / per;
            let group = data(&dir.join(format!("r/{n}.js")), &format!("r/{n}"));
            let group = group.as_array().unwrap();
            assert!(group.len() == per || (n + 1) * per >= records, "{page}: r/{n}.js holds {}", group.len());
            let r = group[i % per].clone();
            let url = r["u"].as_str().unwrap();
            let (file, fragment) = url.split_once('#').map_or((url, None), |(f, x)| (f, Some(x)));
            let target = search_page.parent().unwrap().join(file);
            let target = Path::new("/").join(common::normalise(&target));
            assert!(target.is_file(), "{page}: record {i} links to {url}, which does not exist");
            if let Some(id) = fragment {
                let html = std::fs::read_to_string(&target).unwrap();
                assert!(common::ids(&html).contains(id), "{page}: record {i} links to {url}: no id {id}");
            }
            r
        })
        .collect()
}

#[test]
fn every_shard_and_record_exists_and_every_result_link_resolves() {
    for page in ["tim-kiem/index.html", "en/search/index.html"] {
        let records = records_checked(site(), page);
        assert!(records.len() > 300, "{page}: only {} records", records.len());
        let mut kinds = BTreeMap::new();
        for r in &records {
            *kinds.entry(r["k"].as_str().unwrap().to_string()).or_insert(0) += 1;
        }
        for kind in ["indicator", "task", "plan", "unit", "period", "update", "page"] {
            assert!(kinds.get(kind).is_some_and(|n| *n > 0), "{page}: no {kind} record: {kinds:?}");
        }
    }
}

/// A task's result names its plan as the lists do (the keeper's label, in the page's language),
/// and shows the task's number only when the document prints one: an unnumbered task's id is
/// the site's key for progress files, not a number a citizen should quote.
#[test]
fn a_task_result_names_its_plan_by_label_and_shows_only_printed_numbers() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans = BTreeMap::new();
    for entry in std::fs::read_dir(repo.join("data/plans")).unwrap() {
        let plan: toml::Table = std::fs::read_to_string(entry.unwrap().path()).unwrap().parse().unwrap();
        plans.insert(plan["id"].as_str().unwrap().to_string(), plan);
    }
    let mut unnumbered_seen = 0;
    for (page, label_field) in [("tim-kiem/index.html", "label"), ("en/search/index.html", "label_en")] {
        for r in records_checked(site(), page).iter().filter(|r| r["k"] == "task") {
            let url = r["u"].as_str().unwrap();
            let (path, task_id) = url.split_once("#t-").unwrap();
            let plan_id = path.trim_end_matches("/index.html").rsplit('/').next().unwrap();
            let plan = &plans[plan_id];
            let label = plan.get(label_field).or(plan.get("label")).and_then(|l| l.as_str()).unwrap();
            let task = plan["task"].as_array().unwrap().iter().find(|t| t["id"].as_str() == Some(task_id)).unwrap();
            let numbered = task.get("numbered").and_then(|n| n.as_bool()).unwrap_or(true);
            let meta = r["m"].as_str().unwrap();
            let named = if numbered { format!("{label} · {task_id}") } else { label.to_string() };
            assert!(
                meta == named || meta.starts_with(&format!("{named} · ")),
                "{page} {url}: {meta:?}, not {named:?} first"
            );
            if !numbered {
                unnumbered_seen += 1;
                assert!(!meta.contains(task_id), "{page} {url}: {meta:?} shows the unprinted {task_id}");
            }
        }
    }
    assert!(unnumbered_seen > 50, "only {unnumbered_seen} unnumbered tasks checked");
}

/// On the English search page, a name the documents give only in Vietnamese is marked as
/// Vietnamese (`tl`), as the pages mark it, so that a screen reader says it in Vietnamese; a
/// translated name is not marked.
#[test]
fn a_name_left_in_vietnamese_is_marked_on_the_english_search_page() {
    let (_dir, out) = common::build_to_temp(common::site_from("basic", &[]).path());
    let records = records_checked(&out, "en/search/index.html");
    let task = records.iter().find(|r| r["t"] == "Quán triệt Nghị quyết").expect("task 1.1");
    assert_eq!(task["tl"], "vi", "{task}");
    // Its output, which the documents give only in Vietnamese, is the text of its excerpt.
    assert_eq!(task["bl"], "vi", "{task}");
    let translated: Vec<_> = records_checked(site(), "en/search/index.html")
        .into_iter()
        .filter(|r| r["k"] == "unit" && r["t"] == "Department of Finance")
        .collect();
    assert_eq!(translated.len(), 1);
    assert!(translated[0].get("tl").is_none(), "{}", translated[0]);
    let vi = records_checked(&out, "tim-kiem/index.html");
    assert!(
        vi.iter().all(|r| r.get("tl").is_none() && r.get("bl").is_none()),
        "nothing is marked on the Vietnamese page"
    );
}

/// A post or free page written in one language is found from both languages' search, and
/// leads to its one page, marked with its language.
#[test]
fn a_text_in_one_language_is_found_in_both_and_leads_to_its_page() {
    let root = common::site_from(
        "basic",
        &[
            (
                "content/updates/2026-Q1/news.en.md",
                Some(b"+++\ntitle = \"Broadband news\"\ndate = 2026-03-01\n+++\nOnly in English.\n"),
            ),
            ("content/gioi-thieu.md", Some("+++\ntitle = \"Giới thiệu\"\n+++\nChỉ có tiếng Việt.\n".as_bytes())),
            ("content/about.en.md", Some(b"+++\ntitle = \"About us\"\n+++\nEnglish only.\n")),
        ],
    );
    let (_dir, out) = common::build_to_temp(root.path());
    let find = |page: &str, title: &str| {
        let records = records_checked(&out, page);
        records.into_iter().find(|r| r["t"] == title).unwrap_or_else(|| panic!("{page}: no record {title}"))
    };
    let news = find("tim-kiem/index.html", "Broadband news");
    assert_eq!((news["u"].as_str(), news["l"].as_str()), (Some("../en/updates/2026-Q1/news/index.html"), Some("en")));
    assert!(find("en/search/index.html", "Broadband news").get("l").is_none());
    let about = find("tim-kiem/index.html", "About us");
    assert_eq!((about["u"].as_str(), about["l"].as_str()), (Some("../en/about/index.html"), Some("en")));
    let intro = find("en/search/index.html", "Giới thiệu");
    assert_eq!((intro["u"].as_str(), intro["l"].as_str()), (Some("../../gioi-thieu/index.html"), Some("vi")));
}

#[test]
fn the_search_files_are_byte_identical_across_builds() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("again");
    build(&again);
    for sub in ["tim-kiem", "en/search", "static"] {
        let files = |root: &Path| -> BTreeMap<String, Vec<u8>> {
            walkdir::WalkDir::new(root.join(sub))
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    (
                        e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        };
        let (a, b) = (files(site()), files(&again));
        assert!(a.len() > 10 || sub == "static", "{sub}: {} files", a.len());
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{sub}");
        for (path, bytes) in &a {
            assert!(b.get(path) == Some(bytes), "{path} differs between two builds");
        }
    }
}

#[test]
fn every_page_has_a_search_box_that_leads_to_its_language_search_page() {
    for (path, html) in common::html_files(site()) {
        // Snapshots and 404 pages are frozen or served anywhere; embeds are bare charts for
        // other sites' articles.
        if path.starts_with("archive/") || path.ends_with("404.html") || path.contains("/embed/") {
            continue;
        }
        let search_page = path == "tim-kiem/index.html" || path == "en/search/index.html";
        let target = if path.starts_with("en/") { "en/search/index.html" } else { "tim-kiem/index.html" };
        if search_page {
            assert!(html.contains("<label for=\"search-q\">") && html.contains("id=\"search-results\""), "{path}");
            assert!(html.contains("<noscript>"), "{path} explains that search needs JavaScript");
            continue;
        }
        let action =
            common::attribute_values(&html, "action").next().unwrap_or_else(|| panic!("{path}: no search box"));
        let base = Path::new(&path).parent().unwrap();
        assert_eq!(common::normalise(&base.join(&action)), target, "{path}");
        assert!(html.contains("name=\"q\"") && html.contains("<label class=\"sr-only\" for=\"site-q\">"), "{path}");
    }
}

#[test]
fn queries_find_what_citizens_look_for() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !(node && Path::new(&chromium).exists() && browser_dir.join("node_modules/puppeteer-core").is_dir()) {
        assert!(
            std::env::var("MINHBACH_BROWSER_CHECKS").as_deref() != Ok("require"),
            "browser checks required but Node.js, Chromium or tests/browser/node_modules is missing"
        );
        eprintln!("skipping search checks: run `npm ci` in tests/browser and install chromium to run them");
        return;
    }
    // The post search.mjs looks for has a page in Vietnamese only, and the English search's
    // record of it says so.
    let post = VI_ONLY_POST.trim_start_matches("content/");
    assert!(vi_only_site().join(post).join("index.html").is_file() && !vi_only_site().join("en").join(post).exists());
    let records = records_checked(vi_only_site(), "en/search/index.html");
    assert!(records.iter().any(|r| r["l"] == "vi" && r["u"] == format!("../../{post}/index.html")), "{post}");
    let result = Command::new("node")
        .args([
            browser_dir.join("search.mjs").to_str().unwrap(),
            site().to_str().unwrap(),
            vi_only_site().to_str().unwrap(),
            common_word_site().to_str().unwrap(),
        ])
        .current_dir(&browser_dir)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{report}\n{}", String::from_utf8_lossy(&result.stderr));
    assert!(report.contains("search checks: 0 problem(s)") && report.matches("\nok ").count() >= 18, "{report}");
}

/// The hint's Vietnamese example is marked Vietnamese on the English search page, so that a
/// screen reader says it as Vietnamese, and left unmarked on the Vietnamese page.
#[test]
fn the_hints_vietnamese_example_is_marked_on_the_english_page() {
    let en = std::fs::read_to_string(site().join("en/search/index.html")).unwrap();
    assert!(en.contains("<span lang=\"vi\">“đầu tư”</span>"), "{en}");
    let vi = std::fs::read_to_string(site().join("tim-kiem/index.html")).unwrap();
    assert!(vi.contains("<span>“đầu tư”</span>"), "{vi}");
}

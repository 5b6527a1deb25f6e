use super::*;

/// What a rebuild serves: every file's path and bytes.
fn served(root: &Path, kept: &mut Kept) -> Vec<(String, Vec<u8>)> {
    let (files, _, _) = rebuild(root, kept, watch::Changed { archive: false });
    files.unwrap().into_iter().map(|(path, bytes)| (path, bytes.to_vec())).collect()
}

/// A missing address is answered with the 404 page of its language, whose links work from
/// the folder asked about, however deep.
#[test]
fn the_not_found_page_is_the_languages_and_links_from_where_it_is_shown() {
    let page = |text: &str| Bytes::new(text.as_bytes().to_vec());
    let files: BTreeMap<String, Bytes> = [
        (
            "404.html".to_string(),
            page(
                r##"<a href="#main"></a><link href="static/style.css"><a href="index.html"><a href="https://x.org/">"##,
            ),
        ),
        ("en/404.html".to_string(), page(r#"<link href="../static/style.css"><form action="search/index.html">"#)),
    ]
    .into();
    let shown = |url: &str| String::from_utf8(not_found_page(&files, url).unwrap()).unwrap();
    assert_eq!(
        shown("/no/such/"),
        r##"<a href="#main"></a><link href="../../static/style.css"><a href="../../index.html"><a href="https://x.org/">"##
    );
    assert_eq!(shown("/gone.html"), String::from_utf8(files["404.html"].to_vec()).unwrap());
    assert_eq!(
        shown("/en/no/such/?q=1"),
        r#"<link href="../../../static/style.css"><form action="../../../en/search/index.html">"#
    );
    assert_eq!(shown("/en/"), r#"<link href="../static/style.css"><form action="search/index.html">"#);
    let mut with_snapshot = files.clone();
    with_snapshot.insert("archive/2026-Q3/en/404.html".into(), page(r#"<link href="../static/style.css">"#));
    let shown = String::from_utf8(not_found_page(&with_snapshot, "/archive/2026-Q3/en/gone/").unwrap()).unwrap();
    assert_eq!(shown, r#"<link href="../../../../archive/2026-Q3/static/style.css">"#);

    // Built with a base_url under a path, it links from there; the preview serves at `/`.
    let files: BTreeMap<String, Bytes> = [(
        "en/404.html".to_string(),
        page(r#"<link href="/a/b/static/style.css"><a href="/a/b/en/index.html"><a href="https://x.org/a/b/">"#),
    )]
    .into();
    let shown = String::from_utf8(not_found_page(&files, "/en/no/such/").unwrap()).unwrap();
    assert_eq!(
        shown,
        r#"<link href="../../../static/style.css"><a href="../../../en/index.html"><a href="https://x.org/a/b/">"#
    );
    // Also asked from the page's own folder.
    let shown = String::from_utf8(not_found_page(&files, "/en/gone").unwrap()).unwrap();
    assert_eq!(shown, r#"<link href="../static/style.css"><a href="../en/index.html"><a href="https://x.org/a/b/">"#);
    let at_root: BTreeMap<String, Bytes> =
        [("404.html".to_string(), page(r#"<link href="/a/b/static/style.css"><a href="/a/b/index.html">"#))].into();
    let shown = String::from_utf8(not_found_page(&at_root, "/gone").unwrap()).unwrap();
    assert_eq!(shown, r#"<link href="static/style.css"><a href="index.html">"#);
}

/// A folder asked for without its slash is sent to the address with it, so that the page's
/// relative links (the search page's index) are read from the folder.
#[test]
fn a_folder_without_its_slash_is_asked_for_again_with_it() {
    assert!(folder_without_slash("/tim-kiem", "tim-kiem/index.html"));
    assert!(folder_without_slash("/en/search?q=x", "en/search/index.html"));
    assert!(!folder_without_slash("/tim-kiem/", "tim-kiem/index.html"));
    assert!(!folder_without_slash("/", "index.html"));
    assert!(!folder_without_slash("/tim-kiem/index.html", "tim-kiem/index.html"));
    assert!(!folder_without_slash("/static/style.css", "static/style.css"));
    // Sent to the folder found, on this host, whatever the address asked looked like.
    assert_eq!(folder_location("/en/search?q=x", "en/search/index.html"), "/en/search/?q=x");
    assert_eq!(folder_location("//units", "units/index.html"), "/units/");
    assert_eq!(folder_location("/%2F/units", "units/index.html"), "/units/");
    assert_eq!(folder_location("/t%C3%A0i", "tài/index.html"), "/t%C3%A0i/");
}

/// An address deeper than any page gets the plain answer, not a page whose links climb back
/// from each of its levels; one within reach gets the site's page.
#[test]
fn a_deep_missing_address_is_answered_plainly_and_at_once() {
    let files: BTreeMap<String, Bytes> =
        [("404.html".to_string(), Bytes::new(br#"<link href="static/style.css">"#.to_vec()))].into();
    assert_eq!(not_found_page(&files, &"/a".repeat(40_000)), None);
    let within = format!("{}/", "/a".repeat(MAX_DEPTH - 1));
    assert!(not_found_page(&files, &within).is_some());
}

#[test]
fn every_rebuild_serves_what_a_first_one_would() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::test_support::copy_tree(&crate::test_support::fixture("basic"), root);
    // With an address, so that share pictures are drawn too.
    let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("base_url = \"https://example.org/\"\n{config}")).unwrap();
    let post = root.join("content/updates/2026-Q1/ket-qua.md");
    let text = std::fs::read_to_string(&post).unwrap();
    let progress = root.join("data/progress/2026-Q2.toml");
    let figures = std::fs::read_to_string(&progress).unwrap();
    let mut kept = Kept::default();
    let first = served(root, &mut kept);
    assert!(first.iter().any(|(p, _)| p.ends_with("share.png")), "pictures are served");
    let (home, added) = (root.join("content/_index.md"), root.join("content/updates/2026-Q1/bai-moi.md"));
    let home_text = std::fs::read_to_string(&home).unwrap();
    let units = root.join("data/units.toml");
    let unit_text = std::fs::read_to_string(&units).unwrap();
    let periods = root.join("data/periods.toml");
    let period_text = std::fs::read_to_string(&periods).unwrap();
    // `None`: the file is removed.
    let edits: [(&Path, Option<String>); 11] = [
        (&post, Some(format!("{text}\nMột câu mới về kết quả.\n"))),
        (&progress, Some(figures.replace("value = 61", "value = 66"))),
        (&post, Some(format!("{text}\nMột câu khác, sau con số mới.\n"))),
        (
            &progress,
            Some(figures.replacen("status = \"in_progress\"\npercent = 40", "status = \"done\"\npercent = 100", 1)),
        ),
        (&post, Some(text.replacen("title = \"", "title = \"Mới: ", 1))),
        // Only its date, then only its period's name: what its search record shows too.
        (
            &post,
            Some(text.replacen("title = \"", "title = \"Mới: ", 1).replacen(
                "date = 2026-04-15",
                "date = 2026-04-16",
                1,
            )),
        ),
        (&periods, Some(period_text.replacen("label = \"Quý I/2026\"", "label = \"Quý 1/2026\"", 1))),
        (&added, Some("+++\ntitle = \"Bài mới\"\ndate = 2026-04-30\n+++\nVừa viết.\n".to_string())),
        (&home, Some(format!("{home_text}\nLời giới thiệu mới.\n"))),
        (&units, Some(unit_text.replacen("Văn phòng Ban Quản lý", "Văn phòng Ban Quản lý dự án", 1))),
        (&added, None),
    ];
    for (n, (file, edited)) in edits.into_iter().enumerate() {
        match &edited {
            Some(edited) => std::fs::write(file, edited).unwrap(),
            None => std::fs::remove_file(file).unwrap(),
        }
        let again = served(root, &mut kept);
        let fresh = served(root, &mut Kept::default());
        assert_eq!(again.len(), fresh.len(), "edit {n}");
        for ((path, bytes), (fresh_path, fresh_bytes)) in again.iter().zip(&fresh) {
            assert_eq!(path, fresh_path, "edit {n}");
            assert!(bytes == fresh_bytes, "edit {n}: {path} differs from a first rebuild's");
        }
        assert_ne!(again, first, "edit {n} shows");
    }
}

/// The page of errors a preview shows names, with an error in the data, the problems of
/// the theme and of the files under content/ too, as `check` does.
#[test]
fn the_errors_shown_are_every_problem_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::test_support::copy_tree(&crate::test_support::fixture("basic"), root);
    std::fs::write(root.join("content/logo.svg"), "<svg onload=alert(1)></svg>").unwrap();
    let units = std::fs::read_to_string(root.join("data/units.toml")).unwrap();
    std::fs::write(
        root.join("data/units.toml"),
        format!(
            "{units}
nmae = \"x\"\n"
        ),
    )
    .unwrap();
    let (files, _, _) = rebuild(root, &mut Kept::default(), watch::Changed { archive: false });
    let errors = files.unwrap_err();
    assert!(errors.contains("data/units.toml") && errors.contains("content/logo.svg"), "{errors}");
}

#[test]
fn only_loopback_hosts_are_answered() {
    for ok in [None, Some("localhost"), Some("127.0.0.1:1111"), Some("[::1]:8080"), Some("LOCALHOST:1")] {
        assert!(loopback_host(ok), "{ok:?}");
    }
    for bad in
        [Some("evil.example"), Some("evil.example:1111"), Some("127.0.0.1.evil.example"), Some("[::2]"), Some("")]
    {
        assert!(!loopback_host(bad), "{bad:?}");
    }
}

#[test]
fn urls_map_to_files() {
    let files: BTreeMap<String, Bytes> =
        ["index.html", "plans/index.html", "plans/x/index.html", "static/style.css", "updates/q/đổi/index.html"]
            .iter()
            .map(|p| (p.to_string(), Bytes::default()))
            .collect();
    assert_eq!(lookup(&files, "/").unwrap().0, "index.html");
    assert_eq!(lookup(&files, "/plans/").unwrap().0, "plans/index.html");
    assert_eq!(lookup(&files, "/plans/x").unwrap().0, "plans/x/index.html");
    assert_eq!(lookup(&files, "/static/style.css?v=1").unwrap().0, "static/style.css");
    assert_eq!(lookup(&files, "/updates/q/%C4%91%E1%BB%95i/").unwrap().0, "updates/q/đổi/index.html");
    assert!(lookup(&files, "/nope").is_none());
}

//! A page exists in a language only when it is written in it: no English copy of a Vietnamese
//! post, and the English lists lead to the original, marked as Vietnamese.

mod common;

#[test]
fn untranslated_content_has_one_page_and_lists_link_to_it() {
    let site = common::site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some("+++\ntitle = \"Giới thiệu\"\n+++\nTrang chỉ có tiếng Việt.\n".as_bytes())),
            ("content/lien-he.md", Some("+++\ntitle = \"Liên hệ\"\n+++\nVăn phòng.\n".as_bytes())),
            ("content/lien-he.en.md", Some("+++\ntitle = \"Contact\"\n+++\nThe office.\n".as_bytes())),
        ],
    );
    let out = site.path().join("public");
    let r = common::minhbach(&["build", "--root", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(out.join("gioi-thieu/index.html").is_file());
    assert!(!out.join("en/gioi-thieu/index.html").exists(), "no English copy of a Vietnamese page");
    assert!(out.join("en/lien-he/index.html").is_file(), "a translation has its page");
    let en_home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(
        en_home.contains("href=\"../gioi-thieu/index.html\" hreflang=\"vi\" lang=\"vi\""),
        "the English menu leads to the Vietnamese page, marked: {en_home}"
    );
    assert!(en_home.contains("href=\"../en/lien-he/index.html\">Contact"), "{en_home}");
    // Posts: every update of the fixture is Vietnamese only. The English list of every post
    // lists them in Vietnamese.
    let en_updates = std::fs::read_to_string(out.join("en/updates/index.html")).unwrap();
    assert!(en_updates.contains("hreflang=\"vi\" lang=\"vi\""), "{en_updates}");
    for entry in walkdir::WalkDir::new(out.join("updates")).into_iter().filter_map(Result::ok) {
        // A post's page: updates/<period>/<slug>/index.html.
        if entry.file_name() == "index.html" && entry.depth() == 3 {
            let rel = entry.path().strip_prefix(&out).unwrap();
            assert!(!out.join("en").join(rel).exists(), "en/{} should not exist", rel.display());
        }
    }
    let vi_page = std::fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(!vi_page.contains("hreflang=\"en\" href=\"../en/gioi-thieu/"), "no language link to a missing page");
    let feed = std::fs::read_to_string(out.join("en/feed.xml")).unwrap();
    assert!(!feed.contains("en/updates/"), "{feed}");
}

/// The basic fixture's site.toml with its language lines replaced by `languages`.
fn with_languages(lines: &str) -> String {
    let toml = std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap();
    let kept: Vec<&str> = toml.lines().filter(|l| !l.starts_with("language")).collect();
    format!("{}\n{lines}\n", kept.join("\n"))
}

#[test]
fn a_page_in_a_language_the_site_does_not_build_is_an_error_not_a_lost_page() {
    // English only: the fixture's Vietnamese post would be published nowhere, and the English
    // lists would link to a `vi/` folder that is never built.
    let toml = with_languages("languages = [\"en\"]");
    let site = common::site_from("basic", &[("site.toml", Some(toml.as_bytes()))]);
    let (code, stderr) = common::check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("this page is in Vietnamese (its name has no `.en` before `.md`), a language the site does not build (`languages = [\"en\"]` in site.toml)")
            && stderr.contains("content/updates/2026-Q1/ket-qua.md")
            && stderr.contains("name it with `.en.md`"),
        "{stderr}"
    );
    // With only `language = "en"`, the message says so rather than quote a line not written.
    let toml = with_languages("language = \"en\"");
    let site = common::site_from("basic", &[("site.toml", Some(toml.as_bytes()))]);
    let (code, stderr) = common::check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "a language the site does not build (site.toml lists no `languages`, so only `language`, \"en\", is built)"
        ) && !stderr.contains("languages = ["),
        "{stderr}"
    );
    // Named as English, it is built, and nothing links to a Vietnamese folder.
    let post = std::fs::read(common::fixture("basic").join("content/updates/2026-Q1/ket-qua.md")).unwrap();
    let site = common::site_from(
        "basic",
        &[
            ("site.toml", Some(toml.as_bytes())),
            ("content/updates/2026-Q1/ket-qua.md", None),
            ("content/updates/2026-Q1/ket-qua.en.md", Some(&post)),
        ],
    );
    let (_dir, out) = common::build_to_temp(site.path());
    assert!(out.join("updates/2026-Q1/ket-qua/index.html").is_file());
    assert!(!out.join("vi").exists() && !out.join("en").exists());
    let (checked, broken) = common::broken_links(&out, &out);
    assert!(checked > 100 && broken.is_empty(), "{broken:?}");
    // English commentary on a Vietnamese-only site is shown nowhere: said, not silent.
    let toml = with_languages("languages = [\"vi\"]");
    let site = common::site_from(
        "basic",
        &[("site.toml", Some(toml.as_bytes())), ("content/_index.en.md", Some(b"+++\n+++\nWelcome.\n"))],
    );
    let (code, stderr) = common::check(site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: this page is in English") && stderr.contains("it is shown nowhere"), "{stderr}");
    assert!(stderr.contains("add \"en\" to `languages`"), "{stderr}");
    // The same for Vietnamese commentary beside its English on an English-only site: the
    // English is shown, the Vietnamese nowhere.
    let toml = with_languages("language = \"en\"\nlanguages = [\"en\"]");
    let site = common::site_from(
        "basic",
        &[
            ("site.toml", Some(toml.as_bytes())),
            ("content/updates/2026-Q1/ket-qua.md", None),
            ("content/_index.en.md", Some(b"+++\n+++\nWelcome.\n")),
        ],
    );
    let (code, stderr) = common::check(site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: this page is in Vietnamese")
            && stderr.contains("content/_index.md")
            && stderr.contains("its translation is shown instead: remove this file, or add \"vi\""),
        "{stderr}"
    );
}

/// A site.toml that cannot be read says so, once: the pages are not each reported as in a
/// language the site does not build (its languages are not known).
#[test]
fn an_unreadable_site_toml_is_one_error_not_one_per_page() {
    let toml = std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap();
    let broken = toml.replacen("title_en = \"Transparency — test\"", "title_en = \"The city\"s plans\"", 1);
    assert_ne!(toml, broken);
    let site = common::site_from(
        "basic",
        &[("site.toml", Some(broken.as_bytes())), ("content/_index.en.md", Some(b"+++\n+++\nWelcome.\n"))],
    );
    let (code, stderr) = common::check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("site.toml:2:") && stderr.contains("1 error(s), 0 warning(s)"), "{stderr}");
}

#[test]
fn languages_that_contradict_each_other_are_errors_where_they_are_written() {
    for (lines, expected) in [
        ("language = \"en\"\nlanguages = [\"vi\"]", "site.toml:4:12"),
        ("languages = []", "`languages` lists no language"),
        ("languages = [\"vi\", \"en\", \"vi\"]", "language `vi` is listed twice"),
        ("language = \"EN\"", "language `EN` is not supported"),
    ] {
        let toml = with_languages(lines);
        let site = common::site_from("basic", &[("site.toml", Some(toml.as_bytes()))]);
        let (code, stderr) = common::check(site.path());
        assert_eq!(code, 1, "{lines}: {stderr}");
        assert!(stderr.contains(expected), "{lines}: {stderr}");
        assert_eq!(stderr.matches("error:").count(), 1, "{lines}: one error, once: {stderr}");
    }
    let (code, stderr) = common::check(
        common::site_from(
            "basic",
            &[("site.toml", Some(with_languages("language = \"en\"\nlanguages = [\"vi\"]").as_bytes()))],
        )
        .path(),
    );
    assert!(code == 1 && stderr.contains("the default language `en` is not among the languages built"), "{stderr}");
}

/// A language refused where it is written (`"EN"`) is that one error: the site's English pages
/// are not each reported, on top of it, as written in a language the site does not build (the
/// languages left after the refusal were quoted as if the keeper had written them).
#[test]
fn a_refused_language_brings_no_errors_about_the_pages_written_in_it() {
    let english_page = b"+++\ntitle = \"About\"\n+++\nHello.\n".as_slice();
    let english_home = b"+++\n+++\nWelcome.\n".as_slice();
    for lines in ["languages = [\"vi\", \"EN\"]", "language = \"EN\"\nlanguages = [\"EN\"]"] {
        let toml = with_languages(lines);
        let site = common::site_from(
            "basic",
            &[
                ("site.toml", Some(toml.as_bytes())),
                ("content/gioi-thieu.en.md", Some(english_page)),
                ("content/_index.en.md", Some(english_home)),
            ],
        );
        let (code, stderr) = common::check(site.path());
        assert_eq!(code, 1, "{lines}: {stderr}");
        assert!(stderr.contains("language `EN` is not supported"), "{lines}: {stderr}");
        assert!(!stderr.contains("a language the site does not build"), "{lines}: {stderr}");
    }
    // Nor is a link to such a page: it exists, and the refused language is what is wrong.
    let toml = with_languages("languages = [\"vi\", \"EN\"]");
    let link = b"+++\ntitle = \"Trang\"\n+++\n[About](about.en.md), [About](/about/).\n".as_slice();
    let site = common::site_from(
        "basic",
        &[
            ("site.toml", Some(toml.as_bytes())),
            ("content/about.en.md", Some(english_page)),
            ("content/trang.md", Some(link)),
        ],
    );
    let (code, stderr) = common::check(site.path());
    assert!(code == 1 && stderr.contains("language `EN` is not supported"), "{stderr}");
    assert!(!stderr.contains("content/trang.md"), "{stderr}");
}

/// A link in a text to a page that has no translation in the reader's language leads to the
/// page in its own, and says which (`hreflang`); a link to a page in the reader's says nothing.
#[test]
fn a_link_to_a_page_in_another_language_says_so() {
    let root = common::site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some("+++\ntitle = \"Giới thiệu\"\n+++\nChỉ có tiếng Việt.\n".as_bytes())),
            (
                "content/about.en.md",
                Some(
                    b"+++\ntitle = \"About\"\n+++\nSee [the introduction](gioi-thieu.md) and [the method](/method/).\n",
                ),
            ),
        ],
    );
    let (_dir, out) = common::build_to_temp(root.path());
    let html = std::fs::read_to_string(out.join("en/about/index.html")).unwrap();
    assert!(
        html.contains(
            r#"<a href="../../gioi-thieu/index.html" hreflang="vi" rel="noopener noreferrer">the introduction</a>"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../en/method/index.html" rel="noopener noreferrer">the method</a>"#),
        "{html}"
    );
}

/// With a `base_url`, a page names each of its versions by its full address (itself and
/// x-default, the site's language, included), as search engines require; a page in one
/// language names none, claims no other locale, and its language switcher leads to the other
/// language's home page.
#[test]
fn versions_are_named_by_full_address_and_a_page_in_one_language_claims_none() {
    let root = common::site_from("basic", &[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let args = ["build", "--root", root.path().to_str().unwrap(), "--output", out.to_str().unwrap()];
    let r = common::minhbach(&[&args[..], &["--base-url", "https://example.org/a/"]].concat());
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    for line in [
        r#"<link rel="alternate" hreflang="vi" href="https://example.org/a/">"#,
        r#"<link rel="alternate" hreflang="en" href="https://example.org/a/en/">"#,
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/a/">"#,
        r#"<meta property="og:locale:alternate" content="vi_VN">"#,
    ] {
        assert!(home.contains(line), "{line}\n{home}");
    }
    // The fixture's post is written in Vietnamese only.
    let post = std::fs::read_to_string(out.join("updates/2026-Q1/ket-qua/index.html")).unwrap();
    assert!(!post.contains("rel=\"alternate\" hreflang") && !post.contains("og:locale:alternate"), "{post}");
    assert!(post.contains(r#"<a href="../../../en/index.html" hreflang="en" lang="en">English</a>"#), "{post}");
}

/// The menu's order is set once, in the original's `weight`: a translation that gives only its
/// own words keeps that place, so that the menu reads in the same order in every language.
#[test]
fn a_translation_without_a_weight_keeps_its_originals_place_in_the_menu() {
    let root = common::site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some("+++\ntitle = \"Giới thiệu\"\nweight = 2\n+++\nVăn bản.\n".as_bytes())),
            ("content/gioi-thieu.en.md", Some(b"+++\ntitle = \"About\"\n+++\nText.\n")),
            ("content/lien-he.md", Some("+++\ntitle = \"Liên hệ\"\nweight = 1\n+++\nVăn phòng.\n".as_bytes())),
            ("content/lien-he.en.md", Some(b"+++\ntitle = \"Contact\"\n+++\nThe office.\n")),
        ],
    );
    let (_dir, out) = common::build_to_temp(root.path());
    let vi = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(vi.find(">Liên hệ</a>").unwrap() < vi.find(">Giới thiệu</a>").unwrap(), "{vi}");
    let en = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    let (contact, about) = (en.find(">Contact</a>").unwrap(), en.find(">About</a>").unwrap());
    assert!(contact < about, "the English menu in the order of the originals' weights: {en}");
}

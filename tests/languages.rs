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

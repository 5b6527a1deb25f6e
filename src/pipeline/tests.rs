use super::*;

#[test]
fn a_path_needed_both_as_file_and_folder_is_found() {
    let mut files = Files::default();
    for path in ["indicators/index.html", "indicators/index.html/embed/index.html", "a-b", "a/c", "a"] {
        files.add(path, b"x".to_vec());
    }
    assert_eq!(
        files_used_as_folders(&files),
        [
            ("a".to_string(), "a/c".to_string()),
            ("indicators/index.html".to_string(), "indicators/index.html/embed/index.html".to_string())
        ]
    );
}

#[test]
fn a_preview_shows_errors_above_warnings() {
    let dir = tempfile::tempdir().unwrap();
    crate::test_support::copy_tree(&crate::test_support::fixture("basic"), dir.path());
    let mut c = check(dir.path(), None);
    // As a theme's template error comes: after the assessment's warnings.
    c.diagnostics.push(Diagnostic::site_error("the template is wrong"));
    let text = c.render_errors_first();
    let (first_error, first_warning) = (text.find("error:"), text.find("warning:"));
    assert!(c.errors() > 0 && first_warning.is_some(), "{text}");
    assert!(first_error < first_warning, "{text}");
}

/// What a check gives, as text to compare.
fn seen(c: &Checked) -> (String, String, String) {
    (serde_json::to_string(&c.site).unwrap(), c.render_diagnostics(), format!("{:?}", c.assessment))
}

/// Checks as the preview server does: keeping parsed files and the resolved site, under the
/// digest of every input but posts' text; says whether it resolved the site again.
fn check_kept(root: &Path, parsed: &load::Parsed, resolved: &mut Resolved) -> ((String, String, String), bool) {
    let key = crate::inputs::digests(root, "", crate::inputs::Archive::Beside).unwrap().without_post_text;
    let mut c = check_with_archives(root, None, archive::load(root), Some(parsed), Some((resolved, key)), false);
    let out = (seen(&c), c.timings.get("resolve").is_some());
    resolved.keep(&mut c);
    out
}

fn fresh(root: &Path) -> (String, String, String) {
    seen(&check(root, None))
}

#[test]
fn a_kept_resolved_site_serves_an_edit_to_a_post_s_text_as_a_fresh_check_would() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    crate::test_support::copy_tree(&crate::test_support::fixture("basic"), root);
    let post = root.join("content/updates/2026-Q1/ket-qua.md");
    let text = std::fs::read_to_string(&post).unwrap();
    let (parsed, mut resolved) = (load::Parsed::default(), Resolved::default());
    let (first, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(resolving, "nothing kept yet");
    assert_eq!(first, fresh(root));
    assert!(first.2.starts_with("Some("), "assessed: {}", first.1);

    // The text of a post: the kept site, with the new page.
    std::fs::write(&post, format!("{text}\nMột câu mới về kết quả.\n")).unwrap();
    let (edited, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(!resolving, "only the post's text changed");
    assert_eq!(edited, fresh(root));
    assert!(edited.0.contains("Một câu mới"));

    // A mistake in its text is reported, and the site is not assessed, as a fresh check says.
    std::fs::write(&post, format!("{text}\n[liên kết](javascript:alert(1))\n")).unwrap();
    let (broken, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(!resolving);
    assert!(broken.1.contains("javascript:") && broken.2 == "None", "{}", broken.1);
    assert_eq!(broken, fresh(root));
    std::fs::write(&post, &text).unwrap();
    assert_eq!(check_kept(root, &parsed, &mut resolved).0, first);

    // A link to nothing, then to something: the links of the texts a check read before are
    // kept, and an edited text's are read again.
    std::fs::write(&post, format!("{text}\n[tệp](khong-co.pdf)\n")).unwrap();
    let (dead, _) = check_kept(root, &parsed, &mut resolved);
    assert!(dead.1.contains("khong-co.pdf"), "{}", dead.1);
    assert_eq!(dead, fresh(root));
    std::fs::write(&post, format!("{text}\n[tệp](../../../plans/)\n")).unwrap();
    let (linked, _) = check_kept(root, &parsed, &mut resolved);
    assert!(!linked.1.contains("khong-co.pdf"), "{}", linked.1);
    assert_eq!(linked, fresh(root));
    std::fs::write(&post, &text).unwrap();
    assert_eq!(check_kept(root, &parsed, &mut resolved).0, first);

    // A repeated id (found while loading) stays reported while only the post changes.
    let units = root.join("data/units.toml");
    let unit_text = std::fs::read_to_string(&units).unwrap();
    std::fs::write(&units, format!("{unit_text}\n[[unit]]\nid = \"vp\"\nname = \"Lặp lại\"\n")).unwrap();
    let (repeated, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(resolving, "a data file changed");
    assert!(repeated.1.contains("unit id `vp` is used twice"), "{}", repeated.1);
    assert_eq!(repeated, fresh(root));
    std::fs::write(&post, format!("{text}\nThêm.\n")).unwrap();
    let (still, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(!resolving);
    assert!(still.1.contains("unit id `vp` is used twice"), "{}", still.1);
    assert_eq!(still, fresh(root));

    // A figure: resolved and assessed again.
    std::fs::write(&units, &unit_text).unwrap();
    let progress = root.join("data/progress/2026-Q2.toml");
    let figures = std::fs::read_to_string(&progress).unwrap();
    std::fs::write(&progress, figures.replace("value = 61", "value = 66")).unwrap();
    let (figure, resolving) = check_kept(root, &parsed, &mut resolved);
    assert!(resolving);
    assert_eq!(figure, fresh(root));
    assert_ne!(figure.2, first.2, "the assessment follows the figure");
}

use super::*;

/// The built-in theme as the repository's site has it.
pub(super) fn theme() -> crate::theme::Theme {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::theme::load(repo, "default", &mut Default::default(), &mut Vec::new())
}

/// The theme's templates compiled twice: with the pages and macros written in Rust, and with
/// Tera alone.
pub(super) fn teras(theme: &crate::theme::Theme) -> (tera::Tera, tera::Tera) {
    use crate::render::{Macros, tera};
    (tera(theme, Macros::Builtin).unwrap(), tera(theme, Macros::Tera).unwrap())
}

/// The theme's words in the language `code`.
pub(super) fn words(theme: &crate::theme::Theme, code: &str) -> Value {
    crate::render::strings(&crate::render::context::Lang { code, prefix: String::new(), theme })
}

#[test]
fn a_macro_is_replaced_only_while_it_and_the_macros_it_calls_are_the_built_in_ones() {
    let builtin = crate::theme::builtin_template("macros.html").unwrap();
    let replaced = substitute(builtin, builtin);
    let tasks = text_of(&replaced, "tasks").unwrap();
    // The theme's words that the macros use, one argument each, rather than all of them.
    assert!(
        tasks.starts_with(
            "{% macro tasks(list, root, t, show_plan) %}{{ list | builtin_tasks(root=root, t__change_basis=t.change_basis, t__deadline=t.deadline,"
        ) && tasks.ends_with(" t__support=t.support, show_plan=show_plan) | safe }}{% endmacro tasks %}"),
        "{tasks}"
    );
    assert!(tasks.contains(" t__sample_badge=t.sample_badge,") && !tasks.contains(" t=t,"), "{tasks}");
    let period_tasks = text_of(&replaced, "period_tasks").unwrap();
    assert!(
        period_tasks.contains(
            "builtin_period_tasks(root=root, t__progress_note=t.progress_note, t__sample_badge=t.sample_badge, t__sample_note=t.sample_note, t__status=t.status, t__task=t.task, caption=caption"
        ),
        "{period_tasks}"
    );
    assert_eq!(text_of(&replaced, "task_status"), text_of(builtin, "task_status"), "the others stay");

    // A theme that changes a macro `tasks` calls keeps `tasks` as Tera text; `period_tasks`
    // does not call it.
    let changed = builtin.replacen("{% macro inferred(k, field, t) %}", "{% macro inferred(k, field, t) %}!", 1);
    let replaced = substitute(&changed, builtin);
    assert_eq!(text_of(&replaced, "tasks"), text_of(builtin, "tasks"));
    assert!(text_of(&replaced, "period_tasks").unwrap().contains("builtin_period_tasks"));
    // One that changes the macro itself likewise.
    let changed = builtin.replacen("<ol class=\"tasks\">", "<ul class=\"tasks\">", 1);
    assert!(!substitute(&changed, builtin).contains("builtin_tasks"));
}

/// A mark of each part of the two macros.
const PARTS: &[&str] = &[
    "<ol class=\"tasks\">",
    "cap-tasks",
    "class=\"task-id\"",
    "is-overdue",
    "flag-soon",
    "flag-stale",
    "badge inferred",
    "rel=\"noopener\"",
    "class=\"pct\"",
    "badge sample",
    "<span lang=\"vi\">",
    "cap-values",
    "badge plain",
    "class=\"row-spark\"",
    "<ul class=\"rows\">",
    "badge st-",
    "cap-targets",
    "<del",
    "(every year)",
    "First published:",
    "Đã điều chỉnh</span> nay là <a",
];

/// Every file of the site at `root` as rendered with `macros`.
fn rendered(root: &std::path::Path, macros: crate::render::Macros) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut checked = crate::pipeline::check(root, None);
    assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
    let archives = std::mem::take(&mut checked.archives);
    let mode = crate::pipeline::Mode::Live { archives: &archives };
    let run = crate::render::Run { macros, ..Default::default() };
    let (files, _) = crate::pipeline::render_into(root, &mut checked, None, mode, run, Default::default())
        .unwrap_or_else(|| panic!("{}", checked.render_diagnostics()));
    files.files.into_iter().map(|(path, bytes)| (path, bytes.to_vec())).collect()
}

#[test]
fn the_macros_written_in_rust_write_every_byte_tera_writes() {
    use crate::render::Macros;
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // A larger site too, such as the benchmark's (`MINHBACH_BENCH_WRITE`), when named.
    let more = std::env::var_os("MINHBACH_EQUIVALENCE_SITE").map(std::path::PathBuf::from);
    for root in [repo.to_path_buf(), crate::test_support::fixture("basic")].into_iter().chain(more) {
        // The site's theme keeps both macros as built in: they are written in Rust.
        let theme = crate::theme::load(&root, "default", &mut Default::default(), &mut Vec::new());
        let builtin = crate::theme::builtin_template("macros.html").unwrap();
        let macros = substitute(&theme.templates["macros.html"], builtin);
        for name in NATIVE.iter().map(|n| n.stands_for[0]) {
            assert!(macros.contains(&format!("{}(", filter_name(name))), "{name}");
        }
        let (rust, tera) = (rendered(&root, Macros::Builtin), rendered(&root, Macros::Tera));
        assert_eq!(rust.len(), tera.len());
        let mut seen = std::collections::BTreeSet::new();
        for ((path, a), (_, b)) in rust.iter().zip(&tera) {
            let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
            if a != b {
                let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                let from = a.char_indices().nth(at.saturating_sub(80)).map_or(0, |(i, _)| i);
                panic!("{}: {path} differs after\n{}", root.display(), &a[from..a.len().min(from + 200)]);
            }
            for mark in PARTS.iter().filter(|m| a.contains(**m)) {
                seen.insert(*mark);
            }
        }
        if root == repo {
            // The default site has every part of both macros.
            assert_eq!(seen.len(), PARTS.len(), "{seen:?}");
        }
    }
}

/// A period's task reports kept as plain rows are written as the same rows as JSON are, with
/// every part of a row present or absent.
#[test]
fn plain_task_report_rows_are_written_as_their_json_is() {
    use std::sync::Arc;

    use crate::render::pages::ReportRow;
    let theme = theme();
    let t = words(&theme, "en");
    let row = |n: usize| {
        let full = n.is_multiple_of(2);
        let some = |v: Value| if full { v } else { Value::Null };
        ReportRow {
            id: Value::from(format!("1.{n}")),
            title: Value::from(format!("Việc <{n}> & \"x\"")),
            title_lang: some(Value::from("vi")),
            plan: Value::from("KH 1"),
            plan_lang: some(Value::from("vi")),
            number: some(Value::from(format!("1.{n}"))),
            href: Value::from(format!("plans/p/index.html#t-1.{n}")),
            doc_lang: some(Value::from("vi")),
            sample: Value::from(full),
            status: Arc::new(serde_json::json!({ "key": "done", "icon": "✓", "label": "Done" })),
            percent: some(Value::from("40,5")),
            note: some(Value::from("<em>ghi chú</em>")),
        }
    };
    let rows: Vec<ReportRow> = (0..4).map(row).collect();
    let json: Vec<Value> = rows.iter().map(ReportRow::to_value).collect();
    let (root, caption, id) = (Value::from("../../"), Value::from("Task reports"), Value::from("cap-list"));
    let args = [("root", &root), ("t", &t), ("caption", &caption), ("caption_id", &id)];
    let plain = rows::period_task_rows(&rows, &Args(&args));
    assert_eq!(plain, rows::period_tasks(&json, &Args(&args)));
    for part in ["<span lang=\"vi\">KH 1</span> · 1.0", "Việc &lt;1&gt;", " 40,5%", "badge sample", "<em>ghi chú</em>"]
    {
        assert!(plain.contains(part), "{part}: {plain}");
    }
}

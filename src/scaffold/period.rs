//! `minhbach new period ID`: the period in `data/periods.toml` and a progress form listing
//! every indicator and open task, pre-filled (as comments) with what was last reported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::quoted;
use crate::build;
use crate::model::{DeadlineKind, TimePoint, last_day_of_month};

/// A period worked out from its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodSpec {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads `2026-Q3` (quarter), `2026-H1` (half year), `2026-07` (month) or `2026` (year).
pub fn parse_period_id(id: &str) -> Result<PeriodSpec, String> {
    let bad = || {
        let meant = written_otherwise(id).map(|m| format!("; did you mean `{m}`?")).unwrap_or_default();
        format!(
            "`{id}` is not a period id this tool can lay out; accepted: 2026-Q3 (quarter), 2026-H1 (half year), 2026-07 (month), 2026 (year){meant}"
        )
    };
    // Digits alone, as many as the id's form has: `2027-+1` and `2027-Q01` are no ids, though
    // Rust would read their numbers.
    let number =
        |s: &str, len: usize| s.parse::<u32>().ok().filter(|_| s.len() == len && s.bytes().all(|b| b.is_ascii_digit()));
    let year = id.get(..4).and_then(|y| number(y, 4)).map(|y| y as i32).filter(|y| (1900..=2200).contains(y));
    let year: i32 = year.ok_or_else(bad)?;
    let ymd = |m: u32| NaiveDate::from_ymd_opt(year, m, 1).ok_or_else(bad);
    let rest = &id[4..];
    let (label, label_en, start, end) = if rest.is_empty() {
        (format!("Năm {year}"), format!("{year}"), ymd(1)?, last_day_of_month(year, 12))
    } else if let Some(q) = rest.strip_prefix("-Q").and_then(|q| number(q, 1)).filter(|q| (1..=4).contains(q)) {
        (
            format!("Quý {}/{year}", ROMAN[q as usize - 1]),
            format!("Q{q} {year}"),
            ymd(q * 3 - 2)?,
            TimePoint::Quarter { year, quarter: q }.end(),
        )
    } else if let Some(h) = rest.strip_prefix("-H").and_then(|h| number(h, 1)).filter(|h| (1..=2).contains(h)) {
        let label =
            if h == 1 { format!("6 tháng đầu năm {year}") } else { format!("6 tháng cuối năm {year}") };
        (label, format!("H{h} {year}"), ymd(h * 6 - 5)?, last_day_of_month(year, h * 6))
    } else if let Some(m) = rest.strip_prefix('-').and_then(|m| number(m, 2)).filter(|m| (1..=12).contains(m)) {
        (
            format!("Tháng {m}/{year}"),
            format!("{} {year}", MONTHS_EN[m as usize - 1]),
            ymd(m)?,
            last_day_of_month(year, m),
        )
    } else {
        return Err(bad());
    };
    Ok(PeriodSpec { id: id.to_string(), label, label_en, start, end })
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A period opened by [`new_period`].
#[derive(Debug)]
pub struct Opened {
    /// Its progress form.
    pub form: PathBuf,
    /// Whether it comes after the site's current period: published only once `current_period`
    /// names it.
    pub ahead: bool,
}

impl Opened {
    /// What the keeper is told of the period `id` opened: the form to fill in, and, for a
    /// period ahead of the current one, that `current_period` is what publishes it.
    pub fn told(&self, id: &str) -> String {
        let publish = if self.ahead {
            format!(", then set current_period = \"{id}\" in site.toml to publish it")
        } else {
            String::new()
        };
        format!("period {id} is in data/periods.toml; fill in {}{publish}", self.form.display())
    }
}

/// Adds the period (unless `data/periods.toml` declares it already, without its progress file)
/// and writes its progress form. Holds the lock an import holds (see
/// `sheet::lock_progress`) from reading the site to writing: two commands at once would each
/// add the period to `periods.toml` as it was. `waiting` is told when another holds it.
pub fn new_period(root: &Path, id: &str, waiting: impl FnOnce(&Path)) -> Result<Opened, String> {
    let spec = parse_period_id(id)?;
    let _lock = crate::sheet::lock_progress(root, waiting);
    let checked = build::check(root, None);
    if checked.errors() > 0 {
        // Said first: the caller puts `error:` before the message, and each diagnostic has its own.
        return Err(format!(
            "the site has {} error(s); fix them before opening a new period:\n\n{}",
            checked.errors(),
            checked.render_diagnostics().trim_end()
        ));
    }
    let site = &checked.site;
    let form_path = root.join("data/progress").join(format!("{}.toml", spec.id));
    if let Some(i) = site.periods.iter().position(|p| p.id == spec.id) {
        if form_path.exists() {
            return Err(format!(
                "period `{}` already exists in data/periods.toml, and {}",
                spec.id,
                form_path.display()
            ));
        }
        // Declared by hand without its progress file: write only the file, for the period as
        // declared, with what was reported up to the period before it.
        let p = &site.periods[i];
        let spec = PeriodSpec { label: p.label.clone(), start: p.start, end: p.end, ..spec };
        let before = i.checked_sub(1).and_then(|b| crate::assess::assess(site, &site.periods[b].id));
        std::fs::create_dir_all(root.join("data/progress")).map_err(|e| e.to_string())?;
        crate::write::create_file(&form_path, progress_form(site, before.as_ref(), &spec).as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", form_path.display()))?;
        let current = site.periods.iter().position(|p| p.id == site.config.current_period.value);
        return Ok(Opened { form: form_path, ahead: current.is_none_or(|c| i > c) });
    }
    if let Some(last) = site.periods.last()
        && spec.start <= last.end
    {
        return Err(format!(
            "period `{}` starts {} but the last period, `{}`, ends {}; a new period starts after the last one",
            spec.id, spec.start, last.id, last.end
        ));
    }
    if form_path.exists() {
        return Err(format!("{} already exists", form_path.display()));
    }
    let latest = site.periods.last().and_then(|p| crate::assess::assess(site, &p.id));
    let form = progress_form(site, latest.as_ref(), &spec);

    let mut block = String::new();
    let _ = write!(
        block,
        "\n[[period]]\nid = {}\nlabel = {}\nlabel_en = {}\nstart = {}\nend = {}\n",
        quoted(&spec.id),
        quoted(&spec.label),
        quoted(&spec.label_en),
        spec.start,
        spec.end
    );
    let periods_path = root.join("data/periods.toml");
    let mut periods = std::fs::read_to_string(&periods_path).unwrap_or_default();
    // A file saved on Windows keeps its CRLF line ends, as an import keeps them.
    let line_end = if periods.contains("\r\n") { "\r\n" } else { "\n" };
    if !periods.is_empty() && !periods.ends_with('\n') {
        periods.push_str(line_end);
    }
    periods.push_str(&block.replace('\n', line_end));
    std::fs::create_dir_all(root.join("data/progress")).map_err(|e| e.to_string())?;
    crate::write::create_file(&form_path, form.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", form_path.display()))?;
    if let Err(e) = crate::write::replace_file(&periods_path, periods.as_bytes()) {
        let _ = std::fs::remove_file(&form_path);
        return Err(format!("cannot write {}: {e}", periods_path.display()));
    }
    // After the last period, so after the current one.
    Ok(Opened { form: form_path, ahead: true })
}

/// The progress form: everything expected to report, commented out, with the last report.
fn progress_form(site: &crate::model::Site, latest: Option<&crate::assess::Assessment>, spec: &PeriodSpec) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Progress for {} ({} – {}).", spec.label, spec.start, spec.end);
    let _ = writeln!(out, "# Every indicator and open task is listed below, commented out, with what was last");
    let _ = writeln!(out, "# reported. To report one, remove the `# ` in front of its block and correct the figures.");
    let _ = writeln!(out, "period = {}", quoted(&spec.id));
    let _ = writeln!(out, "# reported = {}   # the day the report was received", spec.end + chrono::Days::new(10));
    let _ = writeln!(out, "\n# ── Indicators ──");
    for (i, ind) in site.indicators.iter().enumerate() {
        let last = latest.and_then(|a| a.indicators[i].series.last());
        let owner = ind
            .owner
            .as_ref()
            .and_then(|o| site.units.iter().find(|u| u.id == o.value))
            .map(|u| u.name.as_str())
            .unwrap_or("—");
        let _ = writeln!(out, "\n# {} ({}; {})", ind.name, ind.unit, owner);
        match last {
            Some(o) => {
                let _ =
                    writeln!(out, "# last reported: {} as of {} ({})", fmt_num(o.value()), o.date, o.current.period);
            }
            None => {
                let _ = writeln!(out, "# never reported");
            }
        }
        let _ = writeln!(out, "# [[value]]\n# indicator = {}", quoted(&ind.id));
        let _ = writeln!(out, "# value = {}", last.map_or("0".to_string(), |o| fmt_num(o.value())));
        let _ = writeln!(out, "# source = \"\"");
    }
    let _ = writeln!(out, "\n# ── Tasks ──");
    for (p, plan) in site.plans.iter().enumerate() {
        if !plan.in_force_by(spec.end) {
            continue; // issued after this period: nothing to report yet
        }
        for (t, task) in plan.tasks.iter().enumerate() {
            let assessed = latest.map(|a| &a.tasks[p][t]);
            let report = assessed.and_then(|a| a.latest.as_ref());
            if report.is_some_and(|(_, r)| r.status.is_closed()) {
                continue;
            }
            let lead: Vec<&str> = task
                .lead
                .iter()
                .map(|l| site.units.iter().find(|u| u.id == l.value).map_or(l.value.as_str(), |u| u.name.as_str()))
                .collect();
            let due = task.due_wording().unwrap_or("no deadline");
            let title: String = task.title.chars().take(90).collect();
            let ellipsis = if task.title.chars().count() > 90 { "…" } else { "" };
            let _ = writeln!(out, "\n# {} {} {title}{ellipsis}", plan.code.as_deref().unwrap_or(&plan.id), task.id);
            // A task whose document names no lead unit says so, as its page does.
            let lead = if lead.is_empty() { "the document names no unit".to_string() } else { lead.join(", ") };
            let _ = writeln!(out, "# lead: {lead}; due: {due}");
            if let Some(DeadlineKind::Ongoing) = task.due.as_ref().map(|d| &d.kind) {
                let _ = writeln!(out, "# ongoing: expected to report every period");
            }
            match report {
                Some((period, r)) => {
                    let pct = r.percent.map(|p| format!(", {}%", fmt_num(p))).unwrap_or_default();
                    let _ = writeln!(out, "# last reported: {}{pct} ({period})", r.status.as_str());
                }
                None => {
                    let _ = writeln!(out, "# never reported");
                }
            }
            let _ = writeln!(out, "# [[task]]\n# ref = {}", quoted(&format!("{}/{}", plan.id, task.id)));
            let _ = writeln!(out, "# status = {}", quoted(report.map_or("in_progress", |(_, r)| r.status.as_str())));
            if let Some(p) = report.and_then(|(_, r)| r.percent) {
                let _ = writeln!(out, "# percent = {}", fmt_num(p));
            }
            let _ = writeln!(out, "# note = \"\"");
        }
    }
    out
}

/// The period id that `id` is written otherwise: in small letters, with a space, `_` or `/`
/// for the dash, or without it (`2027-q2`, `2027 Q2`, `2027Q2`).
fn written_otherwise(id: &str) -> Option<String> {
    let mut meant = id.trim().to_ascii_uppercase().replace([' ', '_', '/'], "-");
    if meant.get(4..5).is_some_and(|c| c == "Q" || c == "H") {
        meant.insert(4, '-');
    }
    // A quarter or half with a leading zero (`2027-Q01`), or a month without one (`2027-1`).
    if let Some((head, n)) = meant.get(..6).zip(meant.get(6..)).filter(|(h, _)| h.ends_with(['Q', 'H']))
        && n.len() > 1
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        meant = format!("{head}{}", n.trim_start_matches('0'));
    } else if let Some(m) = meant.get(5..).filter(|m| m.len() == 1 && m.bytes().all(|b| b.is_ascii_digit())) {
        meant = format!("{}0{m}", &meant[..5]);
    }
    (meant != id && parse_period_id(&meant).is_ok()).then_some(meant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_ids() {
        let q = parse_period_id("2026-Q4").unwrap();
        assert_eq!((q.label.as_str(), q.label_en.as_str()), ("Quý IV/2026", "Q4 2026"));
        assert_eq!((q.start.to_string(), q.end.to_string()), ("2026-10-01".into(), "2026-12-31".into()));
        let m = parse_period_id("2027-02").unwrap();
        assert_eq!((m.label.as_str(), m.end.to_string()), ("Tháng 2/2027", "2027-02-28".into()));
        let h = parse_period_id("2027-H2").unwrap();
        assert_eq!((h.start.to_string(), h.end.to_string()), ("2027-07-01".into(), "2027-12-31".into()));
        assert_eq!(parse_period_id("2027").unwrap().label, "Năm 2027");
        for bad in
            ["2026-Q5", "Q1", "2026-13", "x", "2026-W01", "2027-+1", "2027-Q+1", "2027-H+2", "2027-Q00", "+202-Q1"]
        {
            let err = parse_period_id(bad).unwrap_err();
            assert!(!err.contains("did you mean"), "{bad}: {err}");
        }
        // Written otherwise: the id it stands for is named.
        for (written, meant) in [
            ("2027-q2", "2027-Q2"),
            ("2027 Q2", "2027-Q2"),
            ("2027q2", "2027-Q2"),
            ("2027_h1", "2027-H1"),
            ("2027-Q01", "2027-Q1"),
            ("2027-1", "2027-01"),
        ] {
            let err = parse_period_id(written).unwrap_err();
            assert!(err.ends_with(&format!("; did you mean `{meant}`?")), "{written}: {err}");
        }
    }

    /// A new period waits for an import (or another new period) that holds the site's progress
    /// files, and then adds itself to `periods.toml` as that one left it.
    #[test]
    fn a_new_period_waits_for_an_import_under_way() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        super::super::init::init(&root, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()).unwrap();
        let held = crate::sheet::lock_progress(&root, |_| panic!("nothing else holds it"));
        let (told, heard) = std::sync::mpsc::channel();
        let opened = {
            let root = root.clone();
            std::thread::spawn(move || new_period(&root, "2026-Q3", |folder| told.send(folder.to_path_buf()).unwrap()))
        };
        let folder = heard.recv_timeout(std::time::Duration::from_secs(30)).expect("told that it waits");
        assert_eq!(folder, root.canonicalize().unwrap().join("data"), "the folder locked, in full");
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!root.join("data/progress/2026-Q3.toml").exists(), "nothing written while the lock is held");
        drop(held);
        let form = opened.join().unwrap().unwrap().form;
        assert!(form.exists());
        let periods = std::fs::read_to_string(root.join("data/periods.toml")).unwrap();
        assert!(periods.contains("id = \"2026-Q3\""), "{periods}");
    }

    /// A periods.toml saved on Windows gets the new period with its own CRLF line ends, not a
    /// block of LF lines in a CRLF file.
    #[test]
    fn a_new_period_keeps_the_line_ends_of_periods_toml() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        super::super::init::init(root, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()).unwrap();
        let path = root.join("data/periods.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.trim_end().replace('\n', "\r\n")).unwrap();
        new_period(root, "2026-Q3", |_| {}).unwrap();
        let periods = std::fs::read_to_string(&path).unwrap();
        assert!(periods.contains("\r\n[[period]]\r\nid = \"2026-Q3\"\r\n"), "{periods:?}");
        assert_eq!(periods.matches('\n').count(), periods.matches("\r\n").count(), "{periods:?}");
    }

    /// A task's comment in the form names its lead units, and says so when its document names
    /// none (`lead = []`), as the task's page does, rather than leaving `lead: ;`.
    #[test]
    fn the_form_says_when_a_document_names_no_lead_unit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        super::super::init::init(root, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()).unwrap();
        let plan = root.join("data/plans/ke-hoach.toml");
        let mut text = std::fs::read_to_string(&plan).unwrap();
        text.push_str(
            "\n[[task]]\nid = \"1.2\"\nsection = \"1\"\ntitle = \"Xây dựng kho dữ liệu dùng chung\"\n\
             lead = []\ndue = \"Thường xuyên\"\n",
        );
        std::fs::write(&plan, text).unwrap();
        let form = std::fs::read_to_string(new_period(root, "2026-Q3", |_| {}).unwrap().form).unwrap();
        assert!(
            form.contains("\n# 01/KH 1.1 Tập huấn kỹ năng số cho cán bộ, công chức\n# lead: Văn phòng; due: "),
            "{form}"
        );
        assert!(
            form.contains(
                "\n# 01/KH 1.2 Xây dựng kho dữ liệu dùng chung\n\
                 # lead: the document names no unit; due: Thường xuyên\n"
            ),
            "{form}"
        );
        assert!(!form.contains("lead: ;"), "{form}");
    }
}

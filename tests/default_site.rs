//! The default site transcribes the five source documents completely and correctly: counts taken
//! from the documents, exact rows spot-checked, Vietnamese restored after OCR.

use std::path::Path;

use minhbach::build;
use minhbach::model::{Change, DeadlineKind, Op, Site, TargetValue, TimePoint};

fn site() -> Site {
    let checked = build::check(Path::new(env!("CARGO_MANIFEST_DIR")), None);
    assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
    checked.site
}

fn task<'a>(site: &'a Site, plan: &str, id: &str) -> &'a minhbach::model::Task {
    let p = site.plans.iter().find(|p| p.id == plan).unwrap_or_else(|| panic!("plan {plan}"));
    p.tasks.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("task {plan}/{id}"))
}

#[test]
fn spot_check_rows() {
    let site = site();
    // 002, row 6.6: adjusted by programme 02-CTr/BCĐTW, yearly.
    let t = task(&site, "bql-57-2026", "6.6");
    assert_eq!(t.change, Some(Change::Adjusted));
    assert_eq!(t.change_basis.as_deref(), Some("Chương trình số 02-CTr/BCĐTW"));
    assert_eq!(t.due.as_ref().unwrap().kind, DeadlineKind::Annual);
    assert_eq!(t.lead[0].value, "bql-van-phong");
    // 002, row 3.4: a span.
    assert_eq!(task(&site, "bql-57-2026", "3.4").due.as_ref().unwrap().written, "2026-2027");
    // 000: "hoàn thành trước ngày 20/5/2026".
    let t = task(&site, "tu-hoi-thao-2026", "3.6.2.2");
    assert_eq!(t.due.as_ref().unwrap().written, "trước ngày 20/5/2026");
    assert_eq!(t.lead[0].value, "so-khcn");
    let t = task(&site, "tu-hoi-thao-2026", "3.6.1.1");
    assert_eq!(t.due_text.as_deref(), Some("Hoàn thành trước thời điểm tổ chức Hội thảo 01 ngày"));
    // 004, row 13: the Department of Finance, Quarter I/2026, a decision.
    let t = task(&site, "ctr-bcd-2026", "13");
    assert_eq!(
        (t.lead[0].value.as_str(), t.output.as_deref(), t.due.as_ref().unwrap().written.as_str()),
        ("so-tai-chinh", Some("Quyết định"), "Quý I/2026")
    );
    assert!(t.leader.as_deref().unwrap().starts_with("Đồng chí Hoàng Minh Cường"));
    // 003 footnote 9: framework 70%, 2024 result 79.95%.
    let i = site.indicators.iter().find(|i| i.id == "so-hoa-ho-so-tthc").unwrap();
    assert_eq!(i.baseline.as_ref().unwrap().value, 79.95);
    let t2025 = i.targets.iter().find(|t| t.by == TimePoint::Year(2025)).unwrap();
    assert_eq!(t2025.framework.as_ref().unwrap().value, TargetValue::Single(70.0));
    assert!(
        i.targets.iter().any(|t| t.by == TimePoint::Year(2026) && t.value == TargetValue::Single(95.0)),
        "004's 2026 target"
    );
    // 004: 5G coverage of 95% of the population in 2026, apart from 003's coverage of the
    // territory: they measure different things.
    let i = site.indicators.iter().find(|i| i.id == "phu-song-5g-dan-so").unwrap();
    assert!(i.targets.iter().any(|t| t.by == TimePoint::Year(2026) && t.value == TargetValue::Single(95.0)));
    let territory = site.indicators.iter().find(|i| i.id == "phu-song-5g").unwrap();
    assert!(territory.targets.iter().all(|t| t.plan.as_ref().is_some_and(|p| p.value == "12-kh-tu")));
    // Ranges and ranks.
    let i = site.indicators.iter().find(|i| i.id == "tfp-grdp").unwrap();
    assert_eq!((i.targets[0].op, i.targets[0].value), (Op::Between, TargetValue::Range(55.0, 60.0)));
    let pii = site.indicators.iter().find(|i| i.id == "thu-hang-pii").unwrap();
    assert_eq!(pii.direction, minhbach::model::Direction::Decrease);
    assert!(site.indicators.iter().find(|i| i.id == "phu-song-5g-khu-cong-nghiep").unwrap().supplementary);
}

#[test]
fn units_have_canonical_names_aliases_and_english_names() {
    let site = site();
    assert!(site.units.len() >= 40);
    for u in &site.units {
        assert!(u.name_en.is_some(), "unit {} has no English name", u.id);
    }
    let vp = site.units.iter().find(|u| u.id == "bql-van-phong").unwrap();
    assert!(vp.aliases.iter().any(|a| a.value == "VP BQL"));
    for p in &site.plans {
        assert!(p.title_en.is_some(), "plan {} has no English title", p.id);
        for s in &p.sections {
            assert!(s.title_en.is_some(), "section {}/{} has no English title", p.id, s.id);
        }
    }
    for i in &site.indicators {
        assert!(i.name_en.is_some(), "indicator {} has no English name", i.id);
    }
}

#[test]
fn the_ocr_text_of_12_kh_tu_reads_as_vietnamese() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(root.join("data")).into_iter().chain(walkdir::WalkDir::new(root.join("content")))
    {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for residue in [
            "¢",
            "§",
            "©",
            "ﬁ",
            "Thanh uy",
            "cong nghe",
            "thanh pho",
            "chuyen doi so",
            "khoa hoc va",
            "doi moi sang tao",
            "nghi¢p",
            "cong nghé",
        ] {
            assert!(!text.contains(residue), "{} contains OCR residue {residue:?}", entry.path().display());
        }
    }
}

#[test]
fn illustrative_progress_is_marked() {
    let site = site();
    for r in &site.reports {
        for v in &r.values {
            let official = v.source.as_deref().is_some_and(|s| s.contains("Kế hoạch 12-KH/TU"));
            assert!(
                v.sample || official,
                "value of {} in {} is neither sourced nor marked sample",
                v.indicator.value,
                r.period.value
            );
        }
        for t in &r.tasks {
            assert!(t.sample, "task report {} in {} is not marked sample", t.task.value, r.period.value);
        }
    }
}

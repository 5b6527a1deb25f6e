//! A site generated on top of the basic fixture whose lists are longer than its page size:
//! indicators, a unit's tasks and indicators, a period's figures, reports, missing tasks and
//! posts all continue on pages of their own.

use std::fmt::Write as _;

/// How many rows of one list a page shows (`page_size`).
pub const SIZE: usize = 10;
/// Generated on top of the basic fixture's 3 indicators, 3 tasks led by `vp`, 1 post, 3 units.
pub const INDICATORS: usize = 27;
pub const TASKS: usize = 23;
pub const REPORTED: usize = 12;
pub const POSTS: usize = 12;
pub const UNITS: usize = 12;

/// The generated site, in a temporary folder (removed when dropped). Its base URL is
/// `https://example.gov.vn/`, so that share pictures and the sitemap are made too.
pub fn generated_site() -> tempfile::TempDir {
    let basic = super::fixture("basic");
    let read = |p: &str| std::fs::read_to_string(basic.join(p)).unwrap();
    let mut site = read("site.toml");
    writeln!(site, "page_size = {SIZE}\nbase_url = \"https://example.gov.vn/\"").unwrap();
    let mut units = read("data/units.toml");
    for n in 1..=UNITS {
        write!(units, "\n[[unit]]\nid = \"xa-{n:02}\"\nname = \"Ủy ban nhân dân xã số {n}\"\n").unwrap();
    }
    let mut plan =
        String::from("id = \"kh-2\"\ncode = \"02/KH-BQL\"\ntitle = \"Kế hoạch sinh tự động\"\nyear = 2026\n");
    for n in 1..=TASKS {
        write!(
            plan,
            "\n[[task]]\nid = \"{n}\"\ntitle = \"Nhiệm vụ sinh số {n}\"\nlead = [\"vp\"]\nsupport = [\"so-khcn\"]\ndue = \"Quý IV\"\n"
        )
        .unwrap();
    }
    let mut indicators = String::new();
    for n in 1..=INDICATORS {
        write!(
            indicators,
            "\n[[indicator]]\nid = \"g-{n:02}\"\nname = \"Chỉ tiêu sinh số {n}\"\nunit = \"%\"\nowner = \"so-khcn\"\n\
             plans = [\"kh-2\"]\nbaseline = {{ at = \"2025\", value = 10 }}\n\n[[indicator.target]]\nby = \"2030\"\nop = \">=\"\nvalue = 90\n"
        )
        .unwrap();
    }
    let mut progress = read("data/progress/2026-Q1.toml");
    for n in 1..=14 {
        write!(progress, "\n[[value]]\nindicator = \"g-{n:02}\"\nvalue = {}\n", 10 + n * 3).unwrap();
    }
    for n in 1..=REPORTED {
        write!(progress, "\n[[task]]\nref = \"kh-2/{n}\"\nstatus = \"in_progress\"\npercent = {}\n", n * 5).unwrap();
    }
    // The next quarter: the first 14 indicators reach their target (14 status changes) and
    // the tasks not reported in the first quarter are done (11 tasks completed).
    let mut next = read("data/progress/2026-Q2.toml");
    for n in 1..=14 {
        write!(next, "\n[[value]]\nindicator = \"g-{n:02}\"\nvalue = 95\n").unwrap();
    }
    for n in REPORTED + 1..=TASKS {
        write!(next, "\n[[task]]\nref = \"kh-2/{n}\"\nstatus = \"done\"\n").unwrap();
    }
    let posts: Vec<(String, String)> = (1..=POSTS)
        .map(|n| {
            (
                format!("content/updates/2026-Q1/tin-{n:02}.md"),
                format!("+++\ntitle = \"Tin số {n}\"\ndate = 2026-03-{n:02}\n+++\nNội dung.\n"),
            )
        })
        .collect();
    let mut changes: Vec<(&str, Option<&[u8]>)> = vec![
        ("site.toml", Some(site.as_bytes())),
        ("data/units.toml", Some(units.as_bytes())),
        ("data/plans/kh-2.toml", Some(plan.as_bytes())),
        ("data/indicators/gen.toml", Some(indicators.as_bytes())),
        ("data/progress/2026-Q1.toml", Some(progress.as_bytes())),
        ("data/progress/2026-Q2.toml", Some(next.as_bytes())),
    ];
    changes.extend(posts.iter().map(|(p, c)| (p.as_str(), Some(c.as_bytes()))));
    super::site_from("basic", &changes)
}

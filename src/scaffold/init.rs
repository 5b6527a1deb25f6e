//! `minhbach init DIR`: a new site that checks clean and builds, with no theme files (the
//! embedded theme serves) and a short README for the people who will keep it.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use super::period::parse_period_id;

/// Writes a new site into `dir`, which must be missing, empty, or hold only a version-control
/// folder (`git init` first, then `minhbach init`); returns the files written.
pub fn init(dir: &Path, today: chrono::NaiveDate) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if let Some(other) = entries.filter_map(Result::ok).find(|e| !crate::write::is_repository(&e.file_name())) {
            return Err(format!(
                "{} is not empty (it holds {}); `init` only writes into a new or empty directory, or one \
                 holding only a repository such as .git",
                dir.display(),
                other.file_name().to_string_lossy()
            ));
        }
    }
    let year = today.year();
    // The example's deadline and target fall in the next year, so that a site begun in any
    // quarter starts with a task and a target still ahead, not one already late.
    let next = year + 1;
    let quarter = today.month0() / 3 + 1;
    let period = parse_period_id(&format!("{year}-Q{quarter}"))?;
    let files: Vec<(&str, String)> = vec![
        (
            "site.toml",
            format!(
                "# Site settings. The full input format: docs/format.md of minhbach.\n\
                 title = \"Minh bạch — kế hoạch của đơn vị\"\n\
                 title_en = \"Transparency — our plans\"\n\
                 language = \"vi\"\n\
                 languages = [\"vi\", \"en\"]\n\
                 # base_url = \"https://example.gov.vn/minh-bach/\"   # only for canonical links, sitemap and feeds\n\
                 current_period = \"{}\"\n",
                period.id
            ),
        ),
        (
            "data/units.toml",
            "# The agencies that lead or support work. Anywhere a unit is named, its id, name or any\n\
             # alias is accepted.\n\n\
             [[unit]]\nid = \"van-phong\"\nname = \"Văn phòng\"\nname_en = \"Office\"\naliases = [\"VP\"]\n\n\
             [[unit]]\nid = \"phong-chuyen-mon\"\nname = \"Các phòng chuyên môn\"\nname_en = \"Specialised divisions\"\n"
                .to_string(),
        ),
        (
            "data/periods.toml",
            format!(
                "# Reporting periods. `minhbach new period ID` adds the next one with its progress form.\n\n\
                 [[period]]\nid = \"{}\"\nlabel = \"{}\"\nlabel_en = \"{}\"\nstart = {}\nend = {}\n",
                period.id, period.label, period.label_en, period.start, period.end
            ),
        ),
        (
            "data/plans/ke-hoach.toml",
            format!(
                "id = \"ke-hoach\"\ncode = \"01/KH\"\ntitle = \"Kế hoạch chuyển đổi số giai đoạn {year}–{next}\"\n\
                 title_en = \"Digital transformation plan {year}–{next}\"\nissuer = \"Văn phòng\"\nyear = {year}\n\n\
                 [[section]]\nid = \"1\"\ntitle = \"Nâng cao kỹ năng số\"\ntitle_en = \"Digital skills\"\n\n\
                 [[task]]\nid = \"1.1\"\nsection = \"1\"\ntitle = \"Tập huấn kỹ năng số cho cán bộ, công chức\"\n\
                 title_en = \"Digital skills training for staff\"\nlead = [\"Văn phòng\"]\nsupport = [\"Các phòng chuyên môn\"]\n\
                 output = \"100% cán bộ, công chức được tập huấn\"\ndue = \"Quý IV/{next}\"\nindicators = [\"ty-le-tap-huan\"]\n"
            ),
        ),
        (
            "data/indicators/chi-tieu.toml",
            format!(
                "[[indicator]]\nid = \"ty-le-tap-huan\"\nname = \"Tỷ lệ cán bộ, công chức được tập huấn kỹ năng số\"\n\
                 name_en = \"Share of staff trained in digital skills\"\nunit = \"%\"\nowner = \"Văn phòng\"\nplans = [\"ke-hoach\"]\n\
                 baseline = {{ at = \"{}\", value = 40, source = \"Báo cáo năm {}\" }}\n\n\
                 [[indicator.target]]\nby = \"{next}\"\nop = \">=\"\nvalue = 100\nplan = \"ke-hoach\"\n",
                year - 1,
                year - 1
            ),
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"Minh bạch kế hoạch\"\n+++\nTrang này công khai mục tiêu, nhiệm vụ và tiến độ thực hiện kế hoạch của đơn vị.\n"
                .to_string(),
        ),
        (
            "content/_index.en.md",
            "+++\ntitle = \"Our plans in the open\"\n+++\nThis site publishes our targets, tasks and progress.\n".to_string(),
        ),
        ("README.md", keepers_readme(&period.id)),
        (".gitignore", format!("/public\n/{}\n", crate::cache::NAME)),
        // Snapshots are checked byte for byte: a checkout that converts line ends (Git for
        // Windows does by default) would break every one of them.
        (".gitattributes", "/archive/** -text\n".to_string()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    let progress = dir.join(format!("data/progress/{}.toml", period.id));
    std::fs::create_dir_all(dir.join("data/progress")).map_err(|e| format!("cannot create data/progress: {e}"))?;
    std::fs::write(
        &progress,
        format!(
            "period = \"{}\"\n\n[[value]]\nindicator = \"ty-le-tap-huan\"\nvalue = 55\nsource = \"Báo cáo của Văn phòng\"\n\n\
             [[task]]\nref = \"ke-hoach/1.1\"\nstatus = \"in_progress\"\npercent = 30\nnote = \"Đã tổ chức lớp đầu tiên.\"\n",
            period.id
        ),
    )
    .map_err(|e| format!("cannot write {}: {e}", progress.display()))?;
    written.push(progress);
    Ok(written)
}

/// The quarter after `period` (`2026-Q4` → `2027-Q1`), as the keeper opens it next.
fn next_quarter(period: &str) -> String {
    let parsed = period.split_once("-Q").and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)));
    match parsed {
        Some((year, 4)) => format!("{}-Q1", year + 1),
        Some((year, quarter)) if (1..4).contains(&quarter) => format!("{year}-Q{}", quarter + 1),
        _ => "ID".to_string(),
    }
}

fn keepers_readme(period: &str) -> String {
    let next = next_quarter(period);
    format!(
        "# Trang minh bạch / Transparency site\n\n\
         Made with minhbach. / Tạo bằng minhbach.\n\n\
         | việc / task | lệnh / command |\n|---|---|\n\
         | xem trước khi sửa / preview while editing | `minhbach serve --open` |\n\
         | kiểm tra lỗi / check for mistakes | `minhbach check` |\n\
         | mở kỳ báo cáo mới / open the next period | `minhbach new period {next}` |\n\
         | xuất bản / publish (into public/) | `minhbach build` |\n\
         | lưu trữ kỳ đã xong / archive a closed period | `minhbach snapshot {period}` |\n\n\
         - `data/` holds units, periods, plans, indicators and each period's progress (TOML).\n\
         - `content/` holds the home text, pages and the press office's updates (Markdown).\n\
         - Upload the `public/` folder to any web host, at any address; it also opens from disk.\n\
         - Never edit `archive/` by hand: `minhbach verify` checks it.\n"
    )
}

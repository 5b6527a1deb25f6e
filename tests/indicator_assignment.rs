//! An indicator's assignment as a document prints it ("phân công chủ trì, theo dõi, đánh giá"):
//! the units that track it, the leader who directs it, the person in charge and the output. Each
//! is shown on the indicator's page in both languages, every named unit's page lists the
//! indicator, and the open data carries them.

mod common;

use std::path::Path;

use common::{build_to_temp, check, site_from};

const KPI: &str = "data/indicators/kpi.toml";

/// The fixture's indicators, with `thu-hang` assigned as Appendix 1 of 12-KH/TU assigns its rows.
fn assigned(owner: &str) -> String {
    let kpi = std::fs::read_to_string(common::fixture("basic").join(KPI)).unwrap();
    let old = "owner = \"so-khcn\"\n";
    assert!(kpi.contains(old), "the fixture's ranked indicator names its owner by id");
    kpi.replacen(
        old,
        &format!(
            "owner = {owner}\nleader = \"Đồng chí Hoàng Minh Cường, Phó Chủ tịch UBND thành phố\"\n\
             in_charge = \"Đồng chí Giám đốc Sở Khoa học và Công nghệ\"\noutput = \"Bộ số liệu báo cáo\"\n\
             assigned_in = \"Phụ lục 1, dòng 2\"\n"
        ),
        1,
    )
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_unit_the_document_names_answers_for_the_indicator_and_the_people_are_said() {
    // The same unit twice (by id and by alias) is named once.
    let kpi = assigned(r#"["so-khcn", "Văn phòng", "Sở KH&CN"]"#);
    let site = site_from("basic", &[(KPI, Some(kpi.as_bytes()))]);
    let (_keep, out) = build_to_temp(site.path());

    let vi = read(&out, "indicators/thu-hang/index.html");
    assert!(vi.contains("<dt>Các đơn vị chịu trách nhiệm</dt>"), "several units are called so");
    let owners = vi.split("<dt>Các đơn vị chịu trách nhiệm</dt><dd>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert_eq!(
        owners,
        "<a href=\"../../units/so-khcn/index.html\">Sở Khoa học và Công nghệ</a>; \
         <a href=\"../../units/vp/index.html\">Văn phòng Ban Quản lý</a>",
        "in the document's order, each once"
    );
    assert!(vi.contains(
        "<dt>Người được phân công chỉ đạo</dt><dd>Đồng chí Hoàng Minh Cường, Phó Chủ tịch UBND thành phố</dd>"
    ));
    assert!(vi.contains("<dt>Người được phân công chủ trì</dt><dd>Đồng chí Giám đốc Sở Khoa học và Công nghệ</dd>"));
    assert!(vi.contains("<dt>Sản phẩm</dt><dd>Bộ số liệu báo cáo</dd>"));
    assert!(vi.contains("<dt>Nguồn phân công</dt><dd>Phụ lục 1, dòng 2</dd>"));

    // On English pages the document's words are marked as Vietnamese.
    let en = read(&out, "en/indicators/thu-hang/index.html");
    assert!(en.contains("<dt>Responsible units</dt>"));
    assert!(en.contains("<dt>Leader assigned to direct it</dt><dd lang=\"vi\">Đồng chí Hoàng Minh Cường"));
    assert!(en.contains(
        "<dt>Person assigned to lead it</dt><dd lang=\"vi\">Đồng chí Giám đốc Sở Khoa học và Công nghệ</dd>"
    ));
    assert!(en.contains("<dt>Output</dt><dd lang=\"vi\">Bộ số liệu báo cáo</dd>"));

    // The second unit's page lists it, and its count includes it.
    let unit = read(&out, "units/vp/index.html");
    assert!(unit.contains("indicators/thu-hang/index.html"), "the office's page lists the indicator it tracks");
    let by_unit = read(&out, "indicators/unit/vp/index.html");
    assert!(by_unit.contains("indicators/thu-hang/index.html"));

    let json: serde_json::Value = serde_json::from_str(&read(&out, "data/indicators.json")).unwrap();
    let record = json.as_array().unwrap().iter().find(|i| i["id"] == "thu-hang").unwrap();
    assert_eq!(record["owner"], "so-khcn");
    assert_eq!(record["co_owners"], serde_json::json!(["vp"]));
    assert_eq!(record["in_charge"], "Đồng chí Giám đốc Sở Khoa học và Công nghệ");
    assert_eq!(record["output"], "Bộ số liệu báo cáo");
    assert_eq!(record["assigned_in"], "Phụ lục 1, dòng 2");
    let csv = read(&out, "data/indicators.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let row = rows.records().map(Result::unwrap).find(|r| &r[0] == "thu-hang").unwrap();
    assert_eq!(&row[col("co_owners")], "vp");
    assert_eq!(&row[col("leader")], "Đồng chí Hoàng Minh Cường, Phó Chủ tịch UBND thành phố");

    // An indicator with one unit keeps the singular word and none of the absent facts.
    let one = read(&out, "indicators/ky-nang-so/index.html");
    let facts = one.split("<dl class=\"facts\">").nth(1).unwrap().split("</dl>").next().unwrap();
    assert!(facts.contains("<dt>Đơn vị chịu trách nhiệm</dt>"));
    assert!(!facts.contains("phân công chủ trì") && !facts.contains("<dt>Sản phẩm</dt>"), "{facts}");
}

#[test]
fn an_unknown_unit_among_several_is_named_at_its_place() {
    let kpi = assigned(r#"["so-khcn", "Sở Không Có"]"#);
    let site = site_from("basic", &[(KPI, Some(kpi.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_ne!(code, 0);
    let line = kpi.lines().position(|l| l.contains("Sở Không Có")).unwrap() + 1;
    assert!(stderr.contains("Sở Không Có"), "{stderr}");
    assert!(stderr.contains(&format!("{KPI}:{line}:")), "the error points at the name: {stderr}");
}

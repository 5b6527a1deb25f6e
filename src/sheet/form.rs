//! The reporting form as an Excel workbook: a sheet of instructions, a sheet of tasks and a
//! sheet of indicators. Row 1 holds headers in Vietnamese, row 2 (hidden) the field names of
//! the progress format, and every row after that one task or indicator, grouped by unit. Only
//! the shaded answer columns can be edited; the sheets are protected without a password, so
//! that nobody changes a title or an id by accident, and anyone can lift it on purpose. A last,
//! hidden column records what each row's answers were prefilled with (see `prefilled.rs`).

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::columns::{self, Column, Kind};
use super::labels::StatusLabels;
use super::rows::{Out, Row, Rows};
use crate::model::Period;

/// What the instructions sheet says besides the rules: whose form it is and where it goes.
pub struct Cover<'a> {
    pub site_title: &'a str,
    pub period: &'a Period,
    /// The units the form is for (names), empty for every unit.
    pub units: Vec<String>,
    /// Where to send the completed form.
    pub send_to: &'a str,
}

const ANSWER_FILL: u32 = 0xFFF2CC;
const HEADER_FILL: u32 = 0xD9E1F2;
const ANSWER_HEADER_FILL: u32 = 0xFFE699;

/// The most characters a spreadsheet cell holds (Excel's limit; the writer refuses more).
pub const CELL_CHARS: usize = 32_767;

/// Every prefilled text too long for a cell, said by its row and field: a form cannot be made
/// with it, and the writer's own error would name neither.
pub fn cells_too_long(rows: &Rows) -> Vec<String> {
    let mut out = Vec::new();
    for (what, sheet) in [("task", &rows.tasks), ("indicator", &rows.values)] {
        for row in sheet.iter() {
            for (field, cell) in &row.cells {
                let Out::Text(t) = cell else { continue };
                let n = t.chars().count();
                if n > CELL_CHARS {
                    out.push(format!(
                        "{what} {}: its `{field}` is {n} characters long, more than the {CELL_CHARS} a spreadsheet cell holds; \
                         shorten it in the progress file (a long account belongs in a page of content/, which the note can link to)",
                        row.key
                    ));
                }
            }
        }
    }
    out
}

pub const HELP_SHEET: &str = "Hướng dẫn";
pub const TASK_SHEET: &str = "Nhiệm vụ";
pub const VALUE_SHEET: &str = "Chỉ tiêu";

/// The workbook's bytes. The same site, period and units always give the same bytes: the
/// document's creation time is the period's end, and the zip entries carry no time.
pub fn workbook(rows: &Rows, labels: &StatusLabels, cover: &Cover) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let end = cover.period.end;
    use chrono::Datelike;
    let created = ExcelDateTime::from_ymd(end.year() as u16, end.month() as u8, end.day() as u8)?;
    let who = if cover.units.is_empty() { "tất cả đơn vị".to_string() } else { cover.units.join(", ") };
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(format!("Báo cáo tiến độ {} — {who}", cover.period.label))
            .set_subject(cover.site_title)
            .set_author("minhbach"),
    );
    help_sheet(book.add_worksheet(), rows, cover)?;
    answer_sheet(book.add_worksheet(), TASK_SHEET, columns::TASKS, &rows.tasks, labels, cover)?;
    answer_sheet(book.add_worksheet(), VALUE_SHEET, columns::VALUES, &rows.values, labels, cover)?;
    book.save_to_buffer()
}

fn help_sheet(ws: &mut Worksheet, rows: &Rows, cover: &Cover) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    ws.set_column_width(0, 110)?;
    let title = Format::new().set_bold().set_font_size(14).set_text_wrap();
    let bold = Format::new().set_bold().set_text_wrap();
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let who = if cover.units.is_empty() { "Tất cả đơn vị".to_string() } else { cover.units.join("; ") };
    let period = cover.period;
    let lines: Vec<(&Format, String)> = vec![
        (&title, format!("Biểu mẫu báo cáo tiến độ — {}", period.label)),
        (&text, cover.site_title.to_string()),
        (
            &text,
            format!(
                "Kỳ báo cáo: {} (mã {}), từ {} đến {}.",
                period.label,
                period.id,
                period.start.format("%d/%m/%Y"),
                period.end.format("%d/%m/%Y")
            ),
        ),
        (&text, format!("Đơn vị báo cáo: {who}.")),
        (
            &text,
            format!(
                "Biểu mẫu gồm {} nhiệm vụ (trang \"{TASK_SHEET}\") và {} chỉ tiêu (trang \"{VALUE_SHEET}\").",
                distinct(&rows.tasks),
                distinct(&rows.values)
            ),
        ),
        (&text, String::new()),
        (&bold, "Cách điền".to_string()),
        (
            &text,
            "1. Chỉ điền vào các cột nền vàng. Các cột khác (mã, tên nhiệm vụ, thời hạn, báo cáo kỳ trước…) đã được khóa để tránh sửa nhầm; không sửa, không xóa, không thêm cột và không đổi tên các trang.".into(),
        ),
        (
            &text,
            "2. Các cột \"Kỳ trước\" cho biết nội dung đã báo cáo kỳ trước để tiện đối chiếu. Báo cáo kỳ này ghi vào các cột nền vàng, kể cả khi không có gì thay đổi so với kỳ trước.".into(),
        ),
        (
            &text,
            "3. Trang \"Nhiệm vụ\": chọn Trạng thái trong danh sách (Chưa bắt đầu, Đang thực hiện, Hoàn thành, Vướng mắc, Đã hủy); % hoàn thành là số từ 0 đến 100, không kèm dấu %; Kết quả thực hiện ghi ngắn gọn việc đã làm, vướng mắc nếu có.".into(),
        ),
        (
            &text,
            "4. Văn bản minh chứng: mỗi văn bản một dòng (Alt+Enter để xuống dòng trong ô), ghi tên văn bản, dấu |, rồi đường dẫn, ví dụ: Công văn số 12/SKHCN-VP | https://… . Đường dẫn bắt đầu bằng https:// hoặc http://. Văn bản chưa đăng trên mạng (không có đường dẫn) thì ghi số, ký hiệu, ngày văn bản vào cột Kết quả thực hiện.".into(),
        ),
        (
            &text,
            "5. Trang \"Chỉ tiêu\": Giá trị kỳ này chỉ nhập số, theo đơn vị tính của chỉ tiêu (với chỉ tiêu tính bằng %, 85 nghĩa là 85%). Có thể dùng dấu phẩy thập phân (82,4). Ghi rõ nguồn số liệu (số, ngày văn bản hoặc báo cáo). Chữ số và dấu gõ ở dạng toàn khổ, như bộ gõ tiếng Trung, Nhật, Hàn (８２，４; ２０２６／０５／２０), được đọc như chữ số và dấu thông thường. Ngày tháng, nếu có, ghi ngày trước (20/5/2026) hoặc năm trước (2026/05/20, 2026-05-20), năm đủ bốn chữ số; năm hai chữ số (20/5/26) hay tháng trước ngày (5/20/2026) không được chấp nhận.".into(),
        ),
        (
            &text,
            "6. Nhiệm vụ hoặc chỉ tiêu chưa có gì để báo cáo thì để trống các cột nền vàng của dòng đó. Không xóa dòng, không đổi thứ tự các dòng có ý nghĩa như nhau; dòng 2 (ẩn) chứa tên trường dùng cho việc tổng hợp tự động, xin giữ nguyên.".into(),
        ),
        (
            &text,
            "7. Nếu cần sửa số liệu đã công bố ở kỳ trước, ghi chú rõ trong cột Ghi chú và báo bộ phận tổng hợp; số liệu đã công bố không bị ghi đè mà được hiển thị là số liệu điều chỉnh.".into(),
        ),
        (&text, String::new()),
        (&bold, "Gửi báo cáo".to_string()),
        (&text, format!("Lưu tệp (giữ định dạng .xlsx, không đổi tên trang) và gửi về: {}.", cover.send_to)),
        (
            &text,
            "Bộ phận tổng hợp nhập tệp bằng lệnh `minhbach import`; mọi ô không hợp lệ được chỉ rõ theo tên trang và ô (ví dụ Nhiệm vụ!L12) để đơn vị sửa và gửi lại.".into(),
        ),
    ];
    for (row, (format, line)) in lines.iter().enumerate() {
        ws.write_string_with_format(row as u32, 0, line, format)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_active(true);
    Ok(())
}

/// How many different tasks or indicators the rows are about (a task led by two units is on
/// two rows).
fn distinct(rows: &[Row]) -> usize {
    rows.iter().map(|r| r.key.as_str()).collect::<std::collections::BTreeSet<_>>().len()
}

fn answer_sheet(
    ws: &mut Worksheet,
    name: &str,
    all: &[Column],
    rows: &[Row],
    labels: &StatusLabels,
    cover: &Cover,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let cols: Vec<&Column> = all.iter().filter(|c| c.in_form).collect();
    let base = Format::new()
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xA6A6A6));
    let header = base
        .clone()
        .set_bold()
        .set_align(FormatAlign::VerticalCenter)
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(HEADER_FILL));
    let answer_header = header.clone().set_background_color(Color::RGB(ANSWER_HEADER_FILL));
    let field_row = Format::new().set_font_size(8).set_font_color(Color::RGB(0x808080));
    let locked = base.clone();
    let answer = base.clone().set_unlocked().set_background_color(Color::RGB(ANSWER_FILL));
    let group_top = |f: &Format| f.clone().set_border_top(FormatBorder::Medium).set_border_top_color(Color::Black);

    for (c, column) in cols.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, column.width)?;
        if column.kind == Kind::Prefilled {
            ws.set_column_hidden(c)?;
        }
        let h = if column.kind == Kind::Answer { &answer_header } else { &header };
        ws.write_string_with_format(0, c, column.header, h)?;
        ws.write_string_with_format(1, c, column.field, &field_row)?;
    }
    ws.set_row_height(0, 42)?;
    ws.set_row_hidden(1)?;
    ws.set_freeze_panes(2, 0)?;

    let mut breaks = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 2) as u32;
        let starts_group = i == 0 || rows[i - 1].unit != row.unit;
        if starts_group && i > 0 {
            breaks.push(r);
        }
        for (c, column) in cols.iter().enumerate() {
            let c = c as u16;
            let mut f = if column.kind == Kind::Answer { answer.clone() } else { locked.clone() };
            if starts_group {
                f = group_top(&f);
            }
            match row.cells.get(column.field).unwrap_or(&Out::Empty) {
                Out::Empty => ws.write_blank(r, c, &f)?,
                Out::Text(t) => ws.write_string_with_format(r, c, t, &f)?,
                Out::Number(n) => ws.write_number_with_format(r, c, *n, &f)?,
            };
        }
    }
    if !rows.is_empty() {
        let (first, last) = (2u32, (rows.len() + 1) as u32);
        add_validations(ws, &cols, first, last, labels, rows)?;
    }
    if breaks.len() < 1023 {
        ws.set_page_breaks(&breaks)?;
    }

    ws.protect_with_options(&ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() });
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_margins(0.4, 0.4, 0.6, 0.5, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!("&L&8{}&R&8{} — {name}", cover.site_title.replace('&', "&&"), cover.period.label));
    ws.set_footer("&C&8Trang &P/&N");
    Ok(())
}

fn add_validations(
    ws: &mut Worksheet,
    cols: &[&Column],
    first: u32,
    last: u32,
    labels: &StatusLabels,
    rows: &[Row],
) -> Result<(), XlsxError> {
    let at = |field: &str| cols.iter().position(|c| c.field == field).map(|c| c as u16);
    if let Some(c) = at("status") {
        let v = DataValidation::new()
            .allow_list_strings(labels.labels())?
            .set_input_title("Trạng thái")?
            .set_input_message("Chọn trạng thái của nhiệm vụ trong kỳ này trong danh sách.")?
            .set_error_title("Trạng thái không hợp lệ")?
            .set_error_message(format!("Chọn một trong: {}.", labels.labels().join(", ")))?;
        ws.add_data_validation(first, c, last, c, &v)?;
    }
    if let Some(c) = at("percent") {
        let v = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_input_title("% hoàn thành")?
            .set_input_message("Một số từ 0 đến 100, không kèm dấu %.")?
            .set_error_title("Phần trăm không hợp lệ")?
            .set_error_message("% hoàn thành là một số từ 0 đến 100 (không kèm dấu %).")?;
        ws.add_data_validation(first, c, last, c, &v)?;
    }
    if let Some(c) = at("value") {
        let any = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_input_title("Giá trị")?
            .set_input_message("Chỉ nhập số, theo đơn vị tính của chỉ tiêu.")?
            .set_error_title("Cần nhập số")?
            .set_error_message("Giá trị của chỉ tiêu chỉ gồm chữ số (ví dụ 82,4). Ghi giải thích vào cột Ghi chú.")?
            .set_error_style(DataValidationErrorStyle::Stop);
        let percent = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_input_title("Giá trị (%)")?
            .set_input_message("Một số từ 0 đến 100: 85 nghĩa là 85%. Không kèm dấu %.")?
            .set_error_title("Cần nhập số từ 0 đến 100")?
            .set_error_message("Chỉ tiêu tính bằng %: nhập một số từ 0 đến 100, không kèm dấu %.")?;
        for (i, row) in rows.iter().enumerate() {
            let r = first + i as u32;
            match row.scale {
                None => ws.add_data_validation(r, c, r, c, &any)?,
                Some(scale) if scale.percent => ws.add_data_validation(r, c, r, c, &percent)?,
                Some(scale) => {
                    let (min, max) = (super::cells::format_number(scale.min), super::cells::format_number(scale.max));
                    let bounded = DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(scale.min, scale.max))
                        .set_input_title("Giá trị")?
                        .set_input_message(format!("Một số từ {min} đến {max}, theo thang đo của chỉ tiêu."))?
                        .set_error_title(format!("Cần nhập số từ {min} đến {max}"))?
                        .set_error_message(format!(
                            "Chỉ tiêu này có giá trị từ {min} đến {max} (ví dụ 0,81 chứ không phải 81 trên thang 0 đến 1)."
                        ))?;
                    ws.add_data_validation(r, c, r, c, &bounded)?
                }
            };
        }
        let _ = last;
    }
    Ok(())
}

//! The columns of the two answer sheets: the field name in the hidden second row (the progress
//! format's own names where there is one), the header people read, the width, and whether the
//! agency answers in it or only reads it.

/// What a column is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Which period the row is for.
    Period,
    /// Which task or indicator the row is about (`ref`, `indicator`).
    Key,
    /// Read only: what the agency needs to know to answer.
    Describe,
    /// Where the agency answers: unlocked, shaded.
    Answer,
    /// Hidden and locked: what the answer columns were prefilled with (see `prefilled.rs`).
    Prefilled,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub field: &'static str,
    pub header: &'static str,
    /// In characters, as spreadsheets measure widths.
    pub width: f64,
    pub kind: Kind,
    /// Shown in the form; the others are read when another program supplies them.
    pub in_form: bool,
}

const fn col(field: &'static str, header: &'static str, width: f64, kind: Kind) -> Column {
    Column { field, header, width, kind, in_form: true }
}

pub const TASKS: &[Column] = &[
    col("period", "Kỳ báo cáo", 9.0, Kind::Period),
    col("unit", "Đơn vị chủ trì", 18.0, Kind::Describe),
    col("plan", "Kế hoạch", 12.0, Kind::Describe),
    col("section", "Nhóm nhiệm vụ", 16.0, Kind::Describe),
    col("ref", "Mã nhiệm vụ", 11.0, Kind::Key),
    col("title", "Nhiệm vụ", 38.0, Kind::Describe),
    col("due", "Thời hạn", 11.0, Kind::Describe),
    col("last_status", "Kỳ trước: trạng thái", 12.0, Kind::Describe),
    col("last_percent", "Kỳ trước: % hoàn thành", 8.0, Kind::Describe),
    col("last_note", "Kỳ trước: kết quả", 22.0, Kind::Describe),
    col("last_evidence", "Kỳ trước: văn bản minh chứng", 16.0, Kind::Describe),
    col("status", "Trạng thái (chọn)", 15.0, Kind::Answer),
    col("percent", "% hoàn thành (0–100)", 9.0, Kind::Answer),
    col("note", "Kết quả thực hiện, ghi chú", 32.0, Kind::Answer),
    col("evidence", "Văn bản minh chứng (mỗi dòng: tên | đường dẫn)", 26.0, Kind::Answer),
    PREFILLED,
];

pub const VALUES: &[Column] = &[
    col("period", "Kỳ báo cáo", 9.0, Kind::Period),
    col("unit", "Đơn vị chịu trách nhiệm", 18.0, Kind::Describe),
    col("plan", "Kế hoạch", 12.0, Kind::Describe),
    col("indicator", "Mã chỉ tiêu", 14.0, Kind::Key),
    col("name", "Chỉ tiêu", 34.0, Kind::Describe),
    col("measure", "Đơn vị tính", 9.0, Kind::Describe),
    col("target", "Mục tiêu", 14.0, Kind::Describe),
    col("last_value", "Kỳ trước: giá trị", 9.0, Kind::Describe),
    col("last_as_of", "Kỳ trước: số liệu tại ngày", 11.0, Kind::Describe),
    col("last_source", "Kỳ trước: nguồn", 16.0, Kind::Describe),
    col("last_note", "Kỳ trước: ghi chú", 16.0, Kind::Describe),
    col("value", "Giá trị kỳ này (chỉ nhập số)", 11.0, Kind::Answer),
    col("source", "Nguồn số liệu (văn bản, báo cáo)", 24.0, Kind::Answer),
    col("note", "Ghi chú", 26.0, Kind::Answer),
    // A figure for an earlier date (a correction); not in the form, read when given.
    Column { field: "as_of", header: "Số liệu tại ngày", width: 11.0, kind: Kind::Answer, in_form: false },
    PREFILLED,
];

/// The last column of both sheets, hidden: the answers the row was prefilled with.
const PREFILLED: Column = col(super::prefilled::FIELD, "Nội dung điền sẵn (không sửa)", 12.0, Kind::Prefilled);

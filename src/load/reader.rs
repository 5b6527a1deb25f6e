//! Typed reading of a parsed TOML document that reports every problem instead of the first.
//!
//! serde stops at the first error of a file; a press office fixing a plan wants all of them,
//! each with its line, so fields are read one by one from `toml`'s spanned tree.

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::table_headers;
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::model::Located;
use crate::text;

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Where diagnostics of the file being read go.
pub struct Ctx<'d> {
    pub file: FileId,
    /// Offset of the TOML text in the file (front matter starts after `+++`).
    pub base: usize,
    pub diags: &'d mut Vec<Diagnostic>,
    /// The fields named in "did you mean" for an unknown field, with the start of its table:
    /// such a field is not reported missing too, since it is there, misspelt.
    pub suggested: Vec<(usize, String)>,
}

impl<'d> Ctx<'d> {
    pub fn new(file: FileId, diags: &'d mut Vec<Diagnostic>) -> Self {
        Ctx { file, base: 0, diags, suggested: Vec::new() }
    }
}

impl Ctx<'_> {
    pub fn span(&self, range: Range<usize>) -> Span {
        Span { file: self.file, range: range.start + self.base..range.end + self.base }
    }

    pub fn error(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(range);
        self.diags.push(Diagnostic::error(&span, message));
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warning(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        let span = self.span(range);
        self.diags.push(Diagnostic::warning(&span, message));
        self.diags.last_mut().expect("just pushed")
    }
}

/// Parses TOML text, reporting syntax errors; returns the root table even after errors so that
/// what could be read still is.
pub fn parse<'i>(ctx: &mut Ctx, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    let failed = !errors.is_empty();
    let duplicate = |e: &toml::de::Error| e.message().trim() == "duplicate key";
    let mistakes = if errors.iter().any(duplicate) { table_headers::mistakes(text) } else { Vec::new() };
    for m in &mistakes {
        ctx.error(m.at.clone(), m.message.clone()).help = Some(m.help.clone());
    }
    // Headers the parser could not read (`[[task]`): it goes on with their keys in the table
    // before, where each clashes with a key already there.
    let broken: Vec<usize> = errors
        .iter()
        .filter(|e| !duplicate(e))
        .filter_map(|e| e.span())
        .map(|r| line_start(text, r.start))
        .filter(|&at| text[at..].trim_start().starts_with('['))
        .collect();
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        // Reported above as the one header that is wrong, not at each header it clashes with.
        if duplicate(&e) && mistakes.iter().any(|m| m.covers(range.start)) {
            continue;
        }
        // Follows from a broken header above it, with no other header between.
        if duplicate(&e)
            && broken.iter().any(|&b| b < range.start && !has_header(&text[b..line_start(text, range.start)]))
        {
            continue;
        }
        let message = e.message().trim().to_string();
        let help = if message.contains("invalid date") || message.contains("invalid time") {
            "no calendar has this day: check it against the document (dates are year-month-day, \
             2026-02-28; a deadline may also be text, due = \"Quý I/2026\")"
                .to_string()
        } else if let Some(number) = decimal_comma(text, range.start) {
            format!(
                "numbers are written with a decimal point and no thousands separator: {number} \
                 (the documents' \"3,5\" is 3.5, \"1.234,5\" is 1234.5)"
            )
        } else if message == "duplicate key" {
            "each key may appear once per table: remove or rename one of them".to_string()
        } else {
            "text values need double quotes (name = \"Sở Tài chính\"), lists square brackets \
             (lead = [\"a\", \"b\"]), and each key may appear once per table"
                .to_string()
        };
        ctx.error(range, format!("this is not valid TOML: {message}")).help = Some(help);
    }
    // A document with syntax errors is not read further: its fields would produce a second,
    // confusing wave of messages about values that are merely unreadable.
    if failed {
        return None;
    }
    super::control::check_toml(ctx, text, &table);
    Some(table)
}

/// Where the line holding `offset` starts (an offset inside a character is taken as is).
fn line_start(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset.min(text.len())];
    before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// Whether `lines` has a table header after its first line.
fn has_header(lines: &str) -> bool {
    lines.lines().skip(1).any(|l| l.trim_start().starts_with('['))
}

/// The number meant by a value written with a decimal comma or thousands separators (`value = 3,5`,
/// `1.234,5`, `1.500.000`) on the
/// line holding `offset`, which TOML cannot read: as TOML writes it (`3.5`, `1234.5`).
fn decimal_comma(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = line_start(text, offset);
    let end = text.as_bytes()[offset..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| offset + i);
    let (_, value) = text.get(start..end)?.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !(value.contains(',') || value.matches('.').count() > 1)
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits.ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let number = value.replace('.', "").replace(',', ".");
    number.parse::<f64>().ok().map(|_| number)
}

/// A TOML table being read as one kind of record.
#[derive(Clone)]
pub struct Table<'t, 'i> {
    pub table: &'t DeTable<'i>,
    pub range: Range<usize>,
    /// What the table is, for messages: "a task", "site.toml".
    pub what: &'static str,
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn new(table: &'t Spanned<DeTable<'i>>, what: &'static str) -> Self {
        Table { table: table.get_ref(), range: table.span(), what }
    }

    /// The span of the table's header or first key, for messages about the table as a whole.
    pub fn head(&self) -> Range<usize> {
        let end = (self.range.start + 1).min(self.range.end.max(self.range.start));
        self.range.start..end.max(self.range.start)
    }

    /// Reports every key that is not one of `known`, naming the closest known one.
    pub fn check_fields(&self, ctx: &mut Ctx, known: &[&str]) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let near = text::closest(name, known.iter().copied(), 1);
            let mut help = String::new();
            if let Some(n) = near.first() {
                help.push_str(&format!("did you mean `{n}`? "));
                ctx.suggested.push((self.range.start, n.clone()));
            }
            help.push_str(&format!("{} accepts: {}", self.what, known.join(", ")));
            ctx.error(key.span(), format!("unknown field `{name}` in {}", self.what)).help = Some(help);
        }
    }

    pub fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }

    /// Every key with its value, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&'t Spanned<std::borrow::Cow<'i, str>>, &'t Value<'i>)> {
        self.table.iter()
    }

    fn missing(&self, ctx: &mut Ctx, key: &str, example: &str) {
        self.report_missing(
            ctx,
            key,
            format!("{} has no `{key}`", self.what),
            format!("add it, for example: {key} = {example}"),
        );
    }

    /// Reports that the table has no `key`, unless an unknown field of it was reported as `key`
    /// misspelt ([`Table::check_fields`], called first): one mistake, said once.
    pub fn report_missing(&self, ctx: &mut Ctx, key: &str, message: impl Into<String>, help: impl Into<String>) {
        if ctx.suggested.iter().any(|(at, k)| *at == self.range.start && k == key) {
            return;
        }
        ctx.error(self.head(), message).help = Some(help.into());
    }

    fn wrong_type(&self, ctx: &mut Ctx, key: &str, v: &Value, wanted: &str, example: &str) {
        ctx.error(v.span(), format!("`{key}` in {} must be {wanted}, found {}", self.what, type_name(v.get_ref())))
            .help = Some(format!("for example: {key} = {example}"));
    }

    /// A required text field, NFC-normalised and trimmed; empty text counts as missing.
    pub fn req_string(&self, ctx: &mut Ctx, key: &str, example: &str) -> Option<Located<String>> {
        match self.get(key) {
            None => {
                self.missing(ctx, key, example);
                None
            }
            Some(v) => {
                let s = self.string_value(ctx, key, v, example)?;
                if s.value.is_empty() {
                    ctx.error(v.span(), format!("`{key}` in {} is empty", self.what)).help =
                        Some(format!("for example: {key} = {example}"));
                    return None;
                }
                Some(s)
            }
        }
    }

    /// An optional text field; empty text is treated as absent.
    pub fn opt_string(&self, ctx: &mut Ctx, key: &str) -> Option<String> {
        let v = self.get(key)?;
        self.string_value(ctx, key, v, "\"…\"").map(|s| s.value).filter(|s| !s.is_empty())
    }

    pub fn opt_located(&self, ctx: &mut Ctx, key: &str) -> Option<Located<String>> {
        let v = self.get(key)?;
        self.string_value(ctx, key, v, "\"…\"").filter(|s| !s.value.is_empty())
    }

    fn string_value(&self, ctx: &mut Ctx, key: &str, v: &Value, example: &str) -> Option<Located<String>> {
        match v.get_ref() {
            DeValue::String(s) => Some(Located::new(text::clean(s), ctx.span(v.span()))),
            _ => {
                self.wrong_type(ctx, key, v, "text in double quotes", example);
                None
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn strings(&self, ctx: &mut Ctx, key: &str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => {
                let s = text::clean(s);
                if s.is_empty() { Vec::new() } else { vec![Located::new(s, ctx.span(v.span()))] }
            }
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            let s = text::clean(s);
                            if s.is_empty() {
                                ctx.error(item.span(), format!("empty text in `{key}`")).help =
                                    Some("remove the empty \"\" from the list, or write what it stands for".into());
                            } else {
                                out.push(Located::new(s, ctx.span(item.span())));
                            }
                        }
                        other => {
                            ctx.error(
                                item.span(),
                                format!("`{key}` in {} must list texts, found {}", self.what, type_name(other)),
                            )
                            .help = Some(format!("for example: {key} = [\"…\", \"…\"]"));
                        }
                    }
                }
                out
            }
            _ => {
                self.wrong_type(ctx, key, v, "a list of texts", "[\"…\", \"…\"]");
                Vec::new()
            }
        }
    }

    /// A finite number, whole or decimal.
    pub fn opt_number(&self, ctx: &mut Ctx, key: &str) -> Option<Located<f64>> {
        let v = self.get(key)?;
        number_value(ctx, v, &format!("`{key}` in {}", self.what))
    }

    pub fn req_number(&self, ctx: &mut Ctx, key: &str, example: &str) -> Option<Located<f64>> {
        if self.get(key).is_none() {
            self.missing(ctx, key, example);
            return None;
        }
        self.opt_number(ctx, key)
    }

    pub fn opt_integer(&self, ctx: &mut Ctx, key: &str) -> Option<i64> {
        let n = self.opt_number(ctx, key)?;
        if n.value.fract() != 0.0 || n.value.abs() > 1e15 {
            ctx.diags.push(
                Diagnostic::error(&n.span, format!("`{key}` in {} must be a whole number", self.what))
                    .with_help("write a whole number, without a decimal part and at most 15 digits (3, not 3.5)"),
            );
            return None;
        }
        Some(n.value as i64)
    }

    pub fn bool(&self, ctx: &mut Ctx, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    self.wrong_type(ctx, key, v, "true or false", "true");
                    false
                }
            },
        }
    }

    /// A calendar day: a TOML date (`2026-03-20`) or text in that form or `20/3/2026`.
    pub fn opt_date(&self, ctx: &mut Ctx, key: &str) -> Option<Located<NaiveDate>> {
        let v = self.get(key)?;
        let what = format!("`{key}` in {}", self.what);
        date_value(ctx, v, &what)
    }

    pub fn req_date(&self, ctx: &mut Ctx, key: &str, example: &str) -> Option<Located<NaiveDate>> {
        if self.get(key).is_none() {
            self.missing(ctx, key, example);
            return None;
        }
        self.opt_date(ctx, key)
    }

    /// A nested table, inline or not.
    pub fn opt_table(&self, ctx: &mut Ctx, key: &str, what: &'static str) -> Option<Table<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table { table: t, range: v.span(), what }),
            _ => {
                self.wrong_type(ctx, key, v, "a table", "{ … }");
                None
            }
        }
    }

    /// An array of tables (`[[task]]`); a single table is accepted as a list of one.
    pub fn tables(&self, ctx: &mut Ctx, key: &str, what: &'static str) -> Vec<Table<'t, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Table { table: t, range: item.span(), what }),
                        other => {
                            ctx.error(item.span(), format!("`{key}` must hold tables, found {}", type_name(other)))
                                .help = Some(format!("write each entry as a [[{key}]] block"));
                        }
                    }
                }
                out
            }
            DeValue::Table(t) => vec![Table { table: t, range: v.span(), what }],
            _ => {
                self.wrong_type(ctx, key, v, "a list of tables", &format!("[[{key}]] blocks"));
                Vec::new()
            }
        }
    }
}

/// A number from any TOML value, with a message naming `what` when it is not a finite number.
pub fn number_value(ctx: &mut Ctx, v: &Value, what: &str) -> Option<Located<f64>> {
    let span = ctx.span(v.span());
    let parsed = match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|n| n as f64),
        DeValue::Float(f) => {
            let raw = f.as_str().replace('_', "");
            match raw.trim_start_matches(['+', '-']) {
                "nan" | "inf" => {
                    ctx.error(v.span(), format!("{what} must be a finite number, found `{raw}`")).help =
                        Some("write the figure itself, e.g. 82.4; leave the field out when there is none".into());
                    return None;
                }
                _ => raw.parse::<f64>().ok(),
            }
        }
        DeValue::String(s) => {
            let hint = s.trim().replace('.', "").replace(',', ".").trim_end_matches('%').trim().to_string();
            ctx.error(v.span(), format!("{what} must be a number, found text \"{s}\"")).help =
                Some(if hint.parse::<f64>().is_ok() {
                    let point = if hint.contains('.') { ", with a decimal point" } else { "" };
                    let sign = if s.trim().ends_with('%') { " or %" } else { "" };
                    format!("write it as a number, without quotes{sign}{point}: {hint}")
                } else {
                    "write numbers without quotes: 82.4 (the documents' \"3,0%\" is 3.0, \"1.200\" is 1200)".into()
                });
            return None;
        }
        other => {
            ctx.error(v.span(), format!("{what} must be a number, found {}", type_name(other))).help =
                Some("for example: 82.4".into());
            return None;
        }
    };
    match parsed {
        // Each kind of figure has its own bound, which its reader applies and names.
        Some(n) if n.is_finite() => Some(Located::new(n, span)),
        _ => {
            // Only a float can overflow (`1e400`): read as infinity.
            ctx.error(v.span(), format!("{what} is too large: it is beyond any number this tool can read")).help = Some(
                format!(
                    "figures are at most {MAX_AMOUNT:e} in size; check for a typing mistake (an extra digit or exponent)"
                ),
            );
            None
        }
    }
}

/// The largest figure of any kind a site holds: budgets in VND (10^18 VND is far beyond any
/// public budget). Larger numbers are typing mistakes, and near f64's limit they overflow in
/// the chart's arithmetic.
pub const MAX_AMOUNT: f64 = 1e18;

/// The largest indicator figure (values, baselines, targets): counts, percentages, ranks and
/// amounts all stay far below 10^15.
pub const MAX_FIGURE: f64 = 1e15;

/// Refuses a number whose magnitude exceeds `max`, naming `what` and the bound.
pub fn within(ctx: &mut Ctx, n: Located<f64>, what: &str, max: f64) -> Option<Located<f64>> {
    if n.value.abs() <= max {
        return Some(n);
    }
    let (message, help) = too_large(what, n.value, max);
    ctx.diags.push(Diagnostic::error(&n.span, message).with_help(help));
    None
}

/// What is said of a number beyond `max`, and the help: the same wherever it is typed (a
/// progress file, a spreadsheet's cell).
pub fn too_large(what: &str, value: f64, max: f64) -> (String, String) {
    (
        format!("{what} is too large: {value} is beyond what it can be"),
        format!(
            "figures of this kind are at most {max:e} in size; check for a typing mistake \
             (an extra digit, or a thousands separator written as a decimal point)"
        ),
    )
}

/// A calendar day from a TOML date or from text (`2026-03-20`, `20/3/2026`).
pub fn date_value(ctx: &mut Ctx, v: &Value, what: &str) -> Option<Located<NaiveDate>> {
    let span = ctx.span(v.span());
    let day = match v.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() => {
            dt.date.and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32))
        }
        DeValue::String(s) => parse_day(s),
        _ => None,
    };
    match day {
        Some(d) if !super::deadline::YEARS.contains(&chrono::Datelike::year(&d)) => {
            let years = super::deadline::YEARS;
            ctx.error(
                v.span(),
                format!(
                    "{what} is in the year {}, outside {}–{}",
                    chrono::Datelike::year(&d),
                    years.start(),
                    years.end()
                ),
            )
            .help = Some("check the year for a typing mistake".into());
            None
        }
        Some(d) => Some(Located::new(d, span)),
        None => {
            let written = match v.get_ref() {
                DeValue::String(s) => impossible_day(s),
                _ => None,
            };
            match written {
                Some((y, m, d)) => {
                    ctx.error(v.span(), format!("{what} names day {d} of month {m}/{y}, which does not exist")).help =
                        Some(format!(
                            "month {m}/{y} has {} days; check the date against the document",
                            super::deadline::days_in_month(y, m)
                        ));
                }
                None => {
                    ctx.error(v.span(), format!("{what} must be a calendar day")).help =
                        Some("write it as 2026-03-20 (year-month-day, no quotes) or \"20/3/2026\"".into());
                }
            }
            None
        }
    }
}

/// A day written in a form [`parse_day`] reads whose month has no such day (`31/02/2026`,
/// `2026-04-31`): its year, month and day.
fn impossible_day(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let numbers = |parts: Vec<&str>| -> Option<Vec<i64>> { parts.iter().map(|p| p.parse().ok()).collect() };
    let (y, m, d) = if let Some([y, m, d]) = numbers(s.split('-').collect()).as_deref() {
        (*y, *m, *d)
    } else if let Some([d, m, y]) = numbers(s.split('/').collect()).as_deref() {
        (*y, *m, *d)
    } else {
        return None;
    };
    let (y, m, d) = (i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d) && NaiveDate::from_ymd_opt(y, m, d).is_none()).then_some((y, m, d))
}

/// `2026-03-20` or `20/3/2026`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
}

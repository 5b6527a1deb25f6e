//! The form's cell behind a place in the progress file an import would write: a check of the
//! whole site reports at a line of that file, which is not on disk yet and which the agency
//! never saw; the cell it came from is what they can correct.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::cells::Place;
use super::merge::{TaskAnswer, ValueAnswer};

/// What an import answers: the period's end (a figure's date when it gives none), and its
/// answers with the cells they came from.
pub(super) type Answered<'a> = (NaiveDate, &'a [TaskAnswer], &'a [ValueAnswer]);

/// A progress file as the import would write it, read once for every error found in it.
pub(super) struct Written<'t>(toml::Spanned<DeTable<'t>>);

impl<'t> Written<'t> {
    pub(super) fn parse(text: &'t str) -> Option<Self> {
        DeTable::parse(text).ok().map(Written)
    }

    /// The cell, and its field, of the answer whose `[[task]]` or `[[value]]` holds the byte
    /// `offset`: the field's own cell when the offset is in its value and the form has that
    /// column, else the answer's row. `None` when no answer of this import wrote there (a block
    /// the file already held).
    pub(super) fn cell_behind(&self, offset: usize, answered: Answered) -> Option<(Place, Option<&'static str>)> {
        let (period_end, tasks, values) = answered;
        cell_behind(self.0.get_ref(), offset, period_end, tasks, values)
    }
}

fn cell_behind(
    root: &DeTable<'_>,
    offset: usize,
    period_end: NaiveDate,
    tasks: &[TaskAnswer],
    values: &[ValueAnswer],
) -> Option<(Place, Option<&'static str>)> {
    for kind in ["task", "value"] {
        let Some(DeValue::Array(items)) = root.get(kind).map(|v| v.get_ref()) else { continue };
        for item in items.iter() {
            let DeValue::Table(block) = item.get_ref() else { continue };
            let held = item.span().contains(&offset)
                || block.iter().any(|(k, v)| k.span().contains(&offset) || v.span().contains(&offset));
            if !held {
                continue;
            }
            let text_of = |key: &str| match block.get(key).map(|v| v.get_ref()) {
                Some(DeValue::String(s)) => Some(s.to_string()),
                _ => None,
            };
            let field = block
                .iter()
                .find(|(k, v)| k.span().contains(&offset) || v.span().contains(&offset))
                .map(|(k, _)| k.get_ref().to_string());
            let (row, places) = if kind == "task" {
                let key = text_of("ref")?;
                let answer = tasks.iter().find(|t| t.key == key)?;
                (&answer.place, &answer.places)
            } else {
                let indicator = text_of("indicator")?;
                let date = match block.get("as_of").map(|v| v.get_ref()) {
                    Some(DeValue::Datetime(d)) => {
                        let d = d.date?;
                        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?
                    }
                    _ => period_end,
                };
                let answer = values.iter().find(|v| v.indicator == indicator && v.date == date)?;
                (&answer.value_place, &answer.places)
            };
            return Some(match field.as_deref().and_then(|f| places.get_key_value(f)) {
                Some((field, place)) => (place.clone(), Some(*field)),
                None => (Place { col: None, ..row.clone() }, None),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::TaskStatus;

    fn place(row: usize, col: Option<usize>) -> Place {
        Place { file: "f.xlsx".into(), sheet: Some("Nhiệm vụ".into()), row, col }
    }

    fn task(key: &str, row: usize) -> TaskAnswer {
        TaskAnswer {
            key: key.into(),
            status: TaskStatus::Done,
            percent: None,
            note: None,
            evidence: None,
            unit: None,
            place: place(row, None),
            places: BTreeMap::from([("status", place(row, Some(11))), ("note", place(row, Some(13)))]),
            as_made: false,
        }
    }

    fn value(indicator: &str, date: NaiveDate, row: usize) -> ValueAnswer {
        ValueAnswer {
            indicator: indicator.into(),
            value: 1.0,
            date,
            source: None,
            note: None,
            unit: None,
            value_place: place(row, Some(11)),
            places: BTreeMap::from([("value", place(row, Some(11))), ("note", place(row, Some(13)))]),
            as_made: false,
        }
    }

    const FILE: &str = "period = \"2026-Q2\"\n\n[[value]]\nindicator = \"a\"\nvalue = 1\nnote = \"Xem [x](y.md)\"\n\n\
                        [[value]]\nindicator = \"a\"\nvalue = 1\nas_of = 2026-03-31\nnote = \"z\"\n\n\
                        [[task]]\nref = \"p/1\"\nstatus = \"done\"\nnote = \"\"\"\nDòng một\nXem [x](y.md)\"\"\"\nevidence = []\n\n\
                        [[task]]\nref = \"p/2\"\nstatus = \"done\"\n";

    fn at(s: &str, nth: usize) -> usize {
        FILE.match_indices(s).nth(nth).expect("in the file").0
    }

    #[test]
    fn a_place_in_a_field_is_that_fields_cell_of_that_answer() {
        let end = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let tasks = [task("p/2", 7), task("p/1", 4)];
        let values = [value("a", end, 2), value("a", NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(), 3)];
        let written = Written::parse(FILE).unwrap();
        let behind = |offset| written.cell_behind(offset, (end, &tasks, &values));
        // A link deep in a task's note of several lines.
        assert_eq!(behind(at("y.md", 1)), Some((place(4, Some(13)), Some("note"))));
        // The same indicator twice: told apart by the day each describes.
        assert_eq!(behind(at("y.md", 0)), Some((place(2, Some(13)), Some("note"))));
        assert_eq!(behind(at("\"z\"", 0)), Some((place(3, Some(13)), Some("note"))));
        // A field the form has no column for: the answer's row.
        assert_eq!(behind(at("[]", 0)), Some((place(4, None), None)));
        assert_eq!(behind(at("\"p/2\"", 0)), Some((place(7, None), None)));
        // Outside every block, or in a block no answer wrote.
        assert_eq!(behind(at("period", 0)), None);
        assert_eq!(written.cell_behind(at("\"p/2\"", 0), (end, &tasks[1..], &values)), None);
    }
}

//! CSV lines split where they should not be. In a comma-separated file a number written with
//! a decimal comma (`45,5`) or a thousands comma (`12,345`) becomes two fields: `45` under its
//! name and `5` under the next, every later answer shifted by one. Read that way the line
//! would report a wrong figure, so it is refused, with the way to write it.

use super::cells::{Cell, Grid, Place};
use super::problem::Problem;

const HELP: &str = "a number with a decimal comma (45,5) or a text with a comma must be in double quotes (\"45,5\"), or the fields separated by `;`, as Excel does where the decimal separator is a comma; a remark of its own belongs in `note`, or under a field name added to line 1";

/// Answers that are figures: a decimal comma splits them.
const FIGURES: [&str; 2] = ["value", "percent"];

/// Refuses each line of a CSV grid that has more fields than its line of field names, or
/// whose figure is followed by a field of digits alone where a text is expected.
pub(super) fn split_lines(
    grid: &Grid,
    header_row: usize,
    fields: &[(usize, &'static str)],
    place: &dyn Fn(usize, Option<usize>) -> Place,
    problems: &mut Vec<Problem>,
) {
    let Some(written) = &grid.written else { return };
    let named = written.fields(header_row);
    for (r, row) in grid.rows.iter().enumerate().skip(header_row + 1) {
        // A line without a field (a blank line) is no split line.
        if row.is_empty() {
            continue;
        }
        if written.fields(r) > named {
            problems.push(
                Problem::new(format!(
                    "this line has {} fields but the line of field names has {named}",
                    written.fields(r)
                ))
                .at(place(r, Some(named)))
                .found(row.iter().map(Cell::text).collect::<Vec<_>>().join(" | "))
                .help(format!("read as it is, some field would be taken under the wrong name; {HELP}")),
            );
            continue;
        }
        if written.separator != b',' {
            continue;
        }
        // A line may leave out its last empty fields, so a split one need not be longer.
        for &(c, field) in fields.iter().filter(|(_, f)| FIGURES.contains(f)) {
            let next = fields.iter().find(|(n, _)| *n == c + 1).map(|(_, f)| *f);
            let figure = grid.get(r, c).text();
            let after = grid.get(r, c + 1).text();
            let split = whole_number(&figure)
                && !written.quoted(r, c)
                && !after.is_empty()
                && after.bytes().all(|b| b.is_ascii_digit())
                && !written.quoted(r, c + 1)
                && next.is_none_or(|n| !FIGURES.contains(&n));
            if split {
                let under = next.map(|n| format!(" under `{n}`")).unwrap_or_default();
                problems.push(
                    Problem::new(format!(
                        "`{figure},{after}` looks like one number split in two by its comma: `{figure}` is read as `{field}` and `{after}`{under}"
                    ))
                    .at(place(r, Some(c)))
                    .field(field)
                    .help(format!("{HELP}; if `{after}` really is the next field, put it in double quotes (\"{after}\")")),
                );
            }
        }
    }
}

/// `45`, `-3`, `+12`: what a decimal or thousands comma leaves before itself.
fn whole_number(text: &str) -> bool {
    let digits = text.trim().trim_start_matches(['+', '-']);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

//! Problems found in a spreadsheet, in the project's diagnostic layout but pointing at a cell
//! (`bao-cao.xlsx: Nhiệm vụ!L12`) instead of a line and column.
//!
//! Most are errors: the import writes nothing while one remains. A warning says something the
//! keeper must know but that is no reason to refuse the answers (what an agency typed where
//! nothing is read); it never stops an import.

use std::fmt::Write as _;

use super::cells::Place;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// `None` for a problem of a whole file that has no place (cannot be opened).
    pub at: Option<Place>,
    /// The column's field name, shown after the place.
    pub field: Option<String>,
    /// The cell's content as found, quoted under the place.
    pub found: Option<String>,
    pub help: Option<String>,
    /// Another place the problem involves, with what is there.
    pub also: Option<(Place, String)>,
    /// A warning rather than an error: said, but the import goes on.
    pub warning: bool,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Self {
        Problem { message: message.into(), at: None, field: None, found: None, help: None, also: None, warning: false }
    }

    /// A problem that is said but stops nothing.
    pub fn warning(message: impl Into<String>) -> Self {
        Problem { warning: true, ..Problem::new(message) }
    }

    pub fn at(mut self, place: Place) -> Self {
        self.at = Some(place);
        self
    }

    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn found(mut self, text: impl Into<String>) -> Self {
        self.found = Some(text.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn also(mut self, place: Place, what: impl Into<String>) -> Self {
        self.also = Some((place, what.into()));
        self
    }

    /// ```text
    /// error: `xong` is not a task status
    ///   --> bao-cao-so-khcn.xlsx: Nhiệm vụ!L12 (status)
    ///    |
    ///    | xong
    ///    = help: accepted: …
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let level = if self.warning { "warning" } else { "error" };
        let _ = writeln!(out, "{level}: {}", self.message);
        if let Some(at) = &self.at {
            let field = self.field.as_ref().map(|f| format!(" ({f})")).unwrap_or_default();
            let _ = writeln!(out, "  --> {at}{field}");
        }
        if let Some(found) = &self.found {
            let _ = writeln!(out, "   |");
            for line in found.lines().take(4) {
                let shown: String = line.chars().take(160).collect();
                let _ = writeln!(out, "   | {shown}");
            }
        }
        if let Some((place, what)) = &self.also {
            let _ = writeln!(out, "   = note: {what}: {place}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {help}");
        }
        out
    }
}

/// How many problems of one kind in one file are shown: a sheet of thousands of rows pasted in
/// by mistake would otherwise print one screenful per row, the same each time.
const SHOWN_OF_A_KIND: usize = 10;

/// Every problem rendered, in order (warnings only with `warnings`), but no more than
/// [`SHOWN_OF_A_KIND`] of the same message and help in one file: the rest are counted in one
/// line after the last shown.
pub fn render_all(problems: &[Problem], warnings: bool) -> String {
    use std::collections::BTreeMap;
    let file = |p: &Problem| p.at.as_ref().map(|a| a.file.clone());
    let mut seen: BTreeMap<(Option<String>, &str, Option<&str>), usize> = BTreeMap::new();
    for p in problems.iter().filter(|p| !p.warning || warnings) {
        *seen.entry((file(p), p.message.as_str(), p.help.as_deref())).or_default() += 1;
    }
    let mut shown: BTreeMap<(Option<String>, &str, Option<&str>), usize> = BTreeMap::new();
    let mut out = String::new();
    for p in problems.iter().filter(|p| !p.warning || warnings) {
        let key = (file(p), p.message.as_str(), p.help.as_deref());
        let n = shown.entry(key.clone()).or_default();
        *n += 1;
        if *n <= SHOWN_OF_A_KIND {
            let _ = writeln!(out, "{}", p.render());
        }
        let all = seen[&key];
        if *n == SHOWN_OF_A_KIND && all > SHOWN_OF_A_KIND {
            let level = if p.warning { "warning(s)" } else { "error(s)" };
            let place = key.0.map(|f| format!(" in {f}")).unwrap_or_default();
            let _ =
                writeln!(out, "… and {} more {level} like the one above{place}, not shown\n", all - SHOWN_OF_A_KIND);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_problems_of_one_kind_are_counted_after_the_first_ten() {
        let at = |row| Place { file: "rac.csv".into(), sheet: None, row, col: Some(1) };
        let mut problems: Vec<Problem> =
            (0..25).map(|r| Problem::new("'x' is not a status").at(at(r)).help("accepted: …")).collect();
        problems.push(Problem::new("another").at(at(30)));
        problems.push(Problem::warning("a warning").at(at(31)));
        let out = render_all(&problems, true);
        assert_eq!(out.matches("is not a status").count(), 10, "{out}");
        assert!(out.contains("rac.csv: B10\n") && !out.contains("rac.csv: B11\n"), "{out}");
        assert!(out.contains("… and 15 more error(s) like the one above in rac.csv, not shown\n"), "{out}");
        assert!(out.contains("error: another") && out.contains("warning: a warning"), "{out}");
        assert!(!render_all(&problems, false).contains("a warning"));
        // Ten of a kind are all shown, without a count.
        assert!(!render_all(&problems[15..], true).contains("more error(s)"));
    }
}

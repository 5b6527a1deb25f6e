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

//! Problems found in a site's input, with where they are and what would be accepted.
//!
//! Every stage reports into a list of diagnostics instead of stopping at the first problem, so
//! one run shows the press office everything there is to fix.

use std::fmt::Write as _;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One source file of the site, kept so that messages can quote the offending line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// Shared with what a preview server keeps of the file between rebuilds.
    pub text: std::sync::Arc<str>,
}

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

/// Every file read by a build, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: String, text: impl Into<std::sync::Arc<str>>) -> FileId {
        self.files.push(SourceFile { path, text: text.into() });
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.files[id.0].path
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[id.0].text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in; `None` for problems of the whole site.
    pub file: Option<FileId>,
    /// Where in the file; `None` when the whole file is at fault.
    pub range: Option<Range<usize>>,
    pub message: String,
    /// What would be accepted, or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: &Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Error, span, message)
    }

    pub fn warning(span: &Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Warning, span, message)
    }

    fn at(severity: Severity, span: &Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: Some(span.file),
            range: Some(span.range.clone()),
            message: message.into(),
            help: None,
        }
    }

    /// A problem with a whole file, such as one that is not UTF-8.
    pub fn file_error(file: FileId, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file: Some(file), range: None, message: message.into(), help: None }
    }

    /// A problem with the site as a whole, outside any one file.
    pub fn site_error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file: None, range: None, message: message.into(), help: None }
    }

    /// A warning about the site as a whole, outside any one place in a file.
    pub fn site_warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, file: None, range: None, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A diagnostic brought back from the text [`Diagnostic::render`] made of it, without the
    /// sources it quoted: it renders as that text again. `None` for text it did not make.
    pub fn as_shown(severity: Severity, shown: &str) -> Option<Diagnostic> {
        let message = shown.strip_prefix(severity.label())?.strip_prefix(": ")?.strip_suffix('\n')?;
        Some(Diagnostic { severity, file: None, range: None, message: message.to_string(), help: None })
    }
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where a diagnostic points, resolved to a path, line and column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn location(&self, sources: &Sources) -> Option<Location> {
        let file = self.file?;
        let (line, column) = match &self.range {
            Some(r) => sources.line_col(file, r.start),
            None => (1, 1),
        };
        Some(Location { path: sources.path(file).to_string(), line, column })
    }

    /// Renders the diagnostic as plain text in the familiar compiler layout:
    ///
    /// ```text
    /// error: unknown field `titel` in a task
    ///   --> data/plans/bql.toml:12:1
    ///    |
    /// 12 | titel = "…"
    ///    | ^^^^^
    ///    = help: did you mean `title`?
    /// ```
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}: {}", self.severity.label(), self.message);
        if let Some(loc) = self.location(sources) {
            let gutter = " ".repeat(loc.line.to_string().len());
            let _ = writeln!(out, "{gutter}--> {}:{}:{}", loc.path, loc.line, loc.column);
            if let (Some(file), Some(range)) = (self.file, &self.range) {
                let text = &sources.get(file).text;
                let line_text = text.lines().nth(loc.line - 1).unwrap_or("");
                let shown: String = line_text.chars().take(160).collect();
                let span_chars =
                    text.get(range.clone()).map(|s| s.lines().next().unwrap_or("").chars().count()).unwrap_or(1).max(1);
                let remaining = shown.chars().count().saturating_sub(loc.column - 1).max(1);
                let _ = writeln!(out, "{gutter} |");
                let _ = writeln!(out, "{} | {}", loc.line, shown.trim_end());
                let _ =
                    writeln!(out, "{gutter} | {}{}", " ".repeat(loc.column - 1), "^".repeat(span_chars.min(remaining)));
            }
            if let Some(help) = &self.help {
                let _ = writeln!(out, "{gutter} = help: {help}");
            }
        } else if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Sorts diagnostics by file, position and message so that output is stable across runs.
pub fn sort(diags: &mut [Diagnostic], sources: &Sources) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (d.file.map(|f| sources.path(f).to_string()), d.range.as_ref().map(|r| r.start), d.message.clone())
        };
        key(a).cmp(&key(b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_line_column_and_caret() {
        let mut sources = Sources::default();
        let f = sources.add("data/units.toml".into(), "[[unit]]\nid = \"x\"\nnam = \"Sở\"\n");
        let d = Diagnostic::error(&Span { file: f, range: 18..21 }, "unknown field `nam`")
            .with_help("did you mean `name`?");
        let text = d.render(&sources);
        assert!(text.contains("--> data/units.toml:3:1"), "{text}");
        assert!(text.contains("3 | nam = \"Sở\""), "{text}");
        assert!(text.contains("  | ^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean `name`?"), "{text}");
    }

    #[test]
    fn a_diagnostic_brought_back_from_its_text_renders_as_that_text() {
        let mut sources = Sources::default();
        let f = sources.add("data/units.toml".into(), "[[unit]]\nid = \"x\"\nnam = \"Sở\"\n");
        let d = Diagnostic::warning(&Span { file: f, range: 18..21 }, "unknown field `nam`").with_help("`name`?");
        let shown = d.render(&sources);
        let back = Diagnostic::as_shown(Severity::Warning, &shown).unwrap();
        assert_eq!(back.render(&Sources::default()), shown);
        assert_eq!(Diagnostic::as_shown(Severity::Error, &shown), None, "a warning's text is not an error's");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let mut sources = Sources::default();
        let f = sources.add("a.toml".into(), "tên = \"Sở\" x");
        let offset = "tên = \"Sở\" ".len();
        assert_eq!(sources.line_col(f, offset), (1, 12));
    }
}

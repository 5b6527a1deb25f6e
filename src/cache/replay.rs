//! What a build of a site's inputs found wrong, kept under the digest of those inputs.
//!
//! The check (load, resolve, links, assess) depends only on the inputs: the digest covers the
//! sources, the snapshots' listing, the program and the options, and "today" is the end of the
//! period built, not the clock. So a build whose inputs have the digest of an earlier
//! successful build finds exactly what that one found; when its output folder is also intact
//! there is nothing else to do, and the check, three quarters of such a build on a large site,
//! is not run again: its warnings are told as that build told them.

use serde::{Deserialize, Serialize};

use super::Cache;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::Checked;

const NAME: &str = "checked.json";
/// How many builds' records are kept: a site built with two sets of options in turn (say
/// with and without `--base-url`) finds both.
const KEPT: usize = 4;

#[derive(Serialize, Deserialize, Default)]
struct Records {
    /// The latest first.
    builds: Vec<Record>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    inputs: String,
    /// Each warning as the build showed it.
    warnings: Vec<String>,
}

/// What the successful build of the inputs with this digest found (warnings only: a build that
/// finds an error succeeds at nothing), in the order it told them; `None` when no build of
/// them is on record.
pub fn recall(cache: &Cache, inputs: &str) -> Option<Vec<Diagnostic>> {
    let records: Records = serde_json::from_slice(&cache.read(NAME)?).ok()?;
    let record = records.builds.into_iter().find(|r| r.inputs == inputs)?;
    record.warnings.iter().map(|shown| Diagnostic::as_shown(Severity::Warning, shown)).collect()
}

/// Keeps what `checked` found under the digest of its inputs, when it found no error.
pub fn keep(cache: &Cache, inputs: &str, checked: &Checked) -> std::io::Result<()> {
    if checked.errors() > 0 {
        return Ok(());
    }
    let warnings: Vec<String> = checked.diagnostics.iter().map(|d| d.render(&checked.sources)).collect();
    let mut records: Records =
        cache.read(NAME).and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
    if records.builds.first().is_some_and(|r| r.inputs == inputs && r.warnings == warnings) {
        return Ok(());
    }
    records.builds.retain(|r| r.inputs != inputs);
    records.builds.insert(0, Record { inputs: inputs.to_string(), warnings });
    records.builds.truncate(KEPT);
    let text = serde_json::to_vec_pretty(&records).map_err(std::io::Error::other)?;
    cache.write(NAME, &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    fn checked_with(diagnostics: Vec<Diagnostic>) -> Checked {
        let mut checked = crate::pipeline::check(&crate::test_support::fixture("basic"), None);
        checked.diagnostics = diagnostics;
        checked
    }

    #[test]
    fn a_build_recalls_the_warnings_of_the_last_build_of_its_inputs_as_they_were_shown() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        let mut checked = checked_with(Vec::new());
        let file = checked.sources.add("data/units.toml".into(), "[[unit]]\nid = \"x\"\n");
        let warning = Diagnostic::warning(&Span { file, range: 9..11 }, "a unit with no name").with_help("name it");
        checked.diagnostics = vec![warning.clone(), Diagnostic::site_warning("no base_url")];
        let shown: Vec<String> = checked.diagnostics.iter().map(|d| d.render(&checked.sources)).collect();
        keep(&cache, "one", &checked).unwrap();
        let recalled = recall(&cache, "one").expect("kept");
        let none = crate::diagnostic::Sources::default();
        assert_eq!(recalled.iter().map(|d| d.render(&none)).collect::<Vec<_>>(), shown);
        assert!(recalled.iter().all(|d| d.severity == Severity::Warning));
        assert_eq!(recall(&cache, "two"), None, "other inputs");
        for n in 0..KEPT {
            keep(&cache, &format!("later {n}"), &checked_with(Vec::new())).unwrap();
        }
        assert_eq!(recall(&cache, "one"), None, "only the latest builds are kept");
        assert_eq!(recall(&cache, &format!("later {}", KEPT - 1)), Some(Vec::new()));
    }

    #[test]
    fn a_build_that_found_errors_is_not_kept() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        keep(&cache, "one", &checked_with(vec![Diagnostic::site_error("broken")])).unwrap();
        assert_eq!(recall(&cache, "one"), None);
        assert!(!root.path().join(super::super::NAME).exists(), "nothing written");
    }
}

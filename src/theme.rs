//! Themes: the default theme is embedded in the binary; a site's `themes/<name>/` overrides it
//! file by file (templates, static files, UI strings per language), so a site needs no theme
//! files at all.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Sources, Span};

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
const DEFAULT: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/indicators.html",
    "templates/indicator.html",
    "templates/plans.html",
    "templates/plan.html",
    "templates/units.html",
    "templates/unit.html",
    "templates/periods.html",
    "templates/period.html",
    "templates/list.html",
    "templates/post.html",
    "templates/method.html",
    "templates/page.html",
    "templates/404.html",
    "templates/archive.html",
    "templates/search.html",
    "templates/share.html",
    "templates/embed.html",
    "static/style.css",
    "static/search.js",
    "i18n/vi.toml",
    "i18n/en.toml",
];

#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// Template name (file name under `templates/`) → source.
    pub templates: BTreeMap<String, String>,
    /// The templates the site's own theme folder gives: name → the file's path in the site.
    /// The others are the built-in default theme's.
    pub site_templates: BTreeMap<String, String>,
    /// Path under `static/` → bytes, copied to the output's `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Language → UI string key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The site theme's templates as sources, so that a problem in one is shown at its line.
    pub site_template_ids: BTreeMap<String, crate::diagnostic::FileId>,
    /// The site theme's string files: their paths, languages and texts, for [`unused_strings`].
    site_strings: Vec<(String, String, String)>,
}

/// Kinds of file a theme's `static/` may publish (style, script, fonts, images), each with
/// whether it is text, which is looked through for secret keys.
const STATIC_KINDS: &[(&str, bool)] = &[
    ("css", true),
    ("js", true),
    ("mjs", true),
    ("json", true),
    ("map", true),
    ("txt", true),
    ("svg", true),
    ("woff", false),
    ("woff2", false),
    ("ttf", false),
    ("otf", false),
    ("png", false),
    ("jpg", false),
    ("jpeg", false),
    ("gif", false),
    ("webp", false),
    ("avif", false),
    ("ico", false),
];

/// Why a file under a theme's `static/` may not be published, if it may not: editors' backups
/// (`style.css~`), notes and keys left in the folder would otherwise go out with the site.
fn static_refusal(name: &str, bytes: &[u8]) -> Option<String> {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match STATIC_KINDS.iter().find(|(k, _)| *k == ext) {
        None if ext.is_empty() => Some("it has no extension, so its kind cannot be told".into()),
        None => Some(format!("files of type .{ext} are not among those a theme publishes")),
        Some((_, true)) => crate::output::assets::secret_refusal(bytes),
        Some((_, false)) => None,
    }
}

impl Theme {
    /// Where the template `name` comes from, as a site keeper would look for it.
    pub fn template_file(&self, name: &str) -> String {
        match self.site_templates.get(name) {
            Some(path) => path.clone(),
            None => format!("{name} of the built-in default theme"),
        }
    }

    /// A UI string, or its key when a translation is missing (so a gap shows, not a blank).
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.strings.get(lang).and_then(|s| s.get(key)).cloned().unwrap_or_else(|| key.to_string())
    }
}

/// The built-in default theme's template `name`.
pub fn builtin_template(name: &str) -> Option<&'static str> {
    let (_, bytes) = DEFAULT.iter().find(|(path, _)| path.strip_prefix("templates/") == Some(name))?;
    std::str::from_utf8(bytes).ok()
}

/// The names of the built-in default theme's templates.
pub fn builtin_template_names() -> Vec<&'static str> {
    DEFAULT.iter().filter_map(|(path, _)| path.strip_prefix("templates/")).collect()
}

/// A theme name is a plain folder name under `themes/`: a-z, 0-9, `-`, `_`. Anything else
/// (`../outside`, `/etc`) would read templates and publish static files from outside the site.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Loads the theme `name`: the embedded default overlaid with `root/themes/<name>/`. UI strings
/// are merged key by key, so an override file need only hold the strings it changes.
pub fn load(root: &Path, name: &str, sources: &mut Sources, diags: &mut Vec<Diagnostic>) -> Theme {
    let mut theme = Theme::default();
    for (path, bytes) in DEFAULT {
        theme.apply(path, bytes.to_vec(), "default", sources, diags);
    }
    // site.toml's reader refuses such names with their line; this guards every other caller.
    if !valid_name(name) {
        diags.push(
            Diagnostic::site_error(format!("`{name}` is not a theme name"))
                .with_help("a theme is a folder under themes/ named with a-z, 0-9, `-` and `_` only"),
        );
        return theme;
    }
    let prefix = format!("themes/{name}");
    let walked = crate::load::walk::walk(root, &prefix);
    diags.extend(walked.problems.into_iter().map(|(_, d)| d));
    if walked.exists {
        for (path, rel) in walked.files {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    if let Some(t) = rel.strip_prefix("templates/") {
                        theme.site_templates.insert(t.to_string(), format!("{prefix}/{rel}"));
                        if let Ok(text) = std::str::from_utf8(&bytes) {
                            let id = sources.add(format!("{prefix}/{rel}"), text.to_string());
                            theme.site_template_ids.insert(t.to_string(), id);
                        }
                    }
                    if let Some(lang) = rel.strip_prefix("i18n/").and_then(|f| f.strip_suffix(".toml")) {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        theme.site_strings.push((format!("{prefix}/{rel}"), lang.to_string(), text));
                    }
                    theme.apply(&rel, bytes, name, sources, diags)
                }
                Err(e) => diags.push(Diagnostic::site_error(format!("cannot read {prefix}/{rel}: {e}"))),
            }
        }
        unused_strings(&theme, sources, diags);
        endless_macros(&theme, diags);
    } else if name != "default" {
        diags.push(
            Diagnostic::site_error(format!("the theme `{name}` named in site.toml has no directory themes/{name}/"))
                .with_help(
                    "create it (only the files that differ from the default theme), or write theme = \"default\"",
                ),
        );
    }
    theme
}

/// A macro of the site's templates that always calls itself would overflow the stack and
/// abort the build without a word of where (see [`crate::theme_recursion`]): an error at it.
fn endless_macros(theme: &Theme, diags: &mut Vec<Diagnostic>) {
    for found in crate::theme_recursion::endless(&theme.templates) {
        let message = format!(
            "the macro `{}` always calls itself ({} → {}), so it would never end: rendering it would crash the build",
            found.cycle[0],
            found.cycle.join(" → "),
            found.cycle[0]
        );
        let help = "call a macro from itself only inside `{% if %}` or `{% for %}`, so that the calls stop";
        diags.push(match theme.site_template_ids.get(&found.template) {
            Some(&file) => Diagnostic::error(&Span { file, range: found.at..found.at + 2 }, message).with_help(help),
            None => Diagnostic::site_error(format!("templates/{}: {message}", found.template)).with_help(help),
        });
    }
}

/// A key of the site theme's UI strings that neither the built-in theme nor any template of
/// the theme uses is a typo (`hoem` for `home`): the text it was meant to change stays as it
/// was, so it is said, with the closest known key. So is a strings file for a language no
/// site can build.
fn unused_strings(theme: &Theme, sources: &mut Sources, diags: &mut Vec<Diagnostic>) {
    let builtin: BTreeMap<String, BTreeMap<String, String>> = DEFAULT
        .iter()
        .filter_map(|(path, bytes)| {
            let lang = path.strip_prefix("i18n/")?.strip_suffix(".toml")?;
            Some((lang.to_string(), toml::from_str(std::str::from_utf8(bytes).ok()?).ok()?))
        })
        .collect();
    for (path, lang, text) in &theme.site_strings {
        let Some(known) = builtin.get(lang) else {
            diags.push(
                Diagnostic::site_warning(format!(
                    "{path} holds strings for `{lang}`, a language no site can build: it is not used"
                ))
                .with_help(format!(
                    "UI strings are read for {}",
                    crate::text::quoted_list(&builtin.keys().cloned().collect::<Vec<_>>(), '"')
                )),
            );
            continue;
        };
        let Ok(strings) = toml::from_str::<BTreeMap<String, String>>(text) else { continue };
        let used = |key: &str| {
            theme.templates.values().any(|t| t.contains(&format!("t.{key}")) || t.contains(&format!("t[\"{key}\"]")))
        };
        let unknown: Vec<&String> = strings.keys().filter(|k| !known.contains_key(*k) && !used(k)).collect();
        if unknown.is_empty() {
            continue;
        }
        let id = sources.add(path.clone(), text.clone());
        for key in unknown {
            // The key where it is written: at the start of a line, before its `=`.
            let at = text
                .match_indices(key.as_str())
                .map(|(i, _)| i)
                .find(|&i| text[..i].rsplit('\n').next().is_some_and(|before| before.trim().is_empty()))
                .unwrap_or(0);
            let near = crate::text::closest(key, known.keys().map(String::as_str), 1);
            let mut d = Diagnostic::warning(
                &Span { file: id, range: at..at + key.len() },
                format!("the UI string `{key}` is not one the theme uses: its text is shown nowhere"),
            );
            d.help = Some(match near.first() {
                Some(near) => format!("did you mean `{near}`?"),
                None => "a template of the theme uses a string as `t.<key>`".to_string(),
            });
            diags.push(d);
        }
    }
}

impl Theme {
    fn apply(&mut self, path: &str, bytes: Vec<u8>, origin: &str, sources: &mut Sources, diags: &mut Vec<Diagnostic>) {
        if let Some(t) = path.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(s) => {
                    self.templates.insert(t.to_string(), s);
                }
                Err(_) => diags.push(Diagnostic::site_error(format!("themes/{origin}/{path} is not UTF-8 text"))),
            }
        } else if let Some(s) = path.strip_prefix("static/") {
            match static_refusal(s, &bytes) {
                None => {
                    self.statics.insert(s.to_string(), bytes);
                }
                Some(why) => diags.push(
                    Diagnostic::site_error(format!("themes/{origin}/{path} is not published: {why}")).with_help(
                        format!(
                            "a theme's static/ may hold {}; move anything else out of the theme",
                            STATIC_KINDS.iter().map(|(k, _)| format!(".{k}")).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                ),
            }
        } else if let Some(lang) = path.strip_prefix("i18n/").and_then(|f| f.strip_suffix(".toml")) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match toml::from_str::<BTreeMap<String, String>>(&text) {
                Ok(strings) => {
                    let entry = self.strings.entry(lang.to_string()).or_default();
                    // NFC, but not trimmed: a separator such as " và " is its spaces.
                    entry.extend(strings.into_iter().map(|(k, v)| (k, crate::text::nfc_string(&v))));
                }
                Err(e) => {
                    let range = e.span().unwrap_or(0..0);
                    let id = sources.add(format!("themes/{origin}/{path}"), text);
                    diags.push(
                        Diagnostic::error(
                            &Span { file: id, range },
                            format!("UI strings could not be read: {}", e.message()),
                        )
                        .with_help("write one `key = \"text\"` per line"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_theme_publishes_style_scripts_fonts_and_images_only() {
        use super::static_refusal;
        assert_eq!(static_refusal("style.css", b"body{}"), None);
        assert_eq!(static_refusal("fonts/a.woff2", b"wOF2"), None);
        assert!(static_refusal("style.css~", b"body{}").unwrap().contains(".css~"));
        assert!(static_refusal("notes.md", b"# todo").is_some());
        assert!(static_refusal("signing.key", b"x").is_some());
        assert!(static_refusal("README", b"x").unwrap().contains("no extension"));
        let key = "# minhbach Ed25519 secret key. Keep it private.\n00\n";
        assert!(static_refusal("khoa.txt", key.as_bytes()).unwrap().contains("secret key"));
    }
}

//! Looking up records by the names people write for them.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Located, Unit};
use crate::text::{self, fold_key};

/// Finds units by id, name, English name or alias, compared after NFC and case folding.
#[derive(Debug, Default)]
pub struct UnitIndex {
    by_key: BTreeMap<String, String>,
    /// Every accepted spelling, for suggestions.
    spellings: Vec<String>,
    /// Ids given to more than one unit: an unknown reference may be the repeat's lost id.
    repeated: Vec<String>,
}

impl UnitIndex {
    pub fn build(units: &[Unit], diags: &mut Vec<Diagnostic>) -> Self {
        let mut index = UnitIndex::default();
        for unit in units {
            index.add(unit, &unit.id, true, diags);
        }
        index
    }

    /// Adds the names and aliases of units left out as repeats of an id (see `load::unique`),
    /// standing for the unit that kept the id: a reference to a repeat by its name names a
    /// unit that is written, and is not "unknown" on top of the repeated id.
    pub fn with_repeats(mut self, repeats: &[Unit], units: &[Unit], diags: &mut Vec<Diagnostic>) -> Self {
        for repeat in repeats {
            // Repeats are found ignoring capitals, as web addresses on many hosts are.
            let Some(kept) = units.iter().find(|u| u.id.eq_ignore_ascii_case(&repeat.id)) else { continue };
            self.add(repeat, &kept.id, false, diags);
            if !self.repeated.contains(&kept.id) {
                self.repeated.push(kept.id.clone());
            }
        }
        self
    }

    /// Maps `unit`'s names (and its id, when `with_id`) to `id`.
    fn add(&mut self, unit: &Unit, id: &String, with_id: bool, diags: &mut Vec<Diagnostic>) {
        // Each name with where it is written: a clash is reported at the name that clashes
        // (at the id for a unit not read from a file).
        let names = with_id
            .then_some((&unit.id, &unit.span))
            .into_iter()
            .chain(std::iter::once((&unit.name, &unit.name_span)))
            .chain(unit.name_en.iter().map(|n| (n, unit.name_en_span.as_ref().unwrap_or(&unit.span))))
            .chain(unit.aliases.iter().map(|a| (&a.value, &a.span)));
        for (name, span) in names {
            let key = fold_key(name);
            match self.by_key.get(&key) {
                Some(other) if other != id => diags.push(
                    Diagnostic::error(
                        span,
                        format!("unit `{}` uses the name \"{name}\", which already stands for unit `{other}`", unit.id),
                    )
                    .with_help("each id, name and alias must point to one unit: remove or change one of them"),
                ),
                Some(_) => {}
                None => {
                    self.by_key.insert(key, id.clone());
                    self.spellings.push(name.clone());
                }
            }
        }
    }

    pub fn find(&self, name: &str) -> Option<&str> {
        self.by_key.get(&fold_key(name)).map(String::as_str)
    }

    /// Replaces a written unit reference by the unit's id, or reports it with the closest names.
    pub fn resolve(&self, r: &Located<String>, diags: &mut Vec<Diagnostic>) -> Option<String> {
        if let Some(id) = self.find(&r.value) {
            return Some(id.to_string());
        }
        let near = text::closest(&r.value, self.spellings.iter().map(String::as_str), 3);
        let mut help = if near.is_empty() {
            "add the unit to data/units.toml, or write its id, name or one of its aliases".to_string()
        } else {
            format!(
                "did you mean {}? Or add it to data/units.toml (as a unit or an alias)",
                text::quoted_list(&near, '"')
            )
        };
        if !self.repeated.is_empty() {
            let ids = text::quoted_list(&self.repeated, '`');
            help.push_str(&format!(
                "; {ids} is the id of two units in data/units.toml: if this names the second, give it its own id"
            ));
        }
        diags.push(Diagnostic::error(&r.span, format!("unknown unit \"{}\"", r.value)).with_help(help));
        None
    }
}

/// Reports a reference to an unknown id of some kind, suggesting the closest known ids.
pub fn unknown(r: &Located<String>, kind: &str, known: &[&str], where_defined: &str) -> Diagnostic {
    let near = text::closest(&r.value, known.iter().copied(), 3);
    let help = if near.is_empty() {
        format!("{kind}s are defined in {where_defined}")
    } else {
        format!("did you mean {}? {kind}s are defined in {where_defined}", text::quoted_list(&near, '`'))
    };
    Diagnostic::error(&r.span, format!("unknown {kind} `{}`", r.value)).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;

    fn unit(id: &str, name: &str, aliases: &[&str]) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            name_en: None,
            aliases: aliases.iter().map(|a| Located::new(a.to_string(), Span::default())).collect(),
            parent: None,
            span: Span::default(),
            name_span: Span::default(),
            name_en_span: None,
        }
    }

    fn loc(s: &str) -> Located<String> {
        Located::new(s.into(), Span::default())
    }

    #[test]
    fn finds_units_by_id_name_and_alias_in_any_case_and_form() {
        let mut diags = Vec::new();
        let idx = UnitIndex::build(
            &[
                unit("vp-bql", "Văn phòng Ban Quản lý", &["VP BQL", "Văn phòng"]),
                unit("so-khcn", "Sở Khoa học và Công nghệ", &["Sở KH&CN"]),
            ],
            &mut diags,
        );
        assert!(diags.is_empty());
        assert_eq!(idx.find("vp-bql"), Some("vp-bql"));
        assert_eq!(idx.find("VĂN PHÒNG BAN QUẢN LÝ"), Some("vp-bql"));
        assert_eq!(idx.find("vp  bql"), Some("vp-bql"));
        // Decomposed Vietnamese (combining marks) matches the precomposed name.
        assert_eq!(idx.find("So\u{031B}\u{0309} KH&CN"), Some("so-khcn"));
        assert_eq!(idx.find("Sở Tài chính"), None);
    }

    #[test]
    fn unknown_unit_suggests_the_closest_names() {
        let mut diags = Vec::new();
        let idx = UnitIndex::build(&[unit("so-khcn", "Sở Khoa học và Công nghệ", &[])], &mut diags);
        assert_eq!(idx.resolve(&loc("Sở Khoa hoc và Công nghệ"), &mut diags), None);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "unknown unit \"Sở Khoa hoc và Công nghệ\"");
        assert!(diags[0].help.as_deref().unwrap().contains("did you mean \"Sở Khoa học và Công nghệ\""));
    }

    #[test]
    fn a_name_shared_by_two_units_is_an_error() {
        let mut diags = Vec::new();
        UnitIndex::build(&[unit("a", "Phòng A", &["PA"]), unit("b", "Phòng B", &["pa"])], &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("already stands for unit `a`"));
    }

    /// A unit whose name or alias stands for another unit already is reported at that name or
    /// alias, by line and column, not at the unit's id.
    #[test]
    fn a_shared_name_is_reported_where_it_is_written() {
        use crate::diagnostic::Sources;
        use crate::load::{reader, records};
        let text = "[[unit]]\nid = \"van-phong\"\nname = \"Văn phòng\"\naliases = [\"VP\"]\n\n\
                    [[unit]]\nid = \"vp2\"\nname = \"Văn Phòng\"\n\n\
                    [[unit]]\nid = \"vp3\"\nname = \"Phòng 3\"\nname_en = \"Office 3\"\naliases = [\"P3\", \"vp \"]\n\n\
                    [[unit]]\nid = \"vp4\"\nname = \"Phòng 4\"\nname_en = \"vp2\"\n";
        let mut sources = Sources::default();
        let file = sources.add("data/units.toml".into(), text);
        let mut diags = Vec::new();
        let mut ctx = reader::Ctx::new(file, &mut diags);
        let root = reader::parse(&mut ctx, text).unwrap();
        let units = records::units(&root, &mut ctx);
        assert!(diags.is_empty(), "{diags:?}");
        UnitIndex::build(&units, &mut diags);
        let found: Vec<(String, usize, usize)> = diags
            .iter()
            .map(|d| {
                let l = d.location(&sources).unwrap();
                (d.message.clone(), l.line, l.column)
            })
            .collect();
        assert_eq!(
            found,
            [
                // The name, at its opening quote on line 8.
                ("unit `vp2` uses the name \"Văn Phòng\", which already stands for unit `van-phong`".into(), 8, 8),
                // The second alias, on line 14, not `id = "vp3"` on line 11.
                ("unit `vp3` uses the name \"vp\", which already stands for unit `van-phong`".into(), 14, 18),
                // An English name that is another unit's id.
                ("unit `vp4` uses the name \"vp2\", which already stands for unit `vp2`".into(), 19, 11),
            ]
        );
    }
}

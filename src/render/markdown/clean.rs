//! The HTML cleaner: keeps ordinary formatting, drops scripts, styles, event handlers, ids and
//! unsafe URL schemes, so that no script reaches a citizen's browser and no writer's id can
//! clash with the page's own. The direction of a text (`dir`) is kept wherever its language
//! (`lang`) is, so that a quotation in Arabic or Hebrew reads right to left.

use std::sync::LazyLock;

use super::marks::LINK;

/// Setting up a cleaner builds its tables of tags and attributes: done once, not per text.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        // `lang` is a generic attribute of the cleaner: `dir` goes with it.
        .add_generic_attributes(["dir"])
        .attribute_filter(|element, attribute, value| match attribute {
            "href" | "src" | "cite" | "longdesc" | "action" | "formaction" | "poster" | "srcset" => {
                if crate::load::links::check_link(value, true).is_err() {
                    None
                } else if super::address::is_relative(value) {
                    // Resolved for the page that shows the text (see `links`).
                    Some(format!("{LINK}{value}").into())
                } else {
                    // Written as an HTML checker accepts it (`^`, a second `#`… encoded); one
                    // with a `%` that starts no escape is dropped (a Markdown link's is reported).
                    super::address::encode_url(value).map(Into::into)
                }
            }
            "dir" => direction(element, value).map(Into::into),
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer"));
    b
});

/// A `dir` that HTML defines, in lowercase: `ltr`, `rtl` or `auto`, save on `<bdo>`, whose
/// direction must be given (`ltr` or `rtl`). Any other value is dropped with the attribute.
fn direction(element: &str, value: &str) -> Option<&'static str> {
    match value.trim().to_ascii_lowercase().as_str() {
        "ltr" => Some("ltr"),
        "rtl" => Some("rtl"),
        "auto" if element != "bdo" => Some("auto"),
        _ => None,
    }
}

/// Every address (`href`, `src`, `cite`…) must pass the input's link rule, so that `\\host/x`
/// or `//host/x` written in raw HTML cannot leave the site disguised as a path; relative ones
/// are marked, to be written for the page that shows the text; the others percent-encoded as
/// links are (see [`super::address::encode_url`]).
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

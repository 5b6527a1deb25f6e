//! The HTML cleaner: keeps ordinary formatting, drops scripts, styles, event handlers, ids and
//! unsafe URL schemes, so that no script reaches a citizen's browser and no writer's id can
//! clash with the page's own.

use std::sync::LazyLock;

use super::marks::LINK;

/// Setting up a cleaner builds its tables of tags and attributes: done once, not per text.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .attribute_filter(|_element, attribute, value| match attribute {
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
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer"));
    b
});

/// Every address (`href`, `src`, `cite`…) must pass the input's link rule, so that `\\host/x`
/// or `//host/x` written in raw HTML cannot leave the site disguised as a path; relative ones
/// are marked, to be written for the page that shows the text; the others percent-encoded as
/// links are (see [`super::address::encode_url`]).
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

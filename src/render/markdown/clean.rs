//! The HTML cleaner: keeps ordinary formatting, drops scripts, styles (but a table cell's
//! alignment), event handlers, ids and unsafe URL schemes, so that no script reaches a
//! citizen's browser and no writer's id can clash with the page's own. The direction of a
//! text (`dir`) is kept wherever its language (`lang`) is, so that a quotation in Arabic or
//! Hebrew reads right to left.

use std::sync::LazyLock;

use super::marks::LINK;

/// Setting up a cleaner builds its tables of tags and attributes: done once, not per text.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        // `lang` is a generic attribute of the cleaner: `dir` goes with it.
        .add_generic_attributes(["dir"])
        // A Markdown table's column alignment (`|---:|`), written as a style, and no other.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        // Obsolete elements, which an HTML checker refuses (their words are kept), and `<time>`,
        // whose text must then be a date a machine reads, which a writer's rarely is.
        .rm_tags(OBSOLETE)
        // A drawing's shapes and words mean nothing without it; a formula's words stay.
        .add_clean_content_tags(["svg"])
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
            "style" => alignment(value).map(Into::into),
            _ => super::attributes::allowed(element, attribute, value).map(Into::into),
        })
        .link_rel(Some("noopener noreferrer"));
    b
});

/// Elements the cleaner's defaults keep that a page must not hold (see `CLEANER`).
const OBSOLETE: &[&str] = &["acronym", "center", "strike", "tt", "rtc", "time"];

/// The elements of HTML that the cleaner removes, as opposed to tags of no element at all.
const REMOVED_ELEMENTS: &[&str] = &[
    "address",
    "applet",
    "audio",
    "base",
    "basefont",
    "big",
    "blink",
    "body",
    "button",
    "canvas",
    "datalist",
    "dialog",
    "embed",
    "fencedframe",
    "fieldset",
    "font",
    "form",
    "frame",
    "frameset",
    "head",
    "html",
    "iframe",
    "image",
    "input",
    "isindex",
    "keygen",
    "label",
    "legend",
    "link",
    "listing",
    "main",
    "marquee",
    "math",
    "menu",
    "meta",
    "meter",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "picture",
    "plaintext",
    "portal",
    "progress",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "tfoot",
    "title",
    "track",
    "video",
    "xmp",
];

/// Whether `html`, one tag as Markdown reads raw HTML (`<CNTT>`, `</x-y>`), names no element
/// of HTML: written as words in angle brackets, which the cleaner would drop with the words.
pub fn names_no_element(html: &str) -> bool {
    static KNOWN: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
        let mut known = CLEANER.clone_tags();
        known.extend(REMOVED_ELEMENTS);
        known.extend(OBSOLETE);
        known
    });
    let tag = html.trim();
    let Some(inner) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else { return false };
    if inner.contains(['<', '>']) {
        return false;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let name = &name[..name.find(|c: char| !c.is_ascii_alphanumeric() && c != '-').unwrap_or(name.len())];
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !KNOWN.contains(name.to_ascii_lowercase().as_str())
}

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

/// A table cell's alignment as Markdown writes it (`text-align: right`), which keeps a column
/// of figures aligned; any other style is dropped with the attribute, so that no text sets
/// the page's colours or layout.
fn alignment(value: &str) -> Option<&'static str> {
    let value = value.trim().trim_end_matches(';').to_ascii_lowercase();
    let (property, side) = value.split_once(':')?;
    if property.trim() != "text-align" {
        return None;
    }
    match side.trim() {
        "left" => Some("text-align: left"),
        "center" => Some("text-align: center"),
        "right" => Some("text-align: right"),
        _ => None,
    }
}

/// Every address (`href`, `src`, `cite`…) must pass the input's link rule, so that `\\host/x`
/// or `//host/x` written in raw HTML cannot leave the site disguised as a path; relative ones
/// are marked, to be written for the page that shows the text; the others percent-encoded as
/// links are (see [`super::address::encode_url`]).
pub fn clean(html: &str) -> String {
    tidy(&CLEANER.clean(html).to_string(), true)
}

/// [`clean`] for a piece of a text (one tag of raw HTML, as Markdown gives it): a link opened
/// here is closed further on, so it is not dropped as empty.
pub fn clean_piece(html: &str) -> String {
    tidy(&CLEANER.clean(html).to_string(), false)
}

/// The cleaned HTML made valid where the cleaner leaves it not: the cleaner gives every `<a>`
/// its `rel`, but an `<a>` whose address it dropped (`javascript:`) or never had may not have
/// one, so it loses it; an `<img>` written in HTML without `alt` gets `alt=""`, as a Markdown
/// picture without words has; an `<li>` outside any list (pasted from a longer piece of HTML)
/// loses its tags and keeps its words; an empty link or paragraph goes. So no page is invalid
/// or unreadable for them.
///
/// The cleaner's output is serialised HTML: text holds no `<` (written `&lt;`), every
/// attribute is double-quoted with `"` written `&quot;`, and it holds no comments, so a tag
/// starts at each `<` outside a tag and ends at the first `>` outside quotes.
fn tidy(html: &str, whole: bool) -> String {
    if !html.contains("<a") && !html.contains("<img") && !html.contains("<li") && !html.contains("<p></p>") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    // Open lists, and items open outside any list.
    let (mut lists, mut stray) = (0usize, 0usize);
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let mut quoted = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(tag.len(), |(i, _)| i + 1);
        let (tag, after) = tag.split_at(end);
        // A closing tag's name is read with its `/`: `/li`.
        let from = if tag.starts_with("</") { 2 } else { 1 };
        let name_end = tag[from..].find([' ', '>', '/']).map_or(tag.len(), |i| i + from);
        let has = |attribute: &str| tag.contains(&format!(" {attribute}=\""));
        let name = &tag[1..name_end];
        // An empty link (a screen reader says "link" and nothing more) or paragraph, which a
        // link around a block leaves as the parser splits it: `<p><a …></a></p><div><a …>…`.
        if let Some(after) = after.strip_prefix("</a>").filter(|_| whole && name == "a") {
            rest = after;
            continue;
        }
        match name {
            "ul" | "ol" | "menu" => {
                lists += 1;
                out.push_str(tag);
            }
            "/ul" | "/ol" | "/menu" => {
                lists = lists.saturating_sub(1);
                out.push_str(tag);
            }
            "li" if lists == 0 => stray += 1,
            "/li" if lists == 0 && stray > 0 => stray -= 1,
            "a" if !has("href") => out.push_str(&tag.replacen(" rel=\"noopener noreferrer\"", "", 1)),
            "img" if !has("alt") => {
                out.push_str(&tag[..name_end]);
                out.push_str(" alt=\"\"");
                out.push_str(&tag[name_end..]);
            }
            _ => out.push_str(tag),
        }
        rest = after;
    }
    out.push_str(rest);
    // Text is escaped, so this is only ever a paragraph left empty, here or by the cleaner.
    if whole && out.contains("<p></p>") { out.replace("<p></p>", "") } else { out }
}

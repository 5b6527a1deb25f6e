//! Web addresses written bare in a text (`Xem https://haiphong.gov.vn/…`) made links, as GitHub
//! and every mail program make them: a press office pastes addresses without Markdown's
//! brackets, and a reader on a phone cannot copy one out of a line of text. What ends the
//! sentence is no part of the address (GitHub's rule): a final `.`, `,`, `:`, `;`, `!`, `?`,
//! quote, and a `)` that closes no `(` of the address itself. An e-mail address written bare
//! (`lienhe@haiphong.gov.vn`) links to `mailto:`, so that a reader on a phone can write to it.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The events of a parsed text with each bare address outside links, pictures and code made a
/// link. Adjacent text events are merged first: the parser may split an address at a `_`.
pub fn bare_addresses<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut within = 0usize;
    pulldown_cmark::TextMergeStream::new(events).flat_map(move |event| {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => within += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => within = within.saturating_sub(1),
            // A link written in HTML (`<a href="…">https://…</a>`): its text is no second link.
            Event::InlineHtml(html) | Event::Html(html) => {
                let lower = html.to_ascii_lowercase();
                let opens = lower.matches("<a ").count() + lower.matches("<a>").count();
                within = (within + opens).saturating_sub(lower.matches("</a").count());
            }
            Event::Text(text) if within == 0 && has_address(text) => return linked(text),
            _ => {}
        }
        vec![event]
    })
}

fn has_address(text: &str) -> bool {
    (memchr::memmem::find(text.as_bytes(), b"://").is_some() || memchr::memchr(b'@', text.as_bytes()).is_some())
        && !addresses(text).is_empty()
}

/// `text` as text and links, each address its own link.
fn linked<'a>(text: &str) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut from = 0;
    for (start, end) in addresses(text) {
        if start > from {
            out.push(Event::Text(CowStr::from(text[from..start].to_string())));
        }
        let address = text[start..end].to_string();
        let (link_type, dest) = if address.contains("://") {
            (LinkType::Autolink, address.clone())
        } else {
            // The HTML writer adds `mailto:` to an e-mail link, as to `<a@b.vn>`.
            (LinkType::Email, address.clone())
        };
        out.push(Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(dest),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }));
        out.push(Event::Text(CowStr::from(address)));
        out.push(Event::End(TagEnd::Link));
        from = end;
    }
    if from < text.len() {
        out.push(Event::Text(CowStr::from(text[from..].to_string())));
    }
    out
}

/// Where each bare web or e-mail address of `text` starts and ends (byte offsets), in order.
fn addresses(text: &str) -> Vec<(usize, usize)> {
    let mut found = web_addresses(text);
    let web = found.clone();
    found.extend(mail_addresses(text).into_iter().filter(|(s, e)| !web.iter().any(|(ws, we)| s < we && e > ws)));
    found.sort_unstable();
    found
}

/// Where each bare e-mail address of `text` starts and ends: a name of letters, digits and
/// `._%+-`, `@`, and a host of at least two labels ending in letters (`vp@haiphong.gov.vn`).
fn mail_addresses(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let name = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let host = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'@', bytes) {
        let start = (0..at).rev().take_while(|&i| name(bytes[i])).last().unwrap_or(at);
        let mut end = (at + 1..bytes.len()).take_while(|&i| host(bytes[i])).last().map_or(at + 1, |i| i + 1);
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let (local, domain) = (&text[start..at], &text[at + 1..end]);
        let labels: Vec<&str> = domain.split('.').collect();
        let top = labels.last().copied().unwrap_or("");
        // Part of a longer word (`a@b.vn@c`) or with a letter before it that is no ASCII one
        // (`Đ@…`) is not an address.
        let joined = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '@')
            || text[end..].starts_with('@');
        if !local.is_empty()
            && !local.starts_with('.')
            && labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && top.len() >= 2
            && top.bytes().all(|b| b.is_ascii_alphabetic())
            && !joined
        {
            out.push((start, end));
        }
    }
    out
}

/// Where each bare `https://` or `http://` address of `text` starts and ends (byte offsets).
fn web_addresses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = ["https://", "http://"].iter().filter_map(|s| lower[at..].find(s)).min() {
        let start = at + i;
        // Part of a word (`xhttps://`) is not an address's start.
        let joined = text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let end = start
            + text[start..].find(|c: char| c.is_whitespace() || c == '<' || c == '>').unwrap_or(text.len() - start);
        let end = start + trimmed(&text[start..end]).len();
        let scheme = if lower[start..].starts_with("https") { 8 } else { 7 };
        if !joined && end > start + scheme {
            out.push((start, end));
        }
        at = end.max(start + scheme);
    }
    out
}

/// An address without what ends the sentence it is written in.
fn trimmed(address: &str) -> &str {
    let mut a = address;
    loop {
        let before = a;
        a = a.trim_end_matches(['.', ',', ':', ';', '!', '?', '"', '\'', '*', '_', '~', '”', '’']);
        if a.ends_with(')') && a.matches('(').count() < a.matches(')').count() {
            a = &a[..a.len() - 1];
        }
        if a == before {
            return a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        addresses(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn an_address_ends_where_its_sentence_goes_on() {
        assert_eq!(found("Xem https://haiphong.gov.vn/kh-12.pdf."), ["https://haiphong.gov.vn/kh-12.pdf"]);
        assert_eq!(
            found("(xem http://a.vn/b), và https://a.vn/Hai_Phong_(city)!"),
            ["http://a.vn/b", "https://a.vn/Hai_Phong_(city)"]
        );
        assert_eq!(found("“https://a.vn/x?q=1&r=2”; xong"), ["https://a.vn/x?q=1&r=2"]);
        assert_eq!(found("HTTPS://A.VN/X"), ["HTTPS://A.VN/X"]);
    }

    #[test]
    fn an_email_address_is_found_without_what_ends_its_sentence() {
        assert_eq!(found("Liên hệ: lienhe@haiphong.gov.vn."), ["lienhe@haiphong.gov.vn"]);
        assert_eq!(found("(vp.bql+57@a-b.vn), https://x.vn/@tk"), ["vp.bql+57@a-b.vn", "https://x.vn/@tk"]);
        for no in ["@haiphong", "a@b", "a@b.c", "giá 5@2026", "a@@b.vn", "@tk trên mạng xã hội", "x@y.vn1"] {
            assert!(found(no).is_empty(), "{no}: {:?}", found(no));
        }
    }

    #[test]
    fn what_is_no_address_is_left_as_text() {
        for text in ["https://", "ftp://a.vn", "xhttps://a.vn", "Không có địa chỉ", "https://."] {
            assert!(found(text).is_empty(), "{text}");
        }
    }
}

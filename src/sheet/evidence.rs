//! One line of an answered evidence cell: a document's title and its web address.

use crate::model::Evidence;

/// The example every evidence message ends with.
const EVIDENCE_HOW: &str = "write one document a line: its title, then | and its address starting with https:// or http://, e.g. Công văn số 12/SKHCN | https://…";

/// One line of the evidence cell; the problem and its help otherwise.
pub(super) fn evidence_line(line: &str) -> Result<Evidence, (String, String)> {
    // Invisible characters a copy from a web page or a chat brings along would end up inside
    // the address (`%E2%80%8B`), which then leads nowhere.
    let line = &line.replace(['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'], "");
    let trim_title = |t: &str| t.trim().trim_end_matches([':', '-', '–', '—', '|']).trim().to_string();
    // Two documents run together on one line (`A | https://…; B | https://…`) would otherwise
    // read as one, titled with the first one's address.
    // With `|`, an address is one right after a `|`: a title may name an address of its own
    // in its words (`Bản gốc tại https://…`), and an address may hold a `|` (`?q=a|b`).
    let bars: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
    let after_bar: Vec<usize> = bars.iter().copied().filter(|&i| starts_with_address(&line[i + 1..])).collect();
    let addresses = match bars.is_empty() {
        false => after_bar.len(),
        true => line.split_whitespace().filter(|w| is_web_address(bare_link(w))).count(),
    };
    if addresses > 1 {
        return Err(more_than_one());
    }
    let split = after_bar.first().or(bars.last()).map(|&i| (&line[..i], &line[i + 1..]));
    let (title, url) = match split {
        Some((t, u)) => (trim_title(t), bare_link(u.trim()).to_string()),
        None => {
            let words: Vec<&str> = line.split_whitespace().collect();
            let links: Vec<&str> = words.iter().copied().filter(|w| is_web_address(bare_link(w))).collect();
            match links[..] {
                [link] => {
                    let title = line.replacen(link, " ", 1);
                    (trim_title(&title.split_whitespace().collect::<Vec<_>>().join(" ")), bare_link(link).to_string())
                }
                [] => {
                    let hint = words
                        .iter()
                        .find(|w| looks_like_host(w))
                        .map(|w| format!("`{w}` looks like a web address without https://: write https://{w}; "))
                        .unwrap_or_default();
                    return Err((
                        "this evidence line has no link".into(),
                        format!(
                            "{hint}{EVIDENCE_HOW}; a document that is not online (a decision's number and date) is cited in the `note` column instead"
                        ),
                    ));
                }
                _ => return Err(more_than_one()),
            }
        }
    };
    if url.is_empty() {
        return Err(("this evidence line has no link after `|`".into(), EVIDENCE_HOW.into()));
    }
    // A remark after a web address (`https://…/cv.pdf (bản scan)`) would become part of it.
    if is_web_address(&url)
        && let Some((address, remark)) = url.split_once(char::is_whitespace)
        && remark.trim_start().starts_with(['(', '[', '-', '–', '—', ',', ';'])
    {
        return Err((
            format!("this evidence address is followed by a remark: `{}`", remark.trim()),
            format!("the address ends at `{address}`; put the remark in the title before `|`, or in the `note` column"),
        ));
    }
    if !is_web_address(&url) && looks_like_host(&url) {
        return Err((
            format!("this evidence link `{url}` looks like a web address without https://"),
            format!("write https://{url} (or http://); a path without https:// is read as a file of this site"),
        ));
    }
    if let Err(problem) = crate::load::links::check_link(&url, false) {
        return Err((format!("this evidence link {problem}"), EVIDENCE_HOW.into()));
    }
    // After `|` the address is the rest of the line, spaces and all, as a progress file may
    // hold it (a file's name with spaces): the page writes them as `%20`.
    let title = if title.is_empty() { url.clone() } else { title };
    Ok(Evidence { title, url })
}

/// Whether a part of a line begins with a web address, spaces aside.
fn starts_with_address(part: &str) -> bool {
    part.split_whitespace().next().is_some_and(|w| is_web_address(bare_link(w)))
}

fn more_than_one() -> (String, String) {
    (
        "this evidence line holds more than one address".into(),
        format!("{EVIDENCE_HOW} (Alt+Enter starts a new line in the cell)"),
    )
}

/// A link as written in a sentence, without what ends the sentence or encloses the address
/// (`…/cv12.pdf.`, `…/qd5.pdf;`, `(https://…)`, `<https://…>,`), as any text that makes
/// addresses links reads them (GitHub's, Markdown's autolinks): kept, they make a dead link.
/// A closing bracket that closes one of the address's own stays (`…/Hai_Phong_(city)`).
fn bare_link(word: &str) -> &str {
    let mut link = word.trim_start_matches(['(', '<', '[', '"', '\'', '“', '‘']);
    loop {
        let before = link;
        link = link.trim_end_matches(['.', ',', ';', ':', '!', '?', '>', '"', '\'', '”', '’']);
        for (open, close) in [('(', ')'), ('[', ']')] {
            if link.ends_with(close) && link.matches(open).count() < link.matches(close).count() {
                link = &link[..link.len() - 1];
            }
        }
        if link == before {
            return link;
        }
    }
}

/// Starts with `https://` or `http://`, in any case.
fn is_web_address(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `x.gov.vn/a.pdf`, `www.example.com`: a host name written without its scheme, which a
/// browser would read as a path of this site. A path's first part naming a file
/// (`cv-12.pdf`) is not a host.
fn looks_like_host(word: &str) -> bool {
    const TLDS: &[&str] =
        &["vn", "com", "net", "org", "gov", "edu", "int", "info", "io", "biz", "asia", "me", "co", "uk", "us", "eu"];
    let first = word.split(['/', '?', '#']).next().unwrap_or("");
    let first = first.split(':').next().unwrap_or("");
    let labels: Vec<&str> = first.split('.').collect();
    let well_formed = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let tld = labels.last().map(|l| l.to_ascii_lowercase()).unwrap_or_default();
    well_formed && (TLDS.contains(&tld.as_str()) || first.to_ascii_lowercase().starts_with("www."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_one_document_and_its_address() {
        let e = evidence_line("Công văn số 12/VP | https://example.gov.vn/cv12.pdf").unwrap();
        assert_eq!((e.title.as_str(), e.url.as_str()), ("Công văn số 12/VP", "https://example.gov.vn/cv12.pdf"));
        let e = evidence_line("Quyết định 5 (https://example.gov.vn/qd5.pdf).").unwrap();
        assert_eq!((e.title.as_str(), e.url.as_str()), ("Quyết định 5", "https://example.gov.vn/qd5.pdf"));
        // A title may hold a `|` of its own; the address follows the last one.
        let e = evidence_line("Báo cáo | quý II | https://example.gov.vn/bc.pdf").unwrap();
        assert_eq!(e.title, "Báo cáo | quý II");
        let e = evidence_line("Kế hoạch | files/ke hoach 12.pdf").unwrap();
        assert_eq!(e.url, "files/ke hoach 12.pdf");
    }

    #[test]
    fn a_title_may_name_an_address_but_a_remark_after_the_address_is_refused() {
        let e = evidence_line("Bản gốc tại https://vanban.gov.vn/12 | https://example.gov.vn/cv12.pdf").unwrap();
        assert_eq!(
            (e.title.as_str(), e.url.as_str()),
            ("Bản gốc tại https://vanban.gov.vn/12", "https://example.gov.vn/cv12.pdf")
        );
        let e = evidence_line("Tra cứu | https://example.gov.vn/search?q=a|b").unwrap();
        assert_eq!((e.title.as_str(), e.url.as_str()), ("Tra cứu", "https://example.gov.vn/search?q=a|b"));
        let e = evidence_line("A | https://a.gov.vn/\u{200B}y.pdf\u{200B}").unwrap();
        assert_eq!(e.url, "https://a.gov.vn/y.pdf");
        for line in [
            "Công văn 12/SKHCN | https://skhcn.gov.vn/cv-12.pdf (bản scan có dấu đỏ)",
            "Kế hoạch | https://skhcn.gov.vn/kh.pdf - đã đăng ngày 5/3",
        ] {
            let (message, help) = evidence_line(line).unwrap_err();
            assert!(message.starts_with("this evidence address is followed by a remark: `"), "{message}");
            assert!(help.starts_with("the address ends at `https://skhcn.gov.vn/"), "{help}");
        }
    }

    #[test]
    fn two_documents_on_one_line_are_refused_not_merged() {
        for line in [
            "Công văn 12 | https://example.gov.vn/cv12.pdf; Quyết định 5 | https://example.gov.vn/qd5.pdf",
            "https://example.gov.vn/a.pdf https://example.gov.vn/b.pdf",
            "Hai văn bản |https://example.gov.vn/a.pdf|https://example.gov.vn/b.pdf",
        ] {
            let (message, help) = evidence_line(line).unwrap_err();
            assert_eq!(message, "this evidence line holds more than one address", "{line}");
            assert!(help.contains("Alt+Enter starts a new line"), "{help}");
        }
    }
}

//! Machine-readable companions of the pages: the Atom feed of updates, the sitemap and
//! robots.txt.

use super::context::Lang;
use crate::model::Site;
use crate::output::Files;
use crate::text::escape;

fn base(site: &Site) -> Option<String> {
    site.config.base_url.as_ref().map(|b| if b.ends_with('/') { b.clone() } else { format!("{b}/") })
}

/// Where the site's files are published: its `base_url`, and for a snapshot of a period its
/// folder there (`…/archive/2026-Q2/`), so that a snapshot's feed names its own address.
pub fn published_at(site: &Site, snapshot_of: Option<&str>) -> Option<String> {
    let base = base(site)?;
    Some(match snapshot_of {
        Some(period) => format!("{base}archive/{period}/"),
        None => base,
    })
}

/// An Atom id, which must be an absolute IRI: the page's address as its canonical link gives
/// it (`…/updates/2026-Q3/tin/`) when the site's address is known; else a name-based UUID made
/// from the site's title and the page's path, the same in every build.
fn atom_id(site: &Site, base: Option<&str>, path: &str) -> String {
    use sha2::{Digest, Sha256};
    if let Some(b) = base {
        return format!("{b}{}", path.trim_end_matches("index.html"));
    }
    let digest = Sha256::digest(format!("{}\0{path}", site.config.title));
    let mut b: [u8; 16] = digest[..16].try_into().unwrap_or_default();
    // RFC 9562: version 8 (custom), variant 10.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// How many of the latest posts a feed carries.
pub const FEED_ENTRIES: usize = 50;

/// `target` (from the site root) as seen from the folder `from` ("" or "en/").
fn relative_from(from: &str, target: &str) -> String {
    match target.strip_prefix(from) {
        Some(rest) if !from.is_empty() => rest.to_string(),
        _ => format!("{}{target}", "../".repeat(from.matches('/').count())),
    }
}

/// The Atom feed of the press office's updates in one language. Links are absolute when the
/// address the site is published at (`base`, see [`published_at`]) is known, and relative to
/// the feed otherwise.
pub fn atom(lang: &Lang, site: &Site, posts: &super::views::Posts, base: Option<String>) -> String {
    let abs = |p: &str| match &base {
        Some(b) => format!("{b}{p}"),
        None => p.strip_prefix(lang.prefix.as_str()).unwrap_or(p).to_string(),
    };
    let updated = posts.iter().filter_map(|(_, _, p)| p.date).max().unwrap_or_else(|| quiet_since(site));
    let title = lang.pick(&site.config.title, site.config.title_en.as_deref());
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}</title>\n", escape(title)));
    out.push_str(&format!("  <id>{}</id>\n", escape(&atom_id(site, base.as_deref(), &lang.path("feed.xml")))));
    out.push_str(&format!("  <link rel=\"self\" href=\"{}\"/>\n", escape(&abs(&lang.path("feed.xml")))));
    out.push_str(&format!("  <link href=\"{}\"/>\n", escape(&abs(&lang.path("index.html")))));
    out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    out.push_str(&format!("  <author><name>{}</name></author>\n", escape(title)));
    // The latest posts only: a feed reader needs what is new, not the site's whole history.
    for (period, slug, p) in posts.iter().take(FEED_ENTRIES) {
        // An untranslated post is linked in its own language.
        let prefix = if p.lang == site.config.language { String::new() } else { format!("{}/", p.lang) };
        let target = format!("{prefix}updates/{period}/{slug}/index.html");
        let href = match &base {
            Some(b) => format!("{b}{target}"),
            None => relative_from(&lang.prefix, &target),
        };
        let date = p.date.unwrap_or_else(|| quiet_since(site));
        out.push_str("  <entry>\n");
        let title = p.title.as_deref().unwrap_or(slug);
        // An update built on illustrative figures says so wherever it is read, feeds included.
        let badge = lang.t("sample_badge");
        let says_so = title.to_lowercase().contains(&badge.to_lowercase());
        let title = if p.sample && !says_so { format!("{title} ({badge})") } else { title.to_string() };
        out.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        let id = atom_id(site, base.as_deref(), &target);
        out.push_str(&format!("    <id>{}</id>\n    <link href=\"{}\"/>\n", escape(&id), escape(&href)));
        out.push_str(&format!("    <updated>{date}T00:00:00Z</updated>\n"));
        if let Some(s) = &p.summary {
            out.push_str(&format!("    <summary>{}</summary>\n", escape(s)));
        }
        // A link within the post (a heading, a footnote) leads to the post's page: a feed reader
        // would read `#…` against the feed.
        let html = super::markdown::to_html(&p.body, 2, &super::markdown::Source::page(site, p, lang.code))
            .replace("href=\"#", &format!("href=\"{href}#"));
        out.push_str(&format!("    <content type=\"html\">{}</content>\n", escape(&html)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    // Links in posts lead from the feed's folder, or from the site's address when known.
    let root = base.unwrap_or_else(|| "../".repeat(lang.prefix.matches('/').count()));
    super::markdown::finish_at(out, &root)
}

/// The date a feed with no dated post gives as its last change: the day the latest report was
/// received, else the start of the period the site reports as of. Never a date the site does not
/// know (a reader would show an empty feed as last updated in 1970).
fn quiet_since(site: &Site) -> chrono::NaiveDate {
    let current = site.periods.iter().find(|p| p.id == site.config.current_period.value);
    let start = current.or(site.periods.last()).map(|p| p.start);
    site.reports.iter().filter_map(|r| r.reported).max().or(start).unwrap_or_default()
}

pub fn robots(site: &Site) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = base(site) {
        s.push_str(&format!("Sitemap: {b}sitemap.xml\n"));
    }
    s
}

/// The pages whose template says `<meta name="robots" content="noindex">`: each indicator's
/// bare chart for other sites' iframes (`embed.html`), whose canonical address is the
/// indicator's page. A sitemap listing them would ask search engines to index what the page
/// itself asks them not to.
pub fn is_noindex(path: &str) -> bool {
    // `indicators/<id>/embed/index.html`, under a language's folder or not.
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() <= 5 && matches!(parts.as_slice(), [.., "indicators", _, "embed", "index.html"])
}

/// The most addresses, and bytes, one sitemap file may hold: the sitemap protocol's limits,
/// beyond which search engines refuse the whole file.
pub const SITEMAP_LIMITS: (usize, usize) = (50_000, 50 * 1024 * 1024);

/// The sitemap of every HTML page a search engine may index: not 404s, nor the pages that ask
/// not to be indexed (see [`is_noindex`]). It needs absolute addresses, so it is written only
/// when the site's `base_url` is known. `sitemap.xml` lists them when they fit in one file (see
/// [`SITEMAP_LIMITS`]); else it is an index of `sitemap-1.xml`, `sitemap-2.xml`, … that do,
/// in the order of their paths. Each file is given with its path.
pub fn sitemaps(site: &Site, files: &Files, (most, most_bytes): (usize, usize)) -> Vec<(String, String)> {
    let Some(b) = base(site) else { return Vec::new() };
    const HEAD: &str =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    const TAIL: &str = "</urlset>\n";
    let mut parts: Vec<String> = Vec::new();
    let mut count = 0;
    // Called before archived snapshots join the output: they are reached through the archive
    // index, not listed page by page.
    // One entry's buffer for all, and the address's start escaped once: a national site lists
    // twenty thousand pages on every rebuild of `serve`.
    let mut start = String::from("  <url><loc>");
    crate::text::escape_into(&mut start, &b);
    let mut entry = String::new();
    for path in files.sorted_paths().filter(|p| p.ends_with(".html") && !p.ends_with("404.html") && !is_noindex(p)) {
        entry.clear();
        entry.push_str(&start);
        crate::text::escape_into(&mut entry, path.trim_end_matches("index.html"));
        entry.push_str("</loc></url>\n");
        let full = parts
            .last()
            .is_none_or(|part| count == most || count > 0 && part.len() + entry.len() + TAIL.len() > most_bytes);
        if full {
            parts.push(String::from(HEAD));
            count = 0;
        }
        if let Some(part) = parts.last_mut() {
            part.push_str(&entry);
        }
        count += 1;
    }
    if parts.is_empty() {
        parts.push(String::from(HEAD));
    }
    for part in &mut parts {
        part.push_str(TAIL);
    }
    if let [one] = parts.as_mut_slice() {
        return vec![("sitemap.xml".to_string(), std::mem::take(one))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut out = Vec::with_capacity(parts.len() + 1);
    for (n, part) in parts.into_iter().enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap><loc>");
        crate::text::escape_into(&mut index, &format!("{b}{path}"));
        index.push_str("</loc></sitemap>\n");
        out.push((path, part));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".to_string(), index));
    out
}

#[cfg(test)]
mod tests {
    use super::is_noindex;

    #[test]
    fn atom_ids_are_absolute_and_stable() {
        let mut site = crate::model::Site::default();
        site.config.title = "Minh bạch".into();
        let id = super::atom_id(&site, None, "updates/2026-Q3/tin/index.html");
        assert!(id.starts_with("urn:uuid:") && id.len() == "urn:uuid:".len() + 36, "{id}");
        assert_eq!(&id["urn:uuid:".len() + 14..][..1], "8", "version 8: {id}");
        assert_eq!(id, super::atom_id(&site, None, "updates/2026-Q3/tin/index.html"));
        assert_ne!(id, super::atom_id(&site, None, "en/updates/2026-Q3/tin/index.html"));
        assert_eq!(
            super::atom_id(&site, Some("https://example.org/nq57/"), "updates/2026-Q3/tin/index.html"),
            "https://example.org/nq57/updates/2026-Q3/tin/",
            "the page's canonical address"
        );
    }

    #[test]
    fn a_sitemap_too_long_for_one_file_is_an_index_of_files_that_are_not() {
        let mut site = crate::model::Site::default();
        site.config.base_url = Some("https://example.gov.vn/nq57/".into());
        let mut files = crate::output::Files::default();
        for page in ["index.html", "a/index.html", "b/index.html", "c/index.html", "404.html", "static/x.css"] {
            files.add(page, Vec::new());
        }
        let read = |limits| super::sitemaps(&site, &files, limits);
        let one = read(super::SITEMAP_LIMITS);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(one[0].1.matches("<url>").count(), 4, "{}", one[0].1);
        // Two addresses a file: an index of two files, every page in one of them, in order.
        let split = read((2, usize::MAX));
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(split[0].1.contains("<sitemapindex"), "{}", split[0].1);
        assert!(split[0].1.contains("<loc>https://example.gov.vn/nq57/sitemap-2.xml</loc>"), "{}", split[0].1);
        assert!(split[1].1.contains("<loc>https://example.gov.vn/nq57/a/</loc>"), "{}", split[1].1);
        assert!(split[1].1.contains("/b/</loc>"), "{}", split[1].1);
        assert!(split[2].1.contains("/c/</loc>"), "{}", split[2].1);
        assert!(split[2].1.contains("<loc>https://example.gov.vn/nq57/</loc>"), "{}", split[2].1);
        assert!(split[1..].iter().all(|(_, x)| x.starts_with("<?xml") && x.ends_with("</urlset>\n")));
        let listed: Vec<String> = one[0].1.lines().filter(|l| l.contains("<url>")).map(str::to_string).collect();
        let in_parts: Vec<String> = split[1..]
            .iter()
            .flat_map(|(_, x)| x.lines().filter(|l| l.contains("<url>")).map(str::to_string))
            .collect();
        assert_eq!(listed, in_parts, "the same addresses, in the same order");
        // A file is also closed before it grows past the byte limit.
        let by_bytes = read((usize::MAX, one[0].1.len() - 1));
        assert!(by_bytes.len() > 2 && by_bytes[1..].iter().all(|(_, x)| x.len() < one[0].1.len()));
        // No base address, no sitemap.
        site.config.base_url = None;
        assert!(super::sitemaps(&site, &files, super::SITEMAP_LIMITS).is_empty());
    }

    #[test]
    fn only_the_embedded_charts_are_kept_out_of_the_sitemap() {
        assert!(is_noindex("indicators/phu-song-5g/embed/index.html"));
        assert!(is_noindex("en/indicators/phu-song-5g/embed/index.html"));
        // A free page that happens to be called "embed" is an ordinary page.
        assert!(!is_noindex("en/embed/index.html"));
        assert!(!is_noindex("indicators/phu-song-5g/index.html"));
    }
}

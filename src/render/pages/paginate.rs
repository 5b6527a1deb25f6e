//! Splitting a list that grows with the site into pages of at most `size` rows, so that no page
//! grows without bound: which pages exist, where each is written, and the pager that links them.
//!
//! Paths are the site's output paths without the language prefix (`indicators/page/2/index.html`);
//! the caller adds the prefix as for any other page, and templates put `{{ root }}` before them.

use std::ops::Range;

use serde_json::{Value, json};

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct Slice {
    /// 1-based.
    pub number: usize,
    pub total: usize,
    /// The rows of the whole list this page shows.
    pub rows: Range<usize>,
    /// Output path without the language prefix.
    pub path: String,
}

/// The pages of a list of `len` rows whose first page is `dir` + `index.html`. An empty list
/// still has its one (empty) page, as the list page existed before it had rows.
pub fn split(len: usize, size: usize, dir: &str) -> Vec<Slice> {
    let size = size.max(1);
    let total = len.div_ceil(size).max(1);
    (1..=total)
        .map(|number| Slice {
            number,
            total,
            rows: (number - 1) * size..(number * size).min(len),
            path: page_path(dir, number),
        })
        .collect()
}

/// Where page `number` of the list at `dir` is written: the first page is the list's own
/// address, so links to the list keep working when it grows a second page.
pub fn page_path(dir: &str, number: usize) -> String {
    if number <= 1 { format!("{dir}index.html") } else { format!("{dir}page/{number}/index.html") }
}

/// The page numbers a pager shows: the first, the last, and the current one with its
/// neighbours; `None` stands for the numbers left out ("…"). A gap of a single number shows
/// the number instead, since "…" would take the same room.
pub fn numbers(current: usize, total: usize) -> Vec<Option<usize>> {
    let shown = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 1;
    let mut out = Vec::new();
    let mut n = 1;
    while n <= total {
        if shown(n) || (n > 1 && n < total && shown(n - 1) && shown(n + 1)) {
            out.push(Some(n));
        } else {
            out.push(None);
            while n < total && !shown(n + 1) {
                n += 1;
            }
        }
        n += 1;
    }
    out
}

/// The pager of page `s` of the list at `dir`, with paths in the language whose prefix is
/// `prefix`; null when the list fits on one page, so templates show nothing.
pub fn pager(prefix: &str, dir: &str, s: &Slice) -> Value {
    if s.total <= 1 {
        return Value::Null;
    }
    let href = |n: usize| format!("{prefix}{}", page_path(dir, n));
    json!({
        "number": s.number,
        "total": s.total,
        "first": href(1),
        "last": href(s.total),
        "prev": (s.number > 1).then(|| href(s.number - 1)),
        "next": (s.number < s.total).then(|| href(s.number + 1)),
        "items": numbers(s.number, s.total).into_iter().map(|n| match n {
            Some(n) => json!({ "number": n, "href": href(n), "current": n == s.number }),
            None => json!({ "gap": true }),
        }).collect::<Vec<_>>(),
    })
}

/// A page's title with which page it is ("Chỉ tiêu – trang 2/5"); the first page keeps the
/// list's own title. `template` is the language's "page {n}/{total}" text.
pub fn title(base: &str, template: &str, s: &Slice) -> String {
    if s.number <= 1 {
        return base.to_string();
    }
    let which = template.replace("{n}", &s.number.to_string()).replace("{total}", &s.total.to_string());
    format!("{base} – {which}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(len: usize, size: usize) -> Vec<usize> {
        split(len, size, "x/").iter().map(|s| s.rows.len()).collect()
    }

    #[test]
    fn lists_split_into_pages_of_at_most_size_rows() {
        assert_eq!(counts(0, 10), vec![0]);
        assert_eq!(counts(1, 10), vec![1]);
        assert_eq!(counts(10, 10), vec![10]);
        assert_eq!(counts(11, 10), vec![10, 1]);
        assert_eq!(counts(95, 10), vec![10; 9].into_iter().chain([5]).collect::<Vec<_>>());
        // Every row is on exactly one page, in order.
        let pages = split(95, 10, "x/");
        let rows: Vec<usize> = pages.iter().flat_map(|s| s.rows.clone()).collect();
        assert_eq!(rows, (0..95).collect::<Vec<_>>());
        assert!(pages.iter().all(|s| s.total == 10));
        // A zero size (a model built without site.toml) cannot divide by zero.
        assert_eq!(counts(3, 0), vec![1, 1, 1]);
    }

    #[test]
    fn the_first_page_keeps_the_list_address() {
        let pages = split(25, 10, "indicators/status/achieved/");
        let paths: Vec<&str> = pages.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "indicators/status/achieved/index.html",
                "indicators/status/achieved/page/2/index.html",
                "indicators/status/achieved/page/3/index.html",
            ]
        );
    }

    #[test]
    fn one_page_has_no_pager() {
        let s = &split(10, 10, "x/")[0];
        assert!(pager("", "x/", s).is_null());
        assert_eq!(title("Chỉ tiêu", "trang {n}/{total}", s), "Chỉ tiêu");
    }

    #[test]
    fn pagers_link_neighbours_first_and_last_in_the_page_language() {
        let pages = split(11, 10, "indicators/");
        let first = pager("en/", "indicators/", &pages[0]);
        assert_eq!(first["prev"], Value::Null);
        assert_eq!(first["next"], "en/indicators/page/2/index.html");
        assert_eq!(first["first"], "en/indicators/index.html");
        assert_eq!(first["last"], "en/indicators/page/2/index.html");
        let second = pager("", "indicators/", &pages[1]);
        assert_eq!(second["prev"], "indicators/index.html");
        assert_eq!(second["next"], Value::Null);
        assert_eq!(second["items"][1], json!({ "number": 2, "href": "indicators/page/2/index.html", "current": true }));
        assert_eq!(title("Indicators", "page {n} of {total}", &pages[1]), "Indicators – page 2 of 2");
    }

    #[test]
    fn many_pages_leave_out_the_far_numbers() {
        let shown = |c, t| {
            numbers(c, t).iter().map(|n| n.map_or("…".to_string(), |n| n.to_string())).collect::<Vec<_>>().join(" ")
        };
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 5), "1 2 3 4 5");
        assert_eq!(shown(1, 20), "1 2 … 20");
        assert_eq!(shown(4, 20), "1 2 3 4 5 … 20");
        assert_eq!(shown(10, 20), "1 … 9 10 11 … 20");
        assert_eq!(shown(20, 20), "1 … 19 20");
        assert_eq!(shown(17, 20), "1 … 16 17 18 19 20");
        // However many pages, the pager stays short enough for a phone.
        for t in 1..200 {
            for c in 1..=t {
                let n = numbers(c, t);
                assert!(n.len() <= 7, "{c}/{t}: {n:?}");
                assert!(n.contains(&Some(c)) && n.contains(&Some(1)) && n.contains(&Some(t)));
            }
        }
    }
}

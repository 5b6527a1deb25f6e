//! Files the tool writes for a site's keepers: a new site (`init`) and a new reporting period
//! with its progress form (`new period`).

mod init;
mod period;

pub use init::init;
pub use period::{Opened, PeriodSpec, new_period, parse_period_id};

/// A TOML basic string with its quotes.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

//! Rows a list's own pages show, picked from the rows a kind of page shares rather than copied
//! into each page's data.
//!
//! A task is listed on its plan, by its lead and each supporting unit, and by every period
//! that misses its report; an indicator by its owner. Copied into each list, the rows of the
//! units' lists alone were a twentieth of a national build, made and freed again. A list page
//! written in Rust reads its rows where they are kept; a page a theme's template renders has
//! them copied into its data first, where the template expects them (`page.rows`).

use std::sync::Arc;

use serde_json::Value;

use super::report_rows::ReportRow;
use super::{Lists, TaskViews};

/// Where the rows are kept: each task, or each indicator, as lists show it; or a period's
/// task reports, as plain rows (see [`super::report_rows`]).
#[derive(Clone)]
pub enum Table {
    Tasks(Arc<TaskViews>),
    Indicators(Arc<Lists>),
    Reports(Arc<Vec<ReportRow>>),
}

impl Table {
    /// The rows as JSON; `None` for plain rows.
    fn rows(&self) -> Option<&[Value]> {
        match self {
            Table::Tasks(t) => Some(&t.views),
            Table::Indicators(l) => Some(&l.summaries),
            Table::Reports(_) => None,
        }
    }
}

/// The rows of one page: its picks, in the order shown, from a table.
pub struct SharedRows {
    table: Table,
    picks: Vec<usize>,
}

impl SharedRows {
    pub(super) fn new(table: Table, picks: Vec<usize>) -> SharedRows {
        SharedRows { table, picks }
    }

    /// The rows, in the order shown, where they are JSON; `None` for plain rows.
    pub fn iter(&self) -> Option<impl Iterator<Item = &Value>> {
        let rows = self.table.rows()?;
        Some(self.picks.iter().filter_map(move |&n| rows.get(n)))
    }

    /// The rows, in the order shown, where they are task reports.
    pub fn reports(&self) -> Option<impl Iterator<Item = &ReportRow>> {
        let Table::Reports(rows) = &self.table else { return None };
        Some(self.picks.iter().filter_map(move |&n| rows.get(n)))
    }

    /// The rows copied, as a template reads them.
    pub fn to_value(&self) -> Value {
        match (self.iter(), self.reports()) {
            (Some(rows), _) => Value::Array(rows.cloned().collect()),
            (None, Some(rows)) => Value::Array(rows.map(ReportRow::to_value).collect()),
            (None, None) => Value::Array(Vec::new()),
        }
    }
}

/// `data` with its rows, `page.rows`, put where a template expects them.
pub fn put_rows(data: &mut Value, shared: &SharedRows) {
    if let Value::Object(map) = data {
        map.insert("rows".to_string(), shared.to_value());
    }
}

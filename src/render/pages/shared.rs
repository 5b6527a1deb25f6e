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

use super::{Lists, TaskViews};

/// Where the rows are kept: each task, or each indicator, as lists show it.
#[derive(Clone)]
pub enum Table {
    Tasks(Arc<TaskViews>),
    Indicators(Arc<Lists>),
}

impl Table {
    fn rows(&self) -> &[Value] {
        match self {
            Table::Tasks(t) => &t.views,
            Table::Indicators(l) => &l.summaries,
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

    /// The rows, in the order shown.
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        let rows = self.table.rows();
        self.picks.iter().filter_map(move |&n| rows.get(n))
    }

    /// The rows copied, as a template reads them.
    pub fn to_value(&self) -> Value {
        Value::Array(self.iter().cloned().collect())
    }
}

/// `data` with its rows, `page.rows`, put where a template expects them.
pub fn put_rows(data: &mut Value, shared: &SharedRows) {
    if let Value::Object(map) = data {
        map.insert("rows".to_string(), shared.to_value());
    }
}

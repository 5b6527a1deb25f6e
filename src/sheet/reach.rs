//! How far a sheet's cells reach. calamine holds an .ods or .xls sheet as one rectangle from
//! its first cell to its last, so one cell typed at the far corner of a sheet would take
//! gigabytes of memory for a file of a few kilobytes: such a file is refused before calamine
//! reads it, at the cell that takes the rectangle out there.

use super::cells::{MAX_CELLS, Place, too_spread};
use super::problem::Problem;

/// How far a sheet's cells reach, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reach {
    pub first_row: usize,
    pub last_row: usize,
    pub last_col: usize,
    /// The lowest cell and the rightmost one: (row, column).
    pub lowest: (usize, usize),
    pub rightmost: (usize, usize),
}

impl Reach {
    pub fn take_in(reach: &mut Option<Reach>, (row, col): (usize, usize)) {
        let r = reach.get_or_insert(Reach {
            first_row: row,
            last_row: row,
            last_col: col,
            lowest: (row, col),
            rightmost: (row, col),
        });
        r.first_row = r.first_row.min(row);
        if row > r.last_row {
            r.last_row = row;
            r.lowest = (row, col);
        }
        if col > r.last_col {
            r.last_col = col;
            r.rightmost = (row, col);
        }
    }

    /// The cells of the rectangle from its first to its last row, each as wide as its last
    /// column: at least what a reader that fills the rectangle holds.
    pub fn cells(&self) -> usize {
        (self.last_row + 1 - self.first_row).saturating_mul(self.last_col + 1)
    }

    /// The cell that takes the rectangle far out: a column past any form's (a form has a few
    /// dozen) says the rightmost one, otherwise the lowest.
    pub fn far_cell(&self) -> (usize, usize) {
        if self.rightmost.1 > 200 { self.rightmost } else { self.lowest }
    }
}

/// The first sheet whose rectangle would hold more than [`MAX_CELLS`] cells, said at the cell
/// that takes it out there.
pub fn too_far<'a>(sheets: impl IntoIterator<Item = (&'a String, Option<Reach>)>, label: &str) -> Option<Problem> {
    let (name, reach) =
        sheets.into_iter().find_map(|(name, r)| r.filter(|r| r.cells() > MAX_CELLS).map(|r| (name, r)))?;
    let (row, col) = reach.far_cell();
    let place = Place { file: label.to_string(), sheet: Some(name.clone()), row, col: Some(col) };
    Some(
        Problem::new(format!(
            "the cells of this sheet reach {}, so far from the others that the file cannot be read",
            place.cell()
        ))
        .at(place)
        .help(too_spread()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_far_cell_is_the_one_that_takes_the_rectangle_out() {
        let mut reach = None;
        for (r, c) in [(1, 0), (1, 15), (40, 3)] {
            Reach::take_in(&mut reach, (r, c));
        }
        let table = reach.unwrap();
        assert_eq!((table.cells(), table.far_cell()), (40 * 16, (40, 3)));
        // A cell in the last column of a LibreOffice sheet, in row 2.
        Reach::take_in(&mut reach, (1, 1023));
        assert_eq!(reach.unwrap().far_cell(), (1, 1023));
        assert_eq!(reach.unwrap().cells(), 40 * 1024);
        // One far below the table.
        let mut reach = Some(table);
        Reach::take_in(&mut reach, (96_999, 2));
        assert_eq!(reach.unwrap().far_cell(), (96_999, 2));
        let sheets = [("Chỉ tiêu".to_string(), reach)];
        assert!(too_far(sheets.iter().map(|(n, r)| (n, *r)), "a.ods").is_none(), "97,000 rows of 16 cells");
        Reach::take_in(&mut reach, (96_999, 1023));
        let sheets = [("Chỉ tiêu".to_string(), reach)];
        let said = too_far(sheets.iter().map(|(n, r)| (n, *r)), "a.ods").unwrap();
        assert_eq!(said.at.unwrap().to_string(), "a.ods: Chỉ tiêu!AMJ97000");
    }
}

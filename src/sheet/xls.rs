//! How far the cells of each sheet of an Excel 97–2003 workbook (`.xls`) reach, read from the
//! records of its `Workbook` stream before calamine holds each sheet as a rectangle (see
//! `reach.rs`). Only the records' positions are read: a cell's row and column are its first
//! two 16-bit fields in every cell record of the BIFF8 format.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::reach::Reach;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const FILE_PASS: u16 = 0x002F;
const MUL_RK: u16 = 0x00BD;
/// Number, Label, LabelSst, BoolErr, RK, Formula, RString: each begins with its row and column.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00FD, 0x0205, 0x027E, 0x0006, 0x00D6];

/// Each worksheet's reach by name; `None` where the file is not one this reads (an older
/// BIFF version, an encrypted workbook, a damaged container), which calamine then says.
pub fn reach(path: &Path) -> Option<BTreeMap<String, Reach>> {
    let mut file = cfb::open(path).ok()?;
    let name = ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n))?;
    let mut stream = file.open_stream(name).ok()?;
    let mut sheets = Vec::new();
    // The workbook's globals: the sheets and where each begins.
    let mut records = Records { stream: &mut stream };
    let (typ, data) = records.next()?;
    if typ != BOF || u16_at(&data, 0)? != 0x0600 {
        return None;
    }
    loop {
        let (typ, data) = records.next()?;
        match typ {
            EOF => break,
            FILE_PASS => return None,
            BOUND_SHEET if data.get(5) == Some(&0) => sheets.push((u32_at(&data, 0)?, sheet_name(&data)?)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (at, name) in sheets {
        records.stream.seek(SeekFrom::Start(at.into())).ok()?;
        let mut reach: Option<Reach> = None;
        // An embedded chart has a substream of its own, BOF to EOF, inside the sheet's.
        let mut depth = 0usize;
        while let Some((typ, data)) = records.next() {
            match typ {
                BOF => depth += 1,
                EOF if depth <= 1 => break,
                EOF => depth -= 1,
                _ if depth > 1 => {}
                MUL_RK => {
                    let (row, first) = (u16_at(&data, 0)?, u16_at(&data, 2)?);
                    let last = u16_at(&data, data.len().checked_sub(2)?)?;
                    Reach::take_in(&mut reach, (row.into(), first.into()));
                    Reach::take_in(&mut reach, (row.into(), last.into()));
                }
                t if CELLS.contains(&t) => {
                    Reach::take_in(&mut reach, (u16_at(&data, 0)?.into(), u16_at(&data, 2)?.into()))
                }
                _ => {}
            }
        }
        if let Some(reach) = reach {
            out.insert(name, reach);
        }
    }
    Some(out)
}

/// A stream of BIFF records: a 16-bit type, a 16-bit length, the data.
struct Records<'a, R> {
    stream: &'a mut R,
}

impl<R: Read> Records<'_, R> {
    fn next(&mut self) -> Option<(u16, Vec<u8>)> {
        let mut head = [0u8; 4];
        self.stream.read_exact(&mut head).ok()?;
        let (typ, len) = (u16::from_le_bytes([head[0], head[1]]), u16::from_le_bytes([head[2], head[3]]));
        let mut data = vec![0u8; len.into()];
        self.stream.read_exact(&mut data).ok()?;
        Some((typ, data))
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A BoundSheet8 record's name: a count of characters, a flag for two bytes a character, the
/// characters (UTF-16 or Latin-1).
fn sheet_name(data: &[u8]) -> Option<String> {
    let count = usize::from(*data.get(6)?);
    let wide = data.get(7)? & 1 == 1;
    let chars = data.get(8..)?;
    if wide {
        let units: Vec<u16> = chars.chunks_exact(2).take(count).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.iter().take(count).map(|&b| char::from(b)).collect())
    }
}

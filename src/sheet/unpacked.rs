//! How much an .xlsx or .ods file unpacks to, before a reader unpacks it. Such a workbook is a
//! zip archive of XML, and the readers hold what they unpack in memory: a few megabytes of
//! archive can unpack to gigabytes (by mistake, or made so on purpose), which would end the
//! import with an allocation failure, or end other programs first, instead of a message.

use std::io::Read as _;
use std::path::Path;

use super::problem::Problem;

/// More than any form unpacks to: the form of a whole city, thousands of rows with long
/// notes, is a few megabytes of XML.
pub(super) const LIMIT: u64 = 100 << 20;

/// The problem with a zip archive that unpacks to more than [`LIMIT`], counting the parts a
/// reader unpacks (pictures pasted into the workbook are not read, and are not counted);
/// `None` for any other file, which is read as before (and a damaged one refused as before).
pub(super) fn too_large(path: &Path) -> Option<Problem> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).ok()?;
        if entry.name().is_ok_and(|n| not_read(&n)) {
            continue;
        }
        // The size the archive declares, then the bytes themselves: a declared size can lie.
        let mut over = total.saturating_add(entry.size()) > LIMIT;
        if !over {
            let read = std::io::copy(&mut entry.take(LIMIT - total + 1), &mut std::io::sink()).ok()?;
            total += read;
            over = total > LIMIT;
        }
        if over {
            return Some(
                Problem::new(format!(
                    "{} unpacks to more than {} MB, far more than any reporting form, so it is not read",
                    path.display(),
                    LIMIT >> 20
                ))
                .help(
                    "it is not a form saved by a spreadsheet program (or holds something else): ask the agency to send \
                     the form again, saved from Excel or LibreOffice, without pasting other material into it",
                ),
            );
        }
    }
    None
}

/// Parts of a workbook that no reader of answers unpacks: pictures, embedded objects and
/// previews.
fn not_read(name: &str) -> bool {
    ["xl/media/", "xl/embeddings/", "Pictures/", "Thumbnails/", "docProps/thumbnail"]
        .iter()
        .any(|p| name.starts_with(p))
}

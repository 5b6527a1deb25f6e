//! What a file that does not open as the workbook its name says is: empty, missing, cut short,
//! locked with a password, a web page or a CSV file renamed, or a workbook of another kind. Said
//! so that the keeper can tell the agency what to send, instead of a reader's error about zip
//! archives.

use std::path::Path;

use super::problem::Problem;

/// The problem with a file named `.xlsx`, `.xls`, `.ods`… that could not be read, when its
/// bytes tell why; `None` leaves the reader's own error.
pub(super) fn not_a_workbook(path: &Path, ext: &str) -> Option<Problem> {
    let shown = path.display();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(Problem::new(format!("{shown} does not exist")).help("check the file's name and folder"));
        }
        Err(_) => return None,
    };
    let again = "ask the agency to send it again, or save it again from the program it was made in";
    if bytes.is_empty() {
        return Some(
            Problem::new(format!("{shown} is empty (0 bytes): it holds no workbook"))
                .help(format!("it was not saved or not copied whole; {again}")),
        );
    }
    let save_as = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx), then import that";
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // An Office file of the old kind; an encrypted .xlsx is one too, its workbook in a
        // stream named `EncryptedPackage`.
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Some(Problem::new(format!("{shown} is protected by a password, so its cells cannot be read")).help(
                "open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password: clear it), save it and import it again",
            ));
        }
        if ext != "xls" {
            return Some(
                Problem::new(format!("{shown} is an old Excel 97-2003 workbook (.xls) named .{ext}"))
                    .help(format!("rename it to .xls, or better: {save_as}")),
            );
        }
        return None;
    }
    if bytes.starts_with(b"PK") {
        if ext == "xls" {
            return Some(
                Problem::new(format!("{shown} is a workbook of the newer kind (.xlsx or .ods) named .xls"))
                    .help("rename it to .xlsx (or .ods, if it was made by LibreOffice) and import it again"),
            );
        }
        // A zip archive whose directory, written last, is missing: cut short.
        let has_end =
            bytes.len() >= 22 && bytes[bytes.len().saturating_sub(65_557)..].windows(4).any(|w| w == b"PK\x05\x06");
        if !has_end {
            return Some(
                Problem::new(format!("{shown} is cut short: only the first {} bytes of a workbook", bytes.len()))
                    .help(format!("it was not downloaded or copied whole; {again}")),
            );
        }
        return other_archive(&bytes)
            .map(|(what, help)| Problem::new(format!("{shown} is {what} named .{ext}, not a workbook")).help(help));
    }
    // Documents sent in place of the form: a scanned or printed report, a picture of it.
    let kinds: [(&[u8], &str); 5] = [
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG picture"),
        (b"\xFF\xD8\xFF", "a JPEG picture"),
        (b"{\\rtf", "a Rich Text document (.rtf)"),
        (b"GIF8", "a GIF picture"),
    ];
    if let Some((_, what)) = kinds.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(Problem::new(format!("{shown} is {what} named .{ext}, not a workbook")).help(
            "the agency sent another file in place of its form (a printed or scanned report cannot be read cell by cell): \
             ask for the answered form, saved from Excel or LibreOffice (.xlsx or .ods)",
        ));
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8_lossy(&text[..text.len().min(4096)]);
    let start = text.trim_start().get(..64.min(text.trim_start().len())).unwrap_or("").to_ascii_lowercase();
    if start.starts_with('<') {
        // Many systems export a table as a web page named .xls.
        let what = if start.contains("<?xml") && !start.contains("html") { "an XML file" } else { "a web page (HTML)" };
        return Some(
            Problem::new(format!("{shown} is {what} named .{ext}, not a workbook"))
                .help(format!("systems that export tables often do this; {save_as}")),
        );
    }
    let printable = text.chars().filter(|c| !c.is_control() || c.is_whitespace()).count();
    if printable * 10 >= text.chars().count() * 9 {
        return Some(
            Problem::new(format!("{shown} is a text file named .{ext}, not a workbook"))
                .help(format!("if it is a CSV export, rename it to .csv and import it again; otherwise {save_as}")),
        );
    }
    None
}

/// What a zip archive that is no workbook is, by the parts it holds: another Office document
/// (an agency's cover letter sent in place of its form), or an archive of files (forms sent
/// zipped); with what to do. `None` for a workbook, damaged or not.
fn other_archive(bytes: &[u8]) -> Option<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    if names.iter().any(|n| n.starts_with("xl/") || n == "content.xml") {
        return None;
    }
    let instead = "the agency sent another file in place of its form: ask for the answered form, saved from Excel or LibreOffice (.xlsx or .ods)";
    let document = |what: &str| Some((what.to_string(), instead.to_string()));
    let mimetype = zip.by_name("mimetype").ok().and_then(|mut m| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut m, &mut text).ok().map(|_| text)
    });
    match mimetype.as_deref().map(str::trim) {
        Some("application/vnd.oasis.opendocument.text") => return document("a text document (.odt)"),
        Some("application/vnd.oasis.opendocument.presentation") => return document("a presentation (.odp)"),
        _ => {}
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return document("a Word document (.docx)");
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return document("a PowerPoint presentation (.pptx)");
    }
    let mut shown: Vec<&str> = names.iter().map(String::as_str).filter(|n| !n.ends_with('/')).take(5).collect();
    shown.sort_unstable();
    Some((
        "a zip archive".to_string(),
        format!(
            "it holds {}{}: unpack it and import the workbooks inside",
            shown.join(", "),
            if names.len() > shown.len() { ", …" } else { "" }
        ),
    ))
}

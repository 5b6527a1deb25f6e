//! What a file that is not UTF-8 is, as far as its bytes tell, so that the message says what
//! to do: a text saved as UTF-16 (Notepad's "Unicode") is saved again as UTF-8; a text in an
//! older Vietnamese encoding (TCVN3, VNI, Windows-1258) is converted; a picture, spreadsheet or
//! document put where a text belongs is moved out.

/// Why the file whose text (decoded lossily) is `text` is not UTF-8 text, and what to do.
pub fn not_utf8(text: &str) -> (&'static str, &'static str) {
    const SAVE: &str = "save it as UTF-8 (in most editors: Save As → Encoding: UTF-8)";
    if utf16(text) {
        ("this file is not UTF-8 text: it is saved as UTF-16 (\"Unicode\" in Notepad)", SAVE)
    } else if text.contains('\0') || text.starts_with("%PDF-") {
        (
            "this file is not text: it holds binary data, such as a picture, a spreadsheet or a document",
            "a .toml or .md file holds text: give a picture or a PDF its own extension and put it in \
             content/ beside the page that shows it; a spreadsheet of reports is read with `minhbach import`",
        )
    } else {
        (
            "this file is not UTF-8 text",
            "save it as UTF-8 (in most editors: Save As → Encoding: UTF-8); a text typed in an older \
             Vietnamese encoding (TCVN3, VNI, Windows-1258) is converted to Unicode first",
        )
    }
}

/// Whether the text reads as UTF-16: a byte order mark, or a zero byte beside each letter of
/// the Latin alphabet (UTF-16 writes one as the letter and a zero byte) and never two zero bytes
/// in a row (no character of a text is written so), where a binary file has runs of them.
fn utf16(text: &str) -> bool {
    let chars: Vec<char> = text.chars().take(400).collect();
    // Lossy decoding turns the mark `FF FE` or `FE FF` into two replacement characters.
    if chars.starts_with(&['\u{FFFD}', '\u{FFFD}']) && chars.get(3) == Some(&'\0') {
        return true;
    }
    let zeros = chars.iter().filter(|&&c| c == '\0').count();
    let runs = chars.windows(2).any(|w| w == ['\0', '\0']);
    chars.len() >= 4 && zeros * 5 >= chars.len() && !runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lossy(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn utf16_with_or_without_its_mark_is_told_apart_from_binary_and_old_encodings() {
        let le: Vec<u8> = "id = \"u\"\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "id = \"u\"\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, what) in [([&b"\xff\xfe"[..], &le].concat(), "LE"), ([&b"\xfe\xff"[..], &be].concat(), "BE")] {
            assert!(not_utf8(&lossy(&bytes)).0.contains("UTF-16"), "{what} with its mark");
        }
        assert!(not_utf8(&lossy(&[&le[..], b"\xff"].concat())).0.contains("UTF-16"), "without");
        // Vietnamese in UTF-16 without its mark: most of its letters are not ASCII.
        let vi: Vec<u8> =
            "name = \"Tỷ lệ phủ sóng 5G trên địa bàn\"\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(not_utf8(&lossy(&vi)).0.contains("UTF-16"), "Vietnamese");
        // A PNG's header has zero bytes, several in a row.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\xb0\0\0\x02v\x08\x06\0\0\0\xf3\xa4";
        assert!(not_utf8(&lossy(png)).0.contains("binary data"));
        assert!(not_utf8(&lossy(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")).0.contains("binary data"), "a PDF");
        // "Hải Phòng" in Windows-1258: no zero bytes.
        assert_eq!(not_utf8(&lossy(b"H\xe1i Ph\xf2ng")).0, "this file is not UTF-8 text");
    }
}

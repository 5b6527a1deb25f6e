//! The bundled font, DejaVu Sans, parsed once: compiled in, never a font of the building
//! machine. Charts measure their labels with it and share pictures draw their text with it.

use std::sync::OnceLock;

use ab_glyph::FontRef;

/// DejaVu Sans, bold or regular.
pub fn face(bold: bool) -> &'static FontRef<'static> {
    static FACES: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    let (regular, bold_face) = FACES.get_or_init(|| {
        // The fonts are compiled in; failing to parse them would be a packaging bug caught by tests.
        let parse = |bytes: &'static [u8]| FontRef::try_from_slice(bytes).expect("bundled DejaVu Sans parses");
        (parse(dejavu::sans::regular()), parse(dejavu::sans::bold()))
    });
    if bold { bold_face } else { regular }
}

//! The files under `content/` that are not Markdown: images and documents the press office
//! publishes beside its pages. Only kinds that cannot run script on the site's address are
//! published, and only when their bytes are what their name says; anything else is refused,
//! and none may take the place of a file the build makes.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity, Sources};
use crate::output::Files;

/// Kinds a content asset may be, with the bytes each must start with (empty: text, checked as
/// UTF-8). HTML, SVG, XML and scripts are absent on purpose: a browser runs their script.
const KINDS: &[(&str, &[&[u8]])] = &[
    ("png", &[b"\x89PNG\r\n\x1a\n"]),
    ("jpg", &[b"\xff\xd8\xff"]),
    ("jpeg", &[b"\xff\xd8\xff"]),
    ("gif", &[b"GIF87a", b"GIF89a"]),
    ("webp", &[b"RIFF"]),
    ("avif", &[b"\0\0\0"]),
    ("ico", &[b"\0\0\x01\0"]),
    ("pdf", &[b"%PDF-"]),
    ("docx", &[b"PK\x03\x04"]),
    ("xlsx", &[b"PK\x03\x04"]),
    ("pptx", &[b"PK\x03\x04"]),
    ("odt", &[b"PK\x03\x04"]),
    ("ods", &[b"PK\x03\x04"]),
    ("odp", &[b"PK\x03\x04"]),
    ("zip", &[b"PK\x03\x04"]),
    ("doc", &[b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    ("xls", &[b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    ("ppt", &[b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    ("txt", &[]),
    ("csv", &[]),
];

fn accepted() -> String {
    KINDS.iter().map(|(ext, _)| format!(".{ext}")).collect::<Vec<_>>().join(", ")
}

/// What only a secret key holds: minhbach's own signing key file, and the armour of PEM and
/// OpenSSH private keys.
const SECRET_MARKS: &[&[u8]] = &[b"minhbach Ed25519 secret key", b"PRIVATE KEY-----"];

/// Why a text file may not be published because it holds a secret key, if it does: a key saved
/// beside the pages (`keygen content/khoa.txt`) would be published, and frozen into the next
/// snapshot for good.
pub fn secret_refusal(bytes: &[u8]) -> Option<String> {
    let found = SECRET_MARKS.iter().any(|mark| bytes.windows(mark.len()).any(|w| w == *mark));
    found.then(|| "it holds a secret key, which must never be published; move it out of the site".to_string())
}

/// Whether the file at `path` holds a secret key. Only its first MiB is searched: keys sit at
/// the start of their file, and a large file (a video a host serves) need not be read whole.
pub fn holds_secret_key(path: &Path) -> bool {
    use std::io::Read;
    let mut start = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(1 << 20).read_to_end(&mut start));
    read.is_ok() && secret_refusal(&start).is_some()
}

/// A warning for a secret key kept among a site's sources (`rel`, from the site's root) that
/// the build does not publish: sources are often kept in a public repository, and a signing
/// key there lets anyone sign a snapshot as the site.
pub fn secret_among_sources(rel: &str) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::site_warning(format!(
        "{rel} holds a secret key: the build does not publish it, but it lies among the site's sources, \
         which are often kept in a public repository, where it would let anyone sign snapshots as the site"
    ))
    .with_help(
        "move it out of the site (for example to ~/minhbach-signing.key) and sign with `snapshot --sign` from there",
    )
}

/// Why a file may not be published, if it may not.
pub fn refusal(name: &str, bytes: &[u8]) -> Option<String> {
    let ext = Path::new(name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let Some((_, magic)) = KINDS.iter().find(|(k, _)| *k == ext) else {
        let why = match ext.as_str() {
            "html" | "htm" | "xhtml" | "svg" | "svgz" | "xml" | "js" | "mjs" | "css" => {
                "a browser would run what it holds on the site's address, outside the Markdown sanitiser"
            }
            // `.MD`, `.markdown`: Markdown all the same, but pages are read from `.md` files only.
            "md" | "markdown" | "mdown" | "mkd" => {
                return Some(format!(
                    "this Markdown file is not read as a page: pages are read only from files whose name \
                     ends in `.md`, in small letters (not `.{}`); rename it",
                    Path::new(name).extension().map(|e| e.to_string_lossy()).unwrap_or_default()
                ));
            }
            "" => {
                return Some("this file has no extension, so its kind cannot be told, and it is not published".into());
            }
            _ => "this kind of file is not among those a transparency site publishes",
        };
        return Some(format!("files of type .{ext} are not published: {why}"));
    };
    if magic.is_empty() {
        if std::str::from_utf8(bytes).is_err() {
            return Some(format!("a .{ext} file must be UTF-8 text"));
        }
        return secret_refusal(bytes);
    }
    let ok = magic.iter().any(|m| bytes.starts_with(m))
        && (ext != "webp" || bytes.get(8..12) == Some(b"WEBP"))
        && (ext != "avif" || bytes.get(4..8) == Some(b"ftyp"));
    (!ok).then(|| format!("its content is not a .{ext} file (its first bytes do not match), so it is not published"))
}

/// Adds the content assets to `files`; every refused file and every clash with a file the build
/// makes is an error naming the file. Files beside the posts of the `later` periods (those after
/// the one the site is built as of) are left for the build that publishes those posts; those
/// `held_back` by drafts (see [`crate::load::drafts`]) are checked, and left for the build that
/// publishes a page linking to them.
pub fn add(
    root: &Path,
    files: &mut Files,
    sources: &mut Sources,
    later: &[String],
    held_back: &std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut folders_refused = std::collections::BTreeSet::new();
    // Links, special files and names that are not UTF-8 are the loader's to report; the walk
    // never follows a link and leaves hidden files out.
    for (path, rel) in crate::load::walk::walk(root, "content").files {
        if rel.ends_with(".md") {
            continue;
        }
        // Beside a post of a period after the one built (a snapshot's): published with it, later.
        if crate::render::markdown::address::posts_period(&rel).is_some_and(|p| later.iter().any(|l| l == p)) {
            continue;
        }
        let (path, out) = (path.as_path(), rel);
        let shown = format!("content/{out}");
        let mut error = |message: String, help: String| {
            let file = sources.add(shown.clone(), String::new());
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: Some(file),
                range: None,
                message,
                help: Some(help),
            });
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                error(format!("cannot read this file: {e}"), "check its permissions".into());
                continue;
            }
        };
        if let Some(why) = refusal(&out, &bytes) {
            error(
                why,
                format!("content/ may hold Markdown (.md) and these files: {}; remove or convert it", accepted()),
            );
            continue;
        }
        if held_back.contains(&out) {
            continue;
        }
        // A folder named as a file the build makes (`content/index.html/`) could be written
        // neither way; it is the folder that is wrong, once, not each file it holds.
        let mut folders = out.match_indices('/').map(|(i, _)| &out[..i]);
        if let Some(folder) = folders.find(|f| files.contains(f)) {
            if folders_refused.insert(folder.to_string()) {
                diags.push(folder_refused(sources, folder));
            }
            continue;
        }
        if files.contains(&out) {
            error(
                format!("this file would replace `{out}`, which the build makes"),
                "rename or move it: files under content/ may not take the place of generated pages or data".into(),
            );
            continue;
        }
        files.add(out, bytes);
    }
    diags
}

/// The error for the folder `content/<folder>`, which has the name of a file the build makes.
fn folder_refused(sources: &mut Sources, folder: &str) -> Diagnostic {
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let kind = if name.ends_with(".html") { "a page" } else { "a file" };
    let file = sources.add(format!("content/{folder}"), String::new());
    Diagnostic::file_error(
        file,
        format!(
            "this folder cannot be published: `{folder}` is {kind} the site writes, and a folder cannot take its name"
        ),
    )
    .with_help(format!(
        "rename the folder (for example to `{}`), and the links to the files it holds",
        name.replace('.', "-")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_documents_and_images_that_are_what_they_say() {
        assert_eq!(refusal("a/photo.PNG", b"\x89PNG\r\n\x1a\nrest"), None);
        assert_eq!(refusal("report.pdf", b"%PDF-1.7"), None);
        assert_eq!(refusal("notes.txt", "Hải Phòng".as_bytes()), None);
        assert!(refusal("evil.svg", b"<svg><script>").unwrap().contains("run"));
        assert!(refusal("index.html", b"<p>").unwrap().contains("run"));
        assert!(refusal("fake.png", b"<html><script>").unwrap().contains("first bytes"));
        assert!(refusal("Makefile", b"all:").unwrap().contains("no extension"));
        assert!(refusal("tool.exe", b"MZ").is_some());
        assert!(refusal("gioi-thieu.MD", b"+++").unwrap().contains("only from files whose name ends in `.md`"));
        assert!(refusal("gioi-thieu.markdown", b"+++").unwrap().contains("(not `.markdown`)"));
    }

    #[test]
    fn secret_keys_are_never_published() {
        let key = crate::archive::keys::secret_file(&ed25519_dalek::SigningKey::from_bytes(&[7; 32]));
        assert!(refusal("khoa.txt", key.as_bytes()).unwrap().contains("secret key"));
        let pem = "note\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n";
        assert!(refusal("ghi-chu.csv", pem.as_bytes()).unwrap().contains("secret key"));
        let public = "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n";
        assert_eq!(refusal("khoa-cong-khai.txt", public.as_bytes()), None);
    }
}

//! Ed25519 keys for signing snapshot manifests. The secret key stays with the press office;
//! the public key is published with the site so that anyone can check a signature.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// The site's trusted public key, kept next to the snapshots.
pub const PUBLIC_KEY_FILE: &str = "signing-key.pub";

/// The first line of a file that is not a comment, as hex bytes.
fn hex_bytes<const N: usize>(text: &str, what: &str) -> Result<[u8; N], String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    let bytes = hex::decode(line).map_err(|_| format!("{what} is not hexadecimal"))?;
    bytes.try_into().map_err(|_| format!("{what} must be {N} bytes"))
}

pub fn generate() -> Result<SigningKey, String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no random numbers available: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn secret_file(key: &SigningKey) -> String {
    format!(
        "# minhbach Ed25519 secret key. Keep it private and out of the site's repository.\n{}\n",
        hex::encode(key.to_bytes())
    )
}

/// The site whose sources (`site.toml` and the folders beside it) would hold a key at `path`, if
/// any: a secret key belongs outside every site, where no build publishes it and no commit
/// takes it along.
pub fn inside_site_sources(path: &std::path::Path) -> Option<std::path::PathBuf> {
    let at = crate::write::absolute(path).ok()?;
    at.ancestors().skip(1).find(|dir| dir.join("site.toml").is_file()).map(std::path::Path::to_path_buf)
}

/// The SHA-256 (hex) of a public key's 32 bytes: what a signed snapshot records of its key.
pub fn fingerprint(key: &VerifyingKey) -> String {
    super::manifest::digest(key.as_bytes())
}

/// The build output (a folder holding minhbach's output manifest) that `path` would be inside,
/// if any: a build publishes every file others put in its folder.
pub fn inside_build_output(path: &Path) -> Option<std::path::PathBuf> {
    let at = crate::write::absolute(path).ok()?;
    at.ancestors().skip(1).find(|dir| dir.join(crate::write::manifest::NAME).is_file()).map(Path::to_path_buf)
}

/// The published key, with the first period it signs: every snapshot from then on must carry
/// a valid signature, so removing one is noticed.
pub fn public_file(key: &VerifyingKey, since: Option<&str>) -> String {
    let mut s = format!("# minhbach Ed25519 public key of this site's snapshots.\n{}\n", hex::encode(key.to_bytes()));
    if let Some(since) = since {
        s.push_str(&format!("since = {since}\n"));
    }
    s
}

/// The `since = PERIOD` line of a public key file.
pub fn parse_since(text: &str) -> Option<String> {
    text.lines().find_map(|l| l.trim().strip_prefix("since = ").map(|p| p.trim().to_string()))
}

/// The public key as a PEM SubjectPublicKeyInfo, for `openssl pkeyutl -verify`.
pub fn public_pem(key: &VerifyingKey) -> String {
    use base64::Engine;
    // DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 key bytes.
    let mut der = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    der.extend_from_slice(&key.to_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN PUBLIC KEY-----\n{b64}\n-----END PUBLIC KEY-----\n")
}

pub fn read_secret(path: &Path) -> Result<SigningKey, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SigningKey::from_bytes(&hex_bytes::<32>(&text, "the secret key")?))
}

pub fn parse_public(text: &str) -> Result<VerifyingKey, String> {
    VerifyingKey::from_bytes(&hex_bytes::<32>(text, "the public key")?)
        .map_err(|_| "the public key is not valid".to_string())
}

/// The signature file's content for a manifest.
pub fn sign(key: &SigningKey, manifest: &[u8]) -> String {
    format!("{}\n", hex::encode(key.sign(manifest).to_bytes()))
}

pub fn verify(key: &VerifyingKey, manifest: &[u8], signature_file: &str) -> Result<(), String> {
    let bytes = hex_bytes::<64>(signature_file, "the signature")?;
    key.verify_strict(manifest, &Signature::from_bytes(&bytes))
        .map_err(|_| "the signature does not match the manifest".to_string())
}

/// Writes `text` to a new file at `path` that only its owner may read (a secret key): never
/// over an existing file.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_and_detects_tampering() {
        let key = generate().unwrap();
        let public = parse_public(&public_file(&key.verifying_key(), Some("2026-Q1"))).unwrap();
        let sig = sign(&key, b"manifest");
        assert!(verify(&public, b"manifest", &sig).is_ok());
        assert!(verify(&public, b"manifest!", &sig).is_err());
        let other = generate().unwrap();
        assert!(verify(&other.verifying_key(), b"manifest", &sig).is_err());
        let reread = SigningKey::from_bytes(&hex_bytes::<32>(&secret_file(&key), "k").unwrap());
        assert_eq!(reread.to_bytes(), key.to_bytes());
    }
}

//! The preview server's verified snapshots, kept between rebuilds.

use std::path::Path;

type Fingerprint = Vec<(String, u64, Option<std::time::SystemTime>)>;

/// Verified snapshots, kept while `archive/` is unchanged: verifying them is the slowest part
/// of a rebuild of a site with many periods archived.
#[derive(Default)]
pub(super) struct ArchiveCache {
    fingerprint: Option<Fingerprint>,
    verified: (Vec<crate::archive::Archive>, Vec<crate::diagnostic::Diagnostic>),
    /// How many times the snapshots were read: pages made from other snapshots differ.
    pub(super) reads: u64,
}

impl ArchiveCache {
    /// The verified snapshots; `archive/` is looked at again only when a change touched it
    /// (listing the snapshots' thousands of files takes longer than the rest of a rebuild).
    pub(super) fn get(
        &mut self,
        root: &Path,
        touched: bool,
    ) -> (Vec<crate::archive::Archive>, Vec<crate::diagnostic::Diagnostic>) {
        if self.fingerprint.is_some() && !touched {
            return self.verified.clone();
        }
        let now = crate::archive::fingerprint(root);
        if self.fingerprint.as_ref() != Some(&now) {
            self.reads += 1;
            self.verified = crate::archive::load_with(root, crate::archive::Hold::All);
            self.fingerprint = Some(now);
        }
        self.verified.clone()
    }
}

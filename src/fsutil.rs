//! Writing files without ever leaving a half-written one, shared by every command that
//! writes a config or a lease file (fmt --write, migrate -o, config-get -o, serve's
//! config-write).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replace `path` by `bytes` so that a reader sees either the old or the new file: write a
/// temporary file in the same directory (same file system), fsync it, give it the old file's
/// permissions, rename it over the target, fsync the directory. A symlink is followed, so the
/// link stays a link. A target that exists but is not a regular file (`/dev/null`, a FIFO,
/// `/dev/stdout`) is written through, never replaced: renaming over `/dev/null` as root
/// would destroy the device node.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Flushed on this thread: nothing runs beside it (serve's config-write, fmt).
    match stage_file(path, bytes, false)? {
        Some(staged) => staged.commit(),
        None => {
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            f.write_all(bytes)?;
            f.flush()
        }
    }
}

/// The first half of `write_atomic`: the new content in a temporary file beside `path`,
/// being flushed to disk on another thread, the target not yet touched. `commit` puts it in
/// place; dropping it instead removes it, leaving the old file as it was. A caller can thus
/// stage the output while it still checks it (migrate: the disk's flush runs beside the
/// check). `None` for a target that exists and is not a regular file (written through by
/// `write_atomic`, never replaced).
pub fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Option<Staged>> {
    stage_file(path, bytes, true)
}

/// `stage`, flushing on another thread (`background`) or before returning.
fn stage_file(path: &Path, bytes: &[u8], background: bool) -> std::io::Result<Option<Staged>> {
    let target: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = std::fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Ok(None);
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.keakit.{}.tmp", std::process::id()));
    let mut staged = Staged { tmp, target, dir, flush: None };
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&staged.tmp)?;
    f.write_all(bytes)?;
    if let Some(m) = &existing {
        f.set_permissions(m.permissions())?;
    }
    if background {
        staged.flush = Some(std::thread::spawn(move || f.sync_all()));
    } else {
        f.sync_all()?;
    }
    Ok(Some(staged))
}

/// A file written by `stage`, waiting for `commit`.
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    flush: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Staged {
    /// Wait for the flush, rename the file over the target, make the rename durable.
    pub fn commit(mut self) -> std::io::Result<()> {
        let flushed = self.flush.take().map_or(Ok(()), |h| h.join().unwrap_or_else(|_| Err(std::io::Error::other("fsync thread failed"))));
        flushed?;
        std::fs::rename(&self.tmp, &self.target)?;
        // Renamed: nothing left for `drop` to remove.
        self.tmp = PathBuf::new();
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(h) = self.flush.take() {
            let _ = h.join();
        }
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_regular_files_and_writes_through_devices() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        // A symlink stays a link to the rewritten file.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        write_atomic(&link, b"three").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        // /dev/null stays a character device.
        write_atomic(Path::new("/dev/null"), b"gone").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[test]
    fn a_staged_file_replaces_the_target_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kea.json");
        std::fs::write(&p, b"old").unwrap();
        let staged = stage(&p, b"new").unwrap().expect("a regular file is staged");
        assert_eq!(std::fs::read(&p).unwrap(), b"old", "the target is untouched until commit");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        drop(staged);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "dropped: the temporary file is gone");
        stage(&p, b"new").unwrap().unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(stage(Path::new("/dev/null"), b"x").unwrap().is_none(), "devices are not staged");
    }
}

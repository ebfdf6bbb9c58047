//! Sealed blobs as files under `<data>/blobs/ab/<name>.age`, written per the write path of
//! SECURITY.md: temporary file in `<data>/tmp`, fsync, rename into place, fsync the directory.
//! Only ciphertext is ever handed to this module.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use refuge_domain::ports::{BlobError, BlobStore, BlobWriter};

pub struct FsBlobStore {
    blobs: PathBuf,
    temporaries: PathBuf,
}

const SUFFIX: &str = ".age";

impl FsBlobStore {
    /// Creates the folders if needed (mode 0700: only the service account may read them).
    pub fn open(data_dir: &Path) -> Result<Self, BlobError> {
        let store = FsBlobStore {
            blobs: data_dir.join("blobs"),
            temporaries: data_dir.join("tmp"),
        };
        for dir in [&store.blobs, &store.temporaries] {
            create_private_dir(dir)?;
        }
        Ok(store)
    }

    fn path_of(&self, name: &str) -> Result<PathBuf, BlobError> {
        // Names are ours (32 hex digits); anything else is refused before touching the disk.
        if name.len() != 32
            || !name
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        {
            return Err(BlobError::NotFound);
        }
        Ok(self.blobs.join(&name[..2]).join(format!("{name}{SUFFIX}")))
    }
}

fn create_private_dir(dir: &Path) -> Result<(), BlobError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| BlobError::WriteFailed(format!("{}: {e}", dir.display())))
}

fn sync_dir(dir: &Path) -> Result<(), BlobError> {
    File::open(dir)
        .and_then(|handle| handle.sync_all())
        .map_err(|e| BlobError::SyncFailed(format!("{}: {e}", dir.display())))
}

fn new_name() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        eprintln!("refuge: the operating system's random number generator failed; stopping");
        std::process::abort();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A blob being written: a temporary file in `<data>/tmp` until `commit`. Dropped uncommitted,
/// it removes itself.
struct FsBlobWriter {
    name: String,
    final_path: PathBuf,
    temporary: PathBuf,
    blobs: PathBuf,
    file: Option<File>,
}

impl Write for FsBlobWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(bytes),
            None => Err(std::io::Error::other("blob already finished")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl BlobWriter for FsBlobWriter {
    fn commit(mut self: Box<Self>) -> Result<String, BlobError> {
        let file = self
            .file
            .take()
            .ok_or_else(|| BlobError::WriteFailed("blob already finished".into()))?;
        // SECURITY: a failed fsync means the kernel may have dropped our data; the caller fail-stops.
        file.sync_all()
            .map_err(|e| BlobError::SyncFailed(e.to_string()))?;
        drop(file);
        let shard = self
            .final_path
            .parent()
            .ok_or_else(|| BlobError::WriteFailed("no shard".into()))?
            .to_path_buf();
        let created_shard = !shard.exists();
        create_private_dir(&shard)?;
        if created_shard {
            sync_dir(&self.blobs)?;
        }
        fs::rename(&self.temporary, &self.final_path)
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        sync_dir(&shard)?;
        Ok(std::mem::take(&mut self.name))
    }

    fn into_scratch(mut self: Box<Self>) -> Result<Box<dyn Read + Send>, BlobError> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| BlobError::WriteFailed("blob already finished".into()))?;
        file.flush()
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        let reader =
            File::open(&self.temporary).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        // The open handle keeps the data readable; the name is gone at once, so nothing is left
        // behind however this ends.
        let _ = fs::remove_file(&self.temporary);
        Ok(Box::new(reader))
    }
}

impl Drop for FsBlobWriter {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

impl BlobStore for FsBlobStore {
    fn create(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        let name = new_name();
        let final_path = self.path_of(&name)?;
        let temporary = self.temporaries.join(format!("{name}.partial"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&temporary)
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        Ok(Box::new(FsBlobWriter {
            name,
            final_path,
            temporary,
            blobs: self.blobs.clone(),
            file: Some(file),
        }))
    }

    fn put(&self, sealed: &[u8]) -> Result<String, BlobError> {
        let mut writer = self.create()?;
        writer
            .write_all(sealed)
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        writer.commit()
    }

    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>, BlobError> {
        match File::open(self.path_of(name)?) {
            Ok(file) => Ok(Box::new(std::io::BufReader::with_capacity(64 * 1024, file))),
            Err(e) if e.kind() == ErrorKind::NotFound => Err(BlobError::NotFound),
            Err(e) => Err(BlobError::WriteFailed(e.to_string())),
        }
    }

    fn get(&self, name: &str) -> Result<Vec<u8>, BlobError> {
        fs::read(self.path_of(name)?).map_err(|e| match e.kind() {
            ErrorKind::NotFound => BlobError::NotFound,
            _ => BlobError::WriteFailed(e.to_string()),
        })
    }

    fn delete(&self, name: &str) -> Result<(), BlobError> {
        let path = self.path_of(name)?;
        match fs::remove_file(&path) {
            Ok(()) => path.parent().map(sync_dir).unwrap_or(Ok(())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(BlobError::WriteFailed(e.to_string())),
        }
    }

    fn list_older_than(&self, seconds: u64) -> Result<Vec<String>, BlobError> {
        let now = std::time::SystemTime::now();
        let old_enough = |entry: &fs::DirEntry| {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .map(|modified| {
                    now.duration_since(modified)
                        .map(|age| age.as_secs() >= seconds)
                        .unwrap_or(seconds == 0)
                })
                .unwrap_or(false)
        };
        let mut names = Vec::new();
        let shards =
            fs::read_dir(&self.blobs).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        for shard in shards.flatten() {
            let Ok(entries) = fs::read_dir(shard.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                if !old_enough(&entry) {
                    continue;
                }
                if let Some(name) = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(SUFFIX))
                {
                    names.push(name.to_owned());
                }
            }
        }
        Ok(names)
    }

    fn remove_temporaries(&self) -> Result<u64, BlobError> {
        let mut removed = 0;
        let entries =
            fs::read_dir(&self.temporaries).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        for entry in entries.flatten() {
            if fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_written_listed_read_and_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let name = store.put(b"age-encryption.org/v1 ...").expect("put");
        assert_eq!(store.get(&name).expect("get"), b"age-encryption.org/v1 ...");
        assert_eq!(store.list_older_than(0).expect("list"), vec![name.clone()]);
        assert!(store.list_older_than(3600).expect("list").is_empty());
        store.delete(&name).expect("delete");
        assert!(matches!(store.get(&name), Err(BlobError::NotFound)));
        assert!(matches!(
            store.get("../../etc/passwd"),
            Err(BlobError::NotFound)
        ));
    }

    #[test]
    fn streamed_blobs_appear_only_when_committed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        let mut writer = store.create().expect("create");
        writer
            .write_all(b"age-encryption.org/v1 part 1,")
            .expect("write");
        writer.write_all(b" part 2").expect("write");
        assert!(store.list_older_than(0).expect("list").is_empty());
        let name = writer.commit().expect("commit");
        let mut read = Vec::new();
        store
            .open(&name)
            .expect("open")
            .read_to_end(&mut read)
            .expect("read");
        assert_eq!(read, b"age-encryption.org/v1 part 1, part 2");

        let abandoned = store.create().expect("create");
        drop(abandoned);
        let mut scratch = store.create().expect("create");
        scratch.write_all(b"ciphertext").expect("write");
        let mut reader = scratch.into_scratch().expect("scratch");
        let mut back = Vec::new();
        reader.read_to_end(&mut back).expect("read");
        assert_eq!(back, b"ciphertext");
        assert_eq!(
            fs::read_dir(dir.path().join("tmp")).expect("tmp").count(),
            0,
            "neither an abandoned blob nor a scratch file leaves a name behind"
        );
        assert_eq!(store.list_older_than(0).expect("list"), vec![name]);
    }

    #[test]
    fn leftover_temporaries_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = FsBlobStore::open(dir.path()).expect("open");
        fs::write(dir.path().join("tmp").join("x.partial"), b"half").expect("write");
        assert_eq!(store.remove_temporaries().expect("sweep"), 1);
    }
}

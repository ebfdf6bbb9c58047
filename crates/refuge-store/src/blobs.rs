//! Sealed blobs — sealed reports, evidence files and their working copies — in the database,
//! in chunks of at most 1 MiB (security review H2; decision 0010).
//!
//! SECURITY: a file's times say to the nanosecond when it was written; a row says nothing, and
//! the database's own modification time is kept to that of its heartbeat
//! (`Store::purge_expired`). Only ciphertext is ever handed to this module. A blob is written
//! as an uncommitted row plus its chunks, each chunk durable when its statement returns
//! (SQLite WAL with `synchronous=FULL`, PostgreSQL `synchronous_commit=on`); `commit` marks it
//! whole, and only then may a report or file row point to it. The one file this module writes
//! is a scratch copy that lives while an upload is cleaned: its name is gone as soon as it is
//! opened.
//!
//! The port is blocking (callers run it on the blocking pool): each call waits for its query
//! on the runtime that opened the store.

use std::fs::{self, File, OpenOptions};
use std::future::Future;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use refuge_domain::calendar::Day;
use refuge_domain::ports::{BlobError, BlobStore, BlobWriter, StoreError};
use tokio::runtime::Handle;

use crate::sql::{Pool, SqlStore};

/// How long blob statements took, for the metrics: (statements, microseconds in all) for
/// writes and for reads, since the process started.
pub(crate) static WRITES: (AtomicU64, AtomicU64) = (AtomicU64::new(0), AtomicU64::new(0));
pub(crate) static READS: (AtomicU64, AtomicU64) = (AtomicU64::new(0), AtomicU64::new(0));

/// Blob statements so far and the seconds they took, writes then reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlobLatency {
    pub writes: u64,
    pub write_seconds: f64,
    pub reads: u64,
    pub read_seconds: f64,
}

/// The blob store's latency figures since the process started.
pub fn blob_latency() -> BlobLatency {
    BlobLatency {
        writes: WRITES.0.load(Ordering::Relaxed),
        write_seconds: WRITES.1.load(Ordering::Relaxed) as f64 / 1e6,
        reads: READS.0.load(Ordering::Relaxed),
        read_seconds: READS.1.load(Ordering::Relaxed) as f64 / 1e6,
    }
}

pub(crate) fn timed<T>(counter: &(AtomicU64, AtomicU64), work: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = work();
    counter.0.fetch_add(1, Ordering::Relaxed);
    counter.1.fetch_add(
        u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
    result
}

/// The largest chunk row. sqlx binds a value whole, so this is also what one upload holds in
/// memory while it is written.
pub const CHUNK_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub struct SqlBlobStore {
    store: SqlStore,
    scratch: PathBuf,
    runtime: Handle,
}

impl SqlBlobStore {
    /// Blobs in `store`; scratch copies in `<data_dir>/tmp` (mode 0700). Must be called on the
    /// runtime the store's queries will run on.
    pub fn open(store: SqlStore, data_dir: &Path) -> Result<Self, BlobError> {
        let runtime = Handle::try_current()
            .map_err(|_| BlobError::WriteFailed("the blob store needs a runtime".into()))?;
        let scratch = data_dir.join("tmp");
        create_private_dir(&scratch)?;
        Ok(SqlBlobStore {
            store,
            scratch,
            runtime,
        })
    }

    fn wait<T>(&self, query: impl Future<Output = Result<T, StoreError>>) -> Result<T, BlobError> {
        wait(&self.runtime, query)
    }

    /// A committed blob as a stream, with how many bytes it holds (one query finds both:
    /// `NotFound` when there is no such committed blob).
    pub(crate) fn open_measured(
        &self,
        name: &str,
    ) -> Result<(u64, Box<dyn Read + Send>), BlobError> {
        let name = checked(name)?;
        match self.wait(self.store.blob_length(name))? {
            Some(length) => Ok((u64::try_from(length).unwrap_or(0), self.reader(name))),
            None => Err(BlobError::NotFound),
        }
    }

    fn reader(&self, name: &str) -> Box<dyn Read + Send> {
        Box::new(ChunkReader {
            store: self.store.clone(),
            runtime: self.runtime.clone(),
            name: name.to_owned(),
            next_seq: 0,
            chunk: Vec::new(),
            position: 0,
            done: false,
        })
    }

    /// Files whose blobs were written before today: what moves to a bucket.
    pub(crate) fn files_to_move(&self) -> Result<Vec<String>, BlobError> {
        self.wait(self.store.file_blobs_written_before(today()))
    }

    /// Moves blobs that an earlier version kept as files (`<data_dir>/blobs/ab/<name>.age`) into
    /// the database under the same names, then removes the files and their folders. Each is
    /// committed before its file goes, so an interrupted move loses nothing. Returns how many.
    pub fn move_in_file_blobs(&self, data_dir: &Path) -> Result<u64, BlobError> {
        let folder = data_dir.join("blobs");
        let Ok(shards) = fs::read_dir(&folder) else {
            return Ok(0);
        };
        let today = today();
        let mut moved = 0;
        for shard in shards.flatten() {
            let Ok(entries) = fs::read_dir(shard.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".age"))
                    .filter(|n| is_blob_name(n))
                    .map(str::to_owned)
                else {
                    continue;
                };
                // Moved before and interrupted ahead of the file's removal: already in.
                if !self.wait(self.store.blob_is_committed(&name))? {
                    let bytes =
                        fs::read(&path).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
                    self.wait(self.store.delete_blob(&name))?;
                    self.wait(self.store.put_blob(&name, today, &bytes))?;
                }
                fs::remove_file(&path).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
                moved += 1;
            }
            let _ = fs::remove_dir(shard.path());
        }
        let _ = fs::remove_dir(&folder);
        Ok(moved)
    }
}

fn wait<T>(
    runtime: &Handle,
    query: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, BlobError> {
    runtime.block_on(query).map_err(|error| match error {
        StoreError::NotFound => BlobError::NotFound,
        other => BlobError::WriteFailed(other.to_string()),
    })
}

/// Names are ours (32 lowercase hex digits); anything else is refused before any query.
pub(crate) fn is_blob_name(name: &str) -> bool {
    name.len() == 32
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn checked(name: &str) -> Result<&str, BlobError> {
    if is_blob_name(name) {
        Ok(name)
    } else {
        Err(BlobError::NotFound)
    }
}

pub(crate) fn today() -> Day {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Day::from_unix_seconds(seconds)
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

pub(crate) fn new_name() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        eprintln!("refuge: the operating system's random number generator failed; stopping");
        std::process::abort();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A blob being written: an uncommitted row and the chunks written so far, plus what has not
/// filled a chunk yet. Dropped without `commit`, its rows are deleted.
struct SqlBlobWriter {
    store: SqlStore,
    runtime: Handle,
    name: String,
    pending: Vec<u8>,
    next_seq: i32,
    finished: bool,
}

impl SqlBlobWriter {
    fn write_chunk(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let seq = self.next_seq;
        timed(&WRITES, || {
            wait(
                &self.runtime,
                self.store.append_blob_chunk(&self.name, seq, bytes),
            )
        })
        .map_err(std::io::Error::other)?;
        self.next_seq += 1;
        Ok(())
    }
}

impl Write for SqlBlobWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.finished {
            return Err(std::io::Error::other("blob already finished"));
        }
        let room = CHUNK_BYTES - self.pending.len();
        let taken = bytes.len().min(room);
        self.pending.extend_from_slice(&bytes[..taken]);
        if self.pending.len() == CHUNK_BYTES {
            let chunk = std::mem::take(&mut self.pending);
            self.write_chunk(&chunk)?;
            self.pending = chunk;
            self.pending.clear();
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl BlobWriter for SqlBlobWriter {
    fn commit(mut self: Box<Self>) -> Result<String, BlobError> {
        if self.finished {
            return Err(BlobError::WriteFailed("blob already finished".into()));
        }
        if !self.pending.is_empty() {
            let chunk = std::mem::take(&mut self.pending);
            self.write_chunk(&chunk)
                .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        }
        wait(&self.runtime, self.store.commit_blob(&self.name))?;
        self.finished = true;
        Ok(std::mem::take(&mut self.name))
    }
}

impl Drop for SqlBlobWriter {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // Not committed: its rows go now (a writer lives on the blocking pool, like every call
        // of this port); if that fails, the start-up sweep is the backstop.
        let _ = wait(&self.runtime, self.store.delete_blob(&self.name));
    }
}

/// A scratch copy: a file in `<data>/tmp` until it is turned into its one reader.
struct ScratchWriter {
    path: PathBuf,
    file: Option<File>,
}

impl Write for ScratchWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(bytes),
            None => Err(std::io::Error::other("scratch already finished")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl BlobWriter for ScratchWriter {
    fn commit(self: Box<Self>) -> Result<String, BlobError> {
        Err(BlobError::WriteFailed(
            "a scratch copy is never stored".into(),
        ))
    }

    fn into_scratch(mut self: Box<Self>) -> Result<Box<dyn Read + Send>, BlobError> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| BlobError::WriteFailed("scratch already finished".into()))?;
        file.flush()
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        let reader = File::open(&self.path).map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        // The open handle keeps the data readable; the name is gone at once, so nothing is left
        // behind however this ends.
        let _ = fs::remove_file(&self.path);
        Ok(Box::new(reader))
    }
}

impl Drop for ScratchWriter {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A stored blob read chunk by chunk: one chunk in memory at a time.
struct ChunkReader {
    store: SqlStore,
    runtime: Handle,
    name: String,
    next_seq: i32,
    chunk: Vec<u8>,
    position: usize,
    done: bool,
}

impl Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.position == self.chunk.len() {
            if self.done {
                return Ok(0);
            }
            match timed(&READS, || {
                wait(
                    &self.runtime,
                    self.store.blob_chunk(&self.name, self.next_seq),
                )
            })
            .map_err(std::io::Error::other)?
            {
                Some(chunk) => {
                    self.chunk = chunk;
                    self.position = 0;
                    self.next_seq += 1;
                }
                None => self.done = true,
            }
        }
        let n = out.len().min(self.chunk.len() - self.position);
        out[..n].copy_from_slice(&self.chunk[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

impl BlobStore for SqlBlobStore {
    fn put(&self, sealed: &[u8]) -> Result<String, BlobError> {
        let name = new_name();
        timed(&WRITES, || {
            self.wait(self.store.put_blob(&name, today(), sealed))
        })?;
        Ok(name)
    }

    fn create(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        let name = new_name();
        self.wait(self.store.begin_blob(&name, today()))?;
        Ok(Box::new(SqlBlobWriter {
            store: self.store.clone(),
            runtime: self.runtime.clone(),
            name,
            pending: Vec::new(),
            next_seq: 0,
            finished: false,
        }))
    }

    fn create_scratch(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        let path = self.scratch.join(format!("{}.scratch", new_name()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&path)
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        Ok(Box::new(ScratchWriter {
            path,
            file: Some(file),
        }))
    }

    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>, BlobError> {
        let name = checked(name)?;
        if !self.wait(self.store.blob_is_committed(name))? {
            return Err(BlobError::NotFound);
        }
        Ok(self.reader(name))
    }

    fn delete(&self, name: &str) -> Result<(), BlobError> {
        match checked(name) {
            Ok(name) => self.wait(self.store.delete_blob(name)),
            Err(_) => Ok(()),
        }
    }

    fn list_older_than(&self, seconds: u64) -> Result<Vec<String>, BlobError> {
        // Rows know their day only: a grace period of any length spares today's and
        // yesterday's blobs (one written by another server just before midnight included).
        let before = (seconds > 0).then(|| Day(today().0 - 1));
        self.wait(self.store.committed_blobs(before))
    }

    fn remove_temporaries(&self) -> Result<u64, BlobError> {
        let mut removed = 0;
        if let Ok(entries) = fs::read_dir(&self.scratch) {
            for entry in entries.flatten() {
                if fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        // Blobs never committed: on SQLite, only this process writes the database, and it is
        // starting, so every one is left from an interrupted write; on PostgreSQL another
        // server may be writing one now, so only those from before yesterday.
        let before = match self.store.pool {
            Pool::Sqlite(_) => None,
            Pool::Postgres(_) => Some(Day(today().0 - 1)),
        };
        removed += self.wait(self.store.delete_uncommitted_blobs(before))?;
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_before_any_query() {
        assert!(is_blob_name("0123456789abcdef0123456789abcdef"));
        assert!(!is_blob_name("../../etc/passwd"));
        assert!(!is_blob_name("0123456789ABCDEF0123456789ABCDEF"));
    }
}

//! Evidence files in an S3-compatible bucket (issue 13, optional; decision 0020).
//!
//! SECURITY: only age files reach the bucket — the same ciphertext the database would hold —
//! under names of 128 random bits that say nothing (`<prefix><name>.age`). An object's time
//! is exact and out of Refuge's hands, so files are not uploaded as they arrive: they are
//! written to the database like every blob (whose rows know only their day, decision 0010) and
//! moved to the bucket, in name order, once their day is over — an object's time then says
//! "written before that day", no more. Writes never replace an object: a file that fits in
//! one part is one PUT with `If-None-Match: *` (create-only, checked at start-up against the
//! server, since some S3-compatible servers ignore it); a larger one is a multipart upload,
//! completed only by `commit` and aborted when the writer is dropped without it. Until
//! completion S3 shows nothing under the name, so a crash mid-move leaves no object — only
//! parts, which the bucket's lifecycle rule for incomplete uploads removes — and the
//! database's copy, which is deleted only once the object is whole.
//!
//! The port is blocking like the database's: each call waits on the runtime that opened the
//! bucket, from the blocking pool. One part (5 MiB) is in memory per upload, one response
//! chunk per download.

use std::io::{Read, Write};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt as _;
use futures_util::stream::BoxStream;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{
    MultipartUpload, ObjectStore as _, ObjectStoreExt as _, PutMode, PutOptions, PutPayload,
};
use refuge_domain::ports::{BlobError, BlobStore, BlobWriter};
use tokio::runtime::Handle;

use crate::blobs::{READS, SqlBlobStore, WRITES, is_blob_name, new_name, timed};

/// S3's smallest part (all but the last): what one upload holds in memory.
pub const PART_BYTES: usize = 5 * 1024 * 1024;

/// Where the bucket is and how to sign in to it.
#[derive(Clone, PartialEq, Eq)]
pub struct BucketSettings {
    /// `https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:8333`, … (path-style).
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Prepended to every object's name: `refuge/`, or empty.
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for BucketSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BucketSettings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Whether `prefix` can start object names: empty, or segments of letters, digits, `-`, `_`
/// and `.` each followed by `/`.
pub fn is_valid_prefix(prefix: &str) -> bool {
    prefix.is_empty()
        || prefix.strip_suffix('/').is_some_and(|inner| {
            inner.split('/').all(|segment| {
                !segment.is_empty()
                    && segment != "."
                    && segment != ".."
                    && segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            })
        })
}

/// Makes ring the process's TLS crypto provider (the one Refuge's database connections use),
/// as reqwest needs before it builds any client: Refuge compiles reqwest's rustls without a
/// provider of its own, so no second crypto library (aws-lc) is built. Idempotent.
pub fn use_ring_for_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

struct Bucket {
    client: AmazonS3,
    prefix: String,
    runtime: Handle,
}

impl Bucket {
    fn path(&self, name: &str) -> ObjectPath {
        ObjectPath::from(format!("{}{name}.age", self.prefix))
    }

    fn wait<T>(&self, work: impl Future<Output = object_store::Result<T>>) -> Result<T, BlobError> {
        self.runtime.block_on(work).map_err(blob_error)
    }
}

fn blob_error(error: object_store::Error) -> BlobError {
    match error {
        object_store::Error::NotFound { .. } => BlobError::NotFound,
        other => BlobError::WriteFailed(format!("bucket: {other}")),
    }
}

/// Evidence files as objects in an S3-compatible bucket.
#[derive(Clone)]
pub struct BucketBlobStore {
    bucket: Arc<Bucket>,
}

impl BucketBlobStore {
    /// Starts the object `name` (a file moving in from the database keeps its name).
    fn create_named(&self, name: &str) -> BucketWriter {
        BucketWriter {
            bucket: self.bucket.clone(),
            name: name.to_owned(),
            part: Vec::new(),
            upload: None,
            finished: false,
        }
    }

    /// Whether the object `name` exists (objects appear only whole).
    fn exists(&self, name: &str) -> Result<bool, BlobError> {
        let bucket = &self.bucket;
        match bucket.wait(bucket.client.head(&bucket.path(name))) {
            Ok(_) => Ok(true),
            Err(BlobError::NotFound) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// A stored file as the server sends it, for callers already on the runtime (the backup).
    pub(crate) async fn stream(
        &self,
        name: &str,
    ) -> object_store::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        let path = self.bucket.path(name);
        Ok(self.bucket.client.get(&path).await?.into_stream())
    }

    /// Connects to the bucket and proves it usable before anything is stored there: an object
    /// is written, a second create-only write of the same name must be refused, and it is
    /// deleted. Called on the runtime the store's (blocking) calls will wait on.
    pub async fn open(settings: &BucketSettings) -> Result<Self, BlobError> {
        let runtime = Handle::try_current()
            .map_err(|_| BlobError::WriteFailed("the bucket needs a runtime".into()))?;
        if !is_valid_prefix(&settings.prefix) {
            return Err(BlobError::WriteFailed(format!(
                "the prefix {:?} is not segments ending in /",
                settings.prefix
            )));
        }
        use_ring_for_tls();
        let client = AmazonS3Builder::new()
            .with_endpoint(&settings.endpoint)
            .with_allow_http(settings.endpoint.starts_with("http://"))
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .build()
            .map_err(|e| BlobError::WriteFailed(format!("bucket: {e}")))?;
        let store = BucketBlobStore {
            bucket: Arc::new(Bucket {
                client,
                prefix: settings.prefix.clone(),
                runtime,
            }),
        };
        store.prove_create_only().await?;
        Ok(store)
    }

    async fn prove_create_only(&self) -> Result<(), BlobError> {
        let client = &self.bucket.client;
        let probe = ObjectPath::from(format!("{}probe/{}", self.bucket.prefix, new_name()));
        let create_only = || PutOptions::from(PutMode::Create);
        client
            .put_opts(&probe, PutPayload::from_static(b"probe"), create_only())
            .await
            .map_err(blob_error)?;
        let second = client
            .put_opts(&probe, PutPayload::from_static(b"again"), create_only())
            .await;
        let _ = client.delete(&probe).await;
        match second {
            Err(object_store::Error::AlreadyExists { .. })
            | Err(object_store::Error::Precondition { .. }) => Ok(()),
            Ok(_) => Err(BlobError::WriteFailed(
                "bucket: this server ignores create-only writes (If-None-Match), so a stored \
                 file could be replaced; Refuge will not keep evidence there"
                    .into(),
            )),
            Err(other) => Err(BlobError::WriteFailed(format!("bucket: {other}"))),
        }
    }
}

/// A file being uploaded: the part not yet full, and the multipart upload once the file
/// outgrew one part.
struct BucketWriter {
    bucket: Arc<Bucket>,
    name: String,
    part: Vec<u8>,
    upload: Option<Box<dyn MultipartUpload>>,
    finished: bool,
}

impl BucketWriter {
    fn send_part(&mut self) -> Result<(), BlobError> {
        let bucket = self.bucket.clone();
        let path = bucket.path(&self.name);
        let upload = match &mut self.upload {
            Some(upload) => upload,
            None => self
                .upload
                .insert(bucket.wait(bucket.client.put_multipart(&path))?),
        };
        let payload = PutPayload::from(std::mem::take(&mut self.part));
        timed(&WRITES, || bucket.wait(upload.put_part(payload)))
    }
}

impl Write for BucketWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.finished {
            return Err(std::io::Error::other("blob already finished"));
        }
        let taken = bytes.len().min(PART_BYTES - self.part.len());
        if self.part.capacity() == 0 {
            self.part.reserve_exact(PART_BYTES);
        }
        self.part.extend_from_slice(&bytes[..taken]);
        if self.part.len() == PART_BYTES {
            self.send_part().map_err(std::io::Error::other)?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl BlobWriter for BucketWriter {
    fn commit(mut self: Box<Self>) -> Result<String, BlobError> {
        if self.finished {
            return Err(BlobError::WriteFailed("blob already finished".into()));
        }
        let bucket = self.bucket.clone();
        if self.upload.is_none() {
            let payload = PutPayload::from(std::mem::take(&mut self.part));
            let path = bucket.path(&self.name);
            timed(&WRITES, || {
                bucket.wait(bucket.client.put_opts(
                    &path,
                    payload,
                    PutOptions::from(PutMode::Create),
                ))
            })?;
        } else {
            if !self.part.is_empty() {
                self.send_part()?;
            }
            if let Some(upload) = &mut self.upload {
                timed(&WRITES, || bucket.wait(upload.complete()))?;
            }
        }
        self.finished = true;
        Ok(std::mem::take(&mut self.name))
    }
}

impl Drop for BucketWriter {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // Not committed: the parts sent so far go now. If this fails (or the process dies
        // first), no object exists under the name; the lifecycle rule removes the parts.
        if let Some(upload) = &mut self.upload {
            let _ = self.bucket.runtime.block_on(upload.abort());
        }
    }
}

/// A stored file read as the server sends it: one chunk in memory at a time.
struct BucketReader {
    runtime: Handle,
    stream: BoxStream<'static, object_store::Result<Bytes>>,
    chunk: Bytes,
}

impl Read for BucketReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.chunk.is_empty() {
            match timed(&READS, || self.runtime.block_on(self.stream.next())) {
                Some(Ok(chunk)) => self.chunk = chunk,
                Some(Err(error)) => return Err(std::io::Error::other(error.to_string())),
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len());
        out[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}

impl BlobStore for BucketBlobStore {
    fn put(&self, sealed: &[u8]) -> Result<String, BlobError> {
        let mut writer = self.create()?;
        writer
            .write_all(sealed)
            .map_err(|e| BlobError::WriteFailed(e.to_string()))?;
        writer.commit()
    }

    fn create(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        Ok(Box::new(self.create_named(&new_name())))
    }

    fn create_scratch(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        Err(BlobError::WriteFailed(
            "scratch copies stay on the server's disk, never in the bucket".into(),
        ))
    }

    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>, BlobError> {
        if !is_blob_name(name) {
            return Err(BlobError::NotFound);
        }
        let bucket = &self.bucket;
        let path = bucket.path(name);
        let found = timed(&READS, || bucket.wait(bucket.client.get(&path)))?;
        Ok(Box::new(BucketReader {
            runtime: bucket.runtime.clone(),
            stream: found.into_stream(),
            chunk: Bytes::new(),
        }))
    }

    fn delete(&self, name: &str) -> Result<(), BlobError> {
        if !is_blob_name(name) {
            return Ok(());
        }
        let bucket = &self.bucket;
        match bucket.wait(bucket.client.delete(&bucket.path(name))) {
            Ok(()) | Err(BlobError::NotFound) => Ok(()),
            Err(other) => Err(other),
        }
    }

    fn list_older_than(&self, seconds: u64) -> Result<Vec<String>, BlobError> {
        let bucket = &self.bucket;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let before = now.saturating_sub(i64::try_from(seconds).unwrap_or(i64::MAX));
        let prefix = (!bucket.prefix.is_empty())
            .then(|| ObjectPath::from(bucket.prefix.trim_end_matches('/')));
        let listed: Vec<object_store::ObjectMeta> = bucket.wait(async {
            let mut listing = bucket.client.list(prefix.as_ref());
            let mut all = Vec::new();
            while let Some(meta) = listing.next().await {
                all.push(meta?);
            }
            Ok(all)
        })?;
        Ok(listed
            .into_iter()
            .filter(|meta| seconds == 0 || meta.last_modified.timestamp() <= before)
            .filter_map(|meta| {
                let key = meta
                    .location
                    .as_ref()
                    .strip_prefix(bucket.prefix.as_str())?;
                let name = key.strip_suffix(".age")?;
                is_blob_name(name).then(|| name.to_owned())
            })
            .collect())
    }

    fn remove_temporaries(&self) -> Result<u64, BlobError> {
        // Nothing to remove: an upload not completed is no object (see the module's note).
        Ok(0)
    }
}

/// Everything written to the database as before; files (evidence, working copies, archived
/// copies) moved to the bucket once their day is over. Reads look in the database first, then
/// in the bucket, so a file is readable wherever it is, also mid-move.
pub struct BlobsWithBucket {
    database: SqlBlobStore,
    bucket: BucketBlobStore,
}

impl BlobsWithBucket {
    pub fn new(database: SqlBlobStore, bucket: BucketBlobStore) -> Self {
        BlobsWithBucket { database, bucket }
    }

    /// Moves one file; `false` when there was nothing to move (gone meanwhile, or a short copy
    /// dropped for the next run).
    fn move_file(&self, name: &str) -> Result<bool, BlobError> {
        // Already whole in the bucket: an earlier move (here or on another server) stopped
        // before deleting the database's copy. Names are never reused, so it is this file.
        if !self.bucket.exists(name)? {
            let (length, mut copy) = match self.database.open_measured(name) {
                Ok(found) => found,
                // Deleted meanwhile (retention, another server's move): nothing to move.
                Err(BlobError::NotFound) => return Ok(false),
                Err(other) => return Err(other),
            };
            let mut object = Box::new(self.bucket.create_named(name));
            let copied = std::io::copy(&mut copy, &mut object)
                .map_err(|e| BlobError::WriteFailed(format!("moving a file: {e}")))?;
            // Chunks deleted under the read (another server finished this move) end the copy
            // early: a short copy is dropped, its upload aborted — never completed over the
            // whole object.
            if copied != length {
                return Ok(false);
            }
            if let Err(error) = object.commit() {
                // Another server completed the same move first: fine; anything else fails.
                if !self.bucket.exists(name)? {
                    return Err(error);
                }
            }
        }
        self.database.delete(name)?;
        Ok(true)
    }
}

impl BlobStore for BlobsWithBucket {
    fn put(&self, sealed: &[u8]) -> Result<String, BlobError> {
        self.database.put(sealed)
    }

    fn create(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        self.database.create()
    }

    fn create_scratch(&self) -> Result<Box<dyn BlobWriter>, BlobError> {
        self.database.create_scratch()
    }

    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>, BlobError> {
        match self.database.open(name) {
            Err(BlobError::NotFound) => self.bucket.open(name),
            found => found,
        }
    }

    fn delete(&self, name: &str) -> Result<(), BlobError> {
        self.database.delete(name)?;
        self.bucket.delete(name)
    }

    fn list_older_than(&self, seconds: u64) -> Result<Vec<String>, BlobError> {
        let mut names = self.database.list_older_than(seconds)?;
        names.extend(self.bucket.list_older_than(seconds)?);
        Ok(names)
    }

    fn remove_temporaries(&self) -> Result<u64, BlobError> {
        Ok(self.database.remove_temporaries()? + self.bucket.remove_temporaries()?)
    }

    fn move_aged_files(&self) -> Result<u64, BlobError> {
        let mut moved = 0;
        // A file that fails (the bucket refused it, a read broke) does not hold back the
        // others: the first failure is reported once every file has been tried.
        let mut failed = None;
        for name in self.database.files_to_move()? {
            match self.move_file(&name) {
                Ok(true) => moved += 1,
                Ok(false) => {}
                Err(error) => {
                    failed.get_or_insert(error);
                }
            }
        }
        match failed {
            Some(error) => Err(error),
            None => Ok(moved),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_plain_segments() {
        for good in ["", "refuge/", "org-1/evidence_files/", "a.b/"] {
            assert!(is_valid_prefix(good), "{good}");
        }
        for bad in ["refuge", "/refuge/", "a//", "../", "a/../", "é/", "a b/"] {
            assert!(!is_valid_prefix(bad), "{bad}");
        }
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        let settings = BucketSettings {
            endpoint: "http://127.0.0.1:1".into(),
            bucket: "b".into(),
            region: "r".into(),
            prefix: String::new(),
            access_key_id: "AKIA".into(),
            secret_access_key: "s3cr3t-value".into(),
        };
        assert!(!format!("{settings:?}").contains("s3cr3t"));
    }
}

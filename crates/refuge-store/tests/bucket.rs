//! Evidence files in an S3-compatible bucket, against a real server (SeaweedFS, started by
//! scripts/test on loopback): create-only writes proved at start-up, multipart uploads that
//! leave no object until committed, streamed reads, the orphan sweep's listing, and the split
//! between the database (reports, messages) and the bucket (files).

use std::io::{Read, Write};

use refuge_domain::ports::{BlobError, BlobStore};
use refuge_store::testing::{TestDatabase, test_bucket};
use refuge_store::{BlobsWithBucket, BucketBlobStore, Engine, PART_BYTES, SqlBlobStore};
use sha2::{Digest, Sha256};

fn open(settings: &refuge_store::BucketSettings) -> BucketBlobStore {
    BucketBlobStore::open(settings).expect("the bucket opens (create-only writes honoured)")
}

/// Bytes that do not repeat, so a part written twice or out of order would show.
fn pattern(length: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(length);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    while bytes.len() < length {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(length);
    bytes
}

async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("blocking")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_written_once_whole_and_streamed_back() {
    let Some(settings) = test_bucket() else {
        return;
    };
    blocking(move || {
        let bucket = open(&settings);
        // Small: one create-only PUT.
        let small = bucket.put(b"age-encryption.org/v1 small").expect("put");
        assert_eq!(
            bucket.get(&small).expect("get"),
            b"age-encryption.org/v1 small"
        );
        // Empty is a file too.
        let empty = bucket.put(b"").expect("put empty");
        assert_eq!(bucket.get(&empty).expect("get empty"), b"");

        // Large: three parts and a bit, written in odd-sized pieces, read back as a stream.
        let large = pattern(PART_BYTES * 3 + 12_345);
        let mut writer = bucket.create().expect("create");
        for piece in large.chunks(777_777) {
            writer.write_all(piece).expect("write");
        }
        assert!(
            !bucket
                .list_older_than(0)
                .expect("list")
                .iter()
                .any(|n| n.len() != 32),
            "only names of ours are listed"
        );
        let listed_before = bucket.list_older_than(0).expect("list").len();
        assert_eq!(listed_before, 2, "an upload not committed is no object yet");
        let name = writer.commit().expect("commit");
        let mut read = Vec::new();
        let mut stream = bucket.open(&name).expect("open");
        let mut buffer = vec![0u8; 100_000];
        loop {
            let n = stream.read(&mut buffer).expect("read");
            if n == 0 {
                break;
            }
            read.extend_from_slice(&buffer[..n]);
        }
        assert_eq!(
            hex::encode(Sha256::digest(&read)),
            hex::encode(Sha256::digest(&large)),
            "the multipart file comes back byte for byte"
        );

        // Dropped before commit, after two parts went up: nothing appears under any name.
        let mut abandoned = bucket.create().expect("create");
        abandoned
            .write_all(&pattern(PART_BYTES * 2 + 1))
            .expect("write");
        drop(abandoned);
        let mut listed = bucket.list_older_than(0).expect("list");
        listed.sort();
        let mut expected = vec![small.clone(), empty.clone(), name.clone()];
        expected.sort();
        assert_eq!(listed, expected, "an abandoned upload leaves no object");

        // The sweep's grace period: objects written just now are not old enough.
        assert!(bucket.list_older_than(3600).expect("list").is_empty());

        // Names that are not ours are refused before any request.
        for bad in [
            "../../etc/passwd",
            "probe",
            "0123456789ABCDEF0123456789ABCDEF",
        ] {
            assert!(
                matches!(bucket.open(bad), Err(BlobError::NotFound)),
                "{bad}"
            );
        }
        bucket.delete(&name).expect("delete");
        assert!(matches!(bucket.open(&name), Err(BlobError::NotFound)));
        bucket.delete(&name).expect("deleting twice is no error");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefixes_keep_instances_apart() {
    let (Some(one), Some(two)) = (test_bucket(), test_bucket()) else {
        return;
    };
    blocking(move || {
        let (one, two) = (open(&one), open(&two));
        let name = one.put(b"first instance").expect("put");
        assert!(two.list_older_than(0).expect("list").is_empty());
        assert!(matches!(two.open(&name), Err(BlobError::NotFound)));
        // The other instance's sweep cannot delete it either.
        two.delete(&name).expect("delete elsewhere");
        assert_eq!(one.get(&name).expect("still there"), b"first instance");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_or_bucket_is_refused_at_start() {
    let Some(settings) = test_bucket() else {
        return;
    };
    blocking(move || {
        let wrong_secret = refuge_store::BucketSettings {
            secret_access_key: "not-the-secret".into(),
            ..settings.clone()
        };
        let refused = BucketBlobStore::open(&wrong_secret).err().expect("refused");
        assert!(refused.to_string().contains("bucket"), "{refused}");
        let bad_prefix = refuge_store::BucketSettings {
            prefix: "../".into(),
            ..settings
        };
        assert!(BucketBlobStore::open(&bad_prefix).is_err());
    })
    .await;
}

async fn split(engine: Engine) {
    let Some(settings) = test_bucket() else {
        return;
    };
    let db = TestDatabase::create(engine).await;
    let store = db.open().await;
    let data_dir = db.data_dir().to_owned();
    blocking(move || {
        let database = SqlBlobStore::open(store.clone(), &data_dir).expect("database blobs");
        let blobs = BlobsWithBucket::new(
            SqlBlobStore::open(store, &data_dir).expect("database blobs"),
            open(&settings),
        );
        // A file stored before the bucket was configured stays readable.
        let earlier = database.put(b"an earlier file").expect("put");
        let report = blobs.put(b"a sealed report").expect("put");
        assert_eq!(
            database.get(&report).expect("reports stay in the database"),
            b"a sealed report"
        );
        let mut writer = blobs.create().expect("create");
        writer.write_all(b"a sealed file").expect("write");
        let file = writer.commit().expect("commit");
        assert!(
            matches!(database.get(&file), Err(BlobError::NotFound)),
            "files go to the bucket"
        );
        assert_eq!(blobs.get(&file).expect("file"), b"a sealed file");
        assert_eq!(blobs.get(&earlier).expect("earlier"), b"an earlier file");
        let mut listed = blobs.list_older_than(0).expect("list");
        listed.sort();
        let mut expected = vec![earlier, report, file.clone()];
        expected.sort();
        assert_eq!(listed, expected, "the sweep sees both places");
        // Scratch copies stay on the server's disk.
        let mut scratch = blobs.create_scratch().expect("scratch");
        scratch.write_all(b"scratch").expect("write");
        let mut back = String::new();
        scratch
            .into_scratch()
            .expect("reader")
            .read_to_string(&mut back)
            .expect("read");
        assert_eq!(back, "scratch");
        blobs.delete(&file).expect("delete");
        assert!(matches!(blobs.open(&file), Err(BlobError::NotFound)));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_stay_in_the_database_and_files_go_to_the_bucket_on_sqlite() {
    split(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_stay_in_the_database_and_files_go_to_the_bucket_on_postgres() {
    if refuge_store::testing::postgres_skipped() {
        return;
    }
    split(Engine::Postgres).await;
}

//! Evidence files in an S3-compatible bucket, against a real server (SeaweedFS, started by
//! scripts/test on loopback): create-only writes proved at start-up, multipart uploads that
//! leave no object until committed, streamed reads, the orphan sweep's listing, prefixes. The
//! daily move of files from the database is in the store contract (it needs report rows).

use std::io::{Read, Write};

use refuge_domain::ports::{BlobError, BlobStore};
use refuge_store::testing::test_bucket;
use refuge_store::{BucketBlobStore, PART_BYTES};
use sha2::{Digest, Sha256};

async fn open(settings: &refuge_store::BucketSettings) -> BucketBlobStore {
    BucketBlobStore::open(settings)
        .await
        .expect("the bucket opens (create-only writes honoured)")
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
    let bucket = open(&settings).await;
    blocking(move || {
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
    let (one, two) = (open(&one).await, open(&two).await);
    blocking(move || {
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
    let wrong_secret = refuge_store::BucketSettings {
        secret_access_key: "not-the-secret".into(),
        ..settings.clone()
    };
    let refused = BucketBlobStore::open(&wrong_secret)
        .await
        .err()
        .expect("refused");
    assert!(refused.to_string().contains("bucket"), "{refused}");
    let bad_prefix = refuge_store::BucketSettings {
        prefix: "../".into(),
        ..settings
    };
    assert!(BucketBlobStore::open(&bad_prefix).await.is_err());
}

//! The storage ports of `refuge-domain`, implemented once with sqlx for SQLite and PostgreSQL:
//! the relational store and, in the same database, the sealed blobs.
//!
//! This crate sees only ciphertext and hashes for protected fields; it must never receive a key
//! or plaintext report content. SQL is written once, with `$n` placeholders, and runs on either
//! engine through [`on_pool!`]; where a dialect must differ there is a visible `match`.

mod blobs;
mod bucket;
mod migrate;
mod sql;

pub use blobs::{BlobLatency, SqlBlobStore, blob_latency};
pub use bucket::{
    BlobsWithBucket, BucketBlobStore, BucketSettings, PART_BYTES, is_valid_prefix, use_ring_for_tls,
};
pub use sql::{Engine, SqlStore, backup};

#[cfg(feature = "testing")]
pub mod testing;

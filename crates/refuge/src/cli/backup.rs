//! `refuge backup --out FILE` and `refuge restore --from FILE`: the whole database — sealed
//! reports, files, messages, the instance's keys, the audit log — as one age file, and back.
//!
//! A backup is made while the server runs (one moment: a single read transaction), streamed
//! through age to the backup recipients (`backup.recipients`, else the organisation's recovery
//! key) into `FILE.partial`, synced and renamed: nothing of it is ever in clear on disk, and a
//! backup cut short never has the final name. A restore reads the recovery identity (or any
//! backup recipient's) from `--identity FILE` or standard input, and fills a new, empty
//! database — of either engine, whichever made the backup — in one transaction.

use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use clap::Args;
use refuge_domain::ports::InstanceStore;
use refuge_store::backup::RestoreError;

use super::{Failure, StorageArgs, open_storage};

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// The age file to write (replaced only once the backup is whole).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// The backup to restore.
    #[arg(long = "from", value_name = "FILE")]
    from: PathBuf,
    /// A file holding the identity (AGE-SECRET-KEY-1…) that opens it; default: standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "identity_stdin")]
    identity: Option<PathBuf>,
    /// Read the identity from standard input (the default; the flag says so in scripts).
    #[arg(long)]
    identity_stdin: bool,
}

fn usage(error: anyhow::Error) -> Failure {
    Failure {
        error,
        exit_code: 2,
    }
}

pub async fn backup(args: BackupArgs) -> Result<(), Failure> {
    let config = args.storage.load(None)?;
    let storage = open_storage(&config, false).await?;
    let mut recipients = config.backup.recipients.clone();
    if recipients.is_empty() {
        recipients.extend(
            storage
                .store
                .recovery_key()
                .await
                .map_err(|e| anyhow::anyhow!("reading the recovery key: {e}"))?,
        );
    }
    if recipients.is_empty() {
        return Err(usage(anyhow::anyhow!(
            "no one to seal the backup to: make the organisation's recovery key (refuge recovery-key new) or set backup.recipients"
        )));
    }
    let partial = partial_path(&args.out);
    let started = std::time::Instant::now();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&partial)
        .map_err(|e| anyhow::anyhow!("{}: {e}", partial.display()))?;
    let result = async {
        let mut sealed =
            refuge_crypto::SealingWriter::new(&recipients, BufWriter::with_capacity(1 << 20, file))
                .map_err(|e| anyhow::anyhow!("sealing the backup: {e}"))?;
        let summary = storage
            .store
            .write_backup(&mut sealed, storage.bucket.as_ref())
            .await
            .map_err(|e| anyhow::anyhow!("reading the database: {e}"))?;
        let file = sealed
            .finish()
            .map_err(|e| anyhow::anyhow!("writing the backup: {e}"))?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("writing the backup: {e}"))?;
        file.sync_all()
            .map_err(|e| anyhow::anyhow!("writing the backup: {e}"))?;
        std::fs::rename(&partial, &args.out)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
        if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok::<_, anyhow::Error>(summary)
    }
    .await;
    storage.store.close().await;
    let summary = match result {
        Ok(summary) => summary,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error.into());
        }
    };
    let bytes = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    let from_bucket = if summary.from_bucket > 0 {
        format!(" ({} files from the bucket)", summary.from_bucket)
    } else {
        String::new()
    };
    eprintln!(
        "backup written to {}: {} tables, {} rows{from_bucket}, {:.1} MiB in {:.1} s, sealed to {} key(s)",
        args.out.display(),
        summary.tables,
        summary.rows,
        bytes as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64(),
        recipients.len()
    );
    Ok(())
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

pub async fn restore(args: RestoreArgs) -> Result<(), Failure> {
    let config = args.storage.load(None)?;
    let mut secret = zeroize::Zeroizing::new(String::new());
    match &args.identity {
        Some(path) => {
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_string(&mut secret))
                .map_err(|e| usage(anyhow::anyhow!("{}: {e}", path.display())))?;
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut secret)
                .map_err(|e| anyhow::anyhow!("reading the identity: {e}"))?;
        }
    }
    // An age key file may carry comment lines; the identity is the line that is one.
    let line = secret
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap_or("");
    let identity =
        refuge_crypto::StaffIdentity::from_secret_bytes(line.as_bytes()).map_err(|_| {
            usage(anyhow::anyhow!(
                "no identity (AGE-SECRET-KEY-1…) in {}",
                args.identity
                    .as_ref()
                    .map_or("standard input".into(), |p| p.display().to_string())
            ))
        })?;
    let file = std::fs::File::open(&args.from)
        .map_err(|e| usage(anyhow::anyhow!("{}: {e}", args.from.display())))?;
    let mut opened = identity
        .decrypt_stream(BufReader::with_capacity(1 << 20, file))
        .map_err(|_| {
            anyhow::anyhow!(
                "{} does not open with this identity (not an age file sealed to it, or changed)",
                args.from.display()
            )
        })?;
    let started = std::time::Instant::now();
    let storage = open_storage(&config, false).await?;
    let result = storage.store.restore_backup(&mut opened).await;
    storage.store.close().await;
    match result {
        Ok(summary) => {
            eprintln!(
                "restored {} rows ({} tables with rows) from {} in {:.1} s",
                summary.rows,
                summary.tables,
                args.from.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(error @ (RestoreError::NotEmpty(_) | RestoreError::OtherVersion { .. })) => {
            Err(usage(anyhow::anyhow!("{error}")))
        }
        Err(error) => Err(anyhow::anyhow!("{}: {error}", args.from.display()).into()),
    }
}

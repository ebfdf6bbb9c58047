//! Evidence files in an S3-compatible bucket (issue 13), over real HTTP against the real binary
//! on PostgreSQL, with SeaweedFS (or any S3 server) named by `--s3-url`:
//! - intake with a file per report while a server moves the previous day's files to the bucket,
//!   and the same once the move is done (what the move costs the people reporting);
//! - how long the move of `--backup-reports` reports' files takes;
//! - `refuge backup` reading those files back from the bucket, and `refuge restore` into SQLite.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::scale::{Schema, intake, serve, timed_command};
use crate::{Options, percentile};

/// One number from the database.
fn count(url: &str, sql: &str) -> Result<u64> {
    let output = Command::new("psql")
        .args([url, "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .output()
        .context("psql (Debian package postgresql-client)")?;
    if !output.status.success() {
        bail!("psql failed: {sql}");
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().parse()?)
}

/// Files whose blobs are still in the database, of days before `today` (those sent during the
/// measurement are today's, and stay until tomorrow).
fn files_in_the_database(today: u64) -> String {
    format!(
        "SELECT COUNT(*) FROM blobs b WHERE b.written_day < {today} AND b.name IN \
         (SELECT original_blob FROM report_files UNION ALL \
          SELECT clean_blob FROM report_files WHERE clean_blob IS NOT NULL)"
    )
}

pub async fn run(options: &Options) -> Result<()> {
    let s3_url = options
        .s3_url
        .as_deref()
        .context("--bucket needs --s3-url http://KEY:SECRET@HOST:PORT/BUCKET")?;
    let settings = refuge_store::BucketSettings {
        prefix: format!("bench-{}/", std::process::id()),
        ..refuge_store::testing::parse_bucket_url(s3_url)
            .context("--s3-url: not http://KEY:SECRET@HOST:PORT/BUCKET")?
    };
    let env = refuge_store::testing::bucket_env(&settings);
    let schema = Schema::create(&options.postgres_url, "bucket")?;
    let url = schema.url();
    let data = tempfile::tempdir()?;
    crate::add_user_at(&options.binary, data.path(), &url, "bench", "caseworker")?;
    let recovery = Command::new(&options.binary)
        .args(["recovery-key", "new", "--database-url", &url, "--data-dir"])
        .arg(data.path())
        .output()?;
    if !recovery.status.success() {
        bail!("recovery-key new failed");
    }
    let identity = format!("{}\n", String::from_utf8_lossy(&recovery.stdout).trim());

    // A day of reports with files, written to the database as they arrive.
    let (server, port) = serve(&options.binary, data.path(), &url, &env)?;
    let base = format!("http://127.0.0.1:{port}");
    let seeding = Instant::now();
    let (seeded, _, _) = intake(&base, 3_600, Some(options.backup_reports)).await?;
    let seed_seconds = seeding.elapsed().as_secs_f64();
    drop(server);
    let today = count(&url, "SELECT MAX(written_day) FROM blobs")?;
    let files = count(&url, &files_in_the_database(today + 1))?;
    eprintln!(
        "seeded {} reports ({files} files) in {seed_seconds:.0} s",
        seeded.len()
    );

    // The night passes; a server starts, moves them, and takes reports meanwhile.
    count(
        &url,
        "WITH d AS (UPDATE blobs SET written_day = written_day - 1 RETURNING 1) SELECT COUNT(*) FROM d",
    )?;
    let (server, port) = serve(&options.binary, data.path(), &url, &env)?;
    let base = format!("http://127.0.0.1:{port}");
    let moving = Instant::now();
    let poll_url = url.clone();
    let mover = tokio::task::spawn_blocking(move || -> Result<f64> {
        while count(&poll_url, &files_in_the_database(today))? > 0 {
            if moving.elapsed() > Duration::from_secs(3_600) {
                bail!("the move did not end within an hour");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(moving.elapsed().as_secs_f64())
    });
    let during = intake(&base, options.seconds, None).await?;
    let move_seconds = mover.await??;
    eprintln!("moved {files} files in {move_seconds:.1} s");
    let after = intake(&base, options.seconds, None).await?;

    // The backup reads the files from the bucket; restored into SQLite, with no bucket.
    let out = tempfile::tempdir()?;
    let backup = out.path().join("refuge.age");
    let backup_path = backup.to_str().context("path")?.to_owned();
    let data_path = data.path().to_str().context("path")?.to_owned();
    let args = [
        "backup",
        "--out",
        backup_path.as_str(),
        "--data-dir",
        data_path.as_str(),
        "--database-url",
        url.as_str(),
    ];
    let started = Instant::now();
    let output = Command::new(&options.binary)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()?;
    let backup_seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!("backup: {}", String::from_utf8_lossy(&output.stderr));
    }
    drop(server);
    let backup_bytes = std::fs::metadata(&backup)?.len();
    let restored = tempfile::tempdir()?;
    let restore_seconds = timed_command(
        &options.binary,
        &[
            "restore",
            "--from",
            backup_path.as_str(),
            "--data-dir",
            restored.path().to_str().context("path")?,
        ],
        &identity,
    )?;
    drop(schema);

    let line = |label: &str, (latencies, failures, elapsed): &(Vec<f64>, usize, f64)| {
        format!(
            "| {label} | {} | {:.1} | {:.1} | {:.1} | {failures} |\n",
            latencies.len(),
            latencies.len() as f64 / elapsed,
            percentile(latencies, 50.0),
            percentile(latencies, 99.0),
        )
    };
    let mut report = String::from("# Evidence files in an S3-compatible bucket (issue 13)\n\n");
    report.push_str(&format!(
        "Release binary, one app server on PostgreSQL, SeaweedFS 4.48 on loopback, this 2-core machine (server, PostgreSQL, SeaweedFS and the load clients share both cores). {} reports with a 20 KiB file each were sent one day; the next, a server starts and moves their files to the bucket while it takes reports ({} s of intake during the move, then {} s after it).\n\n",
        seeded.len(),
        options.seconds,
        options.seconds
    ));
    report.push_str("| intake | reports | per second | p50 ms | p99 ms | failures |\n|---|---:|---:|---:|---:|---:|\n");
    report.push_str(&line(
        &format!(
            "the first {} s after start, while the files move ({move_seconds:.1} s)",
            options.seconds
        ),
        &during,
    ));
    report.push_str(&line("after the move", &after));
    report.push_str(&format!(
        "\n| what | figure |\n|---|---:|\n| files moved (originals and working copies) | {files} in {move_seconds:.1} s ({:.0} per second) |\n| `refuge backup` reading them from the bucket | {backup_seconds:.1} s, {:.1} MiB |\n| `refuge restore` of that backup into SQLite (no bucket) | {restore_seconds:.1} s |\n",
        files as f64 / move_seconds,
        backup_bytes as f64 / 1_048_576.0
    ));
    std::fs::write(&options.bucket_out, report)?;
    eprintln!("wrote {}", options.bucket_out.display());
    Ok(())
}

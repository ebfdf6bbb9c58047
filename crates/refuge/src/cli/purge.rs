//! `refuge purge [--dry-run]`: the retention rules applied now (the server also applies them
//! once a day).

use clap::Args;

use super::{Failure, StorageArgs, open_storage};

#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// List what the rules would delete today, and delete nothing.
    #[arg(long)]
    dry_run: bool,
}

pub async fn run(args: PurgeArgs) -> Result<(), Failure> {
    let config = args.storage.load(None)?;
    let storage = open_storage(&config, false).await?;
    let app = super::application(&config, &storage).await?;
    let outcome = purge(&app, args.dry_run).await;
    storage.store.close().await;
    outcome
}

async fn purge(app: &refuge_app::Refuge, dry_run: bool) -> Result<(), Failure> {
    let rules = app.retention_rules();
    if rules.keep_everything() {
        println!(
            "no retention rule is set (retention.closed_days, retention.any_days, a sub-status's retain_days): every report is kept"
        );
        return Ok(());
    }
    if dry_run {
        let due = app
            .retention_due()
            .await
            .map_err(|e| anyhow::anyhow!("purge: {e}"))?;
        println!("report\treceived\tstatus\tstatus_day\trule");
        for report in &due {
            let facts = &report.facts;
            println!(
                "{}\t{}\t{}{}\t{}\t{}",
                facts.id,
                facts.received_day,
                facts.status.code(),
                facts
                    .substatus
                    .as_deref()
                    .map(|s| format!("/{s}"))
                    .unwrap_or_default(),
                facts.status_day,
                report.reason.code()
            );
        }
        println!(
            "{} reports would be deleted (dry run: nothing was)",
            due.len()
        );
        return Ok(());
    }
    let purged = app
        .purge_due()
        .await
        .map_err(|e| anyhow::anyhow!("purge: {e}"))?;
    println!("{} reports deleted", purged.deleted);
    if !purged.compacted {
        println!(
            "the server's readers kept the write-ahead log from being truncated now; SQLite does it at a later checkpoint"
        );
    }
    Ok(())
}

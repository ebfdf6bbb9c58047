//! `refuge registry import --stations FILE --sources FILE [--figures FILE]`: reads a research
//! seed in the CSV layout of `samples/registry-seed/` into the registry as drafts, which a
//! researcher or administrator reviews and publishes. Idempotent: run it twice and the second
//! run changes nothing; run it on a corrected seed and each changed entry gets a new draft.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Failure, StorageArgs, open_storage};

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Read a research seed (stations, sources, figures) into drafts.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// The places: id, host_country_iso2, city, operating_bureau, first_reported, status,
    /// allegation_summary, official_response, sources.
    #[arg(long, value_name = "FILE")]
    stations: PathBuf,
    /// The sources: id, publisher, title, date, url, kind.
    #[arg(long, value_name = "FILE")]
    sources: PathBuf,
    /// Published figures: id, figure, value, period, scope, source.
    #[arg(long, value_name = "FILE")]
    figures: Option<PathBuf>,
}

/// Seed files are small; anything larger is not one.
const SEED_FILE_MAX_BYTES: u64 = 16 * 1024 * 1024;

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    let size = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        .len();
    if size > SEED_FILE_MAX_BYTES {
        return Err(anyhow::anyhow!(
            "{}: {size} bytes is larger than a seed file may be ({SEED_FILE_MAX_BYTES})",
            path.display()
        )
        .into());
    }
    Ok(std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?)
}

pub async fn run(command: RegistryCommand) -> Result<(), Failure> {
    match command {
        RegistryCommand::Import(args) => import(args).await,
    }
}

async fn import(args: ImportArgs) -> Result<(), Failure> {
    let stations = read(&args.stations)?;
    let sources = read(&args.sources)?;
    let figures = args.figures.as_deref().map(read).transpose()?;
    let config = args.storage.load(None)?;
    let storage = open_storage(&config, false).await?;
    let app = super::application(&config, &storage).await?;
    let outcome = app
        .import_registry_seed(&stations, &sources, figures.as_deref())
        .await;
    storage.store.close().await;
    let summary = outcome.map_err(|e| anyhow::anyhow!("registry import: {e}"))?;
    println!(
        "sources: {} added, {} changed, {} unchanged",
        summary.sources_added, summary.sources_changed, summary.sources_unchanged
    );
    println!(
        "entries: {} added, {} changed (new drafts), {} unchanged",
        summary.entries_added, summary.entries_changed, summary.entries_unchanged
    );
    println!(
        "imported entries are drafts: a researcher or administrator reviews and publishes each one (staff pages, Registry)"
    );
    Ok(())
}

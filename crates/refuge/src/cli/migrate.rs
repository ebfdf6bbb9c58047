//! `refuge migrate`: create or upgrade the schema (every other command does it too).

use super::{Failure, StorageArgs, open_storage};

pub async fn run(args: StorageArgs) -> Result<(), Failure> {
    let config = args.load(None)?;
    let storage = open_storage(&config, false).await?;
    println!("database is up to date");
    storage.store.close().await;
    Ok(())
}

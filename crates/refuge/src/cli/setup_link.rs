//! `refuge setup-link`: print a new one-time link that creates the first administrator, for
//! when the one printed at the first start is lost. Runs beside a running server.

use super::{Failure, StorageArgs, open_storage};

pub async fn run(args: StorageArgs) -> Result<(), Failure> {
    let config = args.load(None)?;
    let storage = open_storage(&config, false).await?;
    let app = super::application(&config, &storage).await?;
    let token = app
        .issue_setup_token()
        .await
        .map_err(|e| anyhow::anyhow!("setup: {e}"))?;
    storage.store.close().await;
    match token {
        Some(token) => {
            println!("{}", super::serve::setup_link(&config, &token));
            Ok(())
        }
        None => Err(anyhow::anyhow!(
            "set-up is complete: an administrator exists. Sign in at {}/staff/login, or add \
             accounts with `refuge user add`.",
            config.public_url()
        )
        .into()),
    }
}

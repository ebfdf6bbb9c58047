//! `refuge recovery-key new | grant --to USER`: the organisation's recovery key. `new` prints a
//! new recovery identity once (keep it offline: printed, or on a key that never touches the
//! server) and keeps only its public key; from then on every report, file and message is also
//! sealed to it. `grant` reads that identity on standard input and gives a colleague access to
//! every report it opens — how an organisation gets its cases back when the only people who
//! held them have left.

use std::io::Read;

use clap::Subcommand;

use super::{Failure, StorageArgs, open_storage};

#[derive(Debug, Subcommand)]
pub enum RecoveryKeyCommand {
    /// Print a new recovery identity, once; only its public key is kept.
    New(StorageArgs),
    /// Give USER access to every report the recovery identity (read on standard input) opens.
    Grant {
        #[command(flatten)]
        storage: StorageArgs,
        /// The colleague's username (they must work cases).
        #[arg(long = "to", value_name = "USER")]
        to: String,
    },
}

pub async fn run(command: RecoveryKeyCommand) -> Result<(), Failure> {
    match command {
        RecoveryKeyCommand::New(args) => {
            let config = args.load(None)?;
            let storage = open_storage(&config, false).await?;
            let app = super::application(&config, &storage).await?;
            let key = app
                .new_recovery_key(None)
                .await
                .map_err(|e| anyhow::anyhow!("recovery key: {e}"))?;
            storage.store.close().await;
            eprintln!(
                "A new organisation recovery key. Keep the line below offline (print it, or store \
                 it on a device that never touches this server): it opens every report sealed \
                 from now on, and it is shown this once. Public key: {}",
                key.public_key
            );
            println!("{}", key.secret.as_str());
            Ok(())
        }
        RecoveryKeyCommand::Grant { storage: args, to } => {
            let config = args.load(None)?;
            let mut input = zeroize::Zeroizing::new(String::new());
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|e| anyhow::anyhow!("reading the recovery identity: {e}"))?;
            let identity = refuge_crypto::StaffIdentity::from_secret_bytes(input.trim().as_bytes())
                .map_err(|_| Failure {
                    error: anyhow::anyhow!(
                        "standard input is not a recovery identity (AGE-SECRET-KEY-1…)"
                    ),
                    exit_code: 2,
                })?;
            let storage = open_storage(&config, false).await?;
            let app = super::application(&config, &storage).await?;
            let shared =
                app.grant_with_recovery_key(&identity, &to)
                    .await
                    .map_err(|e| match e {
                        refuge_app::AppError::NotFound => {
                            anyhow::anyhow!("no enabled account named {to:?} that works cases")
                        }
                        other => anyhow::anyhow!("grant: {other}"),
                    })?;
            storage.store.close().await;
            println!("{shared} reports shared with {to}");
            Ok(())
        }
    }
}

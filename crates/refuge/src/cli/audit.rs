//! `refuge audit verify [--checkpoint FILE]` and `refuge audit checkpoint`: the audit log's
//! hash chain checked from its first row to its head, and signed checkpoints to keep off the
//! server (a chain alone cannot show that its end was cut; a checkpoint kept elsewhere can).

use std::path::PathBuf;

use clap::Subcommand;
use refuge_app::audit::AuditProblem;
use refuge_domain::audit::hex;

use super::{Failure, StorageArgs, open_storage};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every row of the audit log; print its head. Exits 1 naming the first bad row.
    Verify {
        #[command(flatten)]
        storage: StorageArgs,
        /// A checkpoint written earlier (from the audit page or `refuge audit checkpoint`):
        /// also prove the log still extends it.
        #[arg(long, value_name = "FILE")]
        checkpoint: Option<PathBuf>,
    },
    /// Sign the log's head now and print the checkpoint (keep it off this server).
    Checkpoint(StorageArgs),
}

pub async fn run(command: AuditCommand) -> Result<(), Failure> {
    match command {
        AuditCommand::Verify {
            storage: args,
            checkpoint,
        } => {
            let config = args.load(None)?;
            let signed = match &checkpoint {
                None => None,
                Some(path) => Some(std::fs::read_to_string(path).map_err(|e| Failure {
                    error: anyhow::anyhow!("reading {}: {e}", path.display()),
                    exit_code: 2,
                })?),
            };
            let storage = open_storage(&config, false).await?;
            let app = super::application(&config, &storage).await?;
            let verified = app.verify_audit(signed.as_deref()).await;
            storage.store.close().await;
            match verified {
                Ok(verified) => {
                    println!(
                        "audit log intact: {} rows; head row {} hash {}",
                        verified.rows,
                        verified.head.0,
                        hex(&verified.head.1)
                    );
                    if let Some(seq) = verified.checkpoint {
                        println!("the log extends the checkpoint at row {seq}");
                    }
                    Ok(())
                }
                Err(AuditProblem::App(error)) => {
                    Err(anyhow::anyhow!("audit verify: {error}").into())
                }
                Err(problem) => Err(Failure {
                    error: anyhow::anyhow!("audit log NOT intact: {problem}"),
                    exit_code: 1,
                }),
            }
        }
        AuditCommand::Checkpoint(args) => {
            let config = args.load(None)?;
            let storage = open_storage(&config, false).await?;
            let app = super::application(&config, &storage).await?;
            let signed = app
                .write_checkpoint(None)
                .await
                .map_err(|e| anyhow::anyhow!("checkpoint: {e}"))?;
            storage.store.close().await;
            print!("{signed}");
            Ok(())
        }
    }
}

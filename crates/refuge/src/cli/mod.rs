//! One file per subcommand. Exit codes: 0 success, 2 usage or configuration error (the message
//! names the key), 1 anything else.

mod audit;
mod backup;
mod config_cmd;
mod migrate;
mod onion;
mod purge;
mod recovery_key;
mod registry;
mod serve;
mod setup_link;
mod user;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use refuge_domain::ports::BlobStore;
use refuge_store::{BlobsWithBucket, BucketBlobStore, SqlBlobStore, SqlStore};

use crate::config::{self, Config, Overrides};

#[derive(Debug, Parser)]
#[command(
    name = "refuge",
    version,
    about = "Safe, anonymous reporting of transnational repression"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (defaults: 127.0.0.1:8080, data in ./refuge-data).
    Serve(ServeArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Print or check the configuration.
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
    /// Create or upgrade the database schema.
    Migrate(StorageArgs),
    /// Print a new one-time link that creates the first administrator (while none exists).
    SetupLink(StorageArgs),
    /// The organisation's recovery key: make a new one, or give a colleague access with it.
    #[command(subcommand)]
    RecoveryKey(recovery_key::RecoveryKeyCommand),
    /// The audit log: verify its hash chain (and a checkpoint), or write a signed checkpoint.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Apply the retention rules now (they also run daily), or list what they would delete.
    Purge(purge::PurgeArgs),
    /// The public registry: import a research seed as drafts.
    #[command(subcommand)]
    Registry(registry::RegistryCommand),
    /// Write the whole database, as of one moment, to an age file (the server may run).
    Backup(backup::BackupArgs),
    /// Fill a new, empty database (SQLite or PostgreSQL) from a backup.
    Restore(backup::RestoreArgs),
    /// Print the torrc lines of an onion service for this server.
    Onion(onion::OnionArgs),
}

#[derive(Debug, Args, Clone)]
pub struct StorageArgs {
    /// Configuration file (TOML).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the SQLite database and sealed blobs live.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL; otherwise the embedded SQLite default.
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
}

pub struct Failure {
    pub error: anyhow::Error,
    pub exit_code: u8,
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure {
            error: error.into(),
            exit_code: 1,
        }
    }
}

fn configuration_error(error: anyhow::Error) -> Failure {
    Failure {
        error,
        exit_code: 2,
    }
}

pub async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::User(command) => user::run(command).await,
        Command::Config(command) => config_cmd::run(command),
        Command::Migrate(args) => migrate::run(args).await,
        Command::SetupLink(args) => setup_link::run(args).await,
        Command::RecoveryKey(command) => recovery_key::run(command).await,
        Command::Audit(command) => audit::run(command).await,
        Command::Purge(args) => purge::run(args).await,
        Command::Registry(command) => registry::run(command).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
        Command::Onion(args) => onion::run(args),
    }
}

impl StorageArgs {
    fn load(&self, listen: Option<String>) -> Result<Config, Failure> {
        let overrides = Overrides {
            listen,
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
        };
        config::load(self.config.as_deref(), &overrides).map_err(configuration_error)
    }
}

/// The opened storage: the database (migrated), which also holds the sealed blobs — or all but
/// the evidence files, when they go to a bucket.
pub struct Storage {
    pub store: SqlStore,
    pub blobs: Arc<dyn BlobStore>,
    /// The bucket evidence files go to, when `blobs.store = "s3"` (a backup reads them).
    pub bucket: Option<BucketBlobStore>,
    /// Held while the process runs: one process per SQLite data directory.
    _lock: Option<std::fs::File>,
}

/// Opens storage. `exclusive` (the server) also takes the data directory's lock: with SQLite
/// only one server may run per directory, which is what lets start-up remove orphaned blobs at
/// once. Short commands (`user add`, `migrate`) run beside a server without it.
pub async fn open_storage(config: &Config, exclusive: bool) -> Result<Storage, Failure> {
    let data_dir = &config.server.data_dir;
    create_private_dir(data_dir)?;
    let (store, lock) = if config.is_postgres() {
        let store = SqlStore::open_postgres(&config.server.database_url)
            .await
            .map_err(|e| {
                anyhow::anyhow!("server.database_url: cannot connect to PostgreSQL: {e}")
            })?;
        (store, None)
    } else if !exclusive {
        let store = SqlStore::open_sqlite(data_dir)
            .await
            .map_err(|e| anyhow::anyhow!("opening the SQLite database: {e}"))?;
        (store, None)
    } else {
        let lock_path = data_dir.join("refuge.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        if lock.try_lock().is_err() {
            return Err(anyhow::anyhow!(
                "another refuge process is using {} (SQLite allows one server per data directory; use PostgreSQL for several)",
                data_dir.display()
            )
            .into());
        }
        let store = SqlStore::open_sqlite(data_dir)
            .await
            .map_err(|e| anyhow::anyhow!("opening the SQLite database: {e}"))?;
        (store, Some(lock))
    };
    store
        .migrate()
        .await
        .map_err(|e| anyhow::anyhow!("migrating the database: {e}"))?;
    let blobs = Arc::new(
        SqlBlobStore::open(store.clone(), data_dir)
            .map_err(|e| anyhow::anyhow!("opening the blob store: {e}"))?,
    );
    if exclusive {
        // Blobs an earlier version kept as files move into the database (decision 0010).
        let (moving, dir) = (blobs.clone(), data_dir.clone());
        let moved = tokio::task::spawn_blocking(move || moving.move_in_file_blobs(&dir))
            .await
            .map_err(|e| anyhow::anyhow!("moving blobs into the database: {e}"))?
            .map_err(|e| anyhow::anyhow!("moving blobs into the database: {e}"))?;
        if moved > 0 {
            tracing::info!(moved, "sealed blobs moved from files into the database");
        }
    }
    let mut bucket_store = None;
    let blobs: Arc<dyn BlobStore> = match config.blobs.bucket() {
        None => blobs,
        Some(settings) => {
            // Opening proves the bucket: a second create-only write must be refused.
            let bucket = BucketBlobStore::open(&settings).await.map_err(|e| {
                anyhow::anyhow!(
                    "blobs: the bucket {} at {} cannot be used: {e}",
                    settings.bucket,
                    settings.endpoint
                )
            })?;
            bucket_store = Some(bucket.clone());
            Arc::new(BlobsWithBucket::new(SqlBlobStore::clone(&blobs), bucket))
        }
    };
    Ok(Storage {
        store,
        blobs,
        bucket: bucket_store,
        _lock: lock,
    })
}

/// The application over opened storage, as every command that runs use cases needs it.
pub async fn application(
    config: &Config,
    storage: &Storage,
) -> Result<refuge_app::Refuge, Failure> {
    refuge_app::Refuge::new(
        Arc::new(storage.store.clone()),
        storage.blobs.clone(),
        Arc::new(refuge_app::SystemClock),
        config.app_settings(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("starting: {e}").into())
}

/// Creates the data directory for Refuge's user only, or makes an existing one so: the database
/// holds the instance's secrets and the wrapped staff keys (security review L4). When it cannot
/// (another user owns it), Refuge does not start.
fn create_private_dir(dir: &std::path::Path) -> Result<(), Failure> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| anyhow::anyhow!("server.data_dir: cannot create {}: {e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)
            .map_err(|e| anyhow::anyhow!("server.data_dir: {}: {e}", dir.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| {
                configuration_error(anyhow::anyhow!(
                    "server.data_dir: {} can be read by other users (mode {:o}) and could not be made private ({e}); run `chmod 700 {}`",
                    dir.display(),
                    mode & 0o777,
                    dir.display()
                ))
            })?;
            eprintln!(
                "refuge: made {} private to its user (it was mode {:o})",
                dir.display(),
                mode & 0o777
            );
        }
    }
    Ok(())
}

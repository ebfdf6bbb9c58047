//! `refuge serve`: open storage, recover from interrupted writes, print the setup link on a
//! fresh install, and serve until a signal (or a failed fsync) stops the process.

use refuge_web::WebState;

use super::{Failure, ServeArgs, open_storage};

pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let config = args.storage.load(args.listen.clone())?;
    init_logging(&config.log.level);
    let storage = open_storage(&config, true).await?;
    let app = super::application(&config, &storage).await?;
    let (temporaries, orphans) = app
        .recover_storage()
        .await
        .map_err(|e| anyhow::anyhow!("recovering storage: {e}"))?;
    if temporaries + orphans > 0 {
        tracing::info!(
            temporaries,
            orphans,
            "removed leftovers of interrupted writes"
        );
    }

    let listener = tokio::net::TcpListener::bind(&config.server.listen)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "server.listen: cannot listen on {}: {e}",
                config.server.listen
            )
        })?;
    let backend = if config.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "Refuge is listening on http://{} ({backend}, data in {})",
        config.server.listen,
        config.server.data_dir.display()
    );
    if let Some(warning) = config.plain_http_warning() {
        tracing::warn!("{warning}");
        println!("WARNING: {warning}");
    }
    // Last, so it is not lost above the log lines that follow.
    if let Some(token) = app
        .issue_setup_token()
        .await
        .map_err(|e| anyhow::anyhow!("setup: {e}"))?
    {
        println!();
        println!(
            "No staff account exists yet. Open this link once to create the first administrator:"
        );
        println!();
        println!("    {}", setup_link(&config, &token));
        println!();
        println!("Lost it? `refuge setup-link` prints a new one (the sign-in page says so too).");
        println!();
    }

    let state = WebState {
        app: app.clone(),
        config: std::sync::Arc::new(config.web_config()),
    };
    if !config.server.metrics_listen.is_empty() {
        let metrics = tokio::net::TcpListener::bind(&config.server.metrics_listen)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "server.metrics_listen: cannot listen on {}: {e}",
                    config.server.metrics_listen
                )
            })?;
        println!(
            "Metrics on http://{}/metrics (keep this address private)",
            config.server.metrics_listen
        );
        let router = refuge_web::metrics::router(state.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(metrics, router).await {
                tracing::warn!(%error, "the metrics listener stopped");
            }
        });
    }
    publish_hour_figures(&app).await;
    tokio::spawn(purge_now_and_then(app.clone()));
    if config.blobs.bucket().is_some() {
        tokio::spawn(move_files_to_the_bucket(app.clone()));
    }
    tokio::spawn(summarise_reporter_requests_hourly(app.clone()));
    let server =
        axum::serve(listener, refuge_web::service(state)).with_graceful_shutdown(shutdown_signal());
    tokio::select! {
        result = server => result.map_err(|e| anyhow::anyhow!("server: {e}"))?,
        () = app.fail_stop_requested() => {
            // Let the "please try again" page go out, then stop hard.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            return Err(Failure { error: anyhow::anyhow!("stopped after a failed fsync; check the disk, then restart"), exit_code: 1 });
        }
    }
    refuge_web::flush_reporter_requests();
    storage.store.close().await;
    Ok(())
}

/// How often expired rows are deleted while the server runs.
const PURGE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The first retention run waits this long after start-up: an administrator who has just
/// upgraded, or changed the rules, sees them on the staff page and in the log before anything
/// is deleted.
const RETENTION_FIRST_RUN_DELAY: std::time::Duration = std::time::Duration::from_secs(3_600);

/// Deletes expired replay records, sessions and throttle rows every few minutes, and writes
/// the daily audit checkpoint; applies the retention rules once a day (the first time an hour
/// after start-up).
async fn purge_now_and_then(app: refuge_app::Refuge) {
    let rules = app.retention_rules();
    if rules.keep_everything() {
        tracing::warn!("no retention rule is set: every report is kept until someone deletes it");
    } else {
        tracing::info!(
            closed_days = ?rules.closed_days,
            any_days = ?rules.any_days,
            substatus_rules = rules.substatus_days.len(),
            "retention rules apply; the first run is an hour after start-up, then daily"
        );
    }
    let started = tokio::time::Instant::now();
    let mut interval = tokio::time::interval(PURGE_INTERVAL);
    interval.tick().await; // the first tick is now; start-up has just purged expired rows
    let mut retention_applied_on = None;
    // With several app servers, one of them does this work at a time: the one holding the
    // lease, which it renews at each turn and loses two turns after it stops (it died).
    let lease_seconds = 2 * PURGE_INTERVAL.as_secs() as i64 + 60;
    loop {
        match app.housekeeping_turn(lease_seconds).await {
            Ok(true) => {}
            Ok(false) => {
                interval.tick().await;
                continue;
            }
            Err(error) => {
                tracing::warn!(%error, "could not take the housekeeping lease; will try again");
                interval.tick().await;
                continue;
            }
        }
        let today = refuge_domain::Day::from_unix_seconds(app.now());
        if retention_applied_on != Some(today) && started.elapsed() >= RETENTION_FIRST_RUN_DELAY {
            match app.purge_due().await {
                Ok(purged) => {
                    if purged.deleted > 0 {
                        tracing::info!(
                            deleted = purged.deleted,
                            "reports deleted by the retention rules"
                        );
                    }
                    if !purged.compacted {
                        tracing::warn!(
                            "the write-ahead log could not be truncated after a purge (readers); SQLite does it at a later checkpoint"
                        );
                    }
                    retention_applied_on = Some(today);
                }
                Err(error) => {
                    tracing::warn!(%error, "could not apply the retention rules; will try again")
                }
            }
        }
        interval.tick().await;
        match app.purge_expired().await {
            Ok(0) => {}
            Ok(deleted) => tracing::debug!(deleted, "expired rows deleted"),
            Err(error) => tracing::warn!(%error, "could not delete expired rows; will try again"),
        }
        // The statistics schedule, when the operator set one (a release once its months end).
        match app.scheduled_release_if_due().await {
            Ok(Some(release)) => tracing::info!(
                from = %release.body.from,
                through = %release.body.through,
                "statistics release made by the schedule"
            ),
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(%error, "could not make the scheduled statistics release; will try again")
            }
        }
        // A signed checkpoint of the audit log once a day (when it moved).
        if let Err(error) = app.checkpoint_if_due().await {
            tracing::warn!(%error, "could not write the audit checkpoint; will try again");
        }
    }
}

/// Moves files whose day is over from the database to the bucket (`blobs.store = "s3"`): at
/// start, then every few minutes (after midnight UTC, yesterday's files). Every server does
/// it; a move is safe to repeat and to interrupt.
async fn move_files_to_the_bucket(app: refuge_app::Refuge) {
    let mut interval = tokio::time::interval(PURGE_INTERVAL);
    loop {
        interval.tick().await;
        match app.move_aged_files().await {
            Ok(0) => {}
            Ok(moved) => tracing::info!(moved, "files of earlier days moved to the bucket"),
            Err(error) => {
                tracing::warn!(%error, "could not move files to the bucket; will try again")
            }
        }
    }
}

/// Writes the count of reporters' requests at the top of every hour (security review H2: the
/// log says how many, not when), and publishes the metrics that reporters move.
async fn summarise_reporter_requests_hourly(app: refuge_app::Refuge) {
    loop {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        tokio::time::sleep(std::time::Duration::from_secs(3_600 - now % 3_600)).await;
        refuge_web::flush_reporter_requests();
        publish_hour_figures(&app).await;
    }
}

/// The metrics published once an hour (and at start-up, before any reporter came).
async fn publish_hour_figures(app: &refuge_app::Refuge) {
    let blobs = refuge_store::blob_latency();
    refuge_web::metrics::publish_hour(refuge_web::metrics::HourFigures {
        lanes: app.lane_figures(true),
        blob_writes: blobs.writes,
        blob_write_seconds: blobs.write_seconds,
        blob_reads: blobs.reads,
        blob_read_seconds: blobs.read_seconds,
        correlation_queue: app.correlation_queue().await.unwrap_or(0),
    });
}

/// The one-time set-up address for `token`.
pub fn setup_link(config: &crate::config::Config, token: &str) -> String {
    format!("{}/setup/{token}", config.public_url())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = interrupt => {}, () = terminate => {} }
}

fn init_logging(level: &str) {
    // Refuge's own crates at the chosen level; every dependency at `warn`, whatever is chosen,
    // so none of them logs a request's details.
    let ours = [
        "refuge",
        "refuge_app",
        "refuge_web",
        "refuge_store",
        "refuge_files",
    ]
    .map(|target| format!("{target}={level}"))
    .join(",");
    let filter = tracing_subscriber::EnvFilter::try_new(format!("warn,{ours}"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}

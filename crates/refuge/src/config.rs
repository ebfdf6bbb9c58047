//! The configuration tree: built-in defaults → TOML file → environment (`REFUGE_SECTION__KEY`)
//! → command-line flags, then `*_file` keys read for secrets. Unknown keys are errors that
//! name the key. Passed by value; there is no global configuration.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub web: WebSection,
    pub security: SecurityConfig,
    pub intake: IntakeConfig,
    pub files: FilesConfig,
    pub conversation: ConversationConfig,
    pub case: CaseConfig,
    pub staff: StaffConfig,
    pub retention: RetentionConfig,
    #[serde(default)]
    pub referral: ReferralConfig,
    #[serde(default)]
    pub registry: RegistryConfig,
    #[serde(default)]
    pub statistics: StatisticsConfig,
    #[serde(default)]
    pub backup: BackupConfig,
    #[serde(default)]
    pub blobs: BlobsConfig,
    pub log: LogConfig,
}

/// Where evidence files are kept (issue 13): with the reports in the database (the default), or
/// in an S3-compatible bucket.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BlobsConfig {
    /// `database` or `s3`.
    pub store: String,
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub prefix: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub secret_access_key_file: String,
}

impl Default for BlobsConfig {
    fn default() -> Self {
        BlobsConfig {
            store: "database".into(),
            endpoint: String::new(),
            bucket: String::new(),
            region: "us-east-1".into(),
            prefix: "refuge/".into(),
            access_key_id: String::new(),
            secret_access_key: String::new(),
            secret_access_key_file: String::new(),
        }
    }
}

impl std::fmt::Debug for BlobsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobsConfig")
            .field("store", &self.store)
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .finish_non_exhaustive()
    }
}

impl BlobsConfig {
    /// The bucket to keep files in, when `store = "s3"`.
    pub fn bucket(&self) -> Option<refuge_store::BucketSettings> {
        (self.store == "s3").then(|| refuge_store::BucketSettings {
            endpoint: self.endpoint.trim_end_matches('/').to_owned(),
            bucket: self.bucket.clone(),
            region: self.region.clone(),
            prefix: self.prefix.clone(),
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
        })
    }
}

/// `refuge backup` (issue 13).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct BackupConfig {
    /// age public keys backups are sealed to; empty: the organisation's recovery key.
    #[serde(default)]
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StaffConfig {
    pub require_totp: bool,
}

/// Retention rules (issue 10): absent keeps reports forever.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_days: Option<u32>,
}

/// Referral to partner organisations (issue 11).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ReferralConfig {
    /// Reporters see the name of the organisation their case went to, not only its kind.
    #[serde(default)]
    pub show_partner_names: bool,
}

/// The public registry (issue 12).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegistryConfig {
    /// The licence line of the open-data exports and the registry's pages.
    pub licence: String,
}

impl Default for RegistryConfig {
    fn default() -> Self {
        RegistryConfig {
            licence: DEFAULT_LICENCE.to_owned(),
        }
    }
}

/// Public statistics releases (issue 12).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatisticsConfig {
    /// No published count is below this (at least 5).
    pub k: u64,
    /// ε per release, when noise is on (absent: no noise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epsilon: Option<f64>,
    /// Months per release made by the schedule (0: researchers make releases).
    #[serde(default)]
    pub schedule_months: u8,
}

impl Default for StatisticsConfig {
    fn default() -> Self {
        StatisticsConfig {
            k: refuge_domain::statistics::K_DEFAULT,
            epsilon: None,
            schedule_months: 0,
        }
    }
}

/// What the registry's exports carry unless the operator says otherwise.
pub const DEFAULT_LICENCE: &str =
    "Creative Commons Attribution 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_url_file: String,
    pub public_url: String,
    /// Where `/metrics` and `/healthz` listen, apart from the public side (empty: off).
    #[serde(default)]
    pub metrics_listen: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebSection {
    pub secure_cookies: bool,
    pub quick_exit_url: String,
    pub max_body_kib: usize,
    pub request_timeout_seconds: u64,
    pub upload_timeout_seconds: u64,
    pub max_concurrent_requests: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SecurityConfig {
    pub password_memory_kib: u32,
    pub password_iterations: u32,
    pub receipt_memory_kib: u32,
    pub receipt_iterations: u32,
    pub kdf_concurrency: usize,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IntakeConfig {
    pub origin_states: Vec<String>,
    pub receipt_window_seconds: i64,
    pub reports_per_hour: u32,
    pub reports_burst: u32,
    pub attempts_per_form: u32,
    pub api_proof_of_work_bits: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConversationConfig {
    pub reporter_messages: u32,
    pub reporter_messages_per_day: u32,
    pub messages_per_page: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    pub max_file_mib: u64,
    pub max_report_mib: u64,
    pub max_daily_mib: u64,
    pub max_files_at_once: usize,
    pub max_files_per_report: u32,
}

/// The organisation's vocabulary for cases (checked at load: plain unique codes, known parent
/// statuses, colours).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaseConfig {
    pub substatuses: Vec<refuge_domain::case::Substatus>,
    pub labels: Vec<refuge_domain::case::Label>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub level: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            server: ServerConfig {
                listen: "127.0.0.1:8080".into(),
                data_dir: PathBuf::from("./refuge-data"),
                database_url: String::new(),
                database_url_file: String::new(),
                public_url: String::new(),
                metrics_listen: String::new(),
            },
            web: WebSection {
                secure_cookies: true,
                quick_exit_url: "https://www.wikipedia.org/".into(),
                max_body_kib: 1024,
                request_timeout_seconds: 30,
                upload_timeout_seconds: 900,
                max_concurrent_requests: 128,
            },
            security: SecurityConfig {
                password_memory_kib: 65_536,
                password_iterations: 3,
                receipt_memory_kib: 8_192,
                receipt_iterations: 1,
                kdf_concurrency: 0,
                session_idle_minutes: 30,
                session_absolute_hours: 12,
            },
            intake: IntakeConfig {
                origin_states: vec!["CN".into()],
                receipt_window_seconds: 900,
                reports_per_hour: 600,
                reports_burst: 60,
                attempts_per_form: 20,
                api_proof_of_work_bits: 20,
            },
            files: FilesConfig {
                max_file_mib: 25,
                max_report_mib: 100,
                max_daily_mib: 2_048,
                max_files_at_once: 10,
                max_files_per_report: 100,
            },
            conversation: ConversationConfig {
                reporter_messages: 500,
                reporter_messages_per_day: 100,
                messages_per_page: 25,
            },
            case: CaseConfig {
                substatuses: Vec::new(),
                labels: Vec::new(),
            },
            staff: StaffConfig {
                require_totp: false,
            },
            retention: RetentionConfig::default(),
            referral: ReferralConfig::default(),
            registry: RegistryConfig::default(),
            statistics: StatisticsConfig::default(),
            backup: BackupConfig::default(),
            blobs: BlobsConfig::default(),
            log: LogConfig {
                level: "info".into(),
            },
        }
    }
}

/// The commented default file printed by `refuge config default` (kept equal to
/// `config.example.toml` by a test).
pub const DEFAULT_FILE: &str = r##"# Refuge configuration. Every key is optional; these are the defaults.
# Each key can also be set in the environment as REFUGE_<SECTION>__<KEY>, e.g.
# REFUGE_SERVER__LISTEN=0.0.0.0:8080, and the main ones by command-line flags.

[server]
# Address to listen on. Publish it as an onion service or behind a TLS proxy.
listen = "127.0.0.1:8080"
# The SQLite database (which also holds the sealed blobs) and short-lived scratch files live here
# (mode 0700).
data_dir = "./refuge-data"
# Empty: embedded SQLite in data_dir. postgres://user@host/db: PostgreSQL, which then holds the
# sealed blobs too (several app servers, each with its own data_dir).
database_url = ""
# Read database_url from this file instead (keeps a password out of the config).
database_url_file = ""
# How the public reaches this server (https://… or http://….onion): used in links printed on
# the console, in evidence receipts (where the public key is published), and to tell whether
# sign-in cookies can work. Empty: http://<listen> on the console, and receipts give the path.
public_url = ""
# Where Prometheus metrics (/metrics) and /healthz listen, apart from the public side: keep it on
# loopback or a private network (e.g. 127.0.0.1:9464). Empty: no metrics listener. The public
# listener answers /healthz too. Nothing a reporter does shows before the top of the hour.
metrics_listen = ""

[web]
# Secure, __Host- prefixed cookies. Browsers accept them over HTTPS, on localhost and on onion
# services. Set to false only for plain HTTP on another address.
secure_cookies = true
# Where the quick-exit control on every reporter page leads.
quick_exit_url = "https://www.wikipedia.org/"
# Largest form or JSON body accepted.
max_body_kib = 1024
# A request still incomplete after this long (a slow or stalled body) gets 408.
request_timeout_seconds = 30
# The same for requests carrying files (multipart), which can take minutes over Tor.
upload_timeout_seconds = 900
# Requests handled at once (more wait, holding only their headers). With max_body_kib this bounds
# the memory request bodies can take: 128 x 1 MiB by default.
max_concurrent_requests = 128

[security]
# Argon2id cost protecting staff keys (derived from passwords at sign-in).
password_memory_kib = 65536
password_iterations = 3
# Argon2id cost of the receipt hash (receipts carry ~90 bits, so this is defence in depth).
receipt_memory_kib = 8192
receipt_iterations = 1
# Key derivations allowed at once, per lane (receipts; passwords, at least 2, of which anonymous
# sign-ins may take one): memory ceiling = this x (password + receipt memory). 0 = CPU count.
kdf_concurrency = 0
session_idle_minutes = 30
session_absolute_hours = 12

[intake]
# Origin states offered on the report form (ISO 3166 codes).
origin_states = ["CN"]
# After sending a report, its receipt is shown for this long (a reload, or a retry after a
# dropped connection, shows it again); afterwards the same form gets "already received" and
# the receipt is never shown again. Keep it short: the device may be shared.
receipt_window_seconds = 900
# New reports accepted per hour by this server, after a first burst; past it the form answers
# "please try again in a few minutes" with every word kept (0: no budget). One form (or API
# key) may be sent this many times in 15 minutes. API clients attach a proof of work with this
# many leading zero bits to each report (about a million SHA-256 hashes at 20; 0: none); the
# script-free form needs none.
reports_per_hour = 600
reports_burst = 60
attempts_per_form = 20
api_proof_of_work_bits = 20

[files]
# Evidence files: the largest single file, all files of one report, all files accepted in one day
# (a flood stops there), files in one submission, and files one report may hold. Uploads stream
# encrypted into the database; memory per upload is a few chunks, and files are cleaned of
# metadata one at a time.
max_file_mib = 25
max_report_mib = 100
max_daily_mib = 2048
max_files_at_once = 10
max_files_per_report = 100

[conversation]
# Messages a reporter may send on one report, in all and per day, and messages shown per page
# (newest first) to the reporter and to caseworkers.
reporter_messages = 500
reporter_messages_per_day = 100
messages_per_page = 25

[case]
# Sub-statuses under the five statuses (received, triaged, in_progress, referred, closed), each
# optionally with its own retention period in days, and the labels caseworkers put on cases.
# Codes (lowercase letters, digits, _) are what the database keeps; names are shown to staff
# only. Which labels a case carries is sealed with the case, never stored in clear. Example:
#   substatuses = [
#     { code = "awaiting_documents", status = "in_progress", name = "Awaiting documents" },
#     { code = "spam", status = "closed", name = "Spam", retain_days = 30 },
#   ]
#   labels = [{ code = "legal", name = "Needs legal aid", colour = "#b03a2e" }]
substatuses = []
labels = []

[staff]
# Every staff account must have a second factor (an authenticator app or a hardware key): an
# account without one is sent to set it up when it signs in, and can do nothing else until it
# has. The API then answers 403 totp_enrolment_required until POST /api/v1/staff/totp/confirm.
require_totp = false

[retention]
# Reports are kept until someone deletes them unless these are set (off by default; the
# administration pages warn while they are). A daily job (first run an hour after start-up),
# and `refuge purge` on demand, delete closed reports this many days after they were closed,
# and any report this many days after it arrived, with everything that belongs to them; a
# sub-status's retain_days (see [case]) applies to the reports in it, counted from the day they
# entered it, in place of closed_days. Suggested, for example:
#   closed_days = 365
#   any_days = 1825

[referral]
# A reporter whose case was referred sees the kind of organisation (legal aid, police…) and the
# day on their follow-up page. Set this to also show the organisation's name.
show_partner_names = false

[registry]
# The licence of the public registry's open data (/registry.csv, /registry.json), printed on
# the registry's pages and in every export. The facts are public; say how others may reuse
# your wording of them.
licence = "Creative Commons Attribution 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/"

[statistics]
# Public statistics are releases of whole months, never live counts. No published count is
# below k (at least 5), and more counts are withheld so none can be worked out from totals.
# Set epsilon (for example 1.0) to also add noise: exact discrete Laplace noise, epsilon per
# release split evenly among its tables; the public page shows the epsilon spent so far.
# schedule_months = 1, 3, 6 or 12 makes a release by itself each time that many whole months
# have ended since the last one (checked every few minutes); 0 leaves releases to researchers.
k = 10
schedule_months = 0

[backup]
# age public keys (age1...) that `refuge backup` seals to; empty: the organisation's recovery
# key. A backup holds every sealed report and the instance's keys: keep it like the database.
recipients = []

[blobs]
# Where evidence files are kept. "database": with the reports (SQLite or PostgreSQL), so the
# database is the whole state. "s3": an S3-compatible bucket (Amazon S3, SeaweedFS, Ceph,
# Garage...) for files that outgrow the database; reports, messages and everything else stay in
# the database. Files arrive in the database and move to the bucket once their day is over, so
# the bucket's exact object times say only the day. Only age files reach the bucket, under
# random names, never replaced; Refuge checks at start-up that the server refuses to overwrite
# (If-None-Match) and will not start on one that does not.
store = "database"
# For "s3": the endpoint (path-style; http:// only on loopback or a private network), the
# bucket, its region, and a prefix for this instance's objects. Give each instance its own
# prefix: at start-up Refuge deletes objects under it that nothing refers to.
endpoint = ""
bucket = ""
region = "us-east-1"
prefix = "refuge/"
# Credentials that may put, get, list and delete under the prefix.
access_key_id = ""
secret_access_key = ""
# Read secret_access_key from this file instead (keeps it out of the config).
secret_access_key_file = ""

[log]
# error, warn, info, debug. Reporter routes never log addresses or user agents at any level.
level = "info"
"##;

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config> {
    load_from(file, std::env::vars(), overrides)
}

pub fn load_from(
    file: Option<&Path>,
    env: impl Iterator<Item = (String, String)>,
    overrides: &Overrides,
) -> Result<Config> {
    let mut tree = toml::Table::try_from(Config::default()).context("default configuration")?;
    if let Some(path) = file {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let from_file: toml::Table = text
            .parse()
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        merge(&mut tree, from_file);
    }
    for (name, value) in env {
        let Some(rest) = name.strip_prefix("REFUGE_") else {
            continue;
        };
        let Some((section, key)) = rest.split_once("__") else {
            continue;
        };
        let (section, key) = (section.to_lowercase(), key.to_lowercase());
        let parsed = format!("v = {value}")
            .parse::<toml::Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or(toml::Value::String(value.clone()));
        let Some(toml::Value::Table(section_table)) = tree.get_mut(&section) else {
            bail!("unknown configuration section `{section}` (from environment variable {name})");
        };
        section_table.insert(key, parsed);
    }
    let mut config: Config = tree
        .try_into()
        .map_err(|e: toml::de::Error| anyhow::anyhow!("configuration: {}", e.message()))?;
    if let Some(listen) = &overrides.listen {
        config.server.listen = listen.clone();
    }
    if let Some(dir) = &overrides.data_dir {
        config.server.data_dir = dir.clone();
    }
    if let Some(url) = &overrides.database_url {
        config.server.database_url = url.clone();
    }
    if !config.server.database_url_file.is_empty() {
        config.server.database_url = std::fs::read_to_string(&config.server.database_url_file)
            .with_context(|| {
                format!(
                    "server.database_url_file: reading {}",
                    config.server.database_url_file
                )
            })?
            .trim()
            .to_owned();
    }
    if !config.blobs.secret_access_key_file.is_empty() {
        config.blobs.secret_access_key =
            std::fs::read_to_string(&config.blobs.secret_access_key_file)
                .with_context(|| {
                    format!(
                        "blobs.secret_access_key_file: reading {}",
                        config.blobs.secret_access_key_file
                    )
                })?
                .trim()
                .to_owned();
    }
    validate(&config)?;
    Ok(config)
}

fn merge(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(overlay_table)) => {
                merge(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn validate(config: &Config) -> Result<()> {
    let vocabulary = refuge_domain::case::CaseVocabulary {
        substatuses: config.case.substatuses.clone(),
        labels: config.case.labels.clone(),
    };
    if let Err(problem) = vocabulary.check() {
        bail!("case: {problem}");
    }
    if config.statistics.k < refuge_domain::statistics::K_MIN {
        bail!(
            "statistics.k: at least {} (smaller counts identify people)",
            refuge_domain::statistics::K_MIN
        );
    }
    if let Some(bad) = config
        .backup
        .recipients
        .iter()
        .find(|r| !refuge_crypto::envelope::is_recipient(r))
    {
        bail!("backup.recipients: {bad:?} is not an age public key (age1...)");
    }
    validate_blobs(&config.blobs)?;
    if ![0, 1, 3, 6, 12].contains(&config.statistics.schedule_months) {
        bail!("statistics.schedule_months: 0 (researchers make releases), 1, 3, 6 or 12");
    }
    if let Some(epsilon) = config.statistics.epsilon
        && !(0.01..=10.0).contains(&epsilon)
    {
        bail!("statistics.epsilon: between 0.01 and 10 (or leave it out for no noise)");
    }
    // Zero would delete every report at the next daily run: surely a slip, never a rule.
    for (key, days) in [
        ("retention.closed_days", config.retention.closed_days),
        ("retention.any_days", config.retention.any_days),
    ]
    .into_iter()
    .chain(
        config
            .case
            .substatuses
            .iter()
            .map(|s| ("case.substatuses.retain_days", s.retain_days)),
    ) {
        if days == Some(0) {
            bail!("{key}: at least 1 day (leave it out to keep reports)");
        }
    }
    if config
        .server
        .listen
        .parse::<std::net::SocketAddr>()
        .is_err()
    {
        bail!(
            "server.listen: `{}` is not an address like 127.0.0.1:8080",
            config.server.listen
        );
    }
    for (key, memory, iterations) in [
        (
            "security.password_memory_kib",
            config.security.password_memory_kib,
            config.security.password_iterations,
        ),
        (
            "security.receipt_memory_kib",
            config.security.receipt_memory_kib,
            config.security.receipt_iterations,
        ),
    ] {
        refuge_crypto::KdfCost {
            memory_kib: memory,
            iterations,
            parallelism: 1,
        }
        .check()
        .map_err(|_| {
            anyhow::anyhow!(
                "{key}: invalid Argon2 cost (memory {memory} KiB, {iterations} iterations)"
            )
        })?;
    }
    if config.security.session_idle_minutes <= 0 || config.security.session_absolute_hours <= 0 {
        bail!("security.session_idle_minutes and security.session_absolute_hours must be positive");
    }
    if !(1..=3_600).contains(&config.web.request_timeout_seconds) {
        bail!("web.request_timeout_seconds: between 1 and 3600");
    }
    if !(1..=86_400).contains(&config.web.upload_timeout_seconds) {
        bail!("web.upload_timeout_seconds: between 1 and 86400");
    }
    if config.files.max_file_mib == 0
        || config.files.max_file_mib > 1_024
        || config.files.max_report_mib < config.files.max_file_mib
        || config.files.max_daily_mib < config.files.max_report_mib
    {
        bail!(
            "files.max_file_mib: between 1 and 1024, and files.max_report_mib and files.max_daily_mib at least as large"
        );
    }
    if !(1..=100).contains(&config.files.max_files_at_once) {
        bail!("files.max_files_at_once: between 1 and 100");
    }
    if config.files.max_files_per_report == 0 {
        bail!("files.max_files_per_report: at least 1");
    }
    if config.intake.reports_per_hour > 0 && config.intake.reports_burst == 0 {
        bail!("intake.reports_burst: at least 1 when intake.reports_per_hour is set");
    }
    if config.intake.api_proof_of_work_bits > 32 {
        bail!("intake.api_proof_of_work_bits: between 0 and 32");
    }
    if config.conversation.reporter_messages == 0
        || config.conversation.reporter_messages_per_day == 0
    {
        bail!("conversation.reporter_messages and reporter_messages_per_day: at least 1");
    }
    if !(1..=500).contains(&config.conversation.messages_per_page) {
        bail!("conversation.messages_per_page: between 1 and 500");
    }
    if config.web.max_concurrent_requests == 0 {
        bail!("web.max_concurrent_requests: at least 1");
    }
    if config.web.max_body_kib < 64 {
        bail!("web.max_body_kib: at least 64");
    }
    // A closed set: a filter such as `hyper=trace` could make a dependency log headers, and with
    // them what must never be logged (security review I6).
    if !["error", "warn", "info", "debug"].contains(&config.log.level.as_str()) {
        bail!(
            "log.level: `{}` is not one of error, warn, info, debug",
            config.log.level
        );
    }
    if !(10..=86_400).contains(&config.intake.receipt_window_seconds) {
        bail!("intake.receipt_window_seconds: between 10 and 86400");
    }
    let metrics = &config.server.metrics_listen;
    if !metrics.is_empty() && metrics.parse::<std::net::SocketAddr>().is_err() {
        bail!(
            "server.metrics_listen: `{metrics}` is not an address and port (e.g. 127.0.0.1:9464)"
        );
    }
    if !metrics.is_empty() && *metrics == config.server.listen {
        bail!("server.metrics_listen: must differ from server.listen (metrics are never public)");
    }
    let public = &config.server.public_url;
    if !(public.is_empty() || public.starts_with("http://") || public.starts_with("https://")) {
        bail!("server.public_url: `{public}` must start with https:// or http://");
    }
    for code in &config.intake.origin_states {
        if !refuge_domain::taxonomy::KNOWN_ORIGIN_STATES.contains(&code.as_str()) {
            bail!(
                "intake.origin_states: `{code}` is not one of {}",
                refuge_domain::taxonomy::KNOWN_ORIGIN_STATES.join(", ")
            );
        }
    }
    Ok(())
}

fn validate_blobs(blobs: &BlobsConfig) -> Result<()> {
    match blobs.store.as_str() {
        "database" => return Ok(()),
        "s3" => {}
        other => bail!("blobs.store: `{other}` is not \"database\" or \"s3\""),
    }
    if !(blobs.endpoint.starts_with("https://") || blobs.endpoint.starts_with("http://")) {
        bail!("blobs.endpoint: the bucket's server, like https://s3.eu-central-1.amazonaws.com");
    }
    if blobs.bucket.is_empty() || blobs.bucket.contains('/') {
        bail!("blobs.bucket: the bucket's name (without slashes)");
    }
    if !refuge_store::is_valid_prefix(&blobs.prefix) {
        bail!(
            "blobs.prefix: `{}` must be empty or segments of letters, digits, - _ . each ending in /, like refuge/",
            blobs.prefix
        );
    }
    if blobs.access_key_id.is_empty() || blobs.secret_access_key.is_empty() {
        bail!(
            "blobs.access_key_id and blobs.secret_access_key (or blobs.secret_access_key_file): the bucket's credentials"
        );
    }
    Ok(())
}

impl Config {
    pub fn is_postgres(&self) -> bool {
        let url = &self.server.database_url;
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    pub fn public_url(&self) -> String {
        if self.server.public_url.is_empty() {
            format!("http://{}", self.server.listen)
        } else {
            self.server.public_url.trim_end_matches('/').to_owned()
        }
    }

    pub fn app_settings(&self) -> refuge_app::Settings {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        refuge_app::Settings {
            password_cost: refuge_crypto::KdfCost {
                memory_kib: self.security.password_memory_kib,
                iterations: self.security.password_iterations,
                parallelism: 1,
            },
            receipt_cost: refuge_crypto::KdfCost {
                memory_kib: self.security.receipt_memory_kib,
                iterations: self.security.receipt_iterations,
                parallelism: 1,
            },
            kdf_concurrency: if self.security.kdf_concurrency == 0 {
                cores
            } else {
                self.security.kdf_concurrency
            },
            session_idle_seconds: self.security.session_idle_minutes * 60,
            session_absolute_seconds: self.security.session_absolute_hours * 3_600,
            require_second_factor: self.staff.require_totp,
            referral_names_to_reporters: self.referral.show_partner_names,
            statistics: refuge_app::settings::StatisticsRules {
                k: self.statistics.k,
                epsilon_thousandths: self
                    .statistics
                    .epsilon
                    .map(|e| (e * 1000.0).round().max(1.0) as u64),
                schedule_months: (self.statistics.schedule_months > 0)
                    .then_some(self.statistics.schedule_months),
            },
            retention: refuge_app::settings::Retention {
                closed_days: self.retention.closed_days,
                any_days: self.retention.any_days,
            },
            origin_states: self.intake.origin_states.clone(),
            // Another app server may be between writing a blob and committing its row.
            orphan_grace_seconds: if self.is_postgres() { 3_600 } else { 0 },
            files: refuge_app::settings::FileLimits {
                per_file_bytes: self.files.max_file_mib * 1024 * 1024,
                per_report_bytes: self.files.max_report_mib * 1024 * 1024,
                per_day_bytes: self.files.max_daily_mib * 1024 * 1024,
                per_batch_files: self.files.max_files_at_once,
            },
            receipt_window_seconds: self.intake.receipt_window_seconds,
            intake: refuge_app::budget::IntakeLimits {
                reports_per_hour: self.intake.reports_per_hour,
                burst: self.intake.reports_burst,
                attempts_per_form: self.intake.attempts_per_form,
                api_proof_of_work_bits: self.intake.api_proof_of_work_bits,
            },
            case: refuge_domain::case::CaseVocabulary {
                substatuses: self.case.substatuses.clone(),
                labels: self.case.labels.clone(),
            },
            conversation: refuge_app::ConversationLimits {
                reporter_messages: self.conversation.reporter_messages,
                reporter_messages_per_day: self.conversation.reporter_messages_per_day,
                files_per_report: self.files.max_files_per_report,
                messages_per_page: self.conversation.messages_per_page,
            },
        }
    }

    pub fn web_config(&self) -> refuge_web::WebConfig {
        refuge_web::WebConfig {
            secure_cookies: self.web.secure_cookies,
            quick_exit_url: self.web.quick_exit_url.clone(),
            max_body_bytes: self.web.max_body_kib * 1024,
            request_timeout: std::time::Duration::from_secs(self.web.request_timeout_seconds),
            upload_timeout: std::time::Duration::from_secs(self.web.upload_timeout_seconds),
            max_concurrent_requests: self.web.max_concurrent_requests,
            public_url: (!self.server.public_url.is_empty())
                .then(|| self.server.public_url.trim_end_matches('/').to_owned()),
            registry_licence: self.registry.licence.clone(),
        }
    }

    /// Why sign-in cannot work as configured, if it plainly cannot: secure cookies, a listen
    /// address other than loopback, and nothing saying the public reaches it over HTTPS or as
    /// an onion service. Browsers then drop the session cookie and every sign-in loops.
    pub fn plain_http_warning(&self) -> Option<String> {
        if !self.web.secure_cookies {
            return None;
        }
        let loopback = self
            .server
            .listen
            .parse::<std::net::SocketAddr>()
            .is_ok_and(|address| address.ip().is_loopback());
        let public = &self.server.public_url;
        let served_securely = public.starts_with("https://")
            || public
                .strip_prefix("http://")
                .and_then(|rest| rest.split(['/', ':']).next())
                .is_some_and(|host| host.ends_with(".onion") || host == "localhost");
        if loopback || served_securely {
            return None;
        }
        Some(format!(
            "web.secure_cookies is on, but {} is not a loopback address and server.public_url does \
             not say the public reaches it over HTTPS or as an onion service. Browsers keep secure \
             cookies only over HTTPS (or on localhost and .onion): over plain HTTP nobody can sign \
             in. Put Refuge behind an HTTPS proxy or an onion service and set server.public_url, \
             or set web.secure_cookies = false for a trusted local network.",
            self.server.listen
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn retention_periods_are_whole_days_or_absent() {
        let mut config = Config::default();
        config.retention.any_days = Some(0);
        let error = validate(&config).expect_err("zero days");
        assert!(error.to_string().contains("retention.any_days"), "{error}");
        config.retention.any_days = Some(1_825);
        config.retention.closed_days = Some(365);
        validate(&config).expect("set");
        let parsed: Config = toml::from_str(DEFAULT_FILE).expect("default file");
        assert_eq!(
            parsed.retention,
            RetentionConfig::default(),
            "off by default"
        );
    }

    #[test]
    fn a_bucket_needs_its_endpoint_name_and_credentials_and_the_secret_can_be_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = dir.path().join("s3-secret");
        std::fs::write(&secret, "wJalrXUtnFEMI-example\n").expect("secret");
        let env = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
                .into_iter()
        };
        let secret_file = secret.display().to_string();
        let complete = [
            ("REFUGE_BLOBS__STORE", "s3"),
            (
                "REFUGE_BLOBS__ENDPOINT",
                "https://s3.eu-central-1.amazonaws.com",
            ),
            ("REFUGE_BLOBS__BUCKET", "ngo-evidence"),
            ("REFUGE_BLOBS__ACCESS_KEY_ID", "AKIAEXAMPLE"),
            ("REFUGE_BLOBS__SECRET_ACCESS_KEY_FILE", secret_file.as_str()),
        ];
        let config = load_from(None, env(&complete), &Overrides::default()).expect("complete");
        let bucket = config.blobs.bucket().expect("a bucket");
        assert_eq!(bucket.secret_access_key, "wJalrXUtnFEMI-example");
        assert_eq!(bucket.prefix, "refuge/");
        assert!(
            !format!("{config:?}").contains("wJalrXUtnFEMI"),
            "the secret is never printed"
        );
        assert!(Config::default().blobs.bucket().is_none(), "off by default");
        for (key, value, named) in [
            ("REFUGE_BLOBS__STORE", "nfs", "blobs.store"),
            (
                "REFUGE_BLOBS__ENDPOINT",
                "s3.amazonaws.com",
                "blobs.endpoint",
            ),
            ("REFUGE_BLOBS__BUCKET", "", "blobs.bucket"),
            ("REFUGE_BLOBS__PREFIX", "../", "blobs.prefix"),
            ("REFUGE_BLOBS__ACCESS_KEY_ID", "", "blobs.access_key_id"),
        ] {
            let mut pairs = complete.to_vec();
            pairs.retain(|(k, _)| *k != key);
            pairs.push((key, value));
            let error = load_from(None, env(&pairs), &Overrides::default())
                .expect_err("refused")
                .to_string();
            assert!(error.contains(named), "{key}={value}: {error}");
        }
    }

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let parsed: Config = toml::from_str(DEFAULT_FILE).expect("default file");
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("refuge.toml");
        std::fs::write(
            &file,
            "[server]\nlisten = \"127.0.0.1:9000\"\n[security]\nkdf_concurrency = 3\n",
        )
        .expect("write");
        let config = load_from(
            Some(&file),
            env(&[
                ("REFUGE_SECURITY__KDF_CONCURRENCY", "5"),
                ("REFUGE_TEST_POSTGRES_URL", "ignored"),
            ]),
            &Overrides {
                data_dir: Some("/tmp/x".into()),
                ..Overrides::default()
            },
        )
        .expect("load");
        assert_eq!(config.server.listen, "127.0.0.1:9000");
        assert_eq!(config.security.kdf_concurrency, 5);
        assert_eq!(config.server.data_dir, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn plain_http_on_another_address_is_called_out() {
        let mut config = Config::default();
        assert_eq!(config.plain_http_warning(), None, "loopback");
        config.server.listen = "0.0.0.0:8080".into();
        let warning = config.plain_http_warning().expect("warned");
        assert!(warning.contains("web.secure_cookies"), "{warning}");
        config.server.public_url = "https://refuge.example.org".into();
        assert_eq!(config.plain_http_warning(), None, "behind HTTPS");
        config.server.public_url = "http://abcdefghijklmnop.onion".into();
        assert_eq!(config.plain_http_warning(), None, "onion service");
        config.server.public_url = "http://203.0.113.5:8080".into();
        assert!(config.plain_http_warning().is_some());
        config.web.secure_cookies = false;
        assert_eq!(config.plain_http_warning(), None, "secure cookies off");
    }

    #[test]
    fn unknown_keys_are_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("refuge.toml");
        std::fs::write(&file, "[server]\nlisten_addr = \"x\"\n").expect("write");
        let error =
            load_from(Some(&file), env(&[]), &Overrides::default()).expect_err("unknown key");
        assert!(format!("{error:#}").contains("listen_addr"), "{error:#}");
        let error = load_from(
            None,
            env(&[("REFUGE_SERVR__LISTEN", "x")]),
            &Overrides::default(),
        )
        .expect_err("bad section");
        assert!(format!("{error:#}").contains("servr"));
        let error = load_from(
            None,
            env(&[("REFUGE_SERVER__LISTEN", "nonsense")]),
            &Overrides::default(),
        )
        .expect_err("bad value");
        assert!(format!("{error:#}").contains("server.listen"));
        for level in ["trace", "hyper=trace", "info,tower_http=trace"] {
            let error = load_from(
                None,
                env(&[("REFUGE_LOG__LEVEL", level)]),
                &Overrides::default(),
            )
            .expect_err("open-ended log level");
            assert!(format!("{error:#}").contains("log.level"), "{level}");
        }
    }
}

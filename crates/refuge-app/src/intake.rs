//! Anonymous intake: validate, seal to the staff keys, write durably, commit, and only then
//! hand back a receipt. Nothing about the reporter (address, browser, time of day) is taken.

use refuge_crypto::{Receipt, StaffIdentity, random, seal};
use refuge_domain::calendar::{Day, YearMonth};
use refuge_domain::case::CaseState;
use refuge_domain::ports::{
    IdempotencyRecord, InsertOutcome, MessageAuthor, NewFile, NewReport, ReportMeta, ReporterAccess,
};
use refuge_domain::report::{
    FieldError, IntakeRules, Report, ReportDraft, ReportStatus, check_message,
};
use refuge_domain::{MessageId, ReportId, StaffId};
use zeroize::Zeroizing;

use crate::evidence::{BatchKeys, UploadBatch};
use crate::forms::{FormPurpose, FormToken};
use crate::sealed::{CaseKey, FileDescription, ReportKeys, SEALED_REPORT_FORMAT, SealedReport};
use crate::{AppError, Refuge};

/// Days a submission's replay record lives: a form sent again meanwhile (by a retry, a reload,
/// Back and send) is recognised and never stored twice. Longer than a form token stays fresh.
const IDEMPOTENCY_DAYS: i64 = 2;
/// How long an API client's own idempotency key may be, in characters (the OpenAPI document
/// says the same, from these).
pub const CLIENT_KEY_MIN_CHARS: usize = 16;
pub const CLIENT_KEY_MAX_CHARS: usize = 200;
/// Bounds on any idempotency key, in bytes: a form token, or a client key within the bounds
/// above (a character is at most four bytes).
const IDEMPOTENCY_KEY_MIN_BYTES: usize = CLIENT_KEY_MIN_CHARS;
const IDEMPOTENCY_KEY_MAX_BYTES: usize = 4 * CLIENT_KEY_MAX_CHARS;

/// A report being sent (code review step 6: its lifecycle is the app's, not the web layer's).
/// Its keys are chosen before its files arrive, so they are sealed while they stream in
/// ([`Submission::files`]); then it is submitted ([`Submission::submit`]), which stores it with
/// its files or removes them, or abandoned ([`Submission::abandon`]), which removes them.
pub struct Submission {
    conversation: StaffIdentity,
    files_identity: StaffIdentity,
    files: UploadBatch,
}

impl Submission {
    /// Where the report's files stream in, each sealed as it arrives.
    pub fn files(&mut self) -> &mut UploadBatch {
        &mut self.files
    }

    /// The files received so far.
    pub fn received_files(&self) -> impl Iterator<Item = &FileDescription> {
        self.files.received()
    }

    /// Submits the report with its files: see [`Submitted`] for the answers. On any refusal
    /// (invalid, a key reused, the intake budget spent) its files are removed.
    pub async fn submit(
        self,
        draft: &ReportDraft,
        idempotency_key: IdempotencyKey<'_>,
    ) -> Result<Submitted, AppError> {
        let app = self.files.app.clone();
        let descriptions: Vec<FileDescription> = self.files.received().cloned().collect();
        match app.admit(draft, idempotency_key, &descriptions).await {
            Ok(Admission::New {
                report,
                keys,
                content,
            }) => app.store_report(*report, self, &keys, content).await,
            Ok(Admission::SentBefore(answer)) => {
                // The first submission (with its files) is what counts.
                self.abandon().await;
                Ok(answer)
            }
            Err(refused) => {
                self.abandon().await;
                Err(refused)
            }
        }
    }

    /// Throws the report away, with every file it received.
    pub async fn abandon(self) {
        self.files.abandon().await;
    }
}

/// What a new report is sealed with and carries, once its files have arrived.
struct SealedParts {
    conversation: StaffIdentity,
    files_identity: StaffIdentity,
    new_files: Vec<NewFile>,
    descriptions: Vec<FileDescription>,
}

/// What a submission is, once checked: a new report to store, or one sent before.
enum Admission {
    New {
        report: Box<Report>,
        keys: ReplayKeys,
        content: [u8; 32],
    },
    SentBefore(Submitted),
}

/// What makes sending the same report twice store it once. A secret (it can show the receipt
/// again): its `Debug` says only which kind it is.
#[derive(Clone, Copy)]
pub enum IdempotencyKey<'a> {
    /// The report form's token: new reports only while it is fresh.
    Form(&'a FormToken),
    /// An API client's own key.
    Client(&'a [u8]),
}

impl std::fmt::Debug for IdempotencyKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IdempotencyKey::Form(_) => "IdempotencyKey::Form(redacted)",
            IdempotencyKey::Client(_) => "IdempotencyKey::Client(redacted)",
        })
    }
}

/// An API client's idempotency key, checked ([`Refuge::api_idempotency_key`]): one of ours, or
/// a client's own secret.
pub enum ApiKey {
    Server(FormToken),
    Client(String),
}

impl ApiKey {
    pub fn as_key(&self) -> IdempotencyKey<'_> {
        match self {
            ApiKey::Server(token) => IdempotencyKey::Form(token),
            ApiKey::Client(key) => IdempotencyKey::Client(key.as_bytes()),
        }
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(redacted)")
    }
}

impl IdempotencyKey<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            IdempotencyKey::Form(token) => token.as_bytes(),
            IdempotencyKey::Client(key) => key,
        }
    }
}

/// What became of a submission.
#[derive(Debug)]
pub enum Submitted {
    /// Stored now: show the receipt.
    Stored { receipt: Receipt },
    /// The same report was sent again while its receipt may still be shown (a retry after a
    /// dropped connection, a reload): the same receipt, nothing stored twice.
    ShownAgain { receipt: Receipt },
    /// The same report sent again after that window: it was received, and its receipt is not
    /// shown again, to anyone.
    AlreadyReceived,
    /// The same form (or API key) came back with different content. Nothing new was stored;
    /// the caller must say so and offer to send the changes as a message. `receipt` is set while
    /// the receipt may still be shown.
    Changed { receipt: Option<Receipt> },
}

impl Submitted {
    /// The receipt to show, if this answer may show one.
    pub fn receipt(&self) -> Option<&Receipt> {
        match self {
            Submitted::Stored { receipt } | Submitted::ShownAgain { receipt } => Some(receipt),
            Submitted::Changed { receipt } => receipt.as_ref(),
            Submitted::AlreadyReceived => None,
        }
    }
}

/// A receipt while it may still be shown, with the files received.
pub struct ShownReceipt {
    pub receipt: Receipt,
    pub files: Vec<FileDescription>,
    /// The report it opens (absent only if the report is gone).
    pub report: Option<ReportId>,
}

/// The record a submission leaves for its retries, sealed under a key derived from its form
/// token (or API key): which content was sent, until when its receipt may be shown again, and
/// the receipt itself until then.
///
/// SECURITY: the moment of submission is inside the seal (the row keeps only a day), and the
/// receipt is dropped from it as soon as someone asks after the window, or when the reporter
/// closes the window themselves.
struct ReplayRecord {
    /// Unix seconds; 0 once the window is closed.
    show_until: i64,
    /// HMAC of the canonical report and its files' SHA-256, under the replay key.
    content: [u8; 32],
    receipt: Option<Receipt>,
}

const REPLAY_FORMAT: u8 = 2;
const REPLAY_CONTEXT: &[u8] = b"refuge submission replay record v2";
/// How receipts were sealed for retries before the window existed (v1 records: the receipt only).
const RECEIPT_CONTEXT_V1: &[u8] = b"refuge receipt sealed for idempotent retry v1";

impl ReplayRecord {
    fn seal(&self, key: &[u8; 32]) -> Vec<u8> {
        let mut plain = Zeroizing::new(Vec::with_capacity(1 + 8 + 32 + 28));
        plain.push(REPLAY_FORMAT);
        plain.extend_from_slice(&self.show_until.to_be_bytes());
        plain.extend_from_slice(&self.content);
        if let Some(receipt) = &self.receipt {
            plain.extend_from_slice(receipt.digits().as_bytes());
        }
        seal::seal(key, &plain, REPLAY_CONTEXT)
    }

    fn open(key: &[u8; 32], sealed: &[u8]) -> Result<ReplayRecord, AppError> {
        let unreadable = || AppError::Unavailable("stored replay record unreadable".into());
        let Ok(plain) = seal::open(key, sealed, REPLAY_CONTEXT) else {
            // A v1 record: the report was received, but which content is unknown, and its
            // receipt is not shown again.
            return match seal::open(key, sealed, RECEIPT_CONTEXT_V1) {
                Ok(_) => Ok(ReplayRecord {
                    show_until: 0,
                    content: [0; 32],
                    receipt: None,
                }),
                Err(_) => Err(unreadable()),
            };
        };
        if plain.len() < 41 || plain[0] != REPLAY_FORMAT {
            return Err(unreadable());
        }
        let mut until = [0u8; 8];
        until.copy_from_slice(&plain[1..9]);
        let mut content = [0u8; 32];
        content.copy_from_slice(&plain[9..41]);
        let receipt = match &plain[41..] {
            [] => None,
            digits => Some(
                std::str::from_utf8(digits)
                    .ok()
                    .and_then(|text| Receipt::parse(text).ok())
                    .ok_or_else(unreadable)?,
            ),
        };
        Ok(ReplayRecord {
            show_until: i64::from_be_bytes(until),
            content,
            receipt,
        })
    }

    /// Whether its receipt may be shown at `now`.
    fn shows_receipt(&self, now: i64) -> bool {
        self.receipt.is_some() && now <= self.show_until
    }
}

/// Where a submission's replay record is found, and the key that opens it, from its form token
/// or API key.
struct ReplayKeys {
    lookup: Vec<u8>,
    key: [u8; 32],
}

impl ReplayKeys {
    fn of(idempotency_key: &[u8]) -> Self {
        ReplayKeys {
            lookup: random::sha256(&[b"refuge idempotency lookup v1", idempotency_key]).to_vec(),
            key: random::sha256(&[b"refuge idempotency key v1", idempotency_key]),
        }
    }

    /// What identifies the content sent: the canonical report and its files.
    fn content(&self, report: &Report, files: &[FileDescription]) -> Result<[u8; 32], AppError> {
        let mut input = Zeroizing::new(
            serde_json::to_vec(report)
                .map_err(|e| AppError::Unavailable(format!("serialising report: {e}")))?,
        );
        let mut hashes: Vec<&str> = files.iter().map(|f| f.sha256.as_str()).collect();
        hashes.sort_unstable();
        for hash in hashes {
            input.push(b'\n');
            input.extend_from_slice(hash.as_bytes());
        }
        Ok(random::mac(&self.key, &input))
    }
}

impl Refuge {
    /// Checks an API client's proof of work for a report sent under `idempotency_key`
    /// (security review M6); nothing is asked when the operator set no difficulty.
    pub fn check_proof_of_work(
        &self,
        idempotency_key: &[u8],
        nonce: Option<&str>,
    ) -> Result<(), AppError> {
        self.intake_budget
            .check_proof_of_work(idempotency_key, nonce)
    }

    /// Leading zero bits an API report's proof of work needs (0: none).
    pub fn proof_of_work_bits(&self) -> u8 {
        self.intake_budget.limits().api_proof_of_work_bits
    }

    /// Checks what an API client sent to make its report idempotent (security review M1, M6).
    /// Without a key, a fresh one of ours is used, unless a proof of work is asked (it is made
    /// over the key). With one: the proof of work first, then the key itself, which finds the
    /// report's replay record and so must be a secret — one of ours (`POST
    /// /api/v1/reports/token`), or a client's own of 16 to 200 characters carrying at least 128
    /// bits ([`crate::forms::estimated_bits`]); anything else is `FormExpired`.
    pub fn api_idempotency_key(
        &self,
        key: Option<String>,
        proof_of_work: Option<&str>,
    ) -> Result<ApiKey, AppError> {
        let Some(key) = key else {
            if self.proof_of_work_bits() > 0 {
                return Err(AppError::ProofOfWorkRequired {
                    bits: self.proof_of_work_bits(),
                });
            }
            // No retry safety for the client, but the submission still works.
            let token = self.issue_form_token();
            return self
                .read_form_token(&token)
                .map(ApiKey::Server)
                .ok_or_else(|| AppError::Unavailable("a fresh form token did not read".into()));
        };
        self.check_proof_of_work(key.as_bytes(), proof_of_work)?;
        if let Some(token) = self.read_form_token(&key) {
            return Ok(ApiKey::Server(token));
        }
        let chars = key.chars().count();
        if !(CLIENT_KEY_MIN_CHARS..=CLIENT_KEY_MAX_CHARS).contains(&chars)
            || crate::forms::estimated_bits(&key) < crate::forms::CLIENT_KEY_MIN_BITS
        {
            return Err(AppError::FormExpired);
        }
        Ok(ApiKey::Client(key))
    }

    pub fn intake_rules(&self) -> IntakeRules {
        IntakeRules {
            origin_states: self.settings.origin_states.clone(),
            today: Day::from_unix_seconds(self.now()),
        }
    }

    /// Whether anyone could read a report submitted now.
    pub async fn accepting_reports(&self) -> Result<bool, AppError> {
        Ok(!self.store.intake_recipients().await?.is_empty())
    }

    /// How long after sending a report its receipt may be shown again (a retry, a reload).
    pub fn receipt_window_seconds(&self) -> i64 {
        self.settings.receipt_window_seconds
    }

    async fn replay_record(
        &self,
        keys: &ReplayKeys,
    ) -> Result<Option<(ReportId, ReplayRecord)>, AppError> {
        let today = Day::from_unix_seconds(self.now());
        match self.store.idempotency_record(&keys.lookup, today).await? {
            Some((report, sealed)) => Ok(Some((report, ReplayRecord::open(&keys.key, &sealed)?))),
            None => Ok(None),
        }
    }

    /// Drops the receipt from a replay record, so it is kept no longer than it may be shown.
    /// Best effort: the record expires within days anyway.
    async fn forget_receipt(&self, keys: &ReplayKeys, mut record: ReplayRecord) {
        record.receipt = None;
        record.show_until = 0;
        if let Err(error) = self
            .store
            .reseal_idempotency(&keys.lookup, &record.seal(&keys.key))
            .await
        {
            tracing::warn!(%error, "could not drop a receipt from its replay record");
        }
    }

    /// What a submission sent again gets: see [`Submitted`].
    async fn replayed(
        &self,
        keys: &ReplayKeys,
        record: ReplayRecord,
        content: &[u8; 32],
    ) -> Submitted {
        let same = random::constant_time_eq(&record.content, content);
        if record.shows_receipt(self.now()) {
            let receipt = record.receipt;
            return match (same, receipt) {
                (true, Some(receipt)) => Submitted::ShownAgain { receipt },
                (_, receipt) => Submitted::Changed { receipt },
            };
        }
        if record.receipt.is_some() {
            self.forget_receipt(keys, record).await;
        }
        if same {
            Submitted::AlreadyReceived
        } else {
            Submitted::Changed { receipt: None }
        }
    }

    /// The receipt of the report sent with `token`, while it may still be shown (the page after
    /// sending, a reload of it), with the files received.
    pub async fn shown_receipt(&self, token: &FormToken) -> Result<Option<ShownReceipt>, AppError> {
        let keys = ReplayKeys::of(token.as_bytes());
        let Some((_, record)) = self.replay_record(&keys).await? else {
            return Ok(None);
        };
        if !record.shows_receipt(self.now()) {
            if record.receipt.is_some() {
                self.forget_receipt(&keys, record).await;
            }
            return Ok(None);
        }
        let Some(receipt) = record.receipt else {
            return Ok(None);
        };
        let (files, report) = match self.open_with_receipt(receipt.clone()).await? {
            Some((report, secret)) => {
                let conversation = StaffIdentity::from_secret_bytes(&secret)
                    .map_err(|_| AppError::Unavailable("conversation key unreadable".into()))?;
                (
                    self.file_descriptions(&conversation, report).await?,
                    Some(report),
                )
            }
            None => (Vec::new(), None),
        };
        Ok(Some(ShownReceipt {
            receipt,
            files,
            report,
        }))
    }

    /// The reporter has written the receipt down: from now on it is not shown again, to anyone.
    pub async fn close_receipt_window(&self, token: &FormToken) -> Result<(), AppError> {
        let keys = ReplayKeys::of(token.as_bytes());
        if let Some((_, record)) = self.replay_record(&keys).await?
            && record.receipt.is_some()
        {
            self.forget_receipt(&keys, record).await;
        }
        Ok(())
    }

    /// Adds text to the report sent with `token`, as a message from the reporter: changes made
    /// after sending are never merged into the report, nor dropped silently. `once` is the token
    /// of the page that offered it, so sending that page twice adds the text once.
    pub async fn add_to_sent_report(
        &self,
        token: &FormToken,
        once: &FormToken,
        body: &str,
    ) -> Result<(), AppError> {
        let body = check_message(body).map_err(|problem| {
            AppError::Invalid(vec![FieldError {
                field: "body".into(),
                problem,
            }])
        })?;
        let keys = ReplayKeys::of(token.as_bytes());
        let (report, _) = self.replay_record(&keys).await?.ok_or(AppError::NotFound)?;
        let stored = self.stored_report(report).await?;
        let id =
            MessageId::from_bytes(self.form_id(FormPurpose::Addition, report.as_bytes(), once, 0));
        self.add_message_once(&stored, MessageAuthor::Reporter, body, id)
            .await
            .map(|_| ())
    }

    /// One Argon2id computation, off the async threads and within the memory budget.
    pub(crate) async fn receipt_keys(
        &self,
        receipt: Receipt,
    ) -> Result<refuge_crypto::ReceiptKeys, AppError> {
        let (salt, cost) = (
            self.secrets.receipt_salt.clone(),
            self.settings.receipt_cost,
        );
        self.work
            .kdf(crate::work::Lane::Receipt, move |memory| {
                receipt.derive_keys(memory, &salt, cost)
            })
            .await?
            .map_err(|e| AppError::Unavailable(format!("receipt hash: {e}")))
    }

    /// Starts a report: `NoRecipients` when nobody could read it (before anything is read).
    pub async fn begin_submission(&self) -> Result<Submission, AppError> {
        if !self.accepting_reports().await? {
            return Err(AppError::NoRecipients);
        }
        let conversation = StaffIdentity::generate();
        let files_identity = StaffIdentity::generate();
        let recovery = self.recovery_recipients().await?;
        // Files arrive before the text that decides where the report is routed, so they are
        // sealed to the report's own keys (and the recovery key), which the sealed report
        // carries to whoever it is sealed to.
        let keys = BatchKeys {
            // File contents: the report's files key (never the reporter's).
            content: std::iter::once(files_identity.public_key())
                .chain(recovery.iter().cloned())
                .collect(),
            // File descriptions, like messages: the conversation key.
            descriptions: std::iter::once(conversation.public_key())
                .chain(recovery.iter().cloned())
                .collect(),
        };
        let files = UploadBatch::new(
            self,
            keys,
            self.settings.files.per_report_bytes,
            self.settings.conversation.files_per_report,
            None,
        );
        Ok(Submission {
            conversation,
            files_identity,
            files,
        })
    }

    /// Submits a report without files. Fails with `NoRecipients` before looking at the draft
    /// when nobody could read it. `idempotency_key` is the form token or the API client's key:
    /// the same key never stores a second report (see [`Submitted`] for what it answers
    /// instead).
    pub async fn submit_report(
        &self,
        draft: &ReportDraft,
        idempotency_key: IdempotencyKey<'_>,
    ) -> Result<Submitted, AppError> {
        // Recipients first: an `Invalid` answer then also means the service accepts reports, so
        // callers need not ask separately (one query per submission, not two).
        self.begin_submission()
            .await?
            .submit(draft, idempotency_key)
            .await
    }

    /// Every check a submission passes before anything is stored, in order: its key, the
    /// form's own budget, the draft, whether it was sent before, the form's age, the hour's
    /// budget.
    async fn admit(
        &self,
        draft: &ReportDraft,
        idempotency_key: IdempotencyKey<'_>,
        files: &[FileDescription],
    ) -> Result<Admission, AppError> {
        let key_bytes = idempotency_key.bytes();
        if !(IDEMPOTENCY_KEY_MIN_BYTES..=IDEMPOTENCY_KEY_MAX_BYTES).contains(&key_bytes.len()) {
            return Err(AppError::FormExpired);
        }
        // One form sent over and over (security review M6) waits, whatever it carries.
        self.intake_budget.attempt(key_bytes, self.now())?;
        // Invalid input is refused even when its key was used before: a retry of a valid
        // submission is still valid, and anything else must not be answered with a receipt.
        let report = draft
            .validate(&self.intake_rules())
            .map_err(AppError::Invalid)?;
        let keys = ReplayKeys::of(key_bytes);
        let content = keys.content(&report, files)?;
        if let Some((_, record)) = self.replay_record(&keys).await? {
            return Ok(Admission::SentBefore(
                self.replayed(&keys, record, &content).await,
            ));
        }
        if let IdempotencyKey::Form(token) = idempotency_key
            && !token.is_fresh(self.now())
        {
            // A form open for more than a day, never sent before: shown again to be checked.
            return Err(AppError::FormExpired);
        }
        // A new report: it takes its place in the hourly budget, or waits (its words are kept
        // by the caller; retries and replays above cost nothing).
        self.intake_budget.take_report(self.now())?;
        Ok(Admission::New {
            report: Box::new(report),
            keys,
            content,
        })
    }

    /// Seals and stores a new report with its files; on any failure, nothing of it stays.
    async fn store_report(
        &self,
        report: Report,
        submission: Submission,
        keys: &ReplayKeys,
        content: [u8; 32],
    ) -> Result<Submitted, AppError> {
        let Submission {
            conversation,
            files_identity,
            files,
        } = submission;
        let (new_files, descriptions): (Vec<NewFile>, Vec<FileDescription>) =
            files.into_received().into_iter().unzip();
        let sealed = SealedParts {
            conversation,
            files_identity,
            new_files,
            descriptions,
        };
        let stored = self.seal_and_insert(report, &sealed, keys, content).await;
        if stored.is_err() {
            for file in &sealed.new_files {
                self.remove_file_blobs(file).await;
            }
        }
        stored
    }

    async fn seal_and_insert(
        &self,
        report: Report,
        parts: &SealedParts,
        keys: &ReplayKeys,
        content: [u8; 32],
    ) -> Result<Submitted, AppError> {
        let now = self.now();
        let received = Day::from_unix_seconds(now);
        let id = ReportId::from_bytes(random::bytes::<16>());
        let receipt = Receipt::generate();
        let meta = clear_fields(id, received, &report);
        let identifier_set = self.intake_identifier_set(id, &report).await?;
        let sealed_consent = crate::referral::ConsentRecord::at_intake(report.consent, received)
            .seal(&parts.conversation, id)?;
        let conversation_secret = parts.conversation.to_secret_bytes();
        // The search document, sealed under the case key it will be kept with (so search works
        // on a new report without anyone opening it first).
        let case_key = CaseKey::generate();
        let search_chunks = crate::search::seal_document(
            &case_key,
            id,
            &crate::search::document(&report, &parts.descriptions, &[], &[]),
        );
        let document = Zeroizing::new(
            serde_json::to_vec(&SealedReport {
                format: SEALED_REPORT_FORMAT.into(),
                report_id: id.to_string(),
                received: received.to_string(),
                report,
                keys: Some(ReportKeys {
                    conversation: String::from_utf8_lossy(&conversation_secret).into_owned(),
                    files: String::from_utf8_lossy(&parts.files_identity.to_secret_bytes())
                        .into_owned(),
                    case: Some(case_key.to_hex()),
                }),
                files: parts.descriptions.clone(),
            })
            .map_err(|e| AppError::Unavailable(format!("serialising report: {e}")))?,
        );

        let receipt_keys = self.receipt_keys(receipt.clone()).await?;
        let access = ReporterAccess {
            conversation_key: parts.conversation.public_key(),
            files_key: parts.files_identity.public_key(),
            wrapped_conversation_identity: seal::seal(
                &receipt_keys.wrapping,
                &conversation_secret,
                crate::sealed::REPORTER_KEY_CONTEXT,
            ),
        };

        // Routing decides who it is sealed to, from its clear fields alone.
        let route = self.route(&meta).await?;
        let public_keys: Vec<String> = route
            .recipients
            .iter()
            .map(|s| s.public_key.clone())
            .chain(self.recovery_recipients().await?)
            .collect();
        let blob = self.seal_and_put(public_keys, document).await?;

        let replay = ReplayRecord {
            show_until: now + self.settings.receipt_window_seconds,
            content,
            receipt: Some(receipt.clone()),
        };
        let new_report = NewReport {
            meta,
            blob: blob.clone(),
            recipients: route
                .recipients
                .iter()
                .map(|s| s.id)
                .collect::<Vec<StaffId>>(),
            teams: route.teams,
            receipt_hash: receipt_keys.lookup.to_vec(),
            access,
            files: parts.new_files.clone(),
            idempotency: IdempotencyRecord {
                lookup: keys.lookup.clone(),
                sealed_replay: replay.seal(&keys.key),
                expires: Day(received.0 + IDEMPOTENCY_DAYS),
            },
            search_chunks,
            identifier_set,
            sealed_consent: Some(sealed_consent),
        };
        match self.store.insert_report(&new_report).await {
            Ok(InsertOutcome::Inserted) => Ok(Submitted::Stored { receipt }),
            Ok(InsertOutcome::DuplicateOf { sealed_replay }) => {
                // The same form sent twice at once: the other one was committed first.
                self.remove_blob(blob).await;
                for file in &parts.new_files {
                    self.remove_file_blobs(file).await;
                }
                let record = ReplayRecord::open(&keys.key, &sealed_replay)?;
                Ok(self.replayed(keys, record, &content).await)
            }
            Err(error) => {
                // Not committed, so not acknowledged: the blob must not outlive the attempt.
                self.remove_blob(blob).await;
                Err(error.into())
            }
        }
    }
}

/// The documented list of fields kept in clear (docs/security-model.md). Everything else —
/// narrative, identifiers, city, targets, other consents, contact — exists only sealed.
fn clear_fields(id: ReportId, received: Day, report: &Report) -> ReportMeta {
    ReportMeta {
        id,
        received,
        status: ReportStatus::Received,
        status_day: received,
        language: report.language,
        tactics: report.tactics.clone(),
        host_country: report.host_country.clone(),
        host_region: report.host_region.clone(),
        origin_state: report.origin_state.clone(),
        // Validated as a month already; a month is all the row may say.
        occurred_month: report.occurred.as_deref().and_then(YearMonth::parse),
        community: report.community,
        consent_statistics: report.consent.research_statistics,
        case: CaseState::new(received),
    }
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn secrets_are_never_printed() {
        let keys = ReportKeys {
            conversation: "AGE-SECRET-KEY-1CONVERSATION".into(),
            files: "AGE-SECRET-KEY-1FILES".into(),
            case: Some("00".repeat(32)),
        };
        assert!(!format!("{keys:?}").contains("SECRET"));
        let client = IdempotencyKey::Client(b"0123456789abcdef0123");
        assert!(!format!("{client:?}").contains("0123"));
    }
}

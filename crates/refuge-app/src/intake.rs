//! Anonymous intake: validate, seal to the staff keys, write durably, commit, and only then
//! hand back a receipt. Nothing about the reporter (address, browser, time of day) is taken.

use refuge_crypto::{Receipt, StaffIdentity, random, seal};
use refuge_domain::calendar::Day;
use refuge_domain::ports::{
    BlobError, IdempotencyRecord, InsertOutcome, NewFile, NewReport, ReportMeta, ReporterAccess,
    StaffRecord,
};
use refuge_domain::report::{IntakeRules, Report, ReportDraft, ReportStatus};
use refuge_domain::{ReportId, StaffId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::evidence::FileDescription;
use crate::{AppError, Refuge};

/// Days a retried submission can still find its receipt.
const IDEMPOTENCY_DAYS: i64 = 2;
/// Shortest idempotency key the API accepts: it also protects the sealed receipt.
pub const IDEMPOTENCY_KEY_MIN_BYTES: usize = 16;
pub const IDEMPOTENCY_KEY_MAX_BYTES: usize = 1024;

/// The sealed document: every submitted field, in a self-describing JSON that opens with the
/// standard `age` tool.
#[derive(Debug, Serialize, Deserialize)]
pub struct SealedReport {
    pub format: String,
    pub report_id: String,
    pub received: String,
    pub report: Report,
    /// The report's follow-up keys: whoever can read the report can read its conversation and
    /// files. Absent only in reports stored before follow-up existed.
    #[serde(default)]
    pub keys: Option<ReportKeys>,
    /// The files sent with the report: names, sizes and SHA-256 of what was received.
    #[serde(default)]
    pub files: Vec<FileDescription>,
}

/// `AGE-SECRET-KEY-1…` strings of a report's two identities.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReportKeys {
    pub conversation: String,
    pub files: String,
}

/// A report being put together: the keys its files are sealed to are chosen before the files
/// arrive, so uploads can be encrypted while they stream.
pub struct PendingReport {
    pub(crate) recipients: Vec<StaffRecord>,
    pub(crate) conversation: StaffIdentity,
    pub(crate) files_identity: StaffIdentity,
    pub(crate) files: Vec<(NewFile, FileDescription)>,
}

impl PendingReport {
    pub fn files(&self) -> impl Iterator<Item = &FileDescription> {
        self.files.iter().map(|(_, description)| description)
    }

    /// File contents are sealed to the staff and the report's files key.
    pub(crate) fn file_keys(&self) -> Vec<String> {
        self.staff_keys()
            .chain([self.files_identity.public_key()])
            .collect()
    }

    /// File descriptions are sealed like messages: staff and the conversation key.
    pub(crate) fn description_keys(&self) -> Vec<String> {
        self.staff_keys()
            .chain([self.conversation.public_key()])
            .collect()
    }

    fn staff_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.recipients.iter().map(|s| s.public_key.clone())
    }
}

pub const SEALED_REPORT_FORMAT: &str = "refuge.report.v1";

pub struct Accepted {
    pub receipt: Receipt,
    /// True when this was a retry of an already stored submission.
    pub repeated: bool,
}

impl Refuge {
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

    /// A token for one rendering of the report form: 16 random bytes and a MAC under the
    /// instance's form key. It doubles as the submission's idempotency key.
    pub fn issue_form_token(&self) -> String {
        let nonce = random::bytes::<16>();
        let tag = random::mac(&self.secrets.form_key, &nonce);
        let mut token = nonce.to_vec();
        token.extend_from_slice(&tag[..16]);
        hex::encode(token)
    }

    /// Checks that a form token was issued by this instance.
    pub fn form_token_is_valid(&self, token: &str) -> bool {
        let Ok(bytes) = hex::decode(token) else {
            return false;
        };
        if bytes.len() != 32 {
            return false;
        }
        let tag = random::mac(&self.secrets.form_key, &bytes[..16]);
        random::constant_time_eq(&tag[..16], &bytes[16..])
    }

    /// The receipt a submission with this idempotency key was given, while it is kept.
    pub(crate) async fn receipt_for_idempotency_key(
        &self,
        key: &[u8],
    ) -> Result<Option<Receipt>, AppError> {
        let lookup = random::sha256(&[b"refuge idempotency lookup v1", key]);
        let receipt_key = random::sha256(&[b"refuge idempotency key v1", key]);
        match self.store.idempotent_receipt(&lookup).await? {
            Some(sealed) => Ok(Some(open_receipt(&receipt_key, &sealed)?)),
            None => Ok(None),
        }
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
            .kdf(move |memory| receipt.derive_keys(memory, &salt, cost))
            .await?
            .map_err(|e| AppError::Unavailable(format!("receipt hash: {e}")))
    }

    /// Starts a report: `NoRecipients` when nobody could read it.
    pub async fn prepare_report(&self) -> Result<PendingReport, AppError> {
        let recipients = self.store.intake_recipients().await?;
        if recipients.is_empty() {
            return Err(AppError::NoRecipients);
        }
        Ok(PendingReport {
            recipients,
            conversation: StaffIdentity::generate(),
            files_identity: StaffIdentity::generate(),
            files: Vec::new(),
        })
    }

    /// Throws away a report that will not be submitted, and its already written files.
    pub async fn abandon_report(&self, pending: PendingReport) {
        for (file, _) in pending.files {
            self.remove_file_blobs(&file).await;
        }
    }

    /// Submits a report. Fails with `NoRecipients` before looking at the draft when nobody could
    /// read it. `idempotency_key` is the form token or the API client's key: the same
    /// key always yields the same receipt and a single stored report.
    pub async fn submit_report(
        &self,
        draft: &ReportDraft,
        idempotency_key: &[u8],
    ) -> Result<Accepted, AppError> {
        // Recipients first: an `Invalid` answer then also means the service accepts reports, so
        // callers need not ask separately (one query per submission, not two).
        let pending = self.prepare_report().await?;
        self.submit_pending(pending, draft, idempotency_key).await
    }

    /// Submits a prepared report and its files. On any refusal the files are removed again.
    pub async fn submit_pending(
        &self,
        pending: PendingReport,
        draft: &ReportDraft,
        idempotency_key: &[u8],
    ) -> Result<Accepted, AppError> {
        if !(IDEMPOTENCY_KEY_MIN_BYTES..=IDEMPOTENCY_KEY_MAX_BYTES).contains(&idempotency_key.len())
        {
            self.abandon_report(pending).await;
            return Err(AppError::FormExpired);
        }
        // Invalid input is refused even when its key was used before: a retry of a valid
        // submission is still valid, and anything else must not be answered with a receipt.
        let report = match draft.validate(&self.intake_rules()) {
            Ok(report) => report,
            Err(errors) => {
                self.abandon_report(pending).await;
                return Err(AppError::Invalid(errors));
            }
        };
        let lookup = random::sha256(&[b"refuge idempotency lookup v1", idempotency_key]).to_vec();
        let receipt_key = random::sha256(&[b"refuge idempotency key v1", idempotency_key]);
        let earlier = match self.store.idempotent_receipt(&lookup).await {
            Ok(earlier) => earlier,
            Err(error) => {
                self.abandon_report(pending).await;
                return Err(error.into());
            }
        };
        if let Some(sealed) = earlier {
            // A retry: the first submission (with its files) is what counts.
            self.abandon_report(pending).await;
            return Ok(Accepted {
                receipt: open_receipt(&receipt_key, &sealed)?,
                repeated: true,
            });
        }
        let PendingReport {
            recipients,
            conversation,
            files_identity,
            files,
        } = pending;
        let (new_files, descriptions): (Vec<NewFile>, Vec<FileDescription>) =
            files.into_iter().unzip();
        match self
            .store_report(
                report,
                recipients,
                &conversation,
                &files_identity,
                &new_files,
                descriptions,
                lookup,
                &receipt_key,
            )
            .await
        {
            Ok(accepted) => Ok(accepted),
            Err(error) => {
                for file in &new_files {
                    self.remove_file_blobs(file).await;
                }
                Err(error)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn store_report(
        &self,
        report: Report,
        recipients: Vec<StaffRecord>,
        conversation: &StaffIdentity,
        files_identity: &StaffIdentity,
        new_files: &[NewFile],
        descriptions: Vec<FileDescription>,
        lookup: Vec<u8>,
        receipt_key: &[u8; 32],
    ) -> Result<Accepted, AppError> {
        let received = Day::from_unix_seconds(self.now());
        let id = ReportId::from_bytes(random::bytes::<16>());
        let receipt = Receipt::generate();
        let meta = clear_fields(id, received, &report);
        let conversation_secret = conversation.to_secret_bytes();
        let document = Zeroizing::new(
            serde_json::to_vec(&SealedReport {
                format: SEALED_REPORT_FORMAT.into(),
                report_id: id.to_string(),
                received: received.to_string(),
                report,
                keys: Some(ReportKeys {
                    conversation: String::from_utf8_lossy(&conversation_secret).into_owned(),
                    files: String::from_utf8_lossy(&files_identity.to_secret_bytes()).into_owned(),
                }),
                files: descriptions,
            })
            .map_err(|e| AppError::Unavailable(format!("serialising report: {e}")))?,
        );

        let receipt_keys = self.receipt_keys(receipt.clone()).await?;
        let access = ReporterAccess {
            conversation_key: conversation.public_key(),
            files_key: files_identity.public_key(),
            wrapped_conversation_identity: seal::seal(
                &receipt_keys.wrapping,
                &conversation_secret,
                crate::followup::REPORTER_KEY_CONTEXT,
            ),
        };

        let public_keys: Vec<String> = recipients.iter().map(|s| s.public_key.clone()).collect();
        let blobs = self.blobs.clone();
        let written = self
            .work
            .blocking(move || -> Result<String, BlobError> {
                let sealed = refuge_crypto::encrypt_to_recipients(&public_keys, &document)
                    .map_err(|e| BlobError::WriteFailed(format!("sealing report: {e}")))?;
                drop(document);
                blobs.put(&sealed)
            })
            .await?;
        let blob = match written {
            Ok(name) => name,
            Err(BlobError::SyncFailed(detail)) => {
                self.work.request_fail_stop();
                return Err(AppError::Unavailable(format!("fsync failed: {detail}")));
            }
            Err(other) => return Err(other.into()),
        };

        let new_report = NewReport {
            meta,
            blob: blob.clone(),
            recipients: recipients.iter().map(|s| s.id).collect::<Vec<StaffId>>(),
            receipt_hash: receipt_keys.lookup.to_vec(),
            access,
            files: new_files.to_vec(),
            idempotency: IdempotencyRecord {
                lookup,
                sealed_receipt: seal::seal(
                    receipt_key,
                    receipt.digits().as_bytes(),
                    RECEIPT_CONTEXT,
                ),
                expires: Day(received.0 + IDEMPOTENCY_DAYS),
            },
        };
        match self.store.insert_report(&new_report).await {
            Ok(InsertOutcome::Inserted) => Ok(Accepted {
                receipt,
                repeated: false,
            }),
            Ok(InsertOutcome::DuplicateOf { sealed_receipt }) => {
                self.remove_blob(blob).await;
                for file in new_files {
                    self.remove_file_blobs(file).await;
                }
                Ok(Accepted {
                    receipt: open_receipt(receipt_key, &sealed_receipt)?,
                    repeated: true,
                })
            }
            Err(error) => {
                // Not committed, so not acknowledged: the blob must not outlive the attempt.
                self.remove_blob(blob).await;
                Err(error.into())
            }
        }
    }
}

const RECEIPT_CONTEXT: &[u8] = b"refuge receipt sealed for idempotent retry v1";

fn open_receipt(key: &[u8; 32], sealed: &[u8]) -> Result<Receipt, AppError> {
    let digits = seal::open(key, sealed, RECEIPT_CONTEXT)
        .map_err(|_| AppError::Unavailable("stored receipt could not be opened".into()))?;
    let text = std::str::from_utf8(&digits)
        .map_err(|_| AppError::Unavailable("stored receipt malformed".into()))?;
    Receipt::parse(text).map_err(|_| AppError::Unavailable("stored receipt malformed".into()))
}

/// The documented list of fields kept in clear (docs/security-model.md). Everything else —
/// narrative, identifiers, city, targets, other consents, contact — exists only sealed.
fn clear_fields(id: ReportId, received: Day, report: &Report) -> ReportMeta {
    ReportMeta {
        id,
        received,
        status: ReportStatus::Received.code().into(),
        status_day: received,
        language: report.language.clone(),
        tactics: report.tactics.iter().map(|t| t.code().to_owned()).collect(),
        host_country: report.host_country.clone(),
        host_region: report.host_region.clone(),
        origin_state: report.origin_state.clone(),
        occurred_month: report.occurred.clone(),
        community: report.community.map(|c| c.code().to_owned()),
        consent_statistics: report.consent.research_statistics,
    }
}

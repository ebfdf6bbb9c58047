//! Anonymous intake: validate, seal to the staff keys, write durably, commit, and only then
//! hand back a receipt. Nothing about the reporter (address, browser, time of day) is taken.

use refuge_crypto::{Receipt, random, seal};
use refuge_domain::calendar::Day;
use refuge_domain::ports::{BlobError, IdempotencyRecord, InsertOutcome, NewReport, ReportMeta};
use refuge_domain::report::{IntakeRules, Report, ReportDraft, ReportStatus};
use refuge_domain::{ReportId, StaffId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

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

    /// Finds the report a receipt belongs to: one Argon2id computation whether or not it exists,
    /// so the time taken says nothing. A mistyped receipt (check digit) is `Ok(None)` without one.
    pub async fn report_for_receipt(&self, typed: &str) -> Result<Option<ReportId>, AppError> {
        let Ok(receipt) = Receipt::parse(typed) else {
            return Ok(None);
        };
        let (salt, cost) = (
            self.secrets.receipt_salt.clone(),
            self.settings.receipt_cost,
        );
        let hash = self
            .work
            .kdf(move |memory| receipt.lookup_hash(memory, &salt, cost))
            .await?
            .map_err(|e| AppError::Unavailable(format!("receipt hash: {e}")))?;
        Ok(self.store.report_by_receipt_hash(&hash).await?)
    }

    /// Submits a report. Fails with `NoRecipients` before looking at the draft when nobody could
    /// read it. `idempotency_key` is the form token or the API client's key: the same
    /// key always yields the same receipt and a single stored report.
    pub async fn submit_report(
        &self,
        draft: &ReportDraft,
        idempotency_key: &[u8],
    ) -> Result<Accepted, AppError> {
        if !(IDEMPOTENCY_KEY_MIN_BYTES..=IDEMPOTENCY_KEY_MAX_BYTES).contains(&idempotency_key.len())
        {
            return Err(AppError::FormExpired);
        }
        let lookup = random::sha256(&[b"refuge idempotency lookup v1", idempotency_key]).to_vec();
        let receipt_key = random::sha256(&[b"refuge idempotency key v1", idempotency_key]);
        if let Some(sealed) = self.store.idempotent_receipt(&lookup).await? {
            return Ok(Accepted {
                receipt: open_receipt(&receipt_key, &sealed)?,
                repeated: true,
            });
        }

        // Recipients first: an `Invalid` answer then also means the service accepts reports, so
        // callers need not ask separately (one query per submission, not two).
        let recipients = self.store.intake_recipients().await?;
        if recipients.is_empty() {
            return Err(AppError::NoRecipients);
        }
        let report = draft
            .validate(&self.intake_rules())
            .map_err(AppError::Invalid)?;

        let received = Day::from_unix_seconds(self.now());
        let id = ReportId::from_bytes(random::bytes::<16>());
        let receipt = Receipt::generate();
        let meta = clear_fields(id, received, &report);
        let document = Zeroizing::new(
            serde_json::to_vec(&SealedReport {
                format: SEALED_REPORT_FORMAT.into(),
                report_id: id.to_string(),
                received: received.to_string(),
                report,
            })
            .map_err(|e| AppError::Unavailable(format!("serialising report: {e}")))?,
        );

        let receipt_hash = {
            let (receipt, salt, cost) = (
                receipt.clone(),
                self.secrets.receipt_salt.clone(),
                self.settings.receipt_cost,
            );
            self.work
                .kdf(move |memory| receipt.lookup_hash(memory, &salt, cost))
                .await?
        }
        .map_err(|e| AppError::Unavailable(format!("receipt hash: {e}")))?;

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
            receipt_hash: receipt_hash.to_vec(),
            idempotency: IdempotencyRecord {
                lookup,
                sealed_receipt: seal::seal(
                    &receipt_key,
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
                Ok(Accepted {
                    receipt: open_receipt(&receipt_key, &sealed_receipt)?,
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

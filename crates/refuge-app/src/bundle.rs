//! A referral bundle: a ZIP written straight into an age stream to one partner's key, so
//! nothing of it exists in clear outside this process's memory. It holds `report.json` (the
//! schema of `docs/referral-bundle.md`), `report.txt` (in the report's language and in
//! English), the chosen files, `manifest.json` (the SHA-256 of every other entry),
//! `manifest.sig` (the instance's Ed25519 signature of exactly the manifest's bytes, as
//! `openssl pkeyutl -verify -rawin` checks it) and `evidence-key.pem`.

use std::io::{Read, Write};

use refuge_crypto::random::StreamingSha256;
use refuge_crypto::{EvidenceKey, SealingWriter};
use refuge_domain::Day;
use refuge_domain::ports::StoredReport;
use refuge_domain::referral::{Partner, ReferralInclude};
use refuge_domain::report::{Consent, Identifier, Report};
use serde_json::{Value, json};
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::AppError;
use crate::referral::ReferralWording;
use crate::sealed::{FileDescription, MessageView};

pub const REPORT_FORMAT: &str = "refuge.referral.v1";
pub const MANIFEST_FORMAT: &str = "refuge.referral-manifest.v1";

/// A file to put in the bundle: where, what it is, which copy, and its sealed blob.
pub(crate) struct BundleFile {
    pub path: String,
    pub description: FileDescription,
    pub variant: &'static str,
    pub blob: String,
}

/// The finished bundle.
pub(crate) struct Bundle {
    pub bytes: Vec<u8>,
    pub manifest_sha256: String,
}

fn zip_error(error: impl std::fmt::Display) -> AppError {
    AppError::Unavailable(format!("writing a referral bundle: {error}"))
}

/// Writes entries into a ZIP inside an age stream, hashing each as it goes.
pub(crate) struct BundleWriter {
    zip: ZipWriter<StreamWriter<SealingWriter<Vec<u8>>>>,
    entries: Vec<Value>,
}

impl BundleWriter {
    pub(crate) fn new(recipient: &str) -> Result<Self, AppError> {
        let sealing = SealingWriter::new(&[recipient.to_owned()], Vec::new())
            .map_err(|_| AppError::Unavailable("the partner's key does not seal".into()))?;
        Ok(BundleWriter {
            zip: ZipWriter::new_stream(sealing),
            entries: Vec::new(),
        })
    }

    fn options(compress: bool) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(if compress {
                CompressionMethod::Deflated
            } else {
                // Photos, PDFs and recordings are compressed already.
                CompressionMethod::Stored
            })
            // No time of ours in the archive: every entry carries the format's first day.
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
    }

    /// Adds one entry, listed in the manifest.
    pub(crate) fn add(
        &mut self,
        path: &str,
        content: &mut dyn Read,
        compress: bool,
    ) -> Result<(), AppError> {
        let (size, sha256) = self.write_entry(path, content, compress)?;
        self.entries
            .push(json!({"path": path, "size": size, "sha256": sha256}));
        Ok(())
    }

    fn write_entry(
        &mut self,
        path: &str,
        content: &mut dyn Read,
        compress: bool,
    ) -> Result<(u64, String), AppError> {
        self.zip
            .start_file(path, Self::options(compress))
            .map_err(zip_error)?;
        let mut hash = StreamingSha256::default();
        let mut size = 0u64;
        let mut buffer = zeroize::Zeroizing::new(vec![0u8; 64 * 1024]);
        loop {
            let read = content.read(&mut buffer).map_err(zip_error)?;
            if read == 0 {
                break;
            }
            hash.update(&buffer[..read]);
            self.zip.write_all(&buffer[..read]).map_err(zip_error)?;
            size += read as u64;
        }
        Ok((size, hash.finish_hex()))
    }

    /// Writes the manifest, its signature and the public key, and closes the ZIP and the age
    /// stream.
    pub(crate) fn finish(mut self, key: &EvidenceKey) -> Result<Bundle, AppError> {
        let mut manifest = serde_json::to_string_pretty(&json!({
            "format": MANIFEST_FORMAT,
            "algorithm": "sha256",
            "signature": "manifest.sig: Ed25519 over exactly the bytes of manifest.json; public key in evidence-key.pem",
            "key_fingerprint": key.fingerprint(),
            "files": self.entries,
        }))
        .map_err(zip_error)?;
        manifest.push('\n');
        let signature = key.sign_bytes(manifest.as_bytes());
        self.write_entry("manifest.json", &mut manifest.as_bytes(), true)?;
        self.write_entry("manifest.sig", &mut signature.as_slice(), false)?;
        self.write_entry("evidence-key.pem", &mut key.public_pem().as_bytes(), false)?;
        let stream = self.zip.finish().map_err(zip_error)?;
        let bytes = stream.into_inner().finish().map_err(zip_error)?;
        Ok(Bundle {
            bytes,
            manifest_sha256: {
                let mut hash = StreamingSha256::default();
                hash.update(manifest.as_bytes());
                hash.finish_hex()
            },
        })
    }
}

/// `report.json`: the documented schema (`docs/referral-bundle.md`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn report_json(
    stored: &StoredReport,
    report: &Report,
    case_identifiers: &[Identifier],
    partner: &Partner,
    include: ReferralInclude,
    consent: Consent,
    messages: &[MessageView],
    files: &[BundleFile],
    today: Day,
    instance_id: &str,
    evidence_reference: &str,
) -> Value {
    let meta = &stored.meta;
    let mut document = json!({
        "format": REPORT_FORMAT,
        "referral": {
            "day": today.to_string(),
            "partner": partner.name,
            "partner_kind": partner.kind,
            "instance": instance_id,
            "evidence_reference": evidence_reference,
            "included": include,
        },
        "report": {
            "id": meta.id.to_string(),
            "received": meta.received.to_string(),
            "language": report.language,
            "occurred": report.occurred,
            "host_country": report.host_country,
            "host_region": report.host_region,
            "origin_state": report.origin_state,
            "community": report.community,
            "tactics": report.tactics,
            "staff_tactics": meta.case.staff_tactics,
            "targets": report.targets,
            "consent": consent,
        },
    });
    if include.narrative {
        document["report"]["city"] = json!(report.city);
        document["report"]["narrative"] = json!(report.narrative);
    }
    if include.identifiers {
        let listed: Vec<Value> =
            report
                .identifiers
                .iter()
                .map(|i| json!({"kind": i.kind, "value": i.value, "recorded_by": "reporter"}))
                .chain(case_identifiers.iter().map(
                    |i| json!({"kind": i.kind, "value": i.value, "recorded_by": "caseworker"}),
                ))
                .collect();
        document["report"]["identifiers"] = json!(listed);
    }
    if include.messages {
        document["messages"] = messages
            .iter()
            .map(|m| {
                json!({
                    "from": if m.from_reporter { "reporter" } else { "caseworker" },
                    "day": m.sent.to_string(),
                    "body": m.body,
                })
            })
            .collect();
    }
    document["files"] = files
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "name": f.description.name,
                "kind": f.description.kind,
                "received": f.description.received,
                "variant": f.variant,
                "original_size": f.description.size,
                "original_sha256": f.description.sha256,
                "metadata_removed": if f.variant == "clean" { f.description.removed.clone() } else { Vec::new() },
            })
        })
        .collect();
    document
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

/// `report.txt`: the same facts for a person, in each language of `wording` in turn.
pub(crate) fn report_text(document: &Value, wording: &ReferralWording) -> String {
    let report = &document["report"];
    let mut out = String::new();
    for labels in &wording.languages {
        let name = |code: &str| {
            labels
                .names
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.to_owned())
        };
        let names = |value: &Value| {
            value
                .as_array()
                .map(|codes| {
                    codes
                        .iter()
                        .filter_map(Value::as_str)
                        .map(&name)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        out.push_str(&format!("{}\n{}\n\n", labels.title, labels.intro));
        let line = |out: &mut String, label: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                out.push_str(&format!("{label}: {value}\n"));
            }
        };
        line(&mut out, &labels.received, text_of(&report["received"]));
        line(&mut out, &labels.occurred, text_of(&report["occurred"]));
        let place: Vec<String> = [
            &report["city"],
            &report["host_region"],
            &report["host_country"],
        ]
        .iter()
        .filter_map(|v| text_of(v))
        .map(|code| name(&code))
        .collect();
        line(&mut out, &labels.place, Some(place.join(", ")));
        line(
            &mut out,
            &labels.origin,
            text_of(&report["origin_state"]).map(|c| name(&c)),
        );
        line(
            &mut out,
            &labels.community,
            text_of(&report["community"]).map(|c| name(&c)),
        );
        let tactics = if report["staff_tactics"].is_array() {
            &report["staff_tactics"]
        } else {
            &report["tactics"]
        };
        line(&mut out, &labels.tactics, Some(names(tactics)));
        line(&mut out, &labels.targets, Some(names(&report["targets"])));
        if let Some(narrative) = text_of(&report["narrative"]) {
            out.push_str(&format!("\n{}:\n{narrative}\n", labels.narrative));
        }
        if let Some(identifiers) = report["identifiers"].as_array() {
            out.push_str(&format!("\n{}:\n", labels.identifiers));
            for identifier in identifiers {
                out.push_str(&format!(
                    "- {}: {}\n",
                    name(identifier["kind"].as_str().unwrap_or_default()),
                    identifier["value"].as_str().unwrap_or_default()
                ));
            }
        }
        if let Some(messages) = document["messages"].as_array() {
            out.push_str(&format!("\n{}:\n", labels.messages));
            for message in messages {
                let from = if message["from"] == "reporter" {
                    &labels.from_reporter
                } else {
                    &labels.from_caseworker
                };
                out.push_str(&format!(
                    "[{}] {from}:\n{}\n\n",
                    message["day"].as_str().unwrap_or_default(),
                    message["body"].as_str().unwrap_or_default()
                ));
            }
        }
        if let Some(files) = document["files"].as_array().filter(|f| !f.is_empty()) {
            out.push_str(&format!("\n{}:\n", labels.files));
            for file in files {
                out.push_str(&format!(
                    "- {} ({}, {} B, SHA-256 {})\n",
                    file["path"].as_str().unwrap_or_default(),
                    file["variant"].as_str().unwrap_or_default(),
                    file["original_size"],
                    file["original_sha256"].as_str().unwrap_or_default()
                ));
            }
        }
        out.push_str(&format!("\n{}\n\n{}\n\n", labels.consent, labels.verify));
        out.push_str("----------------------------------------\n\n");
    }
    out
}

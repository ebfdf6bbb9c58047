//! Referral within consent through the real app on both engines: an administrator registers
//! partners through the real form (a secret key pasted by mistake is refused and not shown
//! again); a referral the consent does not cover is refused with the reason, one it covers is
//! answered with an age file that only the partner's key opens, holding the documented ZIP;
//! the case is marked referred and the referral listed and logged; the reporter sees the kind
//! and the day (not the name), withdraws consent through the follow-up page, and from then on
//! the same referral is refused.

#[allow(unused_macros)]
#[macro_use]
mod support;

use std::io::Read as _;

use axum::http::StatusCode;
use refuge_crypto::StaffIdentity;
use refuge_domain::AuditAction;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use support::{TestApp, cookie_named, extract};

/// A report sent through the real form, agreeing to partners but not to the police.
async fn consenting_report(t: &TestApp, staff: &str) -> (String, String) {
    let token = t.form_token("/bo/report").await;
    let page = t
        .post_form(
            "/bo/report",
            &[
                ("form_token", &token),
                ("narrative", "ཕ་ཡུལ་གྱི་སྐད་ཆ། They called my brother in Lhasa"),
                ("identifiers.0.kind", "wechat"),
                ("identifiers.0.value", "wxid_caller_88"),
                ("identifier_rows", "1"),
                ("host_country", "CH"),
                ("consent.refer_to_partners", "yes"),
                ("action", "submit"),
            ],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let receipt = extract(&page.body, r#"id="receipt">"#, "<").expect("receipt");
    let list = t.get_bearer("/api/v1/reports", staff).await.json();
    (
        list["reports"][0]["id"].as_str().expect("id").to_owned(),
        receipt,
    )
}

/// The bundle opened as the partner opens it: age with their key, then the ZIP.
fn open_bundle(key: &StaffIdentity, bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"), "an age file");
    let plain = key.decrypt(bytes).expect("the partner's key opens it");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(plain.to_vec())).expect("a zip");
    let mut entries = std::collections::BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read");
        entries.insert(entry.name().expect("a name").to_string(), content);
    }
    entries
}

async fn referral_within_consent(t: TestApp) {
    t.add_staff("ada", Role::Admin).await;
    t.add_staff("amina", Role::Caseworker).await;
    let ada = t.api_token("ada").await;
    let amina = t.api_token("amina").await;
    let clinic = StaffIdentity::generate();
    let police = StaffIdentity::generate();

    // Partners through the admin page's real form.
    let cookie = t.log_in("ada").await;
    let page = t.get("/en/staff/admin/partners", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let secret = String::from_utf8(clinic.to_secret_bytes().to_vec()).unwrap();
    let refused = t
        .submit(
            &page.body,
            "/en/staff/admin/partners",
            &[
                ("name", "Legal Aid Clinic"),
                ("kind", "legal_aid"),
                ("key", &secret),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("This is a secret key"),
        "{}",
        refused.body
    );
    assert!(
        !refused.body.contains(&secret[..30]),
        "the secret key is not shown again"
    );
    assert!(
        refused.body.contains(r#"value="Legal Aid Clinic""#),
        "the name is kept"
    );
    let added = t
        .submit(
            &page.body,
            "/en/staff/admin/partners",
            &[
                ("name", "Legal Aid Clinic"),
                ("kind", "legal_aid"),
                ("key", &clinic.public_key()),
            ],
            Some(&cookie),
        )
        .await;
    let list = t.follow(&added, Some(&cookie)).await;
    assert!(
        list.body.contains("The partner was added."),
        "{}",
        list.body
    );
    assert!(list.body.contains(&clinic.public_key()));
    // And through the API: a police partner; a name taken, a wrong key.
    let made = t
        .post_json_bearer(
            "/api/v1/admin/partners",
            &serde_json::json!({"name": "City Police", "kind": "police", "recipient": police.public_key()}),
            &ada,
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    for (body, status, code) in [
        (
            serde_json::json!({"name": "City Police", "kind": "police", "recipient": police.public_key()}),
            StatusCode::CONFLICT,
            "partner_name_taken",
        ),
        (
            serde_json::json!({"name": "Other", "kind": "police", "recipient": "ssh-ed25519 AAAA"}),
            StatusCode::BAD_REQUEST,
            "partner_key_invalid",
        ),
        (
            serde_json::json!({"name": "Other", "kind": "spies", "recipient": police.public_key()}),
            StatusCode::BAD_REQUEST,
            "unknown_code",
        ),
    ] {
        let answer = t
            .post_json_bearer("/api/v1/admin/partners", &body, &ada)
            .await;
        assert_eq!(answer.status, status, "{}", answer.body);
        assert_eq!(answer.json()["error"]["code"], code);
    }
    // Caseworkers do not manage partners.
    assert_eq!(
        t.get_bearer("/api/v1/admin/partners", &amina).await.status,
        StatusCode::FORBIDDEN
    );

    let (id, receipt) = consenting_report(&t, &amina).await;
    let refer = |partner: &str| {
        let body = serde_json::json!({
            "partner": partner,
            "include": {"narrative": true, "identifiers": true, "files": "clean", "messages": false},
        });
        let path = format!("/api/v1/reports/{id}/referrals");
        let amina = amina.clone();
        let t = &t;
        async move { t.post_json_bearer_bytes(&path, &body, &amina).await }
    };
    // The police are not covered by this consent.
    let (status, _, body) = refer("City Police").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["error"]["code"], "consent_not_given");
    let (status, _, _) = refer("Nobody").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The clinic is: the answer is the bundle, which only the clinic's key opens.
    let (status, headers, bundle) = refer("Legal Aid Clinic").await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&bundle)
    );
    assert_eq!(headers["content-type"], "application/octet-stream");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"refuge-referral-"),
        "{disposition}"
    );
    assert!(police.decrypt(&bundle).is_err(), "no other key opens it");
    let entries = open_bundle(&clinic, &bundle);
    for name in [
        "report.json",
        "report.txt",
        "manifest.json",
        "manifest.sig",
        "evidence-key.pem",
    ] {
        assert!(entries.contains_key(name), "{name} in {:?}", entries.keys());
    }
    let report: serde_json::Value = serde_json::from_slice(&entries["report.json"]).unwrap();
    assert_eq!(report["format"], "refuge.referral.v1");
    assert_eq!(report["referral"]["partner_kind"], "legal_aid");
    assert!(
        report["report"]["narrative"]
            .as_str()
            .unwrap()
            .contains("Lhasa")
    );
    assert_eq!(
        report["report"]["identifiers"][0]["value"],
        "wxid_caller_88"
    );
    assert_eq!(report["report"]["consent"]["refer_to_police"], false);
    assert!(report.get("messages").is_none(), "messages were not chosen");
    let text = String::from_utf8(entries["report.txt"].clone()).unwrap();
    assert!(
        text.contains("Referral from Refuge"),
        "English follows: {text}"
    );
    assert!(text.contains("Lhasa"));
    // The manifest lists the SHA-256 of the other entries, and is signed by the instance.
    let manifest: serde_json::Value = serde_json::from_slice(&entries["manifest.json"]).unwrap();
    for file in manifest["files"].as_array().unwrap() {
        let name = file["path"].as_str().unwrap();
        let digest = sha2_hex(&entries[name]);
        assert_eq!(file["sha256"], digest.as_str(), "{name}");
    }
    assert_eq!(entries["manifest.sig"].len(), 64);
    assert_eq!(
        String::from_utf8(entries["evidence-key.pem"].clone()).unwrap(),
        t.app.evidence_public_key()
    );

    // The case is referred, the referral listed on its page and in the audit log.
    let case = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &amina)
        .await
        .json();
    assert_eq!(case["status"], "referred");
    let staff_cookie = t.log_in("amina").await;
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&staff_cookie))
        .await;
    let section = extract(&page.body, r#"id="referral""#, "</section>").expect("section");
    assert!(
        section.contains("Legal Aid Clinic") && section.contains("Legal aid"),
        "{section}"
    );
    assert!(
        section.contains("not covered by the reporter"),
        "the police option says why"
    );
    let audit = t.app_store_audit().await;
    let referred: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::ReportReferred)
        .collect();
    assert_eq!(referred.len(), 1);
    assert!(referred[0].subject.contains("legal_aid"));
    assert!(audit.iter().any(|a| a.action == AuditAction::PartnerAdded));

    // The reporter sees the kind and the day, never the name.
    let reporter = t
        .post_json(
            "/api/v1/reporter/session",
            &serde_json::json!({"receipt": receipt}),
            None,
        )
        .await
        .json()["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let seen = t
        .get_bearer("/api/v1/reporter/report", &reporter)
        .await
        .json();
    assert_eq!(seen["status"], "referred");
    assert_eq!(seen["referrals"][0]["kind"], "legal_aid");
    assert!(seen["referrals"][0]["day"].is_string());
    assert!(seen["referrals"][0].get("partner").is_none());
    assert!(!seen.to_string().contains("Legal Aid Clinic"));
    assert_eq!(seen["consent"]["refer_to_partners"], true);

    // She withdraws consent on the follow-up page (in Tibetan); from then on, refused.
    let signed_in = t
        .post_form("/bo/followup", &[("receipt", &receipt)], None)
        .await;
    let reporter_cookie = cookie_named(&signed_in, "refuge_followup=").expect("cookie");
    let case_page = t.get("/bo/followup/case", Some(&reporter_cookie)).await;
    assert_eq!(case_page.status, StatusCode::OK);
    assert!(
        case_page
            .body
            .contains(r#"name="consent.refer_to_partners" value="yes" checked"#),
        "{}",
        case_page.body
    );
    let saved = t
        .submit(
            &case_page.body,
            "/bo/followup/consent",
            &[("consent.research_statistics", "yes")],
            Some(&reporter_cookie),
        )
        .await;
    let after = t.follow(&saved, Some(&reporter_cookie)).await;
    assert!(
        after.body.contains(r#"id="followup-notice""#),
        "{}",
        after.body
    );
    assert!(
        !after
            .body
            .contains(r#"name="consent.refer_to_partners" value="yes" checked"#)
    );
    let (status, _, body) = refer("Legal Aid Clinic").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "{}",
        String::from_utf8_lossy(&body)
    );
    // The page says so in the caseworker's language, keeping the choices.
    let page = t
        .get(&format!("/fr/staff/reports/{id}"), Some(&staff_cookie))
        .await;
    let refused = t
        .submit(
            &page.body,
            &format!("/fr/staff/reports/{id}/referrals"),
            &[
                ("partner", "Legal Aid Clinic"),
                ("narrative", "yes"),
                ("files", "none"),
            ],
            Some(&staff_cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains(r#"id="referral-error""#),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(r#"<option value="Legal Aid Clinic" selected>"#)
    );
    // The consent's history is on the report page, and the change in the audit log.
    let api = t
        .send_put_json(
            "/api/v1/reporter/consent",
            &serde_json::json!({"refer_to_police": true, "refer_to_partners": false, "research_statistics": true}),
            &reporter,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(api.json()["history"].as_array().unwrap().len(), 3);
    let audit = t.app_store_audit().await;
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action == AuditAction::ConsentChanged)
            .count(),
        2
    );
    // Now the police are covered, and the page form answers with the file itself.
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&staff_cookie))
        .await;
    let (status, headers, bytes) = {
        let hidden =
            support::hidden_fields(&page.body, &format!("/en/staff/reports/{id}/referrals"));
        let mut fields: Vec<(&str, &str)> = hidden
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        fields.extend([("partner", "City Police"), ("files", "none")]);
        t.post_form_bytes(
            &format!("/en/staff/reports/{id}/referrals"),
            &fields,
            Some(&staff_cookie),
        )
        .await
    };
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let entries = open_bundle(&police, &bytes);
    let report: serde_json::Value = serde_json::from_slice(&entries["report.json"]).unwrap();
    assert!(
        report["report"].get("narrative").is_none(),
        "not chosen this time"
    );
    assert!(report["report"].get("identifiers").is_none());
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

on_both_engines!(referral_within_consent);

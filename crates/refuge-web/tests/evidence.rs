//! Evidence files through the real forms and the API, on SQLite and PostgreSQL: files at
//! submission and later, working copies without metadata, downloads only as attachments, signed
//! evidence receipts, the limits, and hostile names and contents.

#[macro_use]
mod support;

use axum::http::StatusCode;
use refuge_domain::staff::Role;
use refuge_store::Engine;
use refuge_web::i18n::Locale;
use support::{TestApp, cookie_named, extract, html_unescape};

const JPEG: &[u8] = include_bytes!("../../../tests/fixtures/evidence/photo-gps.jpg");
const PDF: &[u8] = include_bytes!("../../../tests/fixtures/evidence/letter-author.pdf");
const PNG: &[u8] = include_bytes!("../../../tests/fixtures/evidence/screenshot.png");

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut digest = refuge_crypto::random::StreamingSha256::default();
    digest.update(bytes);
    digest.finish_hex()
}

/// Submits the report form with files; returns the receipt page.
async fn submit_with_files(t: &TestApp, files: &[(&str, &str, &[u8])]) -> support::TestResponse {
    let token = t.form_token("/en/report").await;
    t.post_multipart(
        "/en/report",
        &[
            ("form_token", &token),
            ("narrative", "They sent these to my phone."),
            ("action", "submit"),
        ],
        files,
        None,
        None,
    )
    .await
}

async fn staff_report_page(t: &TestApp, staff: &str) -> (String, support::TestResponse) {
    let inbox = t.get("/en/staff/inbox", Some(staff)).await;
    let id = extract(&inbox.body, r#"href="/en/staff/reports/"#, "\"").expect("report link");
    let page = t.get(&format!("/en/staff/reports/{id}"), Some(staff)).await;
    (id, page)
}

/// The download links of a staff report page (originals and working copies).
fn file_links(page: &support::TestResponse, id: &str) -> Vec<String> {
    page.body
        .match_indices(&format!("/en/staff/reports/{id}/files/"))
        .map(|(i, _)| {
            page.body[i..]
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .collect()
}

async fn files_are_sealed_cleaned_and_downloaded_only_as_attachments(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = submit_with_files(
        &t,
        &[
            ("files", "IMG_2041.jpg", JPEG),
            ("files", "letter.pdf", PDF),
            ("files", "", b""),
        ],
    )
    .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    assert!(receipt.body.contains("IMG_2041.jpg") && receipt.body.contains("letter.pdf"));
    assert_eq!(
        receipt.body.matches(r#"class="file""#).count(),
        2,
        "exactly the files chosen"
    );
    assert!(
        receipt.body.contains(&sha256_hex(JPEG)),
        "hash of the original shown"
    );
    assert!(
        receipt.body.contains(&Locale::En.t("removed-location")),
        "the reporter is told the location was removed"
    );

    let staff = t.log_in("amina").await;
    let (id, page) = staff_report_page(&t, &staff).await;
    assert!(page.body.contains("IMG_2041.jpg"));
    assert!(
        !page.body.contains("Your original"),
        "caseworkers get their own words, not the reporter's"
    );
    let links = file_links(&page, &id);
    let clean_jpeg = links
        .iter()
        .find(|l| l.ends_with("variant=clean"))
        .expect("a working copy link");
    let (status, headers, clean) = t.get_bytes(clean_jpeg, Some(&staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/octet-stream");
    let disposition = headers["content-disposition"].to_str().expect("ascii");
    assert!(disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"));
    assert!(
        headers["content-security-policy"]
            .to_str()
            .expect("csp")
            .ends_with("; sandbox")
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(clean.starts_with(&[0xFF, 0xD8]), "still a JPEG");
    for secret in [&b"SN-CANARY-4471"[..], b"RefugeCam", b"Canary Photographer"] {
        assert!(contains(JPEG, secret), "the fixture carries it");
        assert!(!contains(&clean, secret), "the working copy does not");
    }
    let original = links
        .iter()
        .find(|l| l.ends_with("variant=original"))
        .expect("original link");
    let (_, _, bytes) = t.get_bytes(original, Some(&staff)).await;
    assert_eq!(bytes, JPEG, "the sealed original is exactly what was sent");
    let audit = t.app_store_audit().await;
    assert!(
        audit
            .iter()
            .any(|a| a.action == refuge_domain::AuditAction::FileDownloadedOriginal)
    );

    // Nobody without a key gets a file, and guessing ids gives nothing.
    t.add_staff("later", Role::Caseworker).await;
    let later = t.log_in("later").await;
    let (status, _, _) = t.get_bytes(clean_jpeg, Some(&later)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = t
        .get_bytes(
            &format!("/en/staff/reports/{id}/files/{}", "0".repeat(32)),
            Some(&staff),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Once given access (the report alone is re-sealed), the colleague reads files and messages
    // too: they open with the report's keys, kept inside it.
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&staff))
        .await;
    let csrf = extract(&page.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    t.submit(
        &page.body,
        &format!("/en/staff/reports/{id}/messages"),
        &[("body", "Before the grant")],
        Some(&staff),
    )
    .await;
    let grant_form = &page.body[page.body.find(r#"name="grantee""#).expect("grant form")..];
    let later_id = extract(grant_form, r#"<option value=""#, "\"").expect("grantee");
    let granted = t
        .post_form(
            &format!("/en/staff/reports/{id}/grant"),
            &[("csrf", &csrf), ("grantee", &later_id)],
            Some(&staff),
        )
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    let (status, _, bytes) = t.get_bytes(clean_jpeg, Some(&later)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, clean, "the same working copy");
    let page = t
        .get(&format!("/en/staff/reports/{id}"), Some(&later))
        .await;
    assert!(page.body.contains("Before the grant"));
}

async fn the_evidence_receipt_is_signed_and_any_change_breaks_it(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = submit_with_files(&t, &[("files", "scan.png", PNG)]).await;
    let token = extract(&receipt.body, r#"name="form_token" value=""#, "\"").expect("token");
    let (status, headers, key) = t.get_bytes("/evidence-key.pem", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-disposition"]
            .to_str()
            .expect("cd")
            .contains("attachment")
    );
    let key = String::from_utf8(key).expect("pem");
    let signed = t
        .post_form("/en/report/evidence", &[("form_token", &token)], None)
        .await;
    assert_eq!(signed.status, StatusCode::OK);
    assert!(signed.body.contains("scan.png") && signed.body.contains(&sha256_hex(PNG)));
    assert!(refuge_crypto::signing::verify_signed_text(
        &signed.body,
        &key
    ));
    let altered = signed.body.replacen("scan.png", "scan.pnh", 1);
    assert!(!refuge_crypto::signing::verify_signed_text(&altered, &key));
    let forged = t
        .post_form(
            "/en/report/evidence",
            &[("form_token", &t.app.issue_form_token())],
            None,
        )
        .await;
    assert_eq!(
        forged.status,
        StatusCode::NOT_FOUND,
        "no receipt for an unused form"
    );

    // Later, from the follow-up: every file, the one added then included.
    let grouped = extract(&receipt.body, r#"id="receipt">"#, "<").expect("receipt");
    let login = t
        .post_form("/en/followup", &[("receipt", &grouped)], None)
        .await;
    let cookie = cookie_named(&login, "refuge_followup=").expect("cookie");
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    let csrf = extract(&case.body, r#"name="csrf" value=""#, "\"").expect("csrf");
    let hidden = support::hidden_fields(&case.body, "/en/followup/files");
    let fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let added = t
        .post_multipart(
            "/en/followup/files",
            &fields,
            &[("files", "second.pdf", PDF)],
            Some(&cookie),
            None,
        )
        .await;
    let added = t.follow(&added, Some(&cookie)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains(&Locale::En.t("followup-files-added")));
    assert!(added.body.contains("second.pdf"));
    let signed = t
        .post_form("/en/followup/evidence", &[("csrf", &csrf)], Some(&cookie))
        .await;
    assert!(signed.body.contains("scan.png") && signed.body.contains("second.pdf"));
    assert!(refuge_crypto::signing::verify_signed_text(
        &signed.body,
        &key
    ));

    let staff = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    assert!(inbox.body.contains(&Locale::En.t("inbox-unread")));
    let (_, page) = staff_report_page(&t, &staff).await;
    assert!(page.body.contains("second.pdf") && page.body.contains("scan.png"));
}

async fn limits_refuse_clearly_keep_the_text_and_store_nothing(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let limits = t.app.settings().files;
    let big = vec![0x42u8; limits.per_file_bytes as usize + 1];
    let token = t.form_token("/en/report").await;
    let refused = t
        .post_multipart(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "Kept text ئۇيغۇر"),
                ("action", "submit"),
            ],
            &[("files", "ok.png", PNG), ("files", "huge.bin", &big)],
            None,
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html_unescape(&refused.body).contains("Kept text ئۇيغۇر"));
    assert!(refused.body.contains("id=\"files-reselect\""));
    let many: Vec<(&str, &str, &[u8])> = (0..=limits.per_batch_files)
        .map(|_| ("files", "a.png", PNG))
        .collect();
    let token = t.form_token("/en/report").await;
    let too_many = t
        .post_multipart(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "x"),
                ("action", "submit"),
            ],
            &many,
            None,
            None,
        )
        .await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    let staff = t.log_in("amina").await;
    let inbox = t.get("/en/staff/inbox", Some(&staff)).await;
    assert!(
        inbox.body.contains(&Locale::En.t("inbox-empty")),
        "nothing stored"
    );
    assert!(
        t.app.recover_storage().await.expect("sweep") == (0, 0),
        "no temporary file or orphan blob left behind"
    );

    // The daily limit: fill the day, then the next file is refused, text kept.
    let chunk = vec![0x17u8; limits.per_file_bytes as usize - 1024];
    let per_report = (limits.per_report_bytes / limits.per_file_bytes) as usize;
    let mut accepted = 0u64;
    while accepted + limits.per_report_bytes <= limits.per_day_bytes {
        let files: Vec<(&str, &str, &[u8])> = (0..per_report)
            .map(|_| ("files", "fill.bin", &chunk[..]))
            .collect();
        let ok = submit_with_files(&t, &files).await;
        assert_eq!(ok.status, StatusCode::OK);
        accepted += (per_report * chunk.len()) as u64;
    }
    let mut day_full = None;
    for _ in 0..4 {
        let response = submit_with_files(&t, &[("files", "more.bin", &chunk[..])]).await;
        if response.status != StatusCode::OK {
            day_full = Some(response);
            break;
        }
    }
    let day_full = day_full.expect("the daily limit is reached");
    assert_eq!(day_full.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        day_full
            .body
            .contains(&Locale::En.t("error-daily-upload-limit"))
    );
}

/// Security review L3: uploads racing for the last of the day's budget cannot all pass a check
/// made before any of them counted; the day's count never exceeds its limit, and every refused
/// reporter keeps their text.
async fn concurrent_uploads_cannot_overrun_the_daily_limit(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let limits = t.app.settings().files;
    let chunk = vec![0x17u8; limits.per_file_bytes as usize - 1024];
    let per_submission = 2 * chunk.len() as u64;
    let racers = 8;
    assert!(
        per_submission * racers > 2 * limits.per_day_bytes,
        "a real race"
    );
    let files: Vec<(&str, &str, &[u8])> =
        vec![("files", "a.bin", &chunk), ("files", "b.bin", &chunk)];
    let responses =
        futures_util::future::join_all((0..racers).map(|_| submit_with_files(&t, &files))).await;
    let accepted = responses
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count() as u64;
    for refused in responses.iter().filter(|r| r.status != StatusCode::OK) {
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            refused
                .body
                .contains(&Locale::En.t("error-daily-upload-limit"))
        );
        assert!(
            refused.body.contains("They sent these to my phone."),
            "text kept"
        );
    }
    assert!(accepted >= 1, "the budget is used, not wasted");
    assert!(
        accepted * per_submission <= limits.per_day_bytes,
        "{accepted} submissions of {per_submission} bytes accepted on a day of {}",
        limits.per_day_bytes
    );
    let today = refuge_domain::calendar::Day::from_unix_seconds(t.app.now());
    let counted = refuge_domain::ports::FileStore::upload_usage(&t.store, today, None)
        .await
        .expect("usage")
        .day_bytes;
    assert!(counted as u64 <= limits.per_day_bytes, "counted {counted}");
}

async fn hostile_names_and_contents_are_contained(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let html = b"<html><script>alert(document.cookie)</script></html>";
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let receipt = submit_with_files(
        &t,
        &[
            ("files", "../../etc/passwd", b"root:x:0:0"),
            (
                "files",
                "photo\u{202E}gpj.exe",
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff",
            ),
            ("files", "cat.jpg", html),
            ("files", "<img src=x onerror=alert(1)>.svg", svg),
            (
                "files",
                "report.docm",
                b"PK\x03\x04\x14\x00\x06\x00word/vbaProject.bin",
            ),
        ],
    )
    .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    assert!(
        !receipt.body.contains("\u{202E}"),
        "no direction override shown"
    );
    assert!(!receipt.body.contains("<img src=x"), "names are escaped");
    assert!(!receipt.body.contains("../"), "no path survives");
    let staff = t.log_in("amina").await;
    let (id, page) = staff_report_page(&t, &staff).await;
    assert!(!page.body.contains("<script>alert"));
    assert!(
        page.body.contains("Saved as \u{2068}cat.jpg.txt\u{2069}"),
        "caseworkers are told a file is saved under another name"
    );
    let api = t.api_token("amina").await;
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &api)
        .await
        .json();
    let files = report["files"].as_array().expect("files").clone();
    assert_eq!(files.len(), 5);
    let kinds: Vec<&str> = files.iter().filter_map(|f| f["kind"].as_str()).collect();
    assert_eq!(kinds[2], "html", "judged by content, not by the .jpg name");
    assert_eq!(kinds[3], "svg");
    // Security review M5: a double click opens a saved file by its extension, so the extension
    // follows what the bytes are, one case per dangerous kind.
    let saved_as = [
        "passwd.txt",
        "photogpj.exe.bin",
        "cat.jpg.txt",
        ".svg.txt",
        "report.docm.zip",
    ];
    for (file, saved) in files.iter().zip(saved_as) {
        assert_eq!(
            file["variants"],
            serde_json::json!(["original"]),
            "only cleanable kinds get a working copy"
        );
        let file_id = file["id"].as_str().expect("id");
        let (status, headers, _) = t
            .get_bytes(
                &format!("/en/staff/reports/{id}/files/{file_id}?variant=original"),
                Some(&staff),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "application/octet-stream");
        let disposition = headers["content-disposition"].to_str().expect("ascii only");
        assert!(!disposition.contains('/') || disposition.contains("UTF-8''"));
        assert!(!disposition.contains("..") && !disposition.contains('\n'));
        let utf8_name = disposition
            .split("filename*=UTF-8''")
            .nth(1)
            .expect("an RFC 6266 name");
        let utf8_name = percent_encoding::percent_decode_str(utf8_name)
            .decode_utf8()
            .expect("UTF-8");
        assert!(utf8_name.ends_with(saved), "{utf8_name} should end {saved}");
        let download = t
            .get_bearer(
                &format!("/api/v1/reports/{id}/files/{file_id}?variant=original"),
                &api,
            )
            .await;
        assert_eq!(download.status, StatusCode::OK);
        let api_disposition = download.headers["content-disposition"]
            .to_str()
            .expect("ascii only");
        assert_eq!(
            api_disposition, disposition,
            "the API saves it the same way"
        );
    }
}

async fn the_api_takes_files_in_multipart(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let report = serde_json::json!({"narrative": "multipart", "idempotency_key": "7d793037a0760186574b0282f2f435e7"});
    let submitted = t
        .post_multipart(
            "/api/v1/reports",
            &[("report", &report.to_string())],
            &[("file", "photo.jpg", JPEG)],
            None,
            None,
        )
        .await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.body);
    let body = submitted.json();
    assert_eq!(body["files"][0]["sha256"], sha256_hex(JPEG));
    assert!(
        body["files"][0]["removed"]
            .as_array()
            .is_some_and(|r| r.contains(&serde_json::json!("location")))
    );
    let receipt = body["receipt"].as_str().expect("receipt");
    let token = t
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
    let added = t
        .post_multipart(
            "/api/v1/reporter/files",
            &[],
            &[("file", "letter.pdf", PDF)],
            None,
            Some(&token),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let none = t
        .post_multipart("/api/v1/reporter/files", &[], &[], None, Some(&token))
        .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert_eq!(none.json()["error"]["code"], "no_files");

    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    let id = list["reports"][0]["id"].as_str().expect("id").to_owned();
    let report = t
        .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
        .await
        .json();
    let pdf = report["files"][1]["id"]
        .as_str()
        .expect("pdf id")
        .to_owned();
    let response = t
        .get_bearer(
            &format!("/api/v1/reports/{id}/files/{pdf}?variant=clean"),
            &staff,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(!response.body.contains("Refuge Canary Author"));
    let bad = t
        .get_bearer(
            &format!("/api/v1/reports/{id}/files/{pdf}?variant=x"),
            &staff,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// Issue 8, item 1: a file input left empty sends a part with no name and no bytes; that is no
/// file at all, however the part arrives over the connection. An empty file with a name is
/// refused plainly, and "send the files" with nothing chosen says so.
async fn a_report_without_files_carries_none(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    for piece in [usize::MAX, 1, 7, 64] {
        let token = t.form_token("/zh-Hant/report").await;
        let receipt = t
            .post_multipart_in_pieces(
                "/zh-Hant/report",
                &[
                    ("form_token", &token),
                    ("narrative", "沒有附件的報告"),
                    ("action", "submit"),
                ],
                &[("files", "", b"")],
                None,
                None,
                piece,
            )
            .await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
        assert!(
            receipt.body.contains(r#"id="receipt-no-files""#),
            "pieces of {piece}: {}",
            receipt.body
        );
        assert!(!receipt.body.contains(r#"class="file""#));
    }
    let staff = t.api_token("amina").await;
    let list = t.get_bearer("/api/v1/reports", &staff).await.json();
    for entry in list["reports"].as_array().expect("reports") {
        let id = entry["id"].as_str().expect("id");
        let report = t
            .get_bearer(&format!("/api/v1/reports/{id}"), &staff)
            .await
            .json();
        assert_eq!(
            report["files"].as_array().map(Vec::len),
            Some(0),
            "no phantom file"
        );
    }
    let session = t.log_in("amina").await;
    let (_, page) = staff_report_page(&t, &session).await;
    assert!(page.body.contains(&Locale::En.t("report-no-files")));

    // Exactly the files chosen: one, and several (sent in small pieces too).
    let one = submit_with_files(&t, &[("files", "only.png", PNG), ("files", "", b"")]).await;
    assert_eq!(one.body.matches(r#"class="file""#).count(), 1);
    let token = t.form_token("/en/report").await;
    let several = t
        .post_multipart_in_pieces(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "three"),
                ("action", "submit"),
            ],
            &[
                ("files", "a.png", PNG),
                ("files", "b.pdf", PDF),
                ("files", "c.jpg", JPEG),
            ],
            None,
            None,
            1000,
        )
        .await;
    assert_eq!(several.body.matches(r#"class="file""#).count(), 3);

    // A chosen file that is empty: refused in plain words, the text kept.
    let token = t.form_token("/en/report").await;
    let empty = t
        .post_multipart(
            "/en/report",
            &[
                ("form_token", &token),
                ("narrative", "kept words"),
                ("action", "submit"),
            ],
            &[("files", "empty.txt", b"")],
            None,
            None,
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(html_unescape(&empty.body).contains(&Locale::En.t("error-empty-file")));
    assert!(empty.body.contains("kept words"));

    // "Send the files" with nothing chosen: not "received".
    let grouped = extract(&one.body, r#"id="receipt">"#, "<").expect("receipt");
    let login = t
        .post_form("/en/followup", &[("receipt", &grouped)], None)
        .await;
    let cookie = cookie_named(&login, "refuge_followup=").expect("cookie");
    let case = t.get("/en/followup/case", Some(&cookie)).await;
    let hidden = support::hidden_fields(&case.body, "/en/followup/files");
    let fields: Vec<(&str, &str)> = hidden
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let nothing = t
        .post_multipart_in_pieces(
            "/en/followup/files",
            &fields,
            &[("files", "", b"")],
            Some(&cookie),
            None,
            5,
        )
        .await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    assert!(nothing.body.contains(&Locale::En.t("error-no-files")));
    assert!(!nothing.body.contains(&Locale::En.t("followup-files-added")));
}

/// Issue 8, item 9: an evidence receipt a lawyer abroad can check: in the reporter's language
/// and in English, with where the public key is published and its fingerprint.
async fn the_evidence_receipt_speaks_both_languages_and_names_its_key(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let token = t.form_token("/zh-Hant/report").await;
    let receipt = t
        .post_multipart(
            "/zh-Hant/report",
            &[
                ("form_token", &token),
                ("narrative", "證據"),
                ("action", "submit"),
            ],
            &[("files", "截圖.png", PNG)],
            None,
            None,
        )
        .await;
    let signed = t
        .submit(&receipt.body, "/zh-Hant/report/evidence", &[], None)
        .await;
    assert_eq!(signed.status, StatusCode::OK);
    let text = &signed.body;
    for id in ["evidence-title", "evidence-intro", "evidence-fingerprint"] {
        assert!(text.contains(&Locale::ZhHant.t(id)), "zh-Hant {id}");
        assert!(text.contains(&Locale::En.t(id)), "English {id}");
    }
    assert!(text.contains("/evidence-key.pem"));
    let (_, _, pem) = t.get_bytes("/evidence-key.pem", None).await;
    let pem = String::from_utf8(pem).expect("pem");
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .expect("der");
    let fingerprint: Vec<String> = {
        use sha2::Digest as _;
        sha2::Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(
        text.matches(&fingerprint.join(":")).count(),
        2,
        "the key's fingerprint, in both languages"
    );
    assert!(text.contains("截圖.png") && text.contains(&sha256_hex(PNG)));
    assert!(refuge_crypto::signing::verify_signed_text(text, &pem));

    // Security review I5: the receipt names its instance and, by a commitment only the
    // service's caseworkers can match, its report.
    assert_eq!(text.matches(t.app.instance_id()).count(), 2);
    assert_eq!(t.app.instance_id().len(), 32);
    let staff = t.log_in("amina").await;
    let (id, page) = staff_report_page(&t, &staff).await;
    let reference = t.app.evidence_reference(id.parse().expect("report id"));
    assert_eq!(text.matches(&reference).count(), 2, "in both languages");
    assert!(
        !text.contains(&id),
        "the report id itself is not on the receipt"
    );
    assert!(
        page.body.contains(&reference),
        "caseworkers see the reference to match a receipt with"
    );
    for id in ["evidence-instance", "evidence-report"] {
        assert!(text.contains(&Locale::ZhHant.t(id)), "zh-Hant {id}");
    }
}

/// With a bucket: files arrive in the database, move to the bucket once their day is over (the
/// servers do it every few minutes), and download the same before and after.
async fn files_move_to_the_bucket_a_day_later_and_still_download(t: TestApp) {
    t.add_staff("amina", Role::Caseworker).await;
    let receipt = submit_with_files(
        &t,
        &[
            ("files", "IMG_2041.jpg", JPEG),
            ("files", "letter.pdf", PDF),
        ],
    )
    .await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    let staff = t.log_in("amina").await;
    let (id, page) = staff_report_page(&t, &staff).await;
    let links = file_links(&page, &id);
    assert!(links.len() >= 4, "originals and working copies: {links:?}");
    let mut before = Vec::new();
    for link in &links {
        let (status, _, bytes) = t.get_bytes(link, Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        before.push(bytes);
    }
    assert_eq!(
        t.app.move_aged_files().await.expect("move"),
        0,
        "not the same day"
    );
    t.store
        .execute_raw("UPDATE blobs SET written_day = written_day - 1")
        .await
        .expect("a day passes");
    let moved = t.app.move_aged_files().await.expect("move");
    assert_eq!(
        moved, 4,
        "two originals and two working copies moved; the report stays"
    );
    for (link, earlier) in links.iter().zip(&before) {
        let (status, _, bytes) = t.get_bytes(link, Some(&staff)).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        assert!(
            &bytes == earlier,
            "{link} downloads the same from the bucket"
        );
    }
    assert_eq!(
        t.app.move_aged_files().await.expect("move"),
        0,
        "nothing left"
    );
}

on_both_engines!(
    a_report_without_files_carries_none,
    the_evidence_receipt_speaks_both_languages_and_names_its_key,
    files_are_sealed_cleaned_and_downloaded_only_as_attachments,
    the_evidence_receipt_is_signed_and_any_change_breaks_it,
    limits_refuse_clearly_keep_the_text_and_store_nothing,
    hostile_names_and_contents_are_contained,
    concurrent_uploads_cannot_overrun_the_daily_limit,
    the_api_takes_files_in_multipart,
);

with_files_in_a_bucket!(
    files_move_to_the_bucket_a_day_later_and_still_download,
    files_are_sealed_cleaned_and_downloaded_only_as_attachments,
    the_evidence_receipt_is_signed_and_any_change_breaks_it,
    limits_refuse_clearly_keep_the_text_and_store_nothing,
    hostile_names_and_contents_are_contained,
    the_api_takes_files_in_multipart,
);

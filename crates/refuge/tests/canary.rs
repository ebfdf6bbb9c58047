//! Promise 1 and 5 of docs/security-model.md, on the real binary: reports carrying canary strings in three
//! scripts leave no trace of them on disk (database, WAL, blobs, temporary files), in the server
//! log, or (PostgreSQL) in a `pg_dump` — in raw form or any common encoding. Promise 2: the
//! database file alone, without a staff password, opens no report.

mod support;

use std::path::Path;

use base64::Engine as _;
use refuge_domain::inbox::InboxQuery;
use refuge_domain::ports::prelude::*;
use refuge_store::Engine;
use refuge_store::testing::{TestDatabase, postgres_skipped};
use support::{
    PASSWORD, Server, add_staff, api_get, client, extract, files_under, jpeg_with_comment,
    staff_token, submit_form, submit_with_files,
};

const CANARIES: &[&str] = &[
    "CANARY-LATIN-q7Zx3",
    "金丝雀测试七三九",
    "كانارىيە سىنىقى بەش",
];

/// Typed only as a search (in no report): what a caseworker searched for is kept nowhere.
const SEARCH_CANARY: &str = "SEARCHED-FOR-k4Wm9";

/// A label the organisation defines (in its configuration): which cases carry it is sealed in
/// their case cards, so the code never reaches the database.
const LABEL_CANARY: &str = "label_canary_r8t2";

/// The configuration that defines it.
const LABEL_ENV: (&str, &str) = (
    "REFUGE_CASE__LABELS",
    r##"[{ code = "label_canary_r8t2", name = "Canary label", colour = "#123456" }]"##,
);

/// Typed only in an identifier look-up: what a caseworker looked for is kept nowhere (the
/// audit log names the kind only).
const LOOKUP_CANARY: &str = "LOOKUP-CANARY-m3Vp8";

/// Recorded by a caseworker on a case: sealed in its case card and identifier set only.
const CASEWORKER_CANARY: &str = "CASEWORKER-CANARY-h5Ty1";

/// Inside a registry source's archived copy (and its file name): sealed like evidence, only
/// its SHA-256 public.
const ARCHIVE_CANARY: &str = "ARCHIVE-CANARY-w2Qs6";

/// The forms correlation reduces the canaries to (folded, transliterated): those must not
/// reach the disk either, and neither may any age secret key (the correlation key's included).
fn normalised_canaries() -> Vec<String> {
    use refuge_domain::taxonomy::IdentifierKind;
    let mut forms = Vec::new();
    for canary in CANARIES.iter().chain([&LOOKUP_CANARY, &CASEWORKER_CANARY]) {
        for kind in IdentifierKind::ALL {
            for key in refuge_identifiers::keys_for(*kind, canary, &["CN"]) {
                let form = key.key.rsplit(':').next().unwrap_or_default().to_owned();
                if form.chars().count() >= 8 && !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
    }
    forms
}

/// A staff member's second-factor secret (in base32 and raw) and recovery codes: on disk only
/// sealed under their identity.
static FACTOR_SECRETS: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());

/// `bytes` with every byte but ASCII letters and digits written by `escape`.
fn percent(bytes: &[u8], escape: impl Fn(u8) -> String) -> Vec<u8> {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (*b as char).to_string()
            } else {
                escape(*b)
            }
        })
        .collect::<String>()
        .into_bytes()
}

/// `text` with every non-ASCII character written by `escape`.
fn non_ascii(text: &str, escape: impl Fn(char) -> String) -> Vec<u8> {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                escape(c)
            }
        })
        .collect::<String>()
        .into_bytes()
}

/// The encodings a leaked string might take on disk or in a log.
fn encodings(canary: &str) -> Vec<(String, Vec<u8>)> {
    let raw = canary.as_bytes().to_vec();
    let mut forms = vec![
        ("utf-8".to_owned(), raw.clone()),
        (
            "utf-16le".into(),
            canary
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect(),
        ),
        (
            "utf-16be".into(),
            canary
                .encode_utf16()
                .flat_map(|u| u.to_be_bytes())
                .collect(),
        ),
        ("hex".into(), hex::encode(&raw).into_bytes()),
        ("HEX".into(), hex::encode_upper(&raw).into_bytes()),
        ("percent".into(), percent(&raw, |b| format!("%{b:02X}"))),
        (
            "percent-lower".into(),
            percent(&raw, |b| format!("%{b:02x}")),
        ),
        (
            "json-escaped".into(),
            non_ascii(canary, |c| format!("\\u{:04x}", c as u32)),
        ),
        (
            "html-entities".into(),
            non_ascii(canary, |c| format!("&#x{:x};", c as u32)),
        ),
    ];
    // Base64 at each of the three alignments; drop the edge characters that depend on neighbours.
    for offset in 0..3 {
        let mut padded = vec![0u8; offset];
        padded.extend_from_slice(&raw);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&padded);
        let skip = if offset == 0 {
            0
        } else {
            (offset * 4).div_ceil(3) + 1
        };
        let core = &encoded[skip..encoded.len().saturating_sub(4)];
        if core.len() >= 8 {
            forms.push((format!("base64+{offset}"), core.as_bytes().to_vec()));
        }
    }
    forms
}

/// Whether `needle` occurs in `haystack` (memchr's SIMD search: the S3 server's files are
/// megabytes, and every canary is looked for in a dozen encodings).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn find_leaks(haystack: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for canary in CANARIES.iter().chain([
        &SEARCH_CANARY,
        &LABEL_CANARY,
        &LOOKUP_CANARY,
        &CASEWORKER_CANARY,
        &ARCHIVE_CANARY,
    ]) {
        for (name, needle) in encodings(canary) {
            if contains(haystack, &needle) {
                found.push(format!("{canary} as {name}"));
            }
        }
    }
    for form in normalised_canaries() {
        for (name, needle) in encodings(&form) {
            if contains(haystack, &needle) {
                found.push(format!("normalised {form} as {name}"));
            }
        }
    }
    if haystack
        .windows(b"AGE-SECRET-KEY-1".len())
        .any(|w| w.eq_ignore_ascii_case(b"AGE-SECRET-KEY-1"))
    {
        found.push("an age secret key in clear".into());
    }
    for secret in FACTOR_SECRETS.lock().expect("lock").iter() {
        if contains(haystack, secret) {
            found.push("a second-factor secret or recovery code".into());
        }
    }
    found
}

fn scan_dir(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .flat_map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_default();
            find_leaks(&bytes)
                .into_iter()
                .map(move |leak| format!("{}: {leak}", path.display()))
        })
        .collect()
}

#[test]
fn the_scanner_finds_every_encoding_it_looks_for() {
    for canary in CANARIES {
        for (name, needle) in encodings(canary) {
            let mut file = b"prefix bytes ".to_vec();
            file.extend_from_slice(&needle);
            file.extend_from_slice(b" suffix");
            assert!(!find_leaks(&file).is_empty(), "{canary} as {name}");
        }
    }
    assert!(find_leaks(b"nothing to see here").is_empty());
}

/// Submits canary-laden reports through the form and the API, checks a caseworker reads them
/// back (so they really were stored), and returns.
async fn submit_canaries(server: &Server) {
    let client = client();
    for (locale, narrative) in [
        ("en", CANARIES[0]),
        ("zh-Hans", CANARIES[1]),
        ("ug", CANARIES[2]),
    ] {
        let narrative = format!("Narrative: {narrative} — {}", CANARIES.join(" / "));
        submit_form(
            &client,
            &server.base,
            locale,
            &[
                ("narrative", &narrative),
                ("tactics", "threat_online"),
                ("host_country", "CA"),
                ("city", CANARIES[0]),
                ("identifiers.0.kind", "name_used"),
                ("identifiers.0.value", CANARIES[1]),
                ("identifiers.1.kind", "wechat"),
                ("identifiers.1.value", CANARIES[2]),
                ("contact.method", "other"),
                ("contact.details", CANARIES[0]),
            ],
        )
        .await;
    }
    let api = client
        .post(format!("{}/api/v1/reports", server.base))
        .header("x-forwarded-for", "203.0.113.77")
        .json(&serde_json::json!({
            "language": "ug", "narrative": CANARIES.join(" "), "tactics": ["spyware"],
            "identifiers": [{"kind": "email", "value": CANARIES[0]}], "idempotency_key": "c4ca4238a0b923820dcc509a6f75849b"
        }))
        .send()
        .await
        .expect("api");
    assert_eq!(api.status(), 201);

    // Files: canaries in a file's name and contents, and inside a JPEG (the cleaned kind, which
    // also passes through an encrypted scratch file).
    let all = CANARIES.join(" ");
    let receipt_page = submit_with_files(
        &client,
        &server.base,
        "ug",
        &[
            ("narrative", "files attached"),
            ("consent.refer_to_partners", "yes"),
        ],
        &[
            (
                &format!("{}-{}.txt", CANARIES[0], CANARIES[2]),
                all.clone().into_bytes(),
            ),
            ("photo.jpg", jpeg_with_comment(&all)),
        ],
    )
    .await;
    let receipt = extract(&receipt_page, r#"id="receipt">"#, "<").expect("receipt");

    let token = staff_token(&client, &server.base, "amina").await;
    let list = api_get(&client, &server.base, "/api/v1/reports", &token).await;
    let ids: Vec<String> = list["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(ids.len(), 5);
    for id in ids {
        let report = api_get(
            &client,
            &server.base,
            &format!("/api/v1/reports/{id}"),
            &token,
        )
        .await;
        let text = report.to_string();
        assert!(
            CANARIES.iter().any(|c| text.contains(c)),
            "the canaries were stored and read back"
        );
        if let Some(file) = report["files"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["kind"] == "text"))
        {
            let content = client
                .get(format!(
                    "{}/api/v1/reports/{id}/files/{}?variant=original",
                    server.base,
                    file["id"].as_str().unwrap_or("")
                ))
                .bearer_auth(&token)
                .send()
                .await
                .expect("download")
                .bytes()
                .await
                .expect("bytes");
            assert_eq!(&content[..], all.as_bytes(), "the file was stored intact");
            // A canary message from the caseworker to the reporter.
            let sent = client
                .post(format!("{}/api/v1/reports/{id}/messages", server.base))
                .bearer_auth(&token)
                .json(&serde_json::json!({"body": format!("Staff asks: {all}")}))
                .send()
                .await
                .expect("message");
            assert_eq!(sent.status(), 201);
        }
    }

    // And one from the reporter, through the follow-up form.
    let signed_in = client
        .post(format!("{}/ug/followup", server.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("receipt", receipt.as_str())])
        .send()
        .await
        .expect("follow-up");
    assert_eq!(signed_in.status(), 303);
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_owned();
    let case = client
        .get(format!("{}/ug/followup/case", server.base))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("case")
        .text()
        .await
        .expect("body");
    assert!(
        case.contains(CANARIES[1]),
        "the staff message reached the reporter"
    );
    let csrf = extract(&case, r#"name="csrf" value=""#, "\"").expect("csrf");
    // The message form's token comes first on the page (the files form has its own).
    let form_token = extract(&case, r#"name="form_token" value=""#, "\"").expect("form token");
    let replied = client
        .post(format!("{}/ug/followup/messages", server.base))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("form_token", form_token.as_str()),
            ("body", &format!("Reporter answers: {all}")),
        ])
        .send()
        .await
        .expect("reply");
    assert_eq!(replied.status(), 303, "sent, and answered with a redirect");

    // A note, then searches: by each canary (the reporter's reply makes its document be
    // rebuilt first), by words of the note, and by a word in no report.
    let noted = client
        .post(format!(
            "{}/api/v1/reports/{}/notes",
            server.base,
            ids_with_files(&client, server, &token).await
        ))
        .bearer_auth(&token)
        .json(&serde_json::json!({"body": format!("Note: {all}")}))
        .send()
        .await
        .expect("note");
    assert_eq!(noted.status(), 201);
    for canary in CANARIES {
        let q = format!("Reporter answers: {canary}");
        let found = api_get(
            &client,
            &server.base,
            &format!("/api/v1/reports?q={}", encode_query(&q)),
            &token,
        )
        .await;
        assert_eq!(found["reports"].as_array().map(Vec::len), Some(1), "{q}");
        let found = api_get(
            &client,
            &server.base,
            &format!(
                "/api/v1/reports?q={}",
                encode_query(&format!("Note: {canary}"))
            ),
            &token,
        )
        .await;
        assert_eq!(found["reports"].as_array().map(Vec::len), Some(1));
    }
    let nothing = api_get(
        &client,
        &server.base,
        &format!("/api/v1/reports?q={SEARCH_CANARY}"),
        &token,
    )
    .await;
    assert_eq!(nothing["reports"].as_array().map(Vec::len), Some(0));

    // A label put on the case and filtered on.
    let id = ids_with_files(&client, server, &token).await;
    let labelled = client
        .patch(format!("{}/api/v1/reports/{id}", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"labels": [LABEL_CANARY]}))
        .send()
        .await
        .expect("label");
    assert_eq!(labelled.status(), 200);
    let filtered = api_get(
        &client,
        &server.base,
        &format!("/api/v1/reports?label={LABEL_CANARY}"),
        &token,
    )
    .await;
    assert_eq!(filtered["reports"].as_array().map(Vec::len), Some(1));

    // A referral of the report with files, the canaries in its account, messages and files:
    // the bundle exists only as an age file to the partner's key (opened here to be sure the
    // canaries went), so no canary of it may be found anywhere after.
    let admin = staff_token(&client, &server.base, "ada").await;
    let partner_key = refuge_crypto::StaffIdentity::generate();
    let partner = client
        .post(format!("{}/api/v1/admin/partners", server.base))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"name": "Clinic", "kind": "legal_aid", "recipient": partner_key.public_key()}))
        .send()
        .await
        .expect("partner");
    assert_eq!(partner.status(), 201);
    let bundle = client
        .post(format!("{}/api/v1/reports/{id}/referrals", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"partner": "Clinic", "include": {"narrative": true, "identifiers": true, "files": "original", "messages": true}}))
        .send()
        .await
        .expect("referral");
    assert_eq!(bundle.status(), 201);
    let bundle = bundle.bytes().await.expect("bundle");
    let opened = partner_key.decrypt(&bundle).expect("the partner opens it");
    // Stored entries (the files) keep their bytes as they are inside the ZIP.
    assert!(
        opened.windows(all.len()).any(|w| w == all.as_bytes()),
        "the canaries went in the bundle"
    );

    // Correlation: the reports were indexed as they were read above; a caseworker records an
    // identifier of their own, looks up one in no report, and one in several.
    let recorded = client
        .patch(format!("{}/api/v1/reports/{id}", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"add_identifier": {"kind": "telegram", "value": CASEWORKER_CANARY}}))
        .send()
        .await
        .expect("identifier");
    assert_eq!(recorded.status(), 200);
    for (kind, value) in [
        ("phone", LOOKUP_CANARY),
        ("name_used", CANARIES[1]),
        ("telegram", CASEWORKER_CANARY),
    ] {
        let found = api_get(
            &client,
            &server.base,
            &format!(
                "/api/v1/identifiers?kind={kind}&value={}",
                encode_query(value)
            ),
            &token,
        )
        .await;
        let expected = usize::from(value != LOOKUP_CANARY);
        assert!(
            found["reports"].as_array().map(Vec::len) >= Some(expected),
            "{kind}: {found}"
        );
    }
    let groups = api_get(
        &client,
        &server.base,
        "/api/v1/correlation/clusters",
        &token,
    )
    .await;
    assert!(groups["clusters"].is_array(), "{groups}");

    // Two-factor sign-in, enrolled and confirmed (the token stays signed in).
    let enrolled: serde_json::Value = client
        .post(format!("{}/api/v1/staff/totp", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("enrol")
        .json()
        .await
        .expect("json");
    let base32 = enrolled["secret"].as_str().expect("secret").to_owned();
    let secret = refuge_crypto::otp::OtpSecret::from_base32(&base32).expect("base32");
    let confirmed = client
        .post(format!("{}/api/v1/staff/totp/confirm", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"code": secret.time_code(unix_now())}))
        .send()
        .await
        .expect("confirm");
    assert_eq!(confirmed.status(), 200);
    {
        let mut secrets = FACTOR_SECRETS.lock().expect("lock");
        secrets.push(base32.into_bytes());
        secrets.push(secret.as_bytes().to_vec());
        for code in enrolled["recovery_codes"].as_array().expect("codes") {
            secrets.push(code.as_str().expect("code").replace('-', "").into_bytes());
        }
    }

    // A statistics release of this month (named on purpose), which counts the reports above.
    let month = refuge_domain::Day::from_unix_seconds(unix_now())
        .year_month()
        .to_string();
    let released = client
        .post(format!("{}/api/v1/statistics/releases", server.base))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"through": month}))
        .send()
        .await
        .expect("release");
    assert_eq!(released.status(), 201);

    // An archived copy of a registry source, kept by an administrator.
    let source: serde_json::Value = client
        .post(format!("{}/api/v1/registry/sources", server.base))
        .bearer_auth(&admin)
        .json(&serde_json::json!({
            "url": "https://example.org/statement",
            "publisher": "Example Ministry",
            "title": "A statement",
            "kind": "official_statement"
        }))
        .send()
        .await
        .expect("source")
        .json()
        .await
        .expect("json");
    let source_id = source["id"].as_str().expect("source id");
    let copy = format!("%PDF-1.4 the statement as published: {ARCHIVE_CANARY}").into_bytes();
    let kept = client
        .post(format!(
            "{}/api/v1/registry/sources/{source_id}/archive",
            server.base
        ))
        .bearer_auth(&admin)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(copy).file_name(format!("{ARCHIVE_CANARY}.pdf")),
        ))
        .send()
        .await
        .expect("archive");
    assert_eq!(kept.status(), 201);

    // The public side — the registry's and the statistics' pages, API and open-data exports —
    // shows nothing of any report, in any encoding the scanner knows.
    for path in [
        "/en/registry",
        "/ug/registry",
        "/registry.csv",
        "/registry.json",
        "/api/v1/registry/entries",
        "/en/statistics",
        "/bo/statistics",
        "/zh-Hans/statistics/tables",
        "/statistics.csv",
        "/api/v1/statistics?by=tactic_host_country",
        "/api/v1/statistics/releases",
    ] {
        let public = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("a public page");
        assert_eq!(public.status(), 200, "{path}");
        let body = public.bytes().await.expect("its body");
        assert_clean(path, find_leaks(&body));
    }
    RECEIPT_DIGITS
        .lock()
        .expect("lock")
        .push(receipt.chars().filter(char::is_ascii_digit).collect());
}

/// The report that has files (the one the reporter answered on).
async fn ids_with_files(client: &reqwest::Client, server: &Server, token: &str) -> String {
    let list = api_get(client, &server.base, "/api/v1/reports", token).await;
    for report in list["reports"].as_array().expect("reports") {
        let id = report["id"].as_str().unwrap_or("");
        let opened = api_get(
            client,
            &server.base,
            &format!("/api/v1/reports/{id}"),
            token,
        )
        .await;
        if opened["files"].as_array().is_some_and(|f| !f.is_empty()) {
            return id.to_owned();
        }
    }
    panic!("no report with files");
}

fn encode_query(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Receipts shown during the test: they must appear in no log.
static RECEIPT_DIGITS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn assert_clean(what: &str, leaks: Vec<String>) {
    assert!(
        leaks.is_empty(),
        "plaintext found in {what}:\n{}",
        leaks.join("\n")
    );
}

#[tokio::test]
async fn no_canary_reaches_the_disk_or_the_log_on_sqlite() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    add_staff(data.path(), "", "amina", "caseworker");
    add_staff(data.path(), "", "ada", "admin");
    let server = Server::start_with(data.path(), "", logs.path(), &[LABEL_ENV]);
    submit_canaries(&server).await;
    // Scan while running (WAL not yet checkpointed) and again after a hard stop.
    assert_clean(
        "the data directory of a running server",
        scan_dir(data.path()),
    );
    let log = server.log();
    server.stop();
    assert_clean("the data directory after kill", scan_dir(data.path()));
    assert_clean("the server log", find_leaks(log.as_bytes()));
    for digits in RECEIPT_DIGITS.lock().expect("lock").iter() {
        assert!(!log.contains(&digits[..16]), "a receipt reached the log");
    }
    for identifying in ["UA-CANARY", "203.0.113.77", "127.0.0.1:"] {
        let lines: Vec<&str> = log
            .lines()
            .filter(|l| l.contains(identifying) && !l.contains("listening"))
            .collect();
        assert!(lines.is_empty(), "the log records {identifying}: {lines:?}");
    }
    assert!(
        log.contains("route=\"/api/v1/reports\""),
        "the log does record staff requests, just not who made them"
    );
    backup_is_clean(data.path(), "", &[]);
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Tables that keep staff members' own times (sign-ins, sessions, the audit trail): they say
/// when staff did something, never when a reporter did.
const STAFF_TABLES: &[&str] = &[
    "staff",
    "staff_sessions",
    "staff_second_factors",
    "staff_factor_challenges",
    "audit_log",
    "audit_checkpoints",
    "login_throttle",
    "setup_tokens",
    "refuge_migrations",
];

/// Security review H2: nothing at rest dates what a reporter did to better than a day. Every
/// whole number in every table that is not a staff table is checked against the moments of
/// the test, in seconds, milliseconds and microseconds.
async fn assert_no_reporter_moment_at_rest(store: &refuge_store::SqlStore, start: i64, end: i64) {
    let cells = store.integer_cells().await.expect("scan");
    let moment = |v: i64| (start - 2..=end + 2).contains(&v);
    let dated: Vec<String> = cells
        .iter()
        .filter(|(table, _, _)| !STAFF_TABLES.contains(&table.as_str()))
        .filter(|(_, _, v)| moment(*v) || moment(v / 1_000) || moment(v / 1_000_000))
        .map(|(table, column, value)| format!("{table}.{column} = {value}"))
        .collect();
    assert!(dated.is_empty(), "moments at rest: {dated:?}");
    assert!(
        cells
            .iter()
            .any(|(table, _, v)| table == "staff_sessions" && moment(*v)),
        "control: the scan does see a moment where one is kept (a staff session's start)"
    );
    assert!(
        cells
            .iter()
            .any(|(table, _, _)| table == "reporter_sessions"),
        "the reporter's session was there to be checked"
    );
    assert!(
        !cells.iter().any(|(table, _, _)| table == "login_throttle"),
        "wrong receipts leave no throttle row"
    );
}

/// Wrong receipts, as someone guessing would type them (each counted in memory only).
async fn try_wrong_receipts(server: &Server) {
    let client = client();
    for _ in 0..3 {
        let guess = refuge_crypto::Receipt::generate();
        let answer = client
            .post(format!("{}/en/followup", server.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[("receipt", guess.digits())])
            .send()
            .await
            .expect("guess");
        assert_eq!(answer.status(), 400);
    }
}

/// Security review H2, on disk and in the log: blobs live in the database, so no file's times
/// date a report or a file; reporter sessions keep their times sealed; throttling receipts
/// leaves no row; and the log counts reporters' requests once an hour (and at a stop), never
/// one line per request.
#[tokio::test]
async fn nothing_at_rest_or_in_the_log_dates_what_a_reporter_did_on_sqlite() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    add_staff(data.path(), "", "amina", "caseworker");
    add_staff(data.path(), "", "ada", "admin");
    let server = Server::start_with(data.path(), "", logs.path(), &[LABEL_ENV]);
    let start = unix_now();
    submit_canaries(&server).await;
    try_wrong_receipts(&server).await;
    let end = unix_now();

    let running = server.log();
    let per_request: Vec<&str> = running
        .lines()
        .filter(|l| {
            [
                "route=\"/report",
                "route=\"/followup",
                "route=\"/api/v1/reporter",
                "route=\"/static",
                "route=\"/evidence-key",
                "route=\"/\"",
                "method=POST route=\"/api/v1/reports\"",
                "route=\"(unmatched)",
            ]
            .iter()
            .any(|r| l.contains(r))
        })
        .collect();
    assert!(
        per_request.is_empty(),
        "reporter requests logged one by one: {per_request:?}"
    );
    assert!(
        running.contains("route=\"/api/v1/reports\""),
        "staff requests are logged one by one"
    );
    server.stop_gracefully();
    let stopped = std::fs::read_dir(logs.path())
        .expect("logs")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    let summary = stopped
        .lines()
        .find(|l| l.contains("reporter requests since the last summary"))
        .expect("the count of reporter requests, written at the stop");
    assert!(
        summary.contains("POST /report 200 x") && summary.contains("POST /followup 400 x3"),
        "{summary}"
    );

    // The data directory holds the database and its lock, whatever was sent.
    let mut files: Vec<String> = files_under(data.path())
        .iter()
        .filter_map(|p| p.strip_prefix(data.path()).ok())
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    for file in &files {
        assert!(
            [
                "refuge.sqlite3",
                "refuge.sqlite3-wal",
                "refuge.sqlite3-shm",
                "refuge.lock"
            ]
            .contains(&file.as_str()),
            "a file whose times could date a report: {file} (all: {files:?})"
        );
    }

    let store = refuge_store::SqlStore::open_sqlite(data.path())
        .await
        .expect("open");
    assert_no_reporter_moment_at_rest(&store, start, end).await;
    store.close().await;
}

#[tokio::test]
async fn no_canary_reaches_the_disk_or_a_dump_on_postgres() {
    if postgres_skipped() {
        return;
    }
    postgres_scan(None).await;
}

/// The same with evidence files in an S3 bucket: the canaries reach neither the bucket's
/// objects (each must be an age file) nor the S3 server's files on disk.
#[tokio::test]
async fn no_canary_reaches_the_bucket_on_postgres() {
    if postgres_skipped() {
        return;
    }
    let Some(bucket) = refuge_store::testing::test_bucket() else {
        return;
    };
    postgres_scan(Some(&bucket)).await;
    let store = refuge_store::BucketBlobStore::open(&bucket)
        .await
        .expect("bucket");
    let objects: Vec<Vec<u8>> = tokio::task::spawn_blocking(move || {
        use refuge_domain::ports::BlobStore;
        store
            .list_older_than(0)
            .expect("list")
            .iter()
            .map(|name| store.get(name).expect("object"))
            .collect()
    })
    .await
    .expect("blocking");
    assert!(
        objects.len() >= 3,
        "the canary files and their working copies are in the bucket ({} objects)",
        objects.len()
    );
    for object in &objects {
        assert!(
            object.starts_with(b"age-encryption.org/v1\n"),
            "every object is an age file"
        );
        assert_clean("an object in the bucket", find_leaks(object));
    }
    let server_files = refuge_store::testing::test_bucket_dir()
        .expect("REFUGE_TEST_S3_DIR: where the S3 server keeps its files");
    assert!(
        !files_under(&server_files).is_empty(),
        "the S3 server's files are where REFUGE_TEST_S3_DIR says"
    );
    assert_clean("the S3 server's files", scan_dir(&server_files));
}

async fn postgres_scan(bucket: Option<&refuge_store::BucketSettings>) {
    let db = TestDatabase::create(Engine::Postgres).await;
    let logs = tempfile::tempdir().expect("log dir");
    add_staff(db.data_dir(), &db.url, "amina", "caseworker");
    add_staff(db.data_dir(), &db.url, "ada", "admin");
    let bucket_env = bucket
        .map(refuge_store::testing::bucket_env)
        .unwrap_or_default();
    let mut env: Vec<(&str, &str)> = bucket_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(LABEL_ENV);
    let server = Server::start_with(db.data_dir(), &db.url, logs.path(), &env);
    let start = unix_now();
    submit_canaries(&server).await;
    try_wrong_receipts(&server).await;
    let end = unix_now();
    let log = server.log();
    server.stop();
    if let Some(bucket) = bucket {
        let moved = support::files_move_to_the_bucket(db.data_dir(), &db.url, bucket).await;
        assert!(moved >= 3, "the canary files moved to the bucket ({moved})");
    }
    let store = refuge_store::SqlStore::open_postgres(&db.url)
        .await
        .expect("open");
    assert_no_reporter_moment_at_rest(&store, start, end).await;
    store.close().await;
    let schema = db.schema().expect("a PostgreSQL schema").to_owned();
    let admin = refuge_store::testing::postgres_admin_url();
    let dump = std::process::Command::new("pg_dump")
        .args(["--schema", &schema, "--dbname", &admin])
        .output()
        .expect("pg_dump (Debian package postgresql-client)");
    assert!(
        dump.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    assert!(
        String::from_utf8_lossy(&dump.stdout).contains("reports"),
        "the dump holds the reports table"
    );
    assert_clean("pg_dump", find_leaks(&dump.stdout));
    assert_clean("the data directory", scan_dir(db.data_dir()));
    assert_clean("the server log", find_leaks(log.as_bytes()));
    backup_is_clean(db.data_dir(), &db.url, &bucket_env);
}

/// `refuge backup` of the database: neither the age file nor what it holds once opened (the
/// database's rows, sealed where they hold anything of a report) carries a canary.
fn backup_is_clean(data_dir: &Path, database_url: &str, env: &[(&str, String)]) {
    use std::io::Read;
    let identity = refuge_crypto::StaffIdentity::generate();
    let out = tempfile::tempdir().expect("out");
    let file = out.path().join("backup.age");
    let mut command = std::process::Command::new(support::binary());
    command
        .args(["backup", "--out"])
        .arg(&file)
        .arg("--data-dir")
        .arg(data_dir)
        .env(
            "REFUGE_BACKUP__RECIPIENTS",
            format!("[\"{}\"]", identity.public_key()),
        )
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    if !database_url.is_empty() {
        command.args(["--database-url", database_url]);
    }
    let output = command.output().expect("refuge backup");
    assert!(
        output.status.success(),
        "backup: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let sealed = std::fs::read(&file).expect("backup file");
    assert_clean("the backup file", find_leaks(&sealed));
    let mut opened = Vec::new();
    identity
        .decrypt_stream(std::fs::File::open(&file).expect("open"))
        .expect("the backup opens with its recipient's identity")
        .read_to_end(&mut opened)
        .expect("read");
    assert!(opened.starts_with(b"refuge-backup 1\n"));
    assert_clean("the backup's rows, opened", find_leaks(&opened));
}

/// A sealed blob as the database holds it.
async fn read_blob(store: &refuge_store::SqlStore, data_dir: &Path, name: &str) -> Vec<u8> {
    use refuge_domain::ports::BlobStore;
    let blobs = refuge_store::SqlBlobStore::open(store.clone(), data_dir).expect("blobs");
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || blobs.get(&name))
        .await
        .expect("read")
        .expect("blob")
}

/// Promise 2: with the database file and blobs but no password, nothing opens; with the
/// password, the same material opens (so the test would notice if the data were not there).
#[tokio::test]
async fn the_database_alone_opens_no_report() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start(data.path(), "", logs.path());
    submit_form(&client(), &server.base, "en", &[("narrative", CANARIES[0])]).await;
    server.stop();

    let store = refuge_store::SqlStore::open_sqlite(data.path())
        .await
        .expect("open copy");
    let amina = store
        .staff_by_username("amina")
        .await
        .expect("query")
        .expect("amina");
    let page = store
        .inbox(amina.id, &InboxQuery::newest(10, None))
        .await
        .expect("inbox");
    let report = store
        .report(page.entries[0].meta.id)
        .await
        .expect("query")
        .expect("report");
    let ciphertext = read_blob(&store, data.path(), &report.blob).await;
    assert!(ciphertext.starts_with(b"age-encryption.org/v1"));

    // Everything the disk holds that looks like key material, tried as a key.
    let mut candidates: Vec<Vec<u8>> = vec![amina.wrapped_identity.clone()];
    for name in ["receipt_salt", "form_key"] {
        candidates.push(store.instance_secret(name, b"").await.expect("secret"));
    }
    for guess in ["", "password", "amina", "refuge", "correct horse battery"] {
        assert!(
            refuge_crypto::seal::unwrap_with_password(
                &mut refuge_crypto::KdfMemory::default(),
                &amina.wrapped_identity,
                guess
            )
            .is_err(),
            "{guess:?}"
        );
    }
    for candidate in &candidates {
        if let Ok(identity) = refuge_crypto::StaffIdentity::from_secret_bytes(candidate) {
            assert!(identity.decrypt(&ciphertext).is_err());
        }
        let key: [u8; 32] = candidate
            .get(..32)
            .and_then(|s| s.try_into().ok())
            .unwrap_or([0; 32]);
        assert!(refuge_crypto::seal::open(&key, &ciphertext, b"").is_err());
    }
    // Control: the password is what opens it.
    let secret = refuge_crypto::seal::unwrap_with_password(
        &mut refuge_crypto::KdfMemory::default(),
        &amina.wrapped_identity,
        PASSWORD,
    )
    .expect("with the password");
    let identity = refuge_crypto::StaffIdentity::from_secret_bytes(&secret).expect("identity");
    let plaintext = identity
        .decrypt(&ciphertext)
        .expect("decrypts with the staff key");
    assert!(String::from_utf8_lossy(&plaintext).contains(CANARIES[0]));
    store.close().await;
}

/// Key design: a sealed report is a standard age file. Given a staff identity, Debian's `age`
/// tool opens it — a reporter's data is never locked into our code.
#[tokio::test]
async fn stored_reports_open_with_the_standard_age_tool() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start(data.path(), "", logs.path());
    submit_form(
        &client(),
        &server.base,
        "ug",
        &[
            ("narrative", CANARIES[2]),
            ("identifiers.0.kind", "phone"),
            ("identifiers.0.value", "+86 138 0013 8000"),
        ],
    )
    .await;
    server.stop();

    let store = refuge_store::SqlStore::open_sqlite(data.path())
        .await
        .expect("open");
    let amina = store
        .staff_by_username("amina")
        .await
        .expect("query")
        .expect("amina");
    let id = store
        .inbox(amina.id, &InboxQuery::newest(1, None))
        .await
        .expect("inbox")
        .entries[0]
        .meta
        .id;
    let blob = store.report(id).await.expect("query").expect("report").blob;
    let sealed = read_blob(&store, data.path(), &blob).await;
    store.close().await;
    let secret = refuge_crypto::seal::unwrap_with_password(
        &mut refuge_crypto::KdfMemory::default(),
        &amina.wrapped_identity,
        PASSWORD,
    )
    .expect("unwrap");
    let keys = tempfile::tempdir().expect("key dir");
    let identity_file = keys.path().join("amina.key");
    std::fs::write(&identity_file, [secret.as_slice(), b"\n"].concat()).expect("identity file");
    // The sealed report exactly as stored (in the database: decision 0010), as a file.
    let blob_path = keys.path().join("report.age");
    std::fs::write(&blob_path, &sealed).expect("sealed report file");
    let output = std::process::Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity_file)
        .arg(&blob_path)
        .output()
        .expect("the `age` tool (Debian package age) is installed by .ci/run");
    assert!(
        output.status.success(),
        "age: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON inside");
    assert_eq!(document["format"], "refuge.report.v1");
    assert_eq!(document["report"]["narrative"], CANARIES[2]);
    assert_eq!(
        document["report"]["identifiers"][0]["value"],
        "+86 138 0013 8000"
    );
    assert_eq!(document["report_id"], id.to_string());
}

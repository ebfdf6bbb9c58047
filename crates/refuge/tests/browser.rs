//! Promise 6 of docs/security-model.md: the whole reporter path works in a real browser — Debian's
//! Chromium, driven by `tests/browser/reporter-path.mjs` with JavaScript disabled — in all six
//! locales, with zero requests to any other origin; the Uyghur pages render right to left and
//! the quick exit leaves for a neutral site. Screenshots go to `artifacts/browser/`.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use support::{Server, add_staff};

/// A stand-in for the neutral website the quick exit opens (another origin on loopback).
fn neutral_site() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("neutral site");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>Weather: sunny</body></html>",
            );
        }
    });
    format!("http://127.0.0.1:{port}/")
}

#[test]
fn the_reporter_path_works_in_chromium_without_javascript_in_every_locale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/reporter-path.mjs");
    assert!(
        root.join("tests/browser/node_modules/playwright-core")
            .exists(),
        "run scripts/test (it installs chromium and `npm ci` in tests/browser)"
    );
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let neutral = neutral_site();
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_WEB__QUICK_EXIT_URL", neutral.as_str())],
    );
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&neutral)
        .arg(&out)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser walk failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_str(stdout.trim()).expect("results");
    assert_eq!(
        results["foreign"].as_array().map(Vec::len),
        Some(0),
        "no request to another origin"
    );
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        let bytes = &results["locales"][locale]["bytes"];
        assert!(
            bytes["form"].as_u64().unwrap_or(0) > 0,
            "{locale}: bytes recorded"
        );
        eprintln!(
            "{locale}: landing {} B, form {} B, error {} B, receipt {} B",
            bytes["landing"], bytes["form"], bytes["error"], bytes["receipt"]
        );
    }
    for name in [
        "ug-1-landing.png",
        "ug-4-receipt.png",
        "bo-2-form.png",
        "zh-Hant-3-error.png",
    ] {
        assert!(out.join(name).exists(), "screenshot {name}");
    }
    server.stop();
}

/// Definition of done of the follow-up: submit with two files → receipt → a caseworker replies
/// → the reporter signs in with the receipt, reads the reply, answers and adds a file → the
/// caseworker sees both; all in Chromium with JavaScript disabled.
#[test]
fn a_conversation_with_files_works_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/conversation.mjs");
    let fixtures = root.join("tests/fixtures/evidence");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(data.path(), "", logs.path(), &[]);
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .arg("amina")
        .arg(support::PASSWORD)
        .arg(fixtures.join("photo-gps.jpg"))
        .arg(fixtures.join("letter-author.pdf"))
        .arg(fixtures.join("screenshot.png"))
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "conversation failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(out.join("conversation-4-caseworker.png").exists());
    server.stop();
}

/// Issue 8, items 1–4 and 6, in Uyghur and Traditional Chinese (`first-minutes.mjs`): exactly
/// the files chosen on the receipt; words typed when a session ended come back unsent; reloads
/// send nothing again; the receipt only within its window and no words back after leaving; a
/// phone number with direction marks accepted. Then, through the API: every report stored
/// once, and the number without its marks.
#[test]
fn a_newcomers_first_minutes_work_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/first-minutes.mjs");
    let fixtures = root.join("tests/fixtures/evidence");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    let note = data.path().join("note.txt");
    std::fs::write(&note, "a plain note added later").expect("note");
    add_staff(data.path(), "", "amina", "caseworker");
    let window = "20";
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_INTAKE__RECEIPT_WINDOW_SECONDS", window)],
    );
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .arg("amina")
        .arg(support::PASSWORD)
        .arg(window)
        .arg(fixtures.join("photo-gps.jpg"))
        .arg(fixtures.join("letter-author.pdf"))
        .arg(fixtures.join("screenshot.png"))
        .arg(&note)
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "first minutes failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = support::client();
        let token = support::staff_token(&client, &server.base, "amina").await;
        let list =
            support::api_get(&client, &server.base, "/api/v1/reports?limit=50", &token).await;
        let reports = list["reports"].as_array().expect("reports");
        // Per locale: one sent first (its window then passes), one without files, one with a
        // file, one with three. Reloads and Back added none.
        assert_eq!(reports.len(), 8, "every report stored once: {list}");
        let mut marked = 0;
        for entry in reports {
            let id = entry["id"].as_str().expect("id");
            let report = support::api_get(
                &client,
                &server.base,
                &format!("/api/v1/reports/{id}"),
                &token,
            )
            .await;
            if let Some(value) = report["report"]["identifiers"][0]["value"].as_str() {
                assert_eq!(value, "+86 138 0013 8000", "stored without the marks");
                marked += 1;
            }
        }
        assert_eq!(marked, 2, "the marked number, once per locale");
    });
    for name in [
        "first-minutes-ug-1-receipt-no-files.png",
        "first-minutes-zh-Hant-5-words-back.png",
        "first-minutes-ug-7-window-passed.png",
        "first-minutes-staff-words-back.png",
    ] {
        assert!(out.join(name).exists(), "screenshot {name}");
    }
    server.stop();
}

/// Issue 10's caseworker day (`caseworker-day.mjs`): two-factor enrolment from the QR code page,
/// a sign-in completed with a code on the Uyghur pages (right to left), then in each of the six
/// locales a search in Chinese and in Uyghur, a bookmarkable filter, assignment, status,
/// urgency and a note — all without JavaScript, with screenshots.
#[test]
fn a_caseworkers_day_works_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/caseworker-day.mjs");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(data.path(), "", logs.path(), &[]);
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .arg("amina")
        .arg(support::PASSWORD)
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "caseworker day failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        assert!(out.join(format!("day-3-case-{locale}.png")).exists());
    }
    server.stop();
}

/// Issue 11 (`referral.mjs`): a caseworker follows a phone number's match from a Uyghur report
/// to a Tibetan one and refers it — the browser downloads the age file, which only the
/// partner's key opens — then the reporter, in Tibetan, sees the referral (not the partner's
/// name) and withdraws consent, and the next referral is refused with the reason.
#[test]
fn a_match_is_followed_and_a_case_referred_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/referral.mjs");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "ada", "admin");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(data.path(), "", logs.path(), &[]);
    let partner = refuge_crypto::StaffIdentity::generate();
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .arg("ada")
        .arg("amina")
        .arg(support::PASSWORD)
        .arg(partner.public_key())
        .output()
        .expect("node");
    assert!(
        output.status.success(),
        "referral walk failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    let bundle = std::fs::read(out.join("referral-bundle.age")).expect("the download");
    let zip = partner
        .decrypt(&bundle)
        .expect("the partner's key opens it");
    assert!(zip.starts_with(b"PK\x03\x04"), "a ZIP inside");
    // The downloaded bundle is the partner's; it is not kept among the artifacts.
    std::fs::remove_file(out.join("referral-bundle.age")).expect("remove");
    for name in [
        "referral-1-match.png",
        "referral-3-reporter-bo.png",
        "referral-4-consent-bo.png",
        "referral-5-refused.png",
    ] {
        assert!(out.join(name).exists(), "screenshot {name}");
    }
    server.stop();
}

/// Issue 12 (`registry.mjs`): the research seed imported with the command line, three drafts
/// published by a researcher through the workbench, then the registry list (map and table), a
/// country filter and an entry in all six locales — no script, nothing from another origin,
/// each page with everything it loads at most 60 KB.
#[test]
fn the_registry_is_published_and_read_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/registry.mjs");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "ana", "researcher");
    let seed = root.join("samples/registry-seed");
    let imported = Command::new(env!("CARGO_BIN_EXE_refuge"))
        .args(["registry", "import", "--data-dir"])
        .arg(data.path())
        .arg("--stations")
        .arg(seed.join("stations.csv"))
        .arg("--sources")
        .arg(seed.join("sources.csv"))
        .arg("--figures")
        .arg(seed.join("figures.csv"))
        .output()
        .expect("refuge registry import");
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(String::from_utf8_lossy(&imported.stdout).contains("101 added"));
    let server = Server::start_with(data.path(), "", logs.path(), &[]);
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .arg("ana")
        .arg(support::PASSWORD)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "registry walk failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_str(stdout.trim()).expect("results");
    assert_eq!(
        results["foreign"].as_array().map(Vec::len),
        Some(0),
        "no request to another origin: {}",
        results["foreign"]
    );
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        for page in ["list", "filtered", "entry"] {
            let bytes = results["pages"][format!("{locale}/{page}")]
                .as_u64()
                .unwrap_or(0);
            assert!(
                bytes > 0 && bytes <= 60 * 1024,
                "{locale}/{page}: {bytes} B"
            );
            eprintln!("{locale}/{page}: {bytes} B");
        }
        for name in ["registry-1-list", "registry-2-entry"] {
            assert!(out.join(format!("{name}-{locale}.png")).exists());
        }
    }
    server.stop();
}

/// Issue 12 (`statistics.mjs`): reports sent with and without consent, a release published by
/// an administrator, then the statistics page and its further tables in all six locales — no
/// script, nothing from another origin, the statistics page with everything it loads at most
/// 60 KB, the further tables' page too.
#[test]
fn the_statistics_are_read_in_chromium_without_javascript() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/statistics.mjs");
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "ada", "admin");
    let server = Server::start_with(data.path(), "", logs.path(), &[]);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let client = support::client();
        for (n, (country, tactic, consent)) in [("CA", "threat_online", true), ("FR", "relatives_threatened", true), ("GB", "assault", true), ("NL", "assault", false)]
            .into_iter()
            .enumerate()
        {
            let copies = [24, 13, 3, 12][n];
            for _ in 0..copies {
                let key: String = refuge_crypto::random::bytes::<16>().iter().map(|b| format!("{b:02x}")).collect();
                let sent = client
                    .post(format!("{}/api/v1/reports", server.base))
                    .json(&serde_json::json!({
                        "language": "en", "host_country": country, "tactics": [tactic], "community": "uyghur",
                        "narrative": "they followed me",
                        "consent": {"refer_to_police": false, "refer_to_partners": false, "research_statistics": consent},
                        "contact": {"via_platform_only": true}, "idempotency_key": key
                    }))
                    .send()
                    .await
                    .expect("report");
                assert_eq!(sent.status(), 201);
            }
        }
        let admin = support::staff_token(&client, &server.base, "ada").await;
        let month = refuge_domain::Day::from_unix_seconds(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
        )
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
    });
    let out = root.join("artifacts/browser");
    let output = Command::new("node")
        .arg(&script)
        .arg(&server.base)
        .arg(&out)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "statistics walk failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_str(stdout.trim()).expect("results");
    assert_eq!(
        results["foreign"].as_array().map(Vec::len),
        Some(0),
        "{}",
        results["foreign"]
    );
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        let bytes = results["pages"][format!("{locale}/statistics")]
            .as_u64()
            .unwrap_or(0);
        assert!(
            bytes > 0 && bytes <= 60 * 1024,
            "{locale}/statistics: {bytes} B"
        );
        let tables = results["pages"][format!("{locale}/tables")]
            .as_u64()
            .unwrap_or(0);
        assert!(
            tables > 0 && tables <= 60 * 1024,
            "{locale}/tables: {tables} B"
        );
        eprintln!("{locale}/statistics: {bytes} B, tables: {tables} B");
        assert!(out.join(format!("statistics-1-page-{locale}.png")).exists());
    }
    server.stop();
}

//! A referral opened as a partner opens it, with Debian's own tools on the real binary: the
//! partner makes a key with `age-keygen`, the bundle decrypts with `age -d -i key.txt`, the
//! ZIP opens with `unzip`, the manifest's signature verifies with `openssl pkeyutl` against the
//! key the instance publishes, every file's SHA-256 matches the manifest (and the original's,
//! for a file sent as received), the working copy of a photo has lost its metadata, and a
//! manifest changed by one byte no longer verifies.

mod support;

use std::path::Path;
use std::process::Command;

use support::{
    Server, add_staff, client, extract, jpeg_with_comment, staff_token, submit_with_files,
};

fn run(command: &mut Command) -> std::process::Output {
    let output = command
        .output()
        .expect("the tool is installed by scripts/test");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn sha256_hex(bytes: &[u8]) -> String {
    let mut hash = refuge_crypto::random::StreamingSha256::default();
    hash.update(bytes);
    hash.finish_hex()
}

fn verify(dir: &Path, key: &Path, manifest: &Path) -> bool {
    Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-inkey"])
        .arg(key)
        .arg("-rawin")
        .arg("-in")
        .arg(manifest)
        .arg("-sigfile")
        .arg(dir.join("manifest.sig"))
        .output()
        .expect("openssl")
        .status
        .success()
}

#[tokio::test]
async fn a_partner_opens_the_bundle_with_age_unzip_and_openssl() {
    let data = tempfile::tempdir().expect("data dir");
    let logs = tempfile::tempdir().expect("log dir");
    let work = tempfile::tempdir().expect("work dir");
    add_staff(data.path(), "", "ada", "admin");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start(data.path(), "", logs.path());
    let client = client();

    // The partner's key, made as the partner would make it.
    let key_file = work.path().join("partner-key.txt");
    run(Command::new("age-keygen").arg("-o").arg(&key_file));
    let key_text = std::fs::read_to_string(&key_file).expect("key");
    let recipient = key_text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("public key line")
        .to_owned();

    let admin = staff_token(&client, &server.base, "ada").await;
    let added = client
        .post(format!("{}/api/v1/admin/partners", server.base))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"name": "Digital Defenders", "kind": "digital_security", "recipient": recipient}))
        .send()
        .await
        .expect("partner");
    assert_eq!(added.status(), 201);

    // A report with a photo carrying location metadata and a text file, agreeing to partners.
    let photo = jpeg_with_comment("photographer: somebody");
    let notes = "Voice message transcript: come back or your family pays"
        .as_bytes()
        .to_vec();
    let page = submit_with_files(
        &client,
        &server.base,
        "zh-Hant",
        &[
            ("narrative", "他們打電話給我母親"),
            ("identifiers.0.kind", "phone"),
            ("identifiers.0.value", "+852 5123 4567"),
            ("identifier_rows", "1"),
            ("consent.refer_to_partners", "yes"),
        ],
        &[("photo.jpg", photo.clone()), ("notes.txt", notes.clone())],
    )
    .await;
    assert!(extract(&page, r#"id="receipt">"#, "<").is_some(), "{page}");
    let token = staff_token(&client, &server.base, "amina").await;
    let list: serde_json::Value = client
        .get(format!("{}/api/v1/reports", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let id = list["reports"][0]["id"].as_str().expect("id").to_owned();

    let response = client
        .post(format!("{}/api/v1/reports/{id}/referrals", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"partner": "Digital Defenders", "include": {"narrative": true, "identifiers": true, "files": "clean", "messages": false}}))
        .send()
        .await
        .expect("referral");
    assert_eq!(response.status(), 201);
    let bundle = response.bytes().await.expect("bundle");
    let bundle_file = work.path().join("bundle.age");
    std::fs::write(&bundle_file, &bundle).expect("write");

    // age -d -i key.txt bundle.age > bundle.zip; unzip.
    let zip_file = work.path().join("bundle.zip");
    let decrypted = run(Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key_file)
        .arg(&bundle_file));
    std::fs::write(&zip_file, &decrypted.stdout).expect("zip");
    let out = work.path().join("out");
    run(Command::new("unzip")
        .arg("-q")
        .arg(&zip_file)
        .arg("-d")
        .arg(&out));

    // The key the instance publishes is the one in the bundle, and it verifies the manifest.
    let published = client
        .get(format!("{}/evidence-key.pem", server.base))
        .send()
        .await
        .expect("key")
        .text()
        .await
        .expect("pem");
    let published_file = work.path().join("published.pem");
    std::fs::write(&published_file, &published).expect("pem");
    assert_eq!(
        std::fs::read_to_string(out.join("evidence-key.pem")).expect("pem"),
        published
    );
    assert!(
        verify(&out, &published_file, &out.join("manifest.json")),
        "the signature verifies"
    );

    // Every entry's SHA-256 is the manifest's.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let listed: Vec<String> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let bytes = std::fs::read(out.join(path)).expect("listed file present");
            assert_eq!(f["sha256"], sha256_hex(&bytes).as_str(), "{path}");
            path.to_owned()
        })
        .collect();
    assert!(
        listed.contains(&"report.json".to_owned()) && listed.contains(&"report.txt".to_owned())
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report"))
            .expect("json");
    assert_eq!(report["report"]["narrative"], "他們打電話給我母親");
    assert_eq!(
        report["report"]["identifiers"][0]["value"],
        "+852 5123 4567"
    );
    assert!(
        report["report"].get("contact").is_none(),
        "never the contact details"
    );
    // The text file goes as received (nothing to clean); the photo as its clean copy.
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    for file in files {
        let bytes = std::fs::read(out.join(file["path"].as_str().expect("path"))).expect("file");
        if file["kind"] == "text" {
            assert_eq!(bytes, notes);
            assert_eq!(file["original_sha256"], sha256_hex(&notes).as_str());
        } else {
            assert_eq!(file["variant"], "clean");
            assert_eq!(file["original_sha256"], sha256_hex(&photo).as_str());
            assert!(
                !bytes.windows(12).any(|w| w == b"photographer"),
                "the comment is gone"
            );
            let exif = Command::new("exiftool")
                .arg("-GPSLatitude")
                .arg("-s3")
                .arg(out.join(file["path"].as_str().expect("path")))
                .output()
                .expect("exiftool");
            assert!(
                String::from_utf8_lossy(&exif.stdout).trim().is_empty(),
                "no location left"
            );
        }
    }
    let text = std::fs::read_to_string(out.join("report.txt")).expect("text");
    assert!(text.contains("他們打電話給我母親"));
    assert!(
        text.contains("Referral from Refuge"),
        "and in English: {text}"
    );

    // One byte changed in the manifest: the signature no longer verifies.
    let tampered = work.path().join("tampered.json");
    let mut bytes = std::fs::read(out.join("manifest.json")).expect("manifest");
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&tampered, bytes).expect("write");
    assert!(
        !verify(&out, &published_file, &tampered),
        "a changed manifest fails"
    );

    // Nothing of the bundle reached the data directory or the log in clear.
    let log = server.log();
    server.stop();
    for needle in ["refuge.referral.v1", "manifest.sig", "他們打電話給我母親"] {
        assert!(!log.contains(needle), "{needle} in the log");
        for path in support::files_under(data.path()) {
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in {}",
                path.display()
            );
        }
    }
}

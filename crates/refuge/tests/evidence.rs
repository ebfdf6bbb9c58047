//! Evidence files on the real binary, checked with independent tools:
//! - the working copy of a JPEG with GPS EXIF and of a PDF with an author has none of it,
//!   according to Debian's `exiftool`, while the sealed original keeps it;
//! - the signed evidence receipt verifies with the exact commands of `docs/operations.md`
//!   (OpenSSL), and fails after one byte is changed.

mod support;

use std::path::Path;
use std::process::Command;

use support::{Server, add_staff, api_get, client, extract, staff_token, submit_with_files};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/evidence")
            .join(name),
    )
    .expect("fixture")
}

/// exiftool's view of a file: every tag, grouped, as JSON text.
fn exiftool(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("file");
    std::fs::write(&path, bytes).expect("write");
    let output = Command::new("exiftool")
        .args(["-j", "-a", "-G1"])
        .arg(&path)
        .output()
        .expect("exiftool (Debian package libimage-exiftool-perl; scripts/test installs it)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The verification commands exactly as documented for operators and lawyers.
/// The `number`-th shell block (from 1) of "Verifying an evidence receipt" in the operations
/// guide: 1 prints the key's fingerprint, 2 verifies a receipt.
fn documented_commands(number: usize) -> String {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/operations.md"),
    )
    .expect("operations guide");
    let section = doc
        .split("## Verifying an evidence receipt")
        .nth(1)
        .expect("section");
    section
        .split("```sh\n")
        .nth(number)
        .and_then(|block| block.split("```").next())
        .expect("a sh block")
        .to_owned()
}

/// Runs a documented block in a folder holding `evidence.txt` and the public key.
fn run_documented(number: usize, receipt: &[u8], key: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("evidence.txt"), receipt).expect("write");
    std::fs::write(dir.path().join("refuge-evidence-key.pem"), key).expect("write");
    let output = Command::new("sh")
        .arg("-ec")
        .arg(documented_commands(number))
        .current_dir(dir.path())
        .output()
        .expect("sh");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn verify_as_documented(receipt: &[u8], key: &[u8]) -> bool {
    let (success, said) = run_documented(2, receipt, key);
    success && said.contains("Signature Verified Successfully")
}

#[tokio::test]
async fn working_copies_lose_metadata_and_evidence_receipts_verify_with_openssl() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let public = "http://refugeexampleabcdefghijklmnopqrstuvwxyz234567abcdefghijkl.onion";
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_SERVER__PUBLIC_URL", public)],
    );
    let client = client();
    let (jpeg, pdf) = (fixture("photo-gps.jpg"), fixture("letter-author.pdf"));
    let page = submit_with_files(
        &client,
        &server.base,
        "en",
        &[(
            "narrative",
            "The photo and the letter they left at my door.",
        )],
        &[("door.jpg", jpeg.clone()), ("letter.pdf", pdf.clone())],
    )
    .await;
    let form_token = extract(&page, r#"name="form_token" value=""#, "\"").expect("token");

    let token = staff_token(&client, &server.base, "amina").await;
    let list = api_get(&client, &server.base, "/api/v1/reports", &token).await;
    let id = list["reports"][0]["id"].as_str().expect("id").to_owned();
    let report = api_get(
        &client,
        &server.base,
        &format!("/api/v1/reports/{id}"),
        &token,
    )
    .await;
    let download = |file: usize, variant: &'static str| {
        let url = format!(
            "{}/api/v1/reports/{id}/files/{}?variant={variant}",
            server.base,
            report["files"][file]["id"].as_str().unwrap_or("")
        );
        let client = client.clone();
        let token = token.clone();
        async move {
            let response = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("download");
            assert_eq!(response.status(), 200);
            response.bytes().await.expect("bytes").to_vec()
        }
    };

    let (original, clean) = (download(0, "original").await, download(0, "clean").await);
    assert_eq!(original, jpeg, "the sealed original is the file as sent");
    let (before, after) = (exiftool(&original), exiftool(&clean));
    for kept in [
        "GPSLatitude",
        "SerialNumber",
        "Canary Photographer",
        "RefugeCam",
    ] {
        assert!(
            before.contains(kept),
            "exiftool sees {kept} in the original"
        );
    }
    for gone in [
        "GPS",
        "SerialNumber",
        ":Make\"",
        "Model",
        "Artist",
        "Canary",
        "DateTimeOriginal",
    ] {
        assert!(
            !after.contains(gone),
            "the working copy still has {gone}:\n{after}"
        );
    }
    assert!(
        after.contains("ImageWidth\": 64"),
        "still the same picture:\n{after}"
    );

    let (original, clean) = (download(1, "original").await, download(1, "clean").await);
    assert_eq!(original, pdf);
    let (before, after) = (exiftool(&original), exiftool(&clean));
    assert!(before.contains("Refuge Canary Author"), "{before}");
    for gone in [
        "Refuge Canary Author",
        "Refuge Test Writer",
        "Refuge Fixture Maker",
        ":Author\"",
        ":Creator\"",
        ":Producer\"",
    ] {
        assert!(
            !after.contains(gone),
            "the PDF working copy still has {gone}:\n{after}"
        );
    }
    assert!(
        after.contains("PageCount\": 1"),
        "still a one-page PDF:\n{after}"
    );

    // The evidence receipt, from the receipt page, verified with the documented commands.
    let receipt = client
        .post(format!("{}/en/report/evidence", server.base))
        .header("sec-fetch-site", "same-origin")
        .form(&[("form_token", form_token.as_str())])
        .send()
        .await
        .expect("evidence receipt");
    assert_eq!(receipt.status(), 200);
    let receipt = receipt.bytes().await.expect("bytes").to_vec();
    let key = client
        .get(format!("{}/evidence-key.pem", server.base))
        .send()
        .await
        .expect("key")
        .bytes()
        .await
        .expect("bytes")
        .to_vec();
    let text = String::from_utf8_lossy(&receipt);
    assert!(text.contains("door.jpg") && text.contains("letter.pdf"));
    assert!(
        text.contains(&format!("{public}/evidence-key.pem")),
        "names where the key is published:\n{text}"
    );
    // The fingerprint the receipt states is what the documented OpenSSL command prints.
    let (printed, said) = run_documented(1, &receipt, &key);
    assert!(printed, "the fingerprint command ran: {said}");
    let fingerprint = said
        .rsplit("= ")
        .next()
        .map(str::trim)
        .expect("fingerprint printed");
    assert_eq!(fingerprint.len(), 95, "{said}");
    assert!(
        text.contains(fingerprint),
        "the receipt states the fingerprint OpenSSL prints ({fingerprint}):\n{text}"
    );
    assert!(
        verify_as_documented(&receipt, &key),
        "the documented check passes:\n{text}"
    );
    let position = text.find("door.jpg").expect("name");
    let mut tampered = receipt.clone();
    tampered[position] ^= 0x01;
    assert!(
        !verify_as_documented(&tampered, &key),
        "one changed byte fails the check"
    );
    server.stop();
}

/// A registry source's archived copy on the real binary: 48 MiB streamed through the API is
/// sealed as it arrives (the server's peak memory stays far below the file's size), comes back
/// byte for byte, and its SHA-256 is the one on the source.
#[tokio::test]
async fn an_archived_copy_of_a_source_streams_in_bounded_memory() {
    use sha2::Digest;
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "ana", "researcher");
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_FILES__MAX_FILE_MIB", "100")],
    );
    let client = client();
    let token = staff_token(&client, &server.base, "ana").await;
    let source = client
        .post(format!("{}/api/v1/registry/sources", server.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "url": "https://example.org/report.pdf",
            "publisher": "Example Monitor",
            "title": "A report that may disappear",
            "kind": "ngo_report"
        }))
        .send()
        .await
        .expect("source")
        .json::<serde_json::Value>()
        .await
        .expect("json");
    let id = source["id"].as_str().expect("id").to_owned();
    let size = 48 * 1024 * 1024;
    let copy: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
    let expected = hex::encode(sha2::Sha256::digest(&copy));
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(copy).file_name("report.pdf"),
    );
    let answer = client
        .post(format!(
            "{}/api/v1/registry/sources/{id}/archive",
            server.base
        ))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(answer.status().as_u16(), 201);
    let body: serde_json::Value = answer.json().await.expect("json");
    assert_eq!(body["source"]["archived_sha256"], expected.as_str());
    assert_eq!(body["size"], size);
    let peak_kib = support::peak_rss_kib(server.child.id());
    eprintln!("archived copy: server peak {peak_kib} KiB");
    assert!(
        peak_kib < 72 * 1024,
        "peak {peak_kib} KiB for a 48 MiB copy"
    );
    let mut download = client
        .get(format!(
            "{}/api/v1/registry/sources/{id}/archive",
            server.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("download");
    assert_eq!(download.status().as_u16(), 200);
    let mut hash = sha2::Sha256::new();
    let mut received = 0usize;
    while let Some(chunk) = download.chunk().await.expect("chunk") {
        received += chunk.len();
        hash.update(&chunk);
    }
    assert_eq!(received, size);
    assert_eq!(hex::encode(hash.finalize()), expected);
    assert!(!server.log().contains("panicked"));
    server.stop();
}

//! Hostile input over real HTTP to the real binary: every answer is a 4xx with a clear message
//! and the full security header set — never a 5xx — and memory stays bounded.

mod support;

use std::io::{Read, Write};
use std::time::Duration;

use support::{Server, add_staff, client, form_token};

struct Answer {
    status: u16,
    body: String,
    has_headers: bool,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let has_headers = response.headers().get("content-security-policy").is_some()
        && response.headers().get("x-content-type-options").is_some()
        && response.headers().get("referrer-policy").is_some();
    Answer {
        status,
        body: response.text().await.unwrap_or_default(),
        has_headers,
    }
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn hostile_input_gets_clear_4xx_answers_and_memory_stays_bounded() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_WEB__REQUEST_TIMEOUT_SECONDS", "2")],
    );
    let base = server.base.clone();
    let client = client();
    let token = form_token(&client, &base, "en").await;
    let form = |body: String| {
        client
            .post(format!("{base}/en/report"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(body)
    };
    let json = |body: Vec<u8>| {
        client
            .post(format!("{base}/api/v1/reports"))
            .header("content-type", "application/json")
            .body(body)
    };
    let with_token = |rest: &str| format!("form_token={token}&action=submit&{rest}");
    let many_identifiers: String = (0..51)
        .map(|i| format!("identifiers.{i}.kind=email&identifiers.{i}.value=x{i}%40example.org&"))
        .collect();
    let ten_megabytes = "x".repeat(10 * 1024 * 1024);
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));

    let cases: Vec<(&str, reqwest::RequestBuilder, u16)> = vec![
        ("oversized narrative", form(with_token(&format!("narrative={}", "x".repeat(25_000)))), 400),
        ("invalid UTF-8", form(with_token("narrative=%FF%FE%FD")), 400),
        ("control characters", form(with_token("narrative=ok&city=To%07ronto")), 400),
        ("right-to-left override", form(with_token(&format!("narrative=ok&identifiers.0.kind=phone&identifiers.0.value={}", percent("+86\u{202E}0008 3100 831")))), 400),
        ("NUL byte", form(with_token("narrative=a%00b")), 400),
        ("duplicated field", form(with_token("narrative=a&narrative=b")), 400),
        ("missing form token", form("narrative=kept&action=submit".into()), 400),
        ("too many identifiers", form(with_token(&format!("{many_identifiers}narrative=n"))), 400),
        ("absurd identifier index", form(with_token("identifiers.99999999999999999999.value=x")), 400),
        ("10 MB form", form(format!("narrative={ten_megabytes}")), 413),
        ("multipart sent to the form", client.post(format!("{base}/en/report")).header("content-type", "multipart/form-data; boundary=x").header("sec-fetch-site", "same-origin").body("--x\r\nContent-Disposition: form-data; name=\"narrative\"\r\n\r\nhi\r\n--x--\r\n"), 400),
        ("API wrong type", json(br#"{"tactics": "spyware"}"#.to_vec()), 400),
        ("API number for text", json(br#"{"narrative": 5}"#.to_vec()), 400),
        ("API unknown field", json(br#"{"narrative": "x", "admin": true}"#.to_vec()), 400),
        ("API invalid UTF-8", json(b"{\"narrative\": \"\xff\xfe\"}".to_vec()), 400),
        ("API nesting bomb", json(deep_json.into_bytes()), 400),
        ("API 10 MB body", json(format!("{{\"narrative\": \"{ten_megabytes}\"}}").into_bytes()), 413),
        ("API without content type", client.post(format!("{base}/api/v1/reports")).body("{}"), 415),
        ("API short idempotency key", json(br#"{"narrative": "x", "idempotency_key": "short"}"#.to_vec()), 400),
        ("API garbage bearer", client.get(format!("{base}/api/v1/reports")).bearer_auth("not-a-token"), 401),
        ("staff report id garbage", client.get(format!("{base}/en/staff/reports/..%2F..%2Fetc%2Fpasswd")), 303),
        ("cross-site form post", client.post(format!("{base}/en/report")).header("sec-fetch-site", "cross-site").body("narrative=x"), 403),
        ("unknown method", client.request(reqwest::Method::PATCH, format!("{base}/en/report")), 405),
    ];
    for (name, request, expected) in cases {
        let answer = send(request).await;
        assert_eq!(
            answer.status,
            expected,
            "{name}: {}",
            answer.body.chars().take(300).collect::<String>()
        );
        assert!(answer.has_headers, "{name}: security headers");
        assert!(
            answer.status / 100 == 3 || !answer.body.is_empty(),
            "{name}: a message, not an empty answer"
        );
        assert!(
            !answer.body.contains("panicked") && !answer.body.contains("stack backtrace"),
            "{name}"
        );
    }

    // A stalled body is cut off with 408 once the request timeout passes.
    let mut stream =
        std::net::TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
    stream
        .write_all(b"POST /en/report HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nnarrative=slow")
        .expect("write");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut answer = vec![0u8; 4096];
    let read = stream
        .read(&mut answer)
        .expect("an answer to a stalled body");
    let head = String::from_utf8_lossy(&answer[..read]).to_lowercase();
    assert!(head.starts_with("http/1.1 408"), "{head}");
    assert!(
        head.contains("content-security-policy"),
        "headers on the timeout answer too"
    );

    let peak_kib: u64 = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(u64::MAX);
    assert!(
        peak_kib < 64 * 1024,
        "memory stayed bounded with 10 MB bodies: peak {peak_kib} KiB"
    );
    assert!(!server.log().contains("panicked"));
    // The server still works.
    assert_eq!(
        client
            .get(format!("{base}/en/report"))
            .send()
            .await
            .expect("alive")
            .status(),
        200
    );
}

/// A gzip stream of `size` zero bytes, built by hand (stored, uncompressed deflate blocks would
/// not be a bomb; a run of zeros compresses ~1000:1 with fixed Huffman codes, written here as
/// the minimal repeated block). Refuge never decompresses it, which is the point.
fn gzip_bomb_header() -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03];
    // A deflate stream of fixed-Huffman blocks each repeating the previous byte 258 times.
    out.extend(std::iter::repeat_n(0x02u8, 400_000));
    out
}

/// A ZIP whose single entry claims 4 GiB uncompressed (a bomb's header; never expanded).
fn zip_bomb_header() -> Vec<u8> {
    let mut out = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00".to_vec();
    out.extend_from_slice(&[0, 0, 0, 0]); // crc
    out.extend_from_slice(&1_000u32.to_le_bytes()); // compressed
    out.extend_from_slice(&u32::MAX.to_le_bytes()); // uncompressed
    out.extend_from_slice(&9u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(b"bomb.docx");
    out.extend(std::iter::repeat_n(0u8, 1_000));
    out
}

/// A PNG header announcing 65535 × 65535 pixels (16 GiB if anyone decoded it).
fn huge_png_header() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&65_535u32.to_be_bytes());
    ihdr.extend_from_slice(&65_535u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01";
    png.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
    png.extend_from_slice(idat);
    png.extend_from_slice(&crc32(idat).to_be_bytes());
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test]
async fn hostile_files_get_clear_answers_and_memory_stays_bounded() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_FILES__MAX_FILE_MIB", "2")],
    );
    let client = client();
    let jpeg = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/evidence/photo-gps.jpg"),
    )
    .expect("fixture");
    let mut jpeg_zip = jpeg.clone();
    jpeg_zip.extend_from_slice(&zip_bomb_header());
    let mut pdf_html = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n".to_vec();
    pdf_html.extend_from_slice(b"1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("oversized", "big.bin", vec![0u8; 2 * 1024 * 1024 + 1], 413),
        ("zip bomb", "bomb.zip", zip_bomb_header(), 200),
        ("gzip bomb", "logs.gz", gzip_bomb_header(), 200),
        ("65535×65535 PNG", "huge.png", huge_png_header(), 200),
        (
            "GIF/JS polyglot",
            "x.gif",
            b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(1)//;".to_vec(),
            200,
        ),
        ("PDF/HTML polyglot", "x.pdf", pdf_html, 200),
        ("JPEG+ZIP polyglot", "x.jpg", jpeg_zip, 200),
        (
            "SVG with script",
            "x.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec(),
            200,
        ),
        (
            "HTML renamed .jpg",
            "cat.jpg",
            b"<!DOCTYPE html><script>fetch('//evil')</script>".to_vec(),
            200,
        ),
        (
            "path traversal name",
            "../../../../etc/cron.d/x",
            b"* * * * * root sh".to_vec(),
            200,
        ),
        (
            "right-to-left override name",
            "invoice\u{202E}fdp.exe",
            b"MZ\x90\x00".to_vec(),
            200,
        ),
        (
            "truncated JPEG",
            "cut.jpg",
            jpeg[..jpeg.len() / 2].to_vec(),
            200,
        ),
    ];
    for (label, name, bytes, expected) in cases {
        let token = form_token(&client, &server.base, "en").await;
        let form = reqwest::multipart::Form::new()
            .text("form_token", token)
            .text("narrative", format!("hostile file: {label}"))
            .text("action", "submit")
            .part(
                "files",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        let answer = send(
            client
                .post(format!("{}/en/report", server.base))
                .header("sec-fetch-site", "same-origin")
                .multipart(form),
        )
        .await;
        assert_eq!(answer.status, expected, "{label}");
        assert!(answer.has_headers, "{label}: headers");
        assert!(
            answer.body.contains(&format!("hostile file: {label}")) || expected == 200,
            "{label}: the text is kept when refused"
        );
        assert!(
            !answer.body.contains("<script>"),
            "{label}: nothing echoed raw"
        );
        assert!(
            !answer.body.contains('\u{202E}'),
            "{label}: no direction override shown"
        );
    }
    let peak_kib = support::peak_rss_kib(server.child.id());
    assert!(peak_kib < 96 * 1024, "peak {peak_kib} KiB");
    assert!(!server.log().contains("panicked"));
    server.stop();
}

/// Peak resident memory (KiB) and CPU seconds used so far by a process.
fn peak_and_cpu(pid: u32) -> (u64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(u64::MAX);
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    let after = stat.rsplit_once(") ").map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i)?.parse::<f64>().ok())
        .sum();
    (peak, ticks / 100.0)
}

/// Sends `head` then `body_chunks` of `chunk` bytes as a chunked body from another thread, and
/// returns the answer's first bytes with how much had been sent when it came.
fn chunked_probe(
    base: &str,
    head: &str,
    start: &[u8],
    filler: u8,
    total: usize,
) -> (String, usize) {
    let mut stream =
        std::net::TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = sent.clone();
    let head = head.to_owned();
    let start = start.to_vec();
    let sending = std::thread::spawn(move || {
        let chunk = vec![filler; 1024 * 1024];
        let frame = |writer: &mut std::net::TcpStream, bytes: &[u8]| -> std::io::Result<()> {
            writer.write_all(format!("{:x}\r\n", bytes.len()).as_bytes())?;
            writer.write_all(bytes)?;
            writer.write_all(b"\r\n")
        };
        let result = (|| -> std::io::Result<()> {
            writer.write_all(head.as_bytes())?;
            if !start.is_empty() {
                frame(&mut writer, &start)?;
            }
            while counter.load(std::sync::atomic::Ordering::SeqCst) < total {
                frame(&mut writer, &chunk)?;
                counter.fetch_add(chunk.len(), std::sync::atomic::Ordering::SeqCst);
            }
            writer.write_all(b"0\r\n\r\n")
        })();
        drop(result); // the server may close early: that is the point
    });
    let mut answer = vec![0u8; 8192];
    let read = stream.read(&mut answer).unwrap_or(0);
    let at = sent.load(std::sync::atomic::Ordering::SeqCst);
    drop(stream);
    let _ = sending.join();
    (String::from_utf8_lossy(&answer[..read]).into_owned(), at)
}

/// Security review H1: the framing of a multipart body (a part's headers, the preamble, the
/// number of parts) is bounded before the parser sees it, on every multipart route. The probes
/// of the review held 520 MB and a minute of CPU; here each is refused with a 4xx in the
/// reporter's language, memory stays flat, and no file of a form without our token is written.
#[test]
fn multipart_framing_probes_are_refused_early_and_memory_stays_flat() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start(data.path(), "", logs.path());
    let pid = server.child.id();
    let (peak_before, cpu_before) = peak_and_cpu(pid);

    // 512 MiB of a header line that never ends, on the report form (the review's probe).
    let head = "POST /ug/report HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=bomb\r\nTransfer-Encoding: chunked\r\n\r\n";
    let (answer, sent) = chunked_probe(
        &server.base,
        head,
        b"--bomb\r\nContent-Disposition: form-data; name=\"",
        b'a',
        512 * 1024 * 1024,
    );
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "an endless part header is refused: {}",
        answer.lines().next().unwrap_or("(no answer)")
    );
    assert!(answer.contains("lang=\"ug\""), "in the reporter's language");
    assert!(
        sent < 128 * 1024 * 1024,
        "refused early: {sent} bytes sent before the answer"
    );
    let (peak, cpu) = peak_and_cpu(pid);
    eprintln!(
        "endless header: answered after {} MiB sent; peak RSS {} -> {} KiB; CPU {:.2} s",
        sent / (1024 * 1024),
        peak_before,
        peak,
        cpu - cpu_before
    );
    assert!(
        peak < peak_before + 16 * 1024,
        "memory flat: {peak_before} -> {peak} KiB"
    );
    assert!(cpu - cpu_before < 10.0, "CPU: {:.1} s", cpu - cpu_before);

    // A preamble that never reaches a boundary, on the API.
    let head = "POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=bomb\r\nTransfer-Encoding: chunked\r\n\r\n";
    let (answer, _) = chunked_probe(&server.base, head, b"", b'p', 96 * 1024 * 1024);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        answer.lines().next().unwrap_or("")
    );
    assert!(
        answer.contains("body_too_large"),
        "the documented JSON error"
    );

    // Hundreds of thousands of empty parts with long names, on the follow-up files route.
    let mut parts = Vec::new();
    let name = "n".repeat(200);
    for _ in 0..400 {
        parts.extend_from_slice(
            format!("--bomb\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n\r\n")
                .as_bytes(),
        );
    }
    let head = "POST /en/report HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=bomb\r\nTransfer-Encoding: chunked\r\n\r\n";
    let (answer, _) = chunked_probe(&server.base, head, &parts, b'\r', 4 * 1024 * 1024);
    assert!(
        answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 413"),
        "{}",
        answer.lines().next().unwrap_or("")
    );
    let (peak, _) = peak_and_cpu(pid);
    assert!(
        peak < peak_before + 16 * 1024,
        "memory flat: {peak_before} -> {peak} KiB"
    );

    // A file before the form's token: read and thrown away, never written.
    let blobs_before = support::stored_blobs(data.path());
    let body = "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"first.txt\"\r\n\r\nsecret file content\r\n--x\r\nContent-Disposition: form-data; name=\"form_token\"\r\n\r\nnot-ours\r\n--x\r\nContent-Disposition: form-data; name=\"narrative\"\r\n\r\nkept words\r\n--x--\r\n";
    let mut stream =
        std::net::TcpStream::connect(server.base.trim_start_matches("http://")).expect("connect");
    stream
        .write_all(format!("POST /en/report HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes())
        .expect("write");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 400"),
        "{}",
        answer.lines().next().unwrap_or("")
    );
    assert!(answer.contains("kept words"), "the text comes back");
    assert!(
        answer.contains("files-reselect"),
        "and says the files were not kept"
    );
    assert_eq!(
        support::stored_blobs(data.path()),
        blobs_before,
        "no blob written for a form without our token"
    );
    assert!(!server.log().contains("panicked"));
    server.stop();
}

/// Staff passwords and receipts at the production Argon2 cost, on the 2-core budget.
const PRODUCTION_COST: &[(&str, &str)] = &[
    ("REFUGE_SECURITY__PASSWORD_MEMORY_KIB", "65536"),
    ("REFUGE_SECURITY__PASSWORD_ITERATIONS", "3"),
    ("REFUGE_SECURITY__RECEIPT_MEMORY_KIB", "8192"),
    ("REFUGE_SECURITY__RECEIPT_ITERATIONS", "1"),
    ("REFUGE_SECURITY__KDF_CONCURRENCY", "2"),
];

/// Signs `username` in and returns the known-device cookie the browser keeps (`name=value`).
async fn known_device(client: &reqwest::Client, base: &str, username: &str) -> String {
    let first = sign_in_from(client, base, username, "").await;
    assert_eq!(first.status(), 303, "{username} signs in");
    first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("refuge_device="))
        .and_then(|v| v.split(';').next())
        .expect("device cookie")
        .to_owned()
}

/// A sign-in with the right password, from a browser holding `cookie` (or none).
async fn sign_in_from(
    client: &reqwest::Client,
    base: &str,
    username: &str,
    cookie: &str,
) -> reqwest::Response {
    let mut request = client
        .post(format!("{base}/en/staff/login"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("username", username), ("password", support::PASSWORD)]);
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    request.send().await.expect("sign in")
}

/// Security review M3: a flood of anonymous sign-ins (48 clients, unknown usernames, each a
/// production-cost Argon2id) and bogus set-up links cannot stall intake — receipts derive in a
/// lane of their own — nor lock out a member signing in from a browser known to have signed in.
#[tokio::test]
async fn anonymous_sign_ins_cannot_stall_intake() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let server = Server::start_with(data.path(), "", logs.path(), PRODUCTION_COST);
    let base = server.base.clone();
    refuge_store::use_ring_for_tls();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    // Amina's browser signed in once before the flood (her account's own, cheap, cost).
    let device = known_device(&client, &base, "amina").await;

    let flood_until = std::time::Instant::now() + Duration::from_secs(10);
    let mut flood = Vec::new();
    for worker in 0..48u32 {
        let client = client.clone();
        let base = base.clone();
        flood.push(tokio::spawn(async move {
            let mut sent = 0u32;
            while std::time::Instant::now() < flood_until {
                let request = if worker % 4 == 0 {
                    client
                        .post(format!("{base}/en/setup/{}", "ab".repeat(24)))
                        .form(&[
                            ("username", "x"),
                            ("password", "y"),
                            ("password_confirm", "y"),
                        ])
                } else {
                    client.post(format!("{base}/en/staff/login")).form(&[
                        ("username", format!("nobody{worker}x{sent}")),
                        ("password", "a password guess".to_owned()),
                    ])
                };
                let _ = request
                    .header("sec-fetch-site", "same-origin")
                    .timeout(Duration::from_secs(40))
                    .send()
                    .await;
                sent += 1;
            }
            sent
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut latencies = Vec::new();
    let mut index = 0;
    while std::time::Instant::now() < flood_until {
        let started = std::time::Instant::now();
        let answer = client
            .post(format!("{base}/api/v1/reports"))
            .json(&serde_json::json!({"narrative": format!("during the flood {index}")}))
            .send()
            .await
            .expect("submit");
        assert_eq!(answer.status(), 201, "intake keeps accepting");
        latencies.push(started.elapsed().as_secs_f64());
        index += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let started = std::time::Instant::now();
    let known = sign_in_from(&client, &base, "amina", &device).await;
    let known_seconds = started.elapsed().as_secs_f64();
    let mut sent = 0u32;
    for worker in flood {
        sent += worker.await.unwrap_or(0);
    }
    latencies.sort_by(f64::total_cmp);
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    let p50 = latencies[latencies.len() / 2];
    eprintln!(
        "{} submissions during a flood of {sent} sign-ins: p50 {:.0} ms, p99 {:.0} ms; known device signed in in {:.0} ms",
        latencies.len(),
        p50 * 1000.0,
        p99 * 1000.0,
        known_seconds * 1000.0
    );
    assert!(latencies.len() >= 20, "submissions kept going");
    assert!(
        p99 < 1.0,
        "report submission p99 {p99:.2} s under the flood"
    );
    assert_eq!(known.status(), 303, "the member signs in");
    assert!(known_seconds < 3.0, "promptly: {known_seconds:.2} s");
    server.stop();
}

/// Security review M4/L6, on the real binary at production cost and on both engines: parallel
/// guesses cannot all pass one throttle check (each is counted before its key derivation), for
/// staff passwords and for receipts, and the targeted member still signs in from a browser
/// that signed in before.
async fn parallel_guesses_are_throttled(data: &std::path::Path, url: &str) {
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data, url, "amina", "caseworker");
    let server = Server::start_with(data, url, logs.path(), PRODUCTION_COST);
    let base = server.base.clone();
    let client = client();
    // Amina's own browser, before anyone targets her.
    let device = known_device(&client, &base, "amina").await;

    let statuses = |requests: Vec<reqwest::RequestBuilder>| async move {
        let answers = futures_util::future::join_all(requests.into_iter().map(|request| {
            request
                .header("sec-fetch-site", "same-origin")
                .timeout(Duration::from_secs(60))
                .send()
        }))
        .await;
        let mut counts = std::collections::BTreeMap::new();
        for answer in answers {
            *counts
                .entry(answer.expect("answer").status().as_u16())
                .or_insert(0u32) += 1;
        }
        counts
    };
    let guesses = (0..24)
        .map(|i| {
            client.post(format!("{base}/en/staff/login")).form(&[
                ("username", "amina"),
                ("password", &format!("guess number {i}")),
            ])
        })
        .collect();
    let counts = statuses(guesses).await;
    assert_eq!(
        counts,
        [(401, 5), (429, 19)].into_iter().collect(),
        "24 parallel wrong passwords: five tried, the rest held back"
    );

    // One receipt (well formed, unknown) guessed 12 times at once.
    let receipt = refuge_crypto::Receipt::generate().digits().to_owned();
    let tries = (0..12)
        .map(|_| {
            client
                .post(format!("{base}/en/followup"))
                .form(&[("receipt", receipt.as_str())])
        })
        .collect();
    let counts = statuses(tries).await;
    assert_eq!(
        counts.get(&429),
        Some(&7),
        "12 parallel tries of one receipt: five tried, the rest held back: {counts:?}"
    );

    let known = sign_in_from(&client, &base, "amina", &device).await;
    assert_eq!(known.status(), 303, "the targeted member still signs in");
    assert!(!server.log().contains("panicked"));
    server.stop();
}

#[tokio::test]
async fn parallel_guesses_are_throttled_on_sqlite() {
    let data = tempfile::tempdir().expect("data");
    parallel_guesses_are_throttled(data.path(), "").await;
}

#[tokio::test]
async fn parallel_guesses_are_throttled_on_postgres() {
    if refuge_store::testing::postgres_skipped() {
        return;
    }
    let db = refuge_store::testing::TestDatabase::create(refuge_store::Engine::Postgres).await;
    parallel_guesses_are_throttled(db.data_dir(), &db.url).await;
}

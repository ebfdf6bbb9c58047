//! Evidence files and follow-up, on the release binary over loopback:
//! - upload throughput for one 20 MB file: a document (sealed only) and a JPEG (sealed, then
//!   cleaned from an encrypted scratch copy and sealed again);
//! - peak RSS (the kernel's high-water mark, VmHWM) while 8 clients upload 20 MB JPEGs at once;
//! - follow-up sign-in latency with an existing and with an unknown receipt (production cost).

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::{Options, extract, percentile, rss_kib, start};

const MB: usize = 1_000_000;
const RUNS: usize = 5;
const RECEIPTS: usize = 100;

/// A valid JPEG of about `size` bytes: the fixture with comment segments of filler added (which
/// cleaning removes), so the whole cleaning path runs on a large file.
fn big_jpeg(size: usize) -> Vec<u8> {
    let fixture = include_bytes!("../../tests/fixtures/evidence/photo-gps.jpg");
    let mut out = fixture[..2].to_vec();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    while out.len() + fixture.len() < size {
        let chunk = 65_000usize.min(size - out.len() - fixture.len());
        out.extend_from_slice(&[0xFF, 0xFE]);
        out.extend_from_slice(&((chunk + 2) as u16).to_be_bytes());
        for _ in 0..chunk {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            out.push((state >> 24) as u8);
        }
    }
    out.extend_from_slice(&fixture[2..]);
    out
}

fn big_document(size: usize) -> Vec<u8> {
    let mut out = b"%Refuge benchmark document\n".to_vec();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    while out.len() < size {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(size);
    out
}

/// Submits one report with `file` through the real form (multipart); returns the seconds taken.
async fn upload(client: &reqwest::Client, base: &str, name: &str, file: Vec<u8>) -> Result<f64> {
    let form = client
        .get(format!("{base}/en/report"))
        .send()
        .await?
        .text()
        .await?;
    let token = extract(&form, r#"name="form_token" value=""#, "\"")
        .unwrap_or_default()
        .to_owned();
    let multipart = reqwest::multipart::Form::new()
        .text("form_token", token)
        .text("narrative", "benchmark upload")
        .text("action", "submit")
        .part(
            "files",
            reqwest::multipart::Part::bytes(file).file_name(name.to_owned()),
        );
    let started = Instant::now();
    let response = client
        .post(format!("{base}/en/report"))
        .header("sec-fetch-site", "same-origin")
        .multipart(multipart)
        .send()
        .await?;
    let status = response.status();
    let body = response.text().await?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.is_success() || !body.contains(r#"id="receipt""#) {
        bail!("upload answered {status}");
    }
    Ok(seconds)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    percentile(values, 50.0)
}

pub async fn run(options: &Options) -> Result<()> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let document = big_document(20 * MB);
    let jpeg = big_jpeg(20 * MB);

    // Throughput, one upload at a time.
    let (server, _) = start(&options.binary, &[])?;
    let mut rows = Vec::new();
    for (label, name, file) in [
        ("20 MB document (sealed only)", "report.docx", &document),
        (
            "20 MB JPEG (sealed, cleaned, working copy sealed)",
            "photo.jpg",
            &jpeg,
        ),
    ] {
        let mut seconds = Vec::new();
        for _ in 0..RUNS {
            seconds.push(upload(&client, &server.base, name, file.clone()).await?);
        }
        let s = median(&mut seconds);
        rows.push(format!(
            "| {label} | {:.0} | {:.1} |",
            s * 1000.0,
            file.len() as f64 / MB as f64 / s
        ));
    }
    drop(server);

    // Peak memory, eight at once, on a fresh server.
    let (server, _) = start(&options.binary, &[])?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.child.id();
    let idle = rss_kib(pid, "VmRSS:") as f64 / 1024.0;
    let started = Instant::now();
    let uploads: Vec<_> = (0..8)
        .map(|n| {
            let (client, base, file) = (client.clone(), server.base.clone(), jpeg.clone());
            tokio::spawn(
                async move { upload(&client, &base, &format!("photo{n}.jpg"), file).await },
            )
        })
        .collect();
    let mut failures = 0;
    for upload in uploads {
        if !matches!(upload.await, Ok(Ok(_))) {
            failures += 1;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let peak = rss_kib(pid, "VmHWM:") as f64 / 1024.0;
    drop(server);

    // Follow-up sign-in: existing and unknown receipts, interleaved, production Argon2 cost.
    let (server, _) = start(&options.binary, &[])?;
    let mut receipts = Vec::new();
    for _ in 0..RECEIPTS {
        let form = client
            .get(format!("{}/en/report", server.base))
            .send()
            .await?
            .text()
            .await?;
        let token = extract(&form, r#"name="form_token" value=""#, "\"")
            .unwrap_or_default()
            .to_owned();
        let page = client
            .post(format!("{}/en/report", server.base))
            .header("sec-fetch-site", "same-origin")
            .form(&[
                ("form_token", token.as_str()),
                ("narrative", "for the sign-in timing"),
                ("action", "submit"),
            ])
            .send()
            .await?
            .text()
            .await?;
        receipts.push(
            extract(&page, r#"id="receipt">"#, "<")
                .unwrap_or_default()
                .to_owned(),
        );
    }
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for (n, receipt) in receipts.iter().enumerate() {
        let stranger = refuge_crypto::Receipt::generate().grouped();
        let mut pair = [
            (receipt.as_str(), &mut known, 303),
            (stranger.as_str(), &mut unknown, 400),
        ];
        // Alternate which goes first, so nothing about order favours either.
        if n % 2 == 1 {
            pair.reverse();
        }
        for (typed, samples, expected) in pair {
            let started = Instant::now();
            let response = client
                .post(format!("{}/en/followup", server.base))
                .header("sec-fetch-site", "same-origin")
                .form(&[("receipt", typed)])
                .send()
                .await?;
            let status = response.status().as_u16();
            let _ = response.bytes().await?;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            if status != expected {
                bail!("follow-up sign-in answered {status}, expected {expected}");
            }
        }
    }
    known.sort_by(f64::total_cmp);
    unknown.sort_by(f64::total_cmp);
    let (k50, u50) = (percentile(&known, 50.0), percentile(&unknown, 50.0));
    drop(server);

    let md = format!(
        "# Evidence files\n\nRelease binary, SQLite, real HTTP on loopback, the report form sent as multipart \
         (as a browser does). Medians of {RUNS} uploads.\n\n\
         | upload | time ms | MB/s |\n|---|---:|---:|\n{}\n\n\
         ## Memory\n\n8 clients each uploading a 20 MB JPEG at once (the cleaning path: the largest memory use). \
         Idle RSS {idle:.1} MiB; **peak RSS (VmHWM) {peak:.1} MiB** (target under 150 MiB); {failures} failures; \
         all 8 done in {wall:.1} s.\n\n\
         Bound: while a file arrives only a few 64 KiB chunks are in memory per upload; cleaning runs one file \
         at a time: an image costs about 2 to 3 × its size, a PDF at worst 3 × its size + 250 MiB (the bound \
         `refuge-files` states and tests).\n",
        rows.join("\n")
    );
    let followup = format!(
        "# Follow-up sign-in\n\n{RECEIPTS} pairs of sign-ins (alternating which goes first) at `/followup` over HTTP (production cost: Argon2id \
         8 MiB, 1 pass), each unknown receipt fresh and valid-looking (its check digit is right), so throttling \
         never answers early.\n\n\
         | receipt | p50 ms | p90 ms |\n|---|---:|---:|\n| exists (signs in) | {k50:.1} | {:.1} |\n| does not exist | {u50:.1} | {:.1} |\n\n\
         Ratio of medians (exists / does not exist): {:.3}\n",
        percentile(&known, 90.0),
        percentile(&unknown, 90.0),
        k50 / u50
    );
    for (path, text) in [
        (&options.evidence_out, &md),
        (&options.followup_out, &followup),
    ] {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    println!("{md}\n{followup}");
    Ok(())
}

//! The searchable inbox on the release binary over loopback, with 10,000 reports of realistic
//! size (a narrative of 1–3 KB in Uyghur, Chinese, Tibetan, English or French, one to three
//! identifiers) sent through `POST /api/v1/reports`:
//! - full-text search through `GET /api/v1/reports?q=…` (p50/p90 over repeated runs) for a rare
//!   Latin term, a Chinese term, a Uyghur term, a phone number, a term found nowhere (every
//!   document read) and a common term (the page fills early); the first search of a member
//!   who never opened a case (their ring of case keys filled) and the first search after 100
//!   reporters wrote again (their documents rebuilt);
//! - the inbox page with filters on clear columns, through the API and the HTML page;
//! - the server's peak RSS (VmHWM) before and after the searches.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::{Options, PASSWORD, percentile, rss_kib, staff_cookie, start};

const REPORTS: usize = 10_000;
const SENDERS: usize = 8;
const RUNS: usize = 15;
const REWRITTEN: usize = 100;

/// Sentences to build narratives from, in the six languages of the interface.
const SENTENCES: &[&str] = &[
    "ئۇلار ئاپامغا تېلېفون قىلىپ، مېنىڭ نامايىشقا قاتناشقانلىقىمنى ئېيتتى ۋە توختىتىشىمنى تەلەپ قىلدى.",
    "قەشقەردىكى ساقچىخانا ئىنىمنى چاقىرىپ سوراق قىلدى، ئاندىن ماڭا ۋىچات ئارقىلىق ئۇچۇر ئەۋەتتى.",
    "他们在多伦多的餐馆外面跟踪我，还给我在新疆的家人打电话，说如果我不停止发声就会有后果。",
    "一个自称是领事馆工作人员的人在微信上联系我，要求我提供同乡会成员的名单和照片。",
    "ང་ཚོའི་ཚོགས་འདུ་ལ་མི་ཞིག་གིས་པར་བརྒྱབ་ནས་ཕ་ཡུལ་དུ་ཡོད་པའི་ང་ཡི་ཨ་མ་ལ་ཁ་པར་བཏང་སོང་།",
    "A man who said he worked for the consulate followed me home after the vigil and photographed my building.",
    "They called my father in the origin country and told him I must come back or he would lose his pension.",
    "Un homme a photographié la manifestation devant la préfecture puis m’a envoyé les photos sur WhatsApp.",
    "Someone created a fake account with my name and sent messages to the members of our association.",
    "My sister was questioned for three hours about my activities abroad and her passport was taken.",
];

const LANGUAGES: &[&str] = &[
    "ug", "ug", "zh-Hans", "zh-Hans", "bo", "en", "en", "fr", "en", "en",
];

/// A deterministic generator (the benchmark's data is the same on every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Report `n`: its JSON body. Every 1,000th carries the rare term; every 100th a distinctive
/// Chinese phrase; one in 50 a distinctive Uyghur word; report 4242 the phone number searched.
fn report(n: usize, rng: &mut Rng) -> serde_json::Value {
    let first = rng.below(SENTENCES.len());
    let mut narrative = String::new();
    let target = 1_000 + rng.below(2_000);
    let mut i = first;
    while narrative.len() < target {
        narrative.push_str(SENTENCES[i % SENTENCES.len()]);
        narrative.push(' ');
        i += 1 + rng.below(3);
    }
    if n % 1_000 == 7 {
        narrative.push_str(" The car had the plate QX-7731-ZEBRA.");
    }
    if n % 100 == 13 {
        narrative.push_str(" 他们提到了鸿福茶楼的老板。");
    }
    if n % 50 == 21 {
        narrative.push_str(" ئۇلار قاراقاشتىكى ئۆيىمىزگە كەلدى.");
    }
    let phone = if n == 4_242 {
        "+1 416 555 0199".to_owned()
    } else {
        format!("+86 138 {:04} {:04}", rng.below(10_000), rng.below(10_000))
    };
    let mut identifiers = vec![json!({"kind": "phone", "value": phone})];
    if rng.below(2) == 0 {
        identifiers
            .push(json!({"kind": "wechat", "value": format!("wx_{}", rng.next() % 1_000_000)}));
    }
    if rng.below(3) == 0 {
        identifiers.push(json!({"kind": "name_used", "value": "Officer Li"}));
    }
    json!({
        "language": LANGUAGES[first],
        "host_country": "CA",
        "host_region": "ON",
        "tactics": ["threat_online", "relatives_threatened"],
        "narrative": narrative,
        "identifiers": identifiers,
        "consent": {"refer_to_police": false, "refer_to_partners": false, "research_statistics": true},
        "contact": {"via_platform_only": true},
        "idempotency_key": format!("{:016x}{:016x}", rng.next(), rng.next()),
    })
}

/// Sends the reports, `SENDERS` at a time; returns the receipts of the first `REWRITTEN`.
pub(crate) async fn seed(client: &reqwest::Client, base: &str) -> Result<Vec<String>> {
    let base = Arc::new(base.to_owned());
    let mut tasks = Vec::new();
    for sender in 0..SENDERS {
        let (client, base) = (client.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (sender as u64 + 1));
            let mut receipts = Vec::new();
            for n in (sender..REPORTS).step_by(SENDERS) {
                let body = report(n, &mut rng);
                let answer = client
                    .post(format!("{base}/api/v1/reports"))
                    .json(&body)
                    .send()
                    .await?;
                if answer.status() != reqwest::StatusCode::CREATED {
                    bail!("report {n}: {} {}", answer.status(), answer.text().await?);
                }
                let receipt: serde_json::Value = answer.json().await?;
                if n < REWRITTEN {
                    receipts.push(receipt["receipt"].as_str().unwrap_or_default().to_owned());
                }
            }
            Ok::<_, anyhow::Error>(receipts)
        }));
    }
    let mut receipts = Vec::new();
    for task in tasks {
        receipts.extend(task.await??);
    }
    Ok(receipts)
}

/// Times `GET path` with the bearer token; returns milliseconds and the number of reports.
async fn timed(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    token: &str,
) -> Result<(f64, usize)> {
    let started = Instant::now();
    let answer = client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await?;
    let status = answer.status();
    let body: serde_json::Value = answer.json().await?;
    let ms = started.elapsed().as_secs_f64() * 1_000.0;
    if !status.is_success() {
        bail!("{path}: {status} {body}");
    }
    Ok((ms, body["reports"].as_array().map_or(0, Vec::len)))
}

struct Timing {
    what: String,
    p50: f64,
    p90: f64,
    found: usize,
}

async fn repeated(
    client: &reqwest::Client,
    base: &str,
    what: &str,
    path: &str,
    token: &str,
) -> Result<Timing> {
    let mut times = Vec::with_capacity(RUNS);
    let mut found = 0;
    for _ in 0..RUNS {
        let (ms, n) = timed(client, base, path, token).await?;
        times.push(ms);
        found = n;
    }
    times.sort_by(f64::total_cmp);
    Ok(Timing {
        what: what.to_owned(),
        p50: percentile(&times, 50.0),
        p90: percentile(&times, 90.0),
        found,
    })
}

fn encode(text: &str) -> String {
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

pub(crate) async fn run(options: &Options) -> Result<()> {
    let (server, _) = start(&options.binary, &[])?;
    let pid = server.child.id();
    let base = server.base.clone();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()?;

    let seeding = Instant::now();
    let receipts = seed(&client, &base).await?;
    let seeding_seconds = seeding.elapsed().as_secs_f64();
    let rss_seeded = rss_kib(pid, "VmRSS:");
    let database_bytes = crate::database_bytes(server.data_dir())?;

    let token = client
        .post(format!("{base}/api/v1/staff/session"))
        .json(&json!({"username": "bench", "password": PASSWORD}))
        .send()
        .await?
        .json::<serde_json::Value>()
        .await?["token"]
        .as_str()
        .context("staff token")?
        .to_owned();

    let rss_before = rss_kib(pid, "VmRSS:");
    // The first search: the member has never opened a case, so every case key comes from its
    // report (one X25519 each) into their ring.
    let (first_ms, first_found) = timed(
        &client,
        &base,
        "/api/v1/reports?limit=50&q=QX-7731-ZEBRA",
        &token,
    )
    .await?;
    let rss_first = rss_kib(pid, "VmRSS:");

    let mut timings = Vec::new();
    for (what, q) in [
        ("rare Latin term (10 matches)", "QX-7731-ZEBRA"),
        ("Chinese phrase (100 matches)", "鸿福茶楼"),
        ("Uyghur word (200 matches)", "قاراقاشتىكى"),
        ("phone number as typed elsewhere (1 match)", "416 555 0199"),
        (
            "term found nowhere (every document read)",
            "nowhere-to-be-found",
        ),
        ("common term (page of 50 fills early)", "consulate"),
        ("two terms, Uyghur and Latin (AND)", "ساقچىخانا consulate"),
    ] {
        let path = format!("/api/v1/reports?limit=50&q={}", encode(q));
        timings.push(repeated(&client, &base, what, &path, &token).await?);
    }
    let rss_searches = rss_kib(pid, "VmRSS:");
    // Does resident memory settle? Two more hundreds of searches that read every document.
    let mut rss_hundreds = Vec::new();
    for _ in 0..2 {
        for _ in 0..100 {
            timed(
                &client,
                &base,
                "/api/v1/reports?limit=50&q=nowhere-to-be-found",
                &token,
            )
            .await?;
        }
        rss_hundreds.push(rss_kib(pid, "VmRSS:"));
    }
    let mut pages = Vec::new();
    for (what, path) in [
        ("first page, no filter", "/api/v1/reports?limit=50"),
        (
            "language=ug, sort=urgency",
            "/api/v1/reports?limit=50&language=ug&sort=urgency",
        ),
        (
            "status, tactic, host country, days, assignee=none",
            "/api/v1/reports?limit=50&status=received&tactic=threat_online&host_country=CA&from=2020-01-01&to=2030-01-01&assignee=none",
        ),
        ("sort=activity", "/api/v1/reports?limit=50&sort=activity"),
    ] {
        pages.push(repeated(&client, &base, what, path, &token).await?);
    }
    // The HTML inbox with a filter, as a caseworker's browser asks for it.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let session_cookie = staff_cookie(&plain, &base, "bench").await?;
    let mut html_times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let page = plain
            .get(format!(
                "{base}/en/staff/inbox?language=ug&urgency=normal&sort=urgency"
            ))
            .header("cookie", &session_cookie)
            .send()
            .await?;
        let ok = page.status().is_success();
        let body = page.text().await?;
        html_times.push(started.elapsed().as_secs_f64() * 1_000.0);
        if !ok || !body.contains("id=\"filters\"") {
            bail!("the HTML inbox did not answer with its filter form");
        }
    }
    html_times.sort_by(f64::total_cmp);

    // 100 reporters write again: their documents are behind, and the next search rebuilds them.
    for receipt in &receipts {
        let reporter = client
            .post(format!("{base}/api/v1/reporter/session"))
            .json(&json!({"receipt": receipt}))
            .send()
            .await?
            .json::<serde_json::Value>()
            .await?["token"]
            .as_str()
            .context("reporter token")?
            .to_owned();
        let sent = client
            .post(format!("{base}/api/v1/reporter/messages"))
            .bearer_auth(&reporter)
            .json(&json!({"body": "They came back yesterday with a letter from the bureau, reference HX-2207."}))
            .send()
            .await?;
        if !sent.status().is_success() {
            bail!("reporter message: {}", sent.status());
        }
    }
    let (rebuild_ms, rebuilt_found) = timed(
        &client,
        &base,
        "/api/v1/reports?limit=200&q=HX-2207",
        &token,
    )
    .await?;
    let after_rebuild = repeated(
        &client,
        &base,
        "the same search again (documents current)",
        "/api/v1/reports?limit=200&q=HX-2207",
        &token,
    )
    .await?;
    let rss_after = rss_kib(pid, "VmRSS:");
    let rss_peak = rss_kib(pid, "VmHWM:");

    let mut out = String::new();
    writeln!(out, "# Searchable inbox (issue 10)\n")?;
    writeln!(
        out,
        "Release binary, SQLite, loopback, this 2-core machine. {REPORTS} reports sent through \
         `POST /api/v1/reports` ({SENDERS} at a time, production receipt cost) in {seeding_seconds:.0} s; \
         narratives of 1–3 KB in six languages, one to three identifiers. Database files: {:.0} MiB. \
         Each figure is over {RUNS} requests; p50 and p90 in milliseconds, the whole HTTP request.\n",
        database_bytes as f64 / 1_048_576.0
    )?;
    writeln!(
        out,
        "## Full-text search, `GET /api/v1/reports?limit=50&q=…`\n"
    )?;
    writeln!(out, "| search | p50 ms | p90 ms | reports on the page |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for t in &timings {
        writeln!(
            out,
            "| {} | {:.0} | {:.0} | {} |",
            t.what, t.p50, t.p90, t.found
        )?;
    }
    writeln!(out, "\nOne-time costs:\n")?;
    writeln!(
        out,
        "- first search of a member who never opened a case (their ring of {REPORTS} case keys filled): {first_ms:.0} ms ({first_found} found)"
    )?;
    writeln!(
        out,
        "- first search after {REWRITTEN} reporters wrote again ({REWRITTEN} documents rebuilt): {rebuild_ms:.0} ms ({rebuilt_found} found); the same search again: p50 {:.0} ms",
        after_rebuild.p50
    )?;
    writeln!(out, "\n## Inbox page with filters on clear columns\n")?;
    writeln!(out, "| page | p50 ms | p90 ms | reports |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    for t in &pages {
        writeln!(
            out,
            "| API: {} | {:.1} | {:.1} | {} |",
            t.what, t.p50, t.p90, t.found
        )?;
    }
    writeln!(
        out,
        "| HTML page `/en/staff/inbox?language=ug&urgency=normal&sort=urgency` | {:.1} | {:.1} | 50 |",
        percentile(&html_times, 50.0),
        percentile(&html_times, 90.0)
    )?;
    writeln!(out, "\n## Memory\n")?;
    let mib = |kib: u64| kib as f64 / 1024.0;
    writeln!(out, "Resident memory of the server (VmRSS):\n")?;
    writeln!(out, "| moment | MiB |")?;
    writeln!(out, "|---|---:|")?;
    for (moment, kib) in [
        ("after the 10,000 reports arrived", rss_seeded),
        (
            "after a caseworker signed in, before any search",
            rss_before,
        ),
        (
            "after the first search (ring of 10,000 case keys filled)",
            rss_first,
        ),
        ("after 105 more searches", rss_searches),
        ("after 100 more that read every document", rss_hundreds[0]),
        ("after 100 more again", rss_hundreds[1]),
        (
            "at the end (filtered pages, 100 reporters signed in and wrote, documents rebuilt)",
            rss_after,
        ),
    ] {
        writeln!(out, "| {moment} | {:.1} |", mib(kib))?;
    }
    writeln!(
        out,
        "\nPeak (VmHWM) over the whole run: {:.1} MiB — set by the sign-ins' Argon2id (a staff \
         password or a receipt costs its memory while it is checked), not by search.",
        mib(rss_peak)
    )?;
    writeln!(
        out,
        "\nThe bound by design: a search holds one batch of 500 inbox lines and 64 sealed chunks of at \
         most 64 KiB (4 MiB) with one opened chunk at a time, and at most two searches run at once \
         (others wait): about 10 MiB of search state, whatever the number of reports."
    )?;
    if let Some(parent) = options.inbox_out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&options.inbox_out, &out)?;
    print!("{out}");
    Ok(())
}

//! Several app servers on one PostgreSQL behind Debian's HAProxy: intake with files, a staff
//! session and a reporter session run through the load balancer while one server is killed
//! with SIGKILL. Every acknowledged report is there afterwards with its file, both sessions go on
//! on the other servers (and on the killed one once it is back), and no report points to a
//! blob that is not whole.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use refuge_domain::ports::InstanceStore;
use refuge_store::Engine;
use refuge_store::testing::{TestDatabase, postgres_skipped};
use support::{Haproxy, Server, add_staff, client, staff_token};

/// HAProxy over `backends`, round robin, checking `/healthz`. Connections that could not be
/// made are tried on another server (nothing was sent); nothing else is retried, so a POST is
/// never sent twice.
fn balancer(backends: &[String]) -> Haproxy {
    let servers: String = backends
        .iter()
        .enumerate()
        .map(|(i, base)| {
            format!(
                "  server app{i} {} check\n",
                base.trim_start_matches("http://")
            )
        })
        .collect();
    Haproxy::start(|port| {
        format!(
            "global\n  maxconn 512\n\
             defaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n  retries 3\n  option redispatch\n  retry-on conn-failure\n\
             frontend web\n  bind 127.0.0.1:{port}\n  default_backend refuge\n\
             backend refuge\n  balance roundrobin\n  option httpchk GET /healthz\n  default-server inter 250ms fall 1 rise 2\n{servers}"
        )
    })
}

/// (receipt, the file's SHA-256) of every acknowledged report.
type Acknowledged = Arc<Mutex<Vec<(String, String)>>>;

async fn send_reports(base: String, worker: usize, until: Instant, acknowledged: Acknowledged) {
    use sha2::Digest;
    let client = client();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let file =
            format!("%PDF-1.4 worker {worker} report {n} {}", "z".repeat(20_000)).into_bytes();
        let hash = hex::encode(sha2::Sha256::digest(&file));
        let form = reqwest::multipart::Form::new()
            .text(
                "report",
                serde_json::json!({"narrative": format!("worker {worker} report {n}")}).to_string(),
            )
            .part(
                "file",
                reqwest::multipart::Part::bytes(file).file_name("letter.pdf"),
            );
        let Ok(answer) = client
            .post(format!("{base}/api/v1/reports"))
            .multipart(form)
            .send()
            .await
        else {
            continue;
        };
        if answer.status().as_u16() != 201 {
            continue;
        }
        if let Ok(body) = answer.json::<serde_json::Value>().await
            && let Some(receipt) = body["receipt"].as_str()
        {
            acknowledged
                .lock()
                .expect("lock")
                .push((receipt.to_owned(), hash));
        }
    }
}

/// Requests a session makes in a loop: (when, status) of each.
async fn keep_asking(
    base: String,
    path: &'static str,
    token: String,
    until: Instant,
) -> Vec<(Instant, u16)> {
    let client = client();
    let mut answers = Vec::new();
    while Instant::now() < until {
        let status = match client
            .get(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
            .await
        {
            Ok(answer) => answer.status().as_u16(),
            Err(_) => 0,
        };
        answers.push((Instant::now(), status));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    answers
}

async fn reporter_token(client: &reqwest::Client, base: &str, receipt: &str) -> Option<String> {
    let answer = client
        .post(format!("{base}/api/v1/reporter/session"))
        .json(&serde_json::json!({"receipt": receipt}))
        .send()
        .await
        .ok()?;
    if answer.status().as_u16() != 201 {
        return None;
    }
    let body: serde_json::Value = answer.json().await.ok()?;
    body["token"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_app_servers_lose_nothing_when_one_is_killed() {
    if postgres_skipped() {
        return;
    }
    let db = TestDatabase::create(Engine::Postgres).await;
    let logs = tempfile::tempdir().expect("logs");
    add_staff(db.data_dir(), &db.url, "amina", "caseworker");
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().expect("dir")).collect();
    let mut servers: Vec<Option<Server>> = dirs
        .iter()
        .map(|dir| Some(Server::start(dir.path(), &db.url, logs.path())))
        .collect();
    let bases: Vec<String> = servers
        .iter()
        .map(|s| s.as_ref().expect("server").base.clone())
        .collect();
    let balancer = balancer(&bases);
    let base = format!("http://127.0.0.1:{}", balancer.port);
    let client = client();

    // Sessions made before the run, through the balancer.
    let acknowledged: Acknowledged = Arc::default();
    let warm_up = Instant::now() + Duration::from_millis(500);
    send_reports(base.clone(), 99, warm_up, acknowledged.clone()).await;
    let first = acknowledged.lock().expect("lock")[0].0.clone();
    let reporter = reporter_token(&client, &base, &first)
        .await
        .expect("reporter session");
    let staff = staff_token(&client, &base, "amina").await;

    let started = Instant::now();
    let until = started + Duration::from_secs(5);
    let mut writers = Vec::new();
    for worker in 0..6 {
        writers.push(tokio::spawn(send_reports(
            base.clone(),
            worker,
            until,
            acknowledged.clone(),
        )));
    }
    let staff_run = tokio::spawn(keep_asking(
        base.clone(),
        "/api/v1/reports?limit=5",
        staff,
        until,
    ));
    let reporter_run = tokio::spawn(keep_asking(
        base.clone(),
        "/api/v1/reporter/report",
        reporter.clone(),
        until,
    ));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let killed_at = Instant::now();
    servers[1].take().expect("server").stop(); // SIGKILL
    for writer in writers {
        writer.await.expect("writer");
    }
    let staff_answers = staff_run.await.expect("staff");
    let reporter_answers = reporter_run.await.expect("reporter");

    // Both sessions went on after the kill; a second after it, nothing failed.
    for (who, answers) in [("staff", &staff_answers), ("reporter", &reporter_answers)] {
        let after: Vec<u16> = answers
            .iter()
            .filter(|(at, _)| *at > killed_at)
            .map(|(_, status)| *status)
            .collect();
        let settled: Vec<u16> = answers
            .iter()
            .filter(|(at, _)| *at > killed_at + Duration::from_secs(1))
            .map(|(_, status)| *status)
            .collect();
        assert!(
            after.iter().filter(|s| **s == 200).count() >= 10,
            "{who}: {after:?}"
        );
        assert!(settled.iter().all(|s| *s == 200), "{who}: {settled:?}");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    eprintln!(
        "{} reports acknowledged through three servers in {:.1} s, one killed after {:.1} s",
        acknowledged.len(),
        (until - started).as_secs_f64(),
        (killed_at - started).as_secs_f64()
    );
    assert!(acknowledged.len() >= 20, "{}", acknowledged.len());

    // The killed server comes back; the reporter's session works on it too.
    let back = Server::start(dirs[1].path(), &db.url, logs.path());
    let answer = client
        .get(format!("{}/api/v1/reporter/report", back.base))
        .bearer_auth(&reporter)
        .send()
        .await
        .expect("reporter on the restarted server");
    assert_eq!(answer.status().as_u16(), 200);

    // Every acknowledged report is there, with its file as sent.
    for (receipt, hash) in &acknowledged {
        let token = reporter_token(&client, &base, receipt)
            .await
            .unwrap_or_else(|| panic!("an acknowledged receipt does not sign in: {receipt}"));
        let view: serde_json::Value = client
            .get(format!("{base}/api/v1/reporter/report"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("view")
            .json()
            .await
            .expect("json");
        assert_eq!(view["files"][0]["sha256"], hash.as_str(), "{view}");
    }

    // Nothing half-written: every blob a report or file points to is whole.
    let store = refuge_store::SqlStore::open_postgres(&db.url)
        .await
        .expect("store");
    for name in store.blob_names().await.expect("names") {
        assert!(
            store.blob_is_committed(&name).await.expect("blob"),
            "a row points to a blob that is not whole: {name}"
        );
    }
    store.close().await;
    drop(back);
    drop(balancer);
}

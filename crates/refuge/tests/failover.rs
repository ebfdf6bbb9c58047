//! Failover: Refuge on a PostgreSQL primary with a synchronous streaming standby on this
//! machine, reached through Debian's HAProxy (the primary first, the standby as backup). The
//! primary is killed with SIGKILL under intake and the standby promoted; Refuge, not restarted,
//! accepts reports again within 30 s, and every report acknowledged before, during and after is
//! on the new primary — because with `synchronous_commit = on` and `synchronous_standby_names`
//! naming the standby, "acknowledged" means flushed on two machines.

mod support;

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use refuge_store::testing::StandbyPair;
use support::{Haproxy, Server, add_staff, client};

/// (when the request was sent, when it was acknowledged, the receipt).
type Acknowledged = Arc<Mutex<Vec<(Instant, Instant, String)>>>;

async fn send_until(base: String, worker: usize, until: Instant, acknowledged: Acknowledged) {
    let client = client();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let sent = Instant::now();
        let answer = client
            .post(format!("{base}/api/v1/reports"))
            .json(&serde_json::json!({"narrative": format!("failover worker {worker} report {n}")}))
            .send()
            .await;
        let Ok(answer) = answer else { continue };
        if answer.status().as_u16() == 201
            && let Ok(body) = answer.json::<serde_json::Value>().await
            && let Some(receipt) = body["receipt"].as_str()
        {
            acknowledged
                .lock()
                .expect("lock")
                .push((sent, Instant::now(), receipt.to_owned()));
        } else {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_standby_takes_over_and_nothing_acknowledged_is_lost() {
    let dir = tempfile::Builder::new()
        .prefix("refuge-failover")
        .tempdir()
        .expect("dir");
    let status = Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(dir.path())
        .status()
        .expect("chown");
    assert!(status.success());
    let pair = StandbyPair::start(dir.path()).expect("a primary and its synchronous standby");
    let proxy = Haproxy::start(|port| pair.haproxy_config(port));
    let url = format!("postgres://postgres@127.0.0.1:{}/refuge", proxy.port);
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), &url, "amina", "caseworker");
    let server = Server::start(data.path(), &url, logs.path());

    let acknowledged: Acknowledged = Arc::default();
    let started = Instant::now();
    let until = started + Duration::from_secs(12);
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            tokio::spawn(send_until(
                server.base.clone(),
                worker,
                until,
                acknowledged.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed_at = Instant::now();
    pair.kill_primary().expect("kill the primary");
    pair.promote_standby().expect("promote the standby");
    let promoted_at = Instant::now();
    for worker in workers {
        worker.await.expect("worker");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let before = acknowledged
        .iter()
        .filter(|(_, at, _)| *at < killed_at)
        .count();
    // The window: from the kill to the first report sent after it that was acknowledged.
    let first_after = acknowledged
        .iter()
        .filter(|(sent, _, _)| *sent > killed_at)
        .map(|(_, at, _)| *at)
        .min()
        .expect("intake resumed after the failover");
    let window = first_after - killed_at;
    let after = acknowledged.len() - before;
    eprintln!(
        "failover: {before} reports acknowledged before the kill, {after} after; promotion took {:.2} s; intake resumed {:.2} s after the kill",
        (promoted_at - killed_at).as_secs_f64(),
        window.as_secs_f64()
    );
    assert!(before >= 5, "{before}");
    assert!(after >= 5, "{after}");
    assert!(window < Duration::from_secs(30), "{window:?}");

    // Every acknowledged report is on the new primary (the standby, promoted).
    let stored: usize = pair
        .query(pair.standby_port, "SELECT COUNT(*) FROM reports")
        .expect("count")
        .trim()
        .parse()
        .expect("count");
    assert!(
        stored >= acknowledged.len(),
        "{stored} reports on the new primary, {} acknowledged",
        acknowledged.len()
    );
    let client = client();
    for (_, _, receipt) in &acknowledged {
        let answer = client
            .post(format!("{}/api/v1/reporter/session", server.base))
            .json(&serde_json::json!({"receipt": receipt}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(answer.status().as_u16(), 201, "{receipt}");
    }
    server.stop();
    drop(proxy);
    drop(pair);
}

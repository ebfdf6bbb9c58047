//! What an administrator runs beside the server: `/healthz` and the metrics listener (staff
//! requests live, nothing a reporter does before the top of the hour, no address or id in any
//! label), and `refuge onion`, whose lines Debian's tor accepts.

mod support;

use std::process::Command;

use support::{Server, add_staff, binary, client, free_port, staff_token};

#[tokio::test]
async fn health_and_metrics_say_nothing_of_reporters() {
    let data = tempfile::tempdir().expect("data");
    let logs = tempfile::tempdir().expect("logs");
    add_staff(data.path(), "", "amina", "caseworker");
    let metrics_address = format!("127.0.0.1:{}", free_port());
    let server = Server::start_with(
        data.path(),
        "",
        logs.path(),
        &[("REFUGE_SERVER__METRICS_LISTEN", metrics_address.as_str())],
    );
    let client = client();

    let health = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    assert_eq!(health.text().await.expect("body"), "ok\n");
    // The public side has no metrics.
    let public = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .expect("metrics on the public side");
    assert_eq!(public.status().as_u16(), 404);

    // A report arrives; a caseworker signs in and opens the inbox.
    let report = client
        .post(format!("{}/api/v1/reports", server.base))
        .json(&serde_json::json!({"narrative": "METRICS-CANARY they followed me from 555 Main St"}))
        .send()
        .await
        .expect("report");
    assert_eq!(report.status().as_u16(), 201);
    let token = staff_token(&client, &server.base, "amina").await;
    let reports: serde_json::Value = client
        .get(format!("{}/api/v1/reports", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("inbox")
        .json()
        .await
        .expect("json");
    let id = reports["reports"][0]["id"].as_str().expect("id").to_owned();
    let opened = client
        .get(format!("{}/api/v1/reports/{id}", server.base))
        .bearer_auth(&token)
        .send()
        .await
        .expect("report");
    assert_eq!(opened.status().as_u16(), 200);

    let metrics = client
        .get(format!("http://{metrics_address}/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(metrics.status().as_u16(), 200);
    let text = metrics.text().await.expect("text");
    assert!(
        text.contains(
            "refuge_staff_requests_total{method=\"GET\",route=\"/api/v1/reports/{id}\",status=\"200\"} 1"
        ),
        "{text}"
    );
    // What reporters moved is published at the top of the hour, not live.
    assert!(
        !text.contains("route=\"/api/v1/reports\",status=\"201\""),
        "{text}"
    );
    assert!(
        text.contains("refuge_argon2_runs_total{lane=\"receipt\"} 0"),
        "{text}"
    );
    assert!(
        text.contains("refuge_blob_statements_total{op=\"write\"}"),
        "{text}"
    );
    // Nothing concrete in any label: no id, no text, no address.
    for secret in [id.as_str(), "METRICS-CANARY", "555", "127.0.0.1"] {
        assert!(!text.contains(secret), "{secret} in the metrics");
    }
    // Every line is a comment or `name{labels} value`.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let value = line.rsplit(' ').next().expect("value");
        assert!(value.parse::<f64>().is_ok(), "{line}");
        assert!(line.starts_with("refuge_"), "{line}");
    }
    let health = client
        .get(format!("http://{metrics_address}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    assert!(!server.log().contains("route=/healthz"));
    server.stop();
}

#[test]
fn the_onion_lines_are_accepted_by_tor() {
    let data = tempfile::tempdir().expect("data");
    let service = data.path().join("hs");
    let output = Command::new(binary())
        .args(["onion", "--data-dir"])
        .arg(data.path())
        .arg("--dir")
        .arg(format!("{}/", service.display()))
        .env("REFUGE_SERVER__LISTEN", "0.0.0.0:8088")
        .output()
        .expect("refuge onion");
    assert!(output.status.success());
    let lines = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        lines.contains("HiddenServicePort 80 127.0.0.1:8088"),
        "{lines}"
    );
    let torrc = data.path().join("torrc");
    std::fs::write(
        &torrc,
        format!(
            "DataDirectory {}\nSocksPort 0\n{lines}",
            data.path().join("tor").display()
        ),
    )
    .expect("torrc");
    let verified = Command::new("tor")
        .args(["--verify-config", "-f"])
        .arg(&torrc)
        .output()
        .expect("tor (Debian package tor) is installed by scripts/test");
    assert!(
        verified.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
}

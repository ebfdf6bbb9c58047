//! Timing: a sign-in with a wrong password takes the same time whether or not the account exists
//! (production Argon2 cost). Each attempt uses a fresh username so that per-account throttling,
//! which answers at once, never enters the measurement.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Result, bail};

use crate::{Options, percentile, start};

const ACCOUNTS: usize = 24;

pub async fn run(options: &Options) -> Result<()> {
    let (server, _) = start(&options.binary, &[])?;
    let data = server.data_dir();
    for n in 0..ACCOUNTS {
        let mut child = Command::new(&options.binary)
            .args([
                "user",
                "add",
                "--username",
                &format!("staff{n}"),
                "--role",
                "caseworker",
                "--password-stdin",
                "--data-dir",
            ])
            .arg(data)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()?;
        child
            .stdin
            .take()
            .map(|mut stdin| stdin.write_all(b"the real password 1\n"))
            .transpose()?;
        if !child.wait()?.success() {
            bail!("user add failed");
        }
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for n in 0..ACCOUNTS {
        for (username, samples) in [
            (format!("staff{n}"), &mut known),
            (format!("nobody{n}"), &mut unknown),
        ] {
            let started = Instant::now();
            let response = client
                .post(format!("{}/en/staff/login", server.base))
                .header("sec-fetch-site", "same-origin")
                .form(&[
                    ("username", username.as_str()),
                    ("password", "a wrong password"),
                ])
                .send()
                .await?;
            let _ = response.bytes().await?;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    known.sort_by(f64::total_cmp);
    unknown.sort_by(f64::total_cmp);
    let (k50, u50) = (percentile(&known, 50.0), percentile(&unknown, 50.0));
    let md = format!(
        "# Timing of sign-in\n\n{ACCOUNTS} interleaved pairs of failed sign-ins over HTTP (production cost: Argon2id 64 MiB, 3 passes), \
         each with a fresh username so throttling never answers early.\n\n\
         | account | p50 ms | p90 ms |\n|---|---:|---:|\n| exists (wrong password) | {k50:.1} | {:.1} |\n| does not exist | {u50:.1} | {:.1} |\n\n\
         Ratio of medians (exists / does not exist): {:.3}\n",
        percentile(&known, 90.0),
        percentile(&unknown, 90.0),
        k50 / u50
    );
    if let Some(parent) = options.timing_out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&options.timing_out, &md)?;
    println!("{md}");
    Ok(())
}

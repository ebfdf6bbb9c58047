//! `refuge onion`: the torrc lines of an onion service that forwards to this server's listen
//! address, and what to do next. It changes nothing; an administrator pastes the lines into
//! `/etc/tor/torrc` (docs/operations.md walks through it).

use std::path::PathBuf;

use clap::Args;

use super::{Failure, StorageArgs};

#[derive(Debug, Args)]
pub struct OnionArgs {
    #[command(flatten)]
    storage: StorageArgs,
    /// Where tor keeps the service's keys and hostname.
    #[arg(long, value_name = "DIR", default_value = "/var/lib/tor/refuge/")]
    dir: PathBuf,
    /// The port people's browsers use (80: plain http://….onion, encrypted by tor itself).
    #[arg(long, value_name = "PORT", default_value_t = 80)]
    port: u16,
}

/// The address tor forwards to: the listen address, with "any address" read as loopback.
fn target(listen: &str) -> Result<String, Failure> {
    let address: std::net::SocketAddr = listen.parse().map_err(|_| Failure {
        error: anyhow::anyhow!("server.listen: `{listen}` is not an address and port"),
        exit_code: 2,
    })?;
    Ok(if address.ip().is_unspecified() {
        format!("127.0.0.1:{}", address.port())
    } else {
        address.to_string()
    })
}

pub fn run(args: OnionArgs) -> Result<(), Failure> {
    let config = args.storage.load(None)?;
    let target = target(&config.server.listen)?;
    let dir = args.dir.display();
    println!("# Refuge onion service: add these lines to /etc/tor/torrc, then restart tor.");
    println!("HiddenServiceDir {dir}");
    println!("HiddenServicePort {} {target}", args.port);
    eprintln!(
        "Next:\n  1. sudo systemctl restart tor\n  2. sudo cat {dir}hostname    (the service's address, e.g. abc…xyz.onion)\n  3. set server.public_url = \"http://<that address>\" in Refuge's configuration and restart Refuge\n  4. keep {dir} (its private key is the address) in your backups, away from the server's other backups"
    );
    if !config
        .server
        .listen
        .parse::<std::net::SocketAddr>()
        .is_ok_and(|a| a.ip().is_loopback())
    {
        eprintln!(
            "Note: server.listen is {}; with an onion service Refuge needs listen only on loopback (127.0.0.1).",
            config.server.listen
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn any_address_is_reached_on_loopback() {
        assert_eq!(target("0.0.0.0:8080").ok(), Some("127.0.0.1:8080".into()));
        assert_eq!(target("127.0.0.1:9000").ok(), Some("127.0.0.1:9000".into()));
        assert!(target("localhost").is_err());
    }
}

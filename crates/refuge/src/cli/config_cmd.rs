//! `refuge config default | check`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Failure, configuration_error};
use crate::config::{self, Overrides};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the commented default configuration file.
    Default,
    /// Check a configuration (file, environment) and print the result.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(command: ConfigCommand) -> Result<(), Failure> {
    match command {
        ConfigCommand::Default => {
            print!("{}", config::DEFAULT_FILE);
            Ok(())
        }
        ConfigCommand::Check(args) => {
            let mut loaded = config::load(args.config.as_deref(), &Overrides::default())
                .map_err(configuration_error)?;
            if !loaded.server.database_url.is_empty() {
                loaded.server.database_url = "(set)".into();
            }
            let text = toml::to_string_pretty(&loaded).map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("configuration is valid:\n\n{text}");
            Ok(())
        }
    }
}

//! `refuge user add`: create a staff account from the server's console.

use std::io::BufRead;

use clap::{Args, Subcommand};
use refuge_app::accounts::NewAccount;
use refuge_domain::staff::Role;

use super::{Failure, StorageArgs, configuration_error, open_storage};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff account. Administrators and caseworkers receive new reports from now on.
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    username: String,
    /// admin, caseworker, researcher or auditor.
    #[arg(long)]
    role: String,
    /// Read the password from the first line of standard input.
    #[arg(long, required = true)]
    password_stdin: bool,
    #[command(flatten)]
    storage: StorageArgs,
}

pub async fn run(command: UserCommand) -> Result<(), Failure> {
    match command {
        UserCommand::Add(args) => add(args).await,
    }
}

async fn add(args: AddArgs) -> Result<(), Failure> {
    let role = Role::from_code(&args.role).ok_or_else(|| {
        configuration_error(anyhow::anyhow!(
            "--role: `{}` is not one of admin, caseworker, researcher, auditor",
            args.role
        ))
    })?;
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = zeroize::Zeroizing::new(password.trim_end_matches(['\r', '\n']).to_owned());
    let config = args.storage.load(None)?;
    let storage = open_storage(&config, false).await?;
    let app = super::application(&config, &storage).await?;
    let account = NewAccount {
        username: args.username.clone(),
        password: password.to_string(),
        role,
    };
    match app.add_staff(None, &account, None).await {
        Ok(record) => {
            let receives = if record.receives_reports {
                "; new reports will be encrypted to this account"
            } else {
                ""
            };
            println!(
                "added {} ({}){receives}",
                record.username,
                record.role.code()
            );
            storage.store.close().await;
            Ok(())
        }
        Err(refuge_app::AppError::AccountRule(rule)) => {
            Err(configuration_error(anyhow::anyhow!("{rule}")))
        }
        Err(refuge_app::AppError::Conflict) => {
            Err(anyhow::anyhow!("username `{}` is already taken", args.username).into())
        }
        Err(other) => Err(anyhow::anyhow!("{other}").into()),
    }
}

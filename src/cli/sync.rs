//! `closeread sync`: share a project through git.

use super::{ListFormat, SyncSetup};
use crate::settings::Settings;
use crate::sync::{self, Identity, SyncReport};
use anyhow::bail;
use std::path::Path;

/// The analyst as a committer: their display name (or id) and e-mail address.
fn identity(analysts: &[String], email: Option<&str>) -> anyhow::Result<(Identity, String)> {
    if analysts.len() > 1 {
        bail!("sync commits as one analyst: give --analyst once");
    }
    let named = super::commands::resolve_named_analyst(analysts.first().map(String::as_str))?;
    let settings = Settings::load();
    let name = named
        .display_name
        .clone()
        .or_else(|| {
            (settings.analyst.as_deref() == Some(named.id.as_str()))
                .then(|| settings.analyst_name.clone())
                .flatten()
        })
        .unwrap_or_else(|| named.id.clone());
    let email = email
        .map(str::to_owned)
        .or(settings.email)
        .or_else(|| std::env::var("CLOSEREAD_EMAIL").ok())
        .filter(|email| !email.trim().is_empty())
        .unwrap_or_else(|| format!("{}@closeread.invalid", named.id));
    Ok((Identity { name, email }, named.id))
}

fn print(report: &SyncReport, format: ListFormat) -> anyhow::Result<()> {
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&report.to_json())?),
        ListFormat::Table => {
            for line in report.lines() {
                println!("{line}");
            }
        }
    }
    Ok(())
}

pub fn run(
    setup: Option<&SyncSetup>,
    dir: Option<&Path>,
    format: ListFormat,
    email: Option<&str>,
    analysts: &[String],
    wait: bool,
) -> anyhow::Result<()> {
    match setup {
        Some(SyncSetup::Init {
            dir,
            remote,
            email: init_email,
            format,
        }) => {
            let (identity, analyst) = identity(analysts, init_email.as_deref().or(email))?;
            let report = sync::init(dir, remote, &identity, &analyst)?;
            eprintln!(
                "closeread: {} syncs with {remote} as {} <{}>",
                dir.display(),
                identity.name,
                identity.email
            );
            print(&report, *format)
        }
        Some(SyncSetup::Clone {
            url,
            dir,
            email: clone_email,
        }) => {
            let (identity, _) = identity(analysts, clone_email.as_deref().or(email))?;
            sync::clone(url, dir, &identity)?;
            println!("{}", dir.display());
            eprintln!(
                "closeread: cloned {url} into {}; `closeread sync {}` shares your work",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        None => {
            let Some(dir) = dir else {
                bail!("give the folder to sync: closeread sync DIR");
            };
            let (identity, analyst) = identity(analysts, email)?;
            let started = std::time::Instant::now();
            let report = loop {
                match sync::sync(dir, &identity, &analyst) {
                    Err(sync::SyncError::Busy { .. })
                        if wait && started.elapsed() < std::time::Duration::from_secs(120) =>
                    {
                        std::thread::sleep(std::time::Duration::from_millis(500));
                    }
                    result => break result?,
                }
            };
            print(&report, format)?;
            if !report.conflicts.is_empty() {
                bail!(
                    "{} file(s) could not be merged; nothing was merged or pushed (see above)",
                    report.conflicts.len()
                );
            }
            Ok(())
        }
    }
}

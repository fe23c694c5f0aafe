//! kplan: a capacity planner for Kubernetes on AWS EKS.
//!
//! The library holds the domain (catalog, pod limits, subnet sizing, node-mix planning) as pure
//! modules; [`run`] is the thin layer the `kplan` binary calls.

#[cfg(feature = "aws")]
pub mod aws;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod error;
pub mod exit;
pub mod fargate;
pub mod fit;
pub mod input;
pub mod numfmt;
pub mod output;
pub mod pods;
pub mod sanitize;
pub mod subnet;
pub mod time;
pub mod units;
pub mod workload;

use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;

/// The clap command with the catalog provenance in `--version`.
pub fn command() -> clap::Command {
    cli::Cli::command().long_version(long_version())
}

fn long_version() -> &'static str {
    let header = crate::catalog::EMBEDDED.lines().next().unwrap_or_default();
    let summary = match serde_json::from_str::<crate::catalog::Header>(header) {
        Ok(h) => {
            let types = crate::catalog::EMBEDDED.lines().count().saturating_sub(1);
            let sources: Vec<String> = h
                .sources
                .iter()
                .map(|s| format!("{} {}", s.id, s.date))
                .collect();
            format!(
                "embedded catalog: {types} instance types, generated {}; sources: {}",
                h.generated,
                sources.join(", ")
            )
        }
        Err(e) => format!("embedded catalog header unreadable: {e}"),
    };
    Box::leak(format!("{}\n{summary}", env!("CARGO_PKG_VERSION")).into_boxed_str())
}

/// Parses the arguments, runs the subcommand, prints any error once, and returns the exit code.
pub fn main_with_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // The long version reads the embedded catalog's header and counts its 1.3 MB of lines:
    // build it only when it is asked for, not on every run.
    let wants_version = args.iter().skip(1).any(|a| a == "--version" || a == "-V");
    let cmd = if wants_version {
        command()
    } else {
        cli::Cli::command()
    };
    let matches = match cmd.try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return report_clap_error(&e),
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return exit::USAGE;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line, control characters escaped, long values cut, credentials redacted.
            eprintln!("kplan: {}", sanitize::message(&format!("{err:#}")));
            exit::code_for(&err)
        }
    }
}

/// Help and version go to stdout (exit 0); a usage error is clap's full message on stderr (the
/// error, its "did you mean" tip, the usage line), first line prefixed `kplan:`, exit 2.
fn report_clap_error(e: &clap::Error) -> u8 {
    use clap::error::ErrorKind;
    if !e.use_stderr() {
        let _ = e.print();
        return exit::OK;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return exit::USAGE;
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.trim_end().lines();
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let mut text = format!("kplan: {}", sanitize::message(first));
    for line in lines {
        text.push('\n');
        text.push_str(&sanitize::cut_values(&sanitize::escape_controls(line), 200));
    }
    eprintln!("{text}");
    exit::USAGE
}

/// Runs one parsed command line; returns the exit code of a completed run.
pub fn run(cli: cli::Cli) -> anyhow::Result<u8> {
    let style = output::Style::detect(cli.global.color);
    match cli.command {
        cli::Command::Pods(args) => commands::pods::run(&cli.global, style, args),
        cli::Command::Catalog(args) => commands::catalog::run(&cli.global, style, args),
        cli::Command::Fit(args) => commands::fit::run(&cli.global, style, args),
        cli::Command::Subnet(args) => commands::subnet::run(&cli.global, style, args),
        cli::Command::Completions(args) => commands::completions::run(args),
    }
}

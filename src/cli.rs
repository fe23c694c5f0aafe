//! Command-line definitions (clap derive). Doc comments are the help text.

use crate::commands;
use crate::output::ColorChoice;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Capacity planner for Kubernetes on AWS EKS: pods per node, subnet sizes, the cheapest node mix.
#[derive(Debug, Parser)]
#[command(
    name = "kplan",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Use this catalog file (from `kplan catalog update`) instead of the embedded one.
    #[arg(long, global = true, env = "KPLAN_CATALOG", value_name = "FILE")]
    pub catalog: Option<PathBuf>,
    /// When to use colour: only on a terminal by default, never with NO_COLOR set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Max pods and allocatable CPU and memory per instance type.
    Pods(commands::pods::PodsArgs),
    /// Browse the instance catalog and refresh it from the EC2 API.
    Catalog(commands::catalog::CatalogArgs),
    /// The cheapest node mix for a workload file, with a lower bound and the greedy baseline.
    Fit(commands::fit::FitArgs),
    /// Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving.
    Subnet(commands::subnet::SubnetArgs),
    /// Print shell completions to stdout.
    Completions(commands::completions::CompletionsArgs),
}

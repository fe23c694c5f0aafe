//! `kplan catalog`: browse the instance catalog (`list`, `show`, `info`) and refresh it from the
//! EC2 API (`update`).

pub mod info;
pub mod list;
pub mod show;
pub mod update;

use crate::cli::GlobalArgs;
use crate::output::Style;
use anyhow::Result;

/// Arguments of `kplan catalog`.
#[derive(Debug, clap::Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

/// The `kplan catalog` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CatalogCommand {
    /// List instance types with filters, max pods and allocatable (like ec2-instance-selector).
    List(Box<list::ListArgs>),
    /// Everything known about one instance type, with where each group of fields came from.
    Show(show::ShowArgs),
    /// One-screen summary of the catalog in use: types, origin, date, sources.
    Info(info::InfoArgs),
    /// Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices).
    Update(update::UpdateArgs),
}

/// Runs one `kplan catalog` subcommand.
pub fn run(global: &GlobalArgs, style: Style, args: CatalogArgs) -> Result<u8> {
    match args.command {
        CatalogCommand::List(a) => list::run(global, style, *a),
        CatalogCommand::Show(a) => show::run(global, style, a),
        CatalogCommand::Info(a) => info::run(global, a),
        CatalogCommand::Update(a) => update::run(global, a),
    }
}

//! One module per subcommand: arguments -> domain -> output.

pub mod catalog;
pub mod completions;
pub mod fit;
pub mod fit_fargate;
pub mod fit_k8s;
pub mod fit_prices;
pub mod fit_resources;
pub mod node_args;
pub mod pods;
pub mod subnet;

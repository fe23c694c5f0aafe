//! One module per subcommand: arguments -> domain -> output.

pub mod completions;
pub mod fit;
pub mod node_args;
pub mod pods;

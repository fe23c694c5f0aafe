//! The typed errors the code branches on (everything else is an `anyhow` error with context):
//! the domain returns them, [`crate::exit::code_for`] maps them to exit codes.

use std::fmt;

/// An error whose exit code is 1: the input was fine but the answer is "no".
#[derive(Debug, Clone, PartialEq)]
pub struct Infeasible(pub String);

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Infeasible {}

/// An error meaning "stopped by this signal" (2 = SIGINT, 15 = SIGTERM); exit code 128 + N.
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted {
    pub signal: u8,
    pub name: &'static str,
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "interrupted by {}", self.name)
    }
}

impl std::error::Error for Interrupted {}

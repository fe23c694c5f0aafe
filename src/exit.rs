//! Exit codes, in one place: 0 ok, 1 a check failed or the plan is infeasible,
//! 2 usage, input or environment error; 128 + N when signal N (SIGINT, SIGTERM) stopped a
//! `catalog update`, as shells report it.

use std::fmt;

/// Everything worked and every check passed.
pub const OK: u8 = 0;
/// A check failed (`kplan subnet check`) or no plan exists (`kplan fit`).
pub const FAILED: u8 = 1;
/// Bad flags, bad input files, unreadable catalog, AWS errors.
pub const USAGE: u8 = 2;

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

/// The exit code for an error: 1 for [`Infeasible`], 128 + N for [`Interrupted`], 2 for
/// everything else.
pub fn code_for(err: &anyhow::Error) -> u8 {
    if let Some(i) = err.chain().find_map(|e| e.downcast_ref::<Interrupted>()) {
        return 128 + i.signal;
    }
    if err.chain().any(|e| e.is::<Infeasible>()) {
        FAILED
    } else {
        USAGE
    }
}

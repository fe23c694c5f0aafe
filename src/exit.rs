//! Exit codes, in one place: 0 ok, 1 a check failed or the plan is infeasible,
//! 2 usage, input or environment error; 128 + N when signal N (SIGINT, SIGTERM) stopped a
//! `catalog update`, as shells report it.

/// Everything worked and every check passed.
pub const OK: u8 = 0;
/// A check failed (`kplan subnet check`) or no plan exists (`kplan fit`).
pub const FAILED: u8 = 1;
/// Bad flags, bad input files, unreadable catalog, AWS errors.
pub const USAGE: u8 = 2;

pub use crate::error::{Infeasible, Interrupted};

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

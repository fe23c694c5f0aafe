//! The column-generation state that the LP-based phases share: the context, the pattern pool,
//! the pricing's warm starts and the work spent.

use crate::fit::colgen::{CgLimits, CgResult, Ctx, Pattern, column_generation};
use crate::fit::problem::Problem;
use std::collections::HashSet;

/// Column generation over one problem's kept options and rows, keeping every pattern found.
pub(super) struct Columns<'a> {
    pub(super) ctx: Ctx<'a>,
    /// Every pattern generated (the master's columns).
    pub(super) pool: Vec<Pattern>,
    seen: HashSet<Pattern>,
    lambdas: Vec<Option<[f64; 3]>>,
    /// Pricing rounds run so far (the unit of the work budgets).
    pub(super) rounds: u64,
}

impl<'a> Columns<'a> {
    /// The state for `problem` restricted to `kept` options and `rows`, starting from `pool`.
    pub(super) fn new(
        problem: &'a Problem,
        kept: &[usize],
        rows: &[usize],
        pool: Vec<Pattern>,
    ) -> Columns<'a> {
        Columns {
            ctx: Ctx::new(problem, kept.to_vec(), rows.to_vec()),
            seen: pool.iter().cloned().collect(),
            pool,
            lambdas: vec![None; kept.len()],
            rounds: 0,
        }
    }

    /// Solves the master LP of `demand` (one entry per row) within `limits`.
    pub(super) fn solve(
        &mut self,
        demand: &[u32],
        limits: &CgLimits,
        progress: &mut dyn FnMut(&str),
    ) -> CgResult {
        let r = column_generation(
            &self.ctx,
            demand,
            &mut self.pool,
            &mut self.seen,
            &mut self.lambdas,
            limits,
            progress,
        );
        self.rounds += r.rounds;
        r
    }
}

//! The first plans from the LP: column generation on the demand, residual rounding and dives.

use super::blocks::{Blocks, block_count, ceil_rest, greedy_rest, take_n};
use super::columns::Columns;
use super::improve::improve_blocks;
use super::options::Cheapest;
use crate::fit::colgen::{CgLimits, Ctx, Pattern};
use crate::fit::problem::Problem;
use crate::fit::tuning::{Deadline, Tuning};

/// Column generation on `problem` (possibly with penalized prices) and the integer plans built
/// from it; returns the LP lower bound and the candidate plans (lists of nodes).
#[allow(clippy::too_many_arguments)]
pub(super) fn lp_plans(
    problem: &Problem,
    kept: &[usize],
    rows: &[usize],
    demand: &[u32],
    cheap: &Cheapest,
    tune: &Tuning,
    deadline: Deadline,
    progress: &mut dyn FnMut(&str),
) -> LpPlans {
    let mut cols = Columns::new(problem, kept, rows, Vec::new());
    let limits = CgLimits {
        deadline,
        max_rounds: tune.root_rounds,
        rel_tol: 5e-5,
        certify: true,
    };
    let first = cols.solve(demand, &limits, progress);
    progress(&format!("lp bound {:.4}", first.lower_bound));
    let mut nodes = residual_rounding(&mut cols, demand, &first.solution, tune, deadline);
    progress(&format!(
        "rounded plan: {} nodes; local search",
        block_count(&nodes)
    ));
    improve_blocks(problem, cheap, &mut nodes, deadline);
    let mut candidates = vec![nodes];
    // Diving, for small problems: one dive per rule of [`Dive`] (different rules end in
    // different plans: big nodes first, whose leftovers small nodes then fill, or the LP's most
    // used patterns first).
    let pods: u64 = demand.iter().map(|&d| d as u64).sum();
    if pods <= tune.dive_pods {
        for rule in [
            Dive::MostUsed,
            Dive::MostCost,
            Dive::NearInteger,
            Dive::Dearest,
        ] {
            let mut nodes = dive(&mut cols, demand, &first.solution, rule, deadline);
            improve_blocks(problem, cheap, &mut nodes, deadline);
            candidates.push(nodes);
        }
    }
    LpPlans {
        lower_bound: first.lower_bound,
        plans: candidates,
        solution: first.solution,
        pool: cols.pool,
    }
}

/// Residual rounding: floors the LP solution, re-solves the rest, until all is placed; out of
/// effort (or time), rounds the last LP solution up.
fn residual_rounding(
    cols: &mut Columns,
    demand: &[u32],
    solution: &[(Pattern, f64)],
    tune: &Tuning,
    deadline: Deadline,
) -> Blocks {
    let mut residual = demand.to_vec();
    let mut nodes = Vec::new();
    let mut sol = solution.to_vec();
    let small = CgLimits {
        deadline,
        max_rounds: tune.resolve_rounds,
        rel_tol: 3e-3,
        certify: false,
    };
    let mut resolves = 0;
    while residual.iter().any(|&r| r > 0) {
        sol.sort_by(|a, b| b.1.total_cmp(&a.1));
        let ctx = &cols.ctx;
        if resolves >= tune.max_resolves || deadline.passed() {
            ceil_rest(ctx, &sol, &mut residual, &mut nodes);
            break;
        }
        let mut took = false;
        for (p, v) in &sol {
            let n = (v + 1e-6).floor() as u64;
            took |= take_n(ctx, p, &mut residual, n, &mut nodes);
        }
        if !took
            && !sol
                .iter()
                .any(|(p, _)| take_n(ctx, p, &mut residual, 1, &mut nodes))
        {
            greedy_rest(ctx, &residual, &mut nodes);
            break;
        }
        if residual.iter().all(|&r| r == 0) {
            break;
        }
        sol = cols.solve(&residual, &small, &mut |_| {}).solution;
        resolves += 1;
    }
    nodes
}

/// Which pattern a dive fixes next.
#[derive(Clone, Copy)]
pub(super) enum Dive {
    /// The pattern of largest LP value.
    MostUsed,
    /// The pattern of largest LP value x price.
    MostCost,
    /// The pattern whose LP value is nearest above an integer (least rounding loss).
    NearInteger,
    /// The pattern of the dearest option (big nodes first).
    Dearest,
}

impl Dive {
    /// How much the rule wants pattern `p` of LP value `v` fixed next (largest first).
    fn score(self, ctx: &Ctx, p: &Pattern, v: f64) -> f64 {
        match self {
            Dive::MostUsed => v,
            Dive::MostCost => v.min(1.0) * ctx.price(p),
            Dive::NearInteger => v - v.floor() + (v >= 1.0) as u8 as f64,
            Dive::Dearest => ctx.price(p) + v.min(1.0) * 1e-6,
        }
    }
}

/// One dive: fixes the chosen pattern of the LP solution (rounded down, at least once), re-solves
/// the residual demand by column generation, until all is placed.
pub(super) fn dive(
    cols: &mut Columns,
    demand: &[u32],
    solution: &[(Pattern, f64)],
    rule: Dive,
    deadline: Deadline,
) -> Blocks {
    let mut residual = demand.to_vec();
    let mut nodes = Vec::new();
    let mut sol = solution.to_vec();
    let small = CgLimits {
        deadline,
        max_rounds: 30,
        rel_tol: 1e-3,
        certify: false,
    };
    while residual.iter().any(|&r| r > 0) {
        let ctx = &cols.ctx;
        if deadline.passed() {
            ceil_rest(ctx, &sol, &mut residual, &mut nodes);
            break;
        }
        let score = |(p, v): &(Pattern, f64)| rule.score(ctx, p, *v);
        let Some((p, v)) = sol
            .iter()
            .max_by(|a, b| score(a).total_cmp(&score(b)))
            .cloned()
        else {
            greedy_rest(ctx, &residual, &mut nodes);
            break;
        };
        let n = ((v + 1e-6).floor() as u64).max(1);
        take_n(ctx, &p, &mut residual, n, &mut nodes);
        if residual.iter().all(|&r| r == 0) {
            break;
        }
        sol = cols.solve(&residual, &small, &mut |_| {}).solution;
    }
    nodes
}

/// What [`lp_plans`] returns.
pub(super) struct LpPlans {
    /// A valid lower bound.
    pub(super) lower_bound: f64,
    /// Candidate plans.
    pub(super) plans: Vec<Blocks>,
    /// The first LP solution (on the whole demand).
    pub(super) solution: Vec<(Pattern, f64)>,
    /// Every pattern generated.
    pub(super) pool: Vec<Pattern>,
}

//! Column generation for the Gilmore-Gomory LP relaxation, and the lower bounds.
//!
//! The master LP covers the demand of each pod group with patterns (an option and a count per
//! group); pricing ([`super::pricing`]) finds, per option, the pattern of highest dual value.
//! After each round the Farley bound `b.y / theta` is a valid lower bound, where `theta` is a
//! proven upper bound on `max_p value_p / price_p` over *all* patterns (exact pricing where the
//! search finished; where it did not, the least of the surrogate relaxation and, in the strong
//! rounds, a dynamic programme over the binding dimensions): `y / theta` is then dual
//! feasible. So the bound holds whenever the loop stops.

use super::pricing::{Item, knapsack, knapsack_bound, knapsack_dp};
use super::problem::Problem;
use super::simplex::{Column, Master};
use super::tuning::Deadline;
use super::util::extra_fit;
use std::collections::HashSet;

/// A pattern: one node of `option` holding `counts` pods of each (row) group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Pattern {
    pub option: usize,
    /// `(row, count)`, sorted by row, counts > 0.
    pub counts: Vec<(usize, u32)>,
}

/// The problem as column generation sees it: kept options and the groups with pods to place.
pub(crate) struct Ctx<'a> {
    pub problem: &'a Problem,
    /// Option indices (into the problem) that survive dominance pruning.
    pub options: Vec<usize>,
    /// Group index of each row.
    pub rows: Vec<usize>,
    /// Per kept option (same order as `options`): the rows allowed on it, with the most pods of
    /// that group one node of it can hold.
    pub opt_rows: Vec<Vec<(usize, u32)>>,
}

/// Most pods of group `g` that fit alone on option `o` (0 if not allowed), extra resources
/// included.
pub(crate) fn fit_alone(problem: &Problem, o: usize, g: usize) -> u32 {
    let opt = &problem.options[o];
    let grp = &problem.groups[g];
    if grp.allowed.binary_search(&o).is_err() {
        return 0;
    }
    let mut k = opt.pods as u64;
    if let Some(c) = opt.cpu_millicores.checked_div(grp.cpu_millicores) {
        k = k.min(c);
    }
    if let Some(m) = opt.memory_bytes.checked_div(grp.memory_bytes) {
        k = k.min(m);
    }
    if let Some(m) = grp.max_per_node {
        k = k.min(m as u64);
    }
    k = k.min(extra_fit(&grp.extra, |d| opt.extra_cap(d)));
    k.min(u32::MAX as u64) as u32
}

impl<'a> Ctx<'a> {
    pub fn new(problem: &'a Problem, options: Vec<usize>, rows: Vec<usize>) -> Ctx<'a> {
        let opt_rows = options
            .iter()
            .map(|&o| {
                rows.iter()
                    .enumerate()
                    .filter_map(|(r, &g)| {
                        let k = fit_alone(problem, o, g);
                        (k > 0).then_some((r, k))
                    })
                    .collect()
            })
            .collect();
        Ctx {
            problem,
            options,
            rows,
            opt_rows,
        }
    }

    pub fn price(&self, p: &Pattern) -> f64 {
        self.problem.options[p.option].price
    }

    /// The cheapest-per-pod single-group pattern for each row with demand, in row order (the
    /// master's starting basis).
    fn diagonal(&self, demand: &[u32]) -> Vec<Pattern> {
        let mut best: Vec<Option<(f64, Pattern)>> = vec![None; self.rows.len()];
        for (i, &o) in self.options.iter().enumerate() {
            let price = self.problem.options[o].price;
            for &(r, k) in &self.opt_rows[i] {
                let k = k.min(demand[r]);
                if k == 0 {
                    continue;
                }
                let per_pod = price / k as f64;
                if best[r].as_ref().is_none_or(|(b, _)| per_pod < *b) {
                    best[r] = Some((
                        per_pod,
                        Pattern {
                            option: o,
                            counts: vec![(r, k)],
                        },
                    ));
                }
            }
        }
        best.into_iter()
            .enumerate()
            .filter(|&(r, _)| demand[r] > 0)
            .map(|(_, b)| b.expect("every row fits some option").1)
            .collect()
    }
}

/// Outcome of a column-generation run.
pub(crate) struct CgResult {
    /// A valid lower bound on the LP (hence on any plan) for this demand.
    pub lower_bound: f64,
    /// The master's solution: `(pattern, value)` with value > 0, patterns capped to the demand.
    pub solution: Vec<(Pattern, f64)>,
    /// Pricing rounds run (the unit of the work budgets).
    pub rounds: u64,
}

/// Limits of one column-generation run.
pub(crate) struct CgLimits {
    pub deadline: Deadline,
    /// Pricing rounds at most; 0 re-solves the master over the pool only (no bound then).
    pub max_rounds: usize,
    /// Stop once the lower bound is within this share of the LP value.
    pub rel_tol: f64,
    /// Search hard before stopping, to prove a tight bound (the first solve only).
    pub certify: bool,
}

/// Relative tolerance of pricing: patterns within it of the best are not searched for. It only
/// loosens the bound by at most this share, never makes it invalid.
const PRICING_TOL: f64 = 2e-4;

/// Strong pricing rounds (search hard with the same duals) one column generation may run; four
/// times as many while the bound is still more than `LOOSE` below the LP value.
const MAX_STRONG_ROUNDS: usize = 2;
const LOOSE: f64 = 3e-3;

/// Cell updates one dynamic programme of pricing may make (a fraction of a nanosecond each).
/// Measured on the benchmark (2-core machine): 20 million gives the same plans and bounds as
/// 200 million on 10,000/50/1, 10,000/50/1/wide, 10,000/200/3 and 100,000/1,000/3 in 60-75%
/// of the time; 5 million loosens the bound (10,000/200/3: gap 0.18% -> 1.72%).
const DP_WORK: u64 = 20_000_000;

/// Option `o`'s capacity of each extra resource (empty without extra resources).
fn xcap_of(problem: &Problem, o: usize) -> Vec<u64> {
    let opt = &problem.options[o];
    (0..problem.extra_names.len())
        .map(|d| opt.extra_cap(d))
        .collect()
}

fn cap_pattern(p: &Pattern, demand: &[u32]) -> Option<Pattern> {
    let counts: Vec<(usize, u32)> = p
        .counts
        .iter()
        .map(|&(r, c)| (r, c.min(demand[r])))
        .filter(|&(_, c)| c > 0)
        .collect();
    (!counts.is_empty()).then_some(Pattern {
        option: p.option,
        counts,
    })
}

fn column(ctx: &Ctx, p: &Pattern) -> Column {
    Column {
        cost: ctx.price(p),
        entries: p.counts.iter().map(|&(r, c)| (r, c as f64)).collect(),
    }
}

/// Prices every kept option against the duals `y` (per master row, `pos` maps rows to them):
/// returns `theta`, a proven upper bound on `(value + beta) / price` over all patterns, and the
/// patterns with a ratio above 1 found (with that ratio). `beta` (per kept option) is what the
/// option's patterns earn besides their pods: the duals of branching rows (zero without them).
/// `strong` searches much longer.
pub(crate) fn price_all(
    ctx: &Ctx,
    pos: &[usize],
    y: &[f64],
    demand: &[u32],
    strong: bool,
    beta: &[f64],
    lambdas: &mut [Option<[f64; 3]>],
) -> (f64, Vec<(f64, Pattern)>) {
    let mut theta = 0.0f64;
    let mut found: Vec<(f64, Pattern)> = Vec::new();
    // Cheap relaxation bound first, search where it matters (best ratio first).
    let mut cands: Vec<(f64, usize, Vec<Item>)> = Vec::with_capacity(ctx.options.len());
    for (i, &o) in ctx.options.iter().enumerate() {
        let opt = &ctx.problem.options[o];
        let items: Vec<Item> = ctx.opt_rows[i]
            .iter()
            .filter(|&&(r, _)| pos[r] != usize::MAX && y[pos[r]] > 1e-12)
            .map(|&(r, k)| {
                let g = &ctx.problem.groups[ctx.rows[r]];
                Item {
                    group: r,
                    value: y[pos[r]],
                    w: [g.cpu_millicores, g.memory_bytes, 1],
                    max: k.min(demand[r]),
                    x: (0..ctx.problem.extra_names.len())
                        .map(|d| g.extra_req(d))
                        .collect(),
                }
            })
            .collect();
        if items.is_empty() {
            // Only the empty pattern: it earns beta alone.
            let ratio = beta[i] / opt.price;
            theta = theta.max(ratio);
            if ratio > 1.0 + 1e-9 {
                found.push((
                    ratio,
                    Pattern {
                        option: o,
                        counts: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let cap = [opt.cpu_millicores, opt.memory_bytes, opt.pods as u64];
        let xcap = xcap_of(ctx.problem, o);
        let root = match lambdas[i] {
            Some(l) => knapsack_bound(&items, cap, l),
            None => {
                let p = knapsack(&items, cap, &xcap, 0, 0.0, 0);
                lambdas[i] = Some(p.lambda);
                p.upper
            }
        };
        cands.push(((root + beta[i]) / opt.price, i, items));
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best_ratio = 0.0f64;
    let mut extra = 0;
    // The strong rounds prove the bound to a tenth of the tolerance.
    let tol = if strong {
        PRICING_TOL / 10.0
    } else {
        PRICING_TOL
    };
    for (root_ratio, i, items) in cands {
        if root_ratio <= best_ratio * (1.0 + tol) {
            // Nothing here can raise theta; search on only for more improving patterns.
            if root_ratio <= 1.0 + 1e-9 || extra >= 16 {
                theta = theta.max(root_ratio);
                break;
            }
            extra += 1;
        }
        let o = ctx.options[i];
        let opt = &ctx.problem.options[o];
        let cap = [opt.cpu_millicores, opt.memory_bytes, opt.pods as u64];
        let xcap = xcap_of(ctx.problem, o);
        let mut pr = knapsack(&items, cap, &xcap, 3_000, tol, 0);
        lambdas[i] = Some(pr.lambda);
        if strong && pr.upper > pr.value * (1.0 + tol) {
            // The search did not finish: the dynamic programme proves a tighter bound (and
            // often finds the best pattern).
            if let Some(dp) = knapsack_dp(&items, cap, &xcap, pr.lambda, DP_WORK) {
                pr.upper = pr.upper.min(dp.upper);
                if let Some((v, counts)) = dp.best
                    && v > pr.value
                {
                    pr.value = v;
                    pr.counts = counts;
                }
            }
        }
        let ratio = (pr.value + beta[i]) / opt.price;
        theta = theta.max((pr.upper + beta[i]) / opt.price);
        best_ratio = best_ratio.max(ratio);
        if ratio > 1.0 + 1e-9 {
            let mut counts = pr.counts;
            counts.sort();
            found.push((ratio, Pattern { option: o, counts }));
        }
    }
    (theta.max(best_ratio), found)
}

/// Column generation on `demand` (per row; rows with zero demand are allowed), starting from
/// the patterns in `pool` and adding the patterns it generates to it. `lambdas` keeps, per
/// kept option, the Lagrange multipliers of its last pricing (any multipliers give a valid
/// bound, so each round's cheap first bound reuses them); start it with `None`s.
pub(crate) fn column_generation(
    ctx: &Ctx,
    demand: &[u32],
    pool: &mut Vec<Pattern>,
    seen: &mut HashSet<Pattern>,
    lambdas: &mut [Option<[f64; 3]>],
    limits: &CgLimits,
    progress: &mut dyn FnMut(&str),
) -> CgResult {
    // Rows with demand form the master; others are dropped.
    let live: Vec<usize> = (0..demand.len()).filter(|&r| demand[r] > 0).collect();
    if live.is_empty() {
        return CgResult {
            lower_bound: 0.0,
            solution: vec![],
            rounds: 0,
        };
    }
    let mut pos = vec![usize::MAX; demand.len()];
    for (i, &r) in live.iter().enumerate() {
        pos[r] = i;
    }
    let to_master = |p: &Pattern| -> Column {
        let mut c = column(ctx, p);
        c.entries = c
            .entries
            .iter()
            .filter(|e| pos[e.0] != usize::MAX)
            .map(|&(r, v)| (pos[r], v))
            .collect();
        c
    };
    let b: Vec<f64> = live.iter().map(|&r| demand[r] as f64).collect();
    let mut pats: Vec<Pattern> = ctx.diagonal(demand);
    let mut master = Master::new(b.clone(), pats.iter().map(to_master).collect());
    let mut in_master: HashSet<Pattern> = pats.iter().cloned().collect();
    for p in pool.iter() {
        if let Some(c) = cap_pattern(p, demand)
            && c.counts.iter().any(|&(r, _)| pos[r] != usize::MAX)
            && in_master.insert(c.clone())
        {
            master.add(to_master(&c));
            pats.push(c);
        }
    }
    let no_beta = vec![0.0; ctx.options.len()];
    let mut lower = 0.0f64;
    let mut optimal = false;
    let mut strong = false;
    let mut strong_rounds = 0;
    let mut rounds = 0;
    for round in 0..limits.max_rounds {
        rounds += 1;
        if !strong {
            master.optimize(20_000);
        }
        let y: Vec<f64> = master.duals().iter().map(|v| v.max(0.0)).collect();
        let lp_value = master.objective();
        let by: f64 = y.iter().zip(&b).map(|(a, b)| a * b).sum();
        let (theta, mut found) = price_all(ctx, &pos, &y, demand, strong, &no_beta, lambdas);
        let farley = if theta > 1.0 { by / theta } else { by };
        lower = lower.max(farley * (1.0 - 1e-9));
        if round % 10 == 0 || strong {
            progress(&format!(
                "lp round {round}: {} patterns, lp {lp_value:.4}, bound {lower:.4}",
                pats.len()
            ));
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut added = 0;
        for (_, p) in found {
            if added >= 24 {
                break;
            }
            if in_master.insert(p.clone()) {
                if seen.insert(p.clone()) {
                    pool.push(p.clone());
                }
                master.add(to_master(&p));
                pats.push(p);
                added += 1;
            }
        }
        let timed_out = limits.deadline.passed();
        let close = lp_value - lower <= limits.rel_tol * lp_value;
        if added == 0 || close {
            if close
                || strong
                || !limits.certify
                || timed_out
                || (strong_rounds >= MAX_STRONG_ROUNDS && lp_value - lower <= LOOSE * lp_value)
                || strong_rounds >= 4 * MAX_STRONG_ROUNDS
            {
                // No improving pattern (or the bound is close): the Farley bound stands.
                optimal = added == 0;
                break;
            }
            // The quick search found nothing: search harder with the same duals, to find
            // what it missed or to prove the bound.
            strong = true;
            strong_rounds += 1;
            continue;
        }
        strong = false;
        if timed_out {
            break;
        }
    }
    if !optimal {
        master.optimize(20_000);
    }
    let x = master.primal();
    let solution = x
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 1e-9)
        .map(|(j, &v)| (pats[j].clone(), v))
        .collect();
    CgResult {
        lower_bound: lower,
        solution,
        rounds,
    }
}

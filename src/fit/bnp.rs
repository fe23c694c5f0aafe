//! Branch and price for a stronger lower bound on small plans.
//!
//! A node of the search adds rows to the master LP: "the plan has at least (or at most) `k`
//! nodes of the options in `S`" (all options: the node count; or one option). Such a row
//! changes a pattern's reduced cost by the same amount for every pattern of an option, so
//! pricing stays the knapsack of [`super::colgen`], shifted by `beta` per option. The master
//! starts from artificial columns of a large cost `M` (a relaxation: the LP can only get
//! cheaper), and the node's bound is Farley's `b.y / theta`, valid whenever its loop stops.
//! Every plan lies in one leaf of the tree, so the least bound over the open leaves is a lower
//! bound of every plan; the search expands the leaf of least bound first.

use super::colgen::{Ctx, Pattern, price_all};
use super::problem::Problem;
use super::simplex::{Column, Master};
use super::tuning::Deadline;
use std::collections::HashSet;

/// A branching row: the nodes of the options in `set` number at least (`ge`) or at most `k`.
#[derive(Debug, Clone)]
struct Row {
    set: Vec<bool>,
    ge: bool,
    k: f64,
}

/// What the LP of a search node gives.
struct NodeLp {
    /// A valid lower bound on every plan that satisfies the node's rows.
    lower: f64,
    /// Nodes of each option in the LP solution (indexed like the problem's options).
    per_option: Vec<f64>,
}

/// Shared state of the search: the problem as column generation sees it and the patterns.
struct Search<'a> {
    ctx: Ctx<'a>,
    demand: &'a [u32],
    pool: Vec<Pattern>,
    seen: HashSet<Pattern>,
    lambdas: Vec<Option<[f64; 3]>>,
    big_m: f64,
    deadline: Deadline,
    /// Pricing rounds left (the work budget).
    rounds_left: u64,
}

impl Search<'_> {
    /// Out of work budget (or past `--time-limit`).
    fn stopped(&self) -> bool {
        self.rounds_left == 0 || self.deadline.passed()
    }
}

impl Search<'_> {
    /// The master column of pattern `p` under `rows` (`pos` maps demand rows to master rows).
    fn column(&self, p: &Pattern, pos: &[usize], live: usize, rows: &[Row]) -> Option<Column> {
        let mut entries: Vec<(usize, f64)> = p
            .counts
            .iter()
            .filter_map(|&(r, c)| {
                let c = c.min(self.demand[r]);
                (pos[r] != usize::MAX && c > 0).then_some((pos[r], c as f64))
            })
            .collect();
        for (j, row) in rows.iter().enumerate() {
            if row.set[p.option] {
                entries.push((live + j, if row.ge { 1.0 } else { -1.0 }));
            }
        }
        (!entries.is_empty()).then_some(Column {
            cost: self.ctx.price(p),
            entries,
        })
    }

    /// Column generation on the master with `rows`: a bound valid under them (each round's is)
    /// and the LP's node counts.
    fn solve(&mut self, rows: &[Row]) -> NodeLp {
        let n = self.ctx.problem.options.len();
        let live: Vec<usize> = (0..self.demand.len())
            .filter(|&r| self.demand[r] > 0)
            .collect();
        let mut pos = vec![usize::MAX; self.demand.len()];
        for (i, &r) in live.iter().enumerate() {
            pos[r] = i;
        }
        let m = live.len() + rows.len();
        let mut b: Vec<f64> = live.iter().map(|&r| self.demand[r] as f64).collect();
        b.extend(rows.iter().map(|r| if r.ge { r.k } else { -r.k }));
        // Feasible start: artificial columns of cost M, and slacks of the "at most" rows.
        let start: Vec<Column> = (0..m)
            .map(|i| {
                let le = i >= live.len() && !rows[i - live.len()].ge;
                Column {
                    cost: if le { 0.0 } else { self.big_m },
                    entries: vec![(i, if le { -1.0 } else { 1.0 })],
                }
            })
            .collect();
        let mut master = Master::new(b.clone(), start);
        let mut pats: Vec<Option<Pattern>> = vec![None; m];
        let mut in_master: HashSet<Pattern> = HashSet::new();
        for p in &self.pool {
            if let Some(c) = self.column(p, &pos, live.len(), rows)
                && in_master.insert(p.clone())
            {
                master.add(c);
                pats.push(Some(p.clone()));
            }
        }
        // What each kept option's patterns earn from the rows, per unit of the rows' duals.
        let kept_sign: Vec<Vec<(usize, f64)>> = self
            .ctx
            .options
            .iter()
            .map(|&o| {
                rows.iter()
                    .enumerate()
                    .filter(|(_, r)| r.set[o])
                    .map(|(j, r)| (live.len() + j, if r.ge { 1.0 } else { -1.0 }))
                    .collect()
            })
            .collect();
        let mut lower = f64::NEG_INFINITY;
        let mut strong = false;
        for _ in 0..80 {
            self.rounds_left = self.rounds_left.saturating_sub(1);
            if !strong {
                master.optimize(20_000);
            }
            let y: Vec<f64> = master.duals().iter().map(|v| v.max(0.0)).collect();
            let beta: Vec<f64> = kept_sign
                .iter()
                .map(|e| e.iter().map(|&(i, s)| s * y[i]).sum())
                .collect();
            let (theta, mut found) = price_all(
                &self.ctx,
                &pos,
                &y[..live.len()],
                self.demand,
                strong,
                &beta,
                &mut self.lambdas,
            );
            let by: f64 = y.iter().zip(&b).map(|(a, b)| a * b).sum();
            lower = lower.max(by / theta.max(1.0) * (1.0 - 1e-9));
            found.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut added = 0;
            for (_, p) in found.into_iter().take(24) {
                if !in_master.insert(p.clone()) {
                    continue;
                }
                if let Some(c) = self.column(&p, &pos, live.len(), rows) {
                    if !p.counts.is_empty() && self.seen.insert(p.clone()) {
                        self.pool.push(p.clone());
                    }
                    master.add(c);
                    pats.push(Some(p));
                    added += 1;
                }
            }
            if added == 0 {
                if strong || self.stopped() {
                    break;
                }
                strong = true;
                continue;
            }
            strong = false;
            if self.stopped() {
                break;
            }
        }
        let mut per_option = vec![0.0; n];
        for (j, v) in master.primal().into_iter().enumerate() {
            if let Some(Some(p)) = pats.get(j)
                && v > 1e-9
            {
                per_option[p.option] += v;
            }
        }
        NodeLp { lower, per_option }
    }
}

/// A lower bound at least `base` (a valid bound) by best-first branch and price on node counts,
/// for at most `nodes` search nodes and `rounds` pricing rounds (or until `deadline`); `incumbent` is the cost of a known plan (leaves at or above it are closed).
/// `pool` seeds the patterns. Whatever it returns is proven.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bnp_bound(
    problem: &Problem,
    kept: &[usize],
    rows: &[usize],
    demand: &[u32],
    pool: Vec<Pattern>,
    base: f64,
    incumbent: f64,
    nodes: usize,
    rounds: u64,
    deadline: Deadline,
) -> f64 {
    let seen: HashSet<Pattern> = pool.iter().cloned().collect();
    let mut search = Search {
        ctx: Ctx::new(problem, kept.to_vec(), rows.to_vec()),
        demand,
        pool,
        seen,
        lambdas: vec![None; kept.len()],
        big_m: 10.0 * incumbent + 1.0,
        deadline,
        rounds_left: rounds,
    };
    let mut expanded = 0;
    let n = problem.options.len();
    // Open leaves: (bound, rows, LP node counts).
    let root = search.solve(&[]);
    let mut open: Vec<(f64, Vec<Row>, Vec<f64>)> =
        vec![(root.lower.max(base), Vec::new(), root.per_option)];
    let close = incumbent * (1.0 - 1e-9);
    loop {
        let Some(i) = (0..open.len()).min_by(|&a, &b| open[a].0.total_cmp(&open[b].0)) else {
            // Every leaf closed: no plan is cheaper than the incumbent.
            return base.max(close);
        };
        let least = open[i].0;
        if least >= close || expanded >= nodes || search.stopped() {
            return base.max(least.min(incumbent));
        }
        expanded += 1;
        let (lower, rows, per_option) = open.swap_remove(i);
        // Branch on the total node count if fractional, else on the most fractional option.
        let frac = |x: f64| (x - x.floor()).min(x.ceil() - x);
        let total: f64 = kept.iter().map(|&o| per_option[o]).sum();
        let set: Vec<bool> = if frac(total) > 0.01 {
            (0..n).map(|o| kept.contains(&o)).collect()
        } else {
            let Some(o) = kept
                .iter()
                .copied()
                .filter(|&o| frac(per_option[o]) > 0.01)
                .max_by(|&a, &b| {
                    (frac(per_option[a]) * problem.options[a].price)
                        .total_cmp(&(frac(per_option[b]) * problem.options[b].price))
                })
            else {
                // Integral node counts: this leaf cannot be split further; its bound stands.
                return base.max(lower.min(incumbent));
            };
            (0..n).map(|x| x == o).collect()
        };
        let count: f64 = (0..n).filter(|&o| set[o]).map(|o| per_option[o]).sum();
        for (ge, k) in [(false, count.floor()), (true, count.ceil())] {
            let mut child = rows.clone();
            child.push(Row {
                set: set.clone(),
                ge,
                k,
            });
            let lp = search.solve(&child);
            let bound = lp.lower.max(lower);
            if bound < close {
                open.push((bound, child, lp.per_option));
            }
        }
    }
}

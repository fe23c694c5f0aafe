//! A stronger lower bound for small plans: one level of branching on a node count, each child
//! bounded by Lagrangian column generation.
//!
//! Let `S` be a set of options (all kept options: the total node count; or one option) and
//! `N_S` the number of nodes of `S` in a plan, an integer. For any integer `k`, every plan has
//! `N_S >= k` or `N_S <= k - 1`, so the optimum is at least the smaller of the two children's
//! bounds. A child is bounded by relaxing its constraint into the prices:
//! - `N_S >= k`: for `0 <= l < min price of S`, cost = (cost with `S` priced `l` less) + `l N_S`
//!   >= `LB(prices - l on S) + l k`;
//! - `N_S <= k - 1`: for `m >= 0`, cost >= `LB(prices + m on S) - m (k - 1)`;
//!
//! where `LB` is the Farley bound of column generation ([`super::colgen`]), valid whenever its
//! loop stops (all prices stay positive). Each multiplier tried gives a valid child bound; the
//! child keeps the best. Choosing `k` = the LP's fractional `N_S` rounded up cuts the LP optimum
//! off in both children. Bounds of different branchings are each valid, so their maximum is.

use super::colgen::{CgLimits, Ctx, Pattern, column_generation};
use super::problem::Problem;
use super::tuning::Deadline;
use std::collections::HashSet;

/// Column generation state shared by every evaluation: patterns do not depend on prices.
struct Evaluator<'a> {
    problem: &'a Problem,
    kept: &'a [usize],
    rows: &'a [usize],
    demand: &'a [u32],
    pool: Vec<Pattern>,
    seen: HashSet<Pattern>,
    deadline: Deadline,
    /// Pricing rounds left (the work budget).
    rounds_left: u64,
}

impl Evaluator<'_> {
    /// The Farley bound with `delta` added to the price of each option of `set` (the caller
    /// keeps prices positive), and the LP's node count on `set`.
    fn eval(&mut self, set: &[bool], delta: f64) -> (f64, f64) {
        let mut p = self.problem.clone();
        for (o, opt) in p.options.iter_mut().enumerate() {
            if set[o] {
                opt.price += delta;
            }
        }
        let ctx = Ctx::new(&p, self.kept.to_vec(), self.rows.to_vec());
        let mut lambdas = vec![None; self.kept.len()];
        let limits = CgLimits {
            deadline: self.deadline,
            max_rounds: self.rounds_left.min(60) as usize,
            rel_tol: 2e-4,
            certify: false,
        };
        let r = column_generation(
            &ctx,
            self.demand,
            &mut self.pool,
            &mut self.seen,
            &mut lambdas,
            &limits,
            &mut |_| {},
        );
        self.rounds_left = self.rounds_left.saturating_sub(r.rounds);
        let count: f64 = r
            .solution
            .iter()
            .filter(|(pat, _)| set[pat.option])
            .map(|(_, v)| v)
            .sum();
        (r.lower_bound, count)
    }

    /// Out of work budget (or past `--time-limit`).
    fn timed_out(&self) -> bool {
        self.rounds_left == 0 || self.deadline.passed()
    }

    /// The bound of the child `N_S >= k` (`base` is a valid bound of the parent).
    fn child_ge(&mut self, set: &[bool], k: f64, min_price: f64, base: f64) -> f64 {
        let mut best = base;
        let (mut lo, mut hi) = (0.0, 0.98 * min_price);
        for i in 0..5 {
            if self.timed_out() {
                break;
            }
            // The largest multiplier first: often the slope is still positive there.
            let l = if i == 0 { hi } else { 0.5 * (lo + hi) };
            let (lb, count) = self.eval(set, -l);
            best = best.max(lb + l * k);
            // The Lagrangian is concave in l, with slope k - count.
            if count < k - 1e-6 {
                if i == 0 {
                    break;
                }
                lo = l;
            } else {
                hi = l;
            }
        }
        best
    }

    /// The bound of the child `N_S <= k - 1`.
    fn child_le(&mut self, set: &[bool], k: f64, step: f64, base: f64) -> f64 {
        let mut best = base;
        let (mut lo, mut hi): (f64, Option<f64>) = (0.0, None);
        let mut m = step;
        for _ in 0..6 {
            if self.timed_out() {
                break;
            }
            let (lb, count) = self.eval(set, m);
            best = best.max(lb - m * (k - 1.0));
            // Slope count - (k - 1): raise m while too many nodes remain.
            if count > k - 1.0 + 1e-6 {
                lo = m;
            } else {
                hi = Some(m);
            }
            m = match hi {
                None => m * 2.0,
                Some(h) => 0.5 * (lo + h),
            };
        }
        best
    }
}

/// Consecutive branchings without gain after which the search stops.
const MAX_MISSES: usize = 2;

/// A lower bound at least `base` (a valid bound), from branching on node counts of the LP
/// solution `solution` (of the same problem, rows and demand); `pool` seeds the patterns.
/// Stops after `rounds` pricing rounds (or at `deadline`); whatever it returns is proven.
#[allow(clippy::too_many_arguments)]
pub(crate) fn branch_bound(
    problem: &Problem,
    kept: &[usize],
    rows: &[usize],
    demand: &[u32],
    solution: &[(Pattern, f64)],
    pool: Vec<Pattern>,
    base: f64,
    rounds: u64,
    deadline: Deadline,
) -> f64 {
    let seen: HashSet<Pattern> = pool.iter().cloned().collect();
    let mut ev = Evaluator {
        problem,
        kept,
        rows,
        demand,
        pool,
        seen,
        deadline,
        rounds_left: rounds,
    };
    let n = problem.options.len();
    // Branching sets: all kept options (total nodes), then single options, most fractional
    // count first.
    let mut per_option = vec![0.0f64; n];
    for (p, v) in solution {
        per_option[p.option] += v;
    }
    let mut sets: Vec<(Vec<bool>, f64)> = Vec::new();
    let mut all = vec![false; n];
    kept.iter().for_each(|&o| all[o] = true);
    sets.push((all, per_option.iter().sum()));
    let mut singles: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|&o| per_option[o] > 1e-6)
        .collect();
    let dist = |x: f64| (x - x.floor() - 0.5).abs();
    singles.sort_by(|&a, &b| dist(per_option[a]).total_cmp(&dist(per_option[b])));
    for o in singles {
        let mut s = vec![false; n];
        s[o] = true;
        sets.push((s, per_option[o]));
    }
    let mut bound = base;
    // Branchings that raise nothing: stop after a few in a row (a degenerate LP has cheap
    // substitutes for any one count).
    let mut misses = 0;
    for (set, count) in sets {
        if ev.timed_out() || misses >= MAX_MISSES {
            break;
        }
        let frac = count - count.floor();
        if !(0.02..=0.98).contains(&frac) {
            continue;
        }
        let k = count.ceil();
        let prices: Vec<f64> = (0..n)
            .filter(|&o| set[o])
            .map(|o| problem.options[o].price)
            .collect();
        let min_price = prices.iter().copied().fold(f64::INFINITY, f64::min);
        let mean = prices.iter().sum::<f64>() / prices.len().max(1) as f64;
        let ge = ev.child_ge(&set, k, min_price, base);
        if ge <= bound {
            misses += 1;
            continue;
        }
        let le = ev.child_le(&set, k, 0.1 * mean, base);
        if ge.min(le) > bound {
            bound = ge.min(le);
            misses = 0;
        } else {
            misses += 1;
        }
    }
    bound
}

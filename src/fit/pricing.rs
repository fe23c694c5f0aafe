//! The pricing step of column generation: for one node option, the pod counts that maximise the
//! dual value `sum y_g n_g` within CPU, memory and pod slots (a bounded 3-dimensional integer
//! knapsack), by depth-first branch and bound.
//!
//! The bound is the best of several *surrogate* relaxations (a non-negative combination of the
//! three capacity rows, solved as a fractional knapsack): each is a valid upper bound, so an
//! unfinished search still returns a value no pattern can exceed — what keeps the Farley bound
//! of column generation valid when the search is cut short.

use super::simplex::{Column, Master};

/// One item kind: a pod group with its dual value and per-node upper bound.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub group: usize,
    pub value: f64,
    pub w: [u64; 3],
    pub max: u32,
}

/// Best pattern found and a proven upper bound on the best value.
#[derive(Debug, Clone)]
pub(crate) struct Priced {
    pub value: f64,
    pub counts: Vec<(usize, u32)>,
    pub upper: f64,
    /// The Lagrange multipliers used (normalized by capacity), for [`knapsack_bound`].
    pub lambda: [f64; 3],
}

const SURROGATES: usize = 5;

struct Search<'a> {
    items: &'a [Item],
    cap: [u64; 3],
    /// Item weights in each surrogate, normalized by capacity.
    sw: Vec<[f64; SURROGATES]>,
    /// Per surrogate: item indices by value density, decreasing.
    order: [Vec<usize>; SURROGATES],
    best: f64,
    best_counts: Vec<u32>,
    cur: Vec<u32>,
    nodes: usize,
    node_limit: usize,
    aborted: bool,
    /// Lagrange multipliers of the three capacity rows (normalized), tuned at the root.
    lambda: [f64; 3],
    /// Relative tolerance of the pruning test.
    tol: f64,
    /// Largest `value + bound` of a pruned subtree: no pattern there is worth more.
    pruned: f64,
}

impl Search<'_> {
    /// Upper bound on the value of items `from..` within the remaining capacity.
    fn bound(&self, from: usize, rem: [u64; 3]) -> f64 {
        let r: [f64; 3] = [0, 1, 2].map(|d| rem[d] as f64 / self.cap[d].max(1) as f64);
        // Lagrangian bound (weak LP duality): lambda.r + sum max_i (v_i - lambda.w_i)^+.
        let l = &self.lambda;
        let mut best = l[0] * r[0] + l[1] * r[1] + l[2] * r[2];
        for (it, w) in self.items[from..].iter().zip(&self.sw[from..]) {
            let red = it.value - l[0] * w[0] - l[1] * w[1] - l[2] * w[2];
            if red > 0.0 {
                best += it.max as f64 * red;
            }
        }
        for s in 0..SURROGATES {
            let l = &self.lambda;
            let mut room = match s {
                0..=2 => r[s],
                3 => r[0] + r[1] + r[2],
                _ => l[0] * r[0] + l[1] * r[1] + l[2] * r[2],
            };
            let mut v = 0.0;
            for &i in &self.order[s] {
                if i < from {
                    continue;
                }
                let it = &self.items[i];
                let w = self.sw[i][s];
                let full = it.max as f64 * w;
                if full <= room {
                    room -= full;
                    v += it.max as f64 * it.value;
                } else {
                    v += it.value * room / w;
                    break;
                }
            }
            best = best.min(v);
        }
        best
    }

    /// Best-first search for a tight upper bound (the best solution is kept from the
    /// depth-first search). Returns a proven upper bound on the optimum.
    fn best_first(&mut self, cap: [u64; 3], budget: usize) -> f64 {
        #[derive(PartialEq)]
        struct Open(f64, usize, [u64; 3], f64);
        impl Eq for Open {}
        impl PartialOrd for Open {
            fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(o))
            }
        }
        impl Ord for Open {
            fn cmp(&self, o: &Self) -> std::cmp::Ordering {
                self.0.total_cmp(&o.0)
            }
        }
        let n_items = self.items.len();
        let mut heap = std::collections::BinaryHeap::new();
        let mut pruned = self.best;
        heap.push(Open(self.bound(0, cap), 0, cap, 0.0));
        let mut work = 0usize;
        while let Some(Open(b, k, rem, value)) = heap.pop() {
            if b <= self.best * (1.0 + self.tol) {
                pruned = pruned.max(b);
                continue;
            }
            if work >= budget {
                return b.max(pruned).max(self.best);
            }
            let it = &self.items[k];
            let mut n = it.max as u64;
            for (d, &wd) in it.w.iter().enumerate() {
                if let Some(q) = rem[d].checked_div(wd) {
                    n = n.min(q);
                }
            }
            for c in 0..=n {
                work += 1;
                let r = [0, 1, 2].map(|d| rem[d] - c * it.w[d]);
                let v = value + c as f64 * it.value;
                if v > self.best {
                    self.best = v;
                }
                if k + 1 < n_items {
                    let cb = v + self.bound(k + 1, r);
                    if cb > self.best * (1.0 + self.tol) {
                        heap.push(Open(cb.min(b), k + 1, r, v));
                    } else {
                        pruned = pruned.max(cb);
                    }
                }
            }
        }
        pruned.max(self.best)
    }

    fn dfs(&mut self, k: usize, rem: [u64; 3], value: f64) {
        if value > self.best {
            self.best = value;
            self.best_counts.clone_from(&self.cur);
        }
        if k == self.items.len() {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.node_limit {
            self.aborted = true;
            return;
        }
        let b = value + self.bound(k, rem);
        if b <= self.best * (1.0 + self.tol) + 1e-15 {
            self.pruned = self.pruned.max(b);
            return;
        }
        let it = &self.items[k];
        let mut n = it.max as u64;
        for (d, &wd) in it.w.iter().enumerate() {
            if let Some(q) = rem[d].checked_div(wd) {
                n = n.min(q);
            }
        }
        let (w, v) = (it.w, it.value);
        for c in (0..=n).rev() {
            self.cur[k] = c as u32;
            let r = [0, 1, 2].map(|d| rem[d] - c * w[d]);
            self.dfs(k + 1, r, value + c as f64 * v);
            if self.aborted {
                break;
            }
        }
        self.cur[k] = 0;
    }
}

/// The optimal multipliers of the knapsack's LP relaxation, from its dual
/// `min r.lambda + sum max_i mu_i  s.t.  lambda.w_i + mu_i >= v_i` (a covering LP, solved by
/// [`Master`] with the `mu_i` columns as the starting basis). With them the Lagrangian bound at
/// the root is the LP relaxation value; any multipliers give a valid bound deeper down.
fn lp_lambda(items: &[Item], sw: &[[f64; SURROGATES]]) -> ([f64; 3], Vec<f64>) {
    let diagonal: Vec<Column> = items
        .iter()
        .enumerate()
        .map(|(i, it)| Column {
            cost: it.max as f64,
            entries: vec![(i, 1.0)],
        })
        .collect();
    let mut lp = Master::new(items.iter().map(|it| it.value).collect(), diagonal);
    for d in 0..3 {
        let entries: Vec<(usize, f64)> = sw
            .iter()
            .enumerate()
            .filter(|(_, w)| w[d] > 0.0)
            .map(|(i, w)| (i, w[d]))
            .collect();
        lp.add(Column { cost: 1.0, entries });
    }
    lp.optimize(10_000);
    let x = lp.primal();
    let n = items.len();
    // The duals of this LP are the knapsack LP's own solution (fractional counts).
    ([x[n], x[n + 1], x[n + 2]], lp.duals())
}

/// A quick valid upper bound on the knapsack's value: the Lagrangian bound with the given
/// multipliers (normalized by capacity), or the sum of all values if that is smaller.
pub(crate) fn knapsack_bound(items: &[Item], cap: [u64; 3], l: [f64; 3]) -> f64 {
    let mut b = l[0] + l[1] + l[2];
    let mut all = 0.0;
    for it in items {
        let w = [0, 1, 2].map(|d| it.w[d] as f64 / cap[d].max(1) as f64);
        let red = it.value - l[0] * w[0] - l[1] * w[1] - l[2] * w[2];
        if red > 0.0 {
            b += it.max as f64 * red;
        }
        all += it.max as f64 * it.value;
    }
    b.min(all)
}

/// Maximises `sum value_i n_i` subject to `sum w_i[d] n_i <= cap[d]` and `n_i <= max_i`,
/// exploring at most `node_limit` search nodes and pruning subtrees that cannot beat the best
/// by more than the relative `tol`. Items must have `value > 0`. `upper` is always valid.
///
/// When the depth-first search stops at its limit, a best-first search of up to `certify` nodes
/// lowers the upper bound (0: keep the root relaxation as the bound).
pub(crate) fn knapsack(
    items: &[Item],
    cap: [u64; 3],
    node_limit: usize,
    tol: f64,
    certify: usize,
) -> Priced {
    // Surrogate weights, normalized by capacity: each dimension alone, their sum, and the
    // LP-optimal multipliers (whose surrogate is the LP relaxation at the root).
    let norm: Vec<[f64; SURROGATES]> = items
        .iter()
        .map(|it| {
            let n = [0, 1, 2].map(|d| it.w[d] as f64 / cap[d].max(1) as f64);
            [n[0], n[1], n[2], n[0] + n[1] + n[2], 0.0]
        })
        .collect();
    let (lambda, lp_counts) = lp_lambda(items, &norm);
    let sw: Vec<[f64; SURROGATES]> = norm
        .iter()
        .map(|n| {
            let mut x = *n;
            x[4] = lambda[0] * n[0] + lambda[1] * n[1] + lambda[2] * n[2];
            x
        })
        .collect();
    // Search the items by LP-reduced density (the LP's own order), or the summed surrogate.
    let lead = if lambda.iter().any(|&l| l > 0.0) {
        4
    } else {
        3
    };
    let by_density = |sw: &[[f64; SURROGATES]], items: &[Item], s: usize| {
        let mut o: Vec<usize> = (0..items.len()).collect();
        let density = |i: usize| {
            if sw[i][s] <= 0.0 {
                f64::INFINITY
            } else {
                items[i].value / sw[i][s]
            }
        };
        o.sort_by(|&a, &b| density(b).total_cmp(&density(a)));
        o
    };
    let perm = by_density(&sw, items, lead);
    let sorted: Vec<Item> = perm.iter().map(|&i| items[i].clone()).collect();
    let sw2: Vec<[f64; SURROGATES]> = perm.iter().map(|&i| sw[i]).collect();
    let order2 = [0, 1, 2, 3, 4].map(|s| by_density(&sw2, &sorted, s));
    let mut s = Search {
        items: &sorted,
        cap,
        sw: sw2,
        order: order2,
        best: 0.0,
        best_counts: vec![0; sorted.len()],
        cur: vec![0; sorted.len()],
        nodes: 0,
        node_limit,
        aborted: false,
        tol,
        pruned: 0.0,
        lambda,
    };
    let root = s.bound(0, cap);
    // A good first solution: the LP solution rounded down, then filled greedily in LP order.
    {
        let mut rem = cap;
        let mut value = 0.0;
        let mut counts = vec![0u32; sorted.len()];
        for pass in 0..2 {
            for (k, it) in sorted.iter().enumerate() {
                let mut n = (it.max - counts[k]) as u64;
                if pass == 0 {
                    n = n.min((lp_counts[perm[k]] + 1e-9).floor().max(0.0) as u64);
                }
                for (d, &wd) in it.w.iter().enumerate() {
                    if let Some(q) = rem[d].checked_div(wd) {
                        n = n.min(q);
                    }
                }
                counts[k] += n as u32;
                value += n as f64 * it.value;
                for (r, w) in rem.iter_mut().zip(it.w) {
                    *r -= n * w;
                }
            }
        }
        if value > s.best {
            s.best = value;
            s.best_counts = counts;
        }
    }
    s.dfs(0, cap, 0.0);
    let upper = if !s.aborted {
        s.best.max(s.pruned)
    } else if certify > 0 {
        s.best_first(cap, certify).min(root)
    } else {
        root.max(s.best)
    };
    let counts = sorted
        .iter()
        .zip(&s.best_counts)
        .filter(|(_, c)| **c > 0)
        .map(|(it, &c)| (it.group, c))
        .collect();
    Priced {
        value: s.best,
        counts,
        upper,
        lambda,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(items: &[Item], cap: [u64; 3]) -> f64 {
        fn go(items: &[Item], k: usize, rem: [i64; 3]) -> f64 {
            if k == items.len() {
                return 0.0;
            }
            let mut best = 0.0f64;
            for c in 0..=items[k].max as i64 {
                let r = [0, 1, 2].map(|d| rem[d] - c * items[k].w[d] as i64);
                if r.iter().any(|&x| x < 0) {
                    break;
                }
                best = best.max(c as f64 * items[k].value + go(items, k + 1, r));
            }
            best
        }
        go(items, 0, cap.map(|c| c as i64))
    }

    #[test]
    fn matches_brute_force_and_bounds_hold() {
        let mut seed = 12345u64;
        let mut rnd = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..300 {
            let n = 1 + rnd(4) as usize;
            let items: Vec<Item> = (0..n)
                .map(|g| Item {
                    group: g,
                    value: 0.1 + rnd(100) as f64 / 10.0,
                    w: [1 + rnd(8), 1 + rnd(8), 1],
                    max: 1 + rnd(6) as u32,
                })
                .collect();
            let cap = [4 + rnd(20), 4 + rnd(20), 1 + rnd(10)];
            let exact = brute(&items, cap);
            let p = knapsack(&items, cap, 1_000_000, 0.0, 0);
            assert!((p.value - exact).abs() < 1e-9, "{} vs {exact}", p.value);
            assert!((p.upper - exact).abs() < 1e-9);
            let cut = knapsack(&items, cap, 2, 0.0, 0);
            assert!(knapsack_bound(&items, cap, cut.lambda) >= exact - 1e-9);
            assert!(knapsack_bound(&items, cap, [0.3, 0.1, 0.0]) >= exact - 1e-9);
            assert!(cut.upper >= exact - 1e-9 && cut.value <= exact + 1e-9);
            for budget in [1, 5, 50, 100_000] {
                let bf = knapsack(&items, cap, 2, 0.0, budget);
                assert!(
                    bf.upper >= exact - 1e-9,
                    "best-first {} < {exact}",
                    bf.upper
                );
                if budget == 100_000 {
                    assert!((bf.upper - exact).abs() < 1e-9, "{} vs {exact}", bf.upper);
                }
            }
            let loose = knapsack(&items, cap, 1_000_000, 0.05, 0);
            assert!(loose.upper >= exact - 1e-9 && loose.value <= exact + 1e-9);
            assert!(loose.value >= exact / 1.05 - 1e-9);
            let used: [u64; 3] = [0, 1, 2].map(|d| {
                p.counts
                    .iter()
                    .map(|&(g, c)| c as u64 * items[g].w[d])
                    .sum()
            });
            assert!((0..3).all(|d| used[d] <= cap[d]));
        }
    }
}

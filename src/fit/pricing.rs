//! The pricing step of column generation: for one node option, the pod counts that maximise the
//! dual value `sum y_g n_g` within CPU, memory and pod slots (a bounded 3-dimensional integer
//! knapsack), by depth-first branch and bound.
//!
//! The bound is the best of several *surrogate* relaxations (a non-negative combination of the
//! three capacity rows, solved as a fractional knapsack): each is a valid upper bound, so an
//! unfinished search still returns a value no pattern can exceed — what keeps the Farley bound
//! of column generation valid when the search is cut short. When the search is cut short,
//! [`knapsack_dp`] proves a much tighter bound by dynamic programming.

use super::simplex::{Column, Master};

/// One item kind: a pod group with its dual value and per-node upper bound.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub group: usize,
    pub value: f64,
    pub w: [u64; 3],
    pub max: u32,
    /// Request per pod of each extra resource (the order of the knapsack's `xcap`; empty
    /// without extra resources). The search honours them; its bounds relax them (ignoring a
    /// constraint keeps an upper bound valid).
    pub x: Vec<u64>,
}

impl Item {
    /// Most copies of this item that `rem` (CPU, memory, pods) and `xrem` (extras) hold, up
    /// to `max`.
    fn most(&self, rem: [u64; 3], xrem: &[u64]) -> u64 {
        let mut n = self.max as u64;
        for (d, &wd) in self.w.iter().enumerate() {
            if let Some(q) = rem[d].checked_div(wd) {
                n = n.min(q);
            }
        }
        for (&w, &r) in self.x.iter().zip(xrem) {
            if let Some(q) = r.checked_div(w) {
                n = n.min(q);
            }
        }
        n
    }
}

/// Whether `counts` (per item) fit the extra capacities `xcap`.
fn fits_extra(items: &[Item], counts: &[u32], xcap: &[u64]) -> bool {
    xcap.iter().enumerate().all(|(d, &cap)| {
        items
            .iter()
            .zip(counts)
            .map(|(it, &c)| u128::from(it.x.get(d).copied().unwrap_or(0)) * u128::from(c))
            .sum::<u128>()
            <= u128::from(cap)
    })
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
    /// Extra resources left on the current path of the depth-first search.
    xrem: Vec<u64>,
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
                // With extra resources this search relaxes them: its values bound the
                // optimum, they are not solutions.
                if self.xrem.is_empty() {
                    self.best = self.best.max(v);
                } else {
                    pruned = pruned.max(v);
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
        let n = it.most(rem, &self.xrem);
        let (w, v) = (it.w, it.value);
        for c in (0..=n).rev() {
            self.cur[k] = c as u32;
            let r = [0, 1, 2].map(|d| rem[d] - c * w[d]);
            for (x, &xw) in self.xrem.iter_mut().zip(&self.items[k].x) {
                *x -= c * xw;
            }
            self.dfs(k + 1, r, value + c as f64 * v);
            for (x, &xw) in self.xrem.iter_mut().zip(&self.items[k].x) {
                *x += c * xw;
            }
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

/// Maximises `sum value_i n_i` subject to `sum w_i[d] n_i <= cap[d]`, the extra resources
/// `sum x_i[d] n_i <= xcap[d]`, and `n_i <= max_i`,
/// exploring at most `node_limit` search nodes and pruning subtrees that cannot beat the best
/// by more than the relative `tol`. Items must have `value > 0`. `upper` is always valid.
///
/// When the depth-first search stops at its limit, a best-first search of up to `certify` nodes
/// lowers the upper bound (0: keep the root relaxation as the bound).
pub(crate) fn knapsack(
    items: &[Item],
    cap: [u64; 3],
    xcap: &[u64],
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
        xrem: xcap.to_vec(),
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
        let mut xrem = xcap.to_vec();
        let mut value = 0.0;
        let mut counts = vec![0u32; sorted.len()];
        for pass in 0..2 {
            for (k, it) in sorted.iter().enumerate() {
                let mut n = it.most(rem, &xrem).min((it.max - counts[k]) as u64);
                if pass == 0 {
                    n = n.min((lp_counts[perm[k]] + 1e-9).floor().max(0.0) as u64);
                }
                counts[k] += n as u32;
                value += n as f64 * it.value;
                for (r, w) in rem.iter_mut().zip(it.w) {
                    *r -= n * w;
                }
                for (r, &w) in xrem.iter_mut().zip(&it.x) {
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

/// What [`knapsack_dp`] proves: an upper bound on the knapsack's value and, when the best
/// relaxed solution also fits the real capacities, that solution with its real value.
#[derive(Debug, Clone)]
pub(crate) struct DpBound {
    pub upper: f64,
    pub best: Option<(f64, Vec<(usize, u32)>)>,
}

/// Tables up to this many cell updates record their choices (see [`knapsack_dp`]).
const RECORD_WORK: u64 = 30_000_000;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The exact unit of dimension `d`: the greatest common divisor of the items' weights in it.
fn unit(items: &[Item], d: usize) -> u64 {
    items.iter().fold(0, |g, it| gcd(g, it.w[d])).max(1)
}

/// An upper bound on the 3-dimensional knapsack by dynamic programming over the dimensions
/// that bind in its LP relaxation (positive multipliers `lambda`, at most two, the smaller
/// tables first); each other dimension `d` is relaxed into the values, `v_i - lambda_d w_id /
/// cap_d` plus `lambda_d` (a Lagrangian relaxation: valid for any `lambda >= 0`). A kept
/// dimension is measured in units of the greatest common divisor of its weights (exact), or,
/// when the table would exceed `max_work` cell updates, in coarser units with weights rounded
/// down (still a relaxation). Items with several copies are split in powers of two. Extra
/// resources are relaxed too; a best solution is reported only when it honours them.
pub(crate) fn knapsack_dp(
    items: &[Item],
    cap: [u64; 3],
    xcap: &[u64],
    lambda: [f64; 3],
    max_work: u64,
) -> Option<DpBound> {
    if items.is_empty() {
        return Some(DpBound {
            upper: 0.0,
            best: Some((0.0, Vec::new())),
        });
    }
    let mut dims = [0usize, 1, 2];
    let size = |d: usize| cap[d] / unit(items, d);
    dims.sort_by(|&a, &b| {
        (lambda[b] > 1e-12)
            .cmp(&(lambda[a] > 1e-12))
            .then(size(a).cmp(&size(b)))
    });
    let binding = dims.iter().filter(|&&d| lambda[d] > 1e-12).count();
    // Tables to try, as dimension orders (the first `keep` kept): the binding dimensions; with
    // one binding dimension, it with each other one too (a dimension the LP leaves slack can
    // still bind the integer solutions, and dropping it loosens the bound).
    let mut tries: Vec<([usize; 3], usize)> = vec![(dims, binding.clamp(1, 2))];
    if binding <= 1 {
        tries.push(([dims[0], dims[1], dims[2]], 2));
        tries.push(([dims[0], dims[2], dims[1]], 2));
    }
    let mut out: Option<DpBound> = None;
    let mut merge = |one: DpBound| match out.as_mut() {
        None => out = Some(one),
        Some(o) => {
            o.upper = o.upper.min(one.upper);
            if let Some(b) = one.best
                && o.best.as_ref().is_none_or(|x| b.0 > x.0)
            {
                o.best = Some(b);
            }
        }
    };
    // One-dimensional tables made, by their dimension (none is made twice).
    let mut alone: Vec<usize> = Vec::new();
    for (order, keep) in tries {
        if keep == 1 && alone.contains(&order[0]) {
            continue;
        }
        let Some((mut t, exact)) =
            dp_table(items, cap, lambda, &order, keep, max_work, RECORD_WORK)
        else {
            continue;
        };
        drop_over_extra(&mut t, items, xcap);
        merge(t);
        if keep == 1 {
            alone.push(order[0]);
        } else if !exact {
            // The two-dimensional table was coarsened: each kept dimension alone, exact, may
            // bound tighter (every relaxation's bound is valid, so the least one is).
            for first in [order[0], order[1]] {
                if alone.contains(&first) {
                    continue;
                }
                let one = [first, order[0] + order[1] - first, order[2]];
                if let Some((mut t, _)) =
                    dp_table(items, cap, lambda, &one, 1, max_work, RECORD_WORK)
                {
                    drop_over_extra(&mut t, items, xcap);
                    merge(t);
                }
                alone.push(first);
            }
        }
    }
    out
}

/// Forgets the table's best solution when it asks more extra resources than `xcap` (its
/// bound stands: the table relaxes them).
fn drop_over_extra(t: &mut DpBound, items: &[Item], xcap: &[u64]) {
    if xcap.is_empty() {
        return;
    }
    if let Some((_, counts)) = &t.best {
        let mut per_item = vec![0u32; items.len()];
        for &(g, c) in counts {
            if let Some(i) = items.iter().position(|it| it.group == g) {
                per_item[i] += c;
            }
        }
        if !fits_extra(items, &per_item, xcap) {
            t.best = None;
        }
    }
}

/// The table of [`knapsack_dp`] over the first `keep` (1 or 2) dimensions of `dims`, the rest
/// relaxed into the values; also says whether the table was exact (not coarsened).
fn dp_table(
    items: &[Item],
    cap: [u64; 3],
    lambda: [f64; 3],
    dims: &[usize; 3],
    keep: usize,
    max_work: u64,
    record_work: u64,
) -> Option<(DpBound, bool)> {
    let da = dims[0];
    // A second kept dimension, or none (a table one cell wide).
    let db = (keep == 2).then_some(dims[1]);
    let relaxed: Vec<usize> = dims[keep..].to_vec();
    let offset: f64 = relaxed.iter().map(|&d| lambda[d].max(0.0)).sum();
    let value = |it: &Item| {
        it.value
            - relaxed
                .iter()
                .map(|&d| lambda[d].max(0.0) * it.w[d] as f64 / cap[d].max(1) as f64)
                .sum::<f64>()
    };
    // Pieces of each item worth taking: (item, copies).
    let mut pieces: Vec<(usize, u32)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if value(it) <= 0.0 {
            continue;
        }
        let mut left = it.max;
        let mut k = 1u32;
        while left > 0 {
            let m = k.min(left);
            pieces.push((i, m));
            left -= m;
            k = k.saturating_mul(2);
        }
    }
    let wb_of = |it: &Item| db.map_or(0, |d| it.w[d]);
    let cap_b = db.map_or(0, |d| cap[d]);
    let (mut ua, mut ub) = (unit(items, da), db.map_or(1, |d| unit(items, d)));
    let units = (ua, ub);
    let cells = |ua: u64, ub: u64| (cap[da] / ua + 1).saturating_mul(cap_b / ub + 1);
    // Coarsen the larger side until the work fits (weights rounded down stay a relaxation).
    let mut guard = 0;
    while cells(ua, ub).saturating_mul(pieces.len() as u64) > max_work {
        guard += 1;
        if guard > 128 {
            return None;
        }
        if cap[da] / ua >= cap_b / ub {
            ua = ua.saturating_mul(2);
        } else {
            ub = ub.saturating_mul(2);
        }
    }
    let na = (cap[da] / ua) as usize + 1;
    let nb = (cap_b / ub) as usize + 1;
    let n = na * nb;
    // Cells of the table `m` copies of an item take, along each kept dimension.
    let steps = |it: &Item, m: u32| {
        (
            (it.w[da] / ua) as usize * m as usize,
            (wb_of(it) / ub) as usize * m as usize,
        )
    };
    // Single precision halves the memory traffic; the bound is inflated by the worst rounding
    // error of sums of at most `pieces + 1` terms, so it stays valid.
    let mut f = vec![0.0f32; n];
    let mut free = 0.0;
    // The choices are recorded (to recover the best solution) only on small tables; big ones
    // run the branch-free loop the compiler vectorizes and give the bound alone.
    let record = (n as u64).saturating_mul(pieces.len() as u64) <= record_work;
    let mut taken: Vec<Vec<u64>> = Vec::new();
    let mut row_copy: Vec<f32> = Vec::new();
    for &(i, m) in &pieces {
        let it = &items[i];
        let (wa, wb) = steps(it, m);
        let val64 = value(it) * m as f64;
        let val = val64 as f32;
        if wa == 0 && wb == 0 {
            free += val64;
            if record {
                taken.push(vec![u64::MAX; n.div_ceil(64)]);
            }
            continue;
        }
        if record {
            let mut bits = vec![0u64; n.div_ceil(64)];
            if wa < na && wb < nb {
                for a in (wa..na).rev() {
                    let (row, src) = (a * nb, (a - wa) * nb);
                    for b in (wb..nb).rev() {
                        let cand = f[src + b - wb] + val;
                        if cand > f[row + b] {
                            f[row + b] = cand;
                            bits[(row + b) / 64] |= 1 << ((row + b) % 64);
                        }
                    }
                }
            }
            taken.push(bits);
        } else if wa < na && wb < nb {
            for a in (wa..na).rev() {
                let src: &[f32] = if wa > 0 {
                    let (lo, hi) = f.split_at_mut(a * nb);
                    let src = &lo[(a - wa) * nb..(a - wa) * nb + nb - wb];
                    for (d, s) in hi[wb..nb].iter_mut().zip(src) {
                        *d = d.max(s + val);
                    }
                    continue;
                } else {
                    row_copy.clear();
                    row_copy.extend_from_slice(&f[a * nb..a * nb + nb - wb]);
                    &row_copy
                };
                for (d, s) in f[a * nb + wb..a * nb + nb].iter_mut().zip(src) {
                    *d = d.max(s + val);
                }
            }
        }
    }
    let slack = 1.0 + (pieces.len() as f64 + 2.0) * f32::EPSILON as f64;
    let upper = f[n - 1] as f64 * slack + free + offset;
    if !record {
        return Some((DpBound { upper, best: None }, (ua, ub) == units));
    }
    // Walk the choices back from the full-capacity cell.
    let mut counts = vec![0u32; items.len()];
    let (mut a, mut b) = (na - 1, nb - 1);
    for (k, &(i, m)) in pieces.iter().enumerate().rev() {
        let cell = a * nb + b;
        if taken[k][cell / 64] >> (cell % 64) & 1 == 1 {
            counts[i] += m;
            let (wa, wb) = steps(&items[i], m);
            a -= wa;
            b -= wb;
        }
    }
    let fits = (0..3).all(|d| {
        items
            .iter()
            .zip(&counts)
            .map(|(it, &c)| it.w[d] * c as u64)
            .sum::<u64>()
            <= cap[d]
    });
    let best = fits.then(|| {
        let real = items
            .iter()
            .zip(&counts)
            .map(|(it, &c)| it.value * c as f64)
            .sum();
        let counts: Vec<(usize, u32)> = items
            .iter()
            .zip(&counts)
            .filter(|(_, c)| **c > 0)
            .map(|(it, &c)| (it.group, c))
            .collect();
        (real, counts)
    });
    Some((DpBound { upper, best }, (ua, ub) == units))
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
                    x: Vec::new(),
                })
                .collect();
            let cap = [4 + rnd(20), 4 + rnd(20), 1 + rnd(10)];
            let exact = brute(&items, cap);
            let p = knapsack(&items, cap, &[], 1_000_000, 0.0, 0);
            assert!((p.value - exact).abs() < 1e-9, "{} vs {exact}", p.value);
            assert!((p.upper - exact).abs() < 1e-9);
            let cut = knapsack(&items, cap, &[], 2, 0.0, 0);
            assert!(knapsack_bound(&items, cap, cut.lambda) >= exact - 1e-9);
            assert!(knapsack_bound(&items, cap, [0.3, 0.1, 0.0]) >= exact - 1e-9);
            assert!(cut.upper >= exact - 1e-9 && cut.value <= exact + 1e-9);
            for budget in [1, 5, 50, 100_000] {
                let bf = knapsack(&items, cap, &[], 2, 0.0, budget);
                assert!(
                    bf.upper >= exact - 1e-9,
                    "best-first {} < {exact}",
                    bf.upper
                );
                if budget == 100_000 {
                    assert!((bf.upper - exact).abs() < 1e-9, "{} vs {exact}", bf.upper);
                }
            }
            let dp = knapsack_dp(&items, cap, &[], p.lambda, 1 << 30).expect("small");
            assert!(dp.upper >= exact - 1e-9, "dp {} < {exact}", dp.upper);
            if let Some((v, c)) = &dp.best {
                assert!(*v <= exact + 1e-9);
                assert!(c.iter().all(|&(g, k)| k <= items[g].max));
            }
            let coarse = knapsack_dp(&items, cap, &[], p.lambda, 50).expect("coarsened");
            for keep in [1, 2] {
                let (fast, _) =
                    dp_table(&items, cap, p.lambda, &[0, 1, 2], keep, u64::MAX, 0).expect("fits");
                let (slow, _) =
                    dp_table(&items, cap, p.lambda, &[0, 1, 2], keep, u64::MAX, u64::MAX)
                        .expect("fits");
                assert!(
                    fast.upper >= exact - 1e-9,
                    "keep {keep}: {} < {exact}",
                    fast.upper
                );
                assert!((fast.upper - slow.upper).abs() < 1e-5 * slow.upper.max(1.0));
            }
            assert!(
                coarse.upper >= exact - 1e-9,
                "coarse {} < {exact}",
                coarse.upper
            );
            let loose = knapsack(&items, cap, &[], 1_000_000, 0.05, 0);
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

    /// The best value by brute force with extra resources `xcap` (weights `Item::x`).
    fn brute_extra(items: &[Item], cap: [u64; 3], xcap: &[u64]) -> f64 {
        fn go(items: &[Item], k: usize, rem: [i64; 3], xrem: Vec<i64>) -> f64 {
            if k == items.len() {
                return 0.0;
            }
            let mut best = 0.0f64;
            for c in 0..=items[k].max as i64 {
                let r = [0, 1, 2].map(|d| rem[d] - c * items[k].w[d] as i64);
                let x: Vec<i64> = xrem
                    .iter()
                    .zip(&items[k].x)
                    .map(|(r, &w)| r - c * w as i64)
                    .collect();
                if r.iter().chain(&x).any(|&v| v < 0) {
                    break;
                }
                best = best.max(c as f64 * items[k].value + go(items, k + 1, r, x));
            }
            best
        }
        go(
            items,
            0,
            cap.map(|c| c as i64),
            xcap.iter().map(|&c| c as i64).collect(),
        )
    }

    #[test]
    fn extra_resources_are_honoured_by_the_search_and_bounds_stay_valid() {
        let mut seed = 777u64;
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
                    // Half the items ask none of the first extra resource.
                    x: vec![rnd(2) * (1 + rnd(2)), rnd(3)],
                })
                .collect();
            let cap = [4 + rnd(20), 4 + rnd(20), 1 + rnd(10)];
            let xcap = [rnd(5), rnd(6)];
            let exact = brute_extra(&items, cap, &xcap);
            let p = knapsack(&items, cap, &xcap, 1_000_000, 0.0, 0);
            assert!((p.value - exact).abs() < 1e-9, "{} vs {exact}", p.value);
            assert!(p.upper >= exact - 1e-9);
            let per_item: Vec<u32> = (0..n)
                .map(|g| p.counts.iter().filter(|c| c.0 == g).map(|c| c.1).sum())
                .collect();
            assert!(fits_extra(&items, &per_item, &xcap));
            let cut = knapsack(&items, cap, &xcap, 2, 0.0, 0);
            assert!(cut.upper >= exact - 1e-9 && cut.value <= exact + 1e-9);
            let bf = knapsack(&items, cap, &xcap, 2, 0.0, 100);
            assert!(bf.upper >= exact - 1e-9);
            let dp = knapsack_dp(&items, cap, &xcap, p.lambda, 1 << 30).expect("small");
            assert!(dp.upper >= exact - 1e-9, "dp {} < {exact}", dp.upper);
            if let Some((v, _)) = &dp.best {
                assert!(*v <= exact + 1e-9, "dp best {v} > {exact}");
            }
        }
    }
}

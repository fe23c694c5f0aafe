//! The pricing step of column generation: for one node option, the pod counts that maximise the
//! dual value `sum y_g n_g` within CPU, memory and pod slots (a bounded 3-dimensional integer
//! knapsack), by depth-first branch and bound.
//!
//! The bound is the best of several *surrogate* relaxations (a non-negative combination of the
//! three capacity rows, solved as a fractional knapsack): each is a valid upper bound, so an
//! unfinished search still returns a value no pattern can exceed — what keeps the Farley bound
//! of column generation valid when the search is cut short.

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
}

const SURROGATES: usize = 4;

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
}

impl Search<'_> {
    /// Upper bound on the value of items `from..` within the remaining capacity.
    fn bound(&self, from: usize, rem: [u64; 3]) -> f64 {
        let r: [f64; 3] = [0, 1, 2].map(|d| rem[d] as f64 / self.cap[d].max(1) as f64);
        let mut best = f64::INFINITY;
        for s in 0..SURROGATES {
            let mut room = if s < 3 { r[s] } else { r[0] + r[1] + r[2] };
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
        if value + self.bound(k, rem) <= self.best * (1.0 + 1e-12) + 1e-15 {
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

/// Maximises `sum value_i n_i` subject to `sum w_i[d] n_i <= cap[d]` and `n_i <= max_i`,
/// exploring at most `node_limit` search nodes. Items must have `value > 0`.
pub(crate) fn knapsack(items: &[Item], cap: [u64; 3], node_limit: usize) -> Priced {
    // Surrogate weights: each dimension alone, and their sum, normalized by capacity.
    let sw: Vec<[f64; SURROGATES]> = items
        .iter()
        .map(|it| {
            let n = [0, 1, 2].map(|d| it.w[d] as f64 / cap[d].max(1) as f64);
            [n[0], n[1], n[2], n[0] + n[1] + n[2]]
        })
        .collect();
    let order = [0, 1, 2, 3].map(|s| {
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
    });
    // Search the items in the order of the combined surrogate: dense items first.
    let perm = order[3].clone();
    let sorted: Vec<Item> = perm.iter().map(|&i| items[i].clone()).collect();
    let sw2: Vec<[f64; SURROGATES]> = perm.iter().map(|&i| sw[i]).collect();
    let order2 = [0, 1, 2, 3].map(|s| {
        let mut o: Vec<usize> = (0..sorted.len()).collect();
        let density = |i: usize| {
            if sw2[i][s] <= 0.0 {
                f64::INFINITY
            } else {
                sorted[i].value / sw2[i][s]
            }
        };
        o.sort_by(|&a, &b| density(b).total_cmp(&density(a)));
        o
    });
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
    };
    let root = s.bound(0, cap);
    s.dfs(0, cap, 0.0);
    let upper = if s.aborted { root.max(s.best) } else { s.best };
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
            let p = knapsack(&items, cap, 1_000_000);
            assert!((p.value - exact).abs() < 1e-9, "{} vs {exact}", p.value);
            assert!((p.upper - exact).abs() < 1e-9);
            let cut = knapsack(&items, cap, 2);
            assert!(cut.upper >= exact - 1e-9 && cut.value <= exact + 1e-9);
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

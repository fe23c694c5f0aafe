//! A small revised primal simplex for the restricted master LP of column generation:
//! `min c.x  s.t.  A x >= b, x >= 0`, with sparse columns added as we go (non-negative, but
//! for the "at most" rows of branch and price, written as `-sum x >= -k`).
//!
//! The master has one row per pod group (tens, at most a few hundred), so a dense basis inverse
//! is cheap; warm starts (columns are added to an optimal basis, which stays primal feasible)
//! make each column-generation round a handful of pivots. Surplus columns `-e_i` (cost 0) are
//! implicit, so the row duals are non-negative.

/// A column: cost and sparse entries `(row, value)`.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub cost: f64,
    pub entries: Vec<(usize, f64)>,
}

/// The restricted master problem with its current basis.
pub(crate) struct Master {
    m: usize,
    b: Vec<f64>,
    pub cols: Vec<Column>,
    /// Basic variable of each row: a column index, or `SURPLUS + row`.
    basis: Vec<usize>,
    /// Dense basis inverse, row-major m x m.
    binv: Vec<f64>,
    xb: Vec<f64>,
    since_refactor: usize,
}

const SURPLUS: usize = usize::MAX / 2;
const EPS: f64 = 1e-9;

impl Master {
    /// A master whose first `m` columns are the diagonal start: column `i` has one entry, in row
    /// `i`, of the sign of `b_i` (a feasible start).
    pub fn new(b: Vec<f64>, diagonal: Vec<Column>) -> Master {
        let m = b.len();
        assert_eq!(diagonal.len(), m);
        let mut binv = vec![0.0; m * m];
        let mut xb = vec![0.0; m];
        for (i, c) in diagonal.iter().enumerate() {
            let v = c
                .entries
                .iter()
                .find(|e| e.0 == i)
                .map(|e| e.1)
                .expect("diagonal column covers its row");
            assert!(c.entries.len() == 1 && v != 0.0 && b[i] / v >= 0.0);
            binv[i * m + i] = 1.0 / v;
            xb[i] = b[i] / v;
        }
        Master {
            m,
            b,
            cols: diagonal,
            basis: (0..m).collect(),
            binv,
            xb,
            since_refactor: 0,
        }
    }

    /// Adds a column (non-basic at zero: the basis stays feasible).
    pub fn add(&mut self, c: Column) {
        self.cols.push(c);
    }

    fn col_dense(&self, j: usize) -> Vec<f64> {
        let mut a = vec![0.0; self.m];
        if j >= SURPLUS {
            a[j - SURPLUS] = -1.0;
        } else {
            for &(i, v) in &self.cols[j].entries {
                a[i] = v;
            }
        }
        a
    }

    fn cost(&self, j: usize) -> f64 {
        if j >= SURPLUS { 0.0 } else { self.cols[j].cost }
    }

    /// Row duals `y = c_B B^-1`.
    pub fn duals(&self) -> Vec<f64> {
        let m = self.m;
        let mut y = vec![0.0; m];
        for (r, &j) in self.basis.iter().enumerate() {
            let c = self.cost(j);
            if c != 0.0 {
                let row = &self.binv[r * m..(r + 1) * m];
                for (yi, bi) in y.iter_mut().zip(row) {
                    *yi += c * bi;
                }
            }
        }
        y
    }

    /// Objective of the current basic solution.
    pub fn objective(&self) -> f64 {
        self.basis
            .iter()
            .zip(&self.xb)
            .map(|(&j, &x)| self.cost(j) * x)
            .sum()
    }

    /// Values of the structural columns (zero when non-basic).
    pub fn primal(&self) -> Vec<f64> {
        let mut x = vec![0.0; self.cols.len()];
        for (&j, &v) in self.basis.iter().zip(&self.xb) {
            if j < SURPLUS {
                x[j] = v.max(0.0);
            }
        }
        x
    }

    /// Recomputes the basis inverse by Gauss-Jordan elimination (numerical hygiene).
    fn refactor(&mut self) {
        let m = self.m;
        let mut a = vec![0.0; m * m];
        for (r, &j) in self.basis.iter().enumerate() {
            let col = self.col_dense(j);
            for i in 0..m {
                a[i * m + r] = col[i];
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        for c in 0..m {
            let p = (c..m)
                .max_by(|&x, &y| a[x * m + c].abs().total_cmp(&a[y * m + c].abs()))
                .expect("rows left");
            if a[p * m + c].abs() < 1e-12 {
                return; // singular: keep the updated inverse
            }
            if p != c {
                for k in 0..m {
                    a.swap(p * m + k, c * m + k);
                    inv.swap(p * m + k, c * m + k);
                }
            }
            let d = a[c * m + c];
            for k in 0..m {
                a[c * m + k] /= d;
                inv[c * m + k] /= d;
            }
            for r in 0..m {
                if r != c {
                    let f = a[r * m + c];
                    if f != 0.0 {
                        for k in 0..m {
                            a[r * m + k] -= f * a[c * m + k];
                            inv[r * m + k] -= f * inv[c * m + k];
                        }
                    }
                }
            }
        }
        self.binv = inv;
        for r in 0..m {
            let row = &self.binv[r * m..(r + 1) * m];
            self.xb[r] = row
                .iter()
                .zip(&self.b)
                .map(|(x, y)| x * y)
                .sum::<f64>()
                .max(0.0);
        }
        self.since_refactor = 0;
    }

    /// Pivots to optimality (or until `max_pivots`); returns false if the limit was hit.
    pub fn optimize(&mut self, max_pivots: usize) -> bool {
        let m = self.m;
        let mut in_basis = vec![false; self.cols.len()];
        let mut surplus_in = vec![false; m];
        for &j in &self.basis {
            if j >= SURPLUS {
                surplus_in[j - SURPLUS] = true;
            } else {
                in_basis[j] = true;
            }
        }
        let mut degenerate_run = 0usize;
        for _ in 0..max_pivots {
            let y = self.duals();
            let bland = degenerate_run > 50;
            // Entering column: most negative reduced cost (Bland's first index when cycling).
            let mut enter = None;
            let mut best = -EPS;
            for (j, c) in self.cols.iter().enumerate() {
                if in_basis[j] {
                    continue;
                }
                let d = c.cost - c.entries.iter().map(|&(i, v)| y[i] * v).sum::<f64>();
                let scaled = d / c.cost.max(1e-12);
                if scaled < best {
                    best = scaled;
                    enter = Some(j);
                    if bland {
                        break;
                    }
                }
            }
            if enter.is_none() || !bland {
                for i in 0..m {
                    if !surplus_in[i] && y[i] < best {
                        best = y[i];
                        enter = Some(SURPLUS + i);
                        if bland {
                            break;
                        }
                    }
                }
            }
            let Some(j) = enter else { return true };
            let a = self.col_dense(j);
            let alpha: Vec<f64> = (0..m)
                .map(|r| {
                    let row = &self.binv[r * m..(r + 1) * m];
                    row.iter().zip(&a).map(|(x, y)| x * y).sum()
                })
                .collect();
            let mut leave = None;
            let mut ratio = f64::INFINITY;
            for r in 0..m {
                if alpha[r] > 1e-9 {
                    let t = self.xb[r].max(0.0) / alpha[r];
                    let better = match leave {
                        None => true,
                        Some(l) => t < ratio - 1e-12 || (t <= ratio + 1e-12 && alpha[r] > alpha[l]),
                    };
                    if better {
                        ratio = t;
                        leave = Some(r);
                    }
                }
            }
            let Some(r) = leave else { return true }; // unbounded: cannot happen with costs >= 0
            degenerate_run = if ratio < 1e-12 { degenerate_run + 1 } else { 0 };
            // Update the inverse and the basic values.
            let pr = alpha[r];
            for k in 0..m {
                self.binv[r * m + k] /= pr;
            }
            self.xb[r] = ratio;
            for (i, &f) in alpha.iter().enumerate() {
                if i != r && f != 0.0 {
                    for k in 0..m {
                        self.binv[i * m + k] -= f * self.binv[r * m + k];
                    }
                    self.xb[i] = (self.xb[i] - f * ratio).max(0.0);
                }
            }
            let old = self.basis[r];
            if old >= SURPLUS {
                surplus_in[old - SURPLUS] = false;
            } else {
                in_basis[old] = false;
            }
            if j >= SURPLUS {
                surplus_in[j - SURPLUS] = true;
            } else {
                in_basis[j] = true;
            }
            self.basis[r] = j;
            self.since_refactor += 1;
            if self.since_refactor >= 64 {
                self.refactor();
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(cost: f64, e: &[(usize, f64)]) -> Column {
        Column {
            cost,
            entries: e.to_vec(),
        }
    }

    #[test]
    fn cutting_stock_lp() {
        // Rolls of width 10; demand 3 pieces of 5 and 5 pieces of 3.
        // Patterns: [2,0], [0,3], [1,1] each cost 1. LP optimum: 1.5 x [2,0] + 5/3 x [0,3]
        // = 19/6; dual y = (1/2, 1/3) (the [1,1] pattern has reduced cost 1/6).
        let mut lp = Master::new(
            vec![3.0, 5.0],
            vec![col(1.0, &[(0, 2.0)]), col(1.0, &[(1, 3.0)])],
        );
        lp.add(col(1.0, &[(0, 1.0), (1, 1.0)]));
        assert!(lp.optimize(100));
        assert!(
            (lp.objective() - 19.0 / 6.0).abs() < 1e-9,
            "{}",
            lp.objective()
        );
        let y = lp.duals();
        assert!((y[0] - 0.5).abs() < 1e-9 && (y[1] - 1.0 / 3.0).abs() < 1e-9);
        // Demand (2, 2): 1 x [2,0] + 2/3 x [0,3] = 5/3 beats 2 x [1,1].
        let mut lp = Master::new(
            vec![2.0, 2.0],
            vec![col(1.0, &[(0, 2.0)]), col(1.0, &[(1, 3.0)])],
        );
        lp.add(col(1.0, &[(0, 1.0), (1, 1.0)]));
        assert!(lp.optimize(100));
        assert!(
            (lp.objective() - 5.0 / 3.0).abs() < 1e-9,
            "{}",
            lp.objective()
        );
    }
}

//! Which node options a plan needs: dominance pruning, and the cheapest option that holds a
//! node's pods.

use crate::fit::problem::Problem;
use crate::fit::util::{Node, holds};
use std::collections::HashMap;

/// Options that no plan needs: another option with the same set of allowed groups is no
/// dearer and at least as large in CPU, memory, pod slots and every extra resource. Also drops options no group may
/// use. Returns the kept option indices.
pub(crate) fn prune_dominated(problem: &Problem) -> Vec<usize> {
    let mut by_sig: HashMap<Vec<usize>, Vec<usize>> = HashMap::new();
    let mut sig: Vec<Vec<usize>> = vec![Vec::new(); problem.options.len()];
    for (g, grp) in problem.groups.iter().enumerate() {
        for &o in &grp.allowed {
            if o < sig.len() {
                sig[o].push(g);
            }
        }
    }
    for (o, s) in sig.into_iter().enumerate() {
        if !s.is_empty() {
            by_sig.entry(s).or_default().push(o);
        }
    }
    let mut kept = Vec::new();
    for (_, mut opts) in by_sig {
        opts.sort_by(|&a, &b| {
            let (x, y) = (&problem.options[a], &problem.options[b]);
            x.price
                .total_cmp(&y.price)
                .then((y.cpu_millicores, y.memory_bytes, y.pods).cmp(&(
                    x.cpu_millicores,
                    x.memory_bytes,
                    x.pods,
                )))
                .then(a.cmp(&b))
        });
        let mut front: Vec<usize> = Vec::new();
        for o in opts {
            let x = &problem.options[o];
            let dominated = front.iter().any(|&k| {
                let y = &problem.options[k];
                y.price <= x.price
                    && y.cpu_millicores >= x.cpu_millicores
                    && y.memory_bytes >= x.memory_bytes
                    && y.pods >= x.pods
                    && (0..problem.extra_names.len()).all(|d| y.extra_cap(d) >= x.extra_cap(d))
            });
            if !dominated {
                front.push(o);
            }
        }
        kept.extend(front);
    }
    kept.sort_unstable();
    kept
}

/// Options sorted by price, for "the cheapest option that holds these pods".
pub(super) struct Cheapest {
    by_price: Vec<usize>,
}

impl Cheapest {
    pub(super) fn new(problem: &Problem, kept: &[usize]) -> Cheapest {
        let mut by_price = kept.to_vec();
        by_price.sort_by(|&a, &b| {
            problem.options[a]
                .price
                .total_cmp(&problem.options[b].price)
                .then(a.cmp(&b))
        });
        Cheapest { by_price }
    }
    pub(super) fn find(&self, problem: &Problem, pods: &[u32]) -> Option<usize> {
        self.by_price
            .iter()
            .copied()
            .find(|&o| holds(problem, o, pods))
    }
}

/// Relaunches every node as the cheapest option that holds its pods.
pub(super) fn reoption(problem: &Problem, cheap: &Cheapest, nodes: &mut [Node]) {
    let mut memo: HashMap<Vec<u32>, usize> = HashMap::new();
    for n in nodes.iter_mut() {
        let o = *memo
            .entry(n.pods.clone())
            .or_insert_with(|| cheap.find(problem, &n.pods).unwrap_or(n.option));
        if problem.options[o].price < problem.options[n.option].price {
            n.option = o;
        }
    }
}

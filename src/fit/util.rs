//! Small helpers shared by the fit modules: single nodes, merging them into node groups, costs.

use super::problem::{NodeGroup, Problem};
use std::collections::BTreeMap;

/// One node of a plan under construction: an option and the pods of each group on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub option: usize,
    pub pods: Vec<u32>,
}

/// Merges blocks of identical nodes (a node and how many) into node groups (deterministic
/// order: option, then contents).
pub(crate) fn merge_blocks(blocks: &[(Node, u32)]) -> Vec<NodeGroup> {
    let mut map: BTreeMap<(usize, Vec<u32>), u32> = BTreeMap::new();
    for (n, k) in blocks {
        if *k == 0 || n.pods.iter().all(|&p| p == 0) {
            continue;
        }
        *map.entry((n.option, n.pods.clone())).or_default() += k;
    }
    map.into_iter()
        .map(|((option, pods), count)| NodeGroup {
            option,
            count,
            pods,
        })
        .collect()
}

/// Sum of count x price over the node groups.
pub(crate) fn cost_of(problem: &Problem, groups: &[NodeGroup]) -> f64 {
    groups
        .iter()
        .map(|g| g.count as f64 * problem.options[g.option].price)
        .sum()
}

/// Sum of the prices of single nodes.
pub(crate) fn nodes_cost(problem: &Problem, nodes: &[Node]) -> f64 {
    nodes.iter().map(|n| problem.options[n.option].price).sum()
}

/// Whether option `o` holds the pods `pods` (capacities, extra resources, max per node,
/// allowed options).
pub(crate) fn holds(problem: &Problem, o: usize, pods: &[u32]) -> bool {
    let opt = &problem.options[o];
    let (mut cpu, mut mem, mut n) = (0u128, 0u128, 0u64);
    let mut extra = vec![0u128; problem.extra_names.len()];
    for (g, &k) in pods.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let grp = &problem.groups[g];
        if grp.allowed.binary_search(&o).is_err() || grp.max_per_node.is_some_and(|m| k > m) {
            return false;
        }
        cpu += k as u128 * grp.cpu_millicores as u128;
        mem += k as u128 * grp.memory_bytes as u128;
        n += k as u64;
        for (d, e) in extra.iter_mut().enumerate() {
            *e += k as u128 * grp.extra_req(d) as u128;
        }
    }
    cpu <= opt.cpu_millicores as u128
        && mem <= opt.memory_bytes as u128
        && n <= opt.pods as u64
        && extra
            .iter()
            .enumerate()
            .all(|(d, &e)| e <= opt.extra_cap(d) as u128)
}

/// Most pods of a group asking `req` of each extra resource that capacities `cap` hold
/// (`u64::MAX` when it asks none).
pub(crate) fn extra_fit(req: &[u64], cap: impl Fn(usize) -> u64) -> u64 {
    req.iter()
        .enumerate()
        .filter(|(_, r)| **r > 0)
        .map(|(d, &r)| cap(d) / r)
        .min()
        .unwrap_or(u64::MAX)
}

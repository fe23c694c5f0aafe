//! The Karpenter-style greedy baseline: largest pods first, first fit into open nodes whose
//! remaining type options can still hold them, each node finally launched as the cheapest
//! remaining option.

use super::problem::{NodeGroup, Plan, Problem};
use super::util::{Node, cost_of, merge_nodes};

/// One open node of the greedy: what it holds and the options that can still hold it.
struct OpenNode {
    pods: Vec<u32>,
    cpu: u64,
    mem: u64,
    count: u32,
    candidates: Vec<usize>,
}

/// How many more pods of group `g` option `o` can take on top of `node` (0 if not allowed).
fn room(
    problem: &Problem,
    o: usize,
    g: usize,
    node_pods: &[u32],
    cpu: u64,
    mem: u64,
    n: u32,
) -> u32 {
    let opt = &problem.options[o];
    let grp = &problem.groups[g];
    if grp.allowed.binary_search(&o).is_err() {
        return 0;
    }
    let mut k = opt.pods.saturating_sub(n) as u64;
    if cpu > opt.cpu_millicores || mem > opt.memory_bytes {
        return 0;
    }
    if let Some(c) = (opt.cpu_millicores - cpu).checked_div(grp.cpu_millicores) {
        k = k.min(c);
    }
    if let Some(m) = (opt.memory_bytes - mem).checked_div(grp.memory_bytes) {
        k = k.min(m);
    }
    if let Some(m) = grp.max_per_node {
        k = k.min(m.saturating_sub(node_pods[g]) as u64);
    }
    k.min(u32::MAX as u64) as u32
}

/// Group order of the greedy: larger CPU requests first, then larger memory.
pub(crate) fn greedy_order(problem: &Problem) -> Vec<usize> {
    let mut order: Vec<usize> = (0..problem.groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&problem.groups[a], &problem.groups[b]);
        (gb.cpu_millicores, gb.memory_bytes, a).cmp(&(ga.cpu_millicores, ga.memory_bytes, b))
    });
    order
}

/// Greedy packing of `demand[g]` pods of each group; returns nodes (each with its cheapest
/// remaining option) and the pods it could not place.
pub(crate) fn greedy_nodes(problem: &Problem, demand: &[u32]) -> (Vec<Node>, Vec<u32>) {
    let ng = problem.groups.len();
    let mut open: Vec<OpenNode> = Vec::new();
    let mut unplaced = vec![0u32; ng];
    for g in greedy_order(problem) {
        let mut left = demand[g];
        // Identical pods arrive one after another: a node that could not take pod i cannot take
        // pod i+1 either, so filling nodes in order is the same as first fit pod by pod.
        for node in open.iter_mut() {
            if left == 0 {
                break;
            }
            let best = node
                .candidates
                .iter()
                .map(|&o| room(problem, o, g, &node.pods, node.cpu, node.mem, node.count))
                .max()
                .unwrap_or(0);
            let k = best.min(left);
            if k == 0 {
                continue;
            }
            let (pods, cpu, mem, count) = (&node.pods, node.cpu, node.mem, node.count);
            node.candidates
                .retain(|&o| room(problem, o, g, pods, cpu, mem, count) >= k);
            node.pods[g] += k;
            node.cpu += k as u64 * problem.groups[g].cpu_millicores;
            node.mem += k as u64 * problem.groups[g].memory_bytes;
            node.count += k;
            left -= k;
        }
        let empty = vec![0u32; ng];
        while left > 0 {
            let candidates: Vec<usize> = problem.groups[g]
                .allowed
                .iter()
                .copied()
                .filter(|&o| room(problem, o, g, &empty, 0, 0, 0) >= 1)
                .collect();
            let best = candidates
                .iter()
                .map(|&o| room(problem, o, g, &empty, 0, 0, 0))
                .max()
                .unwrap_or(0);
            if best == 0 {
                unplaced[g] += left;
                break;
            }
            let k = best.min(left);
            let candidates: Vec<usize> = candidates
                .into_iter()
                .filter(|&o| room(problem, o, g, &empty, 0, 0, 0) >= k)
                .collect();
            let mut pods = empty.clone();
            pods[g] = k;
            open.push(OpenNode {
                pods,
                cpu: k as u64 * problem.groups[g].cpu_millicores,
                mem: k as u64 * problem.groups[g].memory_bytes,
                count: k,
                candidates,
            });
            left -= k;
        }
    }
    let nodes = open
        .into_iter()
        .map(|n| {
            let option = n
                .candidates
                .iter()
                .copied()
                .min_by(|&a, &b| {
                    problem.options[a]
                        .price
                        .total_cmp(&problem.options[b].price)
                        .then(a.cmp(&b))
                })
                .expect("an open node keeps at least one option");
            Node {
                option,
                pods: n.pods,
            }
        })
        .collect();
    (nodes, unplaced)
}

/// Karpenter-style greedy baseline: largest pods first; each pod joins the first open node
/// whose remaining type options can still hold it (together with what it already holds),
/// otherwise opens a node with every allowed type that fits; each node finally launches as the
/// cheapest remaining option. `max_nodes` is honoured by leaving the pods of the last nodes
/// unplaced. The plan's `lower_bound` is 0 (the greedy proves nothing).
pub fn greedy(problem: &Problem) -> Plan {
    let demand: Vec<u32> = problem.groups.iter().map(|g| g.replicas).collect();
    let (mut nodes, mut unplaced) = greedy_nodes(problem, &demand);
    if let Some(max) = problem.max_nodes {
        while nodes.len() > max as usize {
            let n = nodes.pop().expect("more nodes than the limit");
            for (u, p) in unplaced.iter_mut().zip(&n.pods) {
                *u += p;
            }
        }
    }
    let node_groups: Vec<NodeGroup> = merge_nodes(&nodes);
    Plan {
        cost: cost_of(problem, &node_groups),
        node_groups,
        lower_bound: 0.0,
        unplaced,
    }
}

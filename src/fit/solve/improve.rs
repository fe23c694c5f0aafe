//! Local search on a plan: relaunch nodes as cheaper options, merge pairs of nodes, empty
//! the least used ones.

use super::blocks::{Blocks, block_count, compact, expand};
use super::options::{Cheapest, reoption};
use crate::fit::problem::Problem;
use crate::fit::tuning::Deadline;
use crate::fit::util::{Node, holds};
use std::collections::HashSet;

/// Local search on a list of nodes: merge two nodes into one cheaper option; empty a node by
/// moving its pods into the free room of others. Stops at the deadline.
pub(super) fn improve(
    problem: &Problem,
    cheap: &Cheapest,
    nodes: &mut Vec<Node>,
    deadline: Deadline,
) {
    reoption(problem, cheap, nodes);
    for _ in 0..100 {
        if deadline.passed() {
            return;
        }
        let Some((i, j, o)) = best_pair_merge(problem, cheap, nodes) else {
            break;
        };
        let both = sum(&nodes[i].pods, &nodes[j].pods);
        let (hi, lo) = (i.max(j), i.min(j));
        nodes.swap_remove(hi);
        nodes.swap_remove(lo);
        nodes.push(Node {
            option: o,
            pods: both,
        });
    }
    if nodes.len() > 1000 {
        return;
    }
    empty_least_used(problem, nodes, deadline);
    nodes.retain(|n| n.pods.iter().any(|&p| p > 0));
    reoption(problem, cheap, nodes);
}

/// Pods of two nodes together.
fn sum(a: &[u32], b: &[u32]) -> Vec<u32> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}

/// The merge of two nodes (over the first 60 distinct node contents, or two nodes of the same
/// content) into one cheaper option that saves most: `(i, j, option)`.
fn best_pair_merge(
    problem: &Problem,
    cheap: &Cheapest,
    nodes: &[Node],
) -> Option<(usize, usize, usize)> {
    let price = |n: &Node| problem.options[n.option].price;
    let mut distinct: Vec<usize> = Vec::new();
    let mut seen: HashSet<(usize, &Vec<u32>)> = HashSet::new();
    for (i, n) in nodes.iter().enumerate() {
        if seen.insert((n.option, &n.pods)) {
            distinct.push(i);
        }
        if distinct.len() >= 60 {
            break;
        }
    }
    let mut best: Option<(f64, usize, usize, usize)> = None;
    let consider = |i: usize, j: usize, best: &mut Option<(f64, usize, usize, usize)>| {
        if let Some(o) = cheap.find(problem, &sum(&nodes[i].pods, &nodes[j].pods)) {
            let saving = price(&nodes[i]) + price(&nodes[j]) - problem.options[o].price;
            if saving > 1e-9 && best.is_none_or(|b| saving > b.0) {
                *best = Some((saving, i, j, o));
            }
        }
    };
    for (a, &i) in distinct.iter().enumerate() {
        for &j in distinct[a + 1..].iter() {
            consider(i, j, &mut best);
        }
        let twin = (nodes.iter().enumerate())
            .position(|(k, n)| k != i && n.option == nodes[i].option && n.pods == nodes[i].pods);
        if let Some(j) = twin {
            consider(i, j, &mut best);
        }
    }
    best.map(|(_, i, j, o)| (i, j, o))
}

/// Empties nodes into the others' free room, the 150 least-used (by CPU) first; an emptied
/// node keeps no pods (the caller drops it).
fn empty_least_used(problem: &Problem, nodes: &mut [Node], deadline: Deadline) {
    let ng = problem.groups.len();
    let util = |n: &Node| {
        let o = &problem.options[n.option];
        let cpu: u64 = (0..ng)
            .map(|g| n.pods[g] as u64 * problem.groups[g].cpu_millicores)
            .sum();
        cpu as f64 / o.cpu_millicores.max(1) as f64
    };
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&a, &b| util(&nodes[a]).total_cmp(&util(&nodes[b])));
    order.truncate(150);
    let mut removed = vec![false; nodes.len()];
    for &i in &order {
        if deadline.passed() {
            break;
        }
        if let Some(trial) = rehome(problem, nodes, &removed, i) {
            for (j, pods) in trial {
                nodes[j].pods = pods;
            }
            nodes[i].pods = vec![0; ng];
            removed[i] = true;
        }
    }
}

/// The new contents of the other nodes if node `i`'s pods all fit into their free room (first
/// fit, group by group), or `None`.
fn rehome(
    problem: &Problem,
    nodes: &[Node],
    removed: &[bool],
    i: usize,
) -> Option<Vec<(usize, Vec<u32>)>> {
    let mut trial: Vec<(usize, Vec<u32>)> = Vec::new();
    for g in 0..problem.groups.len() {
        let mut left = nodes[i].pods[g];
        for (j, n) in nodes.iter().enumerate() {
            if left == 0 {
                break;
            }
            if j == i || removed[j] {
                continue;
            }
            let slot = trial.iter().position(|t| t.0 == j);
            let mut cur = slot.map_or_else(|| n.pods.clone(), |k| trial[k].1.clone());
            let before = left;
            while left > 0 {
                cur[g] += 1;
                if !holds(problem, n.option, &cur) {
                    cur[g] -= 1;
                    break;
                }
                left -= 1;
            }
            match slot {
                _ if left == before => {}
                Some(k) => trial[k].1 = cur,
                None => trial.push((j, cur)),
            }
        }
        if left > 0 {
            return None;
        }
    }
    Some(trial)
}

/// Plans up to this many nodes get the full local search of [`improve`] (node by node).
pub(super) const IMPROVE_NODES: u64 = 1000;

/// [`improve`] on blocks: small plans node by node; large ones relaunch each block as its
/// cheapest option and merge pairs of nodes (one of each of two blocks, or two of one) into
/// one cheaper node, all pairs of the best merge at once, at most 100 merges.
pub(super) fn improve_blocks(
    problem: &Problem,
    cheap: &Cheapest,
    blocks: &mut Blocks,
    deadline: Deadline,
) {
    if block_count(blocks) <= IMPROVE_NODES {
        let mut nodes = expand(blocks);
        improve(problem, cheap, &mut nodes, deadline);
        // Node by node, in the search's order (later searches start from it).
        *blocks = nodes.into_iter().map(|n| (n, 1)).collect();
        return;
    }
    let price = |n: &Node| problem.options[n.option].price;
    *blocks = compact(std::mem::take(blocks).into_iter().map(|(mut n, k)| {
        if let Some(o) = cheap.find(problem, &n.pods)
            && problem.options[o].price < price(&n)
        {
            n.option = o;
        }
        (n, k)
    }));
    for _ in 0..100 {
        if deadline.passed() {
            return;
        }
        let mut best: Option<(f64, usize, usize, usize)> = None;
        let shown = blocks.len().min(60);
        for (i, (a, ka)) in blocks.iter().enumerate().take(shown) {
            for (j, (b, _)) in blocks.iter().enumerate().take(shown).skip(i) {
                if i == j && *ka < 2 {
                    continue;
                }
                let both: Vec<u32> = a.pods.iter().zip(&b.pods).map(|(x, y)| x + y).collect();
                if let Some(o) = cheap.find(problem, &both) {
                    let saving = price(a) + price(b) - problem.options[o].price;
                    if saving > 1e-9 && best.is_none_or(|b| saving > b.0) {
                        best = Some((saving, i, j, o));
                    }
                }
            }
        }
        let Some((_, i, j, o)) = best else { break };
        let pairs = if i == j {
            blocks[i].1 / 2
        } else {
            blocks[i].1.min(blocks[j].1)
        };
        let both: Vec<u32> = blocks[i]
            .0
            .pods
            .iter()
            .zip(&blocks[j].0.pods)
            .map(|(x, y)| x + y)
            .collect();
        blocks[i].1 -= pairs;
        blocks[j].1 -= pairs;
        blocks.push((
            Node {
                option: o,
                pods: both,
            },
            pairs,
        ));
        *blocks = compact(std::mem::take(blocks));
    }
}

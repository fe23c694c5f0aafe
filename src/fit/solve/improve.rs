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
    let price = |n: &Node| problem.options[n.option].price;
    let timed_out = || deadline.passed();
    // Pair merges over distinct node contents.
    for _ in 0..100 {
        if timed_out() {
            return;
        }
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
        for (a, &i) in distinct.iter().enumerate() {
            for &j in &distinct[a..] {
                if i == j {
                    continue;
                }
                let both: Vec<u32> = nodes[i]
                    .pods
                    .iter()
                    .zip(&nodes[j].pods)
                    .map(|(x, y)| x + y)
                    .collect();
                if let Some(o) = cheap.find(problem, &both) {
                    let saving = price(&nodes[i]) + price(&nodes[j]) - problem.options[o].price;
                    if saving > 1e-9 && best.is_none_or(|b| saving > b.0) {
                        best = Some((saving, i, j, o));
                    }
                }
            }
            // Two nodes with the same contents.
            if let Some(j) = nodes
                .iter()
                .enumerate()
                .position(|(k, n)| k != i && n.option == nodes[i].option && n.pods == nodes[i].pods)
            {
                let both: Vec<u32> = nodes[i].pods.iter().map(|x| 2 * x).collect();
                if let Some(o) = cheap.find(problem, &both) {
                    let saving = 2.0 * price(&nodes[i]) - problem.options[o].price;
                    if saving > 1e-9 && best.is_none_or(|b| saving > b.0) {
                        best = Some((saving, i, j, o));
                    }
                }
            }
        }
        let Some((_, i, j, o)) = best else { break };
        let both: Vec<u32> = nodes[i]
            .pods
            .iter()
            .zip(&nodes[j].pods)
            .map(|(x, y)| x + y)
            .collect();
        let (hi, lo) = (i.max(j), i.min(j));
        nodes.swap_remove(hi);
        nodes.swap_remove(lo);
        nodes.push(Node {
            option: o,
            pods: both,
        });
    }
    // Empty a node into the others' free room (the least-used nodes first).
    if nodes.len() > 1000 {
        return;
    }
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
        if timed_out() {
            break;
        }
        let mut trial: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut ok = true;
        for g in 0..ng {
            let mut left = nodes[i].pods[g];
            let mut one = vec![0u32; ng];
            one[g] = 1;
            for (j, n) in nodes.iter().enumerate() {
                if left == 0 {
                    break;
                }
                if j == i || removed[j] {
                    continue;
                }
                let mut cur = trial
                    .iter()
                    .find(|t| t.0 == j)
                    .map(|t| t.1.clone())
                    .unwrap_or_else(|| n.pods.clone());
                let mut moved = false;
                while left > 0 {
                    cur[g] += 1;
                    if !holds(problem, n.option, &cur) {
                        cur[g] -= 1;
                        break;
                    }
                    left -= 1;
                    moved = true;
                }
                if moved {
                    match trial.iter_mut().find(|t| t.0 == j) {
                        Some(t) => t.1 = cur,
                        None => trial.push((j, cur)),
                    }
                }
            }
            if left > 0 {
                ok = false;
                break;
            }
        }
        if ok {
            for (j, pods) in trial {
                nodes[j].pods = pods;
            }
            nodes[i].pods = vec![0; ng];
            removed[i] = true;
        }
    }
    nodes.retain(|n| n.pods.iter().any(|&p| p > 0));
    reoption(problem, cheap, nodes);
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

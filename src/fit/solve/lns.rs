//! Large-neighbourhood search: re-solve a few nodes' pods exactly or by column generation.

use super::blocks::expand;
use super::columns::Columns;
use super::exact_cover::{SMALL, exact_cover};
use super::improve::improve;
use super::options::Cheapest;
use super::rounding::{Dive, dive};
use crate::fit::colgen::{CgLimits, Pattern};
use crate::fit::problem::Problem;
use crate::fit::tuning::{Deadline, Tuning};
use crate::fit::util::Node;
use std::collections::{HashMap, HashSet};

/// Most nodes in one grown neighbourhood of the large-neighbourhood search.
pub(super) const GROW_NODES: usize = 12;

/// What identifies a neighbourhood (the contents of its nodes, in order), so that no search
/// re-solves the same one twice.
pub(super) fn neighbourhood_key(nodes: &[Node], pick: &[usize]) -> Vec<(usize, Vec<u32>)> {
    let mut key: Vec<(usize, Vec<u32>)> = pick
        .iter()
        .map(|&i| (nodes[i].option, nodes[i].pods.clone()))
        .collect();
    key.sort();
    key
}

/// Large-neighbourhood search: takes a few nodes out of the plan (the least used one with some
/// others, chosen by a fixed pseudo-random sequence) and re-solves their pods exactly; keeps
/// the re-solve when it is cheaper. At most `tries` re-solves, stops at the deadline.
pub(super) fn lns(
    problem: &Problem,
    kept: &[usize],
    cheap: &Cheapest,
    nodes: &mut Vec<Node>,
    tries: usize,
    deadline: Deadline,
) {
    let ng = problem.groups.len();
    if nodes.len() < 2 {
        return;
    }
    let price = |n: &Node| problem.options[n.option].price;
    // Share of the node's tightest resource that is used.
    let used = |n: &Node| {
        let o = &problem.options[n.option];
        let (mut cpu, mut mem, mut pods) = (0u64, 0u64, 0u64);
        for g in 0..ng {
            let k = n.pods[g] as u64;
            cpu += k * problem.groups[g].cpu_millicores;
            mem += k * problem.groups[g].memory_bytes;
            pods += k;
        }
        (cpu as f64 / o.cpu_millicores.max(1) as f64)
            .max(mem as f64 / o.memory_bytes.max(1) as f64)
            .max(pods as f64 / o.pods.max(1) as f64)
    };
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n.max(1) as u64) as usize
    };
    let mut tried: HashSet<Vec<(usize, Vec<u32>)>> = HashSet::new();
    let mut fails = 0;
    for attempt in 0..tries {
        if deadline.passed() || fails > tries / 3 {
            break;
        }
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| used(&nodes[a]).total_cmp(&used(&nodes[b])));
        // The least used nodes in turn, with one to three others.
        let first = order[attempt % order.len().min(4)];
        let k = 2 + rand(3).min(nodes.len() - 1);
        let mut pick = vec![first];
        while pick.len() < k.min(nodes.len()) {
            let j = rand(nodes.len());
            if !pick.contains(&j) {
                pick.push(j);
            }
        }
        // Every other try grows the neighbourhood as far as the exact solve's state limit
        // allows (random nodes while the demand's state count stays small).
        if attempt % 2 == 1 {
            let states = |pick: &[usize]| {
                (0..ng)
                    .map(|g| pick.iter().map(|&i| nodes[i].pods[g] as u64).sum::<u64>() + 1)
                    .try_fold(1u64, |a, b| a.checked_mul(b))
                    .unwrap_or(u64::MAX)
            };
            for _ in 0..3 * nodes.len() {
                if pick.len() >= GROW_NODES.min(nodes.len()) {
                    break;
                }
                let j = rand(nodes.len());
                if pick.contains(&j) {
                    continue;
                }
                pick.push(j);
                if states(&pick) > SMALL.states {
                    pick.pop();
                }
            }
        }
        if !tried.insert(neighbourhood_key(nodes, &pick)) {
            fails += 1;
            continue;
        }
        let mut demand = vec![0u32; ng];
        for &i in &pick {
            for (d, &k) in demand.iter_mut().zip(&nodes[i].pods) {
                *d += k;
            }
        }
        let before: f64 = pick.iter().map(|&i| price(&nodes[i])).sum();
        let limit = problem.max_nodes.map(|_| pick.len() as u32);
        match exact_cover(problem, kept, cheap, &demand, limit, SMALL) {
            Some(new) if new.iter().map(price).sum::<f64>() < before - 1e-9 => {
                pick.sort_unstable();
                for &i in pick.iter().rev() {
                    nodes.swap_remove(i);
                }
                nodes.extend(new);
                tried.clear();
                fails = 0;
            }
            _ => fails += 1,
        }
    }
}

/// Large-neighbourhood search with column generation as the sub-solver, for neighbourhoods too
/// big for the exact one: takes out of the plan all nodes of one content (alone or with one of
/// the dearest nodes), or any node with one or two of the dearest, re-plans their pods by column
/// generation and two dives, and keeps the result when it is cheaper (and uses no more nodes).
/// Stops after `tune.lns_lp_tries` neighbourhoods or `tune.lns_lp_rounds` pricing rounds (or
/// at `deadline`).
#[allow(clippy::too_many_arguments)]
pub(super) fn lns_lp(
    problem: &Problem,
    kept: &[usize],
    rows: &[usize],
    cheap: &Cheapest,
    pool: &mut Vec<Pattern>,
    nodes: &mut Vec<Node>,
    tune: &Tuning,
    deadline: Deadline,
) {
    let mut cols = Columns::new(problem, kept, rows, std::mem::take(pool));
    let mut tried: HashSet<Vec<(usize, Vec<u32>)>> = HashSet::new();
    let mut count = 0;
    'restart: loop {
        for pick in neighbourhoods(problem, nodes) {
            let spent = count >= tune.lns_lp_tries || cols.rounds >= tune.lns_lp_rounds;
            if deadline.passed() || spent {
                break 'restart;
            }
            if !tried.insert(neighbourhood_key(nodes, &pick)) {
                continue;
            }
            count += 1;
            if let Some(new) = resolve_pick(&mut cols, cheap, nodes, &pick, deadline) {
                let mut pick = pick;
                pick.sort_unstable();
                for &i in pick.iter().rev() {
                    nodes.swap_remove(i);
                }
                nodes.extend(new);
                continue 'restart;
            }
        }
        break;
    }
    *pool = cols.pool;
}

/// The neighbourhoods [`lns_lp`] tries, in order: every node of one content (many small
/// identical nodes may pack into fewer bigger ones), alone and with each of the three dearest
/// nodes; then each node with one or two of the dearest.
fn neighbourhoods(problem: &Problem, nodes: &[Node]) -> Vec<Vec<usize>> {
    let price = |n: &Node| problem.options[n.option].price;
    let mut dear: Vec<usize> = (0..nodes.len()).collect();
    dear.sort_by(|&a, &b| price(&nodes[b]).total_cmp(&price(&nodes[a])));
    dear.truncate(3);
    let mut picks: Vec<Vec<usize>> = Vec::new();
    let mut classes: HashMap<(usize, &Vec<u32>), Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        classes.entry((n.option, &n.pods)).or_default().push(i);
    }
    let mut classes: Vec<Vec<usize>> = classes.into_values().filter(|c| c.len() > 1).collect();
    classes.sort();
    for c in &classes {
        picks.push(c.clone());
        for &d in dear.iter().filter(|d| !c.contains(d)) {
            let mut p = c.clone();
            p.push(d);
            picks.push(p);
        }
    }
    for i in 0..nodes.len() {
        for (k, &d) in dear.iter().enumerate().filter(|&(_, &d)| d != i) {
            picks.push(vec![i, d]);
            for &e in dear[k + 1..].iter().filter(|&&e| e != i) {
                picks.push(vec![i, d, e]);
            }
        }
    }
    picks
}

/// Re-solves the pods of the nodes `pick` by column generation and two dives; returns the new
/// nodes when they cost less (and, under a node limit, are no more nodes).
fn resolve_pick(
    cols: &mut Columns,
    cheap: &Cheapest,
    nodes: &[Node],
    pick: &[usize],
    deadline: Deadline,
) -> Option<Vec<Node>> {
    let problem = cols.ctx.problem;
    let price = |n: &Node| problem.options[n.option].price;
    let limits = CgLimits {
        deadline,
        max_rounds: 40,
        rel_tol: 1e-3,
        certify: false,
    };
    let demand: Vec<u32> = (cols.ctx.rows.iter())
        .map(|&g| pick.iter().map(|&i| nodes[i].pods[g]).sum())
        .collect();
    let before: f64 = pick.iter().map(|&i| price(&nodes[i])).sum();
    let sol = cols.solve(&demand, &limits, &mut |_| {}).solution;
    for rule in [Dive::MostCost, Dive::MostUsed] {
        let mut new = expand(&dive(cols, &demand, &sol, rule, deadline));
        improve(problem, cheap, &mut new, deadline);
        let cost: f64 = new.iter().map(price).sum();
        let fewer = problem.max_nodes.is_none() || new.len() <= pick.len();
        if cost < before - 1e-9 && fewer {
            return Some(new);
        }
    }
    None
}

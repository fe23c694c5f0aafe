//! Large-neighbourhood search: re-solve a few nodes' pods exactly or by column generation.

use super::blocks::expand;
use super::exact_cover::{SMALL, exact_cover};
use super::improve::improve;
use super::options::Cheapest;
use super::rounding::{Dive, dive};
use crate::fit::colgen::{CgLimits, Ctx, Pattern, column_generation};
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
    let ctx = Ctx::new(problem, kept.to_vec(), rows.to_vec());
    let mut seen: HashSet<Pattern> = pool.iter().cloned().collect();
    let mut lambdas = vec![None; kept.len()];
    let price = |n: &Node| problem.options[n.option].price;
    let limits = CgLimits {
        deadline,
        max_rounds: 40,
        rel_tol: 1e-3,
        certify: false,
    };
    let mut tried: HashSet<Vec<(usize, Vec<u32>)>> = HashSet::new();
    let mut count = 0;
    let mut rounds = 0u64;
    'restart: loop {
        // The three dearest nodes.
        let mut dear: Vec<usize> = (0..nodes.len()).collect();
        dear.sort_by(|&a, &b| price(&nodes[b]).total_cmp(&price(&nodes[a])));
        dear.truncate(3);
        let mut picks: Vec<Vec<usize>> = Vec::new();
        // Every node of one content (many small identical nodes may pack into fewer bigger
        // ones), alone and with each of the dearest nodes.
        let mut classes: HashMap<(usize, &Vec<u32>), Vec<usize>> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            classes.entry((n.option, &n.pods)).or_default().push(i);
        }
        let mut classes: Vec<Vec<usize>> = classes.into_values().filter(|c| c.len() > 1).collect();
        classes.sort();
        for c in &classes {
            picks.push(c.clone());
            for &d in &dear {
                if !c.contains(&d) {
                    let mut p = c.clone();
                    p.push(d);
                    picks.push(p);
                }
            }
        }
        for i in 0..nodes.len() {
            for (k, &d) in dear.iter().enumerate() {
                if d != i {
                    picks.push(vec![i, d]);
                    for &e in &dear[k + 1..] {
                        if e != i {
                            picks.push(vec![i, d, e]);
                        }
                    }
                }
            }
        }
        for pick in picks {
            if deadline.passed() || count >= tune.lns_lp_tries || rounds >= tune.lns_lp_rounds {
                return;
            }
            if !tried.insert(neighbourhood_key(nodes, &pick)) {
                continue;
            }
            count += 1;
            let demand: Vec<u32> = rows
                .iter()
                .map(|&g| pick.iter().map(|&i| nodes[i].pods[g]).sum())
                .collect();
            let before: f64 = pick.iter().map(|&i| price(&nodes[i])).sum();
            let r = column_generation(
                &ctx,
                &demand,
                pool,
                &mut seen,
                &mut lambdas,
                &limits,
                &mut |_| {},
            );
            rounds += r.rounds;
            let sol = r.solution;
            for rule in [Dive::MostCost, Dive::MostUsed] {
                let mut new = expand(&dive(
                    &ctx,
                    &demand,
                    &sol,
                    rule,
                    pool,
                    &mut seen,
                    &mut lambdas,
                    deadline,
                    &mut rounds,
                ));
                improve(problem, cheap, &mut new, deadline);
                let cost: f64 = new.iter().map(price).sum();
                if cost < before - 1e-9 && (problem.max_nodes.is_none() || new.len() <= pick.len())
                {
                    let mut pick = pick.clone();
                    pick.sort_unstable();
                    for &i in pick.iter().rev() {
                        nodes.swap_remove(i);
                    }
                    nodes.extend(new);
                    continue 'restart;
                }
            }
        }
        return;
    }
}

//! The exact optimum of small covers by dynamic programming (whole problems, or a few nodes'
//! pods in the large-neighbourhood search).

use super::options::Cheapest;
use crate::fit::colgen::fit_alone;
use crate::fit::exact::{enumerate_contents, exact, to_nodes};
use crate::fit::problem::Problem;
use crate::fit::util::Node;
use std::collections::HashMap;

/// Size limits of one exact solve: states, enumerated node contents, DP steps.
#[derive(Clone, Copy)]
pub(super) struct ExactLimits {
    pub(super) states: u64,
    pub(super) contents: usize,
    pub(super) steps: u64,
}

/// The limits of the exact solve of a whole problem.
pub(super) const BIG: ExactLimits = ExactLimits {
    states: 200_000,
    contents: 20_000,
    steps: 40_000_000,
};

/// The limits of the exact re-solve of a few nodes' pods (large-neighbourhood search).
pub(super) const SMALL: ExactLimits = ExactLimits {
    states: 30_000,
    contents: 4_000,
    steps: 4_000_000,
};

/// The cheapest nodes holding `demand_g` (pods per group) when the problem is small enough
/// for the exact dynamic programme within `lim`; `None` otherwise (or without a plan).
pub(super) fn exact_cover(
    problem: &Problem,
    kept: &[usize],
    cheap: &Cheapest,
    demand_g: &[u32],
    max_nodes: Option<u32>,
    lim: ExactLimits,
) -> Option<Vec<Node>> {
    let ng = problem.groups.len();
    let rows: Vec<usize> = (0..ng).filter(|&g| demand_g[g] > 0).collect();
    if rows.is_empty() {
        return Some(Vec::new());
    }
    let demand: Vec<u32> = rows.iter().map(|&g| demand_g[g]).collect();
    let states = demand
        .iter()
        .map(|&d| d as u64 + 1)
        .try_fold(1u64, |a, b| a.checked_mul(b));
    if states.is_none_or(|s| s > lim.states) {
        return None;
    }
    let per_node_cap: Vec<u32> = rows
        .iter()
        .map(|&g| {
            kept.iter()
                .map(|&o| fit_alone(problem, o, g))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let cheapest_rows = |c: &[u32]| {
        let mut pods = vec![0u32; ng];
        for (r, &k) in c.iter().enumerate() {
            pods[rows[r]] = k;
        }
        cheap
            .find(problem, &pods)
            .map(|o| (o, problem.options[o].price))
    };
    // Candidate node contents per set of rows an option allows (bounded by the largest option).
    let mut sets: HashMap<Vec<usize>, [u64; 3]> = HashMap::new();
    for &o in kept {
        let rs: Vec<usize> = (0..rows.len())
            .filter(|&r| fit_alone(problem, o, rows[r]) > 0)
            .collect();
        if rs.is_empty() {
            continue;
        }
        let x = &problem.options[o];
        let m = sets.entry(rs).or_insert([0; 3]);
        m[0] = m[0].max(x.cpu_millicores);
        m[1] = m[1].max(x.memory_bytes);
        m[2] = m[2].max(x.pods as u64);
    }
    let mut sets: Vec<(Vec<usize>, [u64; 3])> = sets.into_iter().collect();
    sets.sort();
    let weights: Vec<[u64; 3]> = rows
        .iter()
        .map(|&g| {
            [
                problem.groups[g].cpu_millicores,
                problem.groups[g].memory_bytes,
                1,
            ]
        })
        .collect();
    let caps: Vec<u32> = (0..rows.len())
        .map(|r| demand[r].min(per_node_cap[r]))
        .collect();
    let contents = enumerate_contents(&sets, &weights, &caps, lim.contents)?;
    let sol = exact(&demand, &contents, max_nodes, &cheapest_rows, lim.steps)??;
    Some(to_nodes(&rows, ng, sol))
}

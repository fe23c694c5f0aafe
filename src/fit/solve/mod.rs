//! The optimizer: dominance pruning, the lower bound (column generation and a resource bound),
//! and the integer plan (residual rounding of the LP, dives, LP floor + greedy, the greedy
//! baseline), each improved by local search; on plans up to 600 pods, a large-neighbourhood
//! search re-solves groups of nodes exactly and by column generation. The cheapest feasible plan
//! wins. Plans up to 150 nodes with a gap get a stronger bound by branching on node counts
//! (`branch.rs`, then branch and price in `bnp.rs`).

mod blocks;
mod bound;
mod columns;
mod exact_cover;
mod improve;
mod lns;
mod options;
mod parts;
mod rounding;

use blocks::{Blocks, block_count, blocks_cost, expand};
use bound::resource_bound;
use exact_cover::{BIG, exact_cover};
use improve::improve;
use lns::{lns, lns_lp};
use options::Cheapest;
pub(crate) use options::prune_dominated;
use parts::{components, join, solve_each, sub_problem};
use rounding::{LpPlans, lp_plans};

use super::bnp::bnp_bound;
use super::branch::branch_bound;
use super::colgen::fit_alone;
use super::greedy::greedy;
use super::presolve::{merge, split};
use super::problem::{Plan, Problem};
use super::tuning::{Deadline, Effort, Tuning};
use super::util::{Node, cost_of, merge_blocks, nodes_cost};
use std::time::{Duration, Instant};

/// Options of one solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Stop improving at this instant and return the best plan with a still-valid bound (the
    /// one non-deterministic option: without it every limit counts work, not time). Every solve
    /// given these options shares it, so a command's solves together keep one `--time-limit`.
    pub stop_at: Option<Instant>,
    /// How much work to spend ([`Tuning::for_effort`]).
    pub effort: Effort,
}

impl SolveOptions {
    /// Options that stop `limit` from now (none: no clock at all).
    pub fn within(limit: Option<Duration>, effort: Effort) -> SolveOptions {
        SolveOptions {
            stop_at: limit.map(|t| Instant::now() + t),
            effort,
        }
    }
}

/// The cheapest plan found, with a proven lower bound; pods that fit no allowed option are left
/// in `unplaced`.
///
/// Independent parts (groups that share no option, e.g. the per-zone shares of spread
/// workloads) are solved apart when no node limit couples them; their bounds add up.
///
/// Interchangeable groups are merged first ([`super::presolve`]), so the plan does not depend
/// on the order of the groups; it is never dearer than the greedy baseline.
pub fn solve(problem: &Problem, opts: &SolveOptions, progress: &mut dyn FnMut(&str)) -> Plan {
    solve_beside_greedy(problem, opts, progress).plan
}

/// A plan and the greedy baseline it was checked against.
#[derive(Debug, Clone)]
pub struct Solved {
    pub plan: Plan,
    /// [`greedy`] on the whole problem (what Karpenter-style packing would buy).
    pub baseline: Plan,
}

/// [`solve`], also handing back the greedy baseline it computed (so callers need not run it
/// again).
pub fn solve_beside_greedy(
    problem: &Problem,
    opts: &SolveOptions,
    progress: &mut dyn FnMut(&str),
) -> Solved {
    // The baseline first: under --time-limit what is left after it goes to the search.
    progress("greedy baseline of the whole problem");
    let baseline = greedy(problem);
    let merged = merge(problem);
    if merged.problem.groups.len() < problem.groups.len() {
        progress(&format!(
            "{} groups merged into {} interchangeable ones",
            problem.groups.len(),
            merged.problem.groups.len()
        ));
    }
    let plan = split(
        problem,
        &merged,
        solve_merged(&merged.problem, opts, progress),
    );
    progress("plan split back; checking it against the greedy baseline");
    let greedy_better =
        (total_unplaced(&baseline), baseline.cost) < (total_unplaced(&plan), plan.cost - 1e-12);
    let plan = if greedy_better {
        Plan {
            lower_bound: plan.lower_bound,
            ..baseline.clone()
        }
    } else {
        plan
    };
    Solved { plan, baseline }
}

/// [`solve`] after the presolve: independent parts apart, each by [`solve_one`].
fn solve_merged(problem: &Problem, opts: &SolveOptions, progress: &mut dyn FnMut(&str)) -> Plan {
    let deadline = Deadline::at(opts.stop_at);
    let tune = Tuning::for_effort(opts.effort);
    let parts = components(problem);
    if problem.max_nodes.is_some() || parts.len() <= 1 {
        return solve_one(problem, &tune, deadline, progress);
    }
    let subs: Vec<Problem> = (parts.iter())
        .map(|(gs, os)| sub_problem(problem, gs, os))
        .collect();
    // The parts share nothing, so they are solved side by side (each deterministic, the
    // plans joined in the parts' order). No greedy comparison here: the parts share no option,
    // so the greedy never mixes them and its plan is the union of the parts' greedy plans, each
    // already no cheaper than that part's plan ([`solve_one`] starts from it). [`solve`]
    // compares the whole plan once more.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Under --time-limit each wave of parts (one part per thread) gets an equal share of the
    // time left, so that the last parts are not left with none.
    let (now, waves) = (Instant::now(), subs.len().div_ceil(threads));
    let one = |i: usize, p: &Problem, progress: &mut dyn FnMut(&str)| {
        let share = deadline.share(now, i / threads + 1, waves);
        solve_one(p, &tune, share, progress)
    };
    let plans = solve_each(&subs, threads, &one, progress);
    join(problem, &parts, plans)
}

/// What the phases of [`solve_one`] share: the problem's pruned options, its demand, and the
/// pods that fit no option.
struct Setup {
    /// Options kept after dominance pruning.
    kept: Vec<usize>,
    /// The groups with pods to place (the LP's rows) and their demand.
    rows: Vec<usize>,
    demand: Vec<u32>,
    /// Pods to place per group (all groups), and pods that fit no kept option.
    demand_g: Vec<u32>,
    unplaced: Vec<u32>,
    cheap: Cheapest,
}

/// Phase 1, prune: dominated options out, pods that fit nothing set aside.
fn prune(problem: &Problem) -> Setup {
    let kept = prune_dominated(problem);
    let ng = problem.groups.len();
    let fits: Vec<bool> = (0..ng)
        .map(|g| kept.iter().any(|&o| fit_alone(problem, o, g) > 0))
        .collect();
    let rows: Vec<usize> = (0..ng)
        .filter(|&g| fits[g] && problem.groups[g].replicas > 0)
        .collect();
    let unplaced: Vec<u32> = (0..ng)
        .map(|g| {
            if fits[g] {
                0
            } else {
                problem.groups[g].replicas
            }
        })
        .collect();
    let demand_g: Vec<u32> = (0..ng)
        .map(|g| problem.groups[g].replicas - unplaced[g])
        .collect();
    let demand: Vec<u32> = rows.iter().map(|&g| problem.groups[g].replicas).collect();
    let cheap = Cheapest::new(problem, &kept);
    Setup {
        kept,
        rows,
        demand,
        demand_g,
        unplaced,
        cheap,
    }
}

/// Whether the blocks respect the problem's node limit.
fn within(problem: &Problem, blocks: &[(Node, u32)]) -> bool {
    problem
        .max_nodes
        .is_none_or(|m| block_count(blocks) <= m as u64)
}

/// What the first-plan phase found.
struct FirstPlans {
    candidates: Vec<Blocks>,
    lower: f64,
    /// Whether the first candidate is a proven optimum.
    proven: bool,
    /// The root LP solution and pattern pool (for the search and the certificate).
    root: Option<LpPlans>,
}

/// Phase 2, bound and first plans: the exact optimum of small problems, else column
/// generation's bound and its rounded plans (with a node-limit penalty when the limit binds).
fn first_plans(
    problem: &Problem,
    s: &Setup,
    tune: &Tuning,
    deadline: Deadline,
    progress: &mut dyn FnMut(&str),
) -> FirstPlans {
    let lower = resource_bound(problem, &s.demand_g);
    let exact = exact_cover(
        problem,
        &s.kept,
        &s.cheap,
        &s.demand_g,
        problem.max_nodes,
        BIG,
    );
    if let Some(nodes) = exact {
        let cost = nodes_cost(problem, &nodes);
        progress("exact optimum by dynamic programming");
        return FirstPlans {
            candidates: vec![nodes.into_iter().map(|n| (n, 1)).collect()],
            lower: lower.max(cost * (1.0 - 1e-12)),
            proven: true,
            root: None,
        };
    }
    let mut lp = lp_plans(
        problem, &s.kept, &s.rows, &s.demand, &s.cheap, tune, deadline, progress,
    );
    let mut first = FirstPlans {
        candidates: std::mem::take(&mut lp.plans),
        lower: lower.max(lp.lower_bound),
        proven: false,
        root: None,
    };
    let binding = !first.candidates.iter().any(|n| within(problem, n));
    if let (true, Some(max)) = (binding, problem.max_nodes) {
        penalize_nodes(problem, s, max, tune, deadline, &mut first, progress);
    }
    first.root = Some(lp);
    first
}

/// The node limit binds: price each node a little more (a Lagrangian penalty) until the plans
/// fit; `LP(price + lambda) - lambda * max_nodes` is a valid bound too.
fn penalize_nodes(
    problem: &Problem,
    s: &Setup,
    max: u32,
    tune: &Tuning,
    deadline: Deadline,
    first: &mut FirstPlans,
    progress: &mut dyn FnMut(&str),
) {
    let kept = &s.kept;
    let mean =
        kept.iter().map(|&o| problem.options[o].price).sum::<f64>() / kept.len().max(1) as f64;
    let mut lambda = mean * 0.05;
    for _ in 0..12 {
        if deadline.passed() {
            break;
        }
        progress(&format!("node limit {max}: penalty {lambda:.4} per node"));
        let mut penal = problem.clone();
        for o in penal.options.iter_mut() {
            o.price += lambda;
        }
        let pcheap = Cheapest::new(&penal, kept);
        let LpPlans {
            lower_bound: lp,
            plans,
            ..
        } = lp_plans(
            &penal,
            kept,
            &s.rows,
            &s.demand,
            &pcheap,
            tune,
            deadline,
            &mut |_| {},
        );
        first.lower = first.lower.max(lp - lambda * max as f64);
        let fit = plans.iter().any(|n| within(problem, n));
        first.candidates.extend(plans);
        if fit {
            break;
        }
        lambda *= 2.0;
    }
}

/// Phase 3, improve: large-neighbourhood search (exact, then by column generation) from the two
/// cheapest plans so far (each search ends in its own local optimum).
fn search(
    problem: &Problem,
    s: &Setup,
    tune: &Tuning,
    deadline: Deadline,
    first: &mut FirstPlans,
    progress: &mut dyn FnMut(&str),
) {
    let pods: u64 = s.demand.iter().map(|&d| d as u64).sum();
    if first.proven || pods > tune.lns_pods {
        return;
    }
    let bcost = |b: &Blocks| blocks_cost(problem, b);
    let mut starts: Vec<&Blocks> = first
        .candidates
        .iter()
        .filter(|n| within(problem, n))
        .collect();
    starts.sort_by(|a, b| bcost(a).total_cmp(&bcost(b)));
    starts.dedup_by(|a, b| (bcost(a) - bcost(b)).abs() < 1e-9);
    let starts: Vec<Vec<Node>> = starts.into_iter().take(2).map(|b| expand(b)).collect();
    let (kept, cheap) = (&s.kept, &s.cheap);
    for mut nodes in starts {
        let cost = nodes_cost(problem, &nodes);
        progress(&format!("large-neighbourhood search from {cost:.4}"));
        lns(problem, kept, cheap, &mut nodes, tune.lns_tries, deadline);
        if let Some(lp) = first.root.as_mut() {
            lns_lp(
                problem,
                kept,
                &s.rows,
                cheap,
                &mut lp.pool,
                &mut nodes,
                tune,
                deadline,
            );
            lns(problem, kept, cheap, &mut nodes, tune.lns_tries, deadline);
        }
        improve(problem, cheap, &mut nodes, deadline);
        let cost = nodes_cost(problem, &nodes);
        progress(&format!("large-neighbourhood search: {cost:.4}"));
        first
            .candidates
            .push(nodes.into_iter().map(|n| (n, 1)).collect());
    }
}

/// Pods left unplaced in a plan.
fn total_unplaced(p: &Plan) -> u64 {
    p.unplaced.iter().map(|&u| u as u64).sum()
}

/// Phase 4, choose: the cheapest verified candidate within the node limit, or the baseline.
fn choose(problem: &Problem, s: &Setup, baseline: Plan, candidates: Vec<Blocks>) -> Plan {
    let mut best = baseline;
    for blocks in candidates {
        if !within(problem, &blocks) {
            continue;
        }
        let node_groups = merge_blocks(&blocks);
        let plan = Plan {
            cost: cost_of(problem, &node_groups),
            node_groups,
            lower_bound: 0.0,
            unplaced: s.unplaced.clone(),
        };
        let better =
            (total_unplaced(&plan), plan.cost) < (total_unplaced(&best), best.cost - 1e-12);
        if better && super::verify(problem, &plan).is_ok() {
            best = plan;
        }
    }
    best
}

/// Phase 5, certify: small plans with a gap branch on node counts for a stronger bound, then
/// branch and price. Returns the bound.
fn certify(
    problem: &Problem,
    s: &Setup,
    tune: &Tuning,
    deadline: Deadline,
    best: &Plan,
    first: FirstPlans,
    progress: &mut dyn FnMut(&str),
) -> f64 {
    let mut lower = first.lower;
    let Some(LpPlans { solution, pool, .. }) = first.root else {
        return lower;
    };
    let nodes: u64 = best.node_groups.iter().map(|g| g.count as u64).sum();
    let gap = |lower: f64| best.cost - lower > 1e-3 * lower;
    if nodes > tune.branch_nodes || total_unplaced(best) > 0 || !gap(lower) {
        return lower;
    }
    let (kept, rows, demand) = (&s.kept, &s.rows, &s.demand);
    progress("branching on node counts for the bound");
    lower = branch_bound(
        problem,
        kept,
        rows,
        demand,
        &solution,
        pool.clone(),
        lower,
        tune.branch_rounds,
        deadline,
    );
    if gap(lower) {
        progress("branch and price on node counts for the bound");
        lower = bnp_bound(
            problem,
            kept,
            rows,
            demand,
            pool,
            lower,
            best.cost,
            tune.bnp_nodes,
            tune.bnp_rounds,
            deadline,
        );
    }
    lower
}

/// [`solve`] on one connected problem, in named phases: prune, bound and first plans, improve,
/// choose, certify. The greedy baseline is a candidate, so the plan is never dearer.
fn solve_one(
    problem: &Problem,
    tune: &Tuning,
    deadline: Deadline,
    progress: &mut dyn FnMut(&str),
) -> Plan {
    progress("greedy baseline");
    let baseline = greedy(problem);
    let setup = prune(problem);
    progress(&format!(
        "{} of {} options kept after dominance",
        setup.kept.len(),
        problem.options.len()
    ));
    let mut first = first_plans(problem, &setup, tune, deadline, progress);
    progress("plans built");
    search(problem, &setup, tune, deadline, &mut first, progress);
    let candidates = std::mem::take(&mut first.candidates);
    let mut best = choose(problem, &setup, baseline, candidates);
    best.lower_bound = certify(problem, &setup, tune, deadline, &best, first, progress).max(0.0);
    best
}

#[cfg(test)]
mod tests;

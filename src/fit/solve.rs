//! The optimizer: dominance pruning, the lower bound (column generation and a resource bound),
//! and the integer plan (residual rounding of the LP, dives, LP floor + greedy, the greedy
//! baseline), each improved by local search; on plans up to 600 pods, a large-neighbourhood
//! search re-solves groups of nodes exactly and by column generation. The cheapest feasible plan
//! wins. Plans up to 150 nodes with a gap get a stronger bound by branching on node counts
//! (`branch.rs`, then branch and price in `bnp.rs`).

use super::bnp::bnp_bound;
use super::branch::branch_bound;
use super::colgen::{CgLimits, Ctx, Pattern, column_generation, fit_alone};
use super::exact::{enumerate_contents, exact, to_nodes};
use super::greedy::{greedy, greedy_blocks};
use super::presolve::{merge, split};
use super::problem::{Plan, Problem};
use super::tuning::{Deadline, Effort, Tuning};
use super::util::{Node, cost_of, holds, merge_blocks, nodes_cost};
use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Options of one solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Stop improving after this long and return the best plan with a still-valid bound (the
    /// one non-deterministic option: without it every limit counts work, not time).
    pub time_limit: Option<Duration>,
    /// How much work to spend ([`Tuning::for_effort`]).
    pub effort: Effort,
}

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

/// A simple valid bound: each pod costs at least its share of the cheapest price per unit of
/// CPU (or memory, pod slot, or an extra resource it asks) among the options it may use; the
/// largest of the sums.
fn resource_bound(problem: &Problem, demand: &[u32]) -> f64 {
    let dims = 3 + problem.extra_names.len();
    let mut sums = vec![0.0f64; dims];
    for (g, grp) in problem.groups.iter().enumerate() {
        if demand[g] == 0 {
            continue;
        }
        for (d, sum) in sums.iter_mut().enumerate() {
            let need = match d {
                0 => grp.cpu_millicores as f64,
                1 => grp.memory_bytes as f64,
                2 => 1.0,
                _ => grp.extra_req(d - 3) as f64,
            };
            if need == 0.0 {
                continue;
            }
            let best = grp
                .allowed
                .iter()
                .filter(|&&o| fit_alone(problem, o, g) > 0)
                .map(|&o| {
                    let x = &problem.options[o];
                    let cap = match d {
                        0 => x.cpu_millicores as f64,
                        1 => x.memory_bytes as f64,
                        2 => x.pods as f64,
                        _ => x.extra_cap(d - 3) as f64,
                    };
                    x.price / cap
                })
                .fold(f64::INFINITY, f64::min);
            if best.is_finite() {
                *sum += demand[g] as f64 * need * best;
            }
        }
    }
    sums.into_iter().fold(0.0, f64::max) * (1.0 - 1e-9)
}

/// Options sorted by price, for "the cheapest option that holds these pods".
struct Cheapest {
    by_price: Vec<usize>,
}

impl Cheapest {
    fn new(problem: &Problem, kept: &[usize]) -> Cheapest {
        let mut by_price = kept.to_vec();
        by_price.sort_by(|&a, &b| {
            problem.options[a]
                .price
                .total_cmp(&problem.options[b].price)
                .then(a.cmp(&b))
        });
        Cheapest { by_price }
    }
    fn find(&self, problem: &Problem, pods: &[u32]) -> Option<usize> {
        self.by_price
            .iter()
            .copied()
            .find(|&o| holds(problem, o, pods))
    }
}

/// Relaunches every node as the cheapest option that holds its pods.
fn reoption(problem: &Problem, cheap: &Cheapest, nodes: &mut [Node]) {
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

/// Local search on a list of nodes: merge two nodes into one cheaper option; empty a node by
/// moving its pods into the free room of others. Stops at the deadline.
fn improve(problem: &Problem, cheap: &Cheapest, nodes: &mut Vec<Node>, deadline: Deadline) {
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

/// Nodes for a pattern, capped to the residual demand (per row), which it updates.
fn take(ctx: &Ctx, p: &Pattern, residual: &mut [u32]) -> Option<Node> {
    let mut pods = vec![0u32; ctx.problem.groups.len()];
    let mut any = false;
    for &(r, c) in &p.counts {
        let k = c.min(residual[r]);
        if k > 0 {
            residual[r] -= k;
            pods[ctx.rows[r]] = k;
            any = true;
        }
    }
    any.then_some(Node {
        option: p.option,
        pods,
    })
}

/// Blocks of identical nodes: a node and how many. Plans are kept this way so that time and
/// memory follow the number of distinct nodes, not the replica count.
pub(crate) type Blocks = Vec<(Node, u32)>;

/// Nodes in the blocks.
fn block_count(blocks: &[(Node, u32)]) -> u64 {
    blocks.iter().map(|b| b.1 as u64).sum()
}

/// Price of the blocks.
fn blocks_cost(problem: &Problem, blocks: &[(Node, u32)]) -> f64 {
    blocks
        .iter()
        .map(|(n, k)| *k as f64 * problem.options[n.option].price)
        .sum()
}

/// The blocks as single nodes (for small plans only).
fn expand(blocks: &[(Node, u32)]) -> Vec<Node> {
    blocks
        .iter()
        .flat_map(|(n, k)| std::iter::repeat_n(n.clone(), *k as usize))
        .collect()
}

/// Identical nodes (and blocks) merged into one block each, empty ones dropped, in a fixed
/// order (option, then contents).
fn compact(blocks: impl IntoIterator<Item = (Node, u32)>) -> Blocks {
    let mut map: BTreeMap<(usize, Vec<u32>), u32> = BTreeMap::new();
    for (n, k) in blocks {
        if k > 0 && n.pods.iter().any(|&p| p > 0) {
            *map.entry((n.option, n.pods)).or_default() += k;
        }
    }
    map.into_iter()
        .map(|((option, pods), k)| (Node { option, pods }, k))
        .collect()
}

/// Up to `n` nodes of pattern `p`, capped to the residual demand (per row, which it updates),
/// added to `out` as blocks (at most two per row of the pattern, whatever `n` is). Whether any
/// node was added.
fn take_n(ctx: &Ctx, p: &Pattern, residual: &mut [u32], mut n: u64, out: &mut Blocks) -> bool {
    let mut took = false;
    while n > 0 {
        // Copies that take the full count of every row still in demand.
        let full = p
            .counts
            .iter()
            .filter(|&&(r, _)| residual[r] > 0)
            .map(|&(r, c)| (residual[r] / c) as u64)
            .min();
        let Some(full) = full else { break };
        let k = full.min(n).min(u32::MAX as u64) as u32;
        if k == 0 {
            // A partial copy: it empties at least one row.
            match take(ctx, p, residual) {
                Some(node) => out.push((node, 1)),
                None => break,
            }
            n -= 1;
        } else {
            let mut pods = vec![0u32; ctx.problem.groups.len()];
            for &(r, c) in &p.counts {
                if residual[r] > 0 {
                    residual[r] -= c * k;
                    pods[ctx.rows[r]] = c;
                }
            }
            out.push((
                Node {
                    option: p.option,
                    pods,
                },
                k,
            ));
            n -= k as u64;
        }
        took = true;
    }
    took
}

/// Covers the residual demand with the LP solution's patterns rounded up (largest first), and
/// anything left with the greedy.
fn ceil_rest(ctx: &Ctx, sol: &[(Pattern, f64)], residual: &mut [u32], out: &mut Blocks) {
    for (p, v) in sol {
        take_n(ctx, p, residual, (v - 1e-6).ceil().max(0.0) as u64, out);
    }
    greedy_rest(ctx, residual, out);
    residual.iter_mut().for_each(|r| *r = 0);
}

fn greedy_rest(ctx: &Ctx, residual: &[u32], out: &mut Blocks) {
    let mut demand = vec![0u32; ctx.problem.groups.len()];
    for (r, &g) in ctx.rows.iter().enumerate() {
        demand[g] = residual[r];
    }
    let (more, _) = greedy_blocks(ctx.problem, &demand);
    out.extend(more);
}

/// Plans up to this many nodes get the full local search of [`improve`] (node by node).
const IMPROVE_NODES: u64 = 1000;

/// [`improve`] on blocks: small plans node by node; large ones relaunch each block as its
/// cheapest option and merge pairs of nodes (one of each of two blocks, or two of one) into
/// one cheaper node, all pairs of the best merge at once, at most 100 merges.
fn improve_blocks(problem: &Problem, cheap: &Cheapest, blocks: &mut Blocks, deadline: Deadline) {
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

/// Column generation on `problem` (possibly with penalized prices) and the integer plans built
/// from it; returns the LP lower bound and the candidate plans (lists of nodes).
#[allow(clippy::too_many_arguments)]
fn lp_plans(
    problem: &Problem,
    kept: &[usize],
    rows: &[usize],
    demand: &[u32],
    cheap: &Cheapest,
    tune: &Tuning,
    deadline: Deadline,
    progress: &mut dyn FnMut(&str),
) -> LpPlans {
    let ctx = Ctx::new(problem, kept.to_vec(), rows.to_vec());
    let mut pool: Vec<Pattern> = Vec::new();
    let mut seen: HashSet<Pattern> = HashSet::new();
    let limits = CgLimits {
        deadline,
        max_rounds: tune.root_rounds,
        rel_tol: 5e-5,
        certify: true,
    };
    let mut lambdas = vec![None; kept.len()];
    let first = column_generation(
        &ctx,
        demand,
        &mut pool,
        &mut seen,
        &mut lambdas,
        &limits,
        progress,
    );
    progress(&format!("lp bound {:.4}", first.lower_bound));
    let mut candidates: Vec<Blocks> = Vec::new();
    // Residual rounding — floor the LP, re-solve the rest, until all is placed.
    {
        let mut residual = demand.to_vec();
        let mut nodes = Vec::new();
        let mut sol = first.solution.clone();
        let small = CgLimits {
            deadline,
            max_rounds: tune.resolve_rounds,
            rel_tol: 3e-3,
            certify: false,
        };
        let mut resolves = 0;
        while residual.iter().any(|&r| r > 0) {
            sol.sort_by(|a, b| b.1.total_cmp(&a.1));
            if resolves >= tune.max_resolves || deadline.passed() {
                // Out of effort: round the last LP solution up.
                ceil_rest(&ctx, &sol, &mut residual, &mut nodes);
                break;
            }
            let mut took = false;
            for (p, v) in &sol {
                took |= take_n(
                    &ctx,
                    p,
                    &mut residual,
                    (v + 1e-6).floor() as u64,
                    &mut nodes,
                );
            }
            if !took
                && !sol
                    .iter()
                    .any(|(p, _)| take_n(&ctx, p, &mut residual, 1, &mut nodes))
            {
                greedy_rest(&ctx, &residual, &mut nodes);
                break;
            }
            if residual.iter().all(|&r| r == 0) {
                break;
            }
            let r = column_generation(
                &ctx,
                &residual,
                &mut pool,
                &mut seen,
                &mut lambdas,
                &small,
                &mut |_| {},
            );
            sol = r.solution;
            resolves += 1;
        }
        progress(&format!(
            "rounded plan: {} nodes; local search",
            block_count(&nodes)
        ));
        improve_blocks(problem, cheap, &mut nodes, deadline);
        candidates.push(nodes);
    }
    // Diving, for small problems: fix one pattern at a time, re-solve; one dive per rule of
    // [`Dive`] (different rules end in different plans: big nodes first, whose leftovers small
    // nodes then fill, or the LP's most used patterns first).
    let pods: u64 = demand.iter().map(|&d| d as u64).sum();
    if pods <= tune.dive_pods {
        for rule in [
            Dive::MostUsed,
            Dive::MostCost,
            Dive::NearInteger,
            Dive::Dearest,
        ] {
            let mut nodes = dive(
                &ctx,
                demand,
                &first.solution,
                rule,
                &mut pool,
                &mut seen,
                &mut lambdas,
                deadline,
                &mut 0,
            );
            improve_blocks(problem, cheap, &mut nodes, deadline);
            candidates.push(nodes);
        }
    }
    LpPlans {
        lower_bound: first.lower_bound,
        plans: candidates,
        solution: first.solution,
        pool,
    }
}

/// Which pattern a dive fixes next.
#[derive(Clone, Copy)]
enum Dive {
    /// The pattern of largest LP value.
    MostUsed,
    /// The pattern of largest LP value x price.
    MostCost,
    /// The pattern whose LP value is nearest above an integer (least rounding loss).
    NearInteger,
    /// The pattern of the dearest option (big nodes first).
    Dearest,
}

/// One dive: fixes the chosen pattern of the LP solution (rounded down, at least once), re-solves
/// the residual demand by column generation, until all is placed. Adds the pricing rounds it
/// ran to `rounds`.
#[allow(clippy::too_many_arguments)]
fn dive(
    ctx: &Ctx,
    demand: &[u32],
    solution: &[(Pattern, f64)],
    rule: Dive,
    pool: &mut Vec<Pattern>,
    seen: &mut HashSet<Pattern>,
    lambdas: &mut [Option<[f64; 3]>],
    deadline: Deadline,
    rounds: &mut u64,
) -> Blocks {
    let mut residual = demand.to_vec();
    let mut nodes = Vec::new();
    let mut sol = solution.to_vec();
    let small = CgLimits {
        deadline,
        max_rounds: 30,
        rel_tol: 1e-3,
        certify: false,
    };
    let score = |(p, v): &(Pattern, f64)| match rule {
        Dive::MostUsed => *v,
        Dive::MostCost => v.min(1.0) * ctx.price(p),
        Dive::NearInteger => v - v.floor() + (*v >= 1.0) as u8 as f64,
        Dive::Dearest => ctx.price(p) + v.min(1.0) * 1e-6,
    };
    while residual.iter().any(|&r| r > 0) {
        if deadline.passed() {
            ceil_rest(ctx, &sol, &mut residual, &mut nodes);
            break;
        }
        let Some((p, v)) = sol
            .iter()
            .max_by(|a, b| score(a).total_cmp(&score(b)))
            .cloned()
        else {
            greedy_rest(ctx, &residual, &mut nodes);
            break;
        };
        take_n(
            ctx,
            &p,
            &mut residual,
            ((v + 1e-6).floor() as u64).max(1),
            &mut nodes,
        );
        if residual.iter().all(|&r| r == 0) {
            break;
        }
        let r = column_generation(ctx, &residual, pool, seen, lambdas, &small, &mut |_| {});
        *rounds += r.rounds;
        sol = r.solution;
    }
    nodes
}

/// What [`lp_plans`] returns.
struct LpPlans {
    /// A valid lower bound.
    lower_bound: f64,
    /// Candidate plans.
    plans: Vec<Blocks>,
    /// The first LP solution (on the whole demand).
    solution: Vec<(Pattern, f64)>,
    /// Every pattern generated.
    pool: Vec<Pattern>,
}

/// Size limits of one exact solve: states, enumerated node contents, DP steps.
#[derive(Clone, Copy)]
struct ExactLimits {
    states: u64,
    contents: usize,
    steps: u64,
}

/// The limits of the exact solve of a whole problem.
const BIG: ExactLimits = ExactLimits {
    states: 200_000,
    contents: 20_000,
    steps: 40_000_000,
};

/// Most nodes in one grown neighbourhood of the large-neighbourhood search.
const GROW_NODES: usize = 12;

/// The limits of the exact re-solve of a few nodes' pods (large-neighbourhood search).
const SMALL: ExactLimits = ExactLimits {
    states: 30_000,
    contents: 4_000,
    steps: 4_000_000,
};

/// The cheapest nodes holding `demand_g` (pods per group) when the problem is small enough
/// for the exact dynamic programme within `lim`; `None` otherwise (or without a plan).
fn exact_cover(
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

/// What identifies a neighbourhood (the contents of its nodes, in order), so that no search
/// re-solves the same one twice.
fn neighbourhood_key(nodes: &[Node], pick: &[usize]) -> Vec<(usize, Vec<u32>)> {
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
fn lns(
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
fn lns_lp(
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

/// The cheapest plan found, with a proven lower bound; pods that fit no allowed option are left
/// in `unplaced`.
///
/// Independent parts (groups that share no option, e.g. the per-zone shares of spread
/// workloads) are solved apart when no node limit couples them; their bounds add up.
///
/// Interchangeable groups are merged first ([`super::presolve`]), so the plan does not depend
/// on the order of the groups; it is never dearer than the greedy baseline.
pub fn solve(problem: &Problem, opts: &SolveOptions, progress: &mut dyn FnMut(&str)) -> Plan {
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
    let baseline = greedy(problem);
    let total = |p: &Plan| p.unplaced.iter().map(|&u| u as u64).sum::<u64>();
    if (total(&baseline), baseline.cost) < (total(&plan), plan.cost - 1e-12) {
        return Plan {
            lower_bound: plan.lower_bound,
            ..baseline
        };
    }
    plan
}

/// [`solve`] after the presolve: independent parts apart, each by [`solve_one`].
fn solve_merged(problem: &Problem, opts: &SolveOptions, progress: &mut dyn FnMut(&str)) -> Plan {
    let deadline = Deadline::after(opts.time_limit);
    let tune = Tuning::for_effort(opts.effort);
    let parts = components(problem);
    if problem.max_nodes.is_some() || parts.len() <= 1 {
        return solve_one(problem, &tune, deadline, progress);
    }
    let ng = problem.groups.len();
    let mut nodes: Vec<super::problem::NodeGroup> = Vec::new();
    let mut lower = 0.0;
    let mut unplaced = vec![0u32; ng];
    let count = parts.len();
    for (i, (gs, os)) in parts.into_iter().enumerate() {
        progress(&format!(
            "part {} of {count}: {} groups, {} options",
            i + 1,
            gs.len(),
            os.len()
        ));
        let sub = Problem {
            options: os.iter().map(|&o| problem.options[o].clone()).collect(),
            groups: gs
                .iter()
                .map(|&g| {
                    let mut grp = problem.groups[g].clone();
                    grp.allowed = grp
                        .allowed
                        .iter()
                        .filter_map(|o| os.binary_search(o).ok())
                        .collect();
                    grp
                })
                .collect(),
            max_nodes: None,
            extra_names: problem.extra_names.clone(),
        };
        let plan = solve_one(&sub, &tune, deadline, progress);
        lower += plan.lower_bound;
        for (k, &g) in gs.iter().enumerate() {
            unplaced[g] = plan.unplaced[k];
        }
        for n in plan.node_groups {
            let mut pods = vec![0u32; ng];
            for (k, &g) in gs.iter().enumerate() {
                pods[g] = n.pods[k];
            }
            nodes.push(super::problem::NodeGroup {
                option: os[n.option],
                count: n.count,
                pods,
            });
        }
    }
    nodes.sort_by(|a, b| (a.option, &a.pods).cmp(&(b.option, &b.pods)));
    // No greedy comparison here: the parts share no option, so the greedy never mixes them
    // and its plan is the union of the parts' greedy plans, each already no cheaper than that
    // part's plan ([`solve_one`] starts from it). [`solve`] compares the whole plan once more.
    Plan {
        cost: cost_of(problem, &nodes),
        node_groups: nodes,
        lower_bound: lower,
        unplaced,
    }
}

/// Groups linked by a shared allowed option, with the options they may use (both sorted).
fn components(problem: &Problem) -> Vec<(Vec<usize>, Vec<usize>)> {
    let ng = problem.groups.len();
    let mut parent: Vec<usize> = (0..ng).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut first_group: Vec<Option<usize>> = vec![None; problem.options.len()];
    for (g, grp) in problem.groups.iter().enumerate() {
        for &o in &grp.allowed {
            let Some(slot) = first_group.get_mut(o) else {
                continue;
            };
            match *slot {
                None => *slot = Some(g),
                Some(h) => {
                    let (a, b) = (root(&mut parent, g), root(&mut parent, h));
                    parent[a] = b;
                }
            }
        }
    }
    let mut parts: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for g in 0..ng {
        let r = root(&mut parent, g);
        let i = *index.entry(r).or_insert_with(|| {
            parts.push((Vec::new(), Vec::new()));
            parts.len() - 1
        });
        parts[i].0.push(g);
    }
    for (o, slot) in first_group.iter().enumerate() {
        if let Some(g) = slot {
            let r = root(&mut parent, *g);
            parts[index[&r]].1.push(o);
        }
    }
    parts
}

/// [`solve`] on one connected problem.
fn solve_one(
    problem: &Problem,
    tune: &Tuning,
    deadline: Deadline,
    progress: &mut dyn FnMut(&str),
) -> Plan {
    progress("greedy baseline");
    let baseline = greedy(problem);
    let kept = prune_dominated(problem);
    let ng = problem.groups.len();
    // Groups that fit no allowed option stay unplaced.
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
    let mut lower = resource_bound(problem, &demand_g);
    let cheap = Cheapest::new(problem, &kept);
    progress(&format!(
        "{} of {} options kept after dominance",
        kept.len(),
        problem.options.len()
    ));
    let within = |blocks: &[(Node, u32)]| {
        problem
            .max_nodes
            .is_none_or(|m| block_count(blocks) <= m as u64)
    };

    let mut candidates: Vec<Blocks> = Vec::new();
    // Small problems: the exact optimum by dynamic programming.
    let mut proven = false;
    // The root LP solution and pattern pool, for the branching bound.
    let mut root: Option<LpPlans> = None;
    if let Some(nodes) = exact_cover(problem, &kept, &cheap, &demand_g, problem.max_nodes, BIG) {
        let cost = nodes_cost(problem, &nodes);
        lower = lower.max(cost * (1.0 - 1e-12));
        candidates.push(nodes.into_iter().map(|n| (n, 1)).collect());
        proven = true;
        progress("exact optimum by dynamic programming");
    }
    if !proven {
        let mut lp = lp_plans(
            problem, &kept, &rows, &demand, &cheap, tune, deadline, progress,
        );
        lower = lower.max(lp.lower_bound);
        let plans = std::mem::take(&mut lp.plans);
        root = Some(lp);
        let binding = !plans.iter().any(|n| within(n));
        candidates.extend(plans);
        if let (true, Some(max)) = (binding, problem.max_nodes) {
            // The node limit binds: price each node a little more (a Lagrangian penalty) until
            // the plans fit; `LP(price + lambda) - lambda * max_nodes` is a valid bound too.
            let mean = kept.iter().map(|&o| problem.options[o].price).sum::<f64>()
                / kept.len().max(1) as f64;
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
                let pcheap = Cheapest::new(&penal, &kept);
                let LpPlans {
                    lower_bound: lp,
                    plans,
                    ..
                } = lp_plans(
                    &penal,
                    &kept,
                    &rows,
                    &demand,
                    &pcheap,
                    tune,
                    deadline,
                    &mut |_| {},
                );
                lower = lower.max(lp - lambda * max as f64);
                let fit = plans.iter().any(|n| within(n));
                candidates.extend(plans);
                if fit {
                    break;
                }
                lambda *= 2.0;
            }
        }
    }
    progress("plans built");
    // Re-solve a few nodes at a time (exactly, then by column generation), on the two
    // cheapest plans so far (each search ends in its own local optimum).
    let pods: u64 = demand.iter().map(|&d| d as u64).sum();
    if !proven && pods <= tune.lns_pods {
        let cost = |n: &Vec<Node>| nodes_cost(problem, n);
        let bcost = |b: &Blocks| blocks_cost(problem, b);
        let mut starts: Vec<&Blocks> = candidates.iter().filter(|n| within(n)).collect();
        starts.sort_by(|a, b| bcost(a).total_cmp(&bcost(b)));
        starts.dedup_by(|a, b| (bcost(a) - bcost(b)).abs() < 1e-9);
        let starts: Vec<Vec<Node>> = starts
            .into_iter()
            .take(2)
            .map(|b| expand(b.as_slice()))
            .collect();
        for mut nodes in starts {
            progress(&format!(
                "large-neighbourhood search from {:.4}",
                cost(&nodes)
            ));
            lns(problem, &kept, &cheap, &mut nodes, tune.lns_tries, deadline);
            if let Some(lp) = root.as_mut() {
                lns_lp(
                    problem,
                    &kept,
                    &rows,
                    &cheap,
                    &mut lp.pool,
                    &mut nodes,
                    tune,
                    deadline,
                );
                lns(problem, &kept, &cheap, &mut nodes, tune.lns_tries, deadline);
            }
            improve(problem, &cheap, &mut nodes, deadline);
            progress(&format!("large-neighbourhood search: {:.4}", cost(&nodes)));
            candidates.push(nodes.into_iter().map(|n| (n, 1)).collect());
        }
    }

    let mut best = baseline;
    let total_unplaced = |p: &Plan| p.unplaced.iter().map(|&u| u as u64).sum::<u64>();
    for blocks in candidates {
        if !within(&blocks) {
            continue;
        }
        let node_groups = merge_blocks(&blocks);
        let plan = Plan {
            cost: cost_of(problem, &node_groups),
            node_groups,
            lower_bound: 0.0,
            unplaced: unplaced.clone(),
        };
        let better =
            (total_unplaced(&plan), plan.cost) < (total_unplaced(&best), best.cost - 1e-12);
        if better && super::verify(problem, &plan).is_ok() {
            best = plan;
        }
    }
    // Small plans with a gap: branch on node counts for a stronger bound.
    let gap = best.cost - lower;
    if let Some(LpPlans { solution, pool, .. }) = root
        && best.node_groups.iter().map(|g| g.count as u64).sum::<u64>() <= tune.branch_nodes
        && total_unplaced(&best) == 0
        && gap > 1e-3 * lower
    {
        progress("branching on node counts for the bound");
        lower = branch_bound(
            problem,
            &kept,
            &rows,
            &demand,
            &solution,
            pool.clone(),
            lower,
            tune.branch_rounds,
            deadline,
        );
        if best.cost - lower > 1e-3 * lower {
            progress("branch and price on node counts for the bound");
            lower = bnp_bound(
                problem,
                &kept,
                &rows,
                &demand,
                pool,
                lower,
                best.cost,
                tune.bnp_nodes,
                tune.bnp_rounds,
                deadline,
            );
        }
    }
    best.lower_bound = lower.max(0.0);
    best
}

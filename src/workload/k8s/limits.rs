//! Karpenter NodePool `limits` (cpu, memory) as hard constraints on a plan: a plan whose nodes
//! of a NodePool exceed its limits is replaced by the cheapest one found within them.

use super::convert::K8sInput;
use crate::error::Infeasible;
use crate::fit::model::Model;
use crate::fit::{Plan, Problem, SolveOptions, solve};
use anyhow::Result;

/// vCPUs and memory (MiB) of the plan's nodes of each NodePool that has limits.
fn pool_usage(model: &Model, plan: &Plan, k: &K8sInput) -> Vec<(usize, u64, u64)> {
    k.pools
        .iter()
        .enumerate()
        .filter(|(_, p)| p.limit_cpu_millicores.is_some() || p.limit_memory_bytes.is_some())
        .map(|(i, _)| {
            let (mut cpu, mut mem) = (0u64, 0u64);
            for ng in &plan.node_groups {
                let t = &model.problem.options[ng.option].instance_type;
                // A node belongs to the heaviest NodePool that allows its type.
                let owner = k
                    .pools
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.types.contains(t))
                    .max_by_key(|(j, q)| (q.weight, std::cmp::Reverse(*j)))
                    .map(|(j, _)| j);
                if owner == Some(i) {
                    let info = &model.options[ng.option];
                    cpu += u64::from(ng.count) * u64::from(info.vcpus) * 1000;
                    mem += u64::from(ng.count) * info.memory_mib;
                }
            }
            (i, cpu, mem)
        })
        .collect()
}

/// NodePool limits broken by a plan: `(pool, text)`.
fn over_limits(model: &Model, plan: &Plan, k: &K8sInput) -> Vec<String> {
    let mut out = Vec::new();
    for (i, cpu, mem) in pool_usage(model, plan, k) {
        let p = &k.pools[i];
        if let Some(l) = p.limit_cpu_millicores.filter(|&l| cpu > l) {
            out.push(format!(
                "NodePool {} limits cpu to {} vCPU, the plan needs {} ({} over)",
                super::shown(&p.name),
                l as f64 / 1000.0,
                cpu / 1000,
                (cpu - l) as f64 / 1000.0
            ));
        }
        if let Some(l) = p.limit_memory_bytes.map(|b| b >> 20).filter(|&l| mem > l) {
            out.push(format!(
                "NodePool {} limits memory to {} MiB, the plan needs {} MiB ({} MiB over)",
                super::shown(&p.name),
                l,
                mem,
                mem - l
            ));
        }
    }
    out
}

/// Makes the plan respect the NodePool limits: when the cheapest plan breaks one, re-solves
/// with each vCPU and GiB priced higher (a Lagrangian penalty, doubled up to 12 times) and keeps
/// the cheapest plan (at real prices) within the limits. The lower bound stays the one of the
/// problem without limits (still valid: limits only remove plans). Infeasible (exit 1) when no
/// penalty finds a plan within the limits.
pub fn enforce_limits(
    model: &Model,
    plan: Plan,
    k: &K8sInput,
    opts: &SolveOptions,
) -> Result<(Plan, Vec<String>)> {
    let over = over_limits(model, &plan, k);
    if over.is_empty() {
        return Ok((plan, Vec::new()));
    }
    // Up to ~30 re-solves, each with the quick effort (work budgets, not time: the same answer
    // on any machine), within what is left of an explicit --time-limit.
    let opts = &SolveOptions {
        stop_at: opts.stop_at,
        effort: crate::fit::Effort::Quick,
    };
    let p = &model.problem;
    let avg_cpu_price = p
        .options
        .iter()
        .zip(&model.options)
        .map(|(o, i)| o.price / f64::from(i.vcpus.max(1)))
        .fold(f64::INFINITY, f64::min);
    // Penalise only what a broken limit counts (vCPUs, memory) on the nodes of its NodePool.
    let (mut cpu_w, mut mem_w) = (vec![0.0; p.options.len()], vec![0.0; p.options.len()]);
    for (i, cpu, mem) in pool_usage(model, &plan, k) {
        let pool = &k.pools[i];
        let cpu_over = pool.limit_cpu_millicores.is_some_and(|l| cpu > l);
        let mem_over = pool.limit_memory_bytes.is_some_and(|l| mem > l >> 20);
        for (o, opt) in p.options.iter().enumerate() {
            if pool.types.contains(&opt.instance_type) {
                if cpu_over {
                    cpu_w[o] = 1.0;
                }
                if mem_over {
                    mem_w[o] = 1.0;
                }
            }
        }
    }
    let mut best: Option<Plan> = None;
    let mut lambda = avg_cpu_price / 8.0;
    for _ in 0..12 {
        let mut q: Problem = p.clone();
        for (o, (opt, info)) in q.options.iter_mut().zip(&model.options).enumerate() {
            opt.price += lambda
                * (cpu_w[o] * f64::from(info.vcpus) + mem_w[o] * info.memory_mib as f64 / 4096.0);
        }
        let mut cand = solve(&q, opts, &mut |_| {});
        cand.cost = cand
            .node_groups
            .iter()
            .map(|ng| f64::from(ng.count) * p.options[ng.option].price)
            .sum();
        cand.lower_bound = plan.lower_bound;
        let complete = cand.unplaced.iter().all(|&u| u == 0);
        if complete && over_limits(model, &cand, k).is_empty() {
            if best.as_ref().is_none_or(|b| cand.cost < b.cost) {
                best = Some(cand);
            }
            break;
        }
        lambda *= 2.0;
    }
    // Heuristic plans favour large nodes: also try capping the node size of the NodePools over
    // their limits, largest cap first.
    let penalised: Vec<bool> = (0..p.options.len())
        .map(|o| cpu_w[o] > 0.0 || mem_w[o] > 0.0)
        .collect();
    let mut sizes: Vec<u32> = (0..p.options.len())
        .filter(|&o| penalised[o])
        .map(|o| model.options[o].vcpus)
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    for &cap in sizes.iter().rev() {
        let mut q: Problem = p.clone();
        for g in &mut q.groups {
            g.allowed
                .retain(|&o| !penalised[o] || model.options[o].vcpus <= cap);
        }
        if q.groups.iter().any(|g| g.allowed.is_empty()) {
            break;
        }
        let mut cand = solve(&q, opts, &mut |_| {});
        cand.lower_bound = plan.lower_bound;
        let complete = cand.unplaced.iter().all(|&u| u == 0);
        if complete
            && over_limits(model, &cand, k).is_empty()
            && best.as_ref().is_none_or(|b| cand.cost < b.cost)
        {
            best = Some(cand);
        }
    }
    match best {
        Some(b) => Ok((
            b,
            vec![format!(
                "the cheapest plan without NodePool limits breaks one ({}); this plan stays within them",
                over.join("; ")
            )],
        )),
        None => {
            let requested: u64 = p
                .groups
                .iter()
                .map(|g| u64::from(g.replicas) * g.cpu_millicores)
                .sum();
            Err(Infeasible(format!(
                "no plan found within the NodePool limits: {} (the pods request {} vCPU, before daemonsets and reserved capacity)",
                over.join("; "),
                requested as f64 / 1000.0
            ))
            .into())
        }
    }
}

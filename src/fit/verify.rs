//! An independent re-check of a plan against its problem.

use super::problem::{Plan, Problem};

/// Re-checks a plan against the problem: capacities (cpu, memory, pods, extra resources),
/// max_per_node, allowed
/// options, every replica placed (or counted in unplaced), max_nodes, and that cost matches.
/// `Err(text)` names the first violation.
pub fn verify(problem: &Problem, plan: &Plan) -> Result<(), String> {
    let ng = problem.groups.len();
    if plan.unplaced.len() != ng {
        return Err(format!(
            "unplaced has {} entries for {ng} groups",
            plan.unplaced.len()
        ));
    }
    let mut placed = vec![0u64; ng];
    let mut nodes = 0u64;
    let mut cost = 0.0;
    for (i, ngp) in plan.node_groups.iter().enumerate() {
        let Some(opt) = problem.options.get(ngp.option) else {
            return Err(format!(
                "node group {i}: option {} does not exist",
                ngp.option
            ));
        };
        let name = format!("node group {i} ({} {})", opt.instance_type, opt.zone);
        if ngp.pods.len() != ng {
            return Err(format!(
                "{name}: {} pod counts for {ng} groups",
                ngp.pods.len()
            ));
        }
        if ngp.count == 0 {
            return Err(format!("{name}: count is 0"));
        }
        let (mut cpu, mut mem, mut pods) = (0u128, 0u128, 0u64);
        let mut extra = vec![0u128; problem.extra_names.len()];
        for (g, &k) in ngp.pods.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let grp = &problem.groups[g];
            if grp.allowed.binary_search(&ngp.option).is_err() {
                return Err(format!("{name}: group {} is not allowed on it", grp.name));
            }
            if let Some(m) = grp.max_per_node
                && k > m
            {
                return Err(format!(
                    "{name}: {k} pods of {} exceed max_per_node {m}",
                    grp.name
                ));
            }
            cpu += k as u128 * grp.cpu_millicores as u128;
            mem += k as u128 * grp.memory_bytes as u128;
            pods += k as u64;
            for (d, e) in extra.iter_mut().enumerate() {
                *e += k as u128 * grp.extra_req(d) as u128;
            }
            placed[g] += k as u64 * ngp.count as u64;
        }
        if cpu > opt.cpu_millicores as u128 {
            return Err(format!(
                "{name}: cpu {cpu}m exceeds {}m",
                opt.cpu_millicores
            ));
        }
        if mem > opt.memory_bytes as u128 {
            return Err(format!(
                "{name}: memory {mem} B exceeds {} B",
                opt.memory_bytes
            ));
        }
        if pods > opt.pods as u64 {
            return Err(format!("{name}: {pods} pods exceed {} slots", opt.pods));
        }
        for (d, &e) in extra.iter().enumerate() {
            if e > opt.extra_cap(d) as u128 {
                return Err(format!(
                    "{name}: {} {e} exceeds {}",
                    problem.extra_names[d],
                    opt.extra_cap(d)
                ));
            }
        }
        nodes += ngp.count as u64;
        cost += ngp.count as f64 * opt.price;
    }
    for (g, grp) in problem.groups.iter().enumerate() {
        let total = placed[g] + plan.unplaced[g] as u64;
        if total != grp.replicas as u64 {
            return Err(format!(
                "group {}: {} placed + {} unplaced != {} replicas",
                grp.name, placed[g], plan.unplaced[g], grp.replicas
            ));
        }
    }
    if let Some(max) = problem.max_nodes
        && nodes > max as u64
    {
        return Err(format!("{nodes} nodes exceed max_nodes {max}"));
    }
    let tol = 1e-9 * cost.abs().max(1.0);
    if (cost - plan.cost).abs() > tol {
        return Err(format!("cost {} != sum of node prices {cost}", plan.cost));
    }
    if plan.lower_bound > plan.cost + tol && plan.unplaced.iter().all(|&u| u == 0) {
        return Err(format!(
            "lower bound {} exceeds the cost {} of a complete plan",
            plan.lower_bound, plan.cost
        ));
    }
    Ok(())
}

//! Today's node groups (`kplan fit --current`): what they cost and whether they hold the
//! workload, packed with the same per-type capacities as the plan.

use crate::catalog::Catalog;
use crate::workload::{CapacityType, Workload};
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;

/// Today's node groups from the text of a `--current` file (`name` in errors): `type: count`
/// (a YAML map) or `type=count` lines.
pub fn parse_current(name: &str, text: &str) -> Result<BTreeMap<String, u32>> {
    let mut out = BTreeMap::new();
    let as_map: Option<BTreeMap<String, i64>> = yaml_serde::from_str(text).ok();
    if let Some(m) = as_map.filter(|m| !m.is_empty()) {
        for (t, n) in m {
            let n =
                u32::try_from(n).map_err(|_| anyhow!("{name}: {t}: {n} is not a node count"))?;
            out.insert(t, n);
        }
        return Ok(out);
    }
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (t, n) = line
            .split_once('=')
            .ok_or_else(|| anyhow!("{name}: line {}: '{line}' is not type=count", i + 1))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| anyhow!("{name}: line {}: '{}' is not a node count", i + 1, n.trim()))?;
        *out.entry(t.trim().to_string()).or_default() += n;
    }
    if out.is_empty() {
        bail!("{name}: no node group (expected lines like m5.xlarge=6)");
    }
    Ok(out)
}

/// Today's fleet against the workload: its cost and whether it holds every pod.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub groups: BTreeMap<String, u32>,
    pub cost: f64,
    pub nodes: u32,
    /// `None` = holds every pod; otherwise why not.
    pub shortfall: Option<String>,
}

/// One of today's nodes while packing: option capacity left, and pods per workload.
struct Bin {
    cpu: u64,
    memory: u64,
    pods: u32,
    /// Workloads allowed on this type (by index into the workload list).
    allowed: Vec<bool>,
    placed: Vec<u32>,
}

/// Prices today's node groups and packs the pods into them (first fit, largest pods first,
/// respecting each workload's allowed types, max per node and pod slots; zones ignored).
/// Capacities come from the same model as the plan, type by type.
pub fn evaluate_current(
    groups: &BTreeMap<String, u32>,
    w: &Workload,
    catalog: &Catalog,
) -> Result<Current> {
    let mut cost = 0.0;
    for (t, n) in groups {
        let it = catalog.lookup(t).map_err(|e| anyhow!("--current: {e}"))?;
        let od = it
            .on_demand
            .get(&w.region)
            .copied()
            .ok_or_else(|| anyhow!("--current: {t} has no on-demand price in {}", w.region))?;
        let price = match w.capacity_type {
            CapacityType::OnDemand => od,
            CapacityType::Spot => it.spot_prices.get(&w.region).copied().unwrap_or(od),
        };
        cost += price * f64::from(*n);
    }
    let nodes = groups.values().sum();
    let mut bins: Vec<Bin> = Vec::new();
    let mut why: Vec<String> = Vec::new();
    for (t, n) in groups {
        // The type alone, one zone, each workload alone (a workload that may not use the type
        // makes the build fail: then it is not allowed there).
        let mut one = w.clone();
        one.zones = 1;
        one.nodes = Default::default();
        one.nodes.instance_types = vec![t.clone()];
        let mut allowed = Vec::with_capacity(w.workloads.len());
        let mut capacity = None;
        for spec in &w.workloads {
            one.workloads = vec![crate::workload::WorkloadSpec {
                spread_zones: false,
                ..spec.clone()
            }];
            match crate::fit::model::build(&one, catalog) {
                Ok(m) => {
                    let o = &m.problem.options[0];
                    capacity = Some((o.cpu_millicores, o.memory_bytes, o.pods));
                    allowed.push(m.problem.groups.iter().any(|g| !g.allowed.is_empty()));
                }
                Err(_) => allowed.push(false),
            }
        }
        let Some((cpu, memory, pods)) = capacity else {
            why.push(format!("{t} can run none of the workloads"));
            continue;
        };
        for _ in 0..*n {
            bins.push(Bin {
                cpu,
                memory,
                pods,
                allowed: allowed.clone(),
                placed: vec![0; w.workloads.len()],
            });
        }
    }
    let mut order: Vec<usize> = (0..w.workloads.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse((w.workloads[i].cpu_millicores, w.workloads[i].memory_bytes))
    });
    let mut unplaced: BTreeMap<String, u32> = BTreeMap::new();
    for i in order {
        let spec = &w.workloads[i];
        for _ in 0..spec.replicas {
            let slot = bins.iter_mut().find(|b| {
                b.allowed[i]
                    && b.cpu >= spec.cpu_millicores
                    && b.memory >= spec.memory_bytes
                    && b.pods >= 1
                    && spec.max_per_node.is_none_or(|m| b.placed[i] < m)
            });
            match slot {
                Some(b) => {
                    b.cpu -= spec.cpu_millicores;
                    b.memory -= spec.memory_bytes;
                    b.pods -= 1;
                    b.placed[i] += 1;
                }
                None => *unplaced.entry(spec.name.clone()).or_default() += 1,
            }
        }
    }
    why.extend(
        unplaced
            .iter()
            .map(|(n, c)| format!("{c} pods of {n} do not fit (first-fit packing)")),
    );
    Ok(Current {
        groups: groups.clone(),
        cost,
        nodes,
        shortfall: (!why.is_empty()).then(|| why.join("; ")),
    })
}

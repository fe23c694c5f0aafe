//! The generated workloads of `cargo bench --bench fit`, shared with the integration tests
//! (which check two of them against optima proven by an independent MILP solver).
// Each user (the benchmark, tests/it/fit_optimum.rs) uses only some of these.
#![allow(dead_code)]

use kplan::catalog::Catalog;
use kplan::fit::{NodeOption, PodGroup, Problem};
use kplan::pods::{CniSettings, KubeletSettings, node_pods};

pub const REGION: &str = "us-east-1";

/// Every type with a us-east-1 on-demand price and known vCPUs (the benchmark's catalog).
pub fn options(catalog: &Catalog) -> Vec<NodeOption> {
    options_with(catalog, Market::default())
}

/// A small deterministic generator (64-bit LCG).
pub struct Rng(u64);
impl Rng {
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

pub fn workload(options: &[NodeOption], pods: u32, groups: u32, seed: u64) -> Problem {
    let mut rng = Rng(seed);
    let cpus = [100u64, 250, 500, 750, 1000, 1500, 2000, 4000];
    let mems = [128u64, 256, 512, 1024, 1536, 2048, 4096, 8192];
    // Split the pods over the groups: every group gets at least one.
    let mut weights: Vec<u64> = (0..groups).map(|_| 1 + rng.next(10)).collect();
    let total: u64 = weights.iter().sum();
    let mut reps: Vec<u32> = weights
        .iter_mut()
        .map(|w| ((*w * pods as u64) / total).max(1) as u32)
        .collect();
    let sum: u32 = reps.iter().sum();
    if sum < pods {
        reps[0] += pods - sum;
    } else {
        let mut extra = sum - pods;
        for r in reps.iter_mut() {
            let d = extra.min(*r - 1);
            *r -= d;
            extra -= d;
        }
    }
    let all: Vec<usize> = (0..options.len()).collect();
    let groups = reps
        .into_iter()
        .enumerate()
        .map(|(i, r)| PodGroup {
            extra: Vec::new(),
            name: format!("w{i}"),
            replicas: r,
            cpu_millicores: cpus[rng.next(cpus.len() as u64) as usize],
            memory_bytes: mems[rng.next(mems.len() as u64) as usize] << 20,
            max_per_node: None,
            allowed: all.clone(),
        })
        .collect();
    Problem {
        extra_names: Vec::new(),
        options: options.to_vec(),
        groups,
        max_nodes: None,
    }
}

/// The seed of the benchmark case with `pods` pods in `groups` groups.
pub fn seed(pods: u32, groups: u32) -> u64 {
    7 + pods as u64 * 31 + groups as u64
}

/// The options of `options_with`: which price, which networking.
#[derive(Debug, Clone, Copy, Default)]
pub struct Market {
    /// Spot prices (the catalog's lowest-zone spot price in the region) instead of on-demand.
    pub spot: bool,
    /// VPC CNI prefix delegation (more pod slots on most types).
    pub prefix_delegation: bool,
}

/// Like [`options`], for a market: every type with a price of that kind and known vCPUs.
pub fn options_with(catalog: &Catalog, market: Market) -> Vec<NodeOption> {
    let cni = CniSettings {
        prefix_delegation: market.prefix_delegation,
        ..CniSettings::default()
    };
    let kubelet = KubeletSettings::default();
    let mut out = Vec::new();
    for t in &catalog.types {
        let prices = if market.spot {
            &t.spot_prices
        } else {
            &t.on_demand
        };
        let (Some(_), Some(&price)) = (t.vcpus, prices.get(REGION)) else {
            continue;
        };
        let Some(a) = node_pods(t, &cni, &kubelet).allocatable else {
            continue;
        };
        if a.cpu_millicores <= 125 || a.memory_mib <= 192 || a.pods <= 2 || price <= 0.0 {
            continue;
        }
        out.push(NodeOption {
            extra: Vec::new(),
            instance_type: t.name.clone(),
            zone: String::new(),
            price,
            cpu_millicores: a.cpu_millicores - 125,
            memory_bytes: (a.memory_mib - 192) << 20,
            pods: a.pods - 2,
        });
    }
    out
}

/// Requests of another shape than [`workload`]'s: CPU 50m to 8 CPU and memory 64Mi to 32Gi in
/// steps of 50m and 64Mi, drawn independently (any ratio of memory to CPU).
pub fn wide_workload(options: &[NodeOption], pods: u32, groups: u32, seed: u64) -> Problem {
    let mut p = workload(options, pods, groups, seed);
    let mut rng = Rng(seed ^ 0x5bd1_e995);
    for g in &mut p.groups {
        g.cpu_millicores = 50 * (1 + rng.next(160));
        g.memory_bytes = (64 * (1 + rng.next(512))) << 20;
    }
    p
}

/// `problem` over `zones` availability zones: every option once per zone, every workload spread
/// evenly (its replicas split over the zones, the first zones taking the remainder), each share
/// allowed only its zone's copies.
pub fn zoned(problem: &Problem, zones: u32) -> Problem {
    if zones <= 1 {
        return problem.clone();
    }
    let n = problem.options.len();
    let labels = ["a", "b", "c", "d", "e", "f"];
    let mut options = Vec::with_capacity(n * zones as usize);
    for label in labels.iter().take(zones as usize) {
        for o in &problem.options {
            options.push(NodeOption {
                zone: label.to_string(),
                ..o.clone()
            });
        }
    }
    let mut groups = Vec::new();
    for g in &problem.groups {
        for z in 0..zones {
            let share = g.replicas / zones + u32::from(z < g.replicas % zones);
            if share == 0 {
                continue;
            }
            let base = z as usize * n;
            groups.push(PodGroup {
                replicas: share,
                allowed: g.allowed.iter().map(|&o| base + o).collect(),
                ..g.clone()
            });
        }
    }
    Problem {
        options,
        groups,
        max_nodes: None,
        extra_names: Vec::new(),
    }
}

//! The generated workloads of `cargo bench --bench fit`, shared with the integration tests
//! (which check two of them against optima proven by an independent MILP solver).

use kplan::catalog::Catalog;
use kplan::fit::{NodeOption, PodGroup, Problem};
use kplan::pods::{CniSettings, KubeletSettings, node_pods};

pub const REGION: &str = "us-east-1";

pub fn options(catalog: &Catalog) -> Vec<NodeOption> {
    let (cni, kubelet) = (CniSettings::default(), KubeletSettings::default());
    let mut out = Vec::new();
    for t in &catalog.types {
        let (Some(_), Some(&price)) = (t.vcpus, t.on_demand.get(REGION)) else {
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

//! `cargo bench --bench fit`: the optimizer on generated workloads against the whole catalog.
//!
//! Workloads of 10 to 10,000 pods in 1 to 50 groups (deterministic pseudo-random requests),
//! every type of the embedded catalog (or `KPLAN_CATALOG`) with a us-east-1 on-demand price and
//! known vCPUs; allocatable from `kplan::pods::node_pods` (the `kplan pods` defaults) minus a
//! daemonset overhead (aws-node + kube-proxy: 125m CPU, 192 MiB, 2 pods).
//! Reports per case the median solve time over several runs, the cost, the bound, the gap and
//! the greedy baseline. Target: 10,000 pods in 50 groups under 1 s (median).

use kplan::catalog::Catalog;
use kplan::fit::{NodeOption, PodGroup, Problem, SolveOptions, greedy, solve, verify};
use kplan::pods::{CniSettings, KubeletSettings, node_pods};
use std::time::{Duration, Instant};

const REGION: &str = "us-east-1";

fn options(catalog: &Catalog) -> Vec<NodeOption> {
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
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn workload(options: &[NodeOption], pods: u32, groups: u32, seed: u64) -> Problem {
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
            name: format!("w{i}"),
            replicas: r,
            cpu_millicores: cpus[rng.next(cpus.len() as u64) as usize],
            memory_bytes: mems[rng.next(mems.len() as u64) as usize] << 20,
            max_per_node: None,
            allowed: all.clone(),
        })
        .collect();
    Problem {
        options: options.to_vec(),
        groups,
        max_nodes: None,
    }
}

fn main() {
    let path = std::env::var_os("KPLAN_CATALOG").map(std::path::PathBuf::from);
    let catalog = Catalog::from_option(path.as_deref()).expect("catalog loads");
    let opts = options(&catalog);
    println!(
        "catalog: {} types, {} with a {REGION} on-demand price and known vCPUs",
        catalog.types.len(),
        opts.len()
    );
    if let Ok(t) = std::env::var("KPLAN_FIT_TRACE") {
        let v: Vec<u32> = t.split(',').filter_map(|x| x.parse().ok()).collect();
        trace(&opts, v[0], v[1]);
        return;
    }
    let cases: &[(u32, u32)] = &[
        (10, 1),
        (10, 5),
        (100, 1),
        (100, 5),
        (100, 20),
        (1000, 5),
        (1000, 20),
        (1000, 50),
        (10_000, 1),
        (10_000, 5),
        (10_000, 20),
        (10_000, 50),
    ];
    println!(
        "{:>6} {:>6} {:>10} {:>12} {:>12} {:>8} {:>12} {:>8} {:>6}",
        "pods", "groups", "median", "usd/h", "bound", "gap", "greedy", "saving", "nodes"
    );
    for &(pods, groups) in cases {
        let problem = workload(&opts, pods, groups, 7 + pods as u64 * 31 + groups as u64);
        let runs = if pods >= 10_000 { 5 } else { 7 };
        let mut times: Vec<Duration> = Vec::new();
        let mut plan = None;
        for _ in 0..runs {
            let t = Instant::now();
            let p = solve(&problem, &SolveOptions::default(), &mut |_| {});
            times.push(t.elapsed());
            plan = Some(p);
        }
        let plan = plan.expect("ran");
        verify(&problem, &plan).expect("plan is feasible");
        times.sort();
        let median = times[times.len() / 2];
        let g = greedy(&problem);
        let gap = (plan.cost - plan.lower_bound) / plan.lower_bound;
        let nodes: u32 = plan.node_groups.iter().map(|n| n.count).sum();
        println!(
            "{:>6} {:>6} {:>8.1}ms {:>12.4} {:>12.4} {:>7.2}% {:>12.4} {:>7.1}% {:>6}",
            pods,
            groups,
            median.as_secs_f64() * 1000.0,
            plan.cost,
            plan.lower_bound,
            gap * 100.0,
            g.cost,
            (g.cost - plan.cost) / g.cost * 100.0,
            nodes
        );
    }
}

/// `KPLAN_FIT_TRACE=pods,groups`: one solve with timed progress messages (for profiling).
fn trace(opts: &[NodeOption], pods: u32, groups: u32) {
    let problem = workload(opts, pods, groups, 7 + pods as u64 * 31 + groups as u64);
    let t = Instant::now();
    let plan = solve(&problem, &SolveOptions::default(), &mut |s| {
        eprintln!("{:>8.1}ms {s}", t.elapsed().as_secs_f64() * 1000.0)
    });
    eprintln!("cost {} bound {}", plan.cost, plan.lower_bound);
    for n in &plan.node_groups {
        let pods: Vec<String> = n
            .pods
            .iter()
            .enumerate()
            .filter(|(_, k)| **k > 0)
            .map(|(g, k)| format!("{g}:{k}"))
            .collect();
        eprintln!(
            "  {} x {} {:.4} {{{}}}",
            n.count,
            problem.options[n.option].instance_type,
            problem.options[n.option].price,
            pods.join(", ")
        );
    }
}

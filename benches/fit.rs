//! `cargo bench --bench fit`: the optimizer on generated workloads against the whole catalog.
//!
//! Workloads of 10 to 10,000 pods in 1 to 50 groups (deterministic pseudo-random requests),
//! every type of the embedded catalog (or `KPLAN_CATALOG`) with a us-east-1 on-demand price and
//! known vCPUs; allocatable from `kplan::pods::node_pods` (the `kplan pods` defaults) minus a
//! daemonset overhead (aws-node + kube-proxy: 125m CPU, 192 MiB, 2 pods).
//! Reports per case the median solve time over several runs, the cost, the bound, the gap and
//! the greedy baseline. Target: 10,000 pods in 50 groups under 1 s (median).

use kplan::catalog::Catalog;
use kplan::fit::{NodeOption, SolveOptions, greedy, solve, verify};
use std::time::{Duration, Instant};

mod common;
use common::workload::{REGION, options, seed, workload};

fn main() {
    let path = std::env::var_os("KPLAN_CATALOG").map(std::path::PathBuf::from);
    let catalog = Catalog::from_option(path.as_deref()).expect("catalog loads");
    let opts = options(&catalog);
    println!(
        "catalog: {} types, {} with a {REGION} on-demand price and known vCPUs",
        catalog.types.len(),
        opts.len()
    );
    if std::env::var_os("KPLAN_FIT_SWEEP").is_some() {
        sweep(&opts);
        return;
    }
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
        let problem = workload(&opts, pods, groups, seed(pods, groups));
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

/// `KPLAN_FIT_SWEEP=1`: the gap on 40 more generated workloads of 100 to 1,000 pods (8 seeds
/// of each size, other than the main table's), one solve each: how often it exceeds 1%.
fn sweep(opts: &[NodeOption]) {
    let sizes = [(100u32, 10u32), (100, 20), (200, 20), (500, 30), (1000, 50)];
    let (mut over, mut worst, mut total) = (0, 0.0f64, 0);
    for (pods, groups) in sizes {
        let mut cells = Vec::new();
        for k in 0..8u64 {
            let problem = workload(opts, pods, groups, 1000 + k * 7919 + pods as u64);
            let t = Instant::now();
            let plan = solve(&problem, &SolveOptions::default(), &mut |_| {});
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            verify(&problem, &plan).expect("plan is feasible");
            let gap = (plan.cost - plan.lower_bound) / plan.lower_bound;
            total += 1;
            if gap > 0.01 {
                over += 1;
            }
            worst = worst.max(gap);
            cells.push(format!("{:.2}% {:.0}ms", gap * 100.0, ms));
        }
        println!("{pods:>5} pods {groups:>3} groups: {}", cells.join(" | "));
    }
    println!(
        "{over} of {total} above 1%; largest gap {:.2}%",
        worst * 100.0
    );
}

/// `KPLAN_FIT_TRACE=pods,groups`: one solve with timed progress messages (for profiling).
fn trace(opts: &[NodeOption], pods: u32, groups: u32) {
    let problem = workload(opts, pods, groups, seed(pods, groups));
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

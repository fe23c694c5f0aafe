//! `cargo bench --bench fit`: the optimizer on generated workloads against the whole catalog.
//!
//! Every type of the embedded catalog (or `KPLAN_CATALOG`) with a us-east-1 price and known
//! vCPUs; allocatable from `kplan::pods::node_pods` (the `kplan pods` defaults) minus a
//! daemonset overhead (aws-node + kube-proxy: 125m CPU, 192 MiB, 2 pods); deterministic
//! pseudo-random requests (`benches/common/workload.rs`).
//!
//! By default the grid: pods {1k, 10k, 100k, 1M} x workloads {10, 50, 200, 1000} x zones
//! {1, 3}, plus spot, prefix-delegation, other-shape and `--time-limit 2s` cells. Each cell
//! runs in a child process (its peak memory is the child's), reporting the median solve time
//! over `KPLAN_FIT_RUNS` runs (default 3), peak resident memory, cost, bound, gap, greedy
//! baseline and nodes. Arguments after `--` select cells by substring
//! (`cargo bench --bench fit -- 10000/50/ 100000/1000/3`).
//! `KPLAN_FIT_TABLE=1`: the earlier table of 10 to 10,000 pods in 1 to 50 groups.

use kplan::catalog::Catalog;
use kplan::fit::{Effort, NodeOption, Problem, SolveOptions, greedy, solve, verify};
use std::time::{Duration, Instant};

mod common;
use common::workload::{
    Market, REGION, options, options_with, seed, wide_workload, workload, zoned,
};

fn main() {
    let path = std::env::var_os("KPLAN_CATALOG").map(std::path::PathBuf::from);
    let catalog = Catalog::from_option(path.as_deref()).expect("catalog loads");
    if let Ok(cell) = std::env::var("KPLAN_FIT_ONE") {
        run_cell(&catalog, &cell);
        return;
    }
    let opts = options(&catalog);
    println!(
        "catalog: {} types, {} with a {REGION} on-demand price and known vCPUs",
        catalog.types.len(),
        opts.len()
    );
    if std::env::var_os("KPLAN_FIT_TABLE").is_none()
        && std::env::var_os("KPLAN_FIT_SWEEP").is_none()
        && std::env::var_os("KPLAN_FIT_TRACE").is_none()
    {
        grid();
        return;
    }
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

/// The grid's cells: `pods/workloads/zones`, with a suffix for the other markets and shapes.
fn cells() -> Vec<String> {
    let mut v = Vec::new();
    for pods in [1_000u32, 10_000, 100_000, 1_000_000] {
        for w in [10u32, 50, 200, 1000] {
            for z in [1u32, 3] {
                v.push(format!("{pods}/{w}/{z}"));
            }
        }
    }
    for extra in [
        "10000/50/3/spot",
        "10000/50/3/prefix",
        "10000/50/1/wide",
        "10000/50/3/wide",
        "100000/1000/3/limit2s",
    ] {
        v.push(extra.to_string());
    }
    v
}

/// Runs the selected cells, each in a child process.
fn grid() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let exe = std::env::current_exe().expect("own path");
    println!(
        "{:<22} {:>10} {:>9} {:>14} {:>14} {:>7} {:>14} {:>8}",
        "cell", "median", "peak", "usd/h", "bound", "gap", "greedy", "nodes"
    );
    for cell in cells() {
        if !filters.is_empty() && !filters.iter().any(|f| cell.contains(f.as_str())) {
            continue;
        }
        let out = std::process::Command::new(&exe)
            .env("KPLAN_FIT_ONE", &cell)
            .output()
            .expect("child runs");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            println!(
                "{cell}: failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
    }
}

/// The problem of a cell and its time limit.
fn cell_problem(catalog: &Catalog, cell: &str) -> (Problem, Option<Duration>) {
    let parts: Vec<&str> = cell.split('/').collect();
    let num = |i: usize| parts[i].parse::<u32>().expect("a number");
    let (pods, w, z) = (num(0), num(1), num(2));
    let tag = parts.get(3).copied().unwrap_or("");
    let market = Market {
        spot: tag == "spot",
        prefix_delegation: tag == "prefix",
    };
    let opts = options_with(catalog, market);
    let base = if tag == "wide" {
        wide_workload(&opts, pods, w, seed(pods, w))
    } else {
        workload(&opts, pods, w, seed(pods, w))
    };
    let limit = (tag == "limit2s").then(|| Duration::from_secs(2));
    (zoned(&base, z), limit)
}

/// Peak resident memory of this process (Linux `VmHWM`), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// One cell (in the child process): one line of figures.
fn run_cell(catalog: &Catalog, cell: &str) {
    let (problem, limit) = cell_problem(catalog, cell);
    let runs: usize = std::env::var("KPLAN_FIT_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut times = Vec::new();
    let mut plan = None;
    for _ in 0..runs {
        let t = Instant::now();
        let opts = SolveOptions::within(limit, Effort::Normal);
        // `KPLAN_FIT_PROGRESS=1`: the solver's progress lines with their times, on stderr.
        let show = std::env::var_os("KPLAN_FIT_PROGRESS").is_some();
        plan = Some(solve(&problem, &opts, &mut |s| {
            if show {
                eprintln!("{:>8.1}ms {s}", t.elapsed().as_secs_f64() * 1000.0)
            }
        }));
        times.push(t.elapsed());
    }
    let plan = plan.expect("ran");
    verify(&problem, &plan).expect("plan is feasible");
    times.sort();
    let median = times[times.len() / 2];
    let g = greedy(&problem);
    let gap = (plan.cost - plan.lower_bound) / plan.lower_bound;
    let nodes: u64 = plan.node_groups.iter().map(|n| n.count as u64).sum();
    println!(
        "{:<22} {:>8.0}ms {:>6.0}MiB {:>14.4} {:>14.4} {:>6.2}% {:>14.4} {:>8}",
        cell,
        median.as_secs_f64() * 1000.0,
        peak_mib(),
        plan.cost,
        plan.lower_bound,
        gap * 100.0,
        g.cost,
        nodes
    );
}

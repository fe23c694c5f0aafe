//! Tests of the optimizer: feasibility on generated problems (proptest), optimality against
//! brute force on tiny ones, and the gap on realistic ones.

use super::*;
use proptest::prelude::*;

const GIB: u64 = 1 << 30;

fn opt(name: &str, price: f64, cpu: u64, mem: u64, pods: u32) -> NodeOption {
    NodeOption {
        instance_type: name.into(),
        zone: String::new(),
        price,
        cpu_millicores: cpu,
        memory_bytes: mem,
        pods,
    }
}

/// A catalog shaped like EC2's: c/m/r families (2/4/8 GiB per vCPU), sizes 2 to 96 vCPUs,
/// price proportional to size, allocatable a bit below capacity.
pub(crate) fn ec2_like() -> Vec<NodeOption> {
    let mut v = Vec::new();
    for (fam, gib, per_vcpu) in [("c6i", 2, 0.0425), ("m6i", 4, 0.048), ("r6i", 8, 0.063)] {
        for (size, vcpus) in [
            ("large", 2u64),
            ("xlarge", 4),
            ("2xlarge", 8),
            ("4xlarge", 16),
            ("8xlarge", 32),
            ("12xlarge", 48),
            ("16xlarge", 64),
            ("24xlarge", 96),
        ] {
            let pods = if vcpus <= 2 {
                29
            } else if vcpus <= 8 {
                58
            } else {
                234
            };
            v.push(opt(
                &format!("{fam}.{size}"),
                per_vcpu * vcpus as f64,
                vcpus * 1000 - 70 - 10 * vcpus,
                vcpus * gib * GIB * 9 / 10 - GIB / 2,
                pods.min(if vcpus <= 30 { 110 } else { 250 }) - 3,
            ));
        }
    }
    v
}

/// Exact optimum by exhaustive search: every way to put pods on nodes, each node launched as
/// its cheapest holding option. `None` when no complete plan exists within `max_nodes`.
fn brute_force(p: &Problem) -> Option<f64> {
    let mut pods: Vec<usize> = Vec::new();
    for (g, grp) in p.groups.iter().enumerate() {
        pods.extend(std::iter::repeat_n(g, grp.replicas as usize));
    }
    let ng = p.groups.len();
    let cheapest = |n: &[u32]| {
        (0..p.options.len())
            .filter(|&o| util::holds(p, o, n))
            .map(|o| p.options[o].price)
            .fold(f64::INFINITY, f64::min)
    };
    fn go(
        p: &Problem,
        pods: &[usize],
        k: usize,
        nodes: &mut Vec<Vec<u32>>,
        cheapest: &dyn Fn(&[u32]) -> f64,
        best: &mut f64,
        ng: usize,
    ) {
        if p.max_nodes.is_some_and(|m| nodes.len() > m as usize) {
            return;
        }
        if k == pods.len() {
            let c: f64 = nodes.iter().map(|n| cheapest(n)).sum();
            if c < *best {
                *best = c;
            }
            return;
        }
        let g = pods[k];
        for i in 0..nodes.len() {
            nodes[i][g] += 1;
            if cheapest(&nodes[i]).is_finite() {
                go(p, pods, k + 1, nodes, cheapest, best, ng);
            }
            nodes[i][g] -= 1;
        }
        let mut n = vec![0; ng];
        n[g] = 1;
        if cheapest(&n).is_finite() {
            nodes.push(n);
            go(p, pods, k + 1, nodes, cheapest, best, ng);
            nodes.pop();
        }
    }
    let mut best = f64::INFINITY;
    go(p, &pods, 0, &mut Vec::new(), &cheapest, &mut best, ng);
    best.is_finite().then_some(best)
}

/// Tiny problems: 2-4 options, 1-3 groups, a handful of pods.
fn tiny_problem() -> impl Strategy<Value = Problem> {
    let option = (1u64..=8, 1u64..=8, 1u32..=6, 1u32..=40).prop_map(|(cpu, mem, pods, price)| {
        opt("t", price as f64 / 10.0, cpu * 500, mem * GIB, pods)
    });
    let options = prop::collection::vec(option, 2..=4);
    let grp = (
        1u32..=3,
        1u64..=6,
        1u64..=6,
        prop::option::of(1u32..=3),
        prop::collection::vec(any::<bool>(), 4),
    );
    let groups = prop::collection::vec(grp, 1..=3);
    (options, groups, prop::option::of(1u32..=4)).prop_map(|(options, groups, max_nodes)| {
        let n = options.len();
        let mut groups: Vec<PodGroup> = groups
            .into_iter()
            .enumerate()
            .map(|(i, (r, cpu, mem, mpn, allow))| {
                let mut allowed: Vec<usize> = (0..n).filter(|&o| allow[o]).collect();
                if allowed.is_empty() {
                    allowed.push(i % n);
                }
                PodGroup {
                    name: format!("g{i}"),
                    replicas: r,
                    cpu_millicores: cpu * 400,
                    memory_bytes: mem * GIB / 2,
                    max_per_node: mpn,
                    allowed,
                }
            })
            .collect();
        // Keep the brute force small: at most 7 pods.
        let mut total = 0;
        for g in groups.iter_mut() {
            g.replicas = g.replicas.min(7 - total).max(1);
            total += g.replicas;
        }
        Problem {
            options,
            groups,
            max_nodes,
        }
    })
}

/// Medium problems on the EC2-like catalog, for feasibility.
fn medium_problem() -> impl Strategy<Value = Problem> {
    let grp = (
        1u32..=60,
        prop::sample::select(vec![50u64, 100, 250, 500, 1000, 2000, 4000, 7000]),
        prop::sample::select(vec![64u64, 256, 512, 1024, 2048, 4096, 8192, 16384]),
        prop::option::of(1u32..=10),
        0usize..4,
    );
    (
        prop::collection::vec(grp, 1..=6),
        prop::option::of(5u32..=40),
    )
        .prop_map(|(gs, max_nodes)| {
            let options = ec2_like();
            let n = options.len();
            let groups = gs
                .into_iter()
                .enumerate()
                .map(|(i, (r, cpu, mib, mpn, fam))| PodGroup {
                    name: format!("g{i}"),
                    replicas: r,
                    cpu_millicores: cpu,
                    memory_bytes: mib << 20,
                    max_per_node: mpn,
                    // 0: everything; 1-3: one family only.
                    allowed: if fam == 0 {
                        (0..n).collect()
                    } else {
                        ((fam - 1) * 8..fam * 8).collect()
                    },
                })
                .collect();
            Problem {
                options,
                groups,
                max_nodes,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn tiny_plans_are_optimal(p in tiny_problem()) {
        let plan = solve(&p, &SolveOptions::default(), &mut |_| {});
        prop_assert!(verify(&p, &plan).is_ok(), "{:?}", verify(&p, &plan));
        let exact = brute_force(&p);
        match exact {
            Some(best) => {
                prop_assert!(plan.unplaced.iter().all(|&u| u == 0), "unplaced {:?}", plan.unplaced);
                prop_assert!((plan.cost - best).abs() < 1e-9, "plan {} vs optimum {best}", plan.cost);
                prop_assert!(plan.lower_bound <= best + 1e-9);
            }
            None => prop_assert!(plan.unplaced.iter().any(|&u| u > 0)),
        }
        let g = greedy(&p);
        prop_assert!(verify(&p, &g).is_ok(), "{:?}", verify(&p, &g));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn plans_are_feasible_and_no_worse_than_greedy(p in medium_problem()) {
        let plan = solve(&p, &SolveOptions::default(), &mut |_| {});
        prop_assert!(verify(&p, &plan).is_ok(), "{:?}", verify(&p, &plan));
        let g = greedy(&p);
        prop_assert!(verify(&p, &g).is_ok(), "{:?}", verify(&p, &g));
        let unplaced = |x: &Plan| x.unplaced.iter().sum::<u32>();
        prop_assert!(unplaced(&plan) <= unplaced(&g));
        if unplaced(&plan) == unplaced(&g) {
            prop_assert!(plan.cost <= g.cost + 1e-9, "plan {} greedy {}", plan.cost, g.cost);
        }
        if unplaced(&plan) == 0 {
            prop_assert!(plan.lower_bound <= plan.cost + 1e-9);
        }
    }
}

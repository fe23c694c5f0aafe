//! Unit tests of the phases, each against a figure computed by hand or by the brute force of
//! `fit::tests`.

use super::blocks::{block_count, compact, expand};
use super::bound::resource_bound;
use super::exact_cover::{BIG, exact_cover};
use super::improve::improve;
use super::options::{Cheapest, prune_dominated};
use super::parts::{components, join, solve_each, sub_problem};
use super::rounding::lp_plans;
use super::{solve_one, total_unplaced};
use crate::fit::problem::{PodGroup, Problem};
use crate::fit::tests::{brute_force, opt, realistic, tiny_problem};
use crate::fit::tuning::{Deadline, Tuning};
use crate::fit::util::{Node, holds, nodes_cost};
use crate::fit::verify;
use proptest::prelude::*;

const GIB: u64 = 1 << 30;

fn group(name: &str, replicas: u32, cpu: u64, mem_gib: u64, allowed: Vec<usize>) -> PodGroup {
    PodGroup {
        name: name.into(),
        replicas,
        cpu_millicores: cpu,
        memory_bytes: mem_gib * GIB,
        max_per_node: None,
        extra: Vec::new(),
        allowed,
    }
}

/// Two 4-vCPU options and one 2-vCPU option; `a` and `b` share option 1, `c` runs alone on 2.
fn three_groups() -> Problem {
    Problem {
        options: vec![
            opt("x4", 0.20, 4000, 16 * GIB, 110),
            opt("y4", 0.19, 4000, 16 * GIB, 110),
            opt("z2", 0.10, 2000, 8 * GIB, 29),
        ],
        groups: vec![
            group("a", 3, 1000, 2, vec![0, 1]),
            group("b", 2, 500, 1, vec![1]),
            group("c", 4, 1000, 1, vec![2]),
        ],
        max_nodes: None,
        extra_names: Vec::new(),
    }
}

#[test]
fn components_split_groups_that_share_no_option() {
    let parts = components(&three_groups());
    assert_eq!(parts, vec![(vec![0, 1], vec![0, 1]), (vec![2], vec![2])]);
}

#[test]
fn parts_solved_apart_join_into_the_whole_plan() {
    let p = three_groups();
    let parts = components(&p);
    let subs: Vec<Problem> = parts.iter().map(|(g, o)| sub_problem(&p, g, o)).collect();
    assert_eq!(
        subs[1].groups[0].allowed,
        vec![0],
        "option 2 renumbered to 0"
    );
    let one = |_: usize, q: &Problem, pr: &mut dyn FnMut(&str)| {
        solve_one(q, &Tuning::default(), Deadline::NONE, pr)
    };
    let plans = solve_each(&subs, 2, &one, &mut |_| {});
    let whole = join(&p, &parts, plans);
    verify(&p, &whole).unwrap();
    // a (3 x 1 CPU) and b (2 x 0.5 CPU) fill one y4 (4 CPU, 0.19); c (4 x 1 CPU) two z2
    // (2 CPU each, 0.10): 0.39 in all, and nothing cheaper holds 8 CPU of requests here.
    assert!((whole.cost - 0.39).abs() < 1e-9, "{}", whole.cost);
    assert!(whole.lower_bound <= whole.cost + 1e-9);
}

#[test]
fn parts_give_the_same_plans_on_one_thread_or_two() {
    let p = crate::fit::tests::zoned_copy(&realistic(600, 12, 5), 3);
    let parts = components(&p);
    assert_eq!(parts.len(), 3);
    let subs: Vec<Problem> = parts.iter().map(|(g, o)| sub_problem(&p, g, o)).collect();
    let one = |_: usize, q: &Problem, pr: &mut dyn FnMut(&str)| {
        solve_one(q, &Tuning::default(), Deadline::NONE, pr)
    };
    let serial = solve_each(&subs, 1, &one, &mut |_| {});
    let parallel = solve_each(&subs, 2, &one, &mut |_| {});
    assert_eq!(serial, parallel);
}

#[test]
fn resource_bound_is_the_cheapest_cpu_share() {
    // 10 pods of 1 CPU / 1 GiB on x4 (0.20 for 4 CPU, 16 GiB, 110 pods) or y4 (0.19): CPU
    // 10 x 1000 x 0.19 / 4000 = 0.475; memory 10 x 0.19 / 16 = 0.11875; slots 10 x 0.19 / 110.
    let mut p = three_groups();
    p.groups = vec![group("a", 10, 1000, 1, vec![0, 1])];
    let b = resource_bound(&p, &[10]);
    assert!((b - 0.475).abs() < 1e-6, "{b}");
}

#[test]
fn dominated_options_are_pruned() {
    // Among options that the same groups may use: y4 is x4 at a lower price, so x4 goes; z2
    // is smaller, kept. With b allowed on y4 only, x4 and y4 serve other group sets: both kept.
    let mut p = three_groups();
    p.groups[1].allowed = vec![0, 1];
    assert_eq!(prune_dominated(&p), vec![1, 2]);
    assert_eq!(prune_dominated(&three_groups()), vec![0, 1, 2]);
}

#[test]
fn improve_merges_two_half_full_nodes() {
    // Two x4 nodes each with 2 pods of 1 CPU (0.40) become one y4 with 4 (0.19).
    let mut p = three_groups();
    p.groups = vec![group("a", 4, 1000, 1, vec![0, 1])];
    let kept = prune_dominated(&p);
    let cheap = Cheapest::new(&p, &kept);
    let mut nodes = vec![
        Node {
            option: 0,
            pods: vec![2],
        },
        Node {
            option: 0,
            pods: vec![2],
        },
    ];
    improve(&p, &cheap, &mut nodes, Deadline::NONE);
    assert_eq!(
        nodes,
        vec![Node {
            option: 1,
            pods: vec![4]
        }]
    );
    assert!((nodes_cost(&p, &nodes) - 0.19).abs() < 1e-12);
}

#[test]
fn blocks_compact_and_expand() {
    let n = |o: usize, k: u32| Node {
        option: o,
        pods: vec![k],
    };
    let b = compact(vec![(n(0, 1), 2), (n(1, 2), 1), (n(0, 1), 3)]);
    assert_eq!(block_count(&b), 6);
    assert_eq!(expand(&b).iter().filter(|x| **x == n(0, 1)).count(), 5);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// The exact cover equals the brute force's optimum; the LP plans are feasible and their
    /// bound is below that optimum.
    #[test]
    fn exact_cover_and_lp_plans_against_brute_force(mut p in tiny_problem()) {
        p.max_nodes = None;
        let ng = p.groups.len();
        let kept = prune_dominated(&p);
        let cheap = Cheapest::new(&p, &kept);
        let demand: Vec<u32> = p.groups.iter().map(|g| g.replicas).collect();
        let fits = |g: usize| kept.iter().any(|&o| crate::fit::colgen::fit_alone(&p, o, g) > 0);
        let rows: Vec<usize> = (0..ng).filter(|&g| fits(g)).collect();
        prop_assume!(rows.len() == ng);
        let Some(best) = brute_force(&p) else { return Ok(()) };
        if let Some(nodes) = exact_cover(&p, &kept, &cheap, &demand, None, BIG) {
            prop_assert!((nodes_cost(&p, &nodes) - best).abs() < 1e-9);
        }
        let lp = lp_plans(&p, &kept, &rows, &demand, &cheap, &Tuning::default(), Deadline::NONE, &mut |_| {});
        prop_assert!(lp.lower_bound <= best + 1e-9, "bound {} > optimum {best}", lp.lower_bound);
        for plan in &lp.plans {
            let nodes = expand(plan);
            let mut placed = vec![0u32; ng];
            for n in &nodes {
                prop_assert!(holds(&p, n.option, &n.pods));
                for (x, k) in placed.iter_mut().zip(&n.pods) {
                    *x += k;
                }
            }
            prop_assert_eq!(&placed, &demand);
            prop_assert!(nodes_cost(&p, &nodes) >= best - 1e-9);
        }
        let whole = solve_one(&p, &Tuning::default(), Deadline::NONE, &mut |_| {});
        prop_assert_eq!(total_unplaced(&whole), 0);
        verify(&p, &whole).unwrap();
        prop_assert!(whole.cost >= best - 1e-9 && whole.lower_bound <= best + 1e-9);
    }
}

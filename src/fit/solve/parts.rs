//! Independent parts of a problem: groups linked by a shared allowed option.

use crate::fit::problem::{NodeGroup, Plan, Problem};
use crate::fit::util::cost_of;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

/// Groups linked by a shared allowed option, with the options they may use (both sorted).
pub(super) fn components(problem: &Problem) -> Vec<(Vec<usize>, Vec<usize>)> {
    let ng = problem.groups.len();
    let mut parent: Vec<usize> = (0..ng).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut first_group: Vec<Option<usize>> = vec![None; problem.options.len()];
    for (g, grp) in problem.groups.iter().enumerate() {
        for &o in &grp.allowed {
            let Some(slot) = first_group.get_mut(o) else {
                continue;
            };
            match *slot {
                None => *slot = Some(g),
                Some(h) => {
                    let (a, b) = (root(&mut parent, g), root(&mut parent, h));
                    parent[a] = b;
                }
            }
        }
    }
    let mut parts: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for g in 0..ng {
        let r = root(&mut parent, g);
        let i = *index.entry(r).or_insert_with(|| {
            parts.push((Vec::new(), Vec::new()));
            parts.len() - 1
        });
        parts[i].0.push(g);
    }
    for (o, slot) in first_group.iter().enumerate() {
        if let Some(g) = slot {
            let r = root(&mut parent, *g);
            parts[index[&r]].1.push(o);
        }
    }
    parts
}

/// One part as a problem of its own: its groups (allowed options renumbered) and options.
pub(super) fn sub_problem(problem: &Problem, groups: &[usize], options: &[usize]) -> Problem {
    Problem {
        options: options
            .iter()
            .map(|&o| problem.options[o].clone())
            .collect(),
        groups: groups
            .iter()
            .map(|&g| {
                let mut grp = problem.groups[g].clone();
                grp.allowed = (grp.allowed.iter())
                    .filter_map(|o| options.binary_search(o).ok())
                    .collect();
                grp
            })
            .collect(),
        max_nodes: None,
        extra_names: problem.extra_names.clone(),
    }
}

/// The parts' plans put back together in the whole problem's numbering; their bounds add up.
pub(super) fn join(
    problem: &Problem,
    parts: &[(Vec<usize>, Vec<usize>)],
    plans: Vec<Plan>,
) -> Plan {
    let ng = problem.groups.len();
    let mut nodes: Vec<NodeGroup> = Vec::new();
    let mut lower = 0.0;
    let mut unplaced = vec![0u32; ng];
    for ((gs, os), plan) in parts.iter().zip(plans) {
        lower += plan.lower_bound;
        for (k, &g) in gs.iter().enumerate() {
            unplaced[g] = plan.unplaced[k];
        }
        for n in plan.node_groups {
            let mut pods = vec![0u32; ng];
            for (k, &g) in gs.iter().enumerate() {
                pods[g] = n.pods[k];
            }
            nodes.push(NodeGroup {
                option: os[n.option],
                count: n.count,
                pods,
            });
        }
    }
    nodes.sort_by(|a, b| (a.option, &a.pods).cmp(&(b.option, &b.pods)));
    Plan {
        cost: cost_of(problem, &nodes),
        node_groups: nodes,
        lower_bound: lower,
        unplaced,
    }
}

/// How [`solve_each`] solves one part (its index, the part, its progress).
pub(super) type PartSolver<'a> = dyn Fn(usize, &Problem, &mut dyn FnMut(&str)) -> Plan + Sync + 'a;

/// Solves each problem with `solve` on up to `threads` threads; the plans come back in the
/// problems' order, so the answer does not depend on which thread finishes first. Progress
/// messages, prefixed by their part, reach `progress` on the calling thread.
pub(super) fn solve_each(
    problems: &[Problem],
    threads: usize,
    solve: &PartSolver<'_>,
    progress: &mut dyn FnMut(&str),
) -> Vec<Plan> {
    let count = problems.len();
    let next = AtomicUsize::new(0);
    let plans: Mutex<Vec<Option<Plan>>> = Mutex::new(vec![None; count]);
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, count.max(1)) {
            let tx = tx.clone();
            let (next, plans) = (&next, &plans);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = problems.get(i) else { break };
                    let head = format!("part {} of {count}", i + 1);
                    let _ = tx.send(format!(
                        "{head}: {} groups, {} options",
                        p.groups.len(),
                        p.options.len()
                    ));
                    let plan = solve(i, p, &mut |m| {
                        let _ = tx.send(format!("{head}: {m}"));
                    });
                    plans.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(plan);
                }
            });
        }
        drop(tx);
        for m in rx {
            progress(&m);
        }
    });
    let plans = plans.into_inner().unwrap_or_else(|e| e.into_inner());
    plans
        .into_iter()
        .map(|p| p.expect("every part solved"))
        .collect()
}

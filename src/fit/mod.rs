//! `kplan fit`: the cheapest mix of nodes for a set of pods, with a lower bound.
//!
//! [`solve`] plans with patterns (a node option and a count per group): the Gilmore-Gomory LP
//! relaxation by column generation gives the lower bound, rounding and repair heuristics the
//! integer plan. [`greedy`] is the Karpenter-style baseline; [`verify`] re-checks any plan.

mod bnp;
mod branch;
mod colgen;
mod exact;
pub mod fargate_options;
mod greedy;
pub mod model;
mod presolve;
mod pricing;
pub mod problem;
pub mod replacements;
mod simplex;
pub(crate) mod solve;
mod tuning;
mod util;
mod verify;

pub use greedy::greedy;
pub use problem::{NodeGroup, NodeOption, Plan, PodGroup, Problem};
pub use solve::{SolveOptions, Solved, solve, solve_beside_greedy};
pub use tuning::{Effort, Tuning};
pub use verify::verify;

#[cfg(test)]
mod tests;

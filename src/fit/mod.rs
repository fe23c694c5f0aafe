//! `kplan fit`: the cheapest mix of nodes for a set of pods, with a lower bound.

pub mod problem;

pub use problem::{NodeGroup, NodeOption, Plan, PodGroup, Problem};

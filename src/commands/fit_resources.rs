//! The resources beyond CPU, memory and pods in `kplan fit`'s answer: per node group, what one
//! node's pods request of each and what the node offers.

use crate::fit::problem::{NodeGroup, Problem};
use crate::pods::EPHEMERAL_STORAGE;
use crate::workload::quantity::format_memory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Name -> (requested by the pods of one node, allocatable on it), for every extra resource
/// of the problem.
pub fn node_use(p: &Problem, ng: &NodeGroup) -> BTreeMap<String, (u64, u64)> {
    let opt = &p.options[ng.option];
    p.extra_names
        .iter()
        .enumerate()
        .map(|(d, name)| {
            let used: u64 = ng
                .pods
                .iter()
                .enumerate()
                .map(|(g, &k)| u64::from(k) * p.groups[g].extra_req(d))
                .sum();
            (name.clone(), (used, opt.extra_cap(d)))
        })
        .collect()
}

fn amount(name: &str, v: u64) -> String {
    if name == EPHEMERAL_STORAGE {
        format_memory(v)
    } else {
        v.to_string()
    }
}

/// `nvidia.com/gpu 1/1, ephemeral-storage 10Gi/17Gi`.
pub fn cell(r: &BTreeMap<String, (u64, u64)>) -> String {
    let parts: Vec<String> = r
        .iter()
        .map(|(n, (u, a))| format!("{n} {}/{}", amount(n, *u), amount(n, *a)))
        .collect();
    parts.join(", ")
}

/// One resource of a node group in JSON.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ResourceUseJson {
    /// Requested by the pods of one node (bytes for ephemeral-storage).
    pub requested: u64,
    /// What pods can request on the node.
    pub allocatable: u64,
    /// requested / allocatable, 0 to 1 (0 when the node has none).
    pub utilization: f64,
}

pub fn to_json(r: &BTreeMap<String, (u64, u64)>) -> BTreeMap<String, ResourceUseJson> {
    r.iter()
        .map(|(n, &(u, a))| {
            let ratio = if a == 0 { 0.0 } else { u as f64 / a as f64 };
            (
                n.clone(),
                ResourceUseJson {
                    requested: u,
                    allocatable: a,
                    utilization: (ratio * 10_000.0).round() / 10_000.0,
                },
            )
        })
        .collect()
}

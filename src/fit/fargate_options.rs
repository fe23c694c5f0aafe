//! Fargate as node options of the packing problem (`kplan fit --fargate mixed|only`): each
//! eligible pod group gets one pseudo option that holds exactly one of its pods (`pods = 1`,
//! capacity = the Fargate size, price = the Fargate price, no daemonsets, allowed only for that
//! group). The solver needs no change and its lower bound stays a proof: a Fargate pod is a
//! one-pod node. Pure: no printing, no I/O.

use super::model::{Model, OptionInfo, PriceSource};
use super::problem::NodeOption;
use crate::fargate::eligibility::{FargatePod, assess};
use crate::fargate::pricing::{Rates, hourly};
use crate::workload::Workload;

/// Which options of the problem are Fargate pods.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FargateOptions {
    /// Indexes of the Fargate options in `problem.options`, with their group and size.
    pub options: Vec<(usize, usize, FargatePod)>,
    /// Groups forced onto Fargate (`only`, selected by a Fargate profile, or fitting no
    /// allowed EC2 type).
    pub forced: Vec<usize>,
}

impl FargateOptions {
    /// The Fargate option at `option`, if it is one: its group and size.
    pub fn get(&self, option: usize) -> Option<(usize, FargatePod)> {
        self.options
            .iter()
            .find(|(o, _, _)| *o == option)
            .map(|&(_, g, p)| (g, p))
    }

    /// Pods that could go to Fargate (all replicas of the groups with an option).
    pub fn eligible_pods(&self, m: &Model) -> u32 {
        self.options
            .iter()
            .map(|&(_, g, _)| m.problem.groups[g].replicas)
            .sum()
    }
}

/// The zone of a group: its spread share's zone, else the one zone all its options are in
/// (a zone pin), else none (any zone).
fn group_zone(m: &Model, g: usize) -> String {
    if let Some(z) = &m.groups[g].zone {
        return z.clone();
    }
    let p = &m.problem;
    let mut zones = p.groups[g].allowed.iter().map(|&o| &p.options[o].zone);
    match zones.next() {
        Some(first) if zones.all(|z| z == first) => first.clone(),
        _ => String::new(),
    }
}

/// Adds one Fargate option per eligible group. `only`: eligible groups may run on Fargate
/// only; otherwise groups whose workload a Fargate profile selects (`required`) do, and so do
/// groups with no EC2 option (a pod no allowed type holds, see `model::build_with`).
pub fn add(m: &mut Model, w: &Workload, rates: &Rates, only: bool) -> FargateOptions {
    let mut out = FargateOptions::default();
    for g in 0..m.problem.groups.len() {
        let spec = &w.workloads[m.groups[g].workload];
        let Ok(pod) = assess(spec) else { continue };
        let index = m.problem.options.len();
        let zone = group_zone(m, g);
        m.problem.options.push(NodeOption {
            instance_type: format!("fargate {}", pod.size.annotation()),
            zone,
            price: hourly(rates, pod.size, pod.extra_storage_gib),
            cpu_millicores: pod.size.cpu_millicores,
            memory_bytes: pod.size.memory_mib << 20,
            pods: 1,
            // One pod: exactly what it asks of ephemeral storage and pod-eni (the only extra
            // resources an eligible pod may ask, see `assess`).
            extra: m.problem.groups[g].extra.clone(),
        });
        m.options.push(OptionInfo {
            price_source: PriceSource::OnDemand,
            interruption: None,
            vcpus: pod.size.cpu_millicores.div_ceil(1000) as u32,
            memory_mib: pod.size.memory_mib,
            allocatable_cpu_millicores: pod.size.cpu_millicores,
            allocatable_memory_bytes: pod.size.memory_mib << 20,
            pod_capacity: 1,
        });
        let group = &mut m.problem.groups[g];
        if only || spec.fargate.required.is_some() || group.allowed.is_empty() {
            group.allowed = vec![index];
            out.forced.push(g);
        } else {
            group.allowed.push(index);
        }
        out.options.push((index, g, pod));
    }
    out
}

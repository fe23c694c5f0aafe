//! Spot replacement sets: for each spot node group of a plan, the instance types that hold the
//! same pods at a similar price, so that the NodePool written for the plan keeps the diversity
//! Karpenter needs (15 types for single-node spot-to-spot consolidation: aws/karpenter-provider-aws
//! `website/content/en/docs/concepts/disruption.md`; shared/design/prices.md, "Diversity").
//! Also the hook that applies an account's prices to a candidate's list prices. Pure.
//!
//! The set of a group: every type that may run all its pods (node constraints, each workload's
//! types and capacity types, the interruption limit), holds one node's pods after daemonsets
//! (CPU, memory, pod slots), and costs at most [`TOLERANCE`] more than the group's type; of
//! those the cheapest [`MIN_TYPES`] (more on equal prices, at most [`MAX_TYPES`], the most
//! types Karpenter passes to CreateFleet). The plan's cost is then stated twice: with the
//! cheapest type of each group (what the solver optimised) and with the dearest type of each
//! set (what the plan costs if Karpenter's price-capacity-optimized choice, which weighs
//! interruption as well as price, always lands on the dearest type it is allowed).

use super::model::{PriceSource, capacity_prices, daemonset_overhead, workload_allows};
use super::model::{Skipped, cni_settings, kubelet_settings, within_node_constraints};
use crate::catalog::{Catalog, InstanceType};
use crate::pods::node_pods;
use crate::workload::{CapacityType, Workload};
use std::collections::BTreeMap;

/// Karpenter's minimum of types for spot-to-spot consolidation.
pub const MIN_TYPES: usize = 15;
/// A replacement may cost at most this much more than the group's type (0.25 = 25%).
pub const TOLERANCE: f64 = 0.25;
/// At most this many types in a set (Karpenter passes up to 60 to CreateFleet).
pub const MAX_TYPES: usize = 60;

/// The account's prices (price file, discount, NodeOverlays) applied to a candidate's list
/// prices, as [`super::model::build`] computes them.
pub fn adjusted(
    w: &Workload,
    t: &InstanceType,
    prices: Vec<(CapacityType, f64, PriceSource)>,
) -> Vec<(CapacityType, f64, PriceSource)> {
    if w.prices.is_empty() {
        return prices;
    }
    prices
        .into_iter()
        .map(|(c, p, s)| (c, w.prices.price(&t.name, c == CapacityType::Spot, p), s))
        .collect()
}

/// One node of a plan's group: its type, capacity type, price and pods.
#[derive(Debug, Clone, PartialEq)]
pub struct Need<'a> {
    pub instance_type: &'a str,
    pub capacity: CapacityType,
    pub price: f64,
    /// Workload name -> pods on one node.
    pub pods: &'a BTreeMap<String, u32>,
}

/// The types that can replace a group's type, cheapest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplacementSet {
    /// (type, price per hour), by price then name; the group's own type is in it.
    pub types: Vec<(String, f64)>,
}

impl ReplacementSet {
    /// The dearest price in the set.
    pub fn max(&self) -> f64 {
        self.types.iter().map(|t| t.1).fold(0.0, f64::max)
    }

    /// The mean price of the set.
    pub fn mean(&self) -> f64 {
        if self.types.is_empty() {
            return 0.0;
        }
        self.types.iter().map(|t| t.1).sum::<f64>() / self.types.len() as f64
    }

    /// Whether it reaches Karpenter's 15.
    pub fn diverse(&self) -> bool {
        self.types.len() >= MIN_TYPES
    }
}

/// The price of `t` as capacity `cap` for the pods of `need`, if `t` may hold them.
fn replacement_price(w: &Workload, t: &InstanceType, need: &Need) -> Option<f64> {
    let region = w.region.as_str();
    if t.family.starts_with("mac")
        || !within_node_constraints(w, t)
        || !t.regions.iter().any(|r| r == region)
        || t.vcpus.is_none()
        || t.memory_mib.is_none()
    {
        return None;
    }
    let specs: Vec<_> = w
        .workloads
        .iter()
        .filter(|s| need.pods.get(&s.name).is_some_and(|&k| k > 0))
        .collect();
    let allowed = specs.iter().all(|s| {
        workload_allows(s, t) && s.allowed_capacity(w.capacity_type).contains(&need.capacity)
    });
    if !allowed {
        return None;
    }
    let od = w
        .prices
        .on_demand(&t.name, region, t.on_demand_price(region))?;
    let mut skipped = Skipped::default();
    let priced = adjusted(
        w,
        t,
        capacity_prices(t, w, od, &[need.capacity], &mut skipped),
    );
    let &(_, price, _) = priced.first()?;
    let cni = cni_settings(w);
    if cni.ipv6 && t.hypervisor.as_deref() != Some("nitro") {
        return None;
    }
    let ds = w.all_daemonsets();
    let (ds_cpu, ds_mem, ds_all, ds_vpc) = daemonset_overhead(&ds, &t.name);
    let np = node_pods(t, &cni, &kubelet_settings(w));
    let (alloc, kubelet_max) = (np.allocatable?, np.kubelet_max_pods?);
    let by_kubelet = kubelet_max.saturating_sub(ds_all);
    let slots = if cni.ipv6 {
        by_kubelet
    } else {
        by_kubelet.min(np.max_pods.saturating_sub(2).saturating_sub(ds_vpc))
    };
    let (mut cpu, mut mem, mut pods) = (ds_cpu, ds_mem, 0u64);
    for s in &specs {
        let k = u64::from(need.pods[&s.name]);
        cpu += k * s.cpu_millicores;
        mem += k * s.memory_bytes;
        pods += k;
    }
    let fits =
        cpu <= alloc.cpu_millicores && mem <= alloc.memory_mib << 20 && pods <= u64::from(slots);
    fits.then_some(price)
}

/// The replacement set of one node group (see the module's doc).
pub fn replacement_set(w: &Workload, catalog: &Catalog, need: &Need) -> ReplacementSet {
    let cap = need.price * (1.0 + TOLERANCE) + 1e-9;
    let mut all: Vec<(String, f64)> = catalog
        .types
        .iter()
        .filter_map(|t| replacement_price(w, t, need).map(|p| (t.name.clone(), p)))
        .filter(|(n, p)| *p <= cap || n == need.instance_type)
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    if all.len() > MIN_TYPES {
        let edge = all[MIN_TYPES - 1].1;
        let keep = all
            .iter()
            .take_while(|(_, p)| *p <= edge)
            .count()
            .min(MAX_TYPES);
        all.truncate(keep.max(MIN_TYPES));
    }
    if !all.iter().any(|(n, _)| n == need.instance_type) {
        // The group's own type always stays allowed (a plan type the filter above dropped,
        // e.g. one past the 60th at the same price).
        all.push((need.instance_type.to_string(), need.price));
    }
    ReplacementSet { types: all }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::parse_yaml;

    #[test]
    fn sets_hold_the_pods_within_the_tolerance() {
        let catalog = Catalog::embedded().unwrap();
        let w = parse_yaml(
            "region: eu-west-1\ncapacityType: spot\nworkloads: [{name: web, replicas: 10, cpu: 500m, memory: 1Gi}]",
        )
        .unwrap();
        let pods = BTreeMap::from([("web".to_string(), 3u32)]);
        let t = catalog.lookup("m5.large").unwrap();
        let (price, _) = t.spot_price("eu-west-1", 1).unwrap();
        let need = Need {
            instance_type: "m5.large",
            capacity: CapacityType::Spot,
            price,
            pods: &pods,
        };
        let set = replacement_set(&w, &catalog, &need);
        assert!(set.types.iter().any(|(n, _)| n == "m5.large"));
        assert!(set.diverse(), "{:?}", set.types);
        assert!(set.max() <= price * (1.0 + TOLERANCE) + 1e-9);
        // Each member is independently checked: at least 2 vCPUs' worth of allocatable for
        // 3 x 500m + 125m of daemonsets, and its own spot estimate.
        for (n, p) in &set.types {
            let t = catalog.lookup(n).unwrap();
            assert!(t.vcpus.unwrap() >= 2, "{n}");
            assert_eq!(t.spot_price("eu-west-1", 1).unwrap().0, *p, "{n}");
        }
    }
}

//! Spot replacement sets: for each spot node group of a plan, the instance types that hold the
//! same pods at a similar price, so that the NodePool written for the plan keeps the diversity
//! Karpenter needs (15 types for single-node spot-to-spot consolidation: aws/karpenter-provider-aws
//! `website/content/en/docs/concepts/disruption.md`; shared/design/prices.md, "Diversity").
//! Also the hook that applies an account's prices to a candidate's list prices. Pure.
//!
//! The set of a group: of every type that may run all its pods (node constraints, each
//! workload's types and capacity types, the interruption limit) and holds one node's pods after
//! daemonsets (CPU, memory, pod slots), the cheapest [`MIN_TYPES`] (more on a tie at the last
//! price, at most [`MAX_TYPES`], the most types Karpenter passes to CreateFleet). Diversity wins
//! over price: where fewer than [`MIN_TYPES`] types cost at most [`TOLERANCE`] more than the
//! group's type, the set reaches past it, and the plan says so with the widest step. The plan's
//! cost is then stated twice more: with the dearest type of each set (what the plan costs if
//! Karpenter's price-capacity-optimized choice, which weighs interruption as well as price,
//! always lands on the dearest type it is allowed) and with the mean of each set.

use super::model::{PriceSource, capacity_prices, daemonset_overhead, workload_allows};
use super::model::{Skipped, cni_settings, kubelet_settings, within_node_constraints};
use crate::catalog::{Catalog, InstanceType};
use crate::pods::node_pods;
use crate::workload::{CapacityType, Workload};
use std::collections::BTreeMap;

/// Karpenter's minimum of types for spot-to-spot consolidation.
pub const MIN_TYPES: usize = 15;
/// A set whose dearest type costs more than this much over the group's type (0.25 = 25%) is
/// called out in the plan's notes.
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
    /// The group's own price, for [`ReplacementSet::widened`].
    pub price: f64,
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

    /// How much dearer than the group's type its dearest replacement is, as a share (0.4 =
    /// 40%), when that is more than [`TOLERANCE`]; `None` within it.
    pub fn widened(&self) -> Option<f64> {
        let step = if self.price > 0.0 {
            self.max() / self.price - 1.0
        } else {
            0.0
        };
        (step > TOLERANCE + 1e-9).then_some(step)
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
    let mut all: Vec<(String, f64)> = catalog
        .types
        .iter()
        .filter_map(|t| replacement_price(w, t, need).map(|p| (t.name.clone(), p)))
        .collect();
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    if all.len() > MIN_TYPES {
        let edge = all[MIN_TYPES - 1].1;
        let keep = all.iter().take_while(|(_, p)| *p <= edge).count();
        all.truncate(keep.min(MAX_TYPES));
    }
    if !all.iter().any(|(n, _)| n == need.instance_type) {
        // The group's own type always stays allowed (e.g. one past the 60th at the same price).
        all.push((need.instance_type.to_string(), need.price));
    }
    ReplacementSet {
        types: all,
        price: need.price,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::parse_yaml;
    use std::collections::BTreeMap;

    /// (region, type) -> column `col` of a `region,instance_type,...` file in `data/sources/`.
    fn source(file: &str, col: &str) -> BTreeMap<(String, String), f64> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/sources")
            .join(file);
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = head.iter().position(|h| *h == col).unwrap();
        lines
            .filter_map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                let v = c[i].parse().ok()?;
                Some(((c[0].to_string(), c[1].to_string()), v))
            })
            .collect()
    }

    fn need<'a>(t: &'a str, price: f64, pods: &'a BTreeMap<String, u32>) -> Need<'a> {
        Need {
            instance_type: t,
            capacity: CapacityType::Spot,
            price,
            pods,
        }
    }

    #[test]
    fn sets_are_the_cheapest_fifteen_that_hold_the_pods() {
        let catalog = Catalog::embedded().unwrap();
        let w = parse_yaml(
            "region: eu-west-1\ncapacityType: spot\nzones: 1\nnodes: {families: [m5, m6i, r5, r6i]}\nworkloads: [{name: web, replicas: 10, cpu: 500m, memory: 1Gi}]",
        )
        .unwrap();
        let od = source("on-demand-prices-regions.csv", "usd_per_hour");
        let saving = source("spot-advisor.csv", "savings_pct");
        // The Spot Instance Advisor estimate from the public files: on-demand x (1 - saving).
        let estimate = |t: &str| {
            let k = ("eu-west-1".to_string(), t.to_string());
            (od[&k] * (1.0 - saving[&k] / 100.0) * 1e6).round() / 1e6
        };
        let pods = BTreeMap::from([("web".to_string(), 3u32)]);
        let set = replacement_set(&w, &catalog, &need("m5.large", estimate("m5.large"), &pods));
        assert!(set.types.iter().any(|(n, _)| n == "m5.large"));
        assert_eq!(set.types.len(), MIN_TYPES, "{:?}", set.types);
        let mut last = 0.0;
        for (n, p) in &set.types {
            assert_eq!(*p, estimate(n), "{n}");
            assert!(*p >= last, "sorted by price");
            last = *p;
            // 3 x 500m + daemonsets needs more than a 1-vCPU type.
            assert!(catalog.lookup(n).unwrap().vcpus.unwrap() >= 2, "{n}");
        }
        // The cheapest: every type of those families of 2 to 8 vCPUs (8 GiB and more, they all
        // hold 3 x 500m/1Gi) with a smaller estimate than the dearest member is in the set.
        let large = ["large", "xlarge", "2xlarge"];
        for ((region, t), _) in od.iter().filter(|((r, _), _)| r == "eu-west-1") {
            let (fam, size) = t.split_once('.').unwrap();
            let k = (region.clone(), t.clone());
            if ["m5", "m6i", "r5", "r6i"].contains(&fam)
                && large.contains(&size)
                && saving.contains_key(&k)
                && estimate(t) < set.max()
            {
                assert!(set.types.iter().any(|(n, _)| n == t), "{t} missing");
            }
        }
        // Widened exactly when the dearest member costs more than 25% over the group's type.
        let step = set.max() / estimate("m5.large") - 1.0;
        assert_eq!(set.widened().is_some(), step > TOLERANCE + 1e-9);
    }

    #[test]
    fn sets_below_fifteen_keep_what_the_catalog_has() {
        let catalog = Catalog::embedded().unwrap();
        // Only m6i: the types from large up that hold 3 x 500m are m6i.large..m6i.32xlarge and
        // m6i.metal (public table: 10 sizes from large), fewer than 15.
        let w = parse_yaml(
            "region: eu-west-1\ncapacityType: spot\nnodes: {families: [m6i]}\nworkloads: [{name: web, replicas: 10, cpu: 500m, memory: 1Gi}]",
        )
        .unwrap();
        let od = source("on-demand-prices-regions.csv", "usd_per_hour");
        let sizes = od
            .keys()
            .filter(|(r, t)| r == "eu-west-1" && t.starts_with("m6i.") && t != "m6i.medium")
            .count();
        let pods = BTreeMap::from([("web".to_string(), 3u32)]);
        let p = catalog
            .lookup("m6i.large")
            .unwrap()
            .spot_price("eu-west-1", 3)
            .unwrap()
            .0;
        let set = replacement_set(&w, &catalog, &need("m6i.large", p, &pods));
        assert!(!set.diverse());
        assert_eq!(set.types.len(), sizes, "{:?}", set.types);
        assert!(set.widened().is_some());
    }
}

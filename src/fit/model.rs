//! From a [`Workload`] and the [`Catalog`] to the abstract [`Problem`]: which instance types
//! are candidates, what each holds after daemonsets (through [`crate::pods::node_pods`], the one
//! source of truth for max pods and allocatable), what it costs, one option per type and zone,
//! and one pod group per workload (per zone for `spreadZones`). Pure: no printing, no I/O.

use super::problem::{NodeOption, PodGroup, Problem};
use crate::catalog::{Band, Catalog, InstanceType, SpotSource, currency, glob_match, suggest};
use crate::error::Infeasible;
use crate::pods::{ACCELERATORS, CniSettings, KubeletSettings, node_pods, node_resources};
use crate::workload::quantity::{format_cpu, format_memory};
use crate::workload::{CapacityType, DaemonSet, NetworkMode, Workload, WorkloadSpec};
use anyhow::{Result, bail};

/// Where an option's price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceSource {
    OnDemand,
    /// An observed spot price (DescribeSpotPriceHistory, `kplan catalog update`).
    Spot,
    /// A spot estimate: on-demand x (1 - the Spot Instance Advisor's average saving).
    SpotEstimate,
    /// Capacity type spot, but the catalog has no spot price for the type in the region
    /// (neither observed nor an advisor estimate): the on-demand price stands in (an upper
    /// bound on what spot costs).
    OnDemandStandIn,
}

impl PriceSource {
    /// The name used in JSON: `on-demand`, `spot`, `spot-estimate`, `on-demand-stand-in`.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceSource::OnDemand => "on-demand",
            PriceSource::Spot => "spot",
            PriceSource::SpotEstimate => "spot-estimate",
            PriceSource::OnDemandStandIn => "on-demand-stand-in",
        }
    }

    /// The capacity type the price is for.
    pub fn capacity_type(self) -> CapacityType {
        match self {
            PriceSource::OnDemand => CapacityType::OnDemand,
            _ => CapacityType::Spot,
        }
    }

    /// The mark after a type name in tables: ` spot` for spot capacity, `~` for an estimate,
    /// `*` for an on-demand stand-in (explained by [`Model::price_notes`]).
    pub fn marker(self) -> &'static str {
        match self {
            PriceSource::OnDemand => "",
            PriceSource::Spot => " spot",
            PriceSource::SpotEstimate => " spot~",
            PriceSource::OnDemandStandIn => " spot*",
        }
    }
}

/// What the output needs to know about one option of the problem (same index).
#[derive(Debug, Clone, PartialEq)]
pub struct OptionInfo {
    pub price_source: PriceSource,
    /// The Spot Instance Advisor's interruption band (spot options; `None` = unknown).
    pub interruption: Option<Band>,
    pub vcpus: u32,
    pub memory_mib: u64,
    /// The kubelet's allocatable, before daemonsets.
    pub allocatable_cpu_millicores: u64,
    pub allocatable_memory_bytes: u64,
    /// Pods the node can really run (kubelet max pods within the IP limit), daemonsets included.
    pub pod_capacity: u32,
}

/// Which workload a pod group comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupInfo {
    /// Index into [`Workload::workloads`].
    pub workload: usize,
    /// The zone label of a `spreadZones` share, `None` when it may run in any zone.
    pub zone: Option<String>,
}

/// Why catalog types were left out, counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    /// Outside the `nodes:` constraints (names, families, categories, generation, arch, vCPUs).
    pub constraints: usize,
    /// Mac instances (they cannot join EKS).
    pub mac: usize,
    /// vCPUs or memory unknown.
    pub unknown_size: usize,
    /// Not offered in the region.
    pub not_in_region: usize,
    /// Offered in the region, but no source prices it there.
    pub not_priced: usize,
    /// Not offered as spot capacity, or no spot price in the region (capacity type spot).
    pub no_spot: usize,
    /// Spot interruption band above `maxInterruption`, or unknown.
    pub interruption: usize,
    /// No pod slot, CPU or memory left after the daemonsets, or not usable in the network mode.
    pub too_small: usize,
    /// Another candidate is at least as large in every dimension, allowed for the same workloads,
    /// and no dearer.
    pub dominated: usize,
}

/// The problem and everything needed to explain its answer.
#[derive(Debug, Clone)]
pub struct Model {
    pub problem: Problem,
    /// Parallel to `problem.options`.
    pub options: Vec<OptionInfo>,
    /// Parallel to `problem.groups`.
    pub groups: Vec<GroupInfo>,
    /// The daemonsets counted on every node.
    pub daemonsets: Vec<DaemonSet>,
    /// Instance types that are candidates (each appears once per zone in the options).
    pub candidate_types: usize,
    pub skipped: Skipped,
    /// `USD`, or `CNY` in the China regions.
    pub currency: &'static str,
    /// Candidate types priced at on-demand for lack of a spot price.
    pub spot_stand_ins: usize,
    /// The region of the prices.
    pub region: String,
    /// The date of the Spot Instance Advisor's figures behind spot estimates.
    pub spot_estimate_date: String,
}

impl Skipped {
    /// All skipped candidates.
    pub fn total(&self) -> usize {
        self.constraints
            + self.mac
            + self.unknown_size
            + self.not_in_region
            + self.not_priced
            + self.no_spot
            + self.interruption
            + self.too_small
            + self.dominated
    }
}

impl Model {
    /// Notes explaining the prices of the options `used` (indexes into `options`): spot
    /// estimates with their date, stand-ins, each spot option's interruption band.
    pub fn price_notes(&self, used: &[usize]) -> Vec<String> {
        let mut out = Vec::new();
        let names = |want: PriceSource| -> Vec<&str> {
            let mut v: Vec<&str> = used
                .iter()
                .filter(|&&i| self.options[i].price_source == want)
                .map(|&i| self.problem.options[i].instance_type.as_str())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let est = names(PriceSource::SpotEstimate);
        if !est.is_empty() {
            out.push(format!(
                "spot~: spot prices are estimates, on-demand x (1 - the Spot Instance Advisor's average saving in {}, {}); `kplan catalog update` stores observed spot prices ({})",
                self.region,
                self.spot_estimate_date,
                est.join(", ")
            ));
        }
        let stand = names(PriceSource::OnDemandStandIn);
        if !stand.is_empty() {
            out.push(format!(
                "spot*: the catalog has no spot price for these types in {}; their on-demand price stands in ({})",
                self.region,
                stand.join(", ")
            ));
        }
        let mut bands: Vec<String> = used
            .iter()
            .filter(|&&i| self.options[i].price_source.capacity_type() == CapacityType::Spot)
            .map(|&i| {
                format!(
                    "{} {}",
                    self.problem.options[i].instance_type,
                    self.options[i]
                        .interruption
                        .map_or("unknown", |b| b.as_str())
                )
            })
            .collect();
        bands.sort();
        bands.dedup();
        if !bands.is_empty() {
            out.push(format!(
                "spot interruption band (Spot Instance Advisor, share of capacity reclaimed in a month): {}",
                bands.join(", ")
            ));
        }
        out
    }
}

/// The CNI settings of a workload's networking.
pub fn cni_settings(w: &Workload) -> CniSettings {
    CniSettings {
        prefix_delegation: w.networking.mode == NetworkMode::PrefixDelegation,
        custom_networking: w.networking.custom_networking,
        ipv6: w.networking.mode == NetworkMode::Ipv6,
        ..CniSettings::default()
    }
}

/// The kubelet settings of a workload's networking.
pub fn kubelet_settings(w: &Workload) -> KubeletSettings {
    KubeletSettings {
        max_pods: w.networking.max_pods,
        ..w.kubelet.clone()
    }
}

/// Zone labels `a`, `b`, ... (empty with one zone, where zones do not matter).
pub fn zone_label(zones: u32, z: u32) -> String {
    if zones <= 1 {
        String::new()
    } else {
        char::from(b'a' + z as u8).to_string()
    }
}

/// A candidate instance type with what pods can use on it.
struct Candidate<'a> {
    t: &'a InstanceType,
    capacity: CapacityType,
    price: f64,
    source: PriceSource,
    info: OptionInfo,
    /// For pods, after daemonsets.
    cpu: u64,
    memory: u64,
    slots: u32,
    /// What pods can request of each of [`Problem::extra_names`] (0 = none or unknown).
    extra: Vec<u64>,
    /// Has a GPU or Neuron device.
    accelerator: bool,
}

fn is_glob(p: &str) -> bool {
    p.contains(['*', '?', '['])
}

/// Every name of an allow-list must exist and every glob must match something.
fn check_patterns(catalog: &Catalog, field: &str, patterns: &[String]) -> Result<()> {
    for (i, p) in patterns.iter().enumerate() {
        let p = p.trim();
        if is_glob(p) {
            if !catalog.types.iter().any(|t| glob_match(p, &t.name)) {
                bail!("{field}[{i}]: no instance type matches the pattern '{p}'");
            }
        } else if let Err(e) = catalog.lookup(p) {
            bail!("{field}[{i}]: {e}");
        }
    }
    Ok(())
}

/// `; did you mean x?` / `; did you mean one of: x, y?`, or nothing.
fn hint(near: &[String]) -> String {
    match near {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of: {}?", many.join(", ")),
    }
}

fn matches_any(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|p| glob_match(p.trim(), name))
}

/// Families and categories must exist in the catalog (a typo would silently exclude all).
fn check_names<'a>(
    field: &str,
    values: &[String],
    known: impl Iterator<Item = &'a str> + Clone,
) -> Result<()> {
    for (i, v) in values.iter().enumerate() {
        if !known.clone().any(|k| k.eq_ignore_ascii_case(v.trim())) {
            let mut names: Vec<&str> = known.clone().collect();
            names.sort_unstable();
            names.dedup();
            let near = suggest(v, names.into_iter());
            bail!("{field}[{i}]: no instance type has '{v}'{}", hint(&near));
        }
    }
    Ok(())
}

pub(crate) fn within_node_constraints(w: &Workload, t: &InstanceType) -> bool {
    let n = &w.nodes;
    (n.instance_types.is_empty() || matches_any(&n.instance_types, &t.name))
        && !matches_any(&n.exclude, &t.name)
        && (n.families.is_empty()
            || n.families
                .iter()
                .any(|f| f.trim().eq_ignore_ascii_case(&t.family)))
        && (n.categories.is_empty()
            || n.categories
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(&t.category)))
        && n.min_generation
            .is_none_or(|g| t.generation.is_some_and(|tg| tg >= g))
        && (n.arch.is_empty()
            || n.arch
                .iter()
                .any(|a| t.architectures.iter().any(|x| x == a.as_str())))
        && n.min_vcpu.is_none_or(|m| t.vcpus.is_some_and(|v| v >= m))
        && n.max_vcpu.is_none_or(|m| t.vcpus.is_some_and(|v| v <= m))
}

/// May this workload's pods run on this type (its own `arch` and `instanceTypes`)?
pub(crate) fn workload_allows(spec: &WorkloadSpec, t: &InstanceType) -> bool {
    (spec.arch.is_empty()
        || spec
            .arch
            .iter()
            .any(|a| t.architectures.iter().any(|x| x == a.as_str())))
        && (spec.instance_types.is_empty() || matches_any(&spec.instance_types, &t.name))
}

fn pod_fits(spec: &WorkloadSpec, names: &[String], c: &Candidate) -> bool {
    c.cpu >= spec.cpu_millicores
        && c.memory >= spec.memory_bytes
        && c.slots >= 1
        && extra_request(spec, names)
            .iter()
            .zip(&c.extra)
            .all(|(r, a)| r <= a)
}

/// A workload's request of each of `names` (0 where it asks none).
fn extra_request(spec: &WorkloadSpec, names: &[String]) -> Vec<u64> {
    names
        .iter()
        .map(|n| spec.extra.get(n).copied().unwrap_or(0))
        .collect()
}

/// Accelerator nodes tainted: a workload that asks for no accelerator stays off them.
fn taint_allows(w: &Workload, spec: &WorkloadSpec, c: &Candidate) -> bool {
    !(w.accelerators_tainted
        && c.accelerator
        && !ACCELERATORS.iter().any(|a| spec.extra.contains_key(*a)))
}

/// The resources beyond CPU and memory that some workload asks for (sorted).
fn extra_names(w: &Workload) -> Vec<String> {
    let set: std::collections::BTreeSet<&String> =
        w.workloads.iter().flat_map(|s| s.extra.keys()).collect();
    set.into_iter().cloned().collect()
}

/// Builds the problem. Errors: bad names in the workload (exit 2), or an [`Infeasible`] (exit 1)
/// when no candidate type is left or a workload's pod fits none of its allowed types.
pub fn build(w: &Workload, catalog: &Catalog) -> Result<Model> {
    build_with(w, catalog, &|_| false)
}

/// [`build`], where a workload for which `elsewhere` says yes may fit no instance type: its
/// groups get no option (the caller adds one, e.g. Fargate) instead of an [`Infeasible`].
pub fn build_with(
    w: &Workload,
    catalog: &Catalog,
    elsewhere: &dyn Fn(&WorkloadSpec) -> bool,
) -> Result<Model> {
    let region = w.region.as_str();
    if let Err(e) = catalog.check_region(region) {
        bail!("region: {e}");
    }
    check_patterns(catalog, "nodes.instanceTypes", &w.nodes.instance_types)?;
    check_names(
        "nodes.families",
        &w.nodes.families,
        catalog.types.iter().map(|t| t.family.as_str()),
    )?;
    check_names(
        "nodes.categories",
        &w.nodes.categories,
        catalog.types.iter().map(|t| t.category.as_str()),
    )?;
    for (i, spec) in w.workloads.iter().enumerate() {
        check_patterns(
            catalog,
            &format!("workloads[{i}].instanceTypes"),
            &spec.instance_types,
        )?;
    }

    // The capacity types some workload may run on (sorted, each once).
    let mut capacities: Vec<CapacityType> = w
        .workloads
        .iter()
        .flat_map(|s| s.allowed_capacity(w.capacity_type))
        .collect();
    if capacities.is_empty() {
        capacities.push(w.capacity_type);
    }
    capacities.sort_by_key(|c| *c == CapacityType::Spot);
    capacities.dedup();

    let daemonsets = w.all_daemonsets();
    let (cni, kubelet) = (cni_settings(w), kubelet_settings(w));
    let names = extra_names(w);

    let mut skipped = Skipped::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for t in &catalog.types {
        if t.family.starts_with("mac") || t.architectures.iter().any(|a| a.ends_with("_mac")) {
            skipped.mac += 1;
            continue;
        }
        if !within_node_constraints(w, t) {
            skipped.constraints += 1;
            continue;
        }
        let (Some(vcpus), Some(memory_mib)) = (t.vcpus, t.memory_mib) else {
            skipped.unknown_size += 1;
            continue;
        };
        if !t.regions.iter().any(|r| r == region) {
            skipped.not_in_region += 1;
            continue;
        }
        let Some(on_demand) = w
            .prices
            .on_demand(&t.name, region, t.on_demand_price(region))
        else {
            skipped.not_priced += 1;
            continue;
        };
        let prices = capacity_prices(t, w, on_demand, &capacities, &mut skipped);
        let prices = crate::fit::replacements::adjusted(w, t, prices);
        if prices.is_empty() {
            continue;
        }
        if cni.ipv6 && t.hypervisor.as_deref() != Some("nitro") {
            skipped.too_small += 1;
            continue;
        }
        let (ds_cpu, ds_mem, ds_all, ds_vpc) = daemonset_overhead(&daemonsets, &t.name);
        let np = node_pods(t, &cni, &kubelet);
        let (Some(alloc), Some(kubelet_max)) = (np.allocatable, np.kubelet_max_pods) else {
            skipped.unknown_size += 1;
            continue;
        };
        // The kubelet counts every pod; VPC addresses go to pods off the host network. The IP
        // limit `max_pods` counts two host-network pods (aws-node, kube-proxy) on top of the
        // addresses (shared/design/max-pods.md), hence the `- 2`.
        let by_kubelet = kubelet_max.saturating_sub(ds_all);
        let slots = if cni.ipv6 {
            by_kubelet
        } else {
            by_kubelet.min(np.max_pods.saturating_sub(2).saturating_sub(ds_vpc))
        };
        let alloc_mem = alloc.memory_mib << 20;
        if slots == 0 || alloc.cpu_millicores <= ds_cpu || alloc_mem <= ds_mem {
            skipped.too_small += 1;
            continue;
        }
        let res = node_resources(t, &cni, &w.node_class);
        let extra: Vec<u64> = names
            .iter()
            .map(|n| res.allocatable(n).unwrap_or(0))
            .collect();
        let accelerator = res.has_accelerator();
        for (capacity, price, source) in prices {
            candidates.push(Candidate {
                t,
                capacity,
                price,
                source,
                info: OptionInfo {
                    price_source: source,
                    interruption: (capacity == CapacityType::Spot)
                        .then(|| t.interruption(region))
                        .flatten(),
                    vcpus,
                    memory_mib,
                    allocatable_cpu_millicores: alloc.cpu_millicores,
                    allocatable_memory_bytes: alloc_mem,
                    pod_capacity: slots + ds_all,
                },
                cpu: alloc.cpu_millicores - ds_cpu,
                memory: alloc_mem - ds_mem,
                slots,
                extra: extra.clone(),
                accelerator,
            });
        }
    }
    if candidates.is_empty() {
        let caps: Vec<String> = capacities.iter().map(|c| c.to_string()).collect();
        return Err(Infeasible(format!(
            "no instance type is left in {region} ({}) after the node constraints and daemonsets: {}",
            caps.join(", "),
            skipped_text(&skipped)
        ))
        .into());
    }

    // Which candidates each workload may use, and whether its pod fits one of them.
    let allows: Vec<Vec<bool>> = w
        .workloads
        .iter()
        .map(|spec| {
            candidates
                .iter()
                .map(|c| {
                    workload_allows(spec, c.t)
                        && spec.allowed_capacity(w.capacity_type).contains(&c.capacity)
                        && taint_allows(w, spec, c)
                        && pod_fits(spec, &names, c)
                })
                .collect()
        })
        .collect();
    let mut misfits: Vec<String> = Vec::new();
    for (spec, ok) in w.workloads.iter().zip(&allows) {
        if spec.replicas > 0 && !ok.iter().any(|&b| b) && !elsewhere(spec) {
            misfits.push(misfit_text(w, spec, &names, &candidates));
        }
    }
    if !misfits.is_empty() {
        return Err(Infeasible(misfits.join("; ")).into());
    }

    // Drop dominated candidates: another one at least as large in CPU, memory and pod slots,
    // allowed for every workload this one is allowed for, and no dearer (ties: keep the first).
    let n = candidates.len();
    let words = w.workloads.len().div_ceil(64);
    let bits: Vec<Vec<u64>> = (0..n)
        .map(|c| {
            let mut v = vec![0u64; words];
            for (wi, row) in allows.iter().enumerate() {
                if row[c] {
                    v[wi / 64] |= 1 << (wi % 64);
                }
            }
            v
        })
        .collect();
    let mut keep = vec![true; n];
    for i in 0..n {
        let a = &candidates[i];
        for j in 0..n {
            let b = &candidates[j];
            if i == j
                || !keep[j]
                || b.cpu < a.cpu
                || b.memory < a.memory
                || b.slots < a.slots
                || b.price > a.price
                || b.extra.iter().zip(&a.extra).any(|(x, y)| x < y)
            {
                continue;
            }
            let covers = bits[i].iter().zip(&bits[j]).all(|(x, y)| x & !y == 0);
            if !covers {
                continue;
            }
            let strictly = b.cpu > a.cpu
                || b.memory > a.memory
                || b.slots > a.slots
                || b.extra != a.extra
                || b.price < a.price
                || bits[i] != bits[j];
            if strictly || j < i {
                keep[i] = false;
                break;
            }
        }
    }
    skipped.dominated = keep.iter().filter(|k| !**k).count();
    let kept: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();

    let zones = w.zones.max(1);
    let mut options = Vec::with_capacity(kept.len() * zones as usize);
    let mut infos = Vec::with_capacity(options.capacity());
    for z in 0..zones {
        for &i in &kept {
            let c = &candidates[i];
            options.push(NodeOption {
                extra: c.extra.clone(),
                instance_type: c.t.name.clone(),
                zone: zone_label(zones, z),
                price: c.price,
                cpu_millicores: c.cpu,
                memory_bytes: c.memory,
                pods: c.slots,
            });
            infos.push(c.info.clone());
        }
    }
    let k = kept.len();
    let mut groups = Vec::new();
    let mut group_infos = Vec::new();
    for (wi, spec) in w.workloads.iter().enumerate() {
        let allowed_in = |z: u32| -> Vec<usize> {
            kept.iter()
                .enumerate()
                .filter(|(_, ci)| allows[wi][**ci])
                .map(|(pos, _)| z as usize * k + pos)
                .collect()
        };
        let request = extra_request(spec, &names);
        let group = |replicas: u32, allowed: Vec<usize>| PodGroup {
            extra: request.clone(),
            name: spec.name.clone(),
            replicas,
            cpu_millicores: spec.cpu_millicores,
            memory_bytes: spec.memory_bytes,
            max_per_node: spec.max_per_node,
            allowed,
        };
        if spec.spread_zones && zones > 1 {
            let (base, extra) = (spec.replicas / zones, spec.replicas % zones);
            for z in 0..zones {
                let r = base + u32::from(z < extra);
                if r == 0 {
                    continue;
                }
                groups.push(group(r, allowed_in(z)));
                group_infos.push(GroupInfo {
                    workload: wi,
                    zone: Some(zone_label(zones, z)),
                });
            }
        } else if spec.replicas > 0 {
            let allowed: Vec<usize> = (0..zones).flat_map(allowed_in).collect();
            groups.push(group(spec.replicas, allowed));
            group_infos.push(GroupInfo {
                workload: wi,
                zone: None,
            });
        }
    }

    let spot_stand_ins = kept
        .iter()
        .filter(|&&i| candidates[i].source == PriceSource::OnDemandStandIn)
        .count();
    Ok(Model {
        problem: Problem {
            extra_names: names,
            options,
            groups,
            max_nodes: w.nodes.max_nodes,
        },
        options: infos,
        groups: group_infos,
        daemonsets,
        candidate_types: kept.len(),
        skipped,
        currency: currency(region),
        spot_stand_ins,
        region: region.to_string(),
        spot_estimate_date: catalog.spot_estimate_date(region),
    })
}

/// The prices of `t` for each capacity type in `capacities`, with their source. A type without
/// spot capacity or above the interruption limit has no spot price (counted in `skipped` when
/// it has no price at all); one without a spot price in the catalog is priced at on-demand.
pub(crate) fn capacity_prices(
    t: &InstanceType,
    w: &Workload,
    on_demand: f64,
    capacities: &[CapacityType],
    skipped: &mut Skipped,
) -> Vec<(CapacityType, f64, PriceSource)> {
    let region = w.region.as_str();
    let mut out = Vec::new();
    let mut why: Option<&mut usize> = None;
    for &c in capacities {
        match c {
            CapacityType::OnDemand => out.push((c, on_demand, PriceSource::OnDemand)),
            CapacityType::Spot => {
                if t.spot == Some(false) {
                    why = Some(&mut skipped.no_spot);
                    continue;
                }
                let (price, source) = match t.spot_price(region, w.zones) {
                    Some((p, SpotSource::Observed)) => (p, PriceSource::Spot),
                    Some((p, SpotSource::Estimate)) => (p, PriceSource::SpotEstimate),
                    None => (on_demand, PriceSource::OnDemandStandIn),
                };
                if let Some(max) = w.max_interruption
                    && t.interruption(region).is_none_or(|b| b > max)
                {
                    why = Some(&mut skipped.interruption);
                    continue;
                }
                out.push((c, price, source));
            }
        }
    }
    if out.is_empty()
        && let Some(n) = why
    {
        *n += 1;
    }
    out
}

/// "workload 'x' (requests 4 CPU, 64Gi) fits no allowed instance type: ..." with the largest
/// allocatable among the types it may use.
fn misfit_text(
    w: &Workload,
    spec: &WorkloadSpec,
    names: &[String],
    candidates: &[Candidate],
) -> String {
    let extra_text: String = spec
        .extra
        .iter()
        .map(|(n, v)| format!(", {} {n}", format_extra(n, *v)))
        .collect();
    let head = format!(
        "workload '{}' (requests {} CPU, {} memory{extra_text} per pod) fits no allowed instance type",
        spec.name,
        format_cpu(spec.cpu_millicores),
        format_memory(spec.memory_bytes)
    );
    let allowed: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| workload_allows(spec, c.t) && taint_allows(w, spec, c))
        .collect();
    if allowed.is_empty() {
        let mut why = Vec::new();
        if !spec.arch.is_empty() {
            let a: Vec<&str> = spec.arch.iter().map(|a| a.as_str()).collect();
            why.push(format!("arch {}", a.join(",")));
        }
        if !spec.instance_types.is_empty() {
            why.push(format!("instanceTypes {}", spec.instance_types.join(",")));
        }
        return format!(
            "{head}: none of the candidate types matches its {} together with the node constraints",
            why.join(" and ")
        );
    }
    let max_by = |key: &dyn Fn(&Candidate) -> u64| -> &Candidate {
        allowed
            .iter()
            .copied()
            .max_by_key(|c| key(c))
            .expect("not empty")
    };
    let cpu = max_by(&|c| c.cpu);
    let mem = max_by(&|c| c.memory);
    let mut short = Vec::new();
    if spec.cpu_millicores > cpu.cpu {
        short.push(format!("{} CPU", format_cpu(spec.cpu_millicores - cpu.cpu)));
    }
    if spec.memory_bytes > mem.memory {
        short.push(format!(
            "{} memory",
            format_memory_mib(spec.memory_bytes - mem.memory)
        ));
    }
    for (d, name) in names.iter().enumerate() {
        let want = spec.extra.get(name).copied().unwrap_or(0);
        let best = max_by(&|c| c.extra[d]);
        if want > best.extra[d] {
            short.push(format!(
                "{} {name} (the most any allowed type offers is {}, {})",
                format_extra(name, want - best.extra[d]),
                format_extra(name, best.extra[d]),
                best.t.name
            ));
        }
    }
    let by = if short.is_empty() {
        "no single type has both (or a pod slot to spare)".to_string()
    } else {
        format!("short by {}", short.join(" and "))
    };
    format!(
        "{head}: the largest allocatable after daemonsets among its {} allowed types is {} CPU ({}) and {} memory ({}): {by}",
        allowed.len(),
        format_cpu(cpu.cpu),
        cpu.t.name,
        format_memory_mib(mem.memory),
        mem.t.name
    )
}

/// An amount of an extra resource for messages: ephemeral storage as memory, else a count.
fn format_extra(name: &str, v: u64) -> String {
    if name == crate::pods::EPHEMERAL_STORAGE {
        format_memory(v)
    } else {
        v.to_string()
    }
}

/// Bytes as MiB with the unit, for messages (`61,234Mi`).
fn format_memory_mib(bytes: u64) -> String {
    format!("{}Mi", crate::numfmt::thousands(bytes >> 20))
}

/// The skip counts in words (only the non-zero ones).
pub fn skipped_text(s: &Skipped) -> String {
    let parts: Vec<String> = [
        (s.constraints, "outside the node constraints"),
        (s.mac, "mac"),
        (s.unknown_size, "of unknown size"),
        (s.not_in_region, "not offered in the region"),
        (
            s.not_priced,
            "offered but not priced in the region (`kplan catalog update` fetches live prices)",
        ),
        (
            s.no_spot,
            "without spot capacity or a spot price in the region",
        ),
        (
            s.interruption,
            "above the spot interruption limit or of unknown band",
        ),
        (
            s.too_small,
            "too small after daemonsets or unusable in the network mode",
        ),
        (s.dominated, "dominated by a cheaper or larger candidate"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{} {what}", crate::numfmt::thousands(*n as u64)))
    .collect();
    if parts.is_empty() {
        "none skipped".into()
    } else {
        parts.join(", ")
    }
}

/// What the daemonsets that run on `instance_type` take from each of its nodes: CPU
/// millicores, memory bytes, pod slots, and VPC addresses (pods off the host network).
pub fn daemonset_overhead(daemonsets: &[DaemonSet], instance_type: &str) -> (u64, u64, u32, u32) {
    let here: Vec<&DaemonSet> = daemonsets
        .iter()
        .filter(|d| d.runs_on_type(instance_type))
        .collect();
    (
        here.iter().map(|d| d.cpu_millicores).sum(),
        here.iter().map(|d| d.memory_bytes).sum(),
        here.len() as u32,
        here.iter().filter(|d| !d.host_network).count() as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pods::MaxPodsMode;
    use crate::workload::parse_yaml;

    /// Six types from shared/reference (see the fixture's header).
    fn catalog() -> Catalog {
        Catalog::parse(include_str!("../../tests/fixtures/fit-catalog.jsonl")).unwrap()
    }

    fn model(yaml: &str) -> Result<Model> {
        build(&parse_yaml(yaml).unwrap(), &catalog())
    }

    fn option<'a>(m: &'a Model, name: &str) -> &'a NodeOption {
        m.problem
            .options
            .iter()
            .find(|o| o.instance_type == name)
            .unwrap_or_else(|| panic!("{name} is not an option"))
    }

    const ONE: &str = "workloads: [{name: w, replicas: 1, cpu: 100m, memory: 100Mi}]";

    #[test]
    fn allocatable_minus_default_daemonsets() {
        let m = model(&format!("nodes: {{instanceTypes: [m5.large]}}\n{ONE}")).unwrap();
        // kplan pods m5.large: 1930m, 6903 MiB, 29 pods; minus aws-node 25m and kube-proxy 100m
        // (no memory) and their two pod slots.
        let o = option(&m, "m5.large");
        assert_eq!(
            (o.cpu_millicores, o.memory_bytes, o.pods, o.price),
            (1805, 6903 << 20, 27, 0.096)
        );
        assert_eq!(m.options[0].pod_capacity, 29);
        assert_eq!(m.daemonsets.len(), 2);
    }

    #[test]
    fn declared_daemonsets_and_vpc_addresses() {
        let yaml = format!(
            "nodes: {{instanceTypes: [m5.large]}}\ndaemonsets:\n  - {{name: node-exporter, cpu: 50m, memory: 64Mi, hostNetwork: true}}\n  - {{name: fluent-bit, cpu: 100m, memory: 128Mi}}\n{ONE}"
        );
        let o = option(&model(&yaml).unwrap(), "m5.large").clone();
        // kubelet: 29 - 4 daemonset pods = 25; addresses: 27 - 1 (fluent-bit) = 26.
        assert_eq!(
            (o.cpu_millicores, o.memory_bytes, o.pods),
            (1930 - 275, (6903 - 192) << 20, 25)
        );
        // Without daemonsets the 27 VPC addresses, not the kubelet's 29, limit the pods.
        let off =
            format!("eksDefaultDaemonsets: false\nnodes: {{instanceTypes: [m5.large]}}\n{ONE}");
        let o = option(&model(&off).unwrap(), "m5.large").clone();
        assert_eq!((o.cpu_millicores, o.pods), (1930, 27));
    }

    #[test]
    fn networking_modes() {
        let mut w = parse_yaml(&format!("nodes: {{instanceTypes: [m5.large]}}\n{ONE}")).unwrap();
        w.networking.mode = NetworkMode::PrefixDelegation;
        // 110 cap (<= 30 vCPUs), minus the two daemonsets.
        assert_eq!(
            option(&build(&w, &catalog()).unwrap(), "m5.large").pods,
            108
        );
        w.networking.max_pods = MaxPodsMode::Fixed(20);
        let m = build(&w, &catalog()).unwrap();
        assert_eq!(option(&m, "m5.large").pods, 18);
        // kube-reserved memory follows max pods: 11 x 20 + 255 = 475 MiB instead of 574.
        assert_eq!(option(&m, "m5.large").memory_bytes, (6903 + 99) << 20);
        w.networking.mode = NetworkMode::Ipv6;
        w.networking.max_pods = MaxPodsMode::Recommended;
        assert_eq!(
            option(&build(&w, &catalog()).unwrap(), "m5.large").pods,
            108
        );
        w.networking.mode = NetworkMode::SecondaryIp;
        w.networking.custom_networking = true;
        // Two ENIs of 9 addresses: 2 x 9 + 2 = 20 max pods, 18 addresses, minus nothing.
        assert_eq!(option(&build(&w, &catalog()).unwrap(), "m5.large").pods, 18);
    }

    #[test]
    fn constraints_filter_types() {
        let names = |yaml: &str| -> Vec<String> {
            let m = model(yaml).unwrap();
            let mut v: Vec<String> = m
                .problem
                .options
                .iter()
                .map(|o| o.instance_type.clone())
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            names(&format!("nodes: {{arch: arm64}}\n{ONE}")),
            ["m6g.large"]
        );
        assert_eq!(
            names(&format!("nodes: {{families: [m5], minVcpu: 4}}\n{ONE}")),
            ["m5.xlarge"]
        );
        assert_eq!(
            names(&format!(
                "nodes: {{categories: [m], minGeneration: 6}}\n{ONE}"
            )),
            ["m6g.large"]
        );
        assert_eq!(
            names(&format!(
                "nodes: {{instanceTypes: ['*.large'], exclude: [m6g.*, 'c*'], maxVcpu: 2}}\n{ONE}"
            )),
            ["m5.large", "r5.large"]
        );
        // c5.large (1805m, 3 GiB, $0.085) is dominated by m6g.large (1805m, 6.7 GiB, $0.077)
        // when both are allowed; not when the workload needs amd64.
        let all = model(ONE).unwrap();
        assert!(
            !all.problem
                .options
                .iter()
                .any(|o| o.instance_type == "c5.large")
        );
        assert_eq!(all.skipped.dominated, 1);
        let amd =
            model("workloads: [{name: w, replicas: 1, cpu: 1, memory: 1Gi, arch: amd64}]").unwrap();
        assert!(
            amd.problem
                .options
                .iter()
                .any(|o| o.instance_type == "c5.large")
        );
    }

    #[test]
    fn zones_and_spread() {
        let m = model(
            "zones: 3\nnodes: {instanceTypes: [m5.large]}\nworkloads:\n  - {name: api, replicas: 7, cpu: 1, memory: 1Gi, spreadZones: true, maxPerNode: 1}\n  - {name: worker, replicas: 5, cpu: 1, memory: 1Gi}",
        )
        .unwrap();
        let zones: Vec<&str> = m.problem.options.iter().map(|o| o.zone.as_str()).collect();
        assert_eq!(zones, ["a", "b", "c"]);
        let g = &m.problem.groups;
        assert_eq!(g.len(), 4);
        let parts: Vec<(u32, &Vec<usize>, Option<u32>)> = g[..3]
            .iter()
            .map(|x| (x.replicas, &x.allowed, x.max_per_node))
            .collect();
        assert_eq!(
            parts,
            [
                (3, &vec![0], Some(1)),
                (2, &vec![1], Some(1)),
                (2, &vec![2], Some(1))
            ]
        );
        assert_eq!(m.groups[1].zone.as_deref(), Some("b"));
        assert_eq!((g[3].replicas, &g[3].allowed), (5, &vec![0, 1, 2]));
        assert_eq!(m.groups[3].zone, None);
    }

    #[test]
    fn per_workload_types_and_arch() {
        let m = model(
            "workloads:\n  - {name: a, replicas: 1, cpu: 1, memory: 1Gi, arch: arm64}\n  - {name: b, replicas: 1, cpu: 1, memory: 1Gi, instanceTypes: [r5.large, 'm5.*']}",
        )
        .unwrap();
        let allowed = |g: usize| -> Vec<&str> {
            m.problem.groups[g]
                .allowed
                .iter()
                .map(|&i| m.problem.options[i].instance_type.as_str())
                .collect()
        };
        assert_eq!(allowed(0), ["m6g.large"]);
        assert_eq!(allowed(1), ["m5.large", "m5.xlarge", "r5.large"]);
        assert_eq!(m.problem.max_nodes, None);
    }

    #[test]
    fn spot_prices_and_stand_ins() {
        let m = model(&format!(
            "capacityType: spot\nnodes: {{instanceTypes: [m5.large, r5.large]}}\n{ONE}"
        ))
        .unwrap();
        // The fixture has an observed spot price for m5.large only; r5.large's on-demand price
        // stands in (marked).
        assert_eq!(option(&m, "m5.large").price, 0.04);
        assert_eq!(option(&m, "r5.large").price, 0.126);
        let src: Vec<PriceSource> = m.options.iter().map(|o| o.price_source).collect();
        assert_eq!(src, [PriceSource::Spot, PriceSource::OnDemandStandIn]);
        assert_eq!(m.spot_stand_ins, 1);
    }

    /// Two embedded-catalog types in eu-west-1 with the advisor's figures from
    /// data/sources/spot-advisor.csv: m5.large 5-10% saving 57%, m6i.large <5% saving 54%.
    fn advisor_catalog() -> Catalog {
        let e = Catalog::embedded().unwrap();
        Catalog {
            header: e.header.clone(),
            types: ["m5.large", "m6i.large"]
                .iter()
                .map(|n| e.get(n).unwrap().clone())
                .collect(),
        }
    }

    #[test]
    fn spot_estimates_bands_and_mixed_capacity() {
        let c = advisor_catalog();
        let m5 = c.get("m5.large").unwrap();
        // eu-west-1,m5.large: 0.107 on demand (on-demand-prices-regions.csv), advisor 5-10%, 57%.
        assert_eq!(m5.on_demand_price("eu-west-1"), Some(0.107));
        assert_eq!(m5.interruption("eu-west-1"), Some(Band::From5To10));
        let w = |extra: &str| {
            parse_yaml(&format!(
                "region: eu-west-1\n{extra}\nworkloads:\n  - {{name: od, replicas: 1, cpu: 100m, memory: 100Mi, capacityType: on-demand}}\n  - {{name: sp, replicas: 1, cpu: 100m, memory: 100Mi, capacityType: spot}}"
            ))
            .unwrap()
        };
        let m = build(&w(""), &c).unwrap();
        let by = |cap: CapacityType| -> Vec<(String, f64, PriceSource)> {
            m.problem
                .options
                .iter()
                .zip(&m.options)
                .filter(|(_, i)| i.price_source.capacity_type() == cap)
                .map(|(o, i)| (o.instance_type.clone(), o.price, i.price_source))
                .collect()
        };
        assert!(by(CapacityType::Spot).contains(&(
            "m5.large".into(),
            0.04601,
            PriceSource::SpotEstimate
        )));
        assert!(!by(CapacityType::OnDemand).is_empty());
        // Each group may use only its own capacity type.
        for (g, want) in m
            .problem
            .groups
            .iter()
            .zip([CapacityType::OnDemand, CapacityType::Spot])
        {
            assert!(
                g.allowed
                    .iter()
                    .all(|&i| m.options[i].price_source.capacity_type() == want)
            );
        }
        // A band limit below m5.large's keeps its spot option out, not its on-demand one.
        let m = build(&w("maxInterruption: '<5%'"), &c).unwrap();
        assert!(m.problem.options.iter().zip(&m.options).all(|(o, i)| {
            i.price_source == PriceSource::OnDemand
                || i.interruption.is_some_and(|b| b <= Band::Under5)
                    && o.instance_type != "m5.large"
        }));
    }

    #[test]
    fn pod_that_fits_nothing_is_infeasible() {
        let e = model("workloads: [{name: big, replicas: 2, cpu: 4, memory: 1Gi}]").unwrap_err();
        assert!(e.is::<Infeasible>());
        assert_eq!(
            e.to_string(),
            "workload 'big' (requests 4 CPU, 1Gi memory per pod) fits no allowed instance type: \
             the largest allocatable after daemonsets among its 6 allowed types is 3795m CPU \
             (m5.xlarge) and 14,481Mi memory (r5.large): short by 205m CPU"
        );
        let e = model("nodes: {arch: [amd64]}\nworkloads: [{name: g, replicas: 1, cpu: 1, memory: 1, arch: arm64}]")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("none of the candidate types matches its arch arm64"),
            "{e}"
        );
    }

    #[test]
    fn bad_names_are_input_errors() {
        for (yaml, want) in [
            (
                "region: us-east-9",
                "region: unknown region 'us-east-9': no instance type of the catalog is offered there; did you mean us-east-1?",
            ),
            (
                "nodes: {families: [m55]}",
                "nodes.families[0]: no instance type has 'm55'; did you mean m5?",
            ),
            (
                "nodes: {instanceTypes: [m5.larg]}",
                "nodes.instanceTypes[0]: unknown instance type 'm5.larg'; did you mean m5.large?",
            ),
            (
                "nodes: {instanceTypes: ['x9.*']}",
                "nodes.instanceTypes[0]: no instance type matches the pattern 'x9.*'",
            ),
        ] {
            let e = model(&format!("{yaml}\n{ONE}")).unwrap_err();
            assert!(!e.is::<Infeasible>());
            assert_eq!(e.to_string(), want);
        }
    }
}

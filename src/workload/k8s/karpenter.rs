//! Karpenter's objects: NodePools (the types their requirements allow, capacity types, zones,
//! taints, labels, limits, weight) and EC2NodeClasses (kubelet settings), and the region and
//! zone count they imply.

use super::Object;
use super::convert::{ConvertError, Options, bad};
use super::diagnostics::Diagnostics;
use super::labels::{self, Operator};
use super::manifest::Taint;
use super::scheduling::to_req;
use crate::catalog::Catalog;
use crate::pods::{KubeletSettings, MaxPodsMode};
use std::collections::{BTreeMap, BTreeSet};

/// A Karpenter NodePool as kplan uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    pub name: String,
    pub weight: i64,
    /// Catalog types its requirements allow (sorted by name).
    pub types: Vec<String>,
    /// `on-demand`, `spot` (default on-demand only, as Karpenter).
    pub capacity_types: Vec<String>,
    /// Zones it allows; empty = any.
    pub zones: Vec<String>,
    pub taints: Vec<Taint>,
    /// Labels its nodes carry beyond the type labels (template labels, single-valued `In`).
    pub labels: BTreeMap<String, String>,
    pub limit_cpu_millicores: Option<u64>,
    pub limit_memory_bytes: Option<u64>,
    /// Name of the EC2NodeClass it references.
    pub node_class: Option<String>,
    /// The NodePool as written: `-o nodepool` changes only its type and zone requirements.
    pub raw: yaml_serde::Value,
}

/// Kubelet settings of an EC2NodeClass (`spec.kubelet`); `None` = Karpenter's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KubeletOverride {
    pub node_class: String,
    pub max_pods: Option<u32>,
    pub pods_per_core: Option<u32>,
    pub kube_reserved_cpu_millicores: Option<u64>,
    pub kube_reserved_memory_mib: Option<u64>,
    pub system_reserved_cpu_millicores: Option<u64>,
    pub system_reserved_memory_mib: Option<u64>,
    pub eviction_hard_memory_mib: Option<u64>,
}

impl KubeletOverride {
    /// Applies the settings that are given to `k`.
    pub fn apply(&self, k: &mut KubeletSettings) {
        if let Some(m) = self.max_pods {
            k.max_pods = MaxPodsMode::Fixed(m);
        }
        if self.pods_per_core.is_some() {
            k.pods_per_core = self.pods_per_core;
        }
        if self.kube_reserved_cpu_millicores.is_some() {
            k.kube_reserved_cpu_millicores = self.kube_reserved_cpu_millicores;
        }
        if self.kube_reserved_memory_mib.is_some() {
            k.kube_reserved_memory_mib = self.kube_reserved_memory_mib;
        }
        if let Some(v) = self.system_reserved_cpu_millicores {
            k.system_reserved_cpu_millicores = v;
        }
        if let Some(v) = self.system_reserved_memory_mib {
            k.system_reserved_memory_mib = v;
        }
        if let Some(v) = self.eviction_hard_memory_mib {
            k.eviction_hard_memory_mib = v;
        }
    }
}

fn read_pool(
    obj: &Object,
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Pool, ConvertError> {
    let name = obj.metadata.name.clone().unwrap_or_default();
    let tmpl = obj.spec.template.as_ref();
    let ts = tmpl.and_then(|t| t.spec.clone()).unwrap_or_default();
    let mut reqs = Vec::new();
    let mut capacity_types = vec!["on-demand".to_string()];
    let mut zones = Vec::new();
    let mut labels_out: BTreeMap<String, String> =
        tmpl.map(|t| t.metadata.labels.clone()).unwrap_or_default();
    for (i, r) in ts.requirements.iter().enumerate() {
        let path = format!("spec.template.spec.requirements[{i}]");
        let req = to_req(obj, &path, r)?;
        if r.min_values.is_some() {
            notes.note(format!("{}: minValues on '{}'", obj.title(), r.key));
        }
        if labels::is_type_label(&r.key) {
            reqs.push(req);
        } else if r.key == labels::CAPACITY_TYPE {
            capacity_types = ["on-demand", "spot"]
                .iter()
                .map(|s| s.to_string())
                .filter(|c| req.matches_values(std::slice::from_ref(c)))
                .collect();
            if let Some(v) = req
                .values
                .iter()
                .find(|v| !["on-demand", "spot", "reserved"].contains(&v.as_str()))
            {
                return Err(bad(obj.error(format!(
                    "{path}.values: unknown capacity type '{v}' (expected on-demand or spot)"
                ))));
            }
        } else if r.key == labels::ZONE {
            if req.op == Operator::In {
                zones = req.values.clone();
            } else {
                notes.note(format!(
                    "{}: zone requirement with {:?}",
                    obj.title(),
                    req.op
                ));
            }
        } else if req.op == Operator::In && req.values.len() == 1 {
            labels_out.insert(req.key.clone(), req.values[0].clone());
        } else {
            notes.note(format!(
                "{}: requirement on '{}' (not an instance-type label)",
                obj.title(),
                r.key
            ));
        }
    }
    if capacity_types.is_empty() {
        return Err(bad(obj.error("spec.template.spec.requirements: karpenter.sh/capacity-type allows neither on-demand nor spot")));
    }
    let types: Vec<String> = catalog
        .types
        .iter()
        .filter(|t| reqs.iter().all(|r| r.matches_type(t).unwrap_or(true)))
        .map(|t| t.name.clone())
        .collect();
    if types.is_empty() {
        return Err(bad(obj.error(
            "spec.template.spec.requirements: allow no instance type of the catalog",
        )));
    }
    let limits = obj
        .spec
        .limits
        .as_ref()
        .and_then(|l| l.resources())
        .cloned()
        .unwrap_or_default();
    for o in &limits.other {
        notes.note(format!("{}: limit on '{o}'", obj.title()));
    }
    let weight = obj.spec.weight.unwrap_or(0);
    if !(0..=100).contains(&weight) {
        return Err(bad(
            obj.error(format!("spec.weight: {weight} is not from 0 to 100"))
        ));
    }
    for t in &ts.taints {
        if !["NoSchedule", "NoExecute", "PreferNoSchedule"].contains(&t.effect.as_str()) {
            return Err(bad(obj.error(format!("spec.template.spec.taints: effect '{}' (expected NoSchedule, NoExecute or PreferNoSchedule)", t.effect))));
        }
    }
    Ok(Pool {
        name,
        weight,
        types,
        capacity_types,
        zones,
        taints: ts.taints.clone(),
        labels: labels_out,
        limit_cpu_millicores: limits.cpu.map(|c| c.0),
        limit_memory_bytes: limits.memory.map(|m| m.0),
        node_class: ts.node_class_ref.as_ref().map(|r| r.name.clone()),
        raw: obj.raw.clone(),
    })
}

fn read_kubelet(obj: &Object, notes: &mut Diagnostics) -> Result<KubeletOverride, ConvertError> {
    let name = obj.metadata.name.clone().unwrap_or_default();
    let mut k = KubeletOverride {
        node_class: name,
        ..Default::default()
    };
    let Some(kl) = &obj.spec.kubelet else {
        return Ok(k);
    };
    let num = |field: &str, v: Option<i64>| -> Result<Option<u32>, ConvertError> {
        v.map(|n| {
            u32::try_from(n).ok().filter(|&n| n > 0).ok_or_else(|| {
                bad(obj.error(format!(
                    "spec.kubelet.{field}: {n} must be a positive integer"
                )))
            })
        })
        .transpose()
    };
    k.max_pods = num("maxPods", kl.max_pods)?;
    k.pods_per_core = num("podsPerCore", kl.pods_per_core)?;
    let mib = |b: u64| b.div_ceil(1 << 20);
    if let Some(r) = &kl.kube_reserved {
        k.kube_reserved_cpu_millicores = r.cpu.map(|c| c.0);
        k.kube_reserved_memory_mib = r.memory.map(|m| mib(m.0));
    }
    if let Some(r) = &kl.system_reserved {
        k.system_reserved_cpu_millicores = r.cpu.map(|c| c.0);
        k.system_reserved_memory_mib = r.memory.map(|m| mib(m.0));
    }
    for (key, v) in &kl.eviction_hard {
        if key == "memory.available" && !v.ends_with('%') {
            let b = crate::workload::quantity::parse_memory_bytes(v).map_err(|e| {
                bad(obj.error(format!("spec.kubelet.evictionHard.memory.available: {e}")))
            })?;
            k.eviction_hard_memory_mib = Some(mib(b));
        } else {
            notes.note(format!("{}: evictionHard {key}: {v}", obj.title()));
        }
    }
    Ok(k)
}

fn pick_kubelet(
    pools: &[Pool],
    classes: &BTreeMap<String, KubeletOverride>,
    notes: &mut Diagnostics,
) -> Option<KubeletOverride> {
    let referenced: BTreeSet<&str> = pools
        .iter()
        .filter_map(|p| p.node_class.as_deref())
        .collect();
    let used: Vec<&KubeletOverride> = referenced.iter().filter_map(|n| classes.get(*n)).collect();
    let first = used.first().map(|k| (*k).clone())?;
    if used.iter().any(|k| {
        KubeletOverride {
            node_class: String::new(),
            ..(*k).clone()
        } != KubeletOverride {
            node_class: String::new(),
            ..first.clone()
        }
    }) {
        notes.note(format!(
            "EC2NodeClasses with different kubelet settings: those of {} used for every node",
            first.node_class
        ));
    }
    Some(first)
}

/// What the Karpenter objects of the input say.
#[derive(Debug, Clone)]
pub struct Karpenter {
    pub pools: Vec<Pool>,
    pub kubelet: Option<KubeletOverride>,
    pub region: String,
    pub zones: u32,
}

fn zone_of_region(zone: &str) -> String {
    zone.trim_end_matches(|c: char| c.is_ascii_lowercase())
        .to_string()
}

/// Reads the NodePools and EC2NodeClasses; the region and zone count from their zones (or the
/// options: default us-east-1 and 3 zones).
pub fn read(
    objects: &[&Object],
    catalog: &Catalog,
    opts: &Options,
    notes: &mut Diagnostics,
) -> Result<Karpenter, ConvertError> {
    let mut pools = Vec::new();
    let mut classes: BTreeMap<String, KubeletOverride> = BTreeMap::new();
    for obj in objects {
        match obj.kind.as_str() {
            "NodePool" => pools.push(read_pool(obj, catalog, notes)?),
            "EC2NodeClass" => {
                let k = read_kubelet(obj, notes)?;
                classes.insert(k.node_class.clone(), k);
            }
            _ => {}
        }
    }
    let kubelet = pick_kubelet(&pools, &classes, notes);
    let pool_zones: BTreeSet<String> = pools.iter().flat_map(|p| p.zones.iter().cloned()).collect();
    let regions: BTreeSet<String> = pool_zones.iter().map(|z| zone_of_region(z)).collect();
    if regions.len() > 1 {
        return Err(bad(format!(
            "NodePool zones span several regions: {}",
            regions.iter().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    let region = match (regions.iter().next(), &opts.region) {
        (Some(r), Some(o)) if r != o => {
            return Err(bad(format!(
                "--region {o} disagrees with the NodePool zones, which are in {r}"
            )));
        }
        (Some(r), _) => r.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "us-east-1".to_string(),
    };
    let zones = if !pool_zones.is_empty() {
        pool_zones.len() as u32
    } else {
        opts.zones.unwrap_or(3)
    };
    Ok(Karpenter {
        pools,
        kubelet,
        region,
        zones,
    })
}

/// The capacity types a workload may run on: those its NodePools offer (every pool when it is
/// planned on none in particular; both kinds without NodePools), within its pods'
/// `karpenter.sh/capacity-type` requirements.
pub fn capacity_of(
    r: &super::restrictions::Restricted,
    pools: &[Pool],
) -> Vec<crate::workload::CapacityType> {
    use crate::workload::CapacityType;
    let mut caps = vec![CapacityType::OnDemand, CapacityType::Spot];
    if !pools.is_empty() {
        let reached: Vec<&Pool> = pools
            .iter()
            .filter(|p| r.pools.as_ref().is_none_or(|names| names.contains(&p.name)))
            .collect();
        caps.retain(|c| {
            let c = c.to_string();
            reached.iter().any(|p| p.capacity_types.contains(&c))
        });
    }
    for q in &r.capacity {
        caps.retain(|c| q.matches_values(&[c.to_string()]));
    }
    caps
}

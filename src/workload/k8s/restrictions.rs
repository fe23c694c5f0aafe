//! The instance types each workload may use: its own node requirements on the type labels,
//! intersected with the NodePools it may use (taints tolerated, labels and zones satisfied, the
//! highest `weight` first), encoded as the shortest `arch` / `instanceTypes` restriction.

use super::convert::{ConvertError, Pending, bad};
use super::diagnostics::Diagnostics;
use super::karpenter::Pool;
use super::labels::{self, Operator, Req};
use super::scheduling::{pod_terms, tolerates};
use super::shown;
use crate::catalog::Catalog;
use crate::workload::{Arch, WorkloadSpec};
use std::collections::{BTreeMap, BTreeSet};

/// A workload with its restrictions, and what the plan needs besides.
#[derive(Debug, Clone)]
pub struct Restricted {
    /// Within the NodePools.
    pub spec: WorkloadSpec,
    /// By the pod's own selectors only (for `--current` node groups Karpenter does not manage).
    pub own: WorkloadSpec,
    /// The NodePools it is planned on (those of the highest weight it may use).
    pub pools: Option<Vec<String>>,
    /// The only zones it may run in.
    pub zone_pin: Option<Vec<String>>,
    /// Its capacity-type requirements.
    pub capacity: Vec<Req>,
    /// Labels its nodes must carry beyond the well-known ones (single-valued `In`).
    pub labels: BTreeMap<String, String>,
}

/// Restricts `w` (the workload of `p`) to the types its node requirements and NodePools allow.
pub fn restrict(
    p: &Pending,
    mut w: WorkloadSpec,
    pools: &[Pool],
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Restricted, ConvertError> {
    let terms = pod_terms(p.obj, &p.pod, p.base)?;
    let capacity: Vec<Req> = terms
        .iter()
        .flatten()
        .filter(|r| r.key == labels::CAPACITY_TYPE)
        .cloned()
        .collect();
    let mut type_terms: Vec<Vec<Req>> = Vec::new();
    let mut zones_allowed: Option<BTreeSet<String>> = None;
    let mut custom: Vec<Req> = Vec::new();
    for t in &terms {
        let mut tt = Vec::new();
        for r in t {
            if labels::is_type_label(&r.key) {
                tt.push(r.clone());
            } else if r.key == labels::ZONE && r.op == Operator::In {
                let z = zones_allowed.get_or_insert_with(BTreeSet::new);
                z.extend(r.values.iter().cloned());
            } else if terms.len() == 1 {
                custom.push(r.clone());
            } else {
                notes.note(format!(
                    "{}: node affinity on '{}' inside alternative terms",
                    p.obj.title(),
                    r.key
                ));
            }
        }
        type_terms.push(tt);
    }
    let type_ok = |t: &crate::catalog::InstanceType| {
        type_terms
            .iter()
            .any(|term| term.iter().all(|r| r.matches_type(t).unwrap_or(true)))
    };
    let allowed_by_pod: BTreeSet<&str> = catalog
        .types
        .iter()
        .filter(|t| type_ok(t))
        .map(|t| t.name.as_str())
        .collect();
    let mut chosen: BTreeSet<&str> = allowed_by_pod.clone();
    let mut planned_pools = None;
    if !pools.is_empty() {
        let (types, names) =
            usable_pools(p, pools, &custom, &zones_allowed, &allowed_by_pod, notes)?;
        chosen = types;
        planned_pools = Some(names);
    } else {
        for r in &custom {
            notes.note(format!(
                "{}: node selector {} {:?} {:?} (no NodePool in the input to check it against)",
                p.obj.title(),
                r.key,
                r.op,
                r.values
            ));
        }
    }
    let everything: BTreeSet<&str> = if pools.is_empty() {
        catalog.types.iter().map(|t| t.name.as_str()).collect()
    } else {
        pools
            .iter()
            .flat_map(|p| p.types.iter().map(String::as_str))
            .collect()
    };
    if chosen != everything {
        // Unknown architectures in a selector are an input error, not an empty set.
        for r in terms
            .iter()
            .flatten()
            .filter(|r| r.key == "kubernetes.io/arch")
        {
            if let Some(v) = r
                .values
                .iter()
                .find(|v| !["amd64", "arm64"].contains(&v.as_str()))
            {
                return Err(bad(p.obj.error(format!(
                    "kubernetes.io/arch: unknown architecture '{v}' (expected amd64 or arm64)"
                ))));
            }
        }
        if chosen.is_empty() {
            return Err(ConvertError {
                message: p
                    .obj
                    .error("its node selector and affinity allow no instance type of the catalog"),
                infeasible: true,
            });
        }
        (w.arch, w.instance_types) = encode(&chosen, &everything, catalog);
    }
    // The same workload judged by its own selectors only (no NodePool): for today's nodes.
    let mut own = w.clone();
    if !pools.is_empty() {
        let every: BTreeSet<&str> = catalog.types.iter().map(|t| t.name.as_str()).collect();
        (own.arch, own.instance_types) = if allowed_by_pod == every {
            (Vec::new(), Vec::new())
        } else {
            encode(&allowed_by_pod, &every, catalog)
        };
    }
    let labels = custom
        .iter()
        .filter(|r| r.op == Operator::In && r.values.len() == 1)
        .filter(|r| r.key != labels::NODEPOOL && r.key != labels::CAPACITY_TYPE)
        .map(|r| (r.key.clone(), r.values[0].clone()))
        .collect();
    Ok(Restricted {
        spec: w,
        own,
        pools: planned_pools,
        zone_pin: zones_allowed.map(|z| z.into_iter().collect()),
        capacity,
        labels,
    })
}

/// The types of the NodePools of the highest weight the pod may use, and their names.
fn usable_pools<'c>(
    p: &Pending,
    pools: &'c [Pool],
    custom: &[Req],
    zones_allowed: &Option<BTreeSet<String>>,
    allowed_by_pod: &BTreeSet<&str>,
    notes: &mut Diagnostics,
) -> Result<(BTreeSet<&'c str>, Vec<String>), ConvertError> {
    let mut usable: Vec<(&Pool, Vec<&str>)> = Vec::new();
    let mut why = Vec::new();
    for pool in pools {
        if let Some(t) = pool
            .taints
            .iter()
            .find(|t| !tolerates(&p.pod.tolerations, t))
        {
            why.push(format!(
                "NodePool {} has taint {}={}:{} the pod does not tolerate",
                shown(&pool.name),
                shown(&t.key),
                t.value.clone().unwrap_or_default(),
                t.effect
            ));
            continue;
        }
        if let Some(r) = custom.iter().find(|r| !pool_has(pool, r)) {
            why.push(format!(
                "NodePool {} does not satisfy {} {:?} {:?}",
                shown(&pool.name),
                shown(&r.key),
                r.op,
                r.values
            ));
            continue;
        }
        if let Some(z) = zones_allowed
            && !pool.zones.is_empty()
            && !pool.zones.iter().any(|pz| z.contains(pz))
        {
            why.push(format!(
                "NodePool {} has none of the zones {:?}",
                shown(&pool.name),
                z
            ));
            continue;
        }
        let types: Vec<&str> = pool
            .types
            .iter()
            .map(String::as_str)
            .filter(|t| allowed_by_pod.contains(t))
            .collect();
        if types.is_empty() {
            why.push(format!(
                "NodePool {} allows none of the types the pod selects",
                shown(&pool.name)
            ));
            continue;
        }
        usable.push((pool, types));
    }
    let Some(top) = usable.iter().map(|(p, _)| p.weight).max() else {
        return Err(ConvertError {
            message: format!(
                "{}: no NodePool can run its pods: {}",
                p.obj.error("placement"),
                why.join("; ")
            ),
            infeasible: true,
        });
    };
    if usable.iter().any(|(p, _)| p.weight != top) {
        notes.note(format!(
            "{}: planned on the NodePools of weight {top} only (Karpenter's first choice)",
            p.name
        ));
    }
    let best = usable.iter().filter(|(p, _)| p.weight == top);
    let types = best.clone().flat_map(|(_, t)| t.iter().copied()).collect();
    let names = best.map(|(p, _)| p.name.clone()).collect();
    Ok((types, names))
}

/// The shortest restriction that, within `everything`, allows exactly `chosen`: an
/// architecture, family globs (`m6i.*`), or the names.
pub fn encode(
    chosen: &BTreeSet<&str>,
    everything: &BTreeSet<&str>,
    catalog: &Catalog,
) -> (Vec<Arch>, Vec<String>) {
    let in_scope: Vec<&crate::catalog::InstanceType> = catalog
        .types
        .iter()
        .filter(|t| everything.contains(t.name.as_str()))
        .collect();
    for (arch, name) in [(Arch::Amd64, "amd64"), (Arch::Arm64, "arm64")] {
        let same = in_scope
            .iter()
            .all(|t| t.architectures.iter().any(|a| a == name) == chosen.contains(t.name.as_str()));
        if same {
            return (vec![arch], Vec::new());
        }
    }
    let families: BTreeSet<&str> = in_scope
        .iter()
        .filter(|t| chosen.contains(t.name.as_str()))
        .map(|t| t.family.as_str())
        .collect();
    let exact = in_scope
        .iter()
        .all(|t| families.contains(t.family.as_str()) == chosen.contains(t.name.as_str()));
    if exact && families.len() < chosen.len() {
        return (
            Vec::new(),
            families.iter().map(|f| format!("{f}.*")).collect(),
        );
    }
    (Vec::new(), chosen.iter().map(|s| s.to_string()).collect())
}

pub fn pool_has(pool: &Pool, r: &Req) -> bool {
    let have: Vec<String> = if r.key == labels::NODEPOOL {
        vec![pool.name.clone()]
    } else if r.key == labels::CAPACITY_TYPE {
        pool.capacity_types.clone()
    } else if r.key == labels::ZONE {
        pool.zones.clone()
    } else {
        pool.labels.get(&r.key).cloned().into_iter().collect()
    };
    r.matches_values(&have)
}

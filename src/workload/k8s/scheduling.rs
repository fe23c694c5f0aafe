//! The scheduler's rules kplan models: node selectors and required node affinity (as
//! requirements), taints and tolerations, pod anti-affinity and topology spread on the pod's
//! own labels, and where a DaemonSet runs.

use super::Object;
use super::convert::{ConvertError, Pending, bad};
use super::diagnostics::Diagnostics;
use super::karpenter::Pool;
use super::labels::{self, Req};
use super::manifest::{LabelSelector, Requirement, Spec, Taint, Toleration};
use super::shown;
use crate::catalog::Catalog;
use crate::workload::WorkloadSpec;
use std::collections::BTreeMap;

pub fn selector_matches(sel: &Option<LabelSelector>, labels: &BTreeMap<String, String>) -> bool {
    let Some(sel) = sel else { return false };
    if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
        return false;
    }
    sel.match_labels
        .iter()
        .all(|(k, v)| labels.get(k) == Some(v))
        && sel.match_expressions.iter().all(|e| {
            let have: Vec<String> = labels.get(&e.key).cloned().into_iter().collect();
            let values = e.values.iter().map(|v| v.0.clone()).collect();
            Req::new(&e.key, &e.operator, values).is_ok_and(|r| r.matches_values(&have))
        })
}

pub fn tolerates(tols: &[Toleration], taint: &Taint) -> bool {
    if taint.effect == "PreferNoSchedule" {
        return true;
    }
    tols.iter().any(|t| {
        let effect_ok = t
            .effect
            .as_deref()
            .is_none_or(|e| e.is_empty() || e == taint.effect);
        let op = t.operator.as_deref().unwrap_or("Equal");
        let key = t.key.as_deref().unwrap_or("");
        let key_ok = if key.is_empty() {
            op == "Exists"
        } else {
            key == taint.key
        };
        let value_ok = op == "Exists"
            || t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("");
        effect_ok && key_ok && value_ok
    })
}

pub fn to_req(obj: &Object, path: &str, r: &Requirement) -> Result<Req, ConvertError> {
    let values = r.values.iter().map(|v| v.0.clone()).collect();
    Req::new(&r.key, &r.operator, values).map_err(|e| bad(obj.error(format!("{path}: {e}"))))
}

/// The node requirements of a pod: alternatives (terms, ORed) of requirements (ANDed). The
/// nodeSelector is ANDed into every term.
pub fn pod_terms(obj: &Object, pod: &Spec, base: &str) -> Result<Vec<Vec<Req>>, ConvertError> {
    let mut common = Vec::new();
    for (k, v) in &pod.node_selector {
        common.push(Req::new(k, "In", vec![v.0.clone()]).map_err(|e| bad(obj.error(e)))?);
    }
    let mut terms = Vec::new();
    if let Some(req) = pod
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|n| {
            n.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
    {
        for (i, t) in req.node_selector_terms.iter().enumerate() {
            let mut term = common.clone();
            for (j, e) in t.match_expressions.iter().enumerate() {
                let path = format!(
                    "{base}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[{i}].matchExpressions[{j}]"
                );
                term.push(to_req(obj, &path, e)?);
            }
            terms.push(term);
        }
    }
    if terms.is_empty() {
        terms.push(common);
    }
    Ok(terms)
}

/// Pod anti-affinity and topology spread.
pub fn pod_placement(
    p: &Pending,
    w: &mut WorkloadSpec,
    notes: &mut Diagnostics,
) -> Result<(), ConvertError> {
    let title = p.obj.title();
    let own = &p.labels;
    if let Some(a) = &p.pod.affinity {
        if a.node_affinity.as_ref().is_some_and(|n| {
            n.preferred_during_scheduling_ignored_during_execution
                .is_some()
        }) {
            notes.note(format!("{title}: preferred node affinity"));
        }
        if let Some(pa) = &a.pod_affinity {
            if !pa
                .required_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.note(format!("{title}: required pod affinity"));
            }
            if !pa
                .preferred_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.note(format!("{title}: preferred pod affinity"));
            }
        }
        if let Some(aa) = &a.pod_anti_affinity {
            for t in &aa.required_during_scheduling_ignored_during_execution {
                let own_pods = selector_matches(&t.label_selector, own);
                if t.topology_key == labels::HOSTNAME && own_pods {
                    w.max_per_node = Some(1);
                } else if own_pods {
                    notes.note(format!(
                        "{title}: required pod anti-affinity on '{}'",
                        t.topology_key
                    ));
                } else {
                    notes.note(format!(
                        "{title}: required pod anti-affinity against other workloads"
                    ));
                }
            }
            if !aa
                .preferred_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.note(format!("{title}: preferred pod anti-affinity"));
            }
        }
    }
    let base = p.base;
    for (i, c) in p.pod.topology_spread_constraints.iter().enumerate() {
        if c.max_skew < 1 {
            return Err(bad(p.obj.error(format!(
                "{base}.topologySpreadConstraints[{i}].maxSkew: {} must be at least 1",
                c.max_skew
            ))));
        }
        let own_pods = selector_matches(&c.label_selector, own);
        if c.when_unsatisfiable == "ScheduleAnyway" {
            notes.note(format!(
                "{title}: topology spread with ScheduleAnyway (a preference)"
            ));
        } else if !own_pods {
            notes.note(format!("{title}: topology spread against other pods"));
        } else if c.topology_key == labels::ZONE {
            w.spread_zones = true;
            if c.max_skew > 1 {
                notes.note(format!(
                    "{title}: zone spread maxSkew {} planned as an even spread (maxSkew 1)",
                    c.max_skew
                ));
            }
        } else if c.topology_key == labels::HOSTNAME {
            let cap = u32::try_from(c.max_skew).unwrap_or(u32::MAX);
            w.max_per_node = Some(w.max_per_node.map_or(cap, |m| m.min(cap)));
        } else {
            notes.note(format!("{title}: topology spread on '{}'", c.topology_key));
        }
    }
    if p.pod.host_network {
        notes.note(format!("{title}: hostNetwork (counted as a normal pod)"));
    }
    Ok(())
}

/// Where a DaemonSet's pods run.
#[derive(Debug, Clone, PartialEq)]
pub enum Reach {
    /// On every node.
    Everywhere,
    /// On no node of the input's NodePools (or no catalog type): not counted.
    Nowhere(String),
    /// Only on these NodePools (by name) or, without NodePools, these types.
    Some(Vec<String>),
}

/// Where a DaemonSet with pod spec `pod` runs: on the NodePools whose taints it tolerates and
/// whose labels (and types) its node selector and required affinity accept; without NodePools,
/// on the catalog types its type-label selectors accept (other labels cannot be checked).
pub fn daemonset_reach(
    obj: &Object,
    pod: &Spec,
    pools: &[Pool],
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Reach, ConvertError> {
    let terms = pod_terms(obj, pod, "spec.template.spec")?;
    let type_ok = |t: &crate::catalog::InstanceType| {
        terms.iter().any(|term| {
            term.iter()
                .filter(|r| labels::is_type_label(&r.key))
                .all(|r| r.matches_type(t).unwrap_or(true))
        })
    };
    if pools.is_empty() {
        if terms
            .iter()
            .flatten()
            .any(|r| !labels::is_type_label(&r.key))
        {
            notes.note(format!(
                "{}: node selector on labels other than the instance-type ones (no NodePool to check it against; counted where its type labels allow)",
                obj.title()
            ));
        }
        let types: Vec<String> = catalog
            .types
            .iter()
            .filter(|t| type_ok(t))
            .map(|t| t.name.clone())
            .collect();
        return Ok(if types.len() == catalog.types.len() {
            Reach::Everywhere
        } else if types.is_empty() {
            Reach::Nowhere("its node selector allows no instance type of the catalog".into())
        } else {
            Reach::Some(types)
        });
    }
    let mut on = Vec::new();
    let mut why = Vec::new();
    for pool in pools {
        if let Some(t) = pool.taints.iter().find(|t| !tolerates(&pod.tolerations, t)) {
            why.push(format!(
                "NodePool {} has taint {} it does not tolerate",
                shown(&pool.name),
                shown(&t.key)
            ));
            continue;
        }
        let fits = terms.iter().any(|term| {
            term.iter().all(|r| {
                if labels::is_type_label(&r.key) {
                    pool.types
                        .iter()
                        .filter_map(|n| catalog.get(n))
                        .any(|t| r.matches_type(t).unwrap_or(true))
                } else {
                    super::restrictions::pool_has(pool, r)
                }
            })
        });
        if fits {
            on.push(pool.name.clone());
        } else {
            why.push(format!(
                "NodePool {}: its node selector excludes it",
                shown(&pool.name)
            ));
        }
    }
    Ok(if on.len() == pools.len() {
        Reach::Everywhere
    } else if on.is_empty() {
        Reach::Nowhere(why.join("; "))
    } else {
        Reach::Some(on)
    })
}

//! Kubernetes objects -> the domain [`Workload`], plus what the workload type does not hold:
//! the NodePools (allowed types, taints, limits, weight), EC2NodeClass kubelet settings, zone
//! pins, workloads that do not always run, and the notes and warnings for the user.
//!
//! Mapping (each rule has a test):
//! - replicas: Deployment/StatefulSet/ReplicaSet/ReplicationController `replicas` (default 1),
//!   Job `parallelism` (at most `completions`), CronJob `jobTemplate.spec.parallelism` (marked
//!   not always running), Pod 1; an HPA targeting the object replaces it by `maxReplicas`
//!   (`--hpa max`) or `minReplicas` (`--hpa min`).
//! - DaemonSets: per-node overhead (requests, `hostNetwork`).
//! - `nodeSelector` and required node affinity on the well-known type labels: the workload's
//!   allowed instance types (arch alone stays an `arch` restriction); on the zone: a zone pin.
//! - required pod anti-affinity on the hostname against the pod's own labels: at most 1 per node;
//!   `topologySpreadConstraints` (DoNotSchedule) on the zone: zone spread, on the hostname: at
//!   most `maxSkew` per node.
//! - NodePools: requirements on the type labels give the allowed types, `karpenter.sh/
//!   capacity-type` the price, the zone requirement the zones; taints keep out pods that do not
//!   tolerate them; a pod uses the NodePools of the highest `weight` it may use; `limits` are
//!   returned for the command to enforce.

use super::Object;
use super::labels::{self, Operator, Req};
use super::manifest::{LabelSelector, Requirement, Spec, Taint, Toleration};
use super::pod::pod_requests;
use crate::catalog::Catalog;
use crate::pods::{KubeletSettings, MaxPodsMode};
use crate::workload::{Arch, CapacityType, DaemonSet, Workload, WorkloadSpec};
use std::collections::{BTreeMap, BTreeSet};

/// Which HPA bound to plan for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum HpaMode {
    /// `maxReplicas`: the peak (the default).
    #[default]
    Max,
    /// `minReplicas`: the quiet hours.
    Min,
}

/// Settings from the command line that the manifests do not carry.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub hpa: HpaMode,
    /// Region when no NodePool names zones; default us-east-1.
    pub region: Option<String>,
    /// Zone count when no NodePool names zones; default 3.
    pub zones: Option<u32>,
}

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

/// Everything read from the manifests.
#[derive(Debug, Clone)]
pub struct K8sInput {
    pub workload: Workload,
    /// The workload with only the pods' own node selectors (no NodePool requirements, no
    /// node constraints): what `--current` node groups, which Karpenter does not manage, are
    /// judged by.
    pub own_selectors: Workload,
    pub pools: Vec<Pool>,
    /// Workload name -> the NodePools it is planned on (those of the highest weight it may use).
    pub workload_pools: BTreeMap<String, Vec<String>>,
    pub kubelet: Option<KubeletOverride>,
    /// Workload name -> the only zones it may run in (from a zone node selector).
    pub zone_pins: BTreeMap<String, Vec<String>>,
    /// Workloads from CronJobs: planned as if running, but they do not always run.
    pub not_always_running: Vec<String>,
    /// What kplan did not model or skipped, each once.
    pub notes: Vec<String>,
    /// Containers without requests (they count as zero).
    pub warnings: Vec<String>,
}

/// A failure to map: bad input (exit 2) or a pod no node can take (exit 1).
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertError {
    pub message: String,
    pub infeasible: bool,
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

fn bad(message: String) -> ConvertError {
    ConvertError {
        message,
        infeasible: false,
    }
}

const CONTROLLERS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// A pod-producing object on its way to a [`WorkloadSpec`].
struct Pending<'a> {
    obj: &'a Object,
    pod: &'a Spec,
    labels: BTreeMap<String, String>,
    replicas: u32,
    cron: bool,
}

/// Is the spec free of any container? (A template without a pod spec.)
fn pod_spec<'a>(
    obj: &'a Object,
    spec: Option<&'a Spec>,
    path: &str,
) -> Result<&'a Spec, ConvertError> {
    match spec {
        Some(s) if !s.containers.is_empty() => Ok(s),
        _ => Err(bad(obj.error(format!(
            "{path}.containers: missing (a pod needs at least one container)"
        )))),
    }
}

fn count(obj: &Object, field: &str, v: Option<i64>, default: u32) -> Result<u32, ConvertError> {
    match v {
        None => Ok(default),
        Some(n) if n < 0 => Err(bad(obj.error(format!("{field}: {n} is negative")))),
        Some(n) => {
            u32::try_from(n).map_err(|_| bad(obj.error(format!("{field}: {n} is too large"))))
        }
    }
}

fn selector_matches(sel: &Option<LabelSelector>, labels: &BTreeMap<String, String>) -> bool {
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

fn tolerates(tols: &[Toleration], taint: &Taint) -> bool {
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

fn to_req(obj: &Object, path: &str, r: &Requirement) -> Result<Req, ConvertError> {
    let values = r.values.iter().map(|v| v.0.clone()).collect();
    Req::new(&r.key, &r.operator, values).map_err(|e| bad(obj.error(format!("{path}: {e}"))))
}

/// The node requirements of a pod: alternatives (terms, ORed) of requirements (ANDed). The
/// nodeSelector is ANDed into every term.
fn pod_terms(p: &Pending) -> Result<Vec<Vec<Req>>, ConvertError> {
    let base = if p.obj.kind == "Pod" {
        "spec"
    } else {
        "spec.template.spec"
    };
    let mut common = Vec::new();
    for (k, v) in &p.pod.node_selector {
        common.push(Req::new(k, "In", vec![v.0.clone()]).map_err(|e| bad(p.obj.error(e)))?);
    }
    let mut terms = Vec::new();
    if let Some(req) = p
        .pod
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
                term.push(to_req(p.obj, &path, e)?);
            }
            terms.push(term);
        }
    }
    if terms.is_empty() {
        terms.push(common);
    }
    Ok(terms)
}

type Tmpl<'a> = (BTreeMap<String, String>, Option<&'a Spec>);

/// The labels and spec of a template.
fn tmpl(t: &Option<Box<super::manifest::Template>>) -> Option<Tmpl<'_>> {
    t.as_ref()
        .map(|t| (t.metadata.labels.clone(), t.spec.as_ref()))
}

fn zone_of_region(zone: &str) -> String {
    zone.trim_end_matches(|c: char| c.is_ascii_lowercase())
        .to_string()
}

/// Maps the objects of all inputs onto a [`Workload`] and the rest of [`K8sInput`].
pub fn to_workload(
    objects: &[Object],
    catalog: &Catalog,
    opts: &Options,
) -> Result<K8sInput, ConvertError> {
    let mut notes: BTreeSet<String> = BTreeSet::new();
    let mut warnings = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();

    // NodePools and EC2NodeClasses first: workloads are checked against them.
    let mut pools = Vec::new();
    let mut classes: BTreeMap<String, KubeletOverride> = BTreeMap::new();
    for obj in objects {
        match obj.kind.as_str() {
            "NodePool" => pools.push(read_pool(obj, catalog, &mut notes)?),
            "EC2NodeClass" => {
                let k = read_kubelet(obj, &mut notes)?;
                classes.insert(k.node_class.clone(), k);
            }
            _ => {}
        }
    }
    let kubelet = pick_kubelet(&pools, &classes, &mut notes);

    // Region and zones.
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

    // Objects a controller in the input made (`kubectl get all` lists a Deployment, its
    // ReplicaSets and their Pods): counted once, through the controller.
    let owned = |o: &Object| {
        o.metadata.owner_references.iter().any(|r| {
            objects.iter().any(|x| {
                x.kind == r.kind
                    && x.metadata.name.as_deref() == Some(r.name.as_str())
                    && x.metadata.namespace == o.metadata.namespace
            }) || (r.kind == "ReplicaSet"
                && objects.iter().any(|x| {
                    x.kind == "Deployment"
                        && x.metadata.namespace == o.metadata.namespace
                        && x.metadata.name.as_deref().is_some_and(|n| {
                            r.name.strip_prefix(n).is_some_and(|t| t.starts_with('-'))
                        })
                }))
        })
    };
    let mut owned_count = 0usize;

    // Pod-producing objects.
    let mut pending: Vec<Pending> = Vec::new();
    let mut daemonsets = Vec::new();
    let mut hpas = Vec::new();
    for obj in objects {
        let kind = obj.kind.as_str();
        let s = &obj.spec;
        if owned(obj) && kind != "NodePool" && kind != "EC2NodeClass" {
            owned_count += 1;
            continue;
        }
        match kind {
            _ if CONTROLLERS.contains(&kind) => {
                let replicas = count(obj, "spec.replicas", s.replicas, 1)?;
                let (labels, spec) = tmpl(&s.template).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.template.spec")?;
                pending.push(Pending {
                    obj,
                    pod,
                    labels,
                    replicas,
                    cron: false,
                });
            }
            "Job" => {
                let par = count(obj, "spec.parallelism", s.parallelism, 1)?;
                // Never more pods at once than completions.
                let par = match s.completions {
                    Some(_) => par.min(count(obj, "spec.completions", s.completions, 1)?),
                    None => par,
                };
                let (labels, spec) = tmpl(&s.template).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.template.spec")?;
                pending.push(Pending {
                    obj,
                    pod,
                    labels,
                    replicas: par,
                    cron: false,
                });
            }
            "CronJob" => {
                let job = s.job_template.as_ref().and_then(|j| j.spec.as_ref());
                let par = count(
                    obj,
                    "spec.jobTemplate.spec.parallelism",
                    job.and_then(|j| j.parallelism),
                    1,
                )?;
                let par = match job.and_then(|j| j.completions) {
                    Some(c) => {
                        par.min(count(obj, "spec.jobTemplate.spec.completions", Some(c), 1)?)
                    }
                    None => par,
                };
                let (labels, spec) = job.and_then(|j| tmpl(&j.template)).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.jobTemplate.spec.template.spec")?;
                pending.push(Pending {
                    obj,
                    pod,
                    labels,
                    replicas: par,
                    cron: true,
                });
            }
            "Pod" => {
                let pod = pod_spec(obj, Some(s), "spec")?;
                pending.push(Pending {
                    obj,
                    pod,
                    labels: obj.metadata.labels.clone(),
                    replicas: 1,
                    cron: false,
                });
            }
            "DaemonSet" => {
                let (_, spec) = tmpl(&s.template).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.template.spec")?;
                let (req, n) = pod_requests(pod);
                note_requests(obj, &n, &mut warnings, &mut notes);
                if !pod.node_selector.is_empty() || pod.affinity.is_some() {
                    notes.insert(format!(
                        "{}: its node selector or affinity (counted on every node)",
                        obj.title()
                    ));
                }
                let name = obj.metadata.name.clone().unwrap_or_default();
                daemonsets.push(DaemonSet {
                    name,
                    cpu_millicores: req.cpu_millicores,
                    memory_bytes: req.memory_bytes,
                    host_network: pod.host_network,
                });
            }
            "HorizontalPodAutoscaler" => hpas.push(obj),
            "NodePool" | "EC2NodeClass" => {}
            other => *skipped.entry(other.to_string()).or_default() += 1,
        }
    }

    // HPAs.
    for h in hpas {
        let s = &h.spec;
        let min = count(h, "spec.minReplicas", s.min_replicas, 1)?;
        let max = count(h, "spec.maxReplicas", s.max_replicas, 0)?;
        if s.max_replicas.is_none() {
            return Err(bad(h.error("spec.maxReplicas: missing")));
        }
        if min > max {
            return Err(bad(h.error(format!(
                "spec.minReplicas: {min} is above spec.maxReplicas {max}"
            ))));
        }
        let target = s.scale_target_ref.clone().unwrap_or_default();
        let found = pending.iter_mut().find(|p| {
            p.obj.metadata.name.as_deref() == Some(target.name.as_str())
                && target.kind.as_deref().is_none_or(|k| k == p.obj.kind)
                && p.obj.metadata.namespace == h.metadata.namespace
        });
        match found {
            Some(p) => {
                p.replicas = match opts.hpa {
                    HpaMode::Max => max,
                    HpaMode::Min => min,
                }
            }
            None => {
                notes.insert(format!(
                    "{}: its target {} {} is not in the input",
                    h.title(),
                    target.kind.unwrap_or_default(),
                    target.name
                ));
            }
        }
    }

    // Names: metadata.name, qualified where two objects share it.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pending {
        *seen
            .entry(p.obj.metadata.name.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let all_types: BTreeSet<&str> = pools
        .iter()
        .flat_map(|p| p.types.iter().map(String::as_str))
        .collect();
    let mut specs = Vec::new();
    let mut zone_pins = BTreeMap::new();
    let mut cron = Vec::new();
    let mut used_names = BTreeSet::new();
    let mut own_specs = Vec::new();
    let mut capacity_selectors: Vec<(String, Req)> = Vec::new();
    let mut workload_pools: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &pending {
        let base = p.obj.metadata.name.clone().unwrap_or_default();
        let mut name = if seen[&base] > 1 {
            match &p.obj.metadata.namespace {
                Some(ns) => format!("{ns}/{base}"),
                None => format!("{}/{base}", p.obj.kind.to_lowercase()),
            }
        } else {
            base.clone()
        };
        if used_names.contains(&name) {
            name = format!("{}/{name}", p.obj.kind.to_lowercase());
        }
        used_names.insert(name.clone());
        if p.replicas == 0 {
            notes.insert(format!("{}: 0 replicas, nothing to place", p.obj.title()));
            continue;
        }
        let (req, n) = pod_requests(p.pod);
        note_requests(p.obj, &n, &mut warnings, &mut notes);
        let mut w = WorkloadSpec {
            name: name.clone(),
            replicas: p.replicas,
            cpu_millicores: req.cpu_millicores,
            memory_bytes: req.memory_bytes,
            max_per_node: None,
            spread_zones: false,
            arch: Vec::new(),
            instance_types: Vec::new(),
            capacity_types: Vec::new(),
        };
        pod_placement(p, &mut w, &mut notes)?;

        // Node requirements: type labels, zone, NodePool name and custom labels.
        let terms = pod_terms(p)?;
        for r in terms
            .iter()
            .flatten()
            .filter(|r| r.key == labels::CAPACITY_TYPE)
        {
            capacity_selectors.push((p.obj.title(), r.clone()));
        }
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
                    notes.insert(format!(
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
        if !pools.is_empty() {
            // Pools this pod may use, then those of the highest weight.
            let mut usable: Vec<(&Pool, Vec<&str>)> = Vec::new();
            let mut why = Vec::new();
            for pool in &pools {
                if let Some(t) = pool
                    .taints
                    .iter()
                    .find(|t| !tolerates(&p.pod.tolerations, t))
                {
                    why.push(format!(
                        "NodePool {} has taint {}={}:{} the pod does not tolerate",
                        pool.name,
                        t.key,
                        t.value.clone().unwrap_or_default(),
                        t.effect
                    ));
                    continue;
                }
                if let Some(r) = custom.iter().find(|r| !pool_has(pool, r)) {
                    why.push(format!(
                        "NodePool {} does not satisfy {} {:?} {:?}",
                        pool.name, r.key, r.op, r.values
                    ));
                    continue;
                }
                if let Some(z) = &zones_allowed
                    && !pool.zones.is_empty()
                    && !pool.zones.iter().any(|pz| z.contains(pz))
                {
                    why.push(format!(
                        "NodePool {} has none of the zones {:?}",
                        pool.name, z
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
                        pool.name
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
            chosen = usable
                .iter()
                .filter(|(p, _)| p.weight == top)
                .flat_map(|(_, t)| t.iter().copied())
                .collect();
            workload_pools.insert(
                name.clone(),
                usable
                    .iter()
                    .filter(|(p, _)| p.weight == top)
                    .map(|(p, _)| p.name.clone())
                    .collect(),
            );
            if usable.iter().any(|(p, _)| p.weight != top) {
                notes.insert(format!(
                    "{}: planned on the NodePools of weight {top} only (Karpenter's first choice)",
                    name
                ));
            }
        } else {
            for r in &custom {
                notes.insert(format!(
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
            all_types.clone()
        };
        if chosen != everything {
            // Unknown architectures in a selector are an input error, not an empty set.
            for t in &terms {
                for r in t.iter().filter(|r| r.key == "kubernetes.io/arch") {
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
            }
            if chosen.is_empty() {
                return Err(ConvertError {
                    message: p.obj.error(
                        "its node selector and affinity allow no instance type of the catalog",
                    ),
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
        own_specs.push(own);
        if let Some(z) = zones_allowed {
            zone_pins.insert(name.clone(), z.into_iter().collect());
        }
        if p.cron {
            cron.push(name.clone());
        }
        specs.push(w);
    }
    if specs.is_empty() {
        return Err(bad("the input has no Deployment, StatefulSet, ReplicaSet, ReplicationController, Job, CronJob or Pod with replicas to place".into()));
    }
    if owned_count > 0 {
        notes.insert(format!(
            "skipped {owned_count} objects made by a controller in the input (counted through it)"
        ));
    }
    for (kind, n) in skipped {
        notes.insert(format!("skipped {n} {kind} (not a workload kplan reads)"));
    }

    let capacity_type = if !pools.is_empty()
        && pools
            .iter()
            .all(|p| p.capacity_types.iter().any(|c| c == "spot"))
    {
        CapacityType::Spot
    } else {
        CapacityType::OnDemand
    };
    let priced = capacity_type.to_string();
    for (title, r) in capacity_selectors {
        if !r.matches_values(std::slice::from_ref(&priced)) {
            notes.insert(format!(
                "{title}: selects capacity type {:?} {:?}; the whole plan is priced {priced}",
                r.op, r.values
            ));
        }
    }
    let mut workload = Workload {
        region,
        capacity_type,
        zones,
        daemonsets,
        workloads: specs,
        ..Workload::default()
    };
    if let Some(k) = &kubelet {
        k.apply(&mut workload.kubelet);
    }
    if !pools.is_empty() {
        workload.nodes.instance_types = all_types.iter().map(|s| s.to_string()).collect();
        workload.networking.max_pods = match kubelet.as_ref().and_then(|k| k.max_pods) {
            Some(m) => MaxPodsMode::Fixed(m),
            None => MaxPodsMode::MaxAllowed,
        };
    }
    let own_selectors = Workload {
        nodes: Default::default(),
        workloads: own_specs,
        ..workload.clone()
    };
    Ok(K8sInput {
        workload_pools,
        own_selectors,
        workload,
        pools,
        kubelet,
        zone_pins,
        not_always_running: cron,
        notes: notes.into_iter().collect(),
        warnings,
    })
}

/// The shortest restriction that, within `everything`, allows exactly `chosen`: an
/// architecture, family globs (`m6i.*`), or the names.
fn encode(
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

fn pool_has(pool: &Pool, r: &Req) -> bool {
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

fn note_requests(
    obj: &Object,
    n: &super::pod::RequestNotes,
    warnings: &mut Vec<String>,
    notes: &mut BTreeSet<String>,
) {
    if !n.missing.is_empty() {
        warnings.push(format!(
            "{}: container {} counts as zero",
            obj.title(),
            n.missing.join(", ")
        ));
    }
    if !n.other.is_empty() {
        notes.insert(format!(
            "{}: requests of {}",
            obj.title(),
            n.other.join(", ")
        ));
    }
}

/// Pod anti-affinity and topology spread.
fn pod_placement(
    p: &Pending,
    w: &mut WorkloadSpec,
    notes: &mut BTreeSet<String>,
) -> Result<(), ConvertError> {
    let title = p.obj.title();
    let own = &p.labels;
    if let Some(a) = &p.pod.affinity {
        if a.node_affinity.as_ref().is_some_and(|n| {
            n.preferred_during_scheduling_ignored_during_execution
                .is_some()
        }) {
            notes.insert(format!("{title}: preferred node affinity"));
        }
        if let Some(pa) = &a.pod_affinity {
            if !pa
                .required_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.insert(format!("{title}: required pod affinity"));
            }
            if !pa
                .preferred_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.insert(format!("{title}: preferred pod affinity"));
            }
        }
        if let Some(aa) = &a.pod_anti_affinity {
            for t in &aa.required_during_scheduling_ignored_during_execution {
                let own_pods = selector_matches(&t.label_selector, own);
                if t.topology_key == labels::HOSTNAME && own_pods {
                    w.max_per_node = Some(1);
                } else if own_pods {
                    notes.insert(format!(
                        "{title}: required pod anti-affinity on '{}'",
                        t.topology_key
                    ));
                } else {
                    notes.insert(format!(
                        "{title}: required pod anti-affinity against other workloads"
                    ));
                }
            }
            if !aa
                .preferred_during_scheduling_ignored_during_execution
                .is_empty()
            {
                notes.insert(format!("{title}: preferred pod anti-affinity"));
            }
        }
    }
    let base = if p.obj.kind == "Pod" {
        "spec"
    } else {
        "spec.template.spec"
    };
    for (i, c) in p.pod.topology_spread_constraints.iter().enumerate() {
        if c.max_skew < 1 {
            return Err(bad(p.obj.error(format!(
                "{base}.topologySpreadConstraints[{i}].maxSkew: {} must be at least 1",
                c.max_skew
            ))));
        }
        let own_pods = selector_matches(&c.label_selector, own);
        if c.when_unsatisfiable == "ScheduleAnyway" {
            notes.insert(format!(
                "{title}: topology spread with ScheduleAnyway (a preference)"
            ));
        } else if !own_pods {
            notes.insert(format!("{title}: topology spread against other pods"));
        } else if c.topology_key == labels::ZONE {
            w.spread_zones = true;
            if c.max_skew > 1 {
                notes.insert(format!(
                    "{title}: zone spread maxSkew {} planned as an even spread (maxSkew 1)",
                    c.max_skew
                ));
            }
        } else if c.topology_key == labels::HOSTNAME {
            let cap = u32::try_from(c.max_skew).unwrap_or(u32::MAX);
            w.max_per_node = Some(w.max_per_node.map_or(cap, |m| m.min(cap)));
        } else {
            notes.insert(format!("{title}: topology spread on '{}'", c.topology_key));
        }
    }
    if p.pod.host_network {
        notes.insert(format!("{title}: hostNetwork (counted as a normal pod)"));
    }
    Ok(())
}

fn read_pool(
    obj: &Object,
    catalog: &Catalog,
    notes: &mut BTreeSet<String>,
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
            notes.insert(format!("{}: minValues on '{}'", obj.title(), r.key));
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
                notes.insert(format!(
                    "{}: zone requirement with {:?}",
                    obj.title(),
                    req.op
                ));
            }
        } else if req.op == Operator::In && req.values.len() == 1 {
            labels_out.insert(req.key.clone(), req.values[0].clone());
        } else {
            notes.insert(format!(
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
    let limits = obj.spec.limits.clone().unwrap_or_default();
    for o in &limits.other {
        notes.insert(format!("{}: limit on '{o}'", obj.title()));
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
    })
}

fn read_kubelet(
    obj: &Object,
    notes: &mut BTreeSet<String>,
) -> Result<KubeletOverride, ConvertError> {
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
            notes.insert(format!("{}: evictionHard {key}: {v}", obj.title()));
        }
    }
    Ok(k)
}

fn pick_kubelet(
    pools: &[Pool],
    classes: &BTreeMap<String, KubeletOverride>,
    notes: &mut BTreeSet<String>,
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
        notes.insert(format!(
            "EC2NodeClasses with different kubelet settings: those of {} used for every node",
            first.node_class
        ));
    }
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::k8s::parse_source;

    fn catalog() -> Catalog {
        Catalog::parse(include_str!("../../../tests/fixtures/k8s/catalog.jsonl")).unwrap()
    }

    fn map(yaml: &str) -> Result<K8sInput, ConvertError> {
        map_with(yaml, &Options::default())
    }

    fn map_with(yaml: &str, opts: &Options) -> Result<K8sInput, ConvertError> {
        let objs = parse_source("t.yaml", yaml).map_err(bad)?;
        to_workload(&objs, &catalog(), opts)
    }

    const POD: &str =
        "      containers: [{name: c, resources: {requests: {cpu: 100m, memory: 128Mi}}}]\n";

    fn deploy(name: &str, ns: Option<&str>, extra: &str) -> String {
        let ns = ns.map_or(String::new(), |n| format!(", namespace: {n}"));
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}{ns}}}\nspec:\n  replicas: 2\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n{extra}{POD}"
        )
    }

    fn notes(k: &K8sInput) -> String {
        k.notes.join("\n")
    }

    #[test]
    fn daemonsets_are_per_node_overhead_and_replace_eks_defaults() {
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: aws-node}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: n, resources: {requests: {cpu: 50m}}}]\n";
        let k = map(&[deploy("a", None, ""), ds.into()].join("---\n")).unwrap();
        let all = k.workload.all_daemonsets();
        let names: Vec<(&str, u64, bool)> = all
            .iter()
            .map(|d| (d.name.as_str(), d.cpu_millicores, d.host_network))
            .collect();
        assert_eq!(names, [("kube-proxy", 100, true), ("aws-node", 50, true)]);
        // No memory request on aws-node: a warning, counted as zero.
        assert!(k.warnings[0].contains("DaemonSet aws-node: container n (no memory request)"));
    }

    #[test]
    fn same_names_in_two_namespaces_are_qualified() {
        let k = map(&[deploy("web", Some("a"), ""), deploy("web", Some("b"), "")].join("---\n"))
            .unwrap();
        let names: Vec<&str> = k
            .workload
            .workloads
            .iter()
            .map(|w| w.name.as_str())
            .collect();
        assert_eq!(names, ["a/web", "b/web"]);
    }

    #[test]
    fn not_modelled_rules_are_noted_once() {
        let other = "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: db}}}\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: cache}}}\n      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}\n      hostNetwork: true\n";
        let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: gone}, maxReplicas: 3}\n";
        let zero = deploy("idle", None, "").replace("replicas: 2", "replicas: 0");
        let k = map(&[deploy("web", None, other), hpa.into(), zero].join("---\n")).unwrap();
        let n = notes(&k);
        for want in [
            "Deployment web: required pod anti-affinity against other workloads",
            "Deployment web: required pod affinity",
            "Deployment web: topology spread with ScheduleAnyway (a preference)",
            "Deployment web: hostNetwork (counted as a normal pod)",
            "HorizontalPodAutoscaler h: its target Deployment gone is not in the input",
            "Deployment idle: 0 replicas, nothing to place",
        ] {
            assert_eq!(n.matches(want).count(), 1, "{want}\n{n}");
        }
        let w = &k.workload.workloads[0];
        assert_eq!((w.max_per_node, w.spread_zones), (None, false));
        assert_eq!(k.workload.workloads.len(), 1);
    }

    #[test]
    fn nodeclass_kubelet_settings_reach_the_workload() {
        let np = "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: c}\n      requirements: []\n";
        let class = "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: c}\nspec:\n  kubelet:\n    maxPods: 40\n    podsPerCore: 4\n    kubeReserved: {cpu: 200m, memory: 1Gi}\n    systemReserved: {cpu: 100m, memory: 256Mi}\n    evictionHard: {memory.available: 5%, nodefs.available: 10%}\n";
        let k = map(&[deploy("a", None, ""), np.into(), class.into()].join("---\n")).unwrap();
        let kl = &k.workload.kubelet;
        assert_eq!(k.workload.networking.max_pods, MaxPodsMode::Fixed(40));
        assert_eq!(kl.pods_per_core, Some(4));
        assert_eq!(
            (kl.kube_reserved_cpu_millicores, kl.kube_reserved_memory_mib),
            (Some(200), Some(1024))
        );
        assert_eq!(
            (
                kl.system_reserved_cpu_millicores,
                kl.system_reserved_memory_mib
            ),
            (100, 256)
        );
        // A percentage is not modelled: the default 100Mi stays, and it is said.
        assert_eq!(kl.eviction_hard_memory_mib, 100);
        assert!(notes(&k).contains("EC2NodeClass c: evictionHard memory.available: 5%"));
    }

    #[test]
    fn nodepool_zones_capacity_and_defaults() {
        let np = |reqs: &str| {
            format!(
                "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: p}}\nspec:\n  template:\n    spec:\n      requirements:\n{reqs}"
            )
        };
        // No capacity-type requirement: on-demand, as Karpenter. No zone: 3 zones, us-east-1.
        let k = map(&[
            deploy("a", None, ""),
            np("        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m6i]}\n"),
        ]
        .join("---\n"))
        .unwrap();
        assert_eq!(k.workload.capacity_type, CapacityType::OnDemand);
        assert_eq!(
            (k.workload.zones, k.workload.region.as_str()),
            (3, "us-east-1")
        );
        assert!(
            k.workload
                .nodes
                .instance_types
                .iter()
                .all(|t| t.starts_with("m6i."))
        );
        assert_eq!(k.workload.networking.max_pods, MaxPodsMode::MaxAllowed);
        // Zones name the region and the zone count; spot only -> spot prices.
        let zones = "        - {key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a, eu-west-1b]}\n        - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}\n";
        let k = map(&[deploy("a", None, ""), np(zones)].join("---\n")).unwrap();
        assert_eq!(
            (k.workload.zones, k.workload.region.as_str()),
            (2, "eu-west-1")
        );
        assert_eq!(k.workload.capacity_type, CapacityType::Spot);
        let e = map_with(
            &[deploy("a", None, ""), np(zones)].join("---\n"),
            &Options {
                region: Some("us-east-1".into()),
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(
            e.message.contains(
                "--region us-east-1 disagrees with the NodePool zones, which are in eu-west-1"
            ),
            "{e}"
        );
    }

    #[test]
    fn custom_labels_and_nodepool_name_select_pools() {
        let pool = |name: &str, fam: &str, labels: &str| {
            format!(
                "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: {name}}}\nspec:\n  template:\n    metadata: {{labels: {{{labels}}}}}\n    spec:\n      requirements:\n        - {{key: karpenter.k8s.aws/instance-family, operator: In, values: [{fam}]}}\n"
            )
        };
        let pools = [
            pool("general", "m6i", ""),
            pool("batch", "c6i", "team: batch"),
        ]
        .join("---\n");
        let by_label = deploy("job", None, "      nodeSelector: {team: batch}\n");
        let by_name = deploy(
            "web",
            None,
            "      nodeSelector: {karpenter.sh/nodepool: general}\n",
        );
        let k = map(&[pools, by_label, by_name].join("---\n")).unwrap();
        let w = &k.workload.workloads;
        assert!(
            w[0].instance_types.iter().all(|t| t.starts_with("c6i."))
                && !w[0].instance_types.is_empty()
        );
        assert!(
            w[1].instance_types.iter().all(|t| t.starts_with("m6i."))
                && !w[1].instance_types.is_empty()
        );
        let nowhere = deploy("x", None, "      nodeSelector: {team: web}\n");
        let e = map(&[pool("general", "m6i", ""), nowhere].join("---\n")).unwrap_err();
        assert!(
            e.infeasible
                && e.message
                    .contains("NodePool general does not satisfy team In [\"web\"]"),
            "{e}"
        );
    }

    #[test]
    fn objects_made_by_a_controller_in_the_input_count_once() {
        // What `kubectl get deploy,rs,pods -o yaml` lists: the Deployment, its ReplicaSet, its
        // Pods; a Pod of a ReplicaSet that is not in the input (via the Deployment's name).
        let rs = format!(
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: web-5d8f, ownerReferences: [{{kind: Deployment, name: web}}]}}\nspec:\n  replicas: 2\n  template:\n    spec:\n{POD}"
        );
        let pod = |owner: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{name: p-{owner}, ownerReferences: [{{kind: ReplicaSet, name: {owner}}}]}}\nspec:\n{}",
                POD.replacen("      ", "  ", 1)
            )
        };
        let text = [
            deploy("web", None, ""),
            rs,
            pod("web-5d8f"),
            pod("web-77aa"),
            pod("other-1a2b"),
        ]
        .join("---\n");
        let k = map(&text).unwrap();
        let names: Vec<(&str, u32)> = k
            .workload
            .workloads
            .iter()
            .map(|w| (w.name.as_str(), w.replicas))
            .collect();
        assert_eq!(names, [("web", 2), ("p-other-1a2b", 1)]);
        assert!(
            notes(&k).contains("skipped 3 objects made by a controller in the input"),
            "{}",
            notes(&k)
        );
    }

    #[test]
    fn capacity_type_selector_picks_the_pool_and_says_the_price() {
        let pool = |name: &str, fam: &str, cap: &str| {
            format!(
                "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: {name}}}\nspec:\n  template:\n    spec:\n      requirements:\n        - {{key: karpenter.k8s.aws/instance-family, operator: In, values: [{fam}]}}\n        - {{key: karpenter.sh/capacity-type, operator: In, values: [{cap}]}}\n"
            )
        };
        let spot = deploy(
            "batch",
            None,
            "      nodeSelector: {karpenter.sh/capacity-type: spot}\n",
        );
        let k = map(&[
            pool("od", "m6i", "on-demand"),
            pool("sp", "c6i", "spot"),
            spot,
        ]
        .join("---\n"))
        .unwrap();
        assert_eq!(k.workload.capacity_type, CapacityType::OnDemand);
        assert_eq!(k.workload.workloads[0].instance_types, ["c6i.*"]);
        assert!(notes(&k).contains("Deployment batch: selects capacity type In [\"spot\"]; the whole plan is priced on-demand"), "{}", notes(&k));
    }

    #[test]
    fn jobs_run_at_most_completions_pods() {
        let job = |par: u32, comp: &str| {
            format!(
                "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: j}}\nspec:\n  parallelism: {par}\n{comp}  template:\n    spec:\n{POD}"
            )
        };
        let k = map(&job(5, "  completions: 2\n")).unwrap();
        assert_eq!(k.workload.workloads[0].replicas, 2);
        let k = map(&job(5, "")).unwrap();
        assert_eq!(k.workload.workloads[0].replicas, 5);
    }

    #[test]
    fn restrictions_are_encoded_compactly_and_exactly() {
        let np = "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  template:\n    spec:\n      requirements:\n        - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ['5']}\n";
        let arch = deploy(
            "a",
            None,
            "      nodeSelector: {kubernetes.io/arch: arm64}\n",
        );
        let fam = deploy(
            "f",
            None,
            "      nodeSelector: {karpenter.k8s.aws/instance-category: r}\n",
        );
        let size = deploy(
            "s",
            None,
            "      nodeSelector: {karpenter.k8s.aws/instance-size: 8xlarge, karpenter.k8s.aws/instance-family: c7i}\n",
        );
        let k = map(&[np.to_string(), arch, fam, size].join("---\n")).unwrap();
        let w = &k.workload.workloads;
        assert_eq!(
            (w[0].arch.as_slice(), w[0].instance_types.len()),
            ([Arch::Arm64].as_slice(), 0)
        );
        assert_eq!(w[1].instance_types, ["r6i.*", "r7g.*", "r7i.*"]);
        assert_eq!(w[2].instance_types, ["c7i.8xlarge"]);
        // Judged without the NodePool (for --current), r also takes r5.
        assert_eq!(
            k.own_selectors.workloads[1].instance_types,
            ["r5.*", "r6i.*", "r7g.*", "r7i.*"]
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let cases = [
            (
                deploy("a", None, "")
                    .replace("kind: Deployment", "kind: Job")
                    .replace("replicas: 2", "parallelism: -2")
                    .replace("apps/v1", "batch/v1"),
                "t.yaml: document 1 (Job a): spec.parallelism: -2 is negative",
            ),
            (
                deploy(
                    "a",
                    None,
                    "      topologySpreadConstraints: [{maxSkew: 0, topologyKey: kubernetes.io/hostname}]\n",
                ),
                "spec.template.spec.topologySpreadConstraints[0].maxSkew: 0 must be at least 1",
            ),
            (
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1}\n"
                    .to_string(),
                "spec.template.spec.containers: missing",
            ),
            (
                deploy(
                    "a",
                    None,
                    "      nodeSelector: {kubernetes.io/arch: sparc}\n",
                ),
                "unknown architecture 'sparc'",
            ),
        ];
        for (yaml, want) in cases {
            let e = map(&yaml).unwrap_err();
            assert!(e.message.contains(want), "{want}\n got: {e}");
            assert!(!e.infeasible);
        }
    }
}

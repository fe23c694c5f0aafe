//! Kubernetes objects -> the domain [`Workload`], plus what the workload type does not hold:
//! the NodePools (allowed types, taints, limits, weight), EC2NodeClass kubelet settings, zone
//! pins, workloads that do not always run, and the notes and warnings for the user.
//!
//! [`to_workload`] is a short pipeline: the [`inventory`] (each object once, owners, pods that
//! do not run), the [`karpenter`] objects, the pod-producing objects and their replicas (HPAs,
//! [`operators`]), [`admission`] defaults, the [`scheduling`] rules of each pod, the
//! [`restrictions`] on the types it may use, and the [`diagnostics`]. Mapping (each rule has a
//! test):
//! - replicas: Deployment/StatefulSet/ReplicaSet/ReplicationController `replicas` (default 1),
//!   Job `parallelism` (at most `completions`), CronJob `jobTemplate.spec.parallelism` (marked
//!   not always running), Pod 1 (pods of one controller that is not in the input: one workload,
//!   one replica per pod); an HPA targeting the object replaces it by `maxReplicas`
//!   (`--hpa max`) or `minReplicas` (`--hpa min`); two HPAs on one target are an error.
//! - DaemonSets: per-node overhead (requests, `hostNetwork`), on the nodes they run on.
//! - `nodeSelector` and required node affinity on the well-known type labels: the workload's
//!   allowed instance types (arch alone stays an `arch` restriction); on the zone: a zone pin.
//! - required pod anti-affinity on the hostname against the pod's own labels: at most 1 per node;
//!   `topologySpreadConstraints` (DoNotSchedule) on the zone: zone spread, on the hostname: at
//!   most `maxSkew` per node.
//! - NodePools: requirements on the type labels give the allowed types, `karpenter.sh/
//!   capacity-type` the price, the zone requirement the zones; taints keep out pods that do not
//!   tolerate them; a pod uses the NodePools of the highest `weight` it may use; `limits` are
//!   enforced by [`super::limits`].

use super::admission::LimitRanges;
use super::diagnostics::Diagnostics;
use super::inventory::{self, Key, Owners};
use super::manifest::Spec;
use super::pod::pod_requests;
use super::restrictions::restrict;
use super::scheduling::{Reach, daemonset_reach, pod_placement};
use super::{Object, karpenter, operators};
use crate::catalog::Catalog;
use crate::pods::MaxPodsMode;
use crate::workload::{CapacityType, DaemonSet, Workload, WorkloadSpec};
use std::collections::BTreeMap;

pub use super::karpenter::{KubeletOverride, Pool};

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
    /// Pods without requests (they count as zero), in one line.
    pub warnings: Vec<String>,
    /// Workload name -> labels its node selectors require beyond the well-known ones (what an
    /// eksctl node group holding it must carry).
    pub node_labels: BTreeMap<String, BTreeMap<String, String>>,
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

pub fn bad(message: String) -> ConvertError {
    ConvertError {
        message,
        infeasible: false,
    }
}

/// A pod-producing object on its way to a [`WorkloadSpec`].
pub struct Pending<'a> {
    pub obj: &'a Object,
    /// The pod spec (a copy: admission defaults and operators change it).
    pub pod: Spec,
    pub labels: BTreeMap<String, String>,
    pub replicas: u32,
    pub cron: bool,
    /// The path of the pod spec in the object (`spec.template.spec`), for errors.
    pub base: &'static str,
    /// Its identity (a controller outside the input for the pods it made).
    pub key: Key,
    /// The name shown (qualified only where needed).
    pub name: String,
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

type Tmpl<'a> = (BTreeMap<String, String>, Option<&'a Spec>);

/// The labels and spec of a template.
fn tmpl(t: &Option<Box<super::manifest::Template>>) -> Option<Tmpl<'_>> {
    t.as_ref()
        .map(|t| (t.metadata.labels.clone(), t.spec.as_ref()))
}

fn key_of(obj: &Object) -> Key {
    (
        obj.kind.clone(),
        obj.metadata.namespace.clone().unwrap_or_default(),
        obj.metadata.name.clone().unwrap_or_default(),
    )
}

impl<'a> Pending<'a> {
    fn new(obj: &'a Object, pod: &Spec, labels: BTreeMap<String, String>, replicas: u32) -> Self {
        Pending {
            obj,
            pod: pod.clone(),
            labels,
            replicas,
            cron: false,
            base: "spec.template.spec",
            key: key_of(obj),
            name: String::new(),
        }
    }
}

/// The objects that make pods, sorted into workloads, DaemonSets and HPAs.
struct Collected<'a> {
    pending: Vec<Pending<'a>>,
    daemonsets: Vec<&'a Object>,
    hpas: Vec<&'a Object>,
}

/// Job parallelism, at most `completions` pods at once.
fn job_pods(obj: &Object, job: Option<&Spec>, path: &str) -> Result<u32, ConvertError> {
    let par = count(
        obj,
        &format!("{path}parallelism"),
        job.and_then(|j| j.parallelism),
        1,
    )?;
    match job.and_then(|j| j.completions) {
        Some(c) => Ok(par.min(count(obj, &format!("{path}completions"), Some(c), 1)?)),
        None => Ok(par),
    }
}

/// Sorts the objects: pod makers (controllers, Jobs, CronJobs, Pods, operator resources),
/// DaemonSets, HPAs; objects a controller in the input made, and objects that run no pod, are
/// left out with a note.
fn collect<'a>(
    objects: &[&'a Object],
    notes: &mut Diagnostics,
) -> Result<Collected<'a>, ConvertError> {
    let owners = Owners::new(objects);
    let mut c = Collected {
        pending: Vec::new(),
        daemonsets: Vec::new(),
        hpas: Vec::new(),
    };
    let (mut owned, mut ended_pods) = (0usize, 0usize);
    let mut outside: BTreeMap<Key, usize> = BTreeMap::new();
    for &obj in objects {
        let kind = obj.kind.as_str();
        let s = &obj.spec;
        if !["NodePool", "EC2NodeClass", super::overlay::KIND].contains(&kind) && owners.owned(obj)
        {
            owned += 1;
            continue;
        }
        if let Some(why) = inventory::not_running(obj) {
            if kind == "Pod" {
                ended_pods += 1;
            } else {
                notes.note(format!("{}: not planned, {why}", obj.title()));
            }
            continue;
        }
        match kind {
            "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController" => {
                let replicas = count(obj, "spec.replicas", s.replicas, 1)?;
                let (labels, spec) = tmpl(&s.template).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.template.spec")?;
                c.pending.push(Pending::new(obj, pod, labels, replicas));
            }
            "Job" => {
                let par = job_pods(obj, Some(s), "spec.")?;
                let (labels, spec) = tmpl(&s.template).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.template.spec")?;
                c.pending.push(Pending::new(obj, pod, labels, par));
            }
            "CronJob" => {
                let job = s.job_template.as_ref().and_then(|j| j.spec.as_ref());
                let par = job_pods(obj, job, "spec.jobTemplate.spec.")?;
                let (labels, spec) = job.and_then(|j| tmpl(&j.template)).unwrap_or_default();
                let pod = pod_spec(obj, spec, "spec.jobTemplate.spec.template.spec")?;
                c.pending.push(Pending {
                    cron: true,
                    base: "spec.jobTemplate.spec.template.spec",
                    ..Pending::new(obj, pod, labels, par)
                });
            }
            "Pod" => {
                let pod = pod_spec(obj, Some(s), "spec")?;
                // Pods of one controller that is not in the input: one workload.
                let key = match inventory::outside_owner(obj) {
                    // A DaemonSet's pod (or a node's static pod) is per-node overhead, not a
                    // replica: without its DaemonSet kplan cannot count it per node.
                    Some((k, n)) if k == "DaemonSet" || k == "Node" => {
                        notes.note(format!(
                            "pods of {k} {} (not in the input) are not planned; give the {k} to count it on every node",
                            super::shown(&n)
                        ));
                        continue;
                    }
                    Some((k, n)) => (k, key_of(obj).1, n),
                    None => key_of(obj),
                };
                if let Some(&i) = outside.get(&key) {
                    c.pending[i].replicas += 1;
                    continue;
                }
                if key != key_of(obj) {
                    outside.insert(key.clone(), c.pending.len());
                }
                c.pending.push(Pending {
                    base: "spec",
                    key,
                    ..Pending::new(obj, pod, obj.metadata.labels.clone(), 1)
                });
            }
            "DaemonSet" => c.daemonsets.push(obj),
            "HorizontalPodAutoscaler" => c.hpas.push(obj),
            "NodePool" | "EC2NodeClass" | "LimitRange" | "NodeOverlay" => {}
            _ => match operators::row(obj) {
                Some(row) => {
                    let cr = operators::pods(obj, row, notes)?;
                    c.pending.push(Pending {
                        base: "spec",
                        ..Pending::new(obj, &cr.pod, cr.labels, cr.replicas)
                    });
                }
                None => {
                    if obj.api_version.contains('.') && !obj.api_version.ends_with(".k8s.io/v1") {
                        notes.note(format!(
                            "{}: a custom resource kplan does not know; any pods its operator runs are not planned",
                            obj.title()
                        ));
                    }
                    notes.skip(kind);
                }
            },
        }
    }
    if owned > 0 {
        notes.note(format!(
            "skipped {owned} objects made by a controller in the input (counted through it)"
        ));
    }
    if ended_pods > 0 {
        notes.note(format!(
            "not planned: {ended_pods} Pods that have Succeeded or Failed (they run no more)"
        ));
    }
    Ok(c)
}

/// Each HPA replaces its target's replicas by its bound; two on one target are an error
/// (Kubernetes refuses to scale such a target).
fn apply_hpas(
    pending: &mut [Pending],
    hpas: &[&Object],
    mode: HpaMode,
    notes: &mut Diagnostics,
) -> Result<(), ConvertError> {
    let mut by_target: BTreeMap<Key, &Object> = BTreeMap::new();
    for &h in hpas {
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
        let ns = h.metadata.namespace.clone().unwrap_or_default();
        let found = pending.iter_mut().find(|p| {
            p.key.2 == target.name
                && p.key.1 == ns
                && target.kind.as_deref().is_none_or(|k| k == p.key.0)
        });
        let Some(p) = found else {
            notes.note(format!(
                "{}: its target {} {} is not in the input",
                h.title(),
                target.kind.unwrap_or_default(),
                target.name
            ));
            continue;
        };
        if let Some(first) = by_target.insert(p.key.clone(), h) {
            return Err(bad(format!(
                "{} ({}): {} {} is also the target of {} ({}); Kubernetes does not scale a target of two HPAs",
                h.origin,
                h.title(),
                p.key.0,
                p.key.2,
                first.title(),
                first.origin
            )));
        }
        p.replicas = match mode {
            HpaMode::Max => max,
            HpaMode::Min => min,
        };
    }
    Ok(())
}

/// The DaemonSets counted on the nodes they run on.
fn daemonsets(
    objs: &[&Object],
    k: &karpenter::Karpenter,
    limit_ranges: &LimitRanges,
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Vec<DaemonSet>, ConvertError> {
    let mut out = Vec::new();
    for &obj in objs {
        let (_, spec) = tmpl(&obj.spec.template).unwrap_or_default();
        let mut pod = pod_spec(obj, spec, "spec.template.spec")?.clone();
        limit_ranges.apply(obj, &mut pod, "spec.template.spec")?;
        let (req, n) = pod_requests(&pod);
        notes.requests(&obj.title(), 1, &n);
        let runs_on = match daemonset_reach(obj, &pod, &k.pools, catalog, notes)? {
            Reach::Everywhere => None,
            Reach::Nowhere(why) => {
                notes.note(format!(
                    "{}: runs on no node kplan can plan ({why}); not counted",
                    obj.title()
                ));
                continue;
            }
            Reach::Some(on) => {
                notes.note(format!(
                    "{}: runs only on {}; counted on those nodes",
                    obj.title(),
                    on.join(", ")
                ));
                Some(reached_types(&on, &k.pools))
            }
        };
        out.push(DaemonSet {
            name: obj.metadata.name.clone().unwrap_or_default(),
            cpu_millicores: req.cpu_millicores,
            memory_bytes: req.memory_bytes,
            host_network: pod.host_network,
            runs_on,
        });
    }
    Ok(out)
}

/// The instance types a daemonset reaching `on` runs on: without NodePools `on` already names
/// types; with NodePools, every type of a reached pool (a type that is also in a pool it does
/// not reach still counts it: the plan does not say which pool launches a node).
fn reached_types(on: &[String], pools: &[super::karpenter::Pool]) -> Vec<String> {
    if pools.is_empty() {
        return on.to_vec();
    }
    let mut types: Vec<String> = pools
        .iter()
        .filter(|p| on.contains(&p.name))
        .flat_map(|p| p.types.iter().cloned())
        .collect();
    types.sort();
    types.dedup();
    types
}

/// Maps the objects of all inputs onto a [`Workload`] and the rest of [`K8sInput`].
pub fn to_workload(
    objects: &[Object],
    catalog: &Catalog,
    opts: &Options,
) -> Result<K8sInput, ConvertError> {
    let mut notes = Diagnostics::default();
    let objects = inventory::unique(objects, &mut notes)?;
    let karp = karpenter::read(&objects, catalog, opts, &mut notes)?;
    let limit_ranges = LimitRanges::read(&objects, &mut notes);
    let profiles = super::fargate::profiles(&objects);
    let mut c = collect(&objects, &mut notes)?;
    apply_hpas(&mut c.pending, &c.hpas, opts.hpa, &mut notes)?;
    let keys: Vec<Key> = c.pending.iter().map(|p| p.key.clone()).collect();
    for (p, name) in c.pending.iter_mut().zip(inventory::display_names(&keys)) {
        p.name = name;
    }

    let mut input = K8sInput {
        workload: Workload::default(),
        own_selectors: Workload::default(),
        pools: Vec::new(),
        workload_pools: BTreeMap::new(),
        kubelet: None,
        zone_pins: BTreeMap::new(),
        not_always_running: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
        node_labels: BTreeMap::new(),
    };
    let (mut specs, mut own_specs) = (Vec::new(), Vec::new());
    let mut capacity_selectors: Vec<(String, Vec<CapacityType>, bool)> = Vec::new();
    let mut defaulted = 0usize;
    for p in &mut c.pending {
        if p.replicas == 0 {
            notes.note(format!("{}: 0 replicas, nothing to place", p.obj.title()));
            continue;
        }
        defaulted += limit_ranges.apply(p.obj, &mut p.pod, p.base)?;
        let (req, n) = pod_requests(&p.pod);
        notes.requests(&p.name, u64::from(p.replicas), &n);
        let mut w = WorkloadSpec {
            name: p.name.clone(),
            replicas: p.replicas,
            cpu_millicores: req.cpu_millicores,
            memory_bytes: req.memory_bytes,
            max_per_node: None,
            spread_zones: false,
            arch: Vec::new(),
            instance_types: Vec::new(),
            capacity_types: Vec::new(),
            fargate: super::fargate::pod_facts(p.obj, &p.pod, p.base, &p.labels, &profiles),
            extra: super::extended::pod_extra_requests(&p.pod)
                .map_err(|e| bad(format!("{}: {e}", p.obj.title())))?,
        };
        pod_placement(p, &mut w, &mut notes)?;
        let r = restrict(p, w, &karp.pools, catalog, &mut notes)?;
        let caps = karpenter::capacity_of(&r, &karp.pools);
        capacity_selectors.push((p.obj.title(), caps, !r.capacity.is_empty()));
        if let Some(pools) = r.pools {
            input.workload_pools.insert(p.name.clone(), pools);
        }
        if let Some(z) = r.zone_pin {
            input.zone_pins.insert(p.name.clone(), z);
        }
        if !r.labels.is_empty() {
            input.node_labels.insert(p.name.clone(), r.labels);
        }
        if p.cron {
            input.not_always_running.push(p.name.clone());
        }
        specs.push(r.spec);
        own_specs.push(r.own);
    }
    if specs.is_empty() {
        return Err(bad("the input has no Deployment, StatefulSet, ReplicaSet, ReplicationController, Job, CronJob, Pod or operator resource with replicas to place".into()));
    }
    if defaulted > 0 {
        notes.note(format!(
            "LimitRange defaults gave {defaulted} container requests (as admission would)"
        ));
    }
    let daemonsets = daemonsets(&c.daemonsets, &karp, &limit_ranges, catalog, &mut notes)?;

    let pools = &karp.pools;
    let capacity_type = if !pools.is_empty()
        && pools
            .iter()
            .all(|p| p.capacity_types.iter().any(|c| c == "spot"))
    {
        CapacityType::Spot
    } else {
        CapacityType::OnDemand
    };
    // Per workload: the capacity types its pods and NodePools allow, where that is one kind
    // the plan-wide default does not give, or the pod asks for it (shared/design/prices.md).
    for ((title, caps, selected), (spec, own)) in capacity_selectors
        .into_iter()
        .zip(specs.iter_mut().zip(own_specs.iter_mut()))
    {
        if caps.is_empty() {
            return Err(bad(format!(
                "{title}: its karpenter.sh/capacity-type requirement allows no capacity type its NodePools offer"
            )));
        }
        if selected || (caps.len() == 1 && caps != [capacity_type]) {
            spec.capacity_types = caps.clone();
            own.capacity_types = caps;
        }
    }
    let mut workload = Workload {
        region: karp.region.clone(),
        capacity_type,
        zones: karp.zones,
        daemonsets,
        workloads: specs,
        prices: crate::catalog::PriceAdjustments {
            overlays: super::overlay::read(&objects, catalog, &mut notes)?,
            ..Default::default()
        },
        ..Workload::default()
    };
    if let Some(k) = &karp.kubelet {
        k.apply(&mut workload.kubelet);
    }
    if !pools.is_empty() {
        let all: std::collections::BTreeSet<&String> =
            pools.iter().flat_map(|p| p.types.iter()).collect();
        workload.nodes.instance_types = all.into_iter().cloned().collect();
        workload.networking.max_pods = match karp.kubelet.as_ref().and_then(|k| k.max_pods) {
            Some(m) => MaxPodsMode::Fixed(m),
            None => MaxPodsMode::MaxAllowed,
        };
    }
    input.own_selectors = Workload {
        nodes: Default::default(),
        workloads: own_specs,
        ..workload.clone()
    };
    input.workload = workload;
    input.kubelet = karp.kubelet;
    input.pools = karp.pools;
    (input.notes, input.warnings) = notes.finish();
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::Arch;
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
        assert!(
            k.warnings[0].contains("DaemonSet aws-node (1 pod: container n (no memory request))"),
            "{:?}",
            k.warnings
        );
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
        // Pod. Pods of ReplicaSets that are not in the input and carry no pod-template-hash
        // label are planned under their ReplicaSet's name (no longer matched by name prefix).
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
        assert_eq!(names, [("web", 2), ("web-77aa", 1), ("other-1a2b", 1)]);
        assert!(
            notes(&k).contains("skipped 2 objects made by a controller in the input"),
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
        // The pod asks for spot: it is planned on spot, the rest of the plan on-demand.
        assert_eq!(k.workload.workloads[0].capacity_types, [CapacityType::Spot]);
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

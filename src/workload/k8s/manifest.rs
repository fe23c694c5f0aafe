//! The Kubernetes objects kplan reads, as serde structs.
//!
//! Every document is one flat [`Document`] (`apiVersion`, `kind`, `metadata`, `spec`, `items`),
//! and every `spec` one flat [`Spec`] holding the fields kplan reads of any kind it understands
//! (a Deployment's `replicas`, a Pod's `containers`, a NodePool's `requirements`, an
//! HPA's `maxReplicas`...). A flat struct rather than an enum tagged by `kind` keeps the line and
//! column of every error. Fields kplan does not read are ignored (real manifests carry many).

use crate::workload::quantity::{Cpu, Memory};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// One YAML document: any Kubernetes object, or a `kind: List` with `items`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
    pub spec: Option<Spec>,
    /// Read leniently: a status kplan cannot read is as good as none.
    #[serde(default, deserialize_with = "lenient_status")]
    pub status: Option<Status>,
    /// The objects of a `kind: List` (what `kubectl get -o yaml` prints) or a typed list.
    pub items: Option<Vec<Option<Document>>>,
}

/// `status`: what says a pod or a Job is done (`kubectl get -o yaml` dumps carry it).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// A Pod's `Pending`, `Running`, `Succeeded`, `Failed`.
    pub phase: Option<String>,
    /// A Job's conditions (`Complete`, `Failed` with status `True` when it is finished).
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

/// One `status.conditions[]` entry.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Condition {
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub status: String,
}

fn lenient_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Status>, D::Error> {
    let v = yaml_serde::Value::deserialize(d)?;
    Ok(yaml_serde::from_value(v).ok())
}

/// `metadata`: the parts kplan reads.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub name: Option<String>,
    pub namespace: Option<String>,
    /// Set by the API server (present in `kubectl get -o yaml` dumps).
    pub uid: Option<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Set on objects a controller made (a Deployment's ReplicaSets, their Pods...).
    #[serde(default)]
    pub owner_references: Vec<OwnerReference>,
}

/// `metadata.ownerReferences[]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    pub uid: Option<String>,
    /// The managing controller (a pod has at most one).
    pub controller: Option<bool>,
}

/// The union of the `spec` fields kplan reads, of every kind it understands. A PodSpec, a
/// controller spec (with `template.spec` a PodSpec), a JobSpec, a CronJobSpec (`jobTemplate`),
/// an HPA spec, a NodePool spec (`template.spec` its NodeClaim spec) and an EC2NodeClass spec.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    // Controllers (Deployment, StatefulSet, ReplicaSet, ReplicationController, Job).
    pub replicas: Option<i64>,
    pub parallelism: Option<i64>,
    pub completions: Option<i64>,
    /// A suspended Job or CronJob runs no pod.
    pub suspend: Option<bool>,
    pub template: Option<Box<Template>>,
    // CronJob.
    pub job_template: Option<Box<Template>>,
    // PodSpec.
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default)]
    pub init_containers: Vec<Container>,
    pub overhead: Option<Resources>,
    /// Pod-level resources (Kubernetes 1.32+): when given, the scheduler uses these requests.
    pub resources: Option<ContainerResources>,
    #[serde(default)]
    pub node_selector: BTreeMap<String, LenientString>,
    pub affinity: Option<Affinity>,
    #[serde(default)]
    pub tolerations: Vec<Toleration>,
    #[serde(default)]
    pub topology_spread_constraints: Vec<SpreadConstraint>,
    #[serde(default)]
    pub host_network: bool,
    // HorizontalPodAutoscaler.
    pub min_replicas: Option<i64>,
    pub max_replicas: Option<i64>,
    pub scale_target_ref: Option<TargetRef>,
    // NodePool (`spec`) and its NodeClaim template (`spec.template.spec`); LimitRange.
    pub limits: Option<Limits>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub requirements: Vec<Requirement>,
    #[serde(default)]
    pub taints: Vec<Taint>,
    pub node_class_ref: Option<TargetRef>,
    // EC2NodeClass.
    pub kubelet: Option<Kubelet>,
}

/// A pod template (`metadata` + `spec`), a job template, or a NodePool's NodeClaim template.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[serde(default)]
    pub metadata: Metadata,
    pub spec: Option<Spec>,
}

/// A container or init container.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub resources: ContainerResources,
    /// `Always` on an init container makes it a sidecar (runs beside the main containers).
    pub restart_policy: Option<String>,
}

/// `resources` of a container.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ContainerResources {
    pub requests: Option<Resources>,
    pub limits: Option<Resources>,
}

/// A resource list (`requests`, `limits`, `overhead`): CPU and memory, and the names of any
/// other resources (GPUs, ephemeral storage...), which kplan does not model.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Resources {
    pub cpu: Option<Cpu>,
    pub memory: Option<Memory>,
    pub other: Vec<String>,
    /// The other resources' quantities as written (name, text), for
    /// [`super::extended::pod_extra_requests`].
    pub quantities: Vec<(String, String)>,
}

impl<'de> Deserialize<'de> for Resources {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Resources;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of resource quantities (cpu, memory, ...)")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Resources, E> {
                Ok(Resources::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Resources, A::Error> {
                let mut r = Resources::default();
                while let Some(k) = m.next_key::<String>()? {
                    match k.as_str() {
                        "cpu" => r.cpu = Some(m.next_value()?),
                        "memory" => r.memory = Some(m.next_value()?),
                        _ => {
                            let q: super::extended::QuantityText = m.next_value()?;
                            r.quantities.push((k.clone(), q.0));
                            r.other.push(k);
                        }
                    }
                }
                Ok(r)
            }
        }
        d.deserialize_any(V)
    }
}

/// `spec.limits`: a NodePool's resource limits (a map), or a LimitRange's items (a list).
#[derive(Debug, Clone, PartialEq)]
pub enum Limits {
    Resources(Resources),
    Items(Vec<LimitRangeItem>),
}

impl Limits {
    /// A NodePool's limits (none for a LimitRange's list).
    pub fn resources(&self) -> Option<&Resources> {
        match self {
            Limits::Resources(r) => Some(r),
            Limits::Items(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for Limits {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Limits;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of resource quantities or a list of LimitRange items")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Limits, E> {
                Ok(Limits::Resources(Resources::default()))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<Limits, A::Error> {
                Resources::deserialize(de::value::MapAccessDeserializer::new(m))
                    .map(Limits::Resources)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, s: A) -> Result<Limits, A::Error> {
                Vec::<LimitRangeItem>::deserialize(de::value::SeqAccessDeserializer::new(s))
                    .map(Limits::Items)
            }
        }
        d.deserialize_any(V)
    }
}

/// One `spec.limits[]` item of a LimitRange.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitRangeItem {
    #[serde(rename = "type", default)]
    pub kind: String,
    pub default: Option<Resources>,
    pub default_request: Option<Resources>,
    pub max: Option<Resources>,
    pub min: Option<Resources>,
}

/// A string that YAML may have written as a number or boolean (`values: [5]`, `zone: 1`).
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LenientString(pub String);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LenientString;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LenientString, E> {
                Ok(LenientString(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LenientString, E> {
                Ok(LenientString(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LenientString, E> {
                Ok(LenientString(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LenientString, E> {
                Ok(LenientString(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<LenientString, E> {
                Ok(LenientString(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `affinity`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Affinity {
    pub node_affinity: Option<NodeAffinity>,
    pub pod_affinity: Option<PodAffinity>,
    pub pod_anti_affinity: Option<PodAffinity>,
}

/// `affinity.nodeAffinity`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeAffinity {
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    pub preferred_during_scheduling_ignored_during_execution: Option<Vec<IgnoredAnyClone>>,
}

/// A required node selector: the terms are ORed, the expressions of one term ANDed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelector {
    #[serde(default)]
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

/// One term of a node selector.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSelectorTerm {
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
    #[serde(default)]
    pub match_fields: Vec<Requirement>,
}

/// A requirement `key operator values` (node affinity, NodePool requirements).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub key: String,
    pub operator: String,
    #[serde(default)]
    pub values: Vec<LenientString>,
    pub min_values: Option<i64>,
}

/// `podAffinity` / `podAntiAffinity`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinity {
    #[serde(default)]
    pub required_during_scheduling_ignored_during_execution: Vec<PodAffinityTerm>,
    #[serde(default)]
    pub preferred_during_scheduling_ignored_during_execution: Vec<IgnoredAnyClone>,
}

/// One pod (anti-)affinity term.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodAffinityTerm {
    pub label_selector: Option<LabelSelector>,
    #[serde(default)]
    pub topology_key: String,
    #[serde(default)]
    pub namespaces: Vec<String>,
    pub namespace_selector: Option<IgnoredAnyClone>,
}

/// A label selector.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default)]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub match_expressions: Vec<Requirement>,
}

/// A topology spread constraint.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpreadConstraint {
    pub max_skew: i64,
    #[serde(default)]
    pub topology_key: String,
    #[serde(default)]
    pub when_unsatisfiable: String,
    pub label_selector: Option<LabelSelector>,
}

/// A toleration.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    pub key: Option<String>,
    pub operator: Option<String>,
    pub value: Option<String>,
    pub effect: Option<String>,
}

/// A NodePool taint.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    pub key: String,
    pub value: Option<String>,
    #[serde(default)]
    pub effect: String,
}

/// `scaleTargetRef` of an HPA, `nodeClassRef` of a NodePool.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetRef {
    pub kind: Option<String>,
    #[serde(default)]
    pub name: String,
}

/// An EC2NodeClass's `kubelet`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kubelet {
    pub max_pods: Option<i64>,
    pub pods_per_core: Option<i64>,
    pub system_reserved: Option<Resources>,
    pub kube_reserved: Option<Resources>,
    #[serde(default)]
    pub eviction_hard: BTreeMap<String, String>,
}

/// Any value, skipped; present only to say "this rule is there" (a not-modelled note).
#[derive(Debug, Default, Clone, Copy)]
pub struct IgnoredAnyClone;

impl<'de> Deserialize<'de> for IgnoredAnyClone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| IgnoredAnyClone)
    }
}

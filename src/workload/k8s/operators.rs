//! Custom resources whose operator runs pods, and the pods it runs. Each row of [`TABLE`] says
//! how many pods a resource means, which containers they have and where the figures come from;
//! the pod then goes through the same rules as any other (LimitRange, node selectors, taints,
//! anti-affinity). Other custom resources stay a note.
//!
//! | Kind (group) | Pods | Containers (requests) | Source |
//! |---|---|---|---|
//! | `Prometheus` (monitoring.coreos.com) | `replicas` (1) x `shards` (1) | prometheus: `resources`; config-reloader 10m / 50Mi; thanos-sidecar: `thanos.resources` when `thanos` is set | prometheus-operator cmd/operator/main.go (`defaultReloaderCPU = "10m"`, `defaultReloaderMemory = "50Mi"`), pkg/prometheus/common.go (`ReplicasNumberPtr`, `shardsNumber`) |
//! | `PrometheusAgent` (monitoring.coreos.com) | `replicas` (1) x `shards` (1) | prometheus: `resources`; config-reloader 10m / 50Mi | as Prometheus |
//! | `Alertmanager` (monitoring.coreos.com) | `replicas` (1) | alertmanager: `resources`, memory request 200Mi when none is given; config-reloader 10m / 50Mi | pkg/alertmanager/statefulset.go |
//! | `ThanosRuler` (monitoring.coreos.com) | `replicas` (1) | thanos-ruler: `resources`, memory request 200Mi when none is given; config-reloader 10m / 50Mi | pkg/thanos/statefulset.go |
//! | `Cluster` (postgresql.cnpg.io) | `instances` (1) | postgres: `resources`; required pod anti-affinity on `affinity.topologyKey` when `affinity.podAntiAffinityType: required` | CloudNativePG API reference (ClusterSpec, AffinityConfiguration) |
//!
//! The config-reloader figures are the operator's defaults for `--config-reloader-cpu-request`
//! and `--config-reloader-memory-request`; an operator started with other values runs other
//! sidecars (a note says so).

use super::Object;
use super::convert::{ConvertError, bad};
use super::diagnostics::Diagnostics;
use super::labels::HOSTNAME;
use super::manifest::{
    Affinity, Container, ContainerResources, LabelSelector, LenientString, PodAffinity,
    PodAffinityTerm, Resources, Spec, SpreadConstraint, Toleration,
};
use crate::workload::quantity::{Cpu, Memory};
use serde::Deserialize;
use std::collections::BTreeMap;

/// How a custom resource's pods are made.
pub struct Row {
    pub group: &'static str,
    pub kind: &'static str,
    /// The main container's name.
    pub main: &'static str,
    /// Memory request the operator gives the main container when `resources` has none.
    pub default_memory: Option<u64>,
    /// The operator's config-reloader sidecar runs in the pod.
    pub reloader: bool,
}

/// The custom resources kplan plans.
pub const TABLE: &[Row] = &[
    Row {
        group: "monitoring.coreos.com",
        kind: "Prometheus",
        main: "prometheus",
        default_memory: None,
        reloader: true,
    },
    Row {
        group: "monitoring.coreos.com",
        kind: "PrometheusAgent",
        main: "prometheus",
        default_memory: None,
        reloader: true,
    },
    Row {
        group: "monitoring.coreos.com",
        kind: "Alertmanager",
        main: "alertmanager",
        default_memory: Some(200 << 20),
        reloader: true,
    },
    Row {
        group: "monitoring.coreos.com",
        kind: "ThanosRuler",
        main: "thanos-ruler",
        default_memory: Some(200 << 20),
        reloader: true,
    },
    Row {
        group: "postgresql.cnpg.io",
        kind: "Cluster",
        main: "postgres",
        default_memory: None,
        reloader: false,
    },
];

/// prometheus-operator's default config-reloader requests: 10m CPU, 50Mi memory.
const RELOADER_CPU_MILLICORES: u64 = 10;
const RELOADER_MEMORY_BYTES: u64 = 50 << 20;

/// The row of an object, if its operator is in the table.
pub fn row(o: &Object) -> Option<&'static Row> {
    let group = o.api_version.split('/').next().unwrap_or_default();
    TABLE.iter().find(|r| r.kind == o.kind && r.group == group)
}

/// The fields of a custom resource's spec kplan reads.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CrSpec {
    replicas: Option<i64>,
    shards: Option<i64>,
    instances: Option<i64>,
    resources: Option<ContainerResources>,
    #[serde(default)]
    node_selector: BTreeMap<String, LenientString>,
    #[serde(default)]
    tolerations: Vec<Toleration>,
    affinity: Option<yaml_serde::Value>,
    #[serde(default)]
    topology_spread_constraints: Vec<SpreadConstraint>,
    pod_metadata: Option<PodMetadata>,
    thanos: Option<Thanos>,
    #[serde(default)]
    containers: Vec<yaml_serde::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct PodMetadata {
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
struct Thanos {
    resources: Option<ContainerResources>,
}

/// CloudNativePG's `spec.affinity`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CnpgAffinity {
    #[serde(default)]
    node_selector: BTreeMap<String, LenientString>,
    #[serde(default)]
    tolerations: Vec<Toleration>,
    enable_pod_anti_affinity: Option<bool>,
    pod_anti_affinity_type: Option<String>,
    topology_key: Option<String>,
}

/// The pods of one custom resource: pod spec, pod labels, pod count.
pub struct CrPods {
    pub pod: Spec,
    pub labels: BTreeMap<String, String>,
    pub replicas: u32,
}

fn count(obj: &Object, field: &str, v: Option<i64>) -> Result<u32, ConvertError> {
    match v {
        None => Ok(1),
        Some(n) if n < 0 => Err(bad(obj.error(format!("spec.{field}: {n} is negative")))),
        Some(n) => {
            u32::try_from(n).map_err(|_| bad(obj.error(format!("spec.{field}: {n} is too large"))))
        }
    }
}

fn container(name: &str, resources: ContainerResources) -> Container {
    Container {
        name: name.to_string(),
        resources,
        restart_policy: None,
    }
}

fn reloader() -> Container {
    let r = Resources {
        cpu: Some(Cpu(RELOADER_CPU_MILLICORES)),
        memory: Some(Memory(RELOADER_MEMORY_BYTES)),
        other: Vec::new(),
        quantities: Vec::new(),
    };
    container(
        "config-reloader",
        ContainerResources {
            requests: Some(r.clone()),
            limits: Some(r),
        },
    )
}

/// The pods `obj` (a resource of `row`) makes.
pub fn pods(obj: &Object, row: &Row, notes: &mut Diagnostics) -> Result<CrPods, ConvertError> {
    let raw = obj.raw.get("spec").cloned().unwrap_or_default();
    let s: CrSpec = if raw.is_null() {
        CrSpec::default()
    } else {
        yaml_serde::from_value(raw).map_err(|e| bad(obj.error(format!("spec: {e}"))))?
    };
    let name = obj.metadata.name.clone().unwrap_or_default();
    let mut resources = s.resources.clone().unwrap_or_default();
    if let Some(m) = row.default_memory {
        let req = resources.requests.get_or_insert_with(Resources::default);
        if req.memory.is_none() {
            req.memory = Some(Memory(m));
        }
    }
    let mut pod = Spec {
        containers: vec![container(row.main, resources)],
        node_selector: s.node_selector.clone(),
        tolerations: s.tolerations.clone(),
        topology_spread_constraints: s.topology_spread_constraints.clone(),
        ..Spec::default()
    };
    let mut labels = s
        .pod_metadata
        .as_ref()
        .map(|m| m.labels.clone())
        .unwrap_or_default();
    if row.reloader {
        pod.containers.push(reloader());
        pod.init_containers.push(Container {
            name: "init-config-reloader".into(),
            ..reloader()
        });
        notes.note(format!(
            "{}: the operator's config-reloader sidecar counted at its default requests (10m CPU, 50Mi memory)",
            obj.title()
        ));
        labels.insert(row.kind.to_lowercase(), name.clone());
    }
    if !s.containers.is_empty() {
        notes.note(format!(
            "{}: spec.containers (overrides of the operator's containers)",
            obj.title()
        ));
    }
    let replicas = if row.group == "postgresql.cnpg.io" {
        labels.insert("cnpg.io/cluster".into(), name.clone());
        cnpg_affinity(obj, &s, &name, &mut pod)?;
        count(obj, "instances", s.instances)?
    } else {
        if let Some(a) = &s.affinity {
            pod.affinity = Some(
                yaml_serde::from_value::<Affinity>(a.clone())
                    .map_err(|e| bad(obj.error(format!("spec.affinity: {e}"))))?,
            );
        }
        if let Some(t) = s.thanos.as_ref().filter(|_| row.kind == "Prometheus") {
            pod.containers.push(container(
                "thanos-sidecar",
                t.resources.clone().unwrap_or_default(),
            ));
        }
        let shards = if row.kind.starts_with("Prometheus") {
            count(obj, "shards", s.shards)?.max(1)
        } else {
            1
        };
        count(obj, "replicas", s.replicas)?.saturating_mul(shards)
    };
    Ok(CrPods {
        pod,
        labels,
        replicas,
    })
}

/// CloudNativePG's affinity: node selector, tolerations and (when `required`) pod
/// anti-affinity between the instances of the cluster.
fn cnpg_affinity(obj: &Object, s: &CrSpec, name: &str, pod: &mut Spec) -> Result<(), ConvertError> {
    let a: CnpgAffinity = match &s.affinity {
        Some(v) => yaml_serde::from_value(v.clone())
            .map_err(|e| bad(obj.error(format!("spec.affinity: {e}"))))?,
        None => CnpgAffinity::default(),
    };
    pod.node_selector = a.node_selector;
    pod.tolerations = a.tolerations;
    let required = a.pod_anti_affinity_type.as_deref() == Some("required")
        && a.enable_pod_anti_affinity != Some(false);
    if required {
        let term = PodAffinityTerm {
            label_selector: Some(LabelSelector {
                match_labels: [("cnpg.io/cluster".to_string(), name.to_string())].into(),
                match_expressions: Vec::new(),
            }),
            topology_key: a.topology_key.unwrap_or_else(|| HOSTNAME.to_string()),
            namespaces: Vec::new(),
            namespace_selector: None,
        };
        pod.affinity = Some(Affinity {
            pod_anti_affinity: Some(PodAffinity {
                required_during_scheduling_ignored_during_execution: vec![term],
                preferred_during_scheduling_ignored_during_execution: Vec::new(),
            }),
            ..Affinity::default()
        });
    }
    Ok(())
}

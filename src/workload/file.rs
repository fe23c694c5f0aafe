//! kplan's own workload YAML (shared/design/workload-format.md): the file as written, with
//! `deny_unknown_fields` everywhere so that a typo is an error naming the field's path.
//! [`WorkloadFile::into_workload`] checks the values and gives the domain [`Workload`].

use super::quantity::{Cpu, Memory};
use super::{
    Arch, CapacityType, DaemonSet, NetworkMode, Networking, NodeConstraints, Workload, WorkloadSpec,
};
use crate::pods::MaxPodsMode;
use crate::pods::{EBS_VOLUMES, EPHEMERAL_STORAGE, NEURON, NVIDIA_GPU, POD_ENI};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// The top level of a workload file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkloadFile {
    pub region: Option<String>,
    pub capacity_type: Option<CapacityType>,
    pub max_interruption: Option<String>,
    pub eks_default_daemonsets: Option<bool>,
    pub zones: Option<u32>,
    #[serde(default)]
    pub networking: NetworkingFile,
    #[serde(default)]
    pub nodes: NodesFile,
    #[serde(default)]
    pub daemonsets: Vec<DaemonSetFile>,
    #[serde(default)]
    pub workloads: Vec<WorkloadEntry>,
    /// A flat discount off every price (`12%`).
    pub discount: Option<String>,
    /// The account's own on-demand prices.
    #[serde(default)]
    pub prices: Vec<PriceEntry>,
    /// `off`, `compare`, `mixed` or `only` (docs/fargate.md).
    pub fargate: Option<crate::fargate::Mode>,
}

/// One entry of `prices:` (the rows of a price file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PriceEntry {
    pub instance_type: String,
    pub region: String,
    pub usd_per_hour: f64,
}

/// `networking:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkingFile {
    pub mode: Option<NetworkMode>,
    pub custom_networking: Option<bool>,
    pub max_pods: Option<MaxPodsField>,
}

/// `nodes:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NodesFile {
    #[serde(default)]
    pub instance_types: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub families: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    pub min_generation: Option<u32>,
    #[serde(default)]
    pub arch: OneOrMany<Arch>,
    pub min_vcpu: Option<u32>,
    pub max_vcpu: Option<u32>,
    pub max_nodes: Option<u32>,
    /// Accelerator (GPU, Neuron) nodes are tainted: pods asking for none stay off them.
    #[serde(default)]
    pub accelerators_tainted: bool,
    /// Root (ephemeral) volume of every node, e.g. `100Gi` (default: the AMI family's, 20Gi).
    pub root_volume: Option<Memory>,
    /// Ephemeral storage on the instance store (RAID0), where the type has one.
    #[serde(default)]
    pub instance_store_raid0: bool,
}

/// One entry of `daemonsets:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DaemonSetFile {
    pub name: String,
    #[serde(default)]
    pub cpu: Cpu,
    #[serde(default)]
    pub memory: Memory,
    #[serde(default)]
    pub host_network: bool,
}

/// One entry of `workloads:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WorkloadEntry {
    pub name: String,
    pub replicas: u32,
    pub cpu: Cpu,
    pub memory: Memory,
    pub max_per_node: Option<u32>,
    #[serde(default)]
    pub spread_zones: bool,
    #[serde(default)]
    pub arch: OneOrMany<Arch>,
    #[serde(default)]
    pub instance_types: Vec<String>,
    #[serde(default)]
    pub capacity_type: OneOrMany<CapacityType>,
    /// `false`: never on Fargate; `true`: on Fargate (as a Fargate profile would select it).
    pub fargate: Option<bool>,
    /// `nvidia.com/gpu` per pod.
    pub gpu: Option<Count>,
    /// `aws.amazon.com/neuron` devices per pod.
    pub neuron: Option<Count>,
    /// `vpc.amazonaws.com/efa` interfaces per pod.
    pub efa: Option<Count>,
    /// `ephemeral-storage` request per pod.
    pub ephemeral_storage: Option<Memory>,
    /// EBS volumes each pod attaches (its PVCs).
    pub volumes: Option<Count>,
    /// The pods match a SecurityGroupPolicy: one `vpc.amazonaws.com/pod-eni` each.
    #[serde(default)]
    pub security_groups: bool,
    /// Any other extended resource per pod, by name (`amd.com/gpu: 1`).
    #[serde(default)]
    pub resources: std::collections::BTreeMap<String, Count>,
}

/// A whole number of devices: `2`, `"2"` or `"2000m"`; never negative or fractional
/// (extended resources cannot be split).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub u64);

/// Parses a device count; the error says why.
pub fn parse_count(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "'{s}' is not a whole number of devices (extended resources are whole: 1, 2, 3000m)"
        )
    };
    if let Some(m) = t.strip_suffix('m') {
        let v: u64 = m.parse().map_err(|_| bad())?;
        return if v.is_multiple_of(1000) {
            Ok(v / 1000)
        } else {
            Err(bad())
        };
    }
    t.parse().map_err(|_| bad())
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of devices")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                parse_count(v).map(Count).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                u64::try_from(v).map(Count).map_err(|_| {
                    E::custom(format!("{v} is negative; give a whole number of devices"))
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
                if v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                    Ok(Count(v as u64))
                } else {
                    Err(E::custom(format!(
                        "{v} is not a whole number of devices (extended resources cannot be split)"
                    )))
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl WorkloadEntry {
    /// The requests beyond CPU and memory, by resource name (zeros left out).
    fn extra(&self, field: &str) -> Result<std::collections::BTreeMap<String, u64>, String> {
        let mut out = std::collections::BTreeMap::new();
        for (name, c) in &self.resources {
            if name.trim().is_empty() || name.contains(char::is_whitespace) {
                return Err(format!(
                    "{field}.resources: '{name}' is not a resource name"
                ));
            }
            if matches!(name.as_str(), "cpu" | "memory") {
                return Err(format!("{field}.resources: give {name} in `{name}:`"));
            }
            out.insert(name.clone(), c.0);
        }
        let named = [
            (NVIDIA_GPU, self.gpu.map(|c| c.0)),
            (NEURON, self.neuron.map(|c| c.0)),
            (crate::pods::EFA, self.efa.map(|c| c.0)),
            (EPHEMERAL_STORAGE, self.ephemeral_storage.map(|m| m.0)),
            (EBS_VOLUMES, self.volumes.map(|c| c.0)),
            (POD_ENI, self.security_groups.then_some(1)),
        ];
        for (name, v) in named {
            if let Some(v) = v {
                out.insert(name.to_string(), v);
            }
        }
        out.retain(|_, v| *v > 0);
        Ok(out)
    }
}

/// A field that takes one value or a list (`arch: arm64` or `arch: [amd64, arm64]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(v)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(t) = seq.next_element()? {
                    out.push(t);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// `maxPods:` — `recommended`, `max-allowed` or a number (string or integer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxPodsField(pub MaxPodsMode);

impl<'de> Deserialize<'de> for MaxPodsField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = MaxPodsField;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("recommended, max-allowed or a number of pods")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MaxPodsField, E> {
                v.parse::<MaxPodsMode>()
                    .map(MaxPodsField)
                    .map_err(|e| E::custom(format!("invalid maxPods '{v}': {e}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MaxPodsField, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MaxPodsField, E> {
                self.visit_str(&v.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

/// The most availability zones a region has (us-east-1 has six).
pub const MAX_ZONES: u32 = 6;

/// The longest workload or daemonset name: a Kubernetes object name (DNS subdomain) has at
/// most 253 characters.
pub const MAX_NAME_CHARS: usize = 253;

/// Is this text meant as kplan's own workload file: a `workloads:` key and no `kind:` or
/// `apiVersion:` at the top? Text that is not valid YAML counts when such a `workloads:` line
/// starts at column 0 (and no `kind:` line does), so that the YAML parser's own error (with
/// its line and column) is reported rather than "not a Kubernetes object".
pub fn looks_like_workload_file(text: &str) -> bool {
    let v: Option<yaml_serde::Value> = yaml_serde::Deserializer::from_str(text)
        .next()
        .and_then(|d| serde::Deserialize::deserialize(d).ok());
    match v {
        Some(v) => v.as_mapping().is_some_and(|m| {
            m.contains_key("workloads") && !m.contains_key("kind") && !m.contains_key("apiVersion")
        }),
        None => {
            let top = |key: &str| {
                text.lines()
                    .any(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            };
            top("workloads") && !top("kind") && !top("apiVersion")
        }
    }
}

/// Checks a name: not empty, at most [`MAX_NAME_CHARS`], declared once (`seen` holds the
/// names so far). Errors echo the name escaped and cut.
fn check_name(
    field: &str,
    name: &str,
    seen: &mut std::collections::HashSet<String>,
) -> Result<(), String> {
    use crate::sanitize::echo;
    if name.trim().is_empty() {
        return Err(format!("{field}: must not be empty"));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(format!(
            "{field}: '{}' has {chars} characters; a name has at most {MAX_NAME_CHARS} (a Kubernetes object name)",
            echo(name, 40)
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "{field}: '{}' contains control characters",
            echo(name, 60)
        ));
    }
    if !seen.insert(name.to_string()) {
        return Err(format!("{field}: '{name}' is declared twice"));
    }
    Ok(())
}

impl WorkloadFile {
    /// Checks the values and applies the defaults; errors name the field path and the value.
    pub fn into_workload(self) -> Result<Workload, String> {
        let d = Workload::default();
        let zones = self.zones.unwrap_or(d.zones);
        if !(1..=MAX_ZONES).contains(&zones) {
            return Err(format!(
                "zones: {zones} is not a zone count from 1 to {MAX_ZONES}"
            ));
        }
        let region = self.region.unwrap_or(d.region);
        if region.trim().is_empty() {
            return Err("region: must not be empty".into());
        }
        let n = self.nodes;
        if let (Some(lo), Some(hi)) = (n.min_vcpu, n.max_vcpu)
            && lo > hi
        {
            return Err(format!("nodes.minVcpu: {lo} is above nodes.maxVcpu {hi}"));
        }
        if n.max_nodes == Some(0) {
            return Err("nodes.maxNodes: 0 allows no node at all; give at least 1".into());
        }
        let globs = |field: &str, v: &[String]| -> Result<(), String> {
            match v.iter().position(|s| s.trim().is_empty()) {
                Some(i) => Err(format!("{field}[{i}]: empty name or pattern")),
                None => Ok(()),
            }
        };
        globs("nodes.instanceTypes", &n.instance_types)?;
        globs("nodes.exclude", &n.exclude)?;
        globs("nodes.families", &n.families)?;
        globs("nodes.categories", &n.categories)?;
        let (root_volume, instance_store_raid0, accelerators_tainted) = (
            n.root_volume,
            n.instance_store_raid0,
            n.accelerators_tainted,
        );
        let nodes = NodeConstraints {
            instance_types: n.instance_types,
            exclude: n.exclude,
            families: n.families,
            categories: n.categories,
            min_generation: n.min_generation,
            arch: n.arch.0,
            min_vcpu: n.min_vcpu,
            max_vcpu: n.max_vcpu,
            max_nodes: n.max_nodes,
        };

        let mut daemonsets: Vec<DaemonSet> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, ds) in self.daemonsets.into_iter().enumerate() {
            check_name(&format!("daemonsets[{i}].name"), &ds.name, &mut seen)?;
            daemonsets.push(DaemonSet {
                name: ds.name,
                cpu_millicores: ds.cpu.0,
                memory_bytes: ds.memory.0,
                host_network: ds.host_network,
                runs_on: None,
            });
        }

        if self.workloads.is_empty() {
            return Err("workloads: the file declares no workload".into());
        }
        let mut workloads: Vec<WorkloadSpec> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, w) in self.workloads.into_iter().enumerate() {
            check_name(&format!("workloads[{i}].name"), &w.name, &mut seen)?;
            if w.max_per_node == Some(0) {
                return Err(format!(
                    "workloads[{i}].maxPerNode: 0 would allow no pod of '{}' anywhere",
                    w.name
                ));
            }
            globs(&format!("workloads[{i}].instanceTypes"), &w.instance_types)?;
            let extra = w.extra(&format!("workloads[{i}]"))?;
            workloads.push(WorkloadSpec {
                name: w.name,
                replicas: w.replicas,
                cpu_millicores: w.cpu.0,
                memory_bytes: w.memory.0,
                max_per_node: w.max_per_node,
                spread_zones: w.spread_zones,
                arch: w.arch.0,
                instance_types: w.instance_types,
                capacity_types: w.capacity_type.0,
                fargate: crate::fargate::PodFacts {
                    opt_out: w.fargate == Some(false),
                    required: (w.fargate == Some(true)).then(|| "fargate: true".to_string()),
                    ..Default::default()
                },
                extra,
            });
        }

        let mut networking = d.networking;
        if let Some(m) = self.networking.mode {
            networking.mode = m;
        }
        if let Some(c) = self.networking.custom_networking {
            networking.custom_networking = c;
        }
        if let Some(MaxPodsField(m)) = self.networking.max_pods {
            networking.max_pods = m;
        }

        Ok(Workload {
            region,
            capacity_type: self.capacity_type.unwrap_or(d.capacity_type),
            max_interruption: match self.max_interruption {
                Some(b) => Some(b.parse().map_err(|e| format!("maxInterruption: {e}"))?),
                None => None,
            },
            zones,
            networking,
            nodes,
            daemonsets,
            eks_default_daemonsets: self.eks_default_daemonsets.unwrap_or(true),
            workloads,
            kubelet: Default::default(),
            prices: own_prices(self.discount.as_deref(), &self.prices)?,
            fargate: self.fargate,
            node_class: crate::pods::NodeClassSettings {
                root_volume_bytes: root_volume.map(|m| m.0),
                instance_store_raid0,
                ..Default::default()
            },
            accelerators_tainted,
        })
    }
}

/// `discount:` and `prices:` as the account's prices.
fn own_prices(
    discount: Option<&str>,
    rows: &[PriceEntry],
) -> Result<crate::catalog::PriceAdjustments, String> {
    use crate::catalog::adjust::{parse_discount, parse_usd};
    let mut p = crate::catalog::PriceAdjustments {
        own_source: "prices:".into(),
        discount_pct: discount
            .map(|d| parse_discount(d).map_err(|e| format!("discount: {e}")))
            .transpose()?,
        ..Default::default()
    };
    for (i, r) in rows.iter().enumerate() {
        let usd = parse_usd(&r.usd_per_hour.to_string())
            .map_err(|e| format!("prices[{i}].usdPerHour: {e}"))?;
        let key = (
            r.instance_type.trim().to_string(),
            r.region.trim().to_string(),
        );
        if p.own.insert(key, usd).is_some() {
            return Err(format!(
                "prices[{i}]: {} in {} is priced twice",
                r.instance_type, r.region
            ));
        }
    }
    Ok(p)
}

/// Needed for `Networking` defaults in [`WorkloadFile::into_workload`].
impl Default for Networking {
    fn default() -> Self {
        Networking {
            mode: NetworkMode::SecondaryIp,
            custom_networking: false,
            max_pods: MaxPodsMode::Recommended,
        }
    }
}

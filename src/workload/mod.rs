//! What must run and where it may run: the input of `kplan fit`.
//!
//! [`Workload`] is the domain type every input format maps onto: kplan's own YAML
//! ([`parse_yaml`], format in shared/design/workload-format.md) and, later, Kubernetes manifests
//! and Karpenter NodePools. Quantities are exact integers (millicores, bytes); see [`quantity`].
//! Pure: no file I/O (the command reads the file and names it in errors).

pub mod file;
pub mod k8s;
pub mod quantity;

use crate::pods::MaxPodsMode;
use serde::Deserialize;
use std::fmt;

/// On-demand or spot capacity: decides which price is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum CapacityType {
    OnDemand,
    Spot,
}

impl fmt::Display for CapacityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CapacityType::OnDemand => "on-demand",
            CapacityType::Spot => "spot",
        })
    }
}

/// A CPU architecture, by its Kubernetes name (`kubernetes.io/arch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    Amd64,
    Arm64,
}

impl Arch {
    /// The Kubernetes / catalog name: `amd64` or `arm64`.
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How pods get addresses (the VPC CNI mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkMode {
    /// One secondary IPv4 address per pod (the VPC CNI default).
    SecondaryIp,
    /// /28 prefixes per ENI slot.
    PrefixDelegation,
    /// IPv6 cluster: addresses do not limit pods.
    Ipv6,
}

impl fmt::Display for NetworkMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NetworkMode::SecondaryIp => "secondary-ip",
            NetworkMode::PrefixDelegation => "prefix-delegation",
            NetworkMode::Ipv6 => "ipv6",
        })
    }
}

/// Networking settings that decide pod slots per node.
#[derive(Debug, Clone, PartialEq)]
pub struct Networking {
    pub mode: NetworkMode,
    /// Custom networking: the primary ENI holds no pod addresses.
    pub custom_networking: bool,
    /// The kubelet's maxPods policy.
    pub max_pods: MaxPodsMode,
}

/// Which instance types nodes may use (all empty / `None` = no restriction).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeConstraints {
    /// Allow-list: names or globs (`m6i.*`); empty = every type.
    pub instance_types: Vec<String>,
    /// Deny-list: names or globs (`*.metal`).
    pub exclude: Vec<String>,
    /// Only these families (`m6i`); empty = any.
    pub families: Vec<String>,
    /// Only these categories (`c`, `m`, `r`; Karpenter's instance-category); empty = any.
    pub categories: Vec<String>,
    /// Only generations at least this (Karpenter's instance-generation).
    pub min_generation: Option<u32>,
    /// Only types supporting one of these architectures; empty = any.
    pub arch: Vec<Arch>,
    pub min_vcpu: Option<u32>,
    pub max_vcpu: Option<u32>,
    /// No plan may use more nodes than this.
    pub max_nodes: Option<u32>,
}

/// A per-node overhead: a pod on every node.
#[derive(Debug, Clone, PartialEq)]
pub struct DaemonSet {
    pub name: String,
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    /// On the host network: takes a pod slot but no VPC address.
    pub host_network: bool,
    /// The instance types whose nodes run it (its node selector, affinity and tolerations
    /// against the NodePools); `None` = every node.
    pub runs_on: Option<Vec<String>>,
}

impl DaemonSet {
    /// Whether nodes of `instance_type` run this daemonset.
    pub fn runs_on_type(&self, instance_type: &str) -> bool {
        self.runs_on
            .as_ref()
            .is_none_or(|types| types.iter().any(|t| t == instance_type))
    }

    /// The daemonsets every EKS node runs, with the requests of the EKS add-ons' manifests:
    /// aws-node (VPC CNI, 25m CPU) and kube-proxy (100m CPU), both on the host network,
    /// neither with a memory request.
    pub fn eks_defaults() -> Vec<DaemonSet> {
        vec![
            DaemonSet {
                name: "aws-node".into(),
                cpu_millicores: 25,
                memory_bytes: 0,
                host_network: true,
                runs_on: None,
            },
            DaemonSet {
                name: "kube-proxy".into(),
                cpu_millicores: 100,
                memory_bytes: 0,
                host_network: true,
                runs_on: None,
            },
        ]
    }
}

/// A group of identical pods.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadSpec {
    pub name: String,
    pub replicas: u32,
    /// Requests of one pod.
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    /// At most this many pods of the workload on one node (hostname anti-affinity).
    pub max_per_node: Option<u32>,
    /// Spread evenly over the zones: per-zone counts differ by at most one.
    pub spread_zones: bool,
    /// Only on nodes of these architectures; empty = any.
    pub arch: Vec<Arch>,
    /// Only on these instance types (names or globs); empty = any allowed node type.
    pub instance_types: Vec<String>,
    /// Capacity types its pods may run on (`capacityType`, or `karpenter.sh/capacity-type` in
    /// its node selection); empty = [`Workload::capacity_type`].
    pub capacity_types: Vec<CapacityType>,
    /// What decides whether its pods may run on Fargate.
    pub fargate: crate::fargate::PodFacts,
    /// Requests per pod beyond CPU and memory: resource name ([`crate::pods::NVIDIA_GPU`],
    /// [`crate::pods::EPHEMERAL_STORAGE`] in bytes, [`crate::pods::EBS_VOLUMES`]...) -> amount.
    /// Only non-zero amounts are kept.
    pub extra: std::collections::BTreeMap<String, u64>,
}

impl WorkloadSpec {
    /// The capacity types this workload may run on, given the plan's default.
    pub fn allowed_capacity(&self, default: CapacityType) -> Vec<CapacityType> {
        if self.capacity_types.is_empty() {
            vec![default]
        } else {
            self.capacity_types.clone()
        }
    }
}

/// Everything `kplan fit` plans for.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Region for prices and availability, e.g. `us-east-1`.
    pub region: String,
    /// The capacity type of workloads that do not name their own.
    pub capacity_type: CapacityType,
    /// Spot capacity only from types whose Spot Instance Advisor interruption band is at most
    /// this (`maxInterruption`, `--max-interruption`); `None` = any band, unknown included.
    pub max_interruption: Option<crate::catalog::Band>,
    /// Availability zones the nodes spread over (1 to [`file::MAX_ZONES`]).
    pub zones: u32,
    pub networking: Networking,
    pub nodes: NodeConstraints,
    /// Daemonsets the input declares (the EKS defaults are not in this list).
    pub daemonsets: Vec<DaemonSet>,
    /// Add aws-node and kube-proxy ([`DaemonSet::eks_defaults`]) to every node.
    pub eks_default_daemonsets: bool,
    pub workloads: Vec<WorkloadSpec>,
    /// Kubelet reservations and limits (an EC2NodeClass's `kubelet`); `max_pods` is ignored
    /// here (`networking.max_pods` decides).
    pub kubelet: crate::pods::KubeletSettings,
    /// What the account pays instead of list prices (price file, discount, NodeOverlays).
    pub prices: crate::catalog::PriceAdjustments,
    /// `fargate:` of the workload file (`--fargate` overrides); `None` = not set (off).
    pub fargate: Option<crate::fargate::Mode>,
    /// Node-class settings: root volume, instance store, EFA interfaces, launch volumes.
    pub node_class: crate::pods::NodeClassSettings,
    /// Nodes with a GPU or Neuron device are tainted for accelerators: a workload that asks
    /// for none may not run on them (Karpenter's GPU NodePools usually are).
    pub accelerators_tainted: bool,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            region: "us-east-1".into(),
            capacity_type: CapacityType::OnDemand,
            max_interruption: None,
            zones: 1,
            networking: Networking::default(),
            nodes: NodeConstraints::default(),
            daemonsets: Vec::new(),
            eks_default_daemonsets: true,
            workloads: Vec::new(),
            kubelet: crate::pods::KubeletSettings::default(),
            prices: Default::default(),
            fargate: None,
            node_class: crate::pods::NodeClassSettings::default(),
            accelerators_tainted: false,
        }
    }
}

impl Workload {
    /// The daemonsets on every node: the EKS defaults (unless turned off) and the declared ones.
    /// A declared daemonset named like a default (`aws-node`, `kube-proxy`) replaces it.
    pub fn all_daemonsets(&self) -> Vec<DaemonSet> {
        let mut out: Vec<DaemonSet> = Vec::new();
        if self.eks_default_daemonsets {
            out.extend(
                DaemonSet::eks_defaults()
                    .into_iter()
                    .filter(|d| !self.daemonsets.iter().any(|x| x.name == d.name)),
            );
        }
        out.extend(self.daemonsets.iter().cloned());
        out
    }
}

/// Parses kplan's workload YAML. The error is one line: the field path, the problem, the value,
/// and for syntax and type errors the line and column.
pub fn parse_yaml(text: &str) -> Result<Workload, String> {
    let f: file::WorkloadFile = yaml_serde::from_str(text).map_err(|e| e.to_string())?;
    f.into_workload()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
region: us-west-2
capacityType: spot
eksDefaultDaemonsets: true
zones: 3
networking:
  mode: prefix-delegation
  customNetworking: true
  maxPods: 58
nodes:
  instanceTypes: ["m6i.*", "c6i.large"]
  exclude: ["*.metal", "t*"]
  families: [m6i, c6i, r6i]
  categories: [c, m, r]
  minGeneration: 5
  arch: [amd64]
  minVcpu: 2
  maxVcpu: 64
  maxNodes: 200
daemonsets:
  - name: node-exporter
    cpu: 50m
    memory: 64Mi
    hostNetwork: true
workloads:
  - name: api
    replicas: 30
    cpu: 500m
    memory: 1Gi
    maxPerNode: 1
    spreadZones: true
    arch: arm64
    instanceTypes: ["m*"]
  - name: worker
    replicas: 200
    cpu: 0.25
    memory: 1e9
"#;

    #[test]
    fn every_field() {
        let w = parse_yaml(FULL).expect("valid");
        assert_eq!(w.region, "us-west-2");
        assert_eq!(w.capacity_type, CapacityType::Spot);
        assert_eq!(w.zones, 3);
        assert_eq!(
            w.networking,
            Networking {
                mode: NetworkMode::PrefixDelegation,
                custom_networking: true,
                max_pods: MaxPodsMode::Fixed(58)
            }
        );
        assert_eq!(w.nodes.instance_types, ["m6i.*", "c6i.large"]);
        assert_eq!(w.nodes.exclude, ["*.metal", "t*"]);
        assert_eq!(w.nodes.families, ["m6i", "c6i", "r6i"]);
        assert_eq!(w.nodes.categories, ["c", "m", "r"]);
        assert_eq!(w.nodes.min_generation, Some(5));
        assert_eq!(w.nodes.arch, [Arch::Amd64]);
        assert_eq!((w.nodes.min_vcpu, w.nodes.max_vcpu), (Some(2), Some(64)));
        assert_eq!(w.nodes.max_nodes, Some(200));
        assert_eq!(
            w.daemonsets,
            [DaemonSet {
                name: "node-exporter".into(),
                cpu_millicores: 50,
                memory_bytes: 64 << 20,
                host_network: true,
                runs_on: None,
            }]
        );
        let api = &w.workloads[0];
        assert_eq!(
            (api.replicas, api.cpu_millicores, api.memory_bytes),
            (30, 500, 1 << 30)
        );
        assert_eq!(api.max_per_node, Some(1));
        assert!(api.spread_zones);
        assert_eq!(api.arch, [Arch::Arm64]);
        assert_eq!(api.instance_types, ["m*"]);
        let worker = &w.workloads[1];
        assert_eq!(
            (worker.cpu_millicores, worker.memory_bytes),
            (250, 1_000_000_000)
        );
        assert!(!worker.spread_zones && worker.arch.is_empty());
        let names: Vec<String> = w.all_daemonsets().into_iter().map(|d| d.name).collect();
        assert_eq!(names, ["aws-node", "kube-proxy", "node-exporter"]);
    }

    #[test]
    fn defaults() {
        let w = parse_yaml("workloads: [{name: a, replicas: 1, cpu: 1, memory: 1Gi}]").unwrap();
        assert_eq!(w.region, "us-east-1");
        assert_eq!(w.capacity_type, CapacityType::OnDemand);
        assert_eq!(w.zones, 1);
        assert_eq!(w.networking, Networking::default());
        assert_eq!(w.nodes, NodeConstraints::default());
        assert!(w.eks_default_daemonsets);
        let ds = w.all_daemonsets();
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.iter().map(|d| d.cpu_millicores).sum::<u64>(), 125);
    }

    #[test]
    fn defaults_off_and_replaced() {
        let off = parse_yaml(
            "eksDefaultDaemonsets: false\nworkloads: [{name: a, replicas: 1, cpu: 1, memory: 1}]",
        )
        .unwrap();
        assert!(off.all_daemonsets().is_empty());
        let replaced = parse_yaml(
            "daemonsets: [{name: aws-node, cpu: 50m, hostNetwork: true}]\nworkloads: [{name: a, replicas: 1, cpu: 1, memory: 1}]",
        )
        .unwrap();
        let ds = replaced.all_daemonsets();
        assert_eq!(ds.len(), 2);
        assert_eq!(
            (ds[0].name.as_str(), ds[0].cpu_millicores),
            ("kube-proxy", 100)
        );
        assert_eq!(
            (ds[1].name.as_str(), ds[1].cpu_millicores),
            ("aws-node", 50)
        );
    }

    #[test]
    fn errors_name_the_path_and_value() {
        for (yaml, want) in [
            (
                "workloads: [{name: a, replicas: 1, cpu: 1, memory: 1, maxPerNod: 1}]",
                "workloads[0]: unknown field `maxPerNod`",
            ),
            (
                "nodes: {minGen: 5}\nworkloads: []",
                "nodes: unknown field `minGen`",
            ),
            (
                "workloads:\n  - name: a\n    replicas: 1\n    cpu: 5OOm\n    memory: 1",
                "workloads[0].cpu: invalid CPU quantity '5OOm'",
            ),
            (
                "capacityType: reserved\nworkloads: []",
                "capacityType: unknown variant `reserved`",
            ),
            (
                "networking: {maxPods: lots}\nworkloads: []",
                "networking.maxPods: invalid maxPods 'lots'",
            ),
            (
                "zones: 0\nworkloads: [{name: a, replicas: 1, cpu: 1, memory: 1}]",
                "zones: 0",
            ),
            (
                "workloads: [{name: a, replicas: 1, cpu: 1, memory: 1}, {name: a, replicas: 1, cpu: 1, memory: 1}]",
                "workloads[1].name: 'a' is declared twice",
            ),
            (
                "workloads: [{name: a, replicas: 1, cpu: 1, memory: 1, arch: sparc}]",
                "workloads[0].arch: unknown variant `sparc`",
            ),
            ("workloads: []", "workloads: the file declares no workload"),
            (
                "workloads: [{name: a, cpu: 1, memory: 1}]",
                "missing field `replicas`",
            ),
        ] {
            let e = parse_yaml(yaml).expect_err(yaml);
            assert!(e.contains(want), "{yaml}\n got: {e}");
        }
    }
}

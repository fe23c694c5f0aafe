//! Max pods and allocatable resources of a node (pure functions).
//!
//! Rules and sources: `shared/design/max-pods.md` — the VPC CNI's IP limits
//! (aws/amazon-vpc-cni-k8s), the EKS AMI's max-pods guidance (110/250 caps), and the
//! kube-reserved / eviction / VM-overhead figures that the EKS AMI's nodeadm and Karpenter use.

use crate::catalog::InstanceType;
use std::fmt;
use std::str::FromStr;

/// A VPC CNI release, `X.Y.Z` (a leading `v` is accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CniVersion(pub u32, pub u32, pub u32);

impl CniVersion {
    /// The default: a current release.
    pub const DEFAULT: CniVersion = CniVersion(1, 19, 0);
    /// The first release with prefix delegation.
    pub const PREFIX_DELEGATION: CniVersion = CniVersion(1, 9, 0);
}

impl FromStr for CniVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a version like 1.19.0");
        let t = s.trim().trim_start_matches('v');
        let t = t.split(['-', '+']).next().unwrap_or(t);
        let parts: Vec<&str> = t.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let mut n = [0u32; 3];
        for (i, p) in parts.iter().enumerate() {
            n[i] = p.parse().map_err(|_| bad())?;
        }
        Ok(CniVersion(n[0], n[1], n[2]))
    }
}

impl fmt::Display for CniVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// The max-pods value the kubelet runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxPodsMode {
    /// The IP limit capped at 110 (<= 30 vCPUs) or 250: what EKS managed node groups set.
    Recommended,
    /// The uncapped IP limit: what Karpenter and nodeadm use by default.
    MaxAllowed,
    /// A fixed kubelet `maxPods`.
    Fixed(u32),
}

impl FromStr for MaxPodsMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "recommended" => Ok(MaxPodsMode::Recommended),
            "max-allowed" => Ok(MaxPodsMode::MaxAllowed),
            n => match n.parse::<u32>() {
                Ok(0) => Err("max pods must be at least 1".into()),
                Ok(v) => Ok(MaxPodsMode::Fixed(v)),
                Err(_) => Err(format!(
                    "'{s}' is not a number, 'recommended' or 'max-allowed'"
                )),
            },
        }
    }
}

impl fmt::Display for MaxPodsMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxPodsMode::Recommended => f.write_str("recommended"),
            MaxPodsMode::MaxAllowed => f.write_str("max-allowed"),
            MaxPodsMode::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// VPC CNI settings that change how many pod IPs a node has.
#[derive(Debug, Clone, PartialEq)]
pub struct CniSettings {
    /// `ENABLE_PREFIX_DELEGATION`: each IP slot holds a /28.
    pub prefix_delegation: bool,
    /// `AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`: the primary ENI holds no pod IPs.
    pub custom_networking: bool,
    /// `MAX_ENI`: at most this many ENIs.
    pub max_enis: Option<u32>,
    pub cni_version: CniVersion,
    /// IPv6 cluster: pods take addresses from a /80; addresses do not limit pods.
    pub ipv6: bool,
}

impl Default for CniSettings {
    fn default() -> Self {
        CniSettings {
            prefix_delegation: false,
            custom_networking: false,
            max_enis: None,
            cni_version: CniVersion::DEFAULT,
            ipv6: false,
        }
    }
}

/// Kubelet settings that decide max pods and the reserved resources.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeletSettings {
    pub max_pods: MaxPodsMode,
    /// `podsPerCore`: max pods is at most this times the vCPUs.
    pub pods_per_core: Option<u32>,
    /// Share of memory the hypervisor and OS keep (Karpenter's VM_MEMORY_OVERHEAD_PERCENT).
    pub vm_memory_overhead: f64,
    /// kube-reserved CPU, millicores; `None` = the EKS formula.
    pub kube_reserved_cpu_millicores: Option<u64>,
    /// kube-reserved memory, MiB; `None` = `11 * max_pods + 255`.
    pub kube_reserved_memory_mib: Option<u64>,
    pub system_reserved_cpu_millicores: u64,
    pub system_reserved_memory_mib: u64,
    /// `evictionHard` memory.available, MiB.
    pub eviction_hard_memory_mib: u64,
}

impl Default for KubeletSettings {
    fn default() -> Self {
        KubeletSettings {
            max_pods: MaxPodsMode::Recommended,
            pods_per_core: None,
            vm_memory_overhead: 0.075,
            kube_reserved_cpu_millicores: None,
            kube_reserved_memory_mib: None,
            system_reserved_cpu_millicores: 0,
            system_reserved_memory_mib: 0,
            eviction_hard_memory_mib: 100,
        }
    }
}

/// What pods can request on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allocatable {
    pub cpu_millicores: u64,
    pub memory_mib: u64,
    pub pods: u32,
}

/// Pod capacity of one instance type under given settings.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePods {
    /// ENIs that hold pod addresses (after MAX_ENI and custom networking).
    pub pod_enis: u32,
    /// Prefix delegation requested and applied.
    pub prefix_delegation: bool,
    /// The IP-limited max pods, uncapped (the "max allowed"); in IPv6 the recommended cap.
    pub max_pods: u32,
    /// With the 110/250 cap; `None` when vCPUs are unknown and the cap would matter.
    pub recommended_max_pods: Option<u32>,
    /// What the kubelet runs with (per `--max-pods` and `--pods-per-core`); `None` if unknown.
    pub kubelet_max_pods: Option<u32>,
    /// Allocatable CPU, memory and pods; `None` when vCPUs or memory are unknown.
    pub allocatable: Option<Allocatable>,
    /// Pods that can really run: the kubelet's max pods, at most the IP limit.
    pub usable_pods: Option<u32>,
    /// Why a setting did not apply, and other things worth knowing.
    pub notes: Vec<String>,
}

/// The EKS guidance cap: 110 pods up to 30 vCPUs, 250 above.
pub fn recommended_cap(vcpus: u32) -> u32 {
    if vcpus > 30 { 250 } else { 110 }
}

/// Secondary-IP max pods: `enis * (ips_per_eni - 1) + 2`.
pub fn secondary_ip_max_pods(enis: u32, ipv4_per_eni: u32) -> u32 {
    enis * ipv4_per_eni.saturating_sub(1) + 2
}

/// Prefix-delegation max pods: `enis * (ips_per_eni - 1) * 16 + 2`.
pub fn prefix_delegation_max_pods(enis: u32, ipv4_per_eni: u32) -> u32 {
    enis * ipv4_per_eni.saturating_sub(1) * 16 + 2
}

/// Whether the VPC CNI allows prefix delegation on this type (`IsPrefixDelegationSupported`:
/// Nitro hypervisor or bare metal).
pub fn supports_prefix_delegation(t: &InstanceType) -> bool {
    t.hypervisor.as_deref() == Some("nitro") || t.bare_metal
}

/// kube-reserved CPU (EKS AMI / Karpenter): 6% of the first core, 1% of the second, 0.5% of
/// cores 3-4 and 0.25% of each core above 4, each band truncated to whole millicores.
pub fn kube_reserved_cpu_millicores(vcpus: u32) -> u64 {
    let cpu = u64::from(vcpus) * 1000;
    // (band start, band end, share in 1/10000)
    let bands = [
        (0u64, 1000u64, 600u64),
        (1000, 2000, 100),
        (2000, 4000, 50),
        (4000, u64::MAX, 25),
    ];
    bands
        .iter()
        .filter(|(start, _, _)| cpu > *start)
        .map(|&(start, end, share)| (cpu.min(end) - start) * share / 10_000)
        .sum()
}

/// kube-reserved memory (EKS AMI / Karpenter): `11 * max_pods + 255` MiB.
pub fn kube_reserved_memory_mib(max_pods: u32) -> u64 {
    11 * u64::from(max_pods) + 255
}

/// Memory the OS sees: 64 MiB less on arm64, then minus `ceil(overhead share)` (Karpenter).
pub fn memory_capacity_mib(memory_mib: u64, arm64: bool, vm_memory_overhead: f64) -> u64 {
    let base = if arm64 {
        memory_mib.saturating_sub(64)
    } else {
        memory_mib
    };
    let overhead = (base as f64 * vm_memory_overhead).ceil() as u64;
    base.saturating_sub(overhead)
}

/// Max pods and allocatable for one instance type.
pub fn node_pods(t: &InstanceType, cni: &CniSettings, kubelet: &KubeletSettings) -> NodePods {
    let mut notes = Vec::new();
    let mut usable_enis = t.enis;
    if let Some(m) = cni.max_enis {
        usable_enis = usable_enis.min(m);
    }
    if cni.custom_networking && !cni.ipv6 {
        if usable_enis <= 1 {
            notes.push(
                "custom networking: no ENI left for pods (the primary ENI holds none)".into(),
            );
        }
        usable_enis = usable_enis.saturating_sub(1);
    }

    let mut prefix_delegation = false;
    let ip_limit = if cni.ipv6 {
        if t.hypervisor.as_deref() != Some("nitro") {
            notes.push(
                "IPv6 needs a Nitro instance type: this type cannot join an IPv6 cluster".into(),
            );
        }
        None
    } else {
        if cni.prefix_delegation {
            if cni.cni_version < CniVersion::PREFIX_DELEGATION {
                notes.push(format!(
                    "prefix delegation needs VPC CNI >= {}, not {}: secondary IPs used",
                    CniVersion::PREFIX_DELEGATION,
                    cni.cni_version
                ));
            } else if !supports_prefix_delegation(t) {
                notes.push(format!(
                    "prefix delegation needs a Nitro or bare-metal type, not {}: secondary IPs used",
                    t.hypervisor.as_deref().map_or("an unknown hypervisor".to_string(), |h| format!("a {h} one"))
                ));
            } else {
                prefix_delegation = true;
                if t.bare_metal && t.hypervisor.as_deref() != Some("nitro") {
                    notes.push(
                        "bare metal: the VPC CNI allows prefix delegation; the EKS AMI's max-pods-calculator.sh would not".into(),
                    );
                }
            }
        }
        Some(if prefix_delegation {
            prefix_delegation_max_pods(usable_enis, t.ipv4_per_eni)
        } else {
            secondary_ip_max_pods(usable_enis, t.ipv4_per_eni)
        })
    };

    let cap = t.vcpus.map(recommended_cap);
    let (max_pods, recommended) = match ip_limit {
        Some(raw) => {
            let rec = match cap {
                Some(c) => Some(raw.min(c)),
                None if raw <= 110 => Some(raw),
                None => None,
            };
            (raw, rec)
        }
        // IPv6: no address limit; max pods is the kubelet's cap.
        None => (cap.unwrap_or(110), cap),
    };
    if t.vcpus.is_none() && recommended.is_none() {
        notes.push("vCPUs unknown: the 110/250 cap cannot be chosen".into());
    }

    let mut kubelet_max = match kubelet.max_pods {
        MaxPodsMode::Recommended => recommended,
        MaxPodsMode::MaxAllowed => Some(max_pods),
        MaxPodsMode::Fixed(n) => Some(n),
    };
    if let (Some(ppc), Some(v), Some(k)) = (kubelet.pods_per_core, t.vcpus, kubelet_max) {
        kubelet_max = Some(k.min(ppc.saturating_mul(v)));
    }
    if let (Some(k), Some(limit)) = (kubelet_max, ip_limit)
        && k > limit
    {
        notes.push(format!(
            "kubelet max pods {k} is above the IP limit {limit}: pods past {limit} get no IP"
        ));
    }
    let usable_pods = kubelet_max.map(|k| ip_limit.map_or(k, |l| k.min(l)));

    let allocatable = match (t.vcpus, t.memory_mib, kubelet_max) {
        (Some(vcpus), Some(mem), Some(kmax)) => {
            let arm64 = t.architectures.iter().any(|a| a == "arm64");
            let reserved_cpu = kubelet
                .kube_reserved_cpu_millicores
                .unwrap_or_else(|| kube_reserved_cpu_millicores(vcpus))
                + kubelet.system_reserved_cpu_millicores;
            let reserved_mem = kubelet
                .kube_reserved_memory_mib
                .unwrap_or_else(|| kube_reserved_memory_mib(kmax))
                + kubelet.system_reserved_memory_mib
                + kubelet.eviction_hard_memory_mib;
            Some(Allocatable {
                cpu_millicores: (u64::from(vcpus) * 1000).saturating_sub(reserved_cpu),
                memory_mib: memory_capacity_mib(mem, arm64, kubelet.vm_memory_overhead)
                    .saturating_sub(reserved_mem),
                pods: kmax,
            })
        }
        _ => None,
    };

    NodePods {
        pod_enis: usable_enis,
        prefix_delegation,
        max_pods,
        recommended_max_pods: recommended,
        kubelet_max_pods: kubelet_max,
        allocatable,
        usable_pods,
        notes,
    }
}

/// The AMI family of a node class: decides the default root volume (Karpenter's
/// `pkg/providers/amifamily/*.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmiFamily {
    Al2,
    #[default]
    Al2023,
    Bottlerocket,
    Windows,
    Custom,
}

impl FromStr for AmiFamily {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "al2" => Ok(AmiFamily::Al2),
            "al2023" => Ok(AmiFamily::Al2023),
            "bottlerocket" => Ok(AmiFamily::Bottlerocket),
            "custom" => Ok(AmiFamily::Custom),
            w if w.starts_with("windows") => Ok(AmiFamily::Windows),
            _ => Err(format!(
                "'{s}' is not an AMI family (AL2, AL2023, Bottlerocket, Windows2019, Windows2022, Custom)"
            )),
        }
    }
}

impl AmiFamily {
    /// The family's default ephemeral volume: 20Gi, or 50Gi for Windows (Custom has none and
    /// gets Karpenter's `DefaultEBS`, 20Gi).
    pub fn default_root_volume_bytes(self) -> u64 {
        match self {
            AmiFamily::Windows => 50 << 30,
            _ => 20 << 30,
        }
    }
}

/// `evictionHard` `nodefs.available`: a share of the volume or an absolute quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EvictionThreshold {
    /// Percent of the volume (rounded up to whole bytes).
    Percent(f64),
    Bytes(u64),
}

/// Node-class settings (an EC2NodeClass) that decide ephemeral storage, EFA and EBS.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeClassSettings {
    pub ami_family: AmiFamily,
    /// The ephemeral volume from `blockDeviceMappings` (bytes); `None` = the family's default.
    pub root_volume_bytes: Option<u64>,
    /// `instanceStorePolicy: RAID0`: the instance store holds ephemeral storage.
    pub instance_store_raid0: bool,
    /// kubelet `kubeReserved.ephemeral-storage`; `None` = 1Gi.
    pub kube_reserved_ephemeral_bytes: Option<u64>,
    /// kubelet `systemReserved.ephemeral-storage`.
    pub system_reserved_ephemeral_bytes: u64,
    /// kubelet `evictionHard` `nodefs.available`; `None` = 10%.
    pub eviction_nodefs: Option<EvictionThreshold>,
    /// EBS volumes attached at launch besides the root volume (non-root block device mappings).
    pub launch_volumes: u32,
    /// `networkInterfaces` with `interfaceType: efa-only`; `None` = the type's maximum.
    pub efa_interfaces: Option<u32>,
}

/// Ephemeral-storage capacity and allocatable of a node, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EphemeralStorage {
    pub capacity_bytes: u64,
    pub allocatable_bytes: u64,
    /// From the instance store (RAID0) rather than the EBS root volume.
    pub instance_store: bool,
}

/// Resources of a node beyond CPU, memory and pods: what pods can request (`None` = unknown;
/// these resources have no reservation, so capacity = allocatable except ephemeral storage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeResources {
    pub ephemeral_storage: Option<EphemeralStorage>,
    pub nvidia_gpu: Option<u32>,
    pub amd_gpu: Option<u32>,
    pub neuron: Option<u32>,
    pub neuroncore: Option<u32>,
    pub efa: Option<u32>,
    pub pod_eni: Option<u32>,
    /// EBS volumes pods can attach (the CSINode count of `ebs.csi.aws.com`).
    pub ebs_volumes: Option<u32>,
}

/// Resource names, as pods request them.
pub const EPHEMERAL_STORAGE: &str = "ephemeral-storage";
pub const NVIDIA_GPU: &str = "nvidia.com/gpu";
pub const AMD_GPU: &str = "amd.com/gpu";
pub const NEURON: &str = "aws.amazon.com/neuron";
pub const NEURONCORE: &str = "aws.amazon.com/neuroncore";
pub const EFA: &str = "vpc.amazonaws.com/efa";
pub const POD_ENI: &str = "vpc.amazonaws.com/pod-eni";
/// EBS attachments, named after the CSI driver whose CSINode count limits them.
pub const EBS_VOLUMES: &str = "ebs.csi.aws.com";

/// Accelerators: a node with any of them is an accelerator node.
pub const ACCELERATORS: [&str; 4] = [NVIDIA_GPU, AMD_GPU, NEURON, NEURONCORE];

impl NodeResources {
    /// What pods can request of the resource `name` (ephemeral storage in bytes); `Some(0)`
    /// for a resource the node does not advertise, `None` when unknown.
    pub fn allocatable(&self, name: &str) -> Option<u64> {
        let n = |v: Option<u32>| v.map(u64::from);
        match name {
            EPHEMERAL_STORAGE => self.ephemeral_storage.map(|e| e.allocatable_bytes),
            NVIDIA_GPU => n(self.nvidia_gpu),
            AMD_GPU => n(self.amd_gpu),
            NEURON => n(self.neuron),
            NEURONCORE => n(self.neuroncore),
            EFA => n(self.efa),
            POD_ENI => n(self.pod_eni),
            EBS_VOLUMES => n(self.ebs_volumes),
            _ => Some(0),
        }
    }

    /// Whether the node has a GPU or Neuron device.
    pub fn has_accelerator(&self) -> bool {
        ACCELERATORS
            .iter()
            .any(|r| self.allocatable(r).unwrap_or(0) > 0)
    }
}

/// Ephemeral storage (Karpenter `ephemeralStorage`, `kubeReservedResources`,
/// `evictionThreshold`): capacity from the instance store (RAID0) or the root volume;
/// allocatable = capacity - kube-reserved (1Gi) - system-reserved - eviction (10%, rounded up).
/// `None` when RAID0 is asked and the instance storage is unknown.
pub fn ephemeral_storage(t: &InstanceType, class: &NodeClassSettings) -> Option<EphemeralStorage> {
    let (capacity, instance_store) = match (class.instance_store_raid0, t.local_storage_gb) {
        (true, Some(gb)) if gb > 0 => (gb * 1_000_000_000, true),
        (true, None) => return None,
        _ => (
            class
                .root_volume_bytes
                .unwrap_or_else(|| class.ami_family.default_root_volume_bytes()),
            false,
        ),
    };
    let eviction = match class.eviction_nodefs {
        None => (capacity * 10).div_ceil(100),
        Some(EvictionThreshold::Percent(p)) if p >= 100.0 => 0,
        Some(EvictionThreshold::Percent(p)) => (capacity as f64 * p / 100.0).ceil() as u64,
        Some(EvictionThreshold::Bytes(b)) => b,
    };
    let reserved = class.kube_reserved_ephemeral_bytes.unwrap_or(1 << 30)
        + class.system_reserved_ephemeral_bytes
        + eviction;
    Some(EphemeralStorage {
        capacity_bytes: capacity,
        allocatable_bytes: capacity.saturating_sub(reserved),
        instance_store,
    })
}

/// The EBS CSI driver's CSINode count (`getVolumesLimit`): limit - (launch volumes + root) -
/// (ENIs beyond the first, on shared types); 1 at least, since 0 would mean no limit.
pub fn ebs_attachments(limit: crate::catalog::EbsLimit, launch_volumes: u32, enis: u32) -> u32 {
    let reserved = i64::from(launch_volumes) + 1;
    let by_enis = if limit.shared {
        i64::from(enis.saturating_sub(1))
    } else {
        0
    };
    let count = i64::from(limit.limit) - reserved - by_enis;
    if count <= 0 { 1 } else { count as u32 }
}

/// Every resource of a node beyond CPU, memory and pods (shared/design/extended-resources.md).
/// EBS: the ENIs counted are all those the VPC CNI may attach (the type's ENIs, at most
/// `MAX_ENI`), the conservative count for a node whose pods fill it.
pub fn node_resources(
    t: &InstanceType,
    cni: &CniSettings,
    class: &NodeClassSettings,
) -> NodeResources {
    let hardware_known = t.vcpus.is_some();
    let gpus = |maker: &str| -> Option<u32> {
        match &t.gpu {
            Some(g) if g.manufacturer.eq_ignore_ascii_case(maker) => Some(g.count),
            Some(_) => Some(0),
            None => hardware_known.then_some(0),
        }
    };
    let efa = match class.efa_interfaces {
        Some(n) => Some(n),
        None => t.efa_interfaces,
    };
    let pod_eni = match t.trunking {
        Some(true) => t.branch_enis,
        Some(false) => Some(0),
        None => None,
    };
    let enis = cni.max_enis.map_or(t.enis, |m| t.enis.min(m)).max(1);
    NodeResources {
        ephemeral_storage: ephemeral_storage(t, class),
        nvidia_gpu: gpus("nvidia"),
        amd_gpu: gpus("amd"),
        neuron: t.neuron_devices,
        neuroncore: t.neuron_cores,
        efa,
        pod_eni,
        ebs_volumes: t
            .ebs_limit
            .map(|l| ebs_attachments(l, class.launch_volumes, enis)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_reserved_cpu_figures() {
        // shared/design/max-pods.md
        for (v, m) in [
            (1, 60),
            (2, 70),
            (4, 80),
            (8, 90),
            (16, 110),
            (36, 160),
            (96, 310),
            (192, 550),
        ] {
            assert_eq!(kube_reserved_cpu_millicores(v), m, "{v} vCPUs");
        }
    }

    #[test]
    fn formulas() {
        assert_eq!(secondary_ip_max_pods(3, 10), 29);
        assert_eq!(secondary_ip_max_pods(2, 10), 20);
        assert_eq!(prefix_delegation_max_pods(3, 10), 434);
        assert_eq!(memory_capacity_mib(8192, false, 0.075), 7577);
        assert_eq!(kube_reserved_memory_mib(29), 574);
    }

    #[test]
    fn ephemeral_and_ebs_worked_examples() {
        // shared/design/extended-resources.md
        let t = |gb: u64| InstanceType {
            local_storage_gb: Some(gb),
            ..InstanceType::default()
        };
        let def = NodeClassSettings::default();
        let e = ephemeral_storage(&t(0), &def).unwrap();
        assert_eq!(e.allocatable_bytes, 18_253_611_008);
        let raid = NodeClassSettings {
            instance_store_raid0: true,
            ..def.clone()
        };
        let c5d = ephemeral_storage(&t(50), &raid).unwrap();
        assert_eq!(c5d.allocatable_bytes, 43_926_258_176);
        let win = NodeClassSettings {
            ami_family: AmiFamily::Windows,
            ..def
        };
        assert_eq!(
            ephemeral_storage(&t(0), &win).unwrap().allocatable_bytes,
            44 << 30
        );
        use crate::catalog::EbsLimit;
        let shared = |l| EbsLimit {
            limit: l,
            shared: true,
        };
        assert_eq!(ebs_attachments(shared(27), 0, 1), 26);
        assert_eq!(ebs_attachments(shared(27), 0, 3), 24);
        assert_eq!(ebs_attachments(shared(23), 0, 1), 22);
        let ded = EbsLimit {
            limit: 32,
            shared: false,
        };
        assert_eq!(ebs_attachments(ded, 0, 8), 31);
        assert_eq!(ebs_attachments(shared(2), 3, 4), 1);
    }

    #[test]
    fn versions() {
        assert_eq!("1.9.0".parse::<CniVersion>(), Ok(CniVersion(1, 9, 0)));
        assert_eq!(
            "v1.18.3-eksbuild.1".parse::<CniVersion>(),
            Ok(CniVersion(1, 18, 3))
        );
        assert!("banana".parse::<CniVersion>().is_err());
        assert!(CniVersion(1, 8, 9) < CniVersion::PREFIX_DELEGATION);
    }
}

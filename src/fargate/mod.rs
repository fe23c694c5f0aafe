//! Fargate beside EC2 (shared/design/fargate.md): the size Fargate gives a pod
//! ([`sizing`]), what it costs ([`pricing`]) and whether it may run there at all
//! ([`eligibility`]). Pure functions; `kplan fit --fargate` builds on them.

pub mod eligibility;
pub mod pricing;
pub mod sizing;

use std::collections::BTreeMap;
use std::fmt;

/// What `kplan fit` does with Fargate (`--fargate`, `fargate:` in the workload file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// EC2 only (the default).
    Off,
    /// The EC2 plan, and beside it each workload's Fargate size and cost.
    Compare,
    /// Each eligible workload on Fargate where that lowers the total.
    Mixed,
    /// Every eligible workload on Fargate, the rest on EC2.
    Only,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Off => "off",
            Mode::Compare => "compare",
            Mode::Mixed => "mixed",
            Mode::Only => "only",
        })
    }
}

/// What decides whether a workload's pods may run on Fargate, beyond their requests (read
/// from the manifests; kplan's own file only sets `opt_out`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodFacts {
    /// `fargate: false` on the workload: keep it on EC2.
    pub opt_out: bool,
    /// `fargate: true` on the workload, or the Fargate profile (named) that selects it: EKS runs
    /// its pods on Fargate (with `--fargate mixed|only`).
    pub required: Option<String>,
    pub host_network: bool,
    /// A container asks for a `hostPort`.
    pub host_port: bool,
    /// Containers with `securityContext.privileged: true`.
    pub privileged: Vec<String>,
    /// Accelerators requested (`nvidia.com/gpu`, `aws.amazon.com/neuron`...).
    pub accelerators: Vec<String>,
    /// PersistentVolumeClaims the pod mounts (claim names, or volume claim templates).
    pub volume_claims: Vec<String>,
    /// An in-tree `awsElasticBlockStore` volume.
    pub ebs_volume: bool,
    /// Ephemeral storage one pod requests (0 = the free 20 GiB).
    pub ephemeral_storage_bytes: u64,
    /// The pod's namespace and labels (what a Fargate profile selects on).
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
}

//! Whether a workload's pods can run on Fargate, and the reason when not (EKS User Guide,
//! "Simplify compute management with AWS Fargate", `latest/ug/nodes/fargate.adoc`; summarised in
//! shared/design/fargate.md).

use super::PodFacts;
use super::sizing::{self, Size};
use crate::workload::{Arch, WorkloadSpec};

/// What Fargate would give one pod of an eligible workload.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FargatePod {
    pub size: Size,
    /// Ephemeral storage billed beyond the free 20 GiB.
    pub extra_storage_gib: u64,
}

/// Fargate's size for one pod of `spec`, or every reason it cannot run there (joined by `; `).
pub fn assess(spec: &WorkloadSpec) -> Result<FargatePod, String> {
    let mut why = blockers(&spec.fargate);
    if !spec.arch.is_empty() && !spec.arch.contains(&Arch::Amd64) {
        why.push("runs on arm64 only: Fargate on EKS is x86 only".into());
    }
    let extra = sizing::extra_storage_gib(spec.fargate.ephemeral_storage_bytes);
    if extra.is_none() {
        why.push(format!(
            "requests {} GiB of ephemeral storage: Fargate allows at most {} GiB",
            spec.fargate.ephemeral_storage_bytes.div_ceil(1 << 30),
            sizing::MAX_STORAGE_GIB
        ));
    }
    let size = sizing::size(spec.cpu_millicores, spec.memory_bytes);
    if let Err(e) = &size {
        why.push(e.to_string());
    }
    match (size, extra) {
        (Ok(size), Some(extra_storage_gib)) if why.is_empty() => Ok(FargatePod {
            size,
            extra_storage_gib,
        }),
        _ => Err(why.join("; ")),
    }
}

/// The reasons the pod spec itself rules Fargate out.
fn blockers(f: &PodFacts) -> Vec<String> {
    let mut why = Vec::new();
    if f.opt_out {
        why.push("fargate: false in the workload file".into());
    }
    if f.host_network {
        why.push("hostNetwork: Fargate pods cannot use the host network".into());
    }
    if f.host_port {
        why.push("hostPort: not supported on Fargate".into());
    }
    if !f.privileged.is_empty() {
        why.push(format!(
            "privileged container {}: not supported on Fargate",
            f.privileged.join(", ")
        ));
    }
    if !f.accelerators.is_empty() {
        why.push(format!(
            "requests {}: Fargate has no GPU or Inferentia",
            f.accelerators.join(", ")
        ));
    }
    if !f.volume_claims.is_empty() {
        why.push(format!(
            "mounts PersistentVolumeClaim {}: Fargate mounts no EBS volume (only statically provisioned EFS)",
            f.volume_claims.join(", ")
        ));
    }
    if f.ebs_volume {
        why.push("mounts an awsElasticBlockStore volume: not supported on Fargate".into());
    }
    why
}

/// Extended resources that are accelerators (GPUs, Neuron devices, Habana Gaudi).
pub fn is_accelerator(resource: &str) -> bool {
    let r = resource.to_ascii_lowercase();
    r.contains("gpu") || r.starts_with("aws.amazon.com/neuron") || r.starts_with("habana.ai/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(cpu: u64, mem: u64) -> WorkloadSpec {
        WorkloadSpec {
            name: "w".into(),
            replicas: 1,
            cpu_millicores: cpu,
            memory_bytes: mem,
            max_per_node: None,
            spread_zones: false,
            arch: Vec::new(),
            instance_types: Vec::new(),
            capacity_types: Vec::new(),
            fargate: PodFacts::default(),
        }
    }

    #[test]
    fn eligible_pod_gets_its_size() {
        let p = assess(&spec(1000, 8 << 30)).unwrap();
        assert_eq!(p.size.annotation(), "2vCPU 9GB");
        assert_eq!(p.extra_storage_gib, 0);
    }

    #[test]
    fn every_reason_is_given() {
        let mut s = spec(17000, 1 << 30);
        s.arch = vec![Arch::Arm64];
        s.fargate = PodFacts {
            host_network: true,
            privileged: vec!["agent".into()],
            accelerators: vec!["nvidia.com/gpu".into()],
            ..PodFacts::default()
        };
        let why = assess(&s).unwrap_err();
        for part in [
            "hostNetwork",
            "privileged container agent",
            "requests nvidia.com/gpu: Fargate has no GPU",
            "arm64 only",
            "needs 17 vCPU",
        ] {
            assert!(why.contains(part), "{part} missing in {why}");
        }
    }

    #[test]
    fn accelerators() {
        assert!(is_accelerator("nvidia.com/gpu"));
        assert!(is_accelerator("aws.amazon.com/neuroncore"));
        assert!(!is_accelerator("ephemeral-storage"));
        assert!(!is_accelerator("vpc.amazonaws.com/pod-eni"));
    }
}

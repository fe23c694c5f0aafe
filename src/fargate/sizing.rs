//! The size Fargate gives a pod (EKS User Guide, "Understand Fargate Pod configuration details",
//! awsdocs/amazon-eks-user-guide `latest/ug/nodes/fargate-pod-configuration.adoc`; summarised
//! in shared/design/fargate.md): the pod's requests (the larger of the largest init container
//! and the sum of the long-running containers, as the scheduler counts them), plus 256 MB of
//! memory for the Kubernetes components, rounded up to the smallest vCPU/memory combination
//! that holds both. Fargate's "GB" are GiB (its sizes are whole multiples of 1,024 MiB; the
//! guide's 0.5 GB is 512 MiB).

use std::fmt;

/// Memory Fargate adds for the kubelet, kube-proxy and containerd: 256 MiB.
pub const SYSTEM_MEMORY_MIB: u64 = 256;

/// Ephemeral storage every Fargate pod has without asking: 20 GiB.
pub const FREE_STORAGE_GIB: u64 = 20;

/// The most ephemeral storage a Fargate pod can request: 175 GiB.
pub const MAX_STORAGE_GIB: u64 = 175;

/// One row of the combination table: a vCPU size and its memory sizes (MiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub cpu_millicores: u64,
    pub min_mib: u64,
    pub max_mib: u64,
    pub step_mib: u64,
}

const GIB: u64 = 1024;

/// The vCPU/memory combinations, smallest first.
pub const TABLE: [Row; 7] = [
    // 0.25 vCPU: 0.5, 1, 2 GB (not a regular step: handled in `row_memory`).
    Row {
        cpu_millicores: 250,
        min_mib: 512,
        max_mib: 2 * GIB,
        step_mib: 0,
    },
    Row {
        cpu_millicores: 500,
        min_mib: GIB,
        max_mib: 4 * GIB,
        step_mib: GIB,
    },
    Row {
        cpu_millicores: 1000,
        min_mib: 2 * GIB,
        max_mib: 8 * GIB,
        step_mib: GIB,
    },
    Row {
        cpu_millicores: 2000,
        min_mib: 4 * GIB,
        max_mib: 16 * GIB,
        step_mib: GIB,
    },
    Row {
        cpu_millicores: 4000,
        min_mib: 8 * GIB,
        max_mib: 30 * GIB,
        step_mib: GIB,
    },
    Row {
        cpu_millicores: 8000,
        min_mib: 16 * GIB,
        max_mib: 60 * GIB,
        step_mib: 4 * GIB,
    },
    Row {
        cpu_millicores: 16000,
        min_mib: 32 * GIB,
        max_mib: 120 * GIB,
        step_mib: 8 * GIB,
    },
];

/// A Fargate size: what the pod is billed for (`CapacityProvisioned`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size {
    pub cpu_millicores: u64,
    pub memory_mib: u64,
}

impl Size {
    /// vCPUs as a number (0.25, 2).
    pub fn vcpus(&self) -> f64 {
        self.cpu_millicores as f64 / 1000.0
    }

    /// Memory in GB as Fargate writes it (0.5, 9).
    pub fn memory_gb(&self) -> f64 {
        self.memory_mib as f64 / GIB as f64
    }

    /// The pod's `CapacityProvisioned` annotation shape: `0.25vCPU 0.5GB`.
    pub fn annotation(&self) -> String {
        format!("{}vCPU {}GB", self.vcpus(), self.memory_gb())
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.annotation())
    }
}

/// Why a pod has no Fargate size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    pub cpu_millicores: u64,
    /// Requested memory plus the 256 MiB, MiB.
    pub memory_mib: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "needs {} vCPU and {} MiB with Fargate's 256 MiB: above the largest Fargate size, 16 vCPU / 120 GB",
            self.cpu_millicores as f64 / 1000.0,
            self.memory_mib
        )
    }
}

/// The smallest memory size of `row` that holds `mib`, if any.
fn row_memory(row: &Row, mib: u64) -> Option<u64> {
    if mib > row.max_mib {
        return None;
    }
    if row.step_mib == 0 {
        return [512, GIB, 2 * GIB].into_iter().find(|&m| m >= mib);
    }
    let above = mib.saturating_sub(row.min_mib).div_ceil(row.step_mib);
    Some(row.min_mib + above * row.step_mib)
}

/// The Fargate size of a pod requesting `cpu_millicores` and `memory_bytes` (its scheduler
/// requests). A pod with no requests gets 0.25 vCPU / 0.5 GB.
pub fn size(cpu_millicores: u64, memory_bytes: u64) -> Result<Size, TooLarge> {
    let need_mib = memory_bytes
        .div_ceil(1 << 20)
        .saturating_add(SYSTEM_MEMORY_MIB);
    TABLE
        .iter()
        .filter(|r| r.cpu_millicores >= cpu_millicores)
        .find_map(|r| {
            row_memory(r, need_mib).map(|m| Size {
                cpu_millicores: r.cpu_millicores,
                memory_mib: m,
            })
        })
        .ok_or(TooLarge {
            cpu_millicores,
            memory_mib: need_mib,
        })
}

/// Ephemeral storage billed beyond the free 20 GiB, in whole GiB, for a pod requesting
/// `bytes`; `None` above the 175 GiB Fargate allows.
pub fn extra_storage_gib(bytes: u64) -> Option<u64> {
    let gib = bytes.div_ceil(1 << 30);
    (gib <= MAX_STORAGE_GIB).then(|| gib.saturating_sub(FREE_STORAGE_GIB))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MI: u64 = 1 << 20;
    const GI: u64 = 1 << 30;

    fn s(cpu: u64, mib: u64) -> Size {
        Size {
            cpu_millicores: cpu,
            memory_mib: mib,
        }
    }

    #[test]
    fn guide_worked_example() {
        // 1 vCPU / 8 GB: 8 GB + 256 MB does not fit 1 vCPU's 8 GB maximum -> 2 vCPU / 9 GB.
        assert_eq!(size(1000, 8 * GI), Ok(s(2000, 9 * 1024)));
        assert_eq!(size(1000, 8 * GI).unwrap().annotation(), "2vCPU 9GB");
    }

    #[test]
    fn design_note_worked_figure_and_empty_pod() {
        // 0.25 vCPU / 512 MiB -> 512 MiB + 256 MB > 0.5 GB -> 0.25 vCPU / 1 GB.
        assert_eq!(size(250, 512 * MI), Ok(s(250, 1024)));
        // No requests: 0.25 vCPU / 0.5 GB (256 MiB of components fit 0.5 GB).
        assert_eq!(size(0, 0).unwrap().annotation(), "0.25vCPU 0.5GB");
    }

    /// Every edge of every row: the largest request a size holds stays in it, one byte or one
    /// millicore more moves up (a memory step or the next vCPU row).
    #[test]
    fn rounding_at_every_row_edge() {
        let cases: &[(u64, u64, Size)] = &[
            // 0.25 vCPU: 0.5, 1, 2 GB.
            (250, 256 * MI, s(250, 512)),
            (250, 256 * MI + 1, s(250, 1024)),
            (250, 768 * MI, s(250, 1024)),
            (250, 768 * MI + 1, s(250, 2048)),
            (250, 1792 * MI, s(250, 2048)),
            // Above 0.25 vCPU's 2 GB: 0.5 vCPU, 3 GB.
            (250, 1792 * MI + 1, s(500, 3072)),
            // 0.5 vCPU: 1 to 4 GB.
            (251, 0, s(500, 1024)),
            (500, 768 * MI, s(500, 1024)),
            (500, 3840 * MI, s(500, 4096)),
            (500, 3840 * MI + 1, s(1000, 5120)),
            // 1 vCPU: 2 to 8 GB.
            (501, 0, s(1000, 2048)),
            (1000, 1792 * MI, s(1000, 2048)),
            (1000, 1792 * MI + 1, s(1000, 3072)),
            (1000, 7936 * MI, s(1000, 8192)),
            (1000, 7936 * MI + 1, s(2000, 9216)),
            // 2 vCPU: 4 to 16 GB.
            (1001, 0, s(2000, 4096)),
            (2000, 16128 * MI, s(2000, 16384)),
            (2000, 16128 * MI + 1, s(4000, 17408)),
            // 4 vCPU: 8 to 30 GB.
            (2001, 0, s(4000, 8192)),
            (4000, 30464 * MI, s(4000, 30720)),
            (4000, 30464 * MI + 1, s(8000, 32768)),
            // 8 vCPU: 16 to 60 GB in 4 GB steps.
            (4001, 0, s(8000, 16384)),
            (8000, 16384 * MI, s(8000, 20480)),
            (8000, 20224 * MI, s(8000, 20480)),
            (8000, 20224 * MI + 1, s(8000, 24576)),
            (8000, 61184 * MI, s(8000, 61440)),
            (8000, 61184 * MI + 1, s(16000, 65536)),
            // 16 vCPU: 32 to 120 GB in 8 GB steps.
            (8001, 0, s(16000, 32768)),
            (16000, 32512 * MI + 1, s(16000, 40960)),
            (16000, 122624 * MI, s(16000, 122880)),
        ];
        for &(cpu, mem, want) in cases {
            assert_eq!(size(cpu, mem), Ok(want), "{cpu}m {mem} bytes");
        }
    }

    #[test]
    fn above_the_largest_size() {
        assert_eq!(
            size(16001, 0),
            Err(TooLarge {
                cpu_millicores: 16001,
                memory_mib: 256
            })
        );
        let e = size(16000, 122624 * MI + 1).unwrap_err();
        assert_eq!(e.memory_mib, 122881);
        assert!(e.to_string().contains("16 vCPU / 120 GB"), "{e}");
    }

    #[test]
    fn storage_beyond_20_gib() {
        assert_eq!(extra_storage_gib(0), Some(0));
        assert_eq!(extra_storage_gib(20 * GI), Some(0));
        assert_eq!(extra_storage_gib(20 * GI + 1), Some(1));
        assert_eq!(extra_storage_gib(100 * GI), Some(80));
        assert_eq!(extra_storage_gib(175 * GI), Some(155));
        assert_eq!(extra_storage_gib(175 * GI + 1), None);
    }
}

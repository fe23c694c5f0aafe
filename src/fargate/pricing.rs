//! What a Fargate pod costs an hour: vCPU-hours plus GB-hours of its size, plus ephemeral
//! storage beyond the free 20 GB. Linux on x86 (Fargate on EKS runs no Arm, Windows or Spot).

use super::sizing::Size;

/// Fargate's rates in one region, with where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub region: String,
    /// USD per vCPU-hour.
    pub vcpu_hour: f64,
    /// USD per GB-hour of memory.
    pub gb_hour: f64,
    /// USD per GB-hour of ephemeral storage beyond the free 20 GB.
    pub storage_gb_hour: f64,
    /// Where the figures come from (shown in notes and JSON).
    pub source: &'static str,
}

/// The us-east-1 rates: the AWS Fargate pricing page and the AWS Price List for service code
/// `AmazonEKS`, usage types `USE1-Fargate-vCPU-Hours:perCPU` and `USE1-Fargate-GB-Hours`
/// (shared/design/fargate.md).
pub const US_EAST_1: Rates = Rates {
    region: String::new(),
    vcpu_hour: 0.04048,
    gb_hour: 0.004445,
    storage_gb_hour: 0.000111,
    source: "AWS Fargate pricing page and AWS Price List (service code AmazonEKS, usage types USE1-Fargate-vCPU-Hours:perCPU, USE1-Fargate-GB-Hours), us-east-1, Linux x86",
};

/// The rates kplan knows for `region`: only us-east-1 is embedded. Another region has none
/// (a gap said out loud, never filled with us-east-1's figures).
pub fn rates(region: &str) -> Option<Rates> {
    (region == "us-east-1").then(|| Rates {
        region: region.to_string(),
        ..US_EAST_1
    })
}

/// USD per hour of one pod of `size` with `extra_storage_gib` beyond the free 20 GB.
pub fn hourly(r: &Rates, size: Size, extra_storage_gib: u64) -> f64 {
    let raw = size.vcpus() * r.vcpu_hour
        + size.memory_gb() * r.gb_hour
        + extra_storage_gib as f64 * r.storage_gb_hour;
    // Rates have at most six decimals; round the sum there, away from float noise.
    (raw * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fargate::sizing::size;

    #[test]
    fn design_note_figures() {
        let r = rates("us-east-1").unwrap();
        // 0.25 vCPU / 512 MiB -> 0.25 vCPU / 1 GB: 0.25 x 0.04048 + 1 x 0.004445 = 0.014565.
        let small = size(250, 512 << 20).unwrap();
        assert_eq!(hourly(&r, small, 0), 0.014565);
        // 1 vCPU / 8 GB -> 2 vCPU / 9 GB: 2 x 0.04048 + 9 x 0.004445 = 0.120965.
        let big = size(1000, 8 << 30).unwrap();
        assert_eq!(hourly(&r, big, 0), 0.120965);
        // 100 GiB of storage: 80 GB beyond the free 20 at 0.000111.
        assert_eq!(hourly(&r, small, 80), 0.023445);
    }

    #[test]
    fn other_regions_are_a_gap() {
        assert_eq!(rates("eu-west-1"), None);
    }
}

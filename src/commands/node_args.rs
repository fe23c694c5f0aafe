//! CNI and kubelet flags shared by `pods`, `subnet` and `fit` (exact names: scripts rely on them).
//! The help texts are constants so the three subcommands say the same thing.

use crate::pods::{CniSettings, CniVersion, KubeletSettings, MaxPodsMode};
use crate::workload::{NetworkMode, Networking};

/// Help of `--prefix-delegation`.
pub const HELP_PREFIX_DELEGATION: &str = "Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why";
/// Help of `--custom-networking`.
pub const HELP_CUSTOM_NETWORKING: &str =
    "Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs";
/// Help of `--ipv6`.
pub const HELP_IPV6: &str = "IPv6 cluster: addresses do not limit pods (Nitro types only)";

/// VPC CNI and kubelet settings that decide max pods and allocatable.
#[derive(Debug, Clone, clap::Args)]
pub struct NodeSettingsArgs {
    #[arg(long, help = HELP_PREFIX_DELEGATION)]
    pub prefix_delegation: bool,
    #[arg(long, help = HELP_CUSTOM_NETWORKING)]
    pub custom_networking: bool,
    /// The CNI's MAX_ENI: use at most N ENIs per node.
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub max_enis: Option<u32>,
    /// VPC CNI version (X.Y.Z).
    #[arg(long, value_name = "X.Y.Z", default_value_t = CniVersion::DEFAULT)]
    pub cni_version: CniVersion,
    #[arg(long, help = HELP_IPV6)]
    pub ipv6: bool,
    /// What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node
    /// groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set).
    #[arg(long, value_name = "N|recommended|max-allowed", default_value_t = MaxPodsMode::Recommended)]
    pub max_pods: MaxPodsMode,
    /// Kubelet podsPerCore: max pods at most N x vCPUs.
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub pods_per_core: Option<u32>,
    /// Share of memory lost to the hypervisor and OS (Karpenter's VM_MEMORY_OVERHEAD_PERCENT).
    #[arg(long, value_name = "SHARE", default_value_t = 0.075, value_parser = parse_share)]
    pub vm_memory_overhead: f64,
}

impl NodeSettingsArgs {
    /// The CNI settings these flags describe.
    pub fn cni(&self) -> CniSettings {
        CniSettings {
            prefix_delegation: self.prefix_delegation,
            custom_networking: self.custom_networking,
            max_enis: self.max_enis,
            cni_version: self.cni_version,
            ipv6: self.ipv6,
        }
    }

    /// The kubelet settings these flags describe.
    pub fn kubelet(&self) -> KubeletSettings {
        KubeletSettings {
            max_pods: self.max_pods,
            pods_per_core: self.pods_per_core,
            vm_memory_overhead: self.vm_memory_overhead,
            ..KubeletSettings::default()
        }
    }
}

/// The CNI's address-mode flags of `kplan fit`, the same as in `pods` and `subnet`; given, they
/// override the workload file's `networking`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CniModeArgs {
    #[arg(long, help = HELP_PREFIX_DELEGATION)]
    pub prefix_delegation: bool,
    #[arg(long, help = HELP_CUSTOM_NETWORKING)]
    pub custom_networking: bool,
    #[arg(long, help = HELP_IPV6)]
    pub ipv6: bool,
}

impl CniModeArgs {
    /// Applies the flags given to a workload's networking (IPv6 wins over prefix delegation:
    /// the CNI runs IPv6 on prefixes; custom networking does not apply to IPv6).
    pub fn apply(&self, n: &mut Networking) {
        if self.prefix_delegation {
            n.mode = NetworkMode::PrefixDelegation;
        }
        if self.ipv6 {
            n.mode = NetworkMode::Ipv6;
        }
        if self.custom_networking {
            n.custom_networking = true;
        }
    }
}

/// A share in [0, 1): `0.075`, or a percentage such as `7.5%`.
pub fn parse_share(s: &str) -> Result<f64, String> {
    let (num, pct) = match s.trim().strip_suffix('%') {
        Some(n) => (n, true),
        None => (s.trim(), false),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a number like 0.075 or 7.5%"))?;
    let v = if pct { v / 100.0 } else { v };
    if !(0.0..1.0).contains(&v) || !v.is_finite() {
        return Err(format!(
            "'{s}' must be a share from 0 to below 1 (or 0% to below 100%)"
        ));
    }
    Ok(v)
}

/// A whole number of at least 1.
pub fn parse_positive(s: &str) -> Result<u32, String> {
    match s.trim().parse::<u32>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a whole number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `--prefix-delegation`, `--custom-networking` and `--ipv6` exist with the same help in
    /// `pods`, every `subnet` subcommand and `fit`.
    #[test]
    fn cni_flags_are_the_same_in_pods_subnet_and_fit() {
        let cli = crate::cli::Cli::command();
        let sub = |path: &[&str]| {
            let mut c = &cli;
            for p in path {
                c = c.find_subcommand(p).expect("subcommand");
            }
            c.clone()
        };
        let commands = [
            vec!["pods"],
            vec!["fit"],
            vec!["subnet", "size"],
            vec!["subnet", "check"],
            vec!["subnet", "capacity"],
            vec!["subnet", "plan"],
        ];
        for (flag, help) in [
            ("prefix-delegation", HELP_PREFIX_DELEGATION),
            ("custom-networking", HELP_CUSTOM_NETWORKING),
            ("ipv6", HELP_IPV6),
        ] {
            for path in &commands {
                let c = sub(path);
                let arg = c
                    .get_arguments()
                    .find(|a| a.get_long() == Some(flag))
                    .unwrap_or_else(|| panic!("{path:?} lacks --{flag}"));
                assert_eq!(
                    arg.get_help().map(|h| h.to_string()).as_deref(),
                    Some(help),
                    "{path:?} --{flag}"
                );
            }
        }
    }

    #[test]
    fn fit_flags_override_the_file() {
        let mut n = Networking::default();
        CniModeArgs {
            prefix_delegation: true,
            custom_networking: true,
            ipv6: false,
        }
        .apply(&mut n);
        assert_eq!(
            (n.mode, n.custom_networking),
            (NetworkMode::PrefixDelegation, true)
        );
        CniModeArgs {
            ipv6: true,
            ..CniModeArgs::default()
        }
        .apply(&mut n);
        assert_eq!(n.mode, NetworkMode::Ipv6);
    }
}

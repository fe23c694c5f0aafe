//! Flags of `kplan subnet`: node inputs, CNI warm pool, overhead, and their parsers.

use crate::commands::node_args::NodeSettingsArgs;
use crate::subnet::WarmPool;
use std::path::PathBuf;

/// Per-node settings: CNI and kubelet flags, the warm pool, pods per node.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    #[command(flatten)]
    pub node: NodeSettingsArgs,
    /// Pods on each node that do not use the host network [default: a full node: the usable
    /// pod slots minus 2 (aws-node and kube-proxy use the host network)].
    #[arg(long, value_name = "N")]
    pub pods_per_node: Option<u32>,
    /// The CNI's WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set).
    #[arg(long, value_name = "N")]
    pub warm_eni_target: Option<u32>,
    /// The CNI's WARM_IP_TARGET: spare addresses per node.
    #[arg(long, value_name = "N")]
    pub warm_ip_target: Option<u32>,
    /// The CNI's MINIMUM_IP_TARGET: addresses each node holds at least.
    #[arg(long, value_name = "N")]
    pub minimum_ip_target: Option<u32>,
    /// The CNI's WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1).
    #[arg(long, value_name = "N")]
    pub warm_prefix_target: Option<u32>,
    /// Pods per node that use security groups for pods (one branch ENI address each, plus the
    /// trunk ENI).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub security_group_pods: u32,
}

impl NetArgs {
    /// The warm-pool settings.
    pub fn warm_pool(&self) -> WarmPool {
        WarmPool {
            warm_eni_target: self.warm_eni_target,
            warm_ip_target: self.warm_ip_target,
            minimum_ip_target: self.minimum_ip_target,
            warm_prefix_target: self.warm_prefix_target,
        }
    }
}

/// Addresses in each subnet beyond the nodes.
#[derive(Debug, Clone, clap::Args)]
pub struct OverheadArgs {
    /// Extra nodes during a rolling upgrade: percent of each node group's nodes in each zone,
    /// rounded up per group (a surge node is of its group's type and holds its addresses).
    #[arg(long, value_name = "PCT", default_value = "0", value_parser = parse_pct)]
    pub surge: u32,
    /// Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M`
    /// (an ALB needs 8 free addresses per subnet, an NLB 1).
    #[arg(long, value_name = "N|alb=N,nlb=M", value_parser = parse_load_balancers)]
    pub load_balancers: Option<LoadBalancers>,
    /// Reserve 16 addresses per subnet for the EKS control plane's cross-account ENIs
    /// (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16).
    #[arg(long)]
    pub control_plane: bool,
    /// Interface VPC endpoints in these subnets (one address each per subnet).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub endpoints: u32,
}

/// Addresses per subnet the control plane reservation takes.
pub const CONTROL_PLANE_IPV4: u64 = 16;
/// Free addresses an ALB needs in each of its subnets.
pub const ALB_IPV4: u64 = 8;

impl OverheadArgs {
    /// Single addresses per subnet for load balancers, control plane and endpoints.
    pub fn other_ipv4(&self) -> u64 {
        let lb = self
            .load_balancers
            .map_or(0, |l| ALB_IPV4 * u64::from(l.alb) + u64::from(l.nlb));
        lb + if self.control_plane {
            CONTROL_PLANE_IPV4
        } else {
            0
        } + u64::from(self.endpoints)
    }
}

/// ALBs and NLBs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadBalancers {
    pub alb: u32,
    pub nlb: u32,
}

/// `3` (ALBs) or `alb=2,nlb=1`.
pub fn parse_load_balancers(s: &str) -> Result<LoadBalancers, String> {
    if let Ok(n) = s.trim().parse::<u32>() {
        return Ok(LoadBalancers { alb: n, nlb: 0 });
    }
    let mut lb = LoadBalancers::default();
    for part in s.split(',') {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("'{s}' is not N or alb=N,nlb=M"))?;
        let v: u32 = v
            .trim()
            .parse()
            .map_err(|_| format!("'{part}': '{v}' is not a whole number"))?;
        match k.trim() {
            "alb" => lb.alb = v,
            "nlb" => lb.nlb = v,
            other => return Err(format!("'{other}' is not alb or nlb")),
        }
    }
    Ok(lb)
}

/// A whole percentage: `25` or `25%` (0 to 1000). A fraction such as `0.25` is rejected, not
/// rounded to 0%.
pub fn parse_pct(s: &str) -> Result<u32, String> {
    let t = s.trim().trim_end_matches('%').trim();
    let v: f64 = t
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("'{s}' is not a percentage such as 25 or 25%"))?;
    if !(0.0..=1000.0).contains(&v) {
        return Err(format!("'{s}' must be from 0% to 1000%"));
    }
    if v.fract() != 0.0 {
        return Err(format!(
            "'{s}' is not a whole percentage: write 25 or 25% for a quarter"
        ));
    }
    Ok(v as u32)
}

/// `--max-utilization`: `80%` or the share `0.8`, which mean the same. A bare number above 1
/// could be either (80 as a share is 8000%) and is rejected, naming both spellings.
pub fn parse_utilization(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let (num, is_pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("'{s}' is not a utilization such as 80% or 0.8"))?;
    if !is_pct && v > 1.0 {
        return Err(format!(
            "'{s}' is ambiguous: write {v}% for {v} percent, or a share from 0 to 1 such as 0.8 (= 80%)"
        ));
    }
    let share = if is_pct { v / 100.0 } else { v };
    if !(share > 0.0 && share <= 1.0) {
        return Err(format!(
            "'{s}' must be above 0% and at most 100% (80% or 0.8)"
        ));
    }
    Ok(share)
}

/// The nodes to size for: `TYPE=N` items, `--instance-type`/`--nodes` pairs, or a fit plan.
#[derive(Debug, Clone, clap::Args)]
pub struct NodesArgs {
    /// Node groups as `TYPE=COUNT` (e.g. m5.large=30).
    #[arg(value_name = "TYPE=COUNT")]
    pub items: Vec<String>,
    /// An instance type; pair each with a --nodes (repeatable).
    #[arg(long = "instance-type", value_name = "TYPE")]
    pub instance_types: Vec<String>,
    /// Node count for the --instance-type at the same position (repeatable).
    #[arg(long, value_name = "N")]
    pub nodes: Vec<u32>,
    /// A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["items", "instance_types", "nodes"])]
    pub plan: Option<PathBuf>,
    /// Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b).
    /// Nodes without a zone spread evenly; each zone is sized for the fullest share.
    #[arg(long, value_name = "N|NAMES")]
    pub zones: Option<String>,
}

/// Zone names `a`, `b`, ... for `n` zones.
pub fn letter_zones(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let mut s = String::new();
            let mut i = i;
            loop {
                s.insert(0, (b'a' + (i % 26) as u8) as char);
                if i < 26 {
                    break;
                }
                i = i / 26 - 1;
            }
            s
        })
        .collect()
}

/// `--zones`: `3` or `us-east-1a,us-east-1b`.
pub fn parse_zones(s: &str) -> Result<Vec<String>, String> {
    if let Ok(n) = s.trim().parse::<usize>() {
        if n == 0 || n > 64 {
            return Err(format!("--zones '{s}': give 1 to 64 zones"));
        }
        return Ok(letter_zones(n));
    }
    let names: Vec<String> = s.split(',').map(|z| z.trim().to_string()).collect();
    if names.iter().any(String::is_empty) {
        return Err(format!("--zones '{s}': an empty zone name"));
    }
    for (i, z) in names.iter().enumerate() {
        if names[..i].contains(z) {
            return Err(format!("--zones '{s}': zone '{z}' is named twice"));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers() {
        assert_eq!(parse_pct("25%"), Ok(25));
        assert_eq!(parse_pct("80"), Ok(80));
        assert!(parse_pct("x").is_err());
        assert!(parse_pct("0.25").unwrap_err().contains("25%"));
        assert!(parse_pct("NaN").is_err());
        for (v, want) in [
            ("80%", 0.8),
            ("0.8", 0.8),
            (" 80 % ", 0.8),
            ("1", 1.0),
            ("100%", 1.0),
        ] {
            assert_eq!(parse_utilization(v), Ok(want), "{v}");
        }
        let e = parse_utilization("80").unwrap_err();
        assert!(e.contains("80%") && e.contains("0.8"), "{e}");
        for bad in ["0", "0%", "101%", "-0.5", "x", "inf", "1.5"] {
            assert!(parse_utilization(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_load_balancers("alb=2,nlb=1"),
            Ok(LoadBalancers { alb: 2, nlb: 1 })
        );
        assert_eq!(
            parse_load_balancers("3"),
            Ok(LoadBalancers { alb: 3, nlb: 0 })
        );
        assert!(parse_load_balancers("elb=1").is_err());
        assert_eq!(letter_zones(3), ["a", "b", "c"]);
        assert_eq!(letter_zones(28)[26], "aa");
        assert_eq!(parse_zones("us-east-1a,us-east-1b").unwrap().len(), 2);
        assert!(parse_zones("a,a").is_err());
        assert!(parse_zones("0").is_err());
    }
}

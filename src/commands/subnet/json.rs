//! JSON wire types of `kplan subnet` (schema_version 1, documented in the README), kept apart
//! from the domain types, and the per-subnet verdict they carry.

use super::args::{NetArgs, OverheadArgs};
use super::{Group, pct, utilization};
use crate::output::thousands;
use crate::subnet::Demand;
use crate::subnet::cidr::{free_blocks, reservation_cidrs, reservation_prefix_lens, usable_ipv4};
use crate::subnet::plan::ZoneDemand;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// The settings the figures were computed with.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SettingsJson {
    pub prefix_delegation: bool,
    pub custom_networking: bool,
    pub ipv6: bool,
    pub max_enis: Option<u32>,
    pub cni_version: String,
    pub max_pods: String,
    pub warm_eni_target: Option<u32>,
    pub warm_ip_target: Option<u32>,
    pub minimum_ip_target: Option<u32>,
    pub warm_prefix_target: Option<u32>,
    pub security_group_pods: u32,
    pub surge_pct: u32,
    /// Load balancers, control plane and endpoints, per subnet.
    pub other_ipv4_per_subnet: u64,
}

impl SettingsJson {
    /// From the flags.
    pub fn new(net: &NetArgs, o: &OverheadArgs) -> SettingsJson {
        SettingsJson {
            prefix_delegation: net.node.prefix_delegation,
            custom_networking: net.node.custom_networking,
            ipv6: net.node.ipv6,
            max_enis: net.node.max_enis,
            cni_version: net.node.cni_version.to_string(),
            max_pods: net.node.max_pods.to_string(),
            warm_eni_target: net.warm_eni_target,
            warm_ip_target: net.warm_ip_target,
            minimum_ip_target: net.minimum_ip_target,
            warm_prefix_target: net.warm_prefix_target,
            security_group_pods: net.security_group_pods,
            surge_pct: o.surge,
            other_ipv4_per_subnet: o.other_ipv4(),
        }
    }
}

/// One node type (group) and what each of its nodes holds.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct NodeTypeJson {
    pub instance_type: String,
    pub count: u32,
    pub zone: Option<String>,
    pub pods_per_node: u32,
    pub max_pods: u32,
    pub enis_per_node: u32,
    pub prefixes_per_node: u32,
    /// All IPv4 addresses one node holds (node subnet + pod subnet).
    pub ipv4_per_node: u32,
    pub node_subnet_ipv4_per_node: u32,
    pub pod_subnet_ipv4_per_node: u32,
    pub warm_ipv4_per_node: u32,
    /// Pods per node that get no address (ipamd holds no more for them): a finding.
    pub unaddressed_pods_per_node: u32,
}

impl NodeTypeJson {
    /// From a resolved group.
    pub fn new(g: &Group) -> NodeTypeJson {
        let a = &g.group.addresses;
        NodeTypeJson {
            instance_type: g.group.instance_type.clone(),
            count: g.group.count,
            zone: g.group.zone.clone(),
            pods_per_node: g.group.pods_per_node,
            max_pods: g.max_pods,
            enis_per_node: a.enis,
            prefixes_per_node: a.prefixes,
            ipv4_per_node: a.total(),
            node_subnet_ipv4_per_node: a.node_subnet_ipv4,
            pod_subnet_ipv4_per_node: a.pod_subnet_ipv4,
            warm_ipv4_per_node: a.warm_ipv4,
            unaddressed_pods_per_node: a.unaddressed_pods,
        }
    }
}

/// One subnet: what it must hold, what it holds, and whether that fits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubnetJson {
    /// The subnet (given to `check` or `capacity`, carved by `plan`); `None` in `size`.
    pub cidr: Option<String>,
    /// The subnet's prefix length (`size`: the recommended one, with headroom).
    pub prefix_length: Option<u8>,
    /// The longest prefix (smallest subnet) that holds `required_ipv4`.
    pub smallest_prefix_length: Option<u8>,
    pub required_ipv4: u64,
    /// Whole /28 blocks the prefixes need (prefix delegation).
    pub prefix_blocks: u64,
    pub usable_ipv4: u64,
    /// Free aligned /28 blocks in the empty subnet.
    pub free_blocks: u64,
    /// `required_ipv4 / usable_ipv4`.
    pub utilization: f64,
    /// Holds the demand (and stays within `--max-utilization`).
    pub fits: bool,
    /// Holds it even if every single address spoils a different /28 block (no reservation).
    pub fits_without_reservation: bool,
    /// Prefix-type subnet CIDR reservations that hold exactly the /28 blocks (prefix lengths).
    pub reservation_prefix_lengths: Vec<u8>,
    /// The same as CIDRs inside `cidr` (first and last /28 skipped), when `cidr` is known.
    pub reservation_cidrs: Vec<String>,
    pub shortfall_ipv4: u64,
    pub shortfall_blocks: u64,
    /// Why it does not fit.
    pub reason: Option<String>,
}

impl SubnetJson {
    /// The verdict for `d` in a /`len` (or no subnet), under an optional utilization ceiling.
    pub fn new(d: Demand, len: Option<u8>, net: Option<Ipv4Net>, max_util: Option<f64>) -> Self {
        let cidr = net.map(|n| n.to_string());
        let usable = len.map_or(0, usable_ipv4);
        let blocks = len.map_or(0, free_blocks);
        let util = utilization(d.ipv4(), usable);
        let shortfall_ipv4 = d.ipv4().saturating_sub(usable);
        let shortfall_blocks = d.blocks.saturating_sub(blocks);
        let reason = if len.is_none() {
            Some(format!(
                "needs {} IPv4 addresses: more than a /16 holds",
                thousands(d.ipv4())
            ))
        } else if shortfall_ipv4 > 0 {
            Some(format!(
                "needs {} IPv4 addresses, has {} usable: short by {} (utilization {})",
                thousands(d.ipv4()),
                thousands(usable),
                thousands(shortfall_ipv4),
                pct(util)
            ))
        } else if shortfall_blocks > 0 {
            Some(format!(
                "needs {} free /28 blocks for prefixes, has {}: short by {} blocks (utilization {})",
                thousands(d.blocks),
                thousands(blocks),
                thousands(shortfall_blocks),
                pct(util)
            ))
        } else {
            match max_util {
                Some(m) if util > m + 1e-12 => Some(format!(
                    "utilization {} is above --max-utilization {} ({} of {} addresses)",
                    pct(util),
                    pct(m),
                    thousands(d.ipv4()),
                    thousands(usable)
                )),
                _ => None,
            }
        };
        SubnetJson {
            cidr,
            prefix_length: len,
            smallest_prefix_length: d.smallest_prefix_len(),
            required_ipv4: d.ipv4(),
            prefix_blocks: d.blocks,
            usable_ipv4: usable,
            free_blocks: blocks,
            utilization: (util * 10_000.0).round() / 10_000.0,
            fits: reason.is_none(),
            fits_without_reservation: len.is_some_and(|l| d.fits_unreserved(l)),
            reservation_prefix_lengths: reservation_prefix_lens(d.blocks),
            reservation_cidrs: net
                .and_then(|n| reservation_cidrs(n, d.blocks))
                .unwrap_or_default()
                .iter()
                .map(|n| n.to_string())
                .collect(),
            shortfall_ipv4,
            shortfall_blocks,
            reason,
        }
    }
}

/// One zone: its nodes, where its addresses go, and its node subnet (and pod subnet).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ZoneJson {
    pub zone: String,
    pub nodes: u64,
    pub surge_nodes: u64,
    pub pods: u64,
    /// Addresses in use: node and ENI primaries, pod IPs, branch ENIs.
    pub in_use_ipv4: u64,
    /// Held idle by the CNI's warm pool.
    pub warm_ipv4: u64,
    /// Held by surge nodes.
    pub surge_ipv4: u64,
    /// Load balancers, control plane, endpoints.
    pub other_ipv4: u64,
    /// The node subnet.
    #[serde(flatten)]
    pub subnet: SubnetJson,
    /// The pod (ENIConfig) subnet, with custom networking.
    pub pod_subnet: Option<SubnetJson>,
}

impl ZoneJson {
    /// From a zone's demand and the verdicts of its subnets.
    pub fn new(d: &ZoneDemand, subnet: SubnetJson, pod_subnet: Option<SubnetJson>) -> ZoneJson {
        ZoneJson {
            zone: d.zone.clone(),
            nodes: d.nodes,
            surge_nodes: d.surge_nodes,
            pods: d.pods,
            in_use_ipv4: d.in_use_ipv4,
            warm_ipv4: d.warm_ipv4,
            surge_ipv4: d.surge_ipv4,
            other_ipv4: d.other_ipv4,
            subnet,
            pod_subnet,
        }
    }
}

impl SubnetJson {
    /// The reservations to create, as CIDRs when known, else as prefix lengths.
    pub fn reservation_text(&self) -> String {
        if !self.reservation_cidrs.is_empty() {
            self.reservation_cidrs.join(" + ")
        } else {
            let l: Vec<String> = self
                .reservation_prefix_lengths
                .iter()
                .map(|l| format!("/{l}"))
                .collect();
            l.join(" + ")
        }
    }
}

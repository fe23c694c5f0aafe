//! From node groups to per-zone subnet demand, and the inverse: how many nodes a subnet holds
//! (pure).
//!
//! Nodes without a zone are spread evenly over the zones and every zone is sized for the
//! fullest zone's share (`ceil(count / zones)`): topology spread and Karpenter load zones
//! unevenly (`shared/design/subnet.md`).

use super::addresses::NodeAddresses;
use super::cidr::Demand;

/// Addresses in each subnet beyond the nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overhead {
    /// Extra nodes during a rolling upgrade, percent of each group's nodes in the zone.
    pub surge_pct: u32,
    /// Load balancers, EKS control-plane ENIs, VPC endpoints: single addresses per subnet.
    pub other_ipv4: u64,
}

/// Identical nodes, in one zone or spread over all.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeGroup {
    pub instance_type: String,
    pub count: u32,
    /// `None`: spread evenly over the zones.
    pub zone: Option<String>,
    pub pods_per_node: u32,
    pub addresses: NodeAddresses,
}

/// One zone's needs, for the node subnet and (custom networking) the pod subnet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneDemand {
    pub zone: String,
    pub nodes: u64,
    pub surge_nodes: u64,
    pub pods: u64,
    /// Addresses in use by nodes and pods (node and ENI primaries, pod IPs, branch ENIs).
    pub in_use_ipv4: u64,
    /// Held by the warm pool (unused).
    pub warm_ipv4: u64,
    /// Held by surge nodes.
    pub surge_ipv4: u64,
    /// Load balancers, control plane, endpoints.
    pub other_ipv4: u64,
    pub node_subnet: Demand,
    /// `Some` with custom networking.
    pub pod_subnet: Option<Demand>,
    /// Fargate pods (in `pods` and `in_use_ipv4` too): one address each, no warm pool.
    pub fargate_pods: u64,
}

/// Surge nodes for `n` nodes: `ceil(n * pct / 100)`.
pub fn surge_nodes(n: u64, pct: u32) -> u64 {
    (n * u64::from(pct)).div_ceil(100)
}

/// Nodes of a group in one zone: its count when pinned there, the fullest share when spread.
pub fn nodes_in_zone(g: &NodeGroup, zone: &str, zones: usize) -> u64 {
    match &g.zone {
        Some(z) if z == zone => u64::from(g.count),
        Some(_) => 0,
        None => u64::from(g.count).div_ceil(zones.max(1) as u64),
    }
}

/// The demand of every zone.
pub fn zone_demands(
    groups: &[NodeGroup],
    zones: &[String],
    overhead: &Overhead,
    custom_networking: bool,
) -> Vec<ZoneDemand> {
    zones
        .iter()
        .map(|z| {
            let mut d = ZoneDemand {
                zone: z.clone(),
                other_ipv4: overhead.other_ipv4,
                node_subnet: Demand {
                    singles: overhead.other_ipv4,
                    blocks: 0,
                },
                pod_subnet: custom_networking.then(Demand::default),
                ..ZoneDemand::default()
            };
            for g in groups {
                let n = nodes_in_zone(g, z, zones.len());
                let s = surge_nodes(n, overhead.surge_pct);
                add_nodes(&mut d, &g.addresses, g.pods_per_node, n, s);
            }
            d
        })
        .collect()
}

fn add_nodes(d: &mut ZoneDemand, a: &NodeAddresses, pods: u32, n: u64, surge: u64) {
    let a64 = |v: u32| u64::from(v);
    d.nodes += n;
    d.surge_nodes += surge;
    d.pods += n * a64(pods);
    d.in_use_ipv4 += n * a64(a.total() - a.warm_ipv4);
    d.warm_ipv4 += n * a64(a.warm_ipv4);
    d.surge_ipv4 += surge * a64(a.total());
    d.node_subnet = d.node_subnet.plus(a.node_subnet_demand().times(n + surge));
    if let Some(p) = d.pod_subnet.as_mut() {
        *p = p.plus(a.pod_subnet_demand().times(n + surge));
    }
}

/// Adds `pods` Fargate pods to a zone: each has its own ENI, one address in the subnet its
/// Fargate profile names (the node subnets: Fargate does not use custom networking's
/// ENIConfig), and no warm pool (shared/design/fargate.md).
pub fn add_fargate(d: &mut ZoneDemand, pods: u64) {
    d.fargate_pods += pods;
    d.pods += pods;
    d.in_use_ipv4 += pods;
    d.node_subnet = d.node_subnet.plus(Demand {
        singles: pods,
        blocks: 0,
    });
}

/// Fargate pods of one zone: all of a group pinned there, the fullest share of a spread one.
pub fn fargate_in_zone(zone: Option<&str>, pods: u32, here: &str, zones: usize) -> u64 {
    match zone {
        Some(z) if z == here => u64::from(pods),
        Some(_) => 0,
        None => u64::from(pods).div_ceil(zones.max(1) as u64),
    }
}

/// The demand of `n` identical nodes (with surge and overhead) in one zone.
pub fn demand_for_nodes(
    a: &NodeAddresses,
    pods: u32,
    n: u64,
    overhead: &Overhead,
    custom_networking: bool,
) -> ZoneDemand {
    let mut d = ZoneDemand {
        zone: String::new(),
        other_ipv4: overhead.other_ipv4,
        node_subnet: Demand {
            singles: overhead.other_ipv4,
            blocks: 0,
        },
        pod_subnet: custom_networking.then(Demand::default),
        ..ZoneDemand::default()
    };
    add_nodes(&mut d, a, pods, n, surge_nodes(n, overhead.surge_pct));
    d
}

/// Whether a zone's demand fits subnets of these prefix lengths (the pod subnet only matters
/// with custom networking; `None` = not checked).
pub fn fits(d: &ZoneDemand, node_len: u8, pod_len: Option<u8>) -> bool {
    d.node_subnet.fits_in(node_len)
        && match (d.pod_subnet, pod_len) {
            (Some(p), Some(l)) => p.fits_in(l),
            _ => true,
        }
}

/// The most nodes with these addresses that fit the subnets: the largest `n` for which
/// [`fits`] holds (0 when not even the overhead fits).
pub fn max_nodes(
    a: &NodeAddresses,
    pods: u32,
    overhead: &Overhead,
    custom_networking: bool,
    node_len: u8,
    pod_len: Option<u8>,
) -> u64 {
    let ok = |n: u64| {
        fits(
            &demand_for_nodes(a, pods, n, overhead, custom_networking),
            node_len,
            pod_len,
        )
    };
    if !ok(0) {
        return 0;
    }
    // Every node holds at least one address in the node subnet: n <= 2^16.
    let (mut lo, mut hi) = (0u64, 1u64 << 17);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if ok(mid) { lo = mid } else { hi = mid - 1 }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subnet::addresses::{AddressMode, NodeNetwork, WarmPool, node_addresses};
    use crate::subnet::cidr::{MAX_PREFIX_LEN, MIN_PREFIX_LEN};
    use proptest::prelude::*;

    fn m5(mode: AddressMode, pods: u32, custom: bool) -> NodeAddresses {
        let net = NodeNetwork {
            pod_enis: if custom { 2 } else { 3 },
            ipv4_per_eni: 10,
            max_pods: if mode == AddressMode::PrefixDelegation {
                110
            } else {
                29
            },
            mode,
            custom_networking: custom,
        };
        node_addresses(&net, pods, 0, &WarmPool::default())
    }

    #[test]
    fn spread_sizes_for_the_fullest_zone() {
        let g = NodeGroup {
            instance_type: "m5.large".into(),
            count: 10,
            zone: None,
            pods_per_node: 20,
            addresses: m5(AddressMode::SecondaryIp, 20, false),
        };
        let zones: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let d = zone_demands(
            &[g],
            &zones,
            &Overhead {
                surge_pct: 25,
                other_ipv4: 16,
            },
            false,
        );
        // ceil(10/3) = 4 nodes, 1 surge node, 30 addresses each, 16 other.
        assert_eq!((d[0].nodes, d[0].surge_nodes), (4, 1));
        assert_eq!(d[0].node_subnet.ipv4(), 5 * 30 + 16);
        assert_eq!(
            (d[0].in_use_ipv4, d[0].warm_ipv4, d[0].surge_ipv4),
            (92, 28, 30)
        );
    }

    #[test]
    fn fargate_pods_take_one_address_each() {
        let mut d = ZoneDemand::default();
        add_fargate(&mut d, 7);
        assert_eq!((d.pods, d.in_use_ipv4, d.warm_ipv4, d.nodes), (7, 7, 0, 0));
        assert_eq!(d.node_subnet.ipv4(), 7);
        // 10 spread pods over 3 zones: the fullest zone holds 4.
        assert_eq!(fargate_in_zone(None, 10, "a", 3), 4);
        assert_eq!(fargate_in_zone(Some("b"), 10, "a", 3), 0);
    }

    #[test]
    fn a_24_holds_8_full_m5_large() {
        // 251 usable / 30 per node = 8.
        let a = m5(AddressMode::SecondaryIp, 29, false);
        assert_eq!(max_nodes(&a, 29, &Overhead::default(), false, 24, None), 8);
    }

    proptest! {
        /// `capacity` and `check` agree: the count capacity reports fits, one more does not.
        #[test]
        fn capacity_and_check_agree(
            len in MIN_PREFIX_LEN..=MAX_PREFIX_LEN,
            pods in 0u32..=110,
            pd in any::<bool>(),
            custom in any::<bool>(),
            surge in 0u32..=100,
            other in 0u64..=64,
        ) {
            let mode = if pd { AddressMode::PrefixDelegation } else { AddressMode::SecondaryIp };
            let a = m5(mode, pods, custom);
            let o = Overhead { surge_pct: surge, other_ipv4: other };
            let pod_len = custom.then_some(len);
            let n = max_nodes(&a, pods, &o, custom, len, pod_len);
            let at = |n| demand_for_nodes(&a, pods, n, &o, custom);
            if n > 0 || fits(&at(0), len, pod_len) {
                prop_assert!(fits(&at(n), len, pod_len));
            }
            prop_assert!(!fits(&at(n + 1), len, pod_len));
        }
    }
}

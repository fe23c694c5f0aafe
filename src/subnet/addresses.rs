//! IPv4 addresses one node holds under the VPC CNI's warm-pool rules (pure).
//!
//! Formulas and sources: `shared/design/subnet.md` (aws/amazon-vpc-cni-k8s `README.md`,
//! `docs/eni-and-ip-target.md`, `docs/prefix-and-ip-target.md`, `pkg/ipamd/ipamd.go`). The pool
//! stops growing once the node holds `maxPods` pod addresses (`isDatastorePoolTooLow`).

use super::cidr::Demand;

/// How pods get their addresses on a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressMode {
    /// Secondary IPv4 addresses on each ENI.
    SecondaryIp,
    /// A /28 prefix (16 addresses) in each ENI slot.
    PrefixDelegation,
    /// IPv6 cluster: pods use a /80; the node holds only its own IPv4 address.
    Ipv6,
}

/// The CNI's warm-pool settings (`WARM_ENI_TARGET`, `WARM_IP_TARGET`, `MINIMUM_IP_TARGET`,
/// `WARM_PREFIX_TARGET`). `None` means unset: `WARM_ENI_TARGET` and `WARM_PREFIX_TARGET` then
/// take 1 (the aws-node manifest and Helm chart set both to 1), the IP targets 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WarmPool {
    pub warm_eni_target: Option<u32>,
    pub warm_ip_target: Option<u32>,
    pub minimum_ip_target: Option<u32>,
    pub warm_prefix_target: Option<u32>,
}

impl WarmPool {
    /// `WARM_IP_TARGET` as ipamd reads it: 0 when unset (`noWarmIPTarget = 0`).
    pub fn warm_ip(&self) -> u32 {
        self.warm_ip_target.unwrap_or(0)
    }

    /// `MINIMUM_IP_TARGET` as ipamd reads it: 0 when unset (`noMinimumIPTarget = 0`).
    pub fn minimum_ip(&self) -> u32 {
        self.minimum_ip_target.unwrap_or(0)
    }

    /// `WARM_ENI_TARGET` (default 1).
    pub fn warm_eni(&self) -> u32 {
        self.warm_eni_target.unwrap_or(1)
    }

    /// `WARM_PREFIX_TARGET` (default 1, as the aws-node manifest sets it).
    pub fn warm_prefix(&self) -> u32 {
        self.warm_prefix_target.unwrap_or(1)
    }

    /// Whether the IP targets decide the pool (ipamd `warmIPTargetsDefined`: either is above 0);
    /// they then override the ENI and prefix targets. A target of 0 is the same as unset.
    pub fn ip_targets(&self) -> bool {
        self.warm_ip() > 0 || self.minimum_ip() > 0
    }

    /// `MINIMUM_IP_TARGET` without `WARM_IP_TARGET`: ipamd holds the minimum and allocates no
    /// more (`datastoreTargetState`: `short = max(0 - available, 0)`, then
    /// `max(short, minimum - total)`), so pods beyond it get no address.
    pub fn minimum_only(&self) -> bool {
        self.warm_ip() == 0 && self.minimum_ip() > 0
    }
}

/// What decides a node's addresses: its ENIs, its mode, and the kubelet's max pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeNetwork {
    /// ENIs that may hold pod addresses: `E - R` (after MAX_ENI and custom networking).
    pub pod_enis: u32,
    /// `S`: IPv4 addresses per ENI, the primary included.
    pub ipv4_per_eni: u32,
    /// The max pods the kubelet (and so ipamd) runs with.
    pub max_pods: u32,
    pub mode: AddressMode,
    /// Custom networking: pod ENIs live in the ENIConfig (pod) subnet.
    pub custom_networking: bool,
}

/// The addresses one node holds, split by what holds them and by subnet. Where ipamd
/// alternates between attaching and releasing (`WARM_ENI_TARGET=0` or `WARM_PREFIX_TARGET=0`
/// with the pods exactly filling what is attached), the figures are those at the peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NodeAddresses {
    /// ENIs that hold pod addresses (`k`); with custom networking the primary ENI is not among
    /// them, otherwise it always is.
    pub enis: u32,
    /// /28 prefixes attached (prefix delegation), `P`.
    pub prefixes: u32,
    /// Addresses in use by the node's pods that draw from the warm pool.
    pub pod_ipv4: u32,
    /// Pods that draw from the warm pool but get no address: ipamd holds no more for them
    /// (`MINIMUM_IP_TARGET` without `WARM_IP_TARGET`) or the ENIs are full.
    pub unaddressed_pods: u32,
    /// ENI primary addresses (the node's own address included).
    pub eni_ipv4: u32,
    /// Addresses held but unused: the warm pool.
    pub warm_ipv4: u32,
    /// Security groups for pods: one branch ENI per such pod plus the trunk ENI.
    pub branch_ipv4: u32,
    /// Addresses in the node subnet.
    pub node_subnet_ipv4: u32,
    /// Addresses in the pod (ENIConfig) subnet; 0 without custom networking.
    pub pod_subnet_ipv4: u32,
}

impl NodeAddresses {
    /// All IPv4 addresses the node holds.
    pub fn total(&self) -> u32 {
        self.node_subnet_ipv4 + self.pod_subnet_ipv4
    }

    /// What the node needs from the node subnet: single addresses and /28 blocks.
    pub fn node_subnet_demand(&self) -> Demand {
        self.demand(self.node_subnet_ipv4, self.pod_subnet_ipv4 == 0)
    }

    /// What the node needs from the pod (ENIConfig) subnet (custom networking).
    pub fn pod_subnet_demand(&self) -> Demand {
        self.demand(self.pod_subnet_ipv4, self.pod_subnet_ipv4 > 0)
    }

    fn demand(&self, ipv4: u32, has_prefixes: bool) -> Demand {
        let blocks = if has_prefixes { self.prefixes } else { 0 };
        Demand {
            singles: u64::from(ipv4 - 16 * blocks),
            blocks: u64::from(blocks),
        }
    }
}

/// Addresses in a /28 prefix.
pub const PREFIX_IPV4: u32 = 16;

fn ceil_div(a: u32, b: u32) -> u32 {
    if b == 0 { 0 } else { a.div_ceil(b) }
}

/// Where the pool stops once it holds max pods (`isDatastorePoolTooLow`: `TotalIPs >= maxPods`
/// ends growth, and the pool is never cut back for it). `stop` is the pool size, in the
/// pool's units (addresses or prefixes), that holds max pods. The first growth, toward the
/// target `first` the empty pool starts with, comes in whole ENIs (`per_eni` units at a time,
/// `tryAssignIPs`/`tryAssignPrefixes` fill the ENI that has room, then `tryAllocateENI`), so it
/// can overshoot `stop` up to the ENI's end; once pods arrive one at a time the target rises
/// by at most one unit per pod and the pool stops exactly at `stop`.
fn growth_stop(first: u32, per_eni: u32, stop: u32) -> u32 {
    if first >= stop {
        first.min(ceil_div(stop, per_eni).saturating_mul(per_eni))
    } else {
        stop
    }
}

/// The pool of one node, in its own units: ENIs holding it and addresses (or prefixes).
struct Pool {
    enis: u32,
    units: u32,
}

/// Secondary-IP mode: `n` pods on `enis` ENIs of `s` slots.
fn secondary_ip_pool(n: u32, enis: u32, s: u32, max_pods: u32, pool: &WarmPool) -> Pool {
    let slots = enis.saturating_mul(s);
    if pool.ip_targets() {
        // datastoreTargetState: short = max(max(w - available, 0), m - total), allocated up
        // to the short (GetENIResourcesToAllocate: min(short, maxIPsPerENI)).
        let (w, m) = (pool.warm_ip(), pool.minimum_ip());
        let want = if w > 0 { n.saturating_add(w).max(m) } else { m };
        let units = slots.min(want).min(growth_stop(w.max(m), s, max_pods));
        return Pool {
            enis: ceil_div(units, s),
            units,
        };
    }
    // isDatastorePoolTooLow: available < WARM_ENI_TARGET * maxIPsPerENI, or nothing free with
    // a target of 0; every ENI is filled whole (toAllocate = maxIPsPerENI).
    let we = pool.warm_eni();
    let need = if we > 0 {
        ceil_div(n, s).saturating_add(we)
    } else {
        n / s.max(1) + 1
    };
    let k = enis.min(need).min(ceil_div(max_pods, s));
    Pool {
        enis: k,
        units: k * s,
    }
}

/// Prefix delegation: `n` pods on `enis` ENIs of `s` /28 slots.
fn prefix_pool(n: u32, enis: u32, s: u32, max_pods: u32, pool: &WarmPool) -> Pool {
    let slots = enis.saturating_mul(s);
    let stop = ceil_div(max_pods, PREFIX_IPV4);
    let (want, first) = if pool.ip_targets() {
        // datastoreTargetState (prefix branch): shortPrefix = ceil(short / 16).
        let (w, m) = (pool.warm_ip(), pool.minimum_ip());
        let for_min = ceil_div(m, PREFIX_IPV4);
        let want = if w > 0 {
            ceil_div(n.saturating_add(w), PREFIX_IPV4).max(for_min)
        } else {
            for_min
        };
        (want, ceil_div(w, PREFIX_IPV4).max(for_min))
    } else {
        // isDatastorePoolTooLow: available < 16 * WARM_PREFIX_TARGET, or nothing free with a
        // target of 0; getPrefixesNeeded allocates max(1, target - free prefixes).
        let p = pool.warm_prefix();
        let want = if p > 0 {
            ceil_div(n, PREFIX_IPV4).saturating_add(p)
        } else {
            n / PREFIX_IPV4 + 1
        };
        (want, p.max(1))
    };
    let units = slots.min(want).min(growth_stop(first, s, stop));
    Pool {
        enis: ceil_div(units, s),
        units,
    }
}

/// Addresses one node holds with `pods` pods that do not use the host network, of which
/// `sg_pods` use security groups for pods (branch ENIs, outside the warm pool).
///
/// `pods` is clamped to the node's max pods. The pool is the one ipamd's reconcile loop
/// reaches when the pods arrive one at a time and take the first free address (the packing
/// the CNI's documentation tables show); `src/subnet/ipamd_model.rs` steps through that loop
/// and the tests hold this function to it.
pub fn node_addresses(
    net: &NodeNetwork,
    pods: u32,
    sg_pods: u32,
    pool: &WarmPool,
) -> NodeAddresses {
    let pods = pods.min(net.max_pods);
    let sg_pods = sg_pods.min(pods);
    if net.mode == AddressMode::Ipv6 {
        return NodeAddresses {
            eni_ipv4: 1,
            node_subnet_ipv4: 1,
            ..NodeAddresses::default()
        };
    }
    // The trunk ENI takes one of the ENIs (ipamd `hasRoomForEni`).
    let branch_ipv4 = if sg_pods > 0 { sg_pods + 1 } else { 0 };
    let enis_for_pool = if sg_pods > 0 {
        net.pod_enis.saturating_sub(1)
    } else {
        net.pod_enis
    };
    let n = pods - sg_pods;
    let s = net.ipv4_per_eni.saturating_sub(1);

    let (enis, prefixes, pool_ipv4) = if enis_for_pool == 0 || s == 0 {
        (0, 0, 0)
    } else {
        match net.mode {
            AddressMode::SecondaryIp => {
                let p = secondary_ip_pool(n, enis_for_pool, s, net.max_pods, pool);
                (p.enis, 0, p.units)
            }
            AddressMode::PrefixDelegation => {
                let p = prefix_pool(n, enis_for_pool, s, net.max_pods, pool);
                (p.enis, p.units, PREFIX_IPV4 * p.units)
            }
            AddressMode::Ipv6 => unreachable!("handled above"),
        }
    };
    let pod_ipv4 = n.min(pool_ipv4);
    let warm_ipv4 = pool_ipv4 - pod_ipv4;
    let (enis, node_subnet_ipv4, pod_subnet_ipv4, eni_ipv4) = if net.custom_networking {
        // The primary ENI (the node's own address) stays in the node subnet.
        (enis, 1, pool_ipv4 + enis + branch_ipv4, enis + 1)
    } else {
        // The primary ENI is always attached, even when it holds no pod address.
        let enis = enis.max(1);
        (enis, pool_ipv4 + enis + branch_ipv4, 0, enis)
    };
    NodeAddresses {
        enis,
        prefixes,
        pod_ipv4,
        unaddressed_pods: n - pod_ipv4,
        eni_ipv4,
        warm_ipv4,
        branch_ipv4,
        node_subnet_ipv4,
        pod_subnet_ipv4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any settings: no overflow, the pods that draw from the pool have addresses (up to the
        /// node's slots), and the subnet demands add up to the total.
        #[test]
        fn addresses_are_consistent(
            pod_enis in 0u32..=16, ipv4_per_eni in 1u32..=50, max_pods in 1u32..=u32::MAX,
            pods in 0u32..=1000, sg in 0u32..=100, custom in any::<bool>(), mode in 0u8..3,
            w in proptest::option::of(0u32..=u32::MAX), m in proptest::option::of(0u32..=u32::MAX),
            we in proptest::option::of(0u32..=u32::MAX), wp in proptest::option::of(0u32..=u32::MAX),
        ) {
            let mode = [AddressMode::SecondaryIp, AddressMode::PrefixDelegation, AddressMode::Ipv6][mode as usize];
            let net = NodeNetwork { pod_enis, ipv4_per_eni, max_pods, mode, custom_networking: custom };
            let pool = WarmPool { warm_eni_target: we, warm_ip_target: w, minimum_ip_target: m, warm_prefix_target: wp };
            let a = node_addresses(&net, pods, sg, &pool);
            prop_assert!(a.total() >= 1);
            let d = a.node_subnet_demand().plus(a.pod_subnet_demand());
            prop_assert_eq!(d.ipv4(), u64::from(a.total()));
            let sg = sg.min(pods).min(max_pods);
            let regular = pods.min(max_pods) - sg;
            let slots = if mode == AddressMode::PrefixDelegation { 16 } else { 1 }
                * pod_enis.saturating_sub(u32::from(sg > 0)) * ipv4_per_eni.saturating_sub(1);
            if mode != AddressMode::Ipv6 {
                prop_assert_eq!(a.pod_ipv4 + a.unaddressed_pods, regular);
                if !pool.minimum_only() {
                    prop_assert_eq!(a.pod_ipv4, regular.min(slots));
                }
            }
        }
    }

    /// m5.large: E=3, S=10, max pods 29 (shared/design/subnet.md worked figures).
    fn m5_large(mode: AddressMode, max_pods: u32) -> NodeNetwork {
        NodeNetwork {
            pod_enis: 3,
            ipv4_per_eni: 10,
            max_pods,
            mode,
            custom_networking: false,
        }
    }

    #[test]
    fn m5_large_defaults_20_pods_hold_30() {
        let a = node_addresses(
            &m5_large(AddressMode::SecondaryIp, 29),
            20,
            0,
            &WarmPool::default(),
        );
        assert_eq!((a.enis, a.total()), (3, 30));
        assert_eq!((a.pod_ipv4, a.eni_ipv4, a.warm_ipv4), (20, 3, 7));
    }

    #[test]
    fn m5_large_defaults_5_pods_hold_20() {
        let a = node_addresses(
            &m5_large(AddressMode::SecondaryIp, 29),
            5,
            0,
            &WarmPool::default(),
        );
        assert_eq!((a.enis, a.total()), (2, 20));
    }

    #[test]
    fn m5_large_ip_targets_hold_25() {
        let pool = WarmPool {
            warm_ip_target: Some(2),
            minimum_ip_target: Some(22),
            ..WarmPool::default()
        };
        let a = node_addresses(&m5_large(AddressMode::SecondaryIp, 29), 20, 0, &pool);
        assert_eq!((a.enis, a.total()), (3, 25));
    }

    #[test]
    fn m5_large_prefix_delegation_20_pods_hold_49() {
        let a = node_addresses(
            &m5_large(AddressMode::PrefixDelegation, 110),
            20,
            0,
            &WarmPool::default(),
        );
        assert_eq!((a.prefixes, a.enis, a.total()), (3, 1, 49));
    }

    #[test]
    fn m5_large_prefix_delegation_100_pods_hold_129() {
        // The design's figure: max pods not binding (max-allowed, 434).
        let a = node_addresses(
            &m5_large(AddressMode::PrefixDelegation, 434),
            100,
            0,
            &WarmPool::default(),
        );
        assert_eq!((a.prefixes, a.enis, a.total()), (8, 1, 129));
        // With the recommended 110 the pool stops at 7 prefixes (112 >= 110): 113.
        let b = node_addresses(
            &m5_large(AddressMode::PrefixDelegation, 110),
            100,
            0,
            &WarmPool::default(),
        );
        assert_eq!((b.prefixes, b.total()), (7, 113));
    }

    #[test]
    fn three_c5_large_with_two_coredns_hold_50() {
        // c5.large: E=3, S=10, max pods 29; the best-practices guide's example.
        let net = m5_large(AddressMode::SecondaryIp, 29);
        let total: u32 = [1, 1, 0]
            .iter()
            .map(|&p| node_addresses(&net, p, 0, &WarmPool::default()).total())
            .sum();
        assert_eq!(total, 50);
    }

    #[test]
    fn full_node_never_exceeds_its_enis() {
        let a = node_addresses(
            &m5_large(AddressMode::SecondaryIp, 29),
            29,
            0,
            &WarmPool::default(),
        );
        assert_eq!(a.total(), 30);
    }

    #[test]
    fn custom_networking_splits_subnets() {
        let net = NodeNetwork {
            pod_enis: 2,
            custom_networking: true,
            ..m5_large(AddressMode::SecondaryIp, 20)
        };
        let a = node_addresses(&net, 10, 0, &WarmPool::default());
        // k = min(2, ceil(10/9)+1, ceil(20/9)) = 2 pod ENIs -> 20 pod-subnet addresses.
        assert_eq!((a.node_subnet_ipv4, a.pod_subnet_ipv4), (1, 20));
    }

    #[test]
    fn ipv6_holds_one_ipv4() {
        let a = node_addresses(
            &m5_large(AddressMode::Ipv6, 110),
            100,
            0,
            &WarmPool::default(),
        );
        assert_eq!(a.total(), 1);
    }

    #[test]
    fn security_group_pods_take_branch_addresses() {
        // 10 pods, 4 with security groups: trunk takes an ENI; 6 pods from 2 ENIs' pool.
        let a = node_addresses(
            &m5_large(AddressMode::SecondaryIp, 29),
            10,
            4,
            &WarmPool::default(),
        );
        // k = min(2, ceil(6/9)+1, 4) = 2 -> 20, plus 4 branch + 1 trunk.
        assert_eq!((a.branch_ipv4, a.total()), (5, 25));
    }
}

//! The closed forms of `addresses.rs` against the VPC CNI's published examples (one test per
//! row) and against the step-by-step model of ipamd (`ipamd_model.rs`) on generated cases.
//!
//! Sources, aws/amazon-vpc-cni-k8s at commit b52188387f2e (2026-08-20): `docs/eni-and-ip-target.md`,
//! `docs/prefix-and-ip-target.md`, `README.md`, `pkg/ipamd/ipamd.go`. Where a published figure
//! disagrees with the code, the test asserts the code's figure and names the line that decides
//! (`ipamd.go:N` at that commit). Instance types come from the embedded catalog (t3.small: 3 ENIs
//! x 4 IPv4; p3dn.24xlarge: 15 x 50; m4.4xlarge: 8 x 30); max pods is the recommended value
//! (110 / 250), which binds in none of the rows.

use super::addresses::{AddressMode, NodeAddresses, NodeNetwork, WarmPool, node_addresses};
use super::ipamd_model::{self, Observed, Settings};
use crate::catalog::{Catalog, InstanceType};
use crate::pods::{CniSettings, KubeletSettings, MaxPodsMode, node_pods};
use proptest::prelude::*;
use std::sync::LazyLock;

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::embedded().expect("embedded catalog"));

/// The node network of `t` under these settings, as `kplan subnet` builds it.
fn network(t: &InstanceType, pd: bool, custom: bool, max_pods: MaxPodsMode) -> Option<NodeNetwork> {
    let cni = CniSettings {
        prefix_delegation: pd,
        custom_networking: custom,
        ..CniSettings::default()
    };
    let kubelet = KubeletSettings {
        max_pods,
        ..KubeletSettings::default()
    };
    let np = node_pods(t, &cni, &kubelet);
    Some(NodeNetwork {
        pod_enis: np.pod_enis,
        ipv4_per_eni: t.ipv4_per_eni,
        max_pods: np.kubelet_max_pods?,
        mode: if np.prefix_delegation {
            AddressMode::PrefixDelegation
        } else {
            AddressMode::SecondaryIp
        },
        custom_networking: custom,
    })
}

/// The oracle's settings for the same node (the trunk ENI takes one ENI for security-group
/// pods, whose branch ENIs stay outside the pool).
fn settings(net: &NodeNetwork, sg_pods: u32, pool: WarmPool) -> Settings {
    Settings {
        pod_enis: net.pod_enis.saturating_sub(u32::from(sg_pods > 0)),
        slots_per_eni: net.ipv4_per_eni.saturating_sub(1),
        max_pods: net.max_pods,
        prefix_delegation: net.mode == AddressMode::PrefixDelegation,
        custom_networking: net.custom_networking,
        pool,
    }
}

/// (ENIs, attached secondary IPs or prefixes, unused IPs) of the closed form.
fn closed(a: &NodeAddresses, mode: AddressMode) -> (u32, u32, u32) {
    let cidrs = match mode {
        AddressMode::PrefixDelegation => a.prefixes,
        _ => a.pod_ipv4 + a.warm_ipv4,
    };
    (a.enis, cidrs, a.warm_ipv4)
}

/// The same of the oracle.
fn stepped(o: &Observed, mode: AddressMode) -> (u32, u32, u32) {
    let unit = if mode == AddressMode::PrefixDelegation {
        16
    } else {
        1
    };
    (o.enis, o.cidrs, o.cidrs * unit - o.assigned)
}

fn pool(eni: Option<u32>, ip: Option<u32>, min: Option<u32>, prefix: Option<u32>) -> WarmPool {
    WarmPool {
        warm_eni_target: eni,
        warm_ip_target: ip,
        minimum_ip_target: min,
        warm_prefix_target: prefix,
    }
}

/// Asserts one published row: (ENIs, secondary IPs or prefixes, unused IPs) and the pods left
/// without an address, by the closed form and by the step-by-step model.
fn check_row(ty: &str, pd: bool, pool: WarmPool, pods: u32, want: (u32, u32, u32), stuck: u32) {
    let t = CATALOG.lookup(ty).expect("type in the catalog");
    let net = network(t, pd, false, MaxPodsMode::Recommended).expect("max pods known");
    assert_eq!(net.mode == AddressMode::PrefixDelegation, pd, "{ty}");
    let a = node_addresses(&net, pods, 0, &pool);
    assert_eq!(
        closed(&a, net.mode),
        want,
        "closed form: {ty} {pool:?} {pods} pods"
    );
    assert_eq!(
        a.unaddressed_pods, stuck,
        "closed form: {ty} {pool:?} {pods} pods"
    );
    let o = ipamd_model::run(settings(&net, 0, pool), pods);
    assert_eq!(
        stepped(&o, net.mode),
        want,
        "model: {ty} {pool:?} {pods} pods"
    );
    assert_eq!(o.pending, stuck, "model: {ty} {pool:?} {pods} pods");
}

/// One `#[test]` per published row: `name: type, prefix delegation?, [WARM_ENI_TARGET,
/// WARM_IP_TARGET, MINIMUM_IP_TARGET, WARM_PREFIX_TARGET], pods => (ENIs, secondary IPs or
/// prefixes, unused IPs)`, optionally `, stuck N` (pods without an address).
macro_rules! rows {
    ($($(#[$doc:meta])* $name:ident: $ty:literal, $pd:literal, [$we:expr, $wi:expr, $mi:expr, $wp:expr],
        $pods:literal => ($e:literal, $c:literal, $u:literal) $(, stuck $s:literal)?;)*) => {
        $(
            $(#[$doc])*
            #[test]
            fn $name() {
                #[allow(unused_mut, unused_assignments)]
                let mut stuck = 0;
                $(stuck = $s;)?
                check_row($ty, $pd, pool($we, $wi, $mi, $wp), $pods, ($e, $c, $u), stuck);
            }
        )*
    };
}

const N: Option<u32> = None;

// docs/eni-and-ip-target.md, "Some example cases": 16 rows, all as published (ENIs, secondary
// IPs, unused IPs).
rows! {
    eni_doc_t3_small_warm_eni_1_pods_0: "t3.small", false, [Some(1), N, N, N], 0 => (1, 3, 3);
    eni_doc_t3_small_warm_eni_1_pods_5: "t3.small", false, [Some(1), N, N, N], 5 => (3, 9, 4);
    eni_doc_t3_small_warm_eni_1_pods_9: "t3.small", false, [Some(1), N, N, N], 9 => (3, 9, 0);
    eni_doc_t3_small_warm_ip_1_min_1_pods_0: "t3.small", false, [N, Some(1), Some(1), N], 0 => (1, 1, 1);
    eni_doc_t3_small_warm_ip_1_min_1_pods_5: "t3.small", false, [N, Some(1), Some(1), N], 5 => (2, 6, 1);
    eni_doc_t3_small_warm_ip_1_min_1_pods_9: "t3.small", false, [N, Some(1), Some(1), N], 9 => (3, 9, 0);
    /// The doc's "IPs per ENI" reads 2,3; tryAssignIPs (ipamd.go:1134) fills the primary ENI
    /// first (3) and tryAllocateENI gives the next min(short, 3) = 2: 3,2. Totals agree.
    eni_doc_t3_small_warm_ip_2_min_5_pods_0: "t3.small", false, [N, Some(2), Some(5), N], 0 => (2, 5, 5);
    eni_doc_t3_small_warm_ip_2_min_5_pods_5: "t3.small", false, [N, Some(2), Some(5), N], 5 => (3, 7, 2);
    eni_doc_t3_small_warm_ip_2_min_5_pods_9: "t3.small", false, [N, Some(2), Some(5), N], 9 => (3, 9, 0);
    eni_doc_p3dn_warm_eni_1_pods_0: "p3dn.24xlarge", false, [Some(1), N, N, N], 0 => (1, 49, 49);
    eni_doc_p3dn_warm_eni_1_pods_3: "p3dn.24xlarge", false, [Some(1), N, N, N], 3 => (2, 98, 95);
    eni_doc_p3dn_warm_eni_1_pods_95: "p3dn.24xlarge", false, [Some(1), N, N, N], 95 => (3, 147, 52);
    eni_doc_p3dn_warm_ip_5_min_10_pods_0: "p3dn.24xlarge", false, [N, Some(5), Some(10), N], 0 => (1, 10, 10);
    eni_doc_p3dn_warm_ip_5_min_10_pods_7: "p3dn.24xlarge", false, [N, Some(5), Some(10), N], 7 => (1, 12, 5);
    eni_doc_p3dn_warm_ip_5_min_10_pods_15: "p3dn.24xlarge", false, [N, Some(5), Some(10), N], 15 => (1, 20, 5);
    eni_doc_p3dn_warm_ip_5_min_10_pods_45: "p3dn.24xlarge", false, [N, Some(5), Some(10), N], 45 => (2, 50, 5);
}

// docs/prefix-and-ip-target.md, "Examples": 20 rows (ENIs, attached prefixes, unused IPs); 16
// as published, 4 where the code decides otherwise.
rows! {
    pd_doc_t3_small_warm_prefix_1_pods_0: "t3.small", true, [N, N, N, Some(1)], 0 => (1, 1, 16);
    pd_doc_t3_small_warm_prefix_1_pods_5: "t3.small", true, [N, N, N, Some(1)], 5 => (1, 2, 27);
    pd_doc_t3_small_warm_prefix_1_pods_16: "t3.small", true, [N, N, N, Some(1)], 16 => (1, 2, 16);
    pd_doc_t3_small_warm_prefix_1_pods_17: "t3.small", true, [N, N, N, Some(1)], 17 => (1, 3, 31);
    pd_doc_t3_small_warm_prefix_1_pods_58: "t3.small", true, [N, N, N, Some(1)], 58 => (2, 5, 22);
    pd_doc_t3_small_warm_ip_1_min_1_pods_0: "t3.small", true, [N, Some(1), Some(1), N], 0 => (1, 1, 16);
    pd_doc_t3_small_warm_ip_1_min_1_pods_5: "t3.small", true, [N, Some(1), Some(1), N], 5 => (1, 1, 11);
    pd_doc_t3_small_warm_ip_1_min_1_pods_17: "t3.small", true, [N, Some(1), Some(1), N], 17 => (1, 2, 15);
    pd_doc_t3_small_warm_ip_1_min_1_pods_58: "t3.small", true, [N, Some(1), Some(1), N], 58 => (2, 4, 6);
    /// The doc says 1 attached prefix and 16 unused IPs (its own "prefixes per ENI" says 2).
    /// The code: datastoreTargetState short = max(max(7 - 0, 0), 20 - 0) = 20 (ipamd.go:2198,
    /// 2201), shortPrefix = DivCeil(20, 16) = 2 (ipamd.go:2214): 2 prefixes, 32 unused.
    pd_doc_t3_small_warm_ip_7_min_20_pods_0: "t3.small", true, [N, Some(7), Some(20), N], 0 => (1, 2, 32);
    pd_doc_t3_small_warm_ip_7_min_20_pods_5: "t3.small", true, [N, Some(7), Some(20), N], 5 => (1, 2, 27);
    pd_doc_t3_small_warm_ip_7_min_20_pods_17: "t3.small", true, [N, Some(7), Some(20), N], 17 => (1, 2, 15);
    pd_doc_t3_small_warm_ip_7_min_20_pods_58: "t3.small", true, [N, Some(7), Some(20), N], 58 => (2, 5, 22);
    pd_doc_p3dn_warm_prefix_1_pods_0: "p3dn.24xlarge", true, [N, N, N, Some(1)], 0 => (1, 1, 16);
    /// The doc says 2 ENIs. increaseDatastorePool tries tryAssignCidrs first and attaches an
    /// ENI only when no ENI has room (ipamd.go:993-996); the primary ENI has 49 /28 slots: 1 ENI.
    pd_doc_p3dn_warm_prefix_1_pods_3: "p3dn.24xlarge", true, [N, N, N, Some(1)], 3 => (1, 2, 29);
    /// The doc says 3 ENIs; 7 prefixes fit the primary ENI's 49 slots (ipamd.go:993-996): 1.
    pd_doc_p3dn_warm_prefix_1_pods_95: "p3dn.24xlarge", true, [N, N, N, Some(1)], 95 => (1, 7, 17);
    pd_doc_p3dn_warm_ip_5_min_10_pods_0: "p3dn.24xlarge", true, [N, Some(5), Some(10), N], 0 => (1, 1, 16);
    pd_doc_p3dn_warm_ip_5_min_10_pods_7: "p3dn.24xlarge", true, [N, Some(5), Some(10), N], 7 => (1, 1, 9);
    pd_doc_p3dn_warm_ip_5_min_10_pods_15: "p3dn.24xlarge", true, [N, Some(5), Some(10), N], 15 => (1, 2, 17);
    /// The doc says 2 ENIs; 4 prefixes fit the primary ENI (ipamd.go:993-996): 1.
    pd_doc_p3dn_warm_ip_5_min_10_pods_45: "p3dn.24xlarge", true, [N, Some(5), Some(10), N], 45 => (1, 4, 19);
}

// README.md (the VPC CNI's), the figures of its configuration section: 7 rows.
rows! {
    /// `WARM_ENI_TARGET`: "an m4.4xlarge launches with 1 network interface and 30 IP
    /// addresses. If 5 pods are placed on the node ... ipamd attempts to allocate more
    /// interfaces until WARM_ENI_TARGET free interfaces are available": 2 ENIs of 29.
    readme_m4_4xlarge_warm_eni_1_pods_5: "m4.4xlarge", false, [Some(1), N, N, N], 5 => (2, 58, 53);
    /// `WARM_IP_TARGET`, example 2: "WARM_IP_TARGET is 16. Initially, 1 (/28) prefix is
    /// sufficient" (any Nitro type; m5.large here).
    readme_pd_warm_ip_16_pods_0: "m5.large", true, [N, Some(16), N, N], 0 => (1, 1, 16);
    /// "... but once a single pod is assigned IP then remaining free IPs are 15 hence IPAMD will
    /// allocate 1 more prefix".
    readme_pd_warm_ip_16_pods_1: "m5.large", true, [N, Some(16), N, N], 1 => (1, 2, 31);
    /// `MINIMUM_IP_TARGET`: "If WARM_IP_TARGET is set to 30 ... then 30 pods are deployed to the
    /// node, the CNI will allocate an additional 30 IPs, for a total of 60" (m4.4xlarge here).
    readme_warm_ip_30_pods_30: "m4.4xlarge", false, [N, Some(30), N, N], 30 => (3, 60, 30);
    /// "If instead MINIMUM_IP_TARGET is set to 30 and WARM_IP_TARGET to 2, after the 30 pods are
    /// deployed the CNI would allocate an additional 2 IPs" (32 IPs).
    readme_min_30_warm_ip_2_pods_30: "m4.4xlarge", false, [N, Some(2), Some(30), N], 30 => (2, 32, 2);
    /// NOTE 2: "If MINIMUM_IP_TARGET is set and WARM_IP_TARGET is not set ... the number of IPs
    /// attached to the node will be the value of MINIMUM_IP_TARGET".
    readme_min_30_only_pods_30: "m4.4xlarge", false, [N, N, Some(30), N], 30 => (2, 30, 0);
    /// "... This configuration will prevent future ENIs/IPs from being allocated": a 31st pod
    /// gets no address (datastoreTargetState, ipamd.go:2198-2201: short = max(0 - 0, 30 - 30)).
    readme_min_30_only_pods_31: "m4.4xlarge", false, [N, N, Some(30), N], 31 => (2, 30, 0), stuck 1;
}

// pkg/ipamd/ipamd.go, the comments on the environment variables (m4.4xlarge, 9 pods): 5 rows,
// 3 of which count 30 secondary IPs per ENI where GetENIIPv4Limit (pkg/awsutils/awsutils.go:
// 1975, "Subtract one ... primary IP") gives 29.
rows! {
    /// "If WARM_IP_TARGET is set to 1, and there are 9 pods ... 10 IP addresses".
    ipamd_comment_warm_ip_1_pods_9: "m4.4xlarge", false, [N, Some(1), N, N], 9 => (1, 10, 1);
    /// "If WARM_IP_TARGET is not set ... 39 IPs with 9 being assigned to pods and 30 free": the
    /// default WARM_ENI_TARGET=1 keeps a whole free ENI (ipamd.go:2649): 2 x 29 = 58, 49 free.
    ipamd_comment_warm_ip_unset_pods_9: "m4.4xlarge", false, [N, N, N, N], 9 => (2, 58, 49);
    /// "WARM_IP_TARGET is set to 1 and MINIMUM_IP_TARGET is set to 12, and there are 9 pods ...
    /// 12 IP addresses with 9 being assigned to pods and 3 free".
    ipamd_comment_warm_ip_1_min_12_pods_9: "m4.4xlarge", false, [N, Some(1), Some(12), N], 9 => (1, 12, 3);
    /// "WARM_ENI_TARGET is set to 2, and there are 9 pods ... 90 IP addresses with 9 IPs
    /// assigned to pods and 81 free": available must reach 2 x 29 (ipamd.go:2649): 3 ENIs, 87.
    ipamd_comment_warm_eni_2_pods_9: "m4.4xlarge", false, [Some(2), N, N, N], 9 => (3, 87, 78);
    /// "If WARM_ENI_TARGET is not set, it defaults to 1 ... 60 IPs with 9 already being
    /// assigned to pods and 51 free": 2 x 29 = 58, 49 free (ipamd.go:2649).
    ipamd_comment_warm_eni_default_pods_9: "m4.4xlarge", false, [N, N, N, N], 9 => (2, 58, 49);
}

// The three edges of issue 15, by the code.
rows! {
    /// WARM_ENI_TARGET=0 with 18 pods filling two m5.large ENIs: nothing is free, so ipamd
    /// attaches a third (ipamd.go:2649, `warmTarget == 0 && available == 0`), then releases it
    /// as unused (ipamd.go:1504) and attaches it again: the peak holds 3 ENIs.
    edge_warm_eni_0_exactly_filled: "m5.large", false, [Some(0), N, N, N], 18 => (3, 27, 9);
    /// 17 pods: two ENIs, one address free: no third ENI.
    edge_warm_eni_0_not_filled: "m5.large", false, [Some(0), N, N, N], 17 => (2, 18, 1);
    /// WARM_PREFIX_TARGET=0 (unsupported per docs/prefix-and-ip-target.md, but accepted by the
    /// code): a prefix is added only when none is free; 32 pods fill two, the peak holds three.
    edge_warm_prefix_0_exactly_filled: "m5.large", true, [N, N, N, Some(0)], 32 => (1, 3, 16);
    edge_warm_prefix_0_not_filled: "m5.large", true, [N, N, N, Some(0)], 20 => (1, 2, 12);
    /// MINIMUM_IP_TARGET=22 without WARM_IP_TARGET and 25 pods on an m5.large: ipamd holds 22
    /// and allocates no more (ipamd.go:2198-2201); 3 pods get no address.
    edge_minimum_only_leaves_pods_without_addresses: "m5.large", false, [N, N, Some(22), N], 25 => (3, 22, 0), stuck 3;
}

/// What a generated case asks for.
#[derive(Debug, Clone)]
struct Case {
    type_index: usize,
    pd: bool,
    custom: bool,
    max_pods: MaxPodsMode,
    pool: WarmPool,
    /// Share of the node's pods, in 1/1000.
    pods_milli: u32,
    sg_pods: u32,
}

fn target() -> impl Strategy<Value = Option<u32>> {
    prop_oneof![
        Just(None),
        (0u32..=3).prop_map(Some),
        (0u32..=200).prop_map(Some)
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let max_pods = prop_oneof![
        Just(MaxPodsMode::Recommended),
        Just(MaxPodsMode::MaxAllowed),
        (1u32..=300).prop_map(MaxPodsMode::Fixed),
    ];
    let pool = (
        proptest::option::of(0u32..=3),
        target(),
        target(),
        proptest::option::of(0u32..=12),
    )
        .prop_map(|(e, w, m, p)| pool(e, w, m, p));
    (
        0..CATALOG.types.len(),
        any::<bool>(),
        any::<bool>(),
        max_pods,
        pool,
        0u32..=1000,
        prop_oneof![4 => Just(0u32), 1 => 1u32..=3],
    )
        .prop_map(
            |(type_index, pd, custom, max_pods, pool, pods_milli, sg_pods)| Case {
                type_index,
                pd,
                custom,
                max_pods,
                pool,
                pods_milli,
                sg_pods,
            },
        )
}

/// Kept small enough for the step-by-step model (it adds the pods one by one).
const MAX_MODEL_PODS: u32 = 800;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// The closed form equals the step-by-step model: ENIs, secondary IPs or prefixes, pods
    /// with and without an address, for every catalog type, pod count and CNI setting.
    #[test]
    fn closed_form_equals_the_reconcile_loop(c in case()) {
        let t = &CATALOG.types[c.type_index];
        let Some(net) = network(t, c.pd, c.custom, c.max_pods) else {
            return Ok(());
        };
        let pods = (u64::from(net.max_pods.min(MAX_MODEL_PODS)) * u64::from(c.pods_milli) / 1000) as u32;
        let sg = c.sg_pods.min(pods);
        let set = settings(&net, sg, c.pool);
        prop_assume!(set.pod_enis > 0 && set.slots_per_eni > 0);
        let a = node_addresses(&net, pods, sg, &c.pool);
        let o = ipamd_model::run(set, pods - sg);
        prop_assert_eq!(closed(&a, net.mode), stepped(&o, net.mode), "{} {:?}", t.name, c);
        prop_assert_eq!(a.pod_ipv4, o.assigned, "{} {:?}", t.name, c);
        prop_assert_eq!(a.unaddressed_pods, o.pending, "{} {:?}", t.name, c);
    }
}

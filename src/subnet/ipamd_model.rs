//! Test-only oracle: ipamd's IPv4 pool, stepped through its reconcile loop one pass at a time,
//! with pods added one at a time. It follows the rules of aws/amazon-vpc-cni-k8s
//! `pkg/ipamd/ipamd.go` (`updateIPPoolIfRequired`, `isDatastorePoolTooLow`,
//! `isDatastorePoolTooHigh`, `datastoreTargetState`, `increaseDatastorePool`, `tryAssignIPs`,
//! `tryAssignPrefixes`, `getPrefixesNeeded`, `GetENIResourcesToAllocate`, `hasRoomForEni`,
//! `tryUnassignCidrsFromAll`, `shouldRemoveExtraENIs`, `tryFreeENI`) and
//! `pkg/ipamd/datastore/data_store.go` (`getDeletableENI`, `isRequiredFor*Target`,
//! `GetAllocatableENIs`, `AssignPodIPv4Address`), written here independently of the closed forms
//! in `addresses.rs`, which the property tests hold to it.
//!
//! Simplifications, each stated: time is one pass per step (an ENI attached in a pass cannot be
//! released before the next one: `minENILifeTime`; decreases are not rate-limited); pods take
//! the first free address in attachment order (ipamd walks Go maps, so real placement is
//! random; the CNI documentation's tables show this packing); EC2 calls always succeed; one
//! network card; no cooldown of released addresses.

use super::addresses::WarmPool;

/// The node as ipamd sees it.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// ENIs ipamd may attach for pods (`maxENI` minus the trunk ENI, minus the primary with
    /// custom networking).
    pub pod_enis: u32,
    /// Secondary addresses (or /28 slots) per ENI: `maxIPsPerENI` / `maxPrefixesPerENI`.
    pub slots_per_eni: u32,
    /// `maxPods` (the kubelet's value).
    pub max_pods: u32,
    pub prefix_delegation: bool,
    /// The primary ENI holds no pod addresses (it is not among `pod_enis`).
    pub custom_networking: bool,
    pub pool: WarmPool,
}

/// What the node holds once the loop settles, at the peak of any oscillation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// ENIs holding pod addresses (the primary included unless custom networking).
    pub enis: u32,
    /// Secondary addresses, or /28 prefixes with prefix delegation.
    pub cidrs: u32,
    /// Pods with an address.
    pub assigned: u32,
    /// Pods still waiting for one.
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Eni {
    primary: bool,
    /// Pods on each secondary address or prefix.
    cidrs: Vec<u32>,
    /// Attached in the current pass.
    young: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    enis: Vec<Eni>,
    pending: u32,
}

/// `DataStoreStats` plus the free-prefix count.
#[derive(Debug, Clone, Copy)]
struct Stats {
    total: i64,
    assigned: i64,
    prefixes: i64,
    free_prefixes: i64,
}

impl Stats {
    fn available(&self) -> i64 {
        self.total - self.assigned
    }
}

fn div_ceil(x: i64, y: i64) -> i64 {
    (x + y - 1).div_euclid(y)
}

struct Ipamd {
    set: Settings,
    /// Addresses per cidr: 16 for a prefix, 1 for a secondary address.
    unit: i64,
    w: i64,
    m: i64,
    warm_eni: i64,
    warm_prefix: i64,
}

impl Ipamd {
    fn new(set: Settings) -> Ipamd {
        let p = &set.pool;
        Ipamd {
            unit: if set.prefix_delegation { 16 } else { 1 },
            w: i64::from(p.warm_ip_target.unwrap_or(0)),
            m: i64::from(p.minimum_ip_target.unwrap_or(0)),
            warm_eni: i64::from(p.warm_eni_target.unwrap_or(1)),
            warm_prefix: i64::from(p.warm_prefix_target.unwrap_or(1)),
            set,
        }
    }

    fn s(&self) -> i64 {
        i64::from(self.set.slots_per_eni)
    }

    /// `warmIPTargetsDefined`: either target above 0.
    fn targets(&self) -> bool {
        self.w > 0 || self.m > 0
    }

    /// `maxIPsPerENI` (prefix delegation: prefixes x 16).
    fn max_ips_per_eni(&self) -> i64 {
        self.s() * self.unit
    }

    fn stats(&self, n: &Node) -> Stats {
        let mut st = Stats {
            total: 0,
            assigned: 0,
            prefixes: 0,
            free_prefixes: 0,
        };
        for c in n.enis.iter().flat_map(|e| &e.cidrs) {
            st.total += self.unit;
            st.assigned += i64::from(*c);
            st.prefixes += 1;
            st.free_prefixes += i64::from(*c == 0);
        }
        if !self.set.prefix_delegation {
            (st.prefixes, st.free_prefixes) = (0, 0);
        }
        st
    }

    /// `datastoreTargetState`: (short, over), in prefixes with prefix delegation; `None` when
    /// no IP target is defined.
    fn target_state(&self, st: &Stats) -> Option<(i64, i64)> {
        if !self.targets() {
            return None;
        }
        let available = st.available();
        let short = (self.w - available).max(0).max(self.m - st.total);
        let over = (available - self.w).max(0).min(st.total - self.m).max(0);
        if !self.set.prefix_delegation {
            return Some((short, over));
        }
        let short_prefix = div_ceil(short, 16);
        let for_warm = div_ceil(st.assigned + self.w, 16);
        let for_min = div_ceil(self.m, 16);
        let over_prefix = st
            .free_prefixes
            .min(st.prefixes - for_warm)
            .max(0)
            .min(st.prefixes - for_min)
            .max(0);
        Some((short_prefix, over_prefix))
    }

    /// `isDatastorePoolTooLow`.
    fn too_low(&self, st: &Stats) -> bool {
        if st.total >= i64::from(self.set.max_pods) {
            return false;
        }
        if let Some((short, _)) = self.target_state(st) {
            return short > 0;
        }
        let (warm, per) = if self.set.prefix_delegation {
            (self.warm_prefix, 16)
        } else {
            (self.warm_eni, self.max_ips_per_eni())
        };
        let available = st.available();
        available < per * warm || (warm == 0 && available == 0)
    }

    /// `isDatastorePoolTooHigh` (`warmPrefixTargetDefined`: prefix delegation and a target >= 0).
    fn too_high(&self, st: &Stats) -> bool {
        match self.target_state(st) {
            Some((_, over)) => over > 0,
            None => self.set.prefix_delegation && st.free_prefixes > self.warm_prefix,
        }
    }

    /// `getPrefixesNeeded`.
    fn prefixes_needed(&self, st: &Stats) -> i64 {
        match self.target_state(st) {
            Some((short, _)) => short.max(1),
            None => (self.warm_prefix - st.free_prefixes).max(0).max(1),
        }
    }

    /// `tryAssignIPs` / `tryAssignPrefixes`: fill the first ENI that has room.
    fn try_assign_cidrs(&self, n: &mut Node, st: &Stats) -> bool {
        let to_allocate = if self.set.prefix_delegation {
            self.prefixes_needed(st)
        } else {
            match self.target_state(st) {
                Some((0, _)) => return false,
                Some((short, _)) => short,
                None => self.s(),
            }
        };
        let s = self.s();
        let skip_primary = self.set.custom_networking;
        for e in &mut n.enis {
            if (skip_primary && e.primary) || e.cidrs.len() as i64 >= s {
                continue;
            }
            let add = (s - e.cidrs.len() as i64).min(to_allocate);
            e.cidrs.extend(std::iter::repeat_n(0, add as usize));
            return true;
        }
        false
    }

    /// `hasRoomForEni`.
    fn has_room_for_eni(&self, n: &Node) -> bool {
        let attached = n.enis.iter().filter(|e| !e.primary).count() as u32
            + u32::from(!self.set.custom_networking);
        attached < self.set.pod_enis
    }

    /// `tryAllocateENI` with `GetENIResourcesToAllocate`.
    fn allocate_eni(&self, n: &mut Node, st: &Stats) {
        let resources = if self.set.prefix_delegation {
            self.prefixes_needed(st).min(self.s())
        } else {
            match self.target_state(st) {
                Some((short, _)) => short.min(self.s()),
                None => self.s(),
            }
        };
        if resources > 0 {
            n.enis.push(Eni {
                primary: false,
                cidrs: vec![0; resources as usize],
                young: true,
            });
        }
    }

    /// `increaseDatastorePool`.
    fn increase(&self, n: &mut Node, st: &Stats) {
        if !self.try_assign_cidrs(n, st) && self.has_room_for_eni(n) {
            self.allocate_eni(n, st);
        }
    }

    /// `tryUnassignCidrsFromAll`: release free addresses or prefixes over the target.
    fn decrease(&self, n: &mut Node, st: &Stats) {
        let mut over = match self.target_state(st) {
            Some((_, over)) => over,
            None => (st.free_prefixes - self.warm_prefix).max(0),
        };
        for e in n.enis.iter_mut().rev() {
            while over > 0 {
                match e.cidrs.iter().rposition(|&c| c == 0) {
                    Some(i) => {
                        e.cidrs.remove(i);
                        over -= 1;
                    }
                    None => break,
                }
            }
        }
    }

    /// `shouldRemoveExtraENIs` (with the stats taken before this pass's increase).
    fn should_remove_extra_enis(&self, n: &Node, st: &Stats) -> bool {
        if self.targets() {
            return true;
        }
        let warm = if self.set.prefix_delegation {
            self.warm_prefix
        } else {
            self.warm_eni
        };
        st.available() >= (warm + 1) * self.max_ips_per_eni()
            || (self.set.prefix_delegation
                && n.enis
                    .iter()
                    .any(|e| !e.primary && e.cidrs.iter().all(|&c| c == 0)))
    }

    /// `getDeletableENI` then `RemoveUnusedENIFromStore`.
    fn try_free_eni(&self, n: &mut Node) {
        let round = |t: i64| {
            if self.set.prefix_delegation {
                div_ceil(t, 16) * 16
            } else {
                t
            }
        };
        let deletable = (0..n.enis.len()).rev().find(|&i| {
            let e = &n.enis[i];
            if e.primary || e.young || e.cidrs.iter().any(|&c| c > 0) {
                return false;
            }
            let others = n.enis.iter().enumerate().filter(|(j, _)| *j != i);
            let (mut free_ips, mut ips, mut free_prefixes) = (0, 0, 0);
            for c in others.flat_map(|(_, o)| &o.cidrs) {
                free_ips += self.unit - i64::from(*c);
                ips += self.unit;
                free_prefixes += i64::from(*c == 0);
            }
            let for_warm_ip = self.w != 0 && free_ips < round(self.w);
            let for_min_ip = self.m != 0 && ips < round(self.m);
            let for_prefix = self.set.prefix_delegation
                && self.warm_prefix != 0
                && free_prefixes < self.warm_prefix;
            !(for_warm_ip || for_min_ip || for_prefix)
        });
        if let Some(i) = deletable {
            n.enis.remove(i);
        }
    }

    /// One `updateIPPoolIfRequired`, then the waiting pods retry.
    fn pass(&self, n: &mut Node) {
        for e in &mut n.enis {
            e.young = false;
        }
        let st = self.stats(n);
        if self.too_low(&st) {
            self.increase(n, &st);
        } else if self.too_high(&st) {
            self.decrease(n, &st);
        }
        if self.should_remove_extra_enis(n, &st) {
            self.try_free_eni(n);
        }
        self.assign_pending(n);
    }

    /// `AssignPodIPv4Address` for each waiting pod: the first free address.
    fn assign_pending(&self, n: &mut Node) {
        let unit = self.unit as u32;
        while n.pending > 0 {
            let free = n
                .enis
                .iter_mut()
                .filter(|e| !(self.set.custom_networking && e.primary))
                .flat_map(|e| e.cidrs.iter_mut())
                .find(|c| **c < unit);
            match free {
                Some(c) => {
                    *c += 1;
                    n.pending -= 1;
                }
                None => break,
            }
        }
    }

    /// Runs passes until the node repeats a state; returns the cycle's peak.
    fn settle(&self, n: &mut Node) -> Node {
        let mut seen: Vec<Node> = vec![n.clone()];
        for _ in 0..100_000 {
            self.pass(n);
            if let Some(i) = seen.iter().position(|s| s == n) {
                let held = |s: &Node| {
                    let cidrs: usize = s.enis.iter().map(|e| e.cidrs.len()).sum();
                    cidrs as i64 * self.unit + s.enis.len() as i64
                };
                return seen[i..]
                    .iter()
                    .max_by_key(|s| held(s))
                    .expect("a cycle has a state")
                    .clone();
            }
            seen.push(n.clone());
        }
        panic!("ipamd model did not settle: {:?}", self.set);
    }
}

/// The node after `pods` pods arrive one at a time, the loop settling after each.
pub fn run(set: Settings, pods: u32) -> Observed {
    let ipamd = Ipamd::new(set);
    let mut node = Node {
        enis: if set.custom_networking || set.pod_enis == 0 {
            Vec::new()
        } else {
            vec![Eni {
                primary: true,
                cidrs: Vec::new(),
                young: false,
            }]
        },
        pending: 0,
    };
    let mut peak = ipamd.settle(&mut node);
    for _ in 0..pods {
        node.pending += 1;
        ipamd.assign_pending(&mut node);
        peak = ipamd.settle(&mut node);
    }
    let cidrs: usize = peak.enis.iter().map(|e| e.cidrs.len()).sum();
    let assigned: u32 = peak.enis.iter().flat_map(|e| &e.cidrs).sum();
    Observed {
        enis: peak.enis.len() as u32,
        cidrs: cidrs as u32,
        assigned,
        pending: peak.pending,
    }
}

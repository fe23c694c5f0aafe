//! `kplan subnet size|check|capacity|plan`: the addresses an EKS cluster holds, checked against
//! subnets, inverted to nodes per subnet, and carved out of a VPC.

pub mod args;
pub mod capacity;
pub mod check;
pub mod json;
pub mod plan;
pub mod size;

use crate::catalog::Catalog;
use crate::cli::GlobalArgs;
use crate::output::Style;
use crate::output::thousands;
use crate::pods::node_pods;
use crate::subnet::{
    AddressMode, NodeAddresses, NodeGroup, NodeNetwork, Overhead, WarmPool, node_addresses,
};
use anyhow::{Context, Result, bail};
use args::{NetArgs, NodesArgs, OverheadArgs};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Arguments of `kplan subnet`.
#[derive(Debug, clap::Args)]
pub struct SubnetArgs {
    #[command(subcommand)]
    pub command: SubnetCommand,
}

/// The subcommands of `kplan subnet`.
#[derive(Debug, clap::Subcommand)]
pub enum SubnetCommand {
    /// Addresses per zone and the subnet sizes that hold them (with headroom).
    Size(size::SizeArgs),
    /// CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit.
    Check(check::CheckArgs),
    /// How many nodes (and pods) of a type a subnet holds.
    Capacity(capacity::CapacityArgs),
    /// Carve a VPC CIDR into per-zone node, pod and public subnets.
    Plan(plan::PlanArgs),
}

/// `--output` of `kplan subnet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    /// A Markdown report (for pull-request comments).
    Markdown,
}

/// Runs a `kplan subnet` subcommand.
pub fn run(global: &GlobalArgs, style: Style, args: SubnetArgs) -> Result<u8> {
    let catalog = Catalog::from_option(global.catalog.as_deref())?;
    match args.command {
        SubnetCommand::Size(a) => size::run(&catalog, style, a),
        SubnetCommand::Check(a) => check::run(&catalog, style, a),
        SubnetCommand::Capacity(a) => capacity::run(&catalog, style, a),
        SubnetCommand::Plan(a) => plan::run(&catalog, style, a),
    }
}

/// A node group with the figures behind its addresses.
#[derive(Debug, Clone)]
pub struct Group {
    pub group: NodeGroup,
    /// The max pods the kubelet runs with (and ipamd stops at).
    pub max_pods: u32,
    /// Why some of its pods get no address, when they do not (a finding: `check` fails).
    pub unaddressed: Option<String>,
}

/// The finding of a group whose pods do not all get an address.
pub fn unaddressed_finding(g: &Group) -> Option<String> {
    g.unaddressed.clone()
}

/// Node groups and notes, resolved against the catalog.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub groups: Vec<Group>,
    pub notes: Vec<String>,
    /// Fargate pods of a `--plan` (zone label or any zone, pods).
    pub fargate: Vec<(Option<String>, u32)>,
}

impl Resolved {
    /// The domain node groups.
    pub fn node_groups(&self) -> Vec<NodeGroup> {
        self.groups.iter().map(|g| g.group.clone()).collect()
    }

    fn note(&mut self, n: String) {
        if !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }
}

/// The address mode the settings give (after prefix-delegation fallbacks).
pub fn mode_of(ipv6: bool, prefix_delegation_applied: bool) -> AddressMode {
    if ipv6 {
        AddressMode::Ipv6
    } else if prefix_delegation_applied {
        AddressMode::PrefixDelegation
    } else {
        AddressMode::SecondaryIp
    }
}

/// Resolves one node group: max pods through `crate::pods::node_pods`, then addresses.
/// `plan_pods` is the pods per node a fit plan gives (clamped with a note); `--pods-per-node`
/// wins over it and must not exceed the node's usable pods.
pub fn resolve_group(
    catalog: &Catalog,
    out: &mut Resolved,
    name: &str,
    count: u32,
    zone: Option<String>,
    plan_pods: Option<u32>,
    net: &NetArgs,
) -> Result<()> {
    let t = catalog.lookup(name)?;
    let cni = net.node.cni();
    let np = node_pods(t, &cni, &net.node.kubelet());
    for n in &np.notes {
        out.note(format!("{}: {n}", t.name));
    }
    let max_pods = np.kubelet_max_pods.unwrap_or(np.max_pods);
    let usable = np.usable_pods.unwrap_or(max_pods.min(np.max_pods));
    let pods = pods_per_node(&t.name, usable, net.pods_per_node, plan_pods)?;
    security_group_pods(out, t, pods, net.security_group_pods)?;
    let network = NodeNetwork {
        pod_enis: np.pod_enis,
        ipv4_per_eni: t.ipv4_per_eni,
        max_pods,
        mode: mode_of(cni.ipv6, np.prefix_delegation),
        custom_networking: cni.custom_networking && !cni.ipv6,
    };
    let pool = net.warm_pool();
    for n in pool_notes(&pool, np.prefix_delegation && !cni.ipv6) {
        out.note(n);
    }
    let addresses = node_addresses(&network, pods, net.security_group_pods, &pool);
    let unaddressed = (addresses.unaddressed_pods > 0).then(|| {
        let why = unaddressed_reason(&pool, &addresses, max_pods);
        format!(
            "{}: {} of {} pods per node get no address ({why})",
            t.name,
            addresses.unaddressed_pods,
            pods - net.security_group_pods
        )
    });
    if let Some(f) = &unaddressed {
        out.note(f.clone());
    }
    out.groups.push(Group {
        group: NodeGroup {
            instance_type: t.name.clone(),
            count,
            zone,
            pods_per_node: pods,
            addresses,
        },
        max_pods,
        unaddressed,
    });
    Ok(())
}

/// Pods per node: `--pods-per-node`, else the fit plan's, else the usable pods less two;
/// a given value must not exceed `usable`.
fn pods_per_node(
    name: &str,
    usable: u32,
    flag: Option<u32>,
    plan_pods: Option<u32>,
) -> Result<u32> {
    Ok(match (flag, plan_pods) {
        (Some(p), _) if p > usable => {
            bail!("--pods-per-node {p}: {name} runs at most {usable} pods with these settings")
        }
        (Some(p), _) => p,
        (None, Some(p)) if p > usable => bail!(
            "pods_per_node adds up to {p} pods on one {name}, which runs at most {usable} with these settings (give kplan subnet the CNI and --max-pods flags the plan was made with)"
        ),
        (None, Some(p)) => p,
        (None, None) => usable.saturating_sub(2),
    })
}

/// Checks `--security-group-pods` against the pods per node, and notes a type that cannot
/// run them all (too few branch ENIs, or not trunk-compatible).
fn security_group_pods(
    out: &mut Resolved,
    t: &crate::catalog::InstanceType,
    pods: u32,
    sg_pods: u32,
) -> Result<()> {
    if sg_pods > pods {
        bail!(
            "--security-group-pods {sg_pods}: more than the {pods} pods per node of {}",
            t.name
        );
    }
    if sg_pods > 0 {
        match (t.trunking, t.branch_enis) {
            (Some(true), Some(b)) if b < sg_pods => out.note(format!(
                "{}: only {b} branch ENIs: at most {b} security-group pods per node",
                t.name
            )),
            (Some(true), _) => {}
            _ => out.note(format!(
                "{}: not trunk-compatible: pods with security groups cannot run on it",
                t.name
            )),
        }
    }
    Ok(())
}

/// Why some pods get no address: a minimum-only warm pool, or ENIs that hold fewer pod
/// addresses than the kubelet's max pods.
fn unaddressed_reason(pool: &WarmPool, addresses: &NodeAddresses, max_pods: u32) -> String {
    if pool.minimum_only() {
        format!(
            "MINIMUM_IP_TARGET={} without WARM_IP_TARGET: ipamd holds that many addresses and allocates no more; set --warm-ip-target 1 or more",
            pool.minimum_ip()
        )
    } else {
        format!(
            "its ENIs hold {} pod addresses, fewer than the kubelet's max pods {max_pods}",
            addresses.pod_ipv4
        )
    }
}

/// Notes on warm-pool settings that ipamd reads otherwise than they look.
fn pool_notes(pool: &WarmPool, prefix_delegation: bool) -> Vec<String> {
    let mut notes = Vec::new();
    for (name, v) in [
        ("WARM_IP_TARGET", pool.warm_ip_target),
        ("MINIMUM_IP_TARGET", pool.minimum_ip_target),
    ] {
        if v == Some(0) {
            notes.push(format!(
                "{name}=0 is the same as leaving it unset (ipamd: a target of 0 is no target)"
            ));
        }
    }
    if pool.minimum_only() {
        notes.push(format!(
            "MINIMUM_IP_TARGET={} without WARM_IP_TARGET: ipamd holds that many addresses and allocates no more (VPC CNI README); pods beyond it get no address",
            pool.minimum_ip()
        ));
    }
    if prefix_delegation && !pool.ip_targets() && pool.warm_prefix() == 0 {
        notes.push(
            "WARM_PREFIX_TARGET=0 is not supported with prefix delegation (VPC CNI docs/prefix-and-ip-target.md): ipamd adds a /28 only when no address is free, so pods wait for it and the prefix is released and added again; sized at the peak".into(),
        );
    }
    if !prefix_delegation && !pool.ip_targets() && pool.warm_eni() == 0 {
        notes.push(
            "WARM_ENI_TARGET=0: ipamd attaches an ENI only when no address is free, and releases it again while unused; sized at the peak".into(),
        );
    }
    notes
}

/// A `kplan fit -o json` plan: only the fields subnet sizing reads.
#[derive(Debug, Deserialize)]
struct FitPlan {
    #[serde(default)]
    kind: Option<String>,
    node_groups: Vec<FitGroup>,
    /// `kplan fit --fargate mixed|only`: its Fargate pods.
    #[serde(default)]
    fargate: Option<FitFargate>,
}

#[derive(Debug, Deserialize)]
struct FitFargate {
    #[serde(default)]
    pods: Vec<FitFargatePods>,
}

#[derive(Debug, Deserialize)]
struct FitFargatePods {
    #[serde(default)]
    zone: Option<String>,
    pods: u32,
}

/// Adds the plan's Fargate pods to the zones' demand (one address each, no warm pool); a
/// zone label such as `a` names the zone that ends with it.
pub fn add_fargate(demands: &mut [crate::subnet::plan::ZoneDemand], r: &Resolved) {
    use crate::subnet::plan::{add_fargate, fargate_in_zone};
    let n = demands.len();
    for d in demands.iter_mut() {
        for (zone, pods) in &r.fargate {
            let z = zone.as_deref().filter(|z| !z.is_empty()).map(|z| {
                if d.zone.ends_with(z) {
                    d.zone.as_str()
                } else {
                    z
                }
            });
            add_fargate(d, fargate_in_zone(z, *pods, &d.zone, n));
        }
    }
}

#[derive(Debug, Deserialize)]
struct FitGroup {
    instance_type: String,
    count: u32,
    #[serde(default)]
    zone: Option<String>,
    #[serde(default)]
    pods_per_node: BTreeMap<String, u32>,
}

/// Reads the node groups from `--plan FILE` or the flags.
pub fn resolve_nodes(catalog: &Catalog, nodes: &NodesArgs, net: &NetArgs) -> Result<Resolved> {
    let mut out = Resolved::default();
    if let Some(path) = &nodes.plan {
        let (groups, fargate) = read_plan(path)?;
        let pods: u64 = fargate.iter().map(|(_, p)| u64::from(*p)).sum();
        if pods > 0 {
            out.note(format!(
                "{} Fargate pods of the plan: one address each in their zone's subnet, no warm pool",
                thousands(pods)
            ));
        }
        out.fargate = fargate;
        for (i, g) in groups.into_iter().enumerate() {
            let at = || format!("--plan {}: node_groups[{i}]", path.display());
            let pods = g
                .pods_per_node
                .values()
                .try_fold(0u32, |sum, &p| sum.checked_add(p))
                .with_context(|| {
                    format!(
                        "{}: pods_per_node adds up to more than {} pods",
                        at(),
                        thousands(u64::from(u32::MAX))
                    )
                })?;
            let plan_pods = (!g.pods_per_node.is_empty()).then_some(pods);
            resolve_group(
                catalog,
                &mut out,
                &g.instance_type,
                g.count,
                g.zone.filter(|z| !z.is_empty()),
                plan_pods,
                net,
            )
            .with_context(at)?;
        }
        return Ok(out);
    }
    if nodes.instance_types.len() != nodes.nodes.len() {
        bail!(
            "give one --nodes N for each --instance-type ({} --instance-type, {} --nodes)",
            nodes.instance_types.len(),
            nodes.nodes.len()
        );
    }
    for item in &nodes.items {
        let (name, count) = item.split_once('=').with_context(|| {
            format!("node group '{item}': expected TYPE=COUNT such as m5.large=30")
        })?;
        let count: u32 = count
            .trim()
            .parse()
            .with_context(|| format!("node group '{item}': '{count}' is not a whole number"))?;
        resolve_group(catalog, &mut out, name.trim(), count, None, None, net)?;
    }
    for (name, &count) in nodes.instance_types.iter().zip(&nodes.nodes) {
        resolve_group(catalog, &mut out, name, count, None, None, net)?;
    }
    if out.groups.is_empty() {
        bail!("no nodes: give TYPE=COUNT items, --instance-type T --nodes N, or --plan FILE");
    }
    Ok(out)
}

/// The plan's node groups and Fargate pods (zone, pods).
type PlanParts = (Vec<FitGroup>, Vec<(Option<String>, u32)>);

fn read_plan(path: &Path) -> Result<PlanParts> {
    let text = crate::input::read_text(path, crate::input::Origin::Named)
        .with_context(|| format!("--plan {}: cannot read", path.display()))?;
    let plan: FitPlan = serde_json::from_str(&text).with_context(|| {
        format!(
            "--plan {}: not a `kplan fit -o json` plan (node_groups[] with instance_type, count)",
            path.display()
        )
    })?;
    if let Some(k) = plan.kind.as_deref().filter(|k| *k != "fit") {
        bail!(
            "--plan {}: kind is '{k}', expected 'fit' (the output of kplan fit -o json)",
            path.display()
        );
    }
    let fargate: Vec<(Option<String>, u32)> = plan
        .fargate
        .map(|f| f.pods.into_iter().map(|p| (p.zone, p.pods)).collect())
        .unwrap_or_default();
    if plan.node_groups.is_empty() && fargate.is_empty() {
        bail!("--plan {}: node_groups is empty", path.display());
    }
    Ok((plan.node_groups, fargate))
}

/// The zones to size for: `--zones`, else the plan's zones, else `default` zones a, b, c...
pub fn resolve_zones(nodes: &NodesArgs, r: &mut Resolved, default: usize) -> Result<Vec<String>> {
    let zones = match &nodes.zones {
        Some(z) => args::parse_zones(z).map_err(anyhow::Error::msg)?,
        None => {
            let mut named: Vec<String> = r
                .groups
                .iter()
                .filter_map(|g| g.group.zone.clone())
                .collect();
            named.sort();
            named.dedup();
            if named.is_empty() {
                args::letter_zones(default)
            } else {
                named
            }
        }
    };
    align_group_zones(r, &zones)?;
    Ok(zones)
}

/// Every zone a node group names must be one of `zones`; a short name such as `a` matches the
/// one zone that ends with it (`us-east-1a`), and the group takes that name.
pub fn align_group_zones(r: &mut Resolved, zones: &[String]) -> Result<()> {
    for g in &mut r.groups {
        let Some(z) = g.group.zone.clone() else {
            continue;
        };
        if zones.contains(&z) {
            continue;
        }
        let ends: Vec<&String> = zones.iter().filter(|n| n.ends_with(z.as_str())).collect();
        match ends.as_slice() {
            [one] => g.group.zone = Some((*one).clone()),
            _ => bail!(
                "node group {} is in zone '{z}', which is not among the zones {}",
                g.group.instance_type,
                zones.join(", ")
            ),
        }
    }
    Ok(())
}

/// The overhead per subnet.
pub fn overhead(o: &OverheadArgs) -> Overhead {
    Overhead {
        surge_pct: o.surge,
        other_ipv4: o.other_ipv4(),
    }
}

/// A share as a percentage with one decimal: 0.8123 -> "81.2%".
pub fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// `required / usable` (subnets always have usable addresses: /28 holds 11).
pub fn utilization(required: u64, usable: u64) -> f64 {
    required as f64 / usable.max(1) as f64
}

/// The node-type table: what one node of each group holds.
pub fn node_types_table(r: &Resolved, style: Style) -> String {
    use crate::output::align_right;
    let mut t = style.table([
        "TYPE",
        "NODES",
        "ZONE",
        "PODS/NODE",
        "MAX PODS",
        "ENIS",
        "/28 PREFIXES",
        "IPV4/NODE",
        "WARM/NODE",
    ]);
    for g in &r.groups {
        let a = &g.group.addresses;
        let ipv4 = if a.pod_subnet_ipv4 > 0 {
            format!(
                "{} (node {} + pod {})",
                a.total(),
                a.node_subnet_ipv4,
                a.pod_subnet_ipv4
            )
        } else {
            a.total().to_string()
        };
        t.add_row(vec![
            g.group.instance_type.clone(),
            g.group.count.to_string(),
            g.group.zone.clone().unwrap_or_else(|| "spread".into()),
            g.group.pods_per_node.to_string(),
            g.max_pods.to_string(),
            a.enis.to_string(),
            a.prefixes.to_string(),
            ipv4,
            a.warm_ipv4.to_string(),
        ]);
    }
    align_right(&mut t, &[1, 3, 4, 5, 6, 7, 8]);
    format!("{t}\n")
}

/// One line on the settings in force.
pub fn settings_line(net: &NetArgs, o: &OverheadArgs) -> String {
    let n = &net.node;
    let mode = if n.ipv6 {
        "IPv6".to_string()
    } else if n.prefix_delegation && net.warm_pool().ip_targets() {
        "prefix delegation".to_string()
    } else if n.prefix_delegation {
        format!(
            "prefix delegation, WARM_PREFIX_TARGET={}",
            net.warm_pool().warm_prefix()
        )
    } else if net.warm_pool().ip_targets() {
        "secondary IPs".to_string()
    } else {
        format!(
            "secondary IPs, WARM_ENI_TARGET={}",
            net.warm_eni_target.unwrap_or(1)
        )
    };
    let mut parts = vec![mode];
    if let Some(w) = net.warm_ip_target {
        parts.push(format!("WARM_IP_TARGET={w}"));
    }
    if let Some(m) = net.minimum_ip_target {
        parts.push(format!("MINIMUM_IP_TARGET={m}"));
    }
    if n.custom_networking {
        parts.push("custom networking".into());
    }
    parts.push(format!("kubelet max pods: {}", n.max_pods));
    if o.surge > 0 {
        parts.push(format!("surge {}%", o.surge));
    }
    if o.other_ipv4() > 0 {
        parts.push(format!(
            "{} addresses per subnet for load balancers, control plane, endpoints",
            o.other_ipv4()
        ));
    }
    format!("settings: {}\n", parts.join("; "))
}

/// Notes, one per line.
pub fn notes_text(notes: &[String]) -> String {
    notes.iter().map(|n| format!("note: {n}\n")).collect()
}

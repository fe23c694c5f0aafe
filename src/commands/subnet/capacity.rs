//! `kplan subnet capacity`: the inverse question: how many nodes (and pods) of a type a subnet
//! holds under given settings. Uses the same fit rule as `check`.

use super::args::{NetArgs, OverheadArgs};
use super::json::SettingsJson;
use super::{Format, Resolved, notes_text, pct, settings_line, utilization};
use crate::catalog::Catalog;
use crate::output::{self, Style, align_right, thousands};
use crate::subnet::cidr::{first_overlap, free_blocks, parse_subnet, usable_ipv4};
use crate::subnet::plan::{demand_for_nodes, fits, max_nodes};
use crate::subnet::{Overhead, ZoneDemand};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// Arguments of `kplan subnet capacity`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan subnet capacity m5.large --cidr 10.0.0.0/24\n  kplan subnet capacity m5.large c5.xlarge --cidr 10.0.0.0/20 --prefix-delegation --pods-per-node 30 -o json"
)]
pub struct CapacityArgs {
    /// Instance types (each answered on its own).
    #[arg(value_name = "TYPE")]
    pub types: Vec<String>,
    /// An instance type (repeatable; same as a positional TYPE).
    #[arg(long = "instance-type", value_name = "TYPE")]
    pub instance_types: Vec<String>,
    /// The node subnet.
    #[arg(long, value_name = "CIDR")]
    pub cidr: String,
    /// Custom networking: the pod (ENIConfig) subnet.
    #[arg(long, value_name = "CIDR")]
    pub pod_cidr: Option<String>,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub overhead: OverheadArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `kplan subnet capacity -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct CapacityJson {
    pub schema_version: u32,
    pub kind: String,
    pub cidr: String,
    pub usable_ipv4: u64,
    pub free_blocks: u64,
    pub pod_cidr: Option<String>,
    pub pod_usable_ipv4: Option<u64>,
    pub settings: SettingsJson,
    pub instance_types: Vec<CapacityTypeJson>,
    pub notes: Vec<String>,
}

/// One instance type's answer.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct CapacityTypeJson {
    pub instance_type: String,
    pub pods_per_node: u32,
    /// The kubelet's max pods on one node.
    pub kubelet_max_pods: u32,
    pub ipv4_per_node: u32,
    pub node_subnet_ipv4_per_node: u32,
    pub pod_subnet_ipv4_per_node: u32,
    pub prefixes_per_node: u32,
    /// The most nodes the subnet(s) hold (surge nodes come on top).
    pub max_nodes: u64,
    /// Pods per node that get no address (ipamd holds no more for them).
    pub unaddressed_pods_per_node: u32,
    /// `max_nodes * (pods_per_node - unaddressed_pods_per_node)`: pods that run.
    pub max_pods: u64,
    pub surge_nodes: u64,
    /// Node-subnet addresses held at `max_nodes`.
    pub required_ipv4: u64,
    pub utilization: f64,
    /// What stops one more node: `node subnet addresses`, `node subnet /28 blocks`, or the
    /// same for the pod subnet.
    pub binding: String,
}

/// Runs `kplan subnet capacity`: the most nodes (and pods) of each type the subnet(s) hold.
pub fn run(catalog: &Catalog, style: Style, args: CapacityArgs) -> Result<u8> {
    let net = parse_subnet(&args.cidr).map_err(|e| anyhow::anyhow!("--cidr {e}"))?;
    let custom = args.net.node.custom_networking && !args.net.node.ipv6;
    let pod_net = match &args.pod_cidr {
        Some(c) if !custom => bail!("--pod-cidr {c}: needs --custom-networking"),
        Some(c) => Some(parse_subnet(c).map_err(|e| anyhow::anyhow!("--pod-cidr {e}"))?),
        None => None,
    };
    if let Some(p) = pod_net
        && first_overlap(&[net, p]).is_some()
    {
        bail!("--cidr {net} and --pod-cidr {p} overlap");
    }
    let names: Vec<&String> = args.types.iter().chain(&args.instance_types).collect();
    if names.is_empty() {
        bail!("name an instance type (e.g. kplan subnet capacity m5.large --cidr 10.0.0.0/24)");
    }
    let mut r = Resolved::default();
    for n in names {
        super::resolve_group(catalog, &mut r, n, 0, None, None, &args.net)?;
    }
    let mut notes = r.notes.clone();
    if custom && pod_net.is_none() {
        notes.push(
            "custom networking: pod subnet not given (--pod-cidr): only the node subnet counted"
                .into(),
        );
    }
    let o = super::overhead(&args.overhead);
    let (len, pod_len) = (net.prefix_len(), pod_net.map(|p| p.prefix_len()));
    let rows = r
        .groups
        .iter()
        .map(|g| capacity_row(g, &o, custom, len, pod_len))
        .collect();
    let report = CapacityJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "subnet-capacity".into(),
        cidr: net.to_string(),
        usable_ipv4: usable_ipv4(len),
        free_blocks: free_blocks(len),
        pod_cidr: pod_net.map(|p| p.to_string()),
        pod_usable_ipv4: pod_len.map(usable_ipv4),
        settings: SettingsJson::new(&args.net, &args.overhead),
        instance_types: rows,
        notes,
    };
    let text = match args.output {
        Format::Json => output::json(&report),
        Format::Table => render(&report, &args, style),
        Format::Markdown => render(&report, &args, Style::plain()),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

/// How many nodes of group `g` the node subnet (a /`len`) and pod subnet hold, and what stops
/// one more.
fn capacity_row(
    g: &super::Group,
    o: &Overhead,
    custom: bool,
    len: u8,
    pod_len: Option<u8>,
) -> CapacityTypeJson {
    let a = &g.group.addresses;
    let pods = g.group.pods_per_node;
    let n = max_nodes(a, pods, o, custom, len, pod_len);
    let at = demand_for_nodes(a, pods, n, o, custom);
    let next = demand_for_nodes(a, pods, n + 1, o, custom);
    CapacityTypeJson {
        instance_type: g.group.instance_type.clone(),
        pods_per_node: pods,
        kubelet_max_pods: g.max_pods,
        ipv4_per_node: a.total(),
        node_subnet_ipv4_per_node: a.node_subnet_ipv4,
        pod_subnet_ipv4_per_node: a.pod_subnet_ipv4,
        prefixes_per_node: a.prefixes,
        max_nodes: n,
        unaddressed_pods_per_node: a.unaddressed_pods,
        max_pods: n * u64::from(pods - a.unaddressed_pods),
        surge_nodes: at.surge_nodes,
        required_ipv4: at.node_subnet.ipv4(),
        utilization: (utilization(at.node_subnet.ipv4(), usable_ipv4(len)) * 10_000.0).round()
            / 10_000.0,
        binding: binding(n, &at, &next, len, pod_len).into(),
    }
}

/// What stops one more node: the overhead alone (no node fits), or the node or pod subnet's
/// addresses or /28 blocks (`at`: the demand at `n` nodes, `next`: at `n + 1`).
fn binding(
    n: u64,
    at: &ZoneDemand,
    next: &ZoneDemand,
    len: u8,
    pod_len: Option<u8>,
) -> &'static str {
    if n == 0 && !fits(at, len, pod_len) {
        "overhead alone (load balancers, control plane, endpoints)"
    } else if !next.node_subnet.fits_in(len) {
        if next.node_subnet.blocks > free_blocks(len) {
            "node subnet /28 blocks"
        } else {
            "node subnet addresses"
        }
    } else {
        match (next.pod_subnet, pod_len) {
            (Some(p), Some(pl)) if p.blocks > free_blocks(pl) => "pod subnet /28 blocks",
            _ => "pod subnet addresses",
        }
    }
}

fn render(report: &CapacityJson, args: &CapacityArgs, style: Style) -> String {
    let mut t = style.table([
        "TYPE",
        "PODS/NODE",
        "IPV4/NODE",
        "/28 PREFIXES",
        "MAX NODES",
        "MAX PODS",
        "SURGE",
        "REQUIRED",
        "UTILIZATION",
        "LIMITED BY",
    ]);
    for r in &report.instance_types {
        t.add_row(vec![
            r.instance_type.clone(),
            r.pods_per_node.to_string(),
            r.ipv4_per_node.to_string(),
            r.prefixes_per_node.to_string(),
            thousands(r.max_nodes),
            thousands(r.max_pods),
            thousands(r.surge_nodes),
            thousands(r.required_ipv4),
            pct(r.utilization),
            r.binding.clone(),
        ]);
    }
    align_right(&mut t, &[1, 2, 3, 4, 5, 6, 7, 8]);
    let mut out = format!(
        "subnet {}: {} usable addresses, {} free /28 blocks{}\n{t}\n",
        report.cidr,
        thousands(report.usable_ipv4),
        thousands(report.free_blocks),
        match (&report.pod_cidr, report.pod_usable_ipv4) {
            (Some(c), Some(u)) => format!("; pod subnet {c}: {} usable", thousands(u)),
            _ => String::new(),
        }
    );
    out.push_str(&settings_line(&args.net, &args.overhead));
    out.push_str(&notes_text(&report.notes));
    out
}

//! `kplan subnet plan`: carve a VPC CIDR into per-zone node subnets, pod subnets (custom
//! networking, optionally from a secondary CIDR) and public subnets, sized by the same rules as
//! `size`, aligned and non-overlapping; report what is left over.

use super::args::{ALB_IPV4, NetArgs, NodesArgs, OverheadArgs, parse_pct};
use super::json::{NodeTypeJson, SettingsJson, SubnetJson, ZoneJson};
use super::{Format, node_types_table, notes_text, pct, settings_line, utilization};
use crate::catalog::Catalog;
use crate::exit::Infeasible;
use crate::output::{self, Style, align_right, thousands};
use crate::subnet::Demand;
use crate::subnet::cidr::{
    MAX_PREFIX_LEN, MIN_PREFIX_LEN, carve, first_overlap, leftover, parse_network, size,
    usable_ipv4,
};
use crate::subnet::plan::{ZoneDemand, zone_demands};
use anyhow::{Result, bail};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// Arguments of `kplan subnet plan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan subnet plan --vpc 10.0.0.0/16 m5.large=60 --zones 3\n  kplan subnet plan --vpc 10.0.0.0/20 --pod-vpc 100.64.0.0/16 --custom-networking --plan plan.json"
)]
pub struct PlanArgs {
    /// The VPC CIDR to carve (/16 to /28).
    #[arg(long, value_name = "CIDR")]
    pub vpc: String,
    /// Custom networking: carve the pod subnets from this secondary VPC CIDR (e.g.
    /// 100.64.0.0/16) instead of the VPC CIDR.
    #[arg(long, value_name = "CIDR")]
    pub pod_vpc: Option<String>,
    /// No public subnets.
    #[arg(long)]
    pub no_public: bool,
    /// Prefix length of each public subnet [default: the smallest that holds the load balancers
    /// (8 addresses per ALB) and a NAT gateway with headroom, at least a /27 as ALBs require].
    #[arg(long, value_name = "LEN", conflicts_with = "no_public")]
    pub public_prefix: Option<u8>,
    #[command(flatten)]
    pub nodes: NodesArgs,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub overhead: OverheadArgs,
    /// Growth headroom, percent: each subnet holds this much more than required.
    #[arg(long, value_name = "PCT", default_value = "50", value_parser = parse_pct)]
    pub headroom: u32,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `kplan subnet plan -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PlanJson {
    pub schema_version: u32,
    pub kind: String,
    pub vpc: String,
    pub pod_vpc: Option<String>,
    pub headroom_pct: u32,
    pub settings: SettingsJson,
    pub node_types: Vec<NodeTypeJson>,
    /// Per zone: the node subnet (and pod subnet) with their CIDRs.
    pub zones: Vec<ZoneJson>,
    pub public_subnets: Vec<PublicSubnetJson>,
    /// The parts of the VPC (and pod VPC) left free, as CIDRs.
    pub leftover: Vec<String>,
    pub leftover_ipv4: u64,
    pub notes: Vec<String>,
}

/// One public subnet.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PublicSubnetJson {
    pub zone: String,
    pub cidr: String,
    pub usable_ipv4: u64,
    /// 8 per ALB, 1 per NLB, 1 NAT gateway.
    pub required_ipv4: u64,
    pub utilization: f64,
}

fn vpc_net(flag: &str, s: &str) -> Result<Ipv4Net> {
    let n = parse_network(s).map_err(|e| anyhow::anyhow!("{flag} {e}"))?;
    if !(MIN_PREFIX_LEN..=MAX_PREFIX_LEN).contains(&n.prefix_len()) {
        bail!(
            "{flag} '{s}': a VPC CIDR must be /{MIN_PREFIX_LEN} to /{MAX_PREFIX_LEN}, not /{}",
            n.prefix_len()
        );
    }
    Ok(n)
}

/// The longest prefix that holds `need` addresses in aligned blocks.
fn prefix_for(need: u64) -> u8 {
    (0..=32u8).rev().find(|&l| size(l) >= need).unwrap_or(0)
}

fn carve_or_explain(
    what: &str,
    vpc: Ipv4Net,
    lens: &[u8],
    labels: &[String],
    hint: &str,
) -> Result<Vec<Ipv4Net>> {
    carve(vpc, lens).map_err(|short| {
        let need: u64 = lens.iter().map(|&l| size(l)).sum();
        let parts: Vec<String> = labels
            .iter()
            .zip(lens)
            .map(|(l, n)| format!("{l} /{n}"))
            .collect();
        Infeasible(format!(
            "{what} {vpc} holds {} addresses; the subnets need {} ({}): short by {}; use a /{} or larger or lower --headroom{hint}",
            thousands(size(vpc.prefix_len())),
            thousands(need),
            parts.join(", "),
            thousands(short),
            prefix_for(need)
        ))
        .into()
    })
}

/// Runs `kplan subnet plan`: size each zone's subnets, carve them from the VPC (and pod VPC),
/// report the plan and what is left over.
pub fn run(catalog: &Catalog, style: Style, args: PlanArgs) -> Result<u8> {
    let vpc = vpc_net("--vpc", &args.vpc)?;
    let custom = args.net.node.custom_networking && !args.net.node.ipv6;
    let pod_vpc = pod_vpc_net(args.pod_vpc.as_deref(), vpc, custom)?;
    if let Some(l) = args.public_prefix
        && !(MIN_PREFIX_LEN..=MAX_PREFIX_LEN).contains(&l)
    {
        bail!("--public-prefix {l}: a subnet must be /16 to /28");
    }
    let mut r = super::resolve_nodes(catalog, &args.nodes, &args.net)?;
    let zones = super::resolve_zones(&args.nodes, &mut r, 3)?;
    let mut demands = zone_demands(
        &r.node_groups(),
        &zones,
        &super::overhead(&args.overhead),
        custom,
    );
    super::add_fargate(&mut demands, &r);

    let h = args.headroom;
    let public_need = public_need(args.overhead.load_balancers.unwrap_or_default());
    let public_len = public_len(args.public_prefix, public_need, h)?;
    let req = Requests::new(
        &demands,
        &zones,
        h,
        pod_vpc.is_none(),
        !args.no_public,
        public_len,
    )?;
    let carved = Carved::new(vpc, pod_vpc, custom, &req, zones.len())?;
    let (node_nets, pod_nets, public_nets) = carved.parts();
    let mut left = leftover(vpc, &carved.vpc);
    if let Some(pv) = pod_vpc {
        left.extend(leftover(pv, pod_nets));
    }
    let report = PlanJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "subnet-plan".into(),
        vpc: vpc.to_string(),
        pod_vpc: pod_vpc.map(|p| p.to_string()),
        headroom_pct: h,
        settings: SettingsJson::new(&args.net, &args.overhead),
        node_types: r.groups.iter().map(NodeTypeJson::new).collect(),
        zones: zones_json(&demands, node_nets, pod_nets),
        public_subnets: public_json(&zones, public_nets, public_need),
        leftover_ipv4: left.iter().map(|n| size(n.prefix_len())).sum(),
        leftover: left.iter().map(|n| n.to_string()).collect(),
        notes: r.notes.clone(),
    };
    let text = match args.output {
        Format::Json => output::json(&report),
        Format::Table => render(&report, &r, &args, style),
        Format::Markdown => render(&report, &r, &args, Style::plain()),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

/// `--pod-vpc`, checked: needs custom networking and must not overlap the VPC.
fn pod_vpc_net(pod_vpc: Option<&str>, vpc: Ipv4Net, custom: bool) -> Result<Option<Ipv4Net>> {
    let pod_vpc = match pod_vpc {
        Some(_) if !custom => bail!("--pod-vpc needs --custom-networking"),
        Some(s) => Some(vpc_net("--pod-vpc", s)?),
        None => None,
    };
    if let Some(p) = pod_vpc
        && first_overlap(&[vpc, p]).is_some()
    {
        bail!("--vpc {vpc} and --pod-vpc {p} overlap");
    }
    Ok(pod_vpc)
}

/// Addresses a public subnet needs: 8 per ALB (at least one), 1 per NLB, 1 NAT gateway.
fn public_need(lb: super::args::LoadBalancers) -> u64 {
    ALB_IPV4 * u64::from(lb.alb.max(1)) + u64::from(lb.nlb) + 1
}

/// Prefix length of each public subnet: `--public-prefix` if it holds `need`, else the
/// smallest that holds `need` with headroom, at least a /27.
fn public_len(public_prefix: Option<u8>, need: u64, headroom: u32) -> Result<u8> {
    Ok(match public_prefix {
        Some(l) => {
            if usable_ipv4(l) < need {
                bail!(
                    "--public-prefix {l}: a /{l} has {} usable addresses; the load balancers and NAT gateway need {need}",
                    usable_ipv4(l)
                );
            }
            l
        }
        None => Demand {
            singles: need,
            blocks: 0,
        }
        .with_headroom(headroom)
        .smallest_prefix_len()
        .unwrap_or(MIN_PREFIX_LEN)
        .min(27),
    })
}

/// Prefix length of zone `z`'s `what` subnet holding demand `d` with `h`% headroom.
fn subnet_len(what: &str, z: &str, d: Demand, h: u32) -> Result<u8> {
    d.with_headroom(h).smallest_prefix_len().ok_or_else(|| {
        Infeasible(format!(
            "zone {z} {what} subnet needs {} addresses with {h}% headroom: more than a /16 (the largest AWS subnet)",
            thousands(d.with_headroom(h).ipv4())
        ))
        .into()
    })
}

/// The subnets to carve: prefix lengths with labels, in the VPC and for the pod subnets.
struct Requests {
    /// In the VPC: node subnets, pod subnets (unless carved from a pod VPC), public subnets.
    lens: Vec<u8>,
    labels: Vec<String>,
    /// Pod subnets (custom networking), one per zone.
    pod_lens: Vec<u8>,
    pod_labels: Vec<String>,
}

impl Requests {
    /// Sizes every subnet; the pod subnets join the VPC's requests when `pods_in_vpc`.
    fn new(
        demands: &[ZoneDemand],
        zones: &[String],
        h: u32,
        pods_in_vpc: bool,
        public: bool,
        public_len: u8,
    ) -> Result<Requests> {
        let mut lens = Vec::new();
        let mut labels = Vec::new();
        for d in demands {
            lens.push(subnet_len("node", &d.zone, d.node_subnet, h)?);
            labels.push(format!("{} nodes", d.zone));
        }
        let mut pod_lens = Vec::new();
        for d in demands {
            if let Some(p) = d.pod_subnet {
                pod_lens.push(subnet_len("pod", &d.zone, p, h)?);
            }
        }
        let pod_labels: Vec<String> = zones.iter().map(|z| format!("{z} pods")).collect();
        if pods_in_vpc {
            lens.extend(&pod_lens);
            labels.extend(pod_labels.iter().take(pod_lens.len()).cloned());
        }
        if public {
            for z in zones {
                lens.push(public_len);
                labels.push(format!("{z} public"));
            }
        }
        Ok(Requests {
            lens,
            labels,
            pod_lens,
            pod_labels,
        })
    }
}

/// The subnets carved from the VPC (node, pod unless from a pod VPC, public) and from the pod
/// VPC.
struct Carved {
    /// In the VPC, in [`Requests::lens`] order.
    vpc: Vec<Ipv4Net>,
    /// In the pod VPC (`--pod-vpc`), or empty.
    pod_vpc: Vec<Ipv4Net>,
    zones: usize,
    pods: usize,
}

impl Carved {
    /// Carves every request, or explains what does not fit (with a hint at `--pod-vpc` when
    /// custom networking carves the pod subnets from the VPC).
    fn new(
        vpc: Ipv4Net,
        pod_vpc: Option<Ipv4Net>,
        custom: bool,
        req: &Requests,
        zones: usize,
    ) -> Result<Carved> {
        let carved = carve_or_explain(
            "the VPC",
            vpc,
            &req.lens,
            &req.labels,
            if custom && pod_vpc.is_none() {
                ", or carve the pod subnets from a secondary CIDR (--pod-vpc 100.64.0.0/16)"
            } else {
                ""
            },
        )?;
        let pod_carved = match pod_vpc {
            Some(pv) => {
                carve_or_explain("the pod VPC CIDR", pv, &req.pod_lens, &req.pod_labels, "")?
            }
            None => Vec::new(),
        };
        Ok(Carved {
            vpc: carved,
            pods: if pod_vpc.is_some() {
                0
            } else {
                req.pod_lens.len()
            },
            pod_vpc: pod_carved,
            zones,
        })
    }

    /// The node, pod and public subnets.
    fn parts(&self) -> (&[Ipv4Net], &[Ipv4Net], &[Ipv4Net]) {
        let (nz, np) = (self.zones, self.pods);
        let pods = if self.pod_vpc.is_empty() {
            &self.vpc[nz..nz + np]
        } else {
            &self.pod_vpc[..]
        };
        (&self.vpc[..nz], pods, &self.vpc[nz + np..])
    }
}

/// Per zone: the demand with the node (and pod) subnet carved for it.
fn zones_json(
    demands: &[ZoneDemand],
    node_nets: &[Ipv4Net],
    pod_nets: &[Ipv4Net],
) -> Vec<ZoneJson> {
    demands
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let n = node_nets[i];
            let node = SubnetJson::new(d.node_subnet, Some(n.prefix_len()), Some(n), None);
            let pod = d.pod_subnet.map(|p| {
                let pn = pod_nets[i];
                SubnetJson::new(p, Some(pn.prefix_len()), Some(pn), None)
            });
            ZoneJson::new(d, node, pod)
        })
        .collect()
}

/// One public subnet per zone, each needing `need` addresses.
fn public_json(zones: &[String], nets: &[Ipv4Net], need: u64) -> Vec<PublicSubnetJson> {
    zones
        .iter()
        .zip(nets)
        .map(|(z, n)| PublicSubnetJson {
            zone: z.clone(),
            cidr: n.to_string(),
            usable_ipv4: usable_ipv4(n.prefix_len()),
            required_ipv4: need,
            utilization: (utilization(need, usable_ipv4(n.prefix_len())) * 10_000.0).round()
                / 10_000.0,
        })
        .collect()
}

/// One table row: zone, role, CIDR, usable, required, utilization, what it holds.
type Row<'a> = (String, &'a str, String, u64, u64, f64, String);

/// The table, the prefix reservations, the leftover, the settings, notes and node types.
fn render(report: &PlanJson, r: &super::Resolved, args: &PlanArgs, style: Style) -> String {
    let mut t = style.table([
        "ZONE",
        "ROLE",
        "CIDR",
        "USABLE",
        "REQUIRED",
        "UTILIZATION",
        "HOLDS",
    ]);
    for (zone, role, cidr, usable, req, util, holds) in rows(report) {
        t.add_row(vec![
            zone,
            role.to_string(),
            cidr,
            thousands(usable),
            thousands(req),
            pct(util),
            holds,
        ]);
    }
    align_right(&mut t, &[3, 4, 5]);
    let mut out = format!(
        "VPC {}{}: subnets with {}% headroom\n{t}\n",
        report.vpc,
        report
            .pod_vpc
            .as_ref()
            .map_or(String::new(), |p| format!(" + pod CIDR {p}")),
        report.headroom_pct
    );
    out.push_str(&prefix_lines(report));
    out.push_str(&format!(
        "left over: {} addresses{}{}\n",
        thousands(report.leftover_ipv4),
        if report.leftover.is_empty() { "" } else { ": " },
        report.leftover.join(", ")
    ));
    out.push_str(&settings_line(&args.net, &args.overhead));
    out.push_str(&notes_text(&report.notes));
    out.push('\n');
    out.push_str(&node_types_table(r, style));
    out
}

/// The table rows, by zone: node subnet, pod subnet, public subnet.
fn rows(report: &PlanJson) -> Vec<Row<'static>> {
    let mut rows: Vec<Row> = Vec::new();
    for z in &report.zones {
        let s = &z.subnet;
        rows.push((
            z.zone.clone(),
            "private nodes",
            s.cidr.clone().unwrap_or_default(),
            s.usable_ipv4,
            s.required_ipv4,
            s.utilization,
            node_holds(z, report.settings.custom_networking),
        ));
        if let Some(p) = &z.pod_subnet {
            rows.push((
                z.zone.clone(),
                "pods",
                p.cidr.clone().unwrap_or_default(),
                p.usable_ipv4,
                p.required_ipv4,
                p.utilization,
                format!("{} pods", thousands(z.pods)),
            ));
        }
    }
    for p in &report.public_subnets {
        rows.push((
            p.zone.clone(),
            "public",
            p.cidr.clone(),
            p.usable_ipv4,
            p.required_ipv4,
            p.utilization,
            "load balancers, NAT gateway".into(),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// What a zone's node subnet holds (pods too, unless custom networking moves them out).
fn node_holds(z: &ZoneJson, custom_networking: bool) -> String {
    if custom_networking {
        format!(
            "{} nodes (+{} surge), node addresses",
            z.nodes, z.surge_nodes
        )
    } else {
        format!(
            "{} nodes (+{} surge), {} pods",
            thousands(z.nodes),
            thousands(z.surge_nodes),
            thousands(z.pods)
        )
    }
}

/// One line per subnet that needs prefix-type CIDR reservations.
fn prefix_lines(report: &PlanJson) -> String {
    let mut out = String::new();
    for z in &report.zones {
        for (role, s) in
            std::iter::once(("node", &z.subnet)).chain(z.pod_subnet.iter().map(|p| ("pod", p)))
        {
            if s.prefix_blocks > 0 {
                out.push_str(&format!(
                    "prefixes: zone {} {role} subnet {}: reserve {} /28 blocks as prefix-type CIDR reservations: {}\n",
                    z.zone,
                    s.cidr.as_deref().unwrap_or("-"),
                    s.prefix_blocks,
                    s.reservation_text()
                ));
            }
        }
    }
    out
}

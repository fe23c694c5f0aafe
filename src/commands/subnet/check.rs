//! `kplan subnet check`: the CI gate. Exit 0 when every zone's subnets hold the nodes, 1 when
//! one does not (naming the zone, the shortfall and the utilisation), 2 for bad input.

use super::args::{NetArgs, NodesArgs, OverheadArgs, letter_zones, parse_utilization, parse_zones};
use super::json::{NodeTypeJson, SettingsJson, SubnetJson, ZoneJson};
use super::{Format, Resolved, node_types_table, notes_text, pct, settings_line};
use crate::catalog::Catalog;
use crate::exit::Infeasible;
use crate::output::{self, Style, align_right, thousands};
use crate::subnet::cidr::{first_overlap, parse_subnet};
use crate::subnet::plan::zone_demands;
use anyhow::{Result, bail};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// Arguments of `kplan subnet check`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan subnet check m5.large=30 --cidr 10.0.0.0/22 --cidr 10.0.4.0/22 --cidr 10.0.8.0/22\n  kplan subnet check --plan plan.json --subnet us-east-1a=10.0.0.0/20 --subnet us-east-1b=10.0.16.0/20 --max-utilization 80%\n  kplan subnet check m5.large=30 --cidr 10.0.0.0/24 -o markdown >> comment.md"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub nodes: NodesArgs,
    /// An existing node subnet, one per zone (zones named a, b, ... in order, or by --zones).
    #[arg(long = "cidr", value_name = "CIDR", conflicts_with = "subnets")]
    pub cidrs: Vec<String>,
    /// An existing node subnet with its zone: ZONE=CIDR (repeatable).
    #[arg(long = "subnet", value_name = "ZONE=CIDR")]
    pub subnets: Vec<String>,
    /// Custom networking: a pod (ENIConfig) subnet per zone, in the zones' order.
    #[arg(long = "pod-cidr", value_name = "CIDR", conflicts_with = "pod_subnets")]
    pub pod_cidrs: Vec<String>,
    /// Custom networking: a pod subnet with its zone: ZONE=CIDR (repeatable).
    #[arg(long = "pod-subnet", value_name = "ZONE=CIDR")]
    pub pod_subnets: Vec<String>,
    /// Fail when a subnet would be fuller than this: `80%` or the share `0.8` (the same).
    #[arg(long, value_name = "PCT|SHARE", value_parser = parse_utilization)]
    pub max_utilization: Option<f64>,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub overhead: OverheadArgs,
    /// Output format (markdown for a pull-request comment).
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `kplan subnet check -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct CheckJson {
    pub schema_version: u32,
    pub kind: String,
    /// Every zone fits.
    pub fits: bool,
    /// The binding (fullest failing) zone and why, when one fails; node types whose pods get
    /// no address come first.
    pub failure: Option<String>,
    /// `--max-utilization` as a share from 0 to 1, the unit of every `utilization`.
    pub max_utilization: Option<f64>,
    pub settings: SettingsJson,
    pub node_types: Vec<NodeTypeJson>,
    pub zones: Vec<ZoneJson>,
    pub notes: Vec<String>,
}

/// Parses `--cidr` (unnamed, zones from `zone_names` or a, b, ...) or `--subnet ZONE=CIDR`.
fn parse_list(
    flag: &str,
    named_flag: &str,
    cidrs: &[String],
    named: &[String],
    zone_names: Option<&[String]>,
) -> Result<Vec<(String, Ipv4Net)>> {
    let mut out = Vec::new();
    if cidrs.is_empty() && named.is_empty() {
        return Ok(out);
    }
    if !named.is_empty() {
        for item in named {
            let Some((z, c)) = item.split_once('=') else {
                bail!("{named_flag} '{item}': expected ZONE=CIDR such as us-east-1a=10.0.0.0/22");
            };
            let z = z.trim().to_string();
            if z.is_empty() || out.iter().any(|(o, _)| *o == z) {
                bail!("{named_flag} '{item}': zone '{z}' is empty or given twice");
            }
            let net = parse_subnet(c).map_err(|e| anyhow::anyhow!("{named_flag} {e}"))?;
            out.push((z, net));
        }
    } else {
        let names = match zone_names {
            Some(n) if n.len() != cidrs.len() => bail!(
                "{flag}: {} subnets for {} zones (--zones {})",
                cidrs.len(),
                n.len(),
                n.join(",")
            ),
            Some(n) => n.to_vec(),
            None => letter_zones(cidrs.len()),
        };
        for (c, z) in cidrs.iter().zip(names) {
            let net = parse_subnet(c).map_err(|e| anyhow::anyhow!("{flag} {e}"))?;
            out.push((z, net));
        }
    }
    Ok(out)
}

/// The node subnets and (with custom networking) pod subnets of `--cidr`/`--subnet` and
/// `--pod-cidr`/`--pod-subnet`: zones consistent, no overlap.
type Subnets = (Vec<(String, Ipv4Net)>, Vec<(String, Ipv4Net)>);

fn subnets_of(args: &CheckArgs, custom: bool) -> Result<Subnets> {
    let zone_names = args
        .nodes
        .zones
        .as_deref()
        .map(parse_zones)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let subnets = parse_list(
        "--cidr",
        "--subnet",
        &args.cidrs,
        &args.subnets,
        zone_names.as_deref(),
    )?;
    if subnets.is_empty() {
        bail!("give the existing subnets: --cidr CIDR once per zone, or --subnet ZONE=CIDR");
    }
    let zones: Vec<String> = subnets.iter().map(|(z, _)| z.clone()).collect();
    if let Some(n) = &zone_names
        && !args.subnets.is_empty()
        && *n != zones
    {
        bail!(
            "--zones {} does not match the --subnet zones {}",
            n.join(","),
            zones.join(",")
        );
    }
    let pods = parse_list(
        "--pod-cidr",
        "--pod-subnet",
        &args.pod_cidrs,
        &args.pod_subnets,
        Some(&zones),
    )?;
    if !pods.is_empty() && !custom {
        bail!(
            "--pod-cidr/--pod-subnet need --custom-networking (pods use the node subnets otherwise)"
        );
    }
    for (z, _) in &pods {
        if !zones.contains(z) {
            bail!(
                "--pod-subnet zone '{z}' has no node subnet (zones: {})",
                zones.join(", ")
            );
        }
    }
    let all: Vec<Ipv4Net> = subnets.iter().chain(&pods).map(|(_, n)| *n).collect();
    if let Some((a, b)) = first_overlap(&all) {
        bail!("subnets overlap: {a} and {b}");
    }
    Ok((subnets, pods))
}

pub fn run(catalog: &Catalog, style: Style, args: CheckArgs) -> Result<u8> {
    let custom = args.net.node.custom_networking && !args.net.node.ipv6;
    let (subnets, pods) = subnets_of(&args, custom)?;
    let zones: Vec<String> = subnets.iter().map(|(z, _)| z.clone()).collect();
    let mut r = super::resolve_nodes(catalog, &args.nodes, &args.net)?;
    super::align_group_zones(&mut r, &zones)?;
    let mut demands = zone_demands(
        &r.node_groups(),
        &zones,
        &super::overhead(&args.overhead),
        custom,
    );
    super::add_fargate(&mut demands, &r);
    let max_util = args.max_utilization;
    let mut notes = r.notes.clone();
    if custom && pods.is_empty() {
        notes.push(
            "custom networking: pod subnets not checked (give --pod-cidr or --pod-subnet)".into(),
        );
    }
    let zones_json: Vec<ZoneJson> = demands
        .iter()
        .zip(&subnets)
        .map(|(d, (_, net))| {
            let node = SubnetJson::new(d.node_subnet, Some(net.prefix_len()), Some(*net), max_util);
            let pod = pods.iter().find(|(z, _)| *z == d.zone).and_then(|(_, p)| {
                d.pod_subnet
                    .map(|pd| SubnetJson::new(pd, Some(p.prefix_len()), Some(*p), max_util))
            });
            ZoneJson::new(d, node, pod)
        })
        .collect();
    let failure = binding_failure(&zones_json, &r);
    let report = CheckJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "subnet-check".into(),
        fits: failure.is_none(),
        failure: failure.clone(),
        max_utilization: max_util.map(|m| (m * 10_000.0).round() / 10_000.0),
        settings: SettingsJson::new(&args.net, &args.overhead),
        node_types: r.groups.iter().map(NodeTypeJson::new).collect(),
        zones: zones_json,
        notes,
    };
    let text = match args.output {
        Format::Json => output::json(&report),
        Format::Table => render(&report, &r, &args, style, false),
        Format::Markdown => render(&report, &r, &args, Style::plain(), true),
    };
    output::emit(&text)?;
    match failure {
        Some(f) => Err(Infeasible(format!("subnet check failed: {f}")).into()),
        None => Ok(crate::exit::OK),
    }
}

/// Why the check fails, if it does: pods without an address first, then the fullest failing
/// subnet, with the count of the others.
fn binding_failure(zones: &[ZoneJson], r: &Resolved) -> Option<String> {
    let mut failing: Vec<(f64, String)> = zones
        .iter()
        .flat_map(|z| {
            let pod = z.pod_subnet.iter().map(|p| ("pod subnet ", p));
            std::iter::once(("", &z.subnet))
                .chain(pod)
                .filter_map(|(role, s)| {
                    s.reason.as_ref().map(|why| {
                        (
                            s.utilization,
                            format!(
                                "zone {} {role}({}): {why}",
                                z.zone,
                                s.cidr.as_deref().unwrap_or("-")
                            ),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // Pods that get no address fail the plan whatever the subnets: they come first.
    failing.extend(
        r.groups
            .iter()
            .filter_map(super::unaddressed_finding)
            .map(|f| (f64::INFINITY, f)),
    );
    failing.sort_by(|a, b| b.0.total_cmp(&a.0));
    let first = failing.first()?;
    let more = if failing.len() > 1 {
        format!(" (and {} more failing)", failing.len() - 1)
    } else {
        String::new()
    };
    Some(format!("{}{more}", first.1))
}

/// The verdict (a heading in markdown), the per-subnet table, PASS/FAIL, reservation warnings,
/// the settings and notes (and the node types, in a table).
fn render(report: &CheckJson, r: &Resolved, args: &CheckArgs, style: Style, md: bool) -> String {
    let mut out = String::new();
    if md {
        out.push_str(&format!(
            "### kplan subnet check: {}\n\n",
            if report.fits { "PASS" } else { "FAIL" }
        ));
    }
    out.push_str(&format!("{}\n", check_table(report, style)));
    if md {
        out.push('\n');
    }
    out.push_str(&verdict_line(report, md));
    out.push_str(&reservation_warnings(report));
    if md {
        out.push('\n');
    }
    out.push_str(&settings_line(&args.net, &args.overhead));
    out.push_str(&notes_text(&report.notes));
    if !md {
        out.push('\n');
        out.push_str(&node_types_table(r, style));
    }
    out
}

/// One row per subnet (node, and pod with custom networking) of each zone, with whether it fits.
fn check_table(report: &CheckJson, style: Style) -> output::Table {
    let mut t = style.table([
        "ZONE",
        "SUBNET",
        "NODES",
        "SURGE",
        "PODS",
        "REQUIRED",
        "USABLE",
        "UTILIZATION",
        "/28 BLOCKS",
        "FITS",
    ]);
    for z in &report.zones {
        let subnets =
            std::iter::once(("", &z.subnet)).chain(z.pod_subnet.iter().map(|p| (" (pods)", p)));
        for (role, s) in subnets {
            t.add_row(vec![
                format!("{}{role}", z.zone),
                s.cidr.clone().unwrap_or_default(),
                thousands(z.nodes),
                thousands(z.surge_nodes),
                thousands(z.pods),
                thousands(s.required_ipv4),
                thousands(s.usable_ipv4),
                pct(s.utilization),
                if s.prefix_blocks > 0 {
                    format!("{} of {}", s.prefix_blocks, s.free_blocks)
                } else {
                    "-".into()
                },
                if s.fits { "yes" } else { "NO" }.into(),
            ]);
        }
    }
    align_right(&mut t, &[2, 3, 4, 5, 6, 7, 8]);
    t
}

/// `FAIL: why` (bold in markdown) or `PASS: every zone fits within N%`.
fn verdict_line(report: &CheckJson, md: bool) -> String {
    match &report.failure {
        Some(f) => format!(
            "{}FAIL: {f}{}\n",
            if md { "**" } else { "" },
            if md { "**" } else { "" }
        ),
        None => format!(
            "PASS: every zone fits{}\n",
            report
                .max_utilization
                .map_or(String::new(), |m| format!(" within {}", pct(m)))
        ),
    }
}

/// A warning per fitting subnet that fits its /28 blocks only with prefix-type reservations.
fn reservation_warnings(report: &CheckJson) -> String {
    let mut out = String::new();
    for z in &report.zones {
        for s in std::iter::once(&z.subnet).chain(z.pod_subnet.iter()) {
            if s.fits && s.prefix_blocks > 0 && !s.fits_without_reservation {
                out.push_str(&format!(
                    "warning: zone {} ({}): without prefix-type CIDR reservations ({}) scattered addresses can leave no free /28 (InsufficientCidrBlocks)\n",
                    z.zone,
                    s.cidr.as_deref().unwrap_or("-"),
                    s.reservation_text()
                ));
            }
        }
    }
    out
}

//! `kplan subnet size`: addresses per zone and the subnet sizes that hold them.

use super::args::{NetArgs, NodesArgs, OverheadArgs, parse_pct};
use super::json::{NodeTypeJson, SettingsJson, SubnetJson, ZoneJson};
use super::{Format, Resolved, node_types_table, notes_text, pct, settings_line};
use crate::catalog::Catalog;
use crate::exit::Infeasible;
use crate::output::{self, Style, align_right, thousands};
use crate::subnet::plan::{ZoneDemand, zone_demands};
use anyhow::Result;
use serde::{Deserialize, Serialize};

/// Arguments of `kplan subnet size`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan subnet size m5.large=30 --zones 3\n  kplan subnet size --instance-type m5.large --nodes 30 --prefix-delegation --surge 25%\n  kplan subnet size --plan plan.json --custom-networking -o json"
)]
pub struct SizeArgs {
    #[command(flatten)]
    pub nodes: NodesArgs,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub overhead: OverheadArgs,
    /// Growth headroom for the recommended prefix length, percent.
    #[arg(long, value_name = "PCT", default_value = "50", value_parser = parse_pct)]
    pub headroom: u32,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `kplan subnet size -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SizeJson {
    pub schema_version: u32,
    pub kind: String,
    pub settings: SettingsJson,
    pub headroom_pct: u32,
    pub node_types: Vec<NodeTypeJson>,
    pub zones: Vec<ZoneJson>,
    pub notes: Vec<String>,
}

/// Sizes each zone's subnets: `prefix_length` is the recommended one (with headroom).
pub fn size_zones(demands: &[ZoneDemand], headroom: u32) -> Vec<ZoneJson> {
    let sized = |d: crate::subnet::Demand| {
        SubnetJson::new(
            d,
            d.with_headroom(headroom).smallest_prefix_len(),
            None,
            None,
        )
    };
    demands
        .iter()
        .map(|d| ZoneJson::new(d, sized(d.node_subnet), d.pod_subnet.map(sized)))
        .collect()
}

pub fn run(catalog: &Catalog, style: Style, args: SizeArgs) -> Result<u8> {
    let mut r = super::resolve_nodes(catalog, &args.nodes, &args.net)?;
    let zones = super::resolve_zones(&args.nodes, &mut r, 3)?;
    let custom = args.net.node.custom_networking && !args.net.node.ipv6;
    let mut demands = zone_demands(
        &r.node_groups(),
        &zones,
        &super::overhead(&args.overhead),
        custom,
    );
    super::add_fargate(&mut demands, &r);
    let sized = size_zones(&demands, args.headroom);
    let report = SizeJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "subnet-size".into(),
        settings: SettingsJson::new(&args.net, &args.overhead),
        headroom_pct: args.headroom,
        node_types: r.groups.iter().map(NodeTypeJson::new).collect(),
        zones: sized,
        notes: r.notes.clone(),
    };
    let text = match args.output {
        Format::Json => output::json(&report),
        Format::Table => render(&report, &r, &args, style),
        Format::Markdown => render(&report, &r, &args, Style::plain()),
    };
    output::emit(&text)?;
    let too_big: Vec<String> = report
        .zones
        .iter()
        .flat_map(|z| {
            let pod = z.pod_subnet.iter().map(|p| ("pod", p));
            std::iter::once(("node", &z.subnet))
                .chain(pod)
                .filter(|(_, s)| s.prefix_length.is_none())
                .map(|(role, s)| {
                    format!(
                        "zone {} {role} subnet needs {} addresses (with {}% headroom: more than a /16)",
                        z.zone,
                        thousands(s.required_ipv4),
                        args.headroom
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if !too_big.is_empty() {
        return Err(Infeasible(format!(
            "{}; spread over more zones, lower --headroom, or use prefix delegation or custom networking",
            too_big.join("; ")
        ))
        .into());
    }
    Ok(crate::exit::OK)
}

fn len_str(l: Option<u8>) -> String {
    l.map_or_else(|| "> /16".into(), |l| format!("/{l}"))
}

/// The node types, the per-zone subnet table (and pod subnet table), prefix reservations,
/// the settings and notes.
fn render(report: &SizeJson, r: &Resolved, args: &SizeArgs, style: Style) -> String {
    let mut out = node_types_table(r, style);
    out.push('\n');
    let node_title = if report.settings.custom_networking {
        "node subnets (one per zone)"
    } else {
        "subnets (one per zone)"
    };
    out.push_str(&format!("{node_title}:\n{}\n", zone_table(report, style)));
    if let Some(t) = pod_table(report, style) {
        out.push_str(&format!(
            "\npod subnets (custom networking, ENIConfig, one per zone):\n{t}\n"
        ));
    }
    out.push_str(&prefix_lines(report));
    out.push('\n');
    out.push_str(&settings_line(&args.net, &args.overhead));
    out.push_str(&format!(
        "required: addresses held in the fullest zone; smallest: the longest prefix that holds them; recommended: with {}% headroom\n",
        args.headroom
    ));
    out.push_str(&notes_text(&report.notes));
    out
}

/// One row per zone: what its (node) subnet holds, requires and the prefix lengths.
fn zone_table(report: &SizeJson, style: Style) -> output::Table {
    let mut t = style.table([
        "ZONE",
        "NODES",
        "SURGE",
        "PODS",
        "IN USE",
        "WARM",
        "SURGE IPV4",
        "OTHER",
        "REQUIRED",
        "SMALLEST",
        "RECOMMENDED",
        "USABLE",
        "UTILIZATION",
    ]);
    for z in &report.zones {
        let s = &z.subnet;
        t.add_row(vec![
            z.zone.clone(),
            thousands(z.nodes),
            thousands(z.surge_nodes),
            thousands(z.pods),
            thousands(z.in_use_ipv4),
            thousands(z.warm_ipv4),
            thousands(z.surge_ipv4),
            thousands(z.other_ipv4),
            thousands(s.required_ipv4),
            len_str(s.smallest_prefix_length),
            len_str(s.prefix_length),
            thousands(s.usable_ipv4),
            pct(s.utilization),
        ]);
    }
    align_right(&mut t, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    t
}

/// One row per zone's pod subnet (custom networking); `None` when there are none.
fn pod_table(report: &SizeJson, style: Style) -> Option<output::Table> {
    let pods: Vec<(&str, &SubnetJson)> = report
        .zones
        .iter()
        .filter_map(|z| z.pod_subnet.as_ref().map(|p| (z.zone.as_str(), p)))
        .collect();
    if pods.is_empty() {
        return None;
    }
    let mut t = style.table([
        "ZONE",
        "REQUIRED",
        "/28 BLOCKS",
        "SMALLEST",
        "RECOMMENDED",
        "USABLE",
        "UTILIZATION",
    ]);
    for (zone, p) in &pods {
        t.add_row(vec![
            zone.to_string(),
            thousands(p.required_ipv4),
            thousands(p.prefix_blocks),
            len_str(p.smallest_prefix_length),
            len_str(p.prefix_length),
            thousands(p.usable_ipv4),
            pct(p.utilization),
        ]);
    }
    align_right(&mut t, &[1, 2, 3, 4, 5, 6]);
    Some(t)
}

/// One line per subnet whose /28 blocks need prefix-type CIDR reservations.
fn prefix_lines(report: &SizeJson) -> String {
    let mut out = String::new();
    for z in &report.zones {
        let subnets =
            std::iter::once(("", &z.subnet)).chain(z.pod_subnet.iter().map(|p| (" pod", p)));
        for (role, s) in subnets {
            if s.prefix_blocks > 0 {
                out.push_str(&format!(
                    "prefixes: zone {}{role} subnet needs {} whole /28 blocks: reserve them with prefix-type subnet CIDR reservations ({}){}\n",
                    z.zone,
                    s.prefix_blocks,
                    s.reservation_text(),
                    if s.fits_without_reservation {
                        ""
                    } else {
                        "; without them, scattered addresses can leave no free /28 (InsufficientCidrBlocks)"
                    }
                ));
            }
        }
    }
    out
}

//! `kplan catalog show TYPE`: every field of one record, its pod figures, and its provenance.

use crate::catalog::{Catalog, InstanceType, Source, currency};
use crate::cli::GlobalArgs;
use crate::commands::node_args::NodeSettingsArgs;
use crate::output::{self, Style, thousands};
use crate::pods::{NodePods, node_pods};
use anyhow::Result;
use serde::{Deserialize, Serialize};

/// Arguments of `kplan catalog show`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan catalog show m5.large\n  kplan catalog show c7g.xlarge --prefix-delegation -o json"
)]
pub struct ShowArgs {
    /// The instance type, e.g. m5.large.
    #[arg(value_name = "TYPE")]
    pub instance_type: String,
    #[command(flatten)]
    pub node: NodeSettingsArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// `--output` of `kplan catalog show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `kplan catalog show -o json` (schema_version 1).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ShowJson {
    pub schema_version: u32,
    pub kind: String,
    /// The catalog record, exactly as stored in the catalog file.
    pub instance_type: InstanceType,
    /// Pod figures under the given settings (same code as `kplan pods`).
    pub pods: PodsFigures,
    /// One entry per group of fields: which source it came from.
    pub provenance: Vec<ProvenanceEntry>,
    /// Where the catalog itself came from (`embedded` or `ec2-api`) and when.
    pub catalog_origin: String,
    pub catalog_generated: String,
}

/// Pod figures of `kplan catalog show -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PodsFigures {
    pub prefix_delegation: bool,
    pub max_pods: u32,
    pub recommended_max_pods: Option<u32>,
    pub kubelet_max_pods: Option<u32>,
    pub allocatable_cpu_millicores: Option<u64>,
    pub allocatable_memory_mib: Option<u64>,
    pub allocatable_pods: Option<u32>,
    pub notes: Vec<String>,
}

/// A group of fields and its source (details empty when the header does not list the id).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ProvenanceEntry {
    pub group: String,
    pub source: String,
    pub origin: String,
    pub revision: String,
    pub date: String,
}

/// Pairs each provenance group of the record with its [`Source`] in the header.
pub fn provenance(t: &InstanceType, sources: &[Source]) -> Vec<ProvenanceEntry> {
    t.provenance
        .iter()
        .map(|(group, id)| {
            let s = sources.iter().find(|s| &s.id == id);
            ProvenanceEntry {
                group: group.clone(),
                source: id.clone(),
                origin: s.map_or(String::new(), |s| s.origin.clone()),
                revision: s.map_or(String::new(), |s| s.revision.clone()),
                date: s.map_or(String::new(), |s| s.date.clone()),
            }
        })
        .collect()
}

fn figures(p: &NodePods) -> PodsFigures {
    PodsFigures {
        prefix_delegation: p.prefix_delegation,
        max_pods: p.max_pods,
        recommended_max_pods: p.recommended_max_pods,
        kubelet_max_pods: p.usable_pods,
        allocatable_cpu_millicores: p.allocatable.map(|a| a.cpu_millicores),
        allocatable_memory_mib: p.allocatable.map(|a| a.memory_mib),
        allocatable_pods: p.allocatable.map(|a| a.pods),
        notes: p.notes.clone(),
    }
}

/// Runs `kplan catalog show`.
pub fn run(global: &GlobalArgs, _style: Style, args: ShowArgs) -> Result<u8> {
    let catalog = Catalog::from_option(global.catalog.as_deref())?;
    let t = catalog.lookup(args.instance_type.trim())?;
    let pods = node_pods(t, &args.node.cni(), &args.node.kubelet());
    let doc = ShowJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "catalog_show".into(),
        instance_type: t.clone(),
        pods: figures(&pods),
        provenance: provenance(t, &catalog.header.sources),
        catalog_origin: catalog.header.origin.clone(),
        catalog_generated: catalog.header.generated.clone(),
    };
    let text = match args.output {
        Format::Json => output::json(&doc),
        Format::Text => render_text(&doc),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "unknown".to_string(), |v| v.to_string())
}

fn prices(m: &std::collections::BTreeMap<String, f64>) -> String {
    if m.is_empty() {
        return "none".into();
    }
    m.iter()
        .map(|(r, p)| format!("{r} {p} {}", currency(r)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `key: value` lines for people.
pub fn render_text(d: &ShowJson) -> String {
    let mut lines = hardware_lines(&d.instance_type);
    lines.extend(market_lines(&d.instance_type));
    lines.extend(pods_lines(&d.pods));
    lines.extend(provenance_lines(d));
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in lines {
        out.push_str(&format!("{k:<width$}  {v}\n"));
    }
    out
}

/// Name, size, CPU, memory, network, GPUs and storage.
fn hardware_lines(t: &InstanceType) -> Vec<(String, String)> {
    vec![
        ("name".into(), t.name.clone()),
        (
            "family / category / generation / size".into(),
            format!(
                "{} / {} / {} / {}",
                t.family,
                t.category,
                opt(&t.generation),
                t.size
            ),
        ),
        ("vcpus".into(), opt(&t.vcpus)),
        (
            "memory".into(),
            t.memory_mib.map_or("unknown".into(), |m| {
                format!("{} MiB ({} GiB)", thousands(m), m as f64 / 1024.0)
            }),
        ),
        ("architectures".into(), t.architectures.join(", ")),
        ("hypervisor".into(), opt(&t.hypervisor)),
        ("bare metal".into(), t.bare_metal.to_string()),
        (
            "network".into(),
            format!(
                "{} ENIs on the default card (index {}), {} IPv4 per ENI, {} IPv6 per ENI; {} card(s), ENIs per card {:?}",
                t.enis,
                t.default_network_card_index,
                t.ipv4_per_eni,
                opt(&t.ipv6_per_eni),
                t.network_cards,
                t.network_card_max_enis
            ),
        ),
        (
            "trunking / branch ENIs".into(),
            format!("{} / {}", opt(&t.trunking), opt(&t.branch_enis)),
        ),
        (
            "gpus".into(),
            t.gpu.as_ref().map_or("none".into(), |g| {
                format!(
                    "{} x {} {} ({} MiB in all)",
                    g.count,
                    g.manufacturer,
                    g.name,
                    thousands(g.memory_mib)
                )
            }),
        ),
        (
            "local storage".into(),
            t.local_storage_gb
                .map_or("unknown".into(), |g| format!("{g} GB")),
        ),
    ]
}

/// Generation, regions, prices and the spot advisor.
fn market_lines(t: &InstanceType) -> Vec<(String, String)> {
    vec![
        (
            "current generation / burstable / spot".into(),
            format!(
                "{} / {} / {}",
                opt(&t.current_generation),
                opt(&t.burstable),
                opt(&t.spot)
            ),
        ),
        (
            "regions".into(),
            format!("{} ({})", t.regions.len(), t.regions.join(", ")),
        ),
        ("on-demand per hour".into(), prices(&t.on_demand)),
        ("spot per hour (observed)".into(), prices(&t.spot_prices)),
        (
            "spot advisor".into(),
            if t.spot_advisor.is_empty() {
                "none".into()
            } else {
                t.spot_advisor
                    .iter()
                    .map(|(r, a)| format!("{r} {} saving {}%", a.band(), a.savings_pct()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
    ]
}

/// Max pods, allocatable and the notes of the pod figures.
fn pods_lines(p: &PodsFigures) -> Vec<(String, String)> {
    let mut lines = vec![
        (
            "max pods".into(),
            format!(
                "{} IP limit{}, {} recommended, kubelet {}",
                p.max_pods,
                if p.prefix_delegation {
                    " (prefix delegation)"
                } else {
                    ""
                },
                opt(&p.recommended_max_pods),
                opt(&p.kubelet_max_pods)
            ),
        ),
        (
            "allocatable".into(),
            match (p.allocatable_cpu_millicores, p.allocatable_memory_mib) {
                (Some(c), Some(m)) => format!(
                    "{}m CPU, {} MiB, {} pods",
                    thousands(c),
                    thousands(m),
                    opt(&p.allocatable_pods)
                ),
                _ => "unknown (vCPUs or memory unknown)".into(),
            },
        ),
    ];
    for n in &p.notes {
        lines.push(("note".into(), n.clone()));
    }
    lines
}

/// The catalog and where each group of fields came from.
fn provenance_lines(d: &ShowJson) -> Vec<(String, String)> {
    let mut lines = vec![(
        "catalog".into(),
        format!("{}, generated {}", d.catalog_origin, d.catalog_generated),
    )];
    if d.provenance.is_empty() {
        lines.push(("provenance".into(), "not recorded for this type".into()));
    }
    for e in &d.provenance {
        let detail = if e.origin.is_empty() {
            String::new()
        } else {
            let rev = if e.revision.is_empty() {
                String::new()
            } else {
                format!(" @ {}", super::info::short_revision(&e.revision))
            };
            format!(" ({}{rev}, {})", e.origin, e.date)
        };
        lines.push((
            format!("source of {}", e.group),
            format!("{}{detail}", e.source),
        ));
    }
    lines
}

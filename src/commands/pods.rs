//! `kplan pods`: max pods and allocatable for one or many instance types.

use super::node_args::NodeSettingsArgs;
use crate::catalog::{Band, Catalog, InstanceType, SpotSource, currency};
use crate::cli::GlobalArgs;
use crate::output::{self, Style, Table, align_right, thousands};
use crate::pods::{
    AmiFamily, NodeClassSettings, NodePods, NodeResources, node_pods, node_resources,
};
use anyhow::{Result, bail};
use serde::Serialize;

/// Arguments of `kplan pods`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan pods m5.large\n  kplan pods 'm6i.*' --prefix-delegation\n  kplan pods --family c7g --max-pods max-allowed -o json"
)]
pub struct PodsArgs {
    /// Instance types: names or globs (`m5.large`, `m6i.*`, `'*'` for all).
    #[arg(value_name = "TYPE")]
    pub types: Vec<String>,
    /// Only these families (e.g. m6i,c7g).
    #[arg(long, value_delimiter = ',', value_name = "FAMILY")]
    pub family: Vec<String>,
    /// Only types that support this architecture (amd64 or arm64).
    #[arg(long, value_delimiter = ',', value_name = "ARCH", value_parser = ["amd64", "arm64"])]
    pub arch: Vec<String>,
    /// At least N vCPUs.
    #[arg(long, value_name = "N")]
    pub min_vcpus: Option<u32>,
    /// At most N vCPUs.
    #[arg(long, value_name = "N")]
    pub max_vcpus: Option<u32>,
    /// At least this much memory (GiB, or a quantity such as 16Gi or 8192Mi).
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_mib)]
    pub min_memory: Option<u64>,
    /// At most this much memory (GiB, or a quantity such as 16Gi or 8192Mi).
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_mib)]
    pub max_memory: Option<u64>,
    /// Region for the price columns and the interruption band.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Only types whose spot interruption band in the region is at most this (`<5%`, `5-10%`,
    /// `10-15%`, `15-20%`, `>20%`; Spot Instance Advisor).
    #[arg(long, value_name = "BAND", value_parser = clap::value_parser!(Band))]
    pub max_interruption: Option<Band>,
    /// Sort order.
    #[arg(long, value_enum, default_value_t = SortKey::Name)]
    pub sort: SortKey,
    #[command(flatten)]
    pub node: NodeSettingsArgs,
    /// AMI family of the node class (decides the default root volume: 20Gi, Windows 50Gi).
    #[arg(long, value_name = "FAMILY", default_value = "AL2023", value_parser = clap::value_parser!(AmiFamily))]
    pub ami_family: AmiFamily,
    /// Root (ephemeral) volume size, e.g. 100Gi (the node class's blockDeviceMappings).
    #[arg(long, value_name = "SIZE", value_parser = parse_bytes)]
    pub root_volume: Option<u64>,
    /// Ephemeral storage on the instance store (the node class's instanceStorePolicy: RAID0).
    #[arg(long)]
    pub instance_store_raid0: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `--output` of `kplan pods`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// `--sort` of `kplan pods`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Family, then size (vCPUs, memory).
    Name,
    Vcpus,
    Memory,
    /// Most pods first.
    MaxPods,
    /// Cheapest first (unknown prices last).
    Price,
    /// Cheapest per pod slot first.
    PricePerPod,
    /// Cheapest spot first (observed or estimated; unknown last).
    SpotPrice,
    /// Lowest spot interruption band first (unknown last).
    Interruption,
}

pub use crate::units::parse_memory_mib;

/// Bytes from a quantity such as `100Gi` or `50G`.
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    crate::workload::quantity::parse_memory_bytes(s.trim()).map_err(|e| e.to_string())
}

impl PodsArgs {
    /// The node-class settings of the flags.
    pub fn node_class(&self) -> NodeClassSettings {
        NodeClassSettings {
            ami_family: self.ami_family,
            root_volume_bytes: self.root_volume,
            instance_store_raid0: self.instance_store_raid0,
            ..NodeClassSettings::default()
        }
    }
}

/// One row of the result: the type and its pod figures.
pub struct Row<'a> {
    pub t: &'a InstanceType,
    pub pods: NodePods,
    /// Ephemeral storage, accelerators, EFA, branch ENIs and EBS attachments.
    pub resources: NodeResources,
    pub price: Option<f64>,
    /// Spot price in the region: observed, or the advisor's estimate.
    pub spot: Option<(f64, SpotSource)>,
    pub interruption: Option<Band>,
}

pub fn run(global: &GlobalArgs, style: Style, args: PodsArgs) -> Result<u8> {
    // With names or globs, only the matching records of the embedded catalog are parsed.
    let catalog = match global.catalog.as_deref() {
        None if !args.types.is_empty() => Catalog::embedded_matching(&args.types)?,
        path => Catalog::from_option(path)?,
    };
    if catalog.check_region(&args.region).is_err() {
        // A partial parse may miss the region: ask the whole catalog, which also suggests.
        Catalog::from_option(global.catalog.as_deref())?
            .check_region(&args.region)
            .map_err(|e| anyhow::anyhow!("--region: {e}"))?;
    }
    let rows = select_rows(&catalog, &args)?;
    let text = match args.output {
        Format::Table => render_table(
            &rows,
            &args,
            &catalog.spot_estimate_date(&args.region),
            style,
        ),
        Format::Json => output::json(&to_json(&rows, &args)),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

/// Applies names, globs and filters, computes the figures, and sorts.
pub fn select_rows<'a>(catalog: &'a Catalog, args: &PodsArgs) -> Result<Vec<Row<'a>>> {
    let filtered = !(args.family.is_empty()
        && args.arch.is_empty()
        && args.min_vcpus.is_none()
        && args.max_vcpus.is_none()
        && args.min_memory.is_none()
        && args.max_memory.is_none()
        && args.max_interruption.is_none());
    let candidates: Vec<&InstanceType> = if args.types.is_empty() {
        if !filtered {
            bail!(
                "name an instance type or a glob (e.g. kplan pods m5.large, or '*' for all), or give a filter such as --family"
            );
        }
        catalog.types.iter().collect()
    } else {
        catalog.select(&args.types)?
    };
    let (cni, kubelet) = (args.node.cni(), args.node.kubelet());
    let class = args.node_class();
    let mut rows: Vec<Row> = candidates
        .into_iter()
        .filter(|t| {
            args.family.is_empty()
                || args
                    .family
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(&t.family))
        })
        .filter(|t| args.arch.is_empty() || args.arch.iter().any(|a| t.architectures.contains(a)))
        .filter(|t| {
            args.min_vcpus
                .is_none_or(|m| t.vcpus.is_some_and(|v| v >= m))
        })
        .filter(|t| {
            args.max_vcpus
                .is_none_or(|m| t.vcpus.is_some_and(|v| v <= m))
        })
        .filter(|t| {
            args.min_memory
                .is_none_or(|m| t.memory_mib.is_some_and(|v| v >= m))
        })
        .filter(|t| {
            args.max_memory
                .is_none_or(|m| t.memory_mib.is_some_and(|v| v <= m))
        })
        .filter(|t| {
            args.max_interruption
                .is_none_or(|m| t.interruption(&args.region).is_some_and(|b| b <= m))
        })
        .map(|t| Row {
            t,
            pods: node_pods(t, &cni, &kubelet),
            resources: node_resources(t, &cni, &class),
            price: t.on_demand_price(&args.region),
            spot: t.spot_price(&args.region, 1),
            interruption: t.interruption(&args.region),
        })
        .collect();
    if rows.is_empty() {
        bail!("no instance type matches these names and filters");
    }
    sort_rows(&mut rows, args.sort);
    Ok(rows)
}

fn sort_rows(rows: &mut [Row], key: SortKey) {
    let natural = |r: &Row| {
        (
            r.t.family.clone(),
            r.t.vcpus.unwrap_or(0),
            r.t.memory_mib.unwrap_or(0),
            r.t.name.clone(),
        )
    };
    let price_key = |p: Option<f64>| p.unwrap_or(f64::INFINITY);
    match key {
        SortKey::Name => rows.sort_by_key(natural),
        SortKey::Vcpus => rows.sort_by_key(|r| (r.t.vcpus.unwrap_or(0), natural(r))),
        SortKey::Memory => rows.sort_by_key(|r| (r.t.memory_mib.unwrap_or(0), natural(r))),
        SortKey::MaxPods => rows.sort_by_key(|r| {
            (
                std::cmp::Reverse(r.pods.usable_pods.unwrap_or(0)),
                natural(r),
            )
        }),
        SortKey::Price => rows.sort_by(|a, b| {
            price_key(a.price)
                .total_cmp(&price_key(b.price))
                .then_with(|| natural(a).cmp(&natural(b)))
        }),
        SortKey::PricePerPod => {
            let per_pod = |r: &Row| match (r.price, r.pods.usable_pods) {
                (Some(p), Some(n)) if n > 0 => p / f64::from(n),
                _ => f64::INFINITY,
            };
            rows.sort_by(|a, b| {
                per_pod(a)
                    .total_cmp(&per_pod(b))
                    .then_with(|| natural(a).cmp(&natural(b)))
            })
        }
        SortKey::SpotPrice => rows.sort_by(|a, b| {
            price_key(a.spot.map(|s| s.0))
                .total_cmp(&price_key(b.spot.map(|s| s.0)))
                .then_with(|| natural(a).cmp(&natural(b)))
        }),
        SortKey::Interruption => {
            rows.sort_by_key(|r| (r.interruption.map_or(u8::MAX, Band::index), natural(r)))
        }
    }
}

/// `0.0460~` for an estimate, `0.0412` for an observed price, `-` for none.
fn spot_cell(s: Option<(f64, SpotSource)>) -> String {
    match s {
        Some((p, SpotSource::Estimate)) => format!("{p:.4}~"),
        Some((p, SpotSource::Observed)) => format!("{p:.4}"),
        None => "-".into(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// The human table, with notes grouped under it.
pub fn render_table(rows: &[Row], args: &PodsArgs, spot_date: &str, style: Style) -> String {
    let mut out = pods_table(rows, args, style).to_string();
    out.push('\n');
    out.push_str(&footer(rows, args, spot_date));
    out.push_str(&grouped_notes(rows));
    out
}

/// The table of types. On a narrow terminal the least valuable columns go first: the kubelet
/// and recommended caps, branch ENIs, IPv4 per ENI, ENIs, architecture, interruption band.
fn pods_table(rows: &[Row], args: &PodsArgs, style: Style) -> Table {
    let cur = currency(&args.region);
    let price_header = format!("{cur}/HOUR ({})", args.region);
    let spot_header = format!("SPOT {cur}/HOUR");
    let extra = extra_columns(rows);
    let mut headers: Vec<String> = [
        "TYPE",
        "VCPUS",
        "MEMORY MIB",
        "ARCH",
        "ENIS",
        "IPV4/ENI",
        "MAX PODS",
        "RECOMMENDED",
        "KUBELET",
        "ALLOC CPU",
        "ALLOC MEMORY MIB",
        "BRANCH ENIS",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    headers.extend(extra.iter().map(|(h, _)| h.to_string()));
    headers.extend([price_header, spot_header, "INTERRUPTION".to_string()]);
    let mut table = style.table(headers.iter().map(String::as_str));
    for r in rows {
        let p = &r.pods;
        let a = p.allocatable;
        table.add_row(
            vec![
                r.t.name.clone(),
                opt(r.t.vcpus),
                r.t.memory_mib.map_or("-".into(), thousands),
                r.t.architectures.join(","),
                r.t.enis.to_string(),
                r.t.ipv4_per_eni.to_string(),
                format!(
                    "{}{}",
                    thousands(u64::from(p.max_pods)),
                    if p.prefix_delegation { " (PD)" } else { "" }
                ),
                opt(p.recommended_max_pods),
                opt(p.kubelet_max_pods),
                a.map_or("-".into(), |a| format!("{}m", thousands(a.cpu_millicores))),
                a.map_or("-".into(), |a| thousands(a.memory_mib)),
                opt(r.t.branch_enis),
            ]
            .into_iter()
            .chain(extra.iter().map(|(_, cell)| cell(&r.resources)))
            .chain([
                r.price.map_or("-".into(), |p| format!("{p:.4}")),
                spot_cell(r.spot),
                opt(r.interruption),
            ])
            .collect::<Vec<String>>(),
        );
    }
    let right: Vec<usize> = (1..headers.len() - 1).filter(|&i| i != 3).collect();
    let interruption = headers.len() - 1;
    table.optional_columns(&[8, 7, 11, 5, 4, 3, interruption]);
    align_right(&mut table, &right);
    table
}

/// The lines under the table: the node settings, and what `~` and `-` prices mean.
fn footer(rows: &[Row], args: &PodsArgs, spot_date: &str) -> String {
    let mut out = String::new();
    let settings = &args.node;
    out.push_str(&format!(
        "mode: {}{}{}; kubelet max pods: {}; VPC CNI {}\n",
        if settings.ipv6 {
            "IPv6"
        } else if settings.prefix_delegation {
            "prefix delegation"
        } else {
            "secondary IPs"
        },
        if settings.custom_networking {
            ", custom networking"
        } else {
            ""
        },
        settings
            .max_enis
            .map_or(String::new(), |n| format!(", MAX_ENI={n}")),
        settings.max_pods,
        settings.cni_version,
    ));
    if rows
        .iter()
        .any(|r| matches!(r.spot, Some((_, SpotSource::Estimate))))
    {
        out.push_str(&format!(
            "spot~: estimates, on-demand x (1 - the Spot Instance Advisor's average saving in {}, {}); interruption: the advisor's band; `kplan catalog update` stores observed spot prices\n",
            args.region,
            spot_date
        ));
    }
    if rows.iter().any(|r| r.price.is_none()) {
        out.push_str(&format!(
            "-: no source prices the type in {} (`kplan catalog update` fetches live prices)\n",
            args.region
        ));
    }
    out
}

/// The types' notes, identical notes grouped (so that `kplan pods '*'` stays readable).
fn grouped_notes(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut notes: Vec<(String, Vec<&str>)> = Vec::new();
    for r in rows {
        for n in &r.pods.notes {
            let generic = n.replace(&r.t.name, "this type");
            match notes.iter_mut().find(|(text, _)| *text == generic) {
                Some((_, names)) => names.push(&r.t.name),
                None => notes.push((generic, vec![&r.t.name])),
            }
        }
    }
    for (text, names) in notes {
        let shown: Vec<&str> = names.iter().take(4).copied().collect();
        let more = if names.len() > 4 {
            format!(" and {} more", names.len() - 4)
        } else {
            String::new()
        };
        out.push_str(&format!("note: {}{}: {}\n", shown.join(", "), more, text));
    }
    out
}

/// A table cell of one node resource.
type ResourceCell = fn(&NodeResources) -> String;

/// The resource columns that are non-zero in some row: header and cell. Ephemeral storage
/// shows only when it differs from the 17Gi every AL2023 default node has.
fn extra_columns(rows: &[Row]) -> Vec<(&'static str, ResourceCell)> {
    let all: [(&'static str, ResourceCell); 8] = [
        ("EPHEMERAL GIB", |r| {
            r.ephemeral_storage.map_or("-".into(), |e| {
                format!("{:.1}", e.allocatable_bytes as f64 / f64::from(1u32 << 30))
            })
        }),
        ("NVIDIA GPU", |r| opt(r.nvidia_gpu)),
        ("AMD GPU", |r| opt(r.amd_gpu)),
        ("NEURON", |r| opt(r.neuron)),
        ("NEURONCORE", |r| opt(r.neuroncore)),
        ("EFA", |r| opt(r.efa)),
        ("POD-ENI", |r| opt(r.pod_eni)),
        ("EBS VOLUMES", |r| opt(r.ebs_volumes)),
    ];
    let default_ephemeral = 17u64 << 30;
    all.into_iter()
        .enumerate()
        .filter(|(i, (_, cell))| {
            rows.iter().any(|r| match i {
                0 => r
                    .resources
                    .ephemeral_storage
                    .is_none_or(|e| e.allocatable_bytes != default_ephemeral),
                // pod-eni is the BRANCH ENIS column already.
                6 => false,
                _ => {
                    let c = cell(&r.resources);
                    c != "0" && c != "-"
                }
            })
        })
        .map(|(_, c)| c)
        .collect()
}

/// `kplan pods -o json` (schema_version 1, documented in the README).
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct PodsJson {
    pub schema_version: u32,
    pub kind: String,
    pub settings: SettingsJson,
    pub instance_types: Vec<TypeJson>,
}

/// The settings the figures were computed with.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct SettingsJson {
    pub prefix_delegation: bool,
    pub custom_networking: bool,
    pub max_enis: Option<u32>,
    pub cni_version: String,
    pub ipv6: bool,
    pub max_pods: String,
    pub pods_per_core: Option<u32>,
    pub vm_memory_overhead: f64,
    pub region: String,
    pub currency: String,
}

/// One instance type in `kplan pods -o json`.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct TypeJson {
    pub instance_type: String,
    pub vcpus: Option<u32>,
    pub memory_mib: Option<u64>,
    pub architectures: Vec<String>,
    pub hypervisor: Option<String>,
    pub bare_metal: bool,
    pub enis: u32,
    pub ipv4_per_eni: u32,
    pub pod_enis: u32,
    pub prefix_delegation: bool,
    pub max_pods: u32,
    pub recommended_max_pods: Option<u32>,
    pub kubelet_max_pods: Option<u32>,
    pub allocatable: Option<AllocatableJson>,
    pub branch_enis: Option<u32>,
    pub usd_per_hour: Option<f64>,
    pub price_per_hour: Option<f64>,
    /// Spot price per hour in the region's currency: observed, or the advisor's estimate.
    #[serde(default)]
    pub spot_price_per_hour: Option<f64>,
    /// `spot` (observed) or `spot-estimate`; null without a spot price.
    #[serde(default)]
    pub spot_price_source: Option<String>,
    /// The Spot Instance Advisor's interruption band (`<5%` ... `>20%`); null when unknown.
    #[serde(default)]
    pub interruption: Option<String>,
    pub currency: String,
    /// Resources beyond CPU, memory and pods (null = unknown).
    #[serde(default)]
    pub resources: Option<ResourcesJson>,
    pub notes: Vec<String>,
}

/// What pods can request of each resource beyond CPU, memory and pods (null = unknown).
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct ResourcesJson {
    pub ephemeral_storage_capacity_bytes: Option<u64>,
    pub ephemeral_storage_allocatable_bytes: Option<u64>,
    /// `instance-store` (RAID0) or `root-volume`.
    pub ephemeral_storage_source: Option<String>,
    pub nvidia_gpu: Option<u32>,
    pub amd_gpu: Option<u32>,
    pub neuron: Option<u32>,
    pub neuroncore: Option<u32>,
    pub efa: Option<u32>,
    pub pod_eni: Option<u32>,
    /// EBS volumes pods can attach (the `ebs.csi.aws.com` CSINode count).
    pub ebs_volumes: Option<u32>,
    /// The EBS CSI driver's limit and whether ENIs share it.
    pub ebs_limit: Option<u32>,
    pub ebs_limit_shared: Option<bool>,
}

fn resources_json(r: &Row) -> ResourcesJson {
    let n = &r.resources;
    let e = n.ephemeral_storage;
    ResourcesJson {
        ephemeral_storage_capacity_bytes: e.map(|e| e.capacity_bytes),
        ephemeral_storage_allocatable_bytes: e.map(|e| e.allocatable_bytes),
        ephemeral_storage_source: e.map(|e| {
            if e.instance_store {
                "instance-store"
            } else {
                "root-volume"
            }
            .to_string()
        }),
        nvidia_gpu: n.nvidia_gpu,
        amd_gpu: n.amd_gpu,
        neuron: n.neuron,
        neuroncore: n.neuroncore,
        efa: n.efa,
        pod_eni: n.pod_eni,
        ebs_volumes: n.ebs_volumes,
        ebs_limit: r.t.ebs_limit.map(|l| l.limit),
        ebs_limit_shared: r.t.ebs_limit.map(|l| l.shared),
    }
}

/// Allocatable resources in JSON.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct AllocatableJson {
    pub cpu_millicores: u64,
    pub memory_mib: u64,
    pub pods: u32,
}

pub fn to_json(rows: &[Row], args: &PodsArgs) -> PodsJson {
    let cur = currency(&args.region);
    PodsJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "pods".into(),
        settings: SettingsJson {
            prefix_delegation: args.node.prefix_delegation,
            custom_networking: args.node.custom_networking,
            max_enis: args.node.max_enis,
            cni_version: args.node.cni_version.to_string(),
            ipv6: args.node.ipv6,
            max_pods: args.node.max_pods.to_string(),
            pods_per_core: args.node.pods_per_core,
            vm_memory_overhead: args.node.vm_memory_overhead,
            region: args.region.clone(),
            currency: cur.into(),
        },
        instance_types: rows
            .iter()
            .map(|r| TypeJson {
                instance_type: r.t.name.clone(),
                vcpus: r.t.vcpus,
                memory_mib: r.t.memory_mib,
                architectures: r.t.architectures.clone(),
                hypervisor: r.t.hypervisor.clone(),
                bare_metal: r.t.bare_metal,
                enis: r.t.enis,
                ipv4_per_eni: r.t.ipv4_per_eni,
                pod_enis: r.pods.pod_enis,
                prefix_delegation: r.pods.prefix_delegation,
                max_pods: r.pods.max_pods,
                recommended_max_pods: r.pods.recommended_max_pods,
                kubelet_max_pods: r.pods.kubelet_max_pods,
                allocatable: r.pods.allocatable.map(|a| AllocatableJson {
                    cpu_millicores: a.cpu_millicores,
                    memory_mib: a.memory_mib,
                    pods: a.pods,
                }),
                branch_enis: r.t.branch_enis,
                usd_per_hour: if cur == "USD" { r.price } else { None },
                price_per_hour: r.price,
                spot_price_per_hour: r.spot.map(|s| s.0),
                spot_price_source: r.spot.map(|s| {
                    match s.1 {
                        SpotSource::Observed => "spot",
                        SpotSource::Estimate => "spot-estimate",
                    }
                    .to_string()
                }),
                interruption: r.interruption.map(|b| b.to_string()),
                currency: cur.into(),
                resources: Some(resources_json(r)),
                notes: r.pods.notes.clone(),
            })
            .collect(),
    }
}

//! `kplan catalog list`: filter and sort the catalog; max pods and allocatable as columns.

use crate::catalog::query::{
    Filters, Query, Range, Row, SortKey, parse_count_range, parse_memory_range, parse_price,
    run_query,
};
use crate::catalog::{Band, Catalog, SpotSource, currency};
use crate::cli::GlobalArgs;
use crate::commands::node_args::NodeSettingsArgs;
use crate::output::{self, Style, align_right, thousands};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// Arguments of `kplan catalog list`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Ranges are MIN, MIN:MAX, :MAX or MIN: (inclusive).\n\nExamples:\n  \
kplan catalog list --arch arm64 --vcpus 4:16 --memory-per-vcpu 4Gi: --current-generation --sort price\n  \
kplan catalog list --family 'm7*' --no-burstable --sort price-per-pod --limit 10\n  \
kplan catalog list --gpus 1: --region us-west-2 -o csv"
)]
pub struct ListArgs {
    /// vCPUs: MIN[:MAX].
    #[arg(long, value_name = "MIN[:MAX]", value_parser = parse_count_range)]
    pub vcpus: Option<Range<u32>>,
    /// Memory: MIN[:MAX] as quantities (`4Gi`, `512Mi`; a bare number is GiB).
    #[arg(long, value_name = "MIN[:MAX]", value_parser = parse_memory_range)]
    pub memory: Option<Range<u64>>,
    /// Memory per vCPU: MIN[:MAX] as quantities (`4Gi:` = at least 4 GiB per vCPU).
    #[arg(long, value_name = "MIN[:MAX]", value_parser = parse_memory_range)]
    pub memory_per_vcpu: Option<Range<u64>>,
    /// Architectures (any of them).
    #[arg(long, value_delimiter = ',', value_name = "ARCH", value_parser = ["amd64", "arm64"])]
    pub arch: Vec<String>,
    /// Families, globs allowed (`m7i,c7*`).
    #[arg(long, value_delimiter = ',', value_name = "FAMILY")]
    pub family: Vec<String>,
    /// Categories (`m,c,r`: Karpenter's instance-category).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY")]
    pub category: Vec<String>,
    /// Generation at least N (Karpenter's instance-generation).
    #[arg(long, value_name = "N")]
    pub min_generation: Option<u32>,
    /// GPU count: MIN[:MAX] (`1` = at least one GPU, `:0` = none).
    #[arg(long, value_name = "MIN[:MAX]", value_parser = parse_count_range)]
    pub gpus: Option<Range<u32>>,
    /// Only current-generation types.
    #[arg(long)]
    pub current_generation: bool,
    /// Only burstable types (t2, t3, t4g, ...).
    #[arg(long, conflicts_with = "no_burstable")]
    pub burstable: bool,
    /// No burstable types.
    #[arg(long)]
    pub no_burstable: bool,
    /// Only bare-metal types.
    #[arg(long, conflicts_with = "no_bare_metal")]
    pub bare_metal: bool,
    /// No bare-metal types.
    #[arg(long)]
    pub no_bare_metal: bool,
    /// Only spot-capable types.
    #[arg(long)]
    pub spot: bool,
    /// Only types offered in this region; also the region of the price columns and --max-price
    /// (default us-east-1 for prices, without the availability filter).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// At most this on-demand price per hour (region's currency); unknown prices are left out.
    #[arg(long, value_name = "PRICE", value_parser = parse_price)]
    pub max_price: Option<f64>,
    /// Only types whose spot interruption band (Spot Instance Advisor, in --region) is at most
    /// this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; unknown bands are left out.
    #[arg(long, value_name = "BAND", value_parser = clap::value_parser!(Band))]
    pub max_interruption: Option<Band>,
    /// Keep only types whose names match any of these globs (`m7i.*,c7g.*`).
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub allow: Vec<String>,
    /// Drop types whose names match any of these globs (`*.metal*`).
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub deny: Vec<String>,
    /// Sort order (unknown values last).
    #[arg(long, value_enum, default_value_t = SortKey::Name)]
    pub sort: SortKey,
    /// Reverse the sort order.
    #[arg(long)]
    pub reverse: bool,
    /// Show at most N rows.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub node: NodeSettingsArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `--output` of `kplan catalog list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

impl ListArgs {
    /// The query these flags describe.
    pub fn query(&self) -> Query {
        Query {
            filters: Filters {
                vcpus: self.vcpus,
                memory_mib: self.memory,
                memory_mib_per_vcpu: self.memory_per_vcpu,
                arch: self.arch.clone(),
                family: self.family.clone(),
                category: self.category.clone(),
                min_generation: self.min_generation,
                gpus: self.gpus,
                current_generation: self.current_generation,
                burstable: tristate(self.burstable, self.no_burstable),
                bare_metal: tristate(self.bare_metal, self.no_bare_metal),
                spot: self.spot,
                offered_in: self.region.clone(),
                max_price: self.max_price,
                max_interruption: self.max_interruption,
                allow: self.allow.clone(),
                deny: self.deny.clone(),
            },
            cni: self.node.cni(),
            kubelet: self.node.kubelet(),
            price_region: self.price_region().to_string(),
            sort: self.sort,
            reverse: self.reverse,
            limit: self.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        }
    }

    fn price_region(&self) -> &str {
        self.region.as_deref().unwrap_or("us-east-1")
    }
}

fn tristate(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

/// Runs `kplan catalog list`.
pub fn run(global: &GlobalArgs, style: Style, args: ListArgs) -> Result<u8> {
    let catalog = Catalog::from_option(global.catalog.as_deref())?;
    if let Some(r) = &args.region {
        catalog
            .check_region(r)
            .map_err(|e| anyhow::anyhow!("--region: {e}"))?;
    }
    let rows = run_query(&catalog.types, &args.query());
    if rows.is_empty() {
        bail!(
            "no instance type in the catalog ({} types) matches these filters",
            catalog.types.len()
        );
    }
    let text = match args.output {
        Format::Table => render_table(
            &rows,
            &args,
            &catalog.spot_estimate_date(args.price_region()),
            style,
        ),
        Format::Json => output::json(&to_json(&rows, &args)),
        Format::Csv => to_csv(&rows, &args),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn gib(mib: u64) -> String {
    let g = mib as f64 / 1024.0;
    if g.fract() == 0.0 {
        format!("{g:.0}")
    } else {
        format!("{g:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

/// The human table.
pub fn render_table(rows: &[Row], args: &ListArgs, spot_date: &str, style: Style) -> String {
    let region = args.price_region();
    let cur = currency(region);
    let od = format!("{cur}/HOUR");
    let spot = format!("SPOT {cur}/HOUR");
    let mut table = style.table([
        "TYPE",
        "VCPUS",
        "MEMORY GIB",
        "ARCH",
        "GPUS",
        "MAX PODS",
        "ALLOC CPU",
        "ALLOC MEMORY MIB",
        od.as_str(),
        spot.as_str(),
        "INTERRUPTION",
    ]);
    for r in rows {
        let a = r.pods.allocatable;
        table.add_row(vec![
            r.t.name.clone(),
            opt(r.t.vcpus),
            r.t.memory_mib.map_or("-".into(), gib),
            r.t.architectures.join(","),
            r.t.gpu.as_ref().map_or("0".into(), |g| g.count.to_string()),
            format!(
                "{}{}",
                opt(r.pods.usable_pods),
                if r.pods.prefix_delegation {
                    " (PD)"
                } else {
                    ""
                }
            ),
            a.map_or("-".into(), |a| format!("{}m", thousands(a.cpu_millicores))),
            a.map_or("-".into(), |a| thousands(a.memory_mib)),
            r.price.map_or("-".into(), |p| format!("{p:.4}")),
            match (r.spot_price, r.spot_source) {
                (Some(p), Some(SpotSource::Estimate)) => format!("{p:.4}~"),
                (Some(p), _) => format!("{p:.4}"),
                (None, _) => "-".into(),
            },
            opt(r.interruption),
        ]);
    }
    align_right(&mut table, &[1, 2, 4, 5, 6, 7, 8, 9]);
    let mut out = table.to_string();
    out.push('\n');
    out.push_str(&format!(
        "{} types; prices in {region} ({cur}); max pods = what the kubelet runs with (--max-pods {}); VPC CNI {}{}\n",
        rows.len(),
        args.node.max_pods,
        args.node.cni_version,
        if args.node.prefix_delegation {
            ", prefix delegation"
        } else {
            ""
        },
    ));
    if rows
        .iter()
        .any(|r| r.spot_source == Some(SpotSource::Estimate))
    {
        out.push_str(&format!(
            "spot~: estimates, on-demand x (1 - the Spot Instance Advisor's average saving in {region}, {spot_date}); `kplan catalog update` stores observed spot prices\n"
        ));
    }
    if rows.iter().any(|r| r.price.is_none()) {
        out.push_str(&format!(
            "-: no source prices the type in {region} (`kplan catalog update` fetches live prices)\n"
        ));
    }
    out
}

/// `kplan catalog list -o json` (schema_version 1, documented in the README).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ListJson {
    pub schema_version: u32,
    pub kind: String,
    /// Region of the price fields.
    pub region: String,
    pub currency: String,
    pub instance_types: Vec<ListEntry>,
}

/// One row of `kplan catalog list -o json` (also the CSV columns, in this order).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ListEntry {
    pub instance_type: String,
    pub family: String,
    pub category: String,
    pub generation: Option<u32>,
    pub vcpus: Option<u32>,
    pub memory_mib: Option<u64>,
    pub memory_mib_per_vcpu: Option<u64>,
    pub architectures: Vec<String>,
    pub gpus: u32,
    pub current_generation: Option<bool>,
    pub burstable: Option<bool>,
    pub bare_metal: bool,
    pub spot: Option<bool>,
    pub enis: u32,
    pub ipv4_per_eni: u32,
    pub prefix_delegation: bool,
    /// IP-limited max pods, uncapped.
    pub max_pods: u32,
    pub recommended_max_pods: Option<u32>,
    /// What the kubelet runs with (per `--max-pods`).
    pub kubelet_max_pods: Option<u32>,
    pub allocatable_cpu_millicores: Option<u64>,
    pub allocatable_memory_mib: Option<u64>,
    pub allocatable_pods: Option<u32>,
    pub price_per_hour: Option<f64>,
    pub spot_price_per_hour: Option<f64>,
    pub price_per_vcpu_hour: Option<f64>,
    pub price_per_pod_hour: Option<f64>,
    /// `spot` (observed) or `spot-estimate`; null without a spot price.
    #[serde(default)]
    pub spot_price_source: Option<String>,
    /// The Spot Instance Advisor's interruption band (`<5%` ... `>20%`); null when unknown.
    #[serde(default)]
    pub interruption: Option<String>,
}

fn entry(r: &Row) -> ListEntry {
    let a = r.pods.allocatable;
    ListEntry {
        instance_type: r.t.name.clone(),
        family: r.t.family.clone(),
        category: r.t.category.clone(),
        generation: r.t.generation,
        vcpus: r.t.vcpus,
        memory_mib: r.t.memory_mib,
        memory_mib_per_vcpu: r.memory_mib_per_vcpu(),
        architectures: r.t.architectures.clone(),
        gpus: r.t.gpu.as_ref().map_or(0, |g| g.count),
        current_generation: r.t.current_generation,
        burstable: r.t.burstable,
        bare_metal: r.t.bare_metal,
        spot: r.t.spot,
        enis: r.t.enis,
        ipv4_per_eni: r.t.ipv4_per_eni,
        prefix_delegation: r.pods.prefix_delegation,
        max_pods: r.pods.max_pods,
        recommended_max_pods: r.pods.recommended_max_pods,
        kubelet_max_pods: r.pods.usable_pods,
        allocatable_cpu_millicores: a.map(|a| a.cpu_millicores),
        allocatable_memory_mib: a.map(|a| a.memory_mib),
        allocatable_pods: a.map(|a| a.pods),
        price_per_hour: r.price,
        spot_price_per_hour: r.spot_price,
        spot_price_source: r.spot_source.map(|s| {
            match s {
                SpotSource::Observed => "spot",
                SpotSource::Estimate => "spot-estimate",
            }
            .to_string()
        }),
        interruption: r.interruption.map(|b| b.to_string()),
        price_per_vcpu_hour: r.price_per_vcpu(),
        price_per_pod_hour: r.price_per_pod(),
    }
}

/// The JSON document.
pub fn to_json(rows: &[Row], args: &ListArgs) -> ListJson {
    let region = args.price_region().to_string();
    ListJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "catalog_list".into(),
        currency: currency(&region).into(),
        region,
        instance_types: rows.iter().map(entry).collect(),
    }
}

/// The CSV columns: the JSON entry fields, in the struct's order.
pub const CSV_COLUMNS: &[&str] = &[
    "instance_type",
    "family",
    "category",
    "generation",
    "vcpus",
    "memory_mib",
    "memory_mib_per_vcpu",
    "architectures",
    "gpus",
    "current_generation",
    "burstable",
    "bare_metal",
    "spot",
    "enis",
    "ipv4_per_eni",
    "prefix_delegation",
    "max_pods",
    "recommended_max_pods",
    "kubelet_max_pods",
    "allocatable_cpu_millicores",
    "allocatable_memory_mib",
    "allocatable_pods",
    "price_per_hour",
    "spot_price_per_hour",
    "price_per_vcpu_hour",
    "price_per_pod_hour",
    "spot_price_source",
    "interruption",
];

/// CSV (RFC 4180): a header row, then [`CSV_COLUMNS`]; lists joined with `;`, unknown empty.
pub fn to_csv(rows: &[Row], args: &ListArgs) -> String {
    let doc = to_json(rows, args);
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for e in &doc.instance_types {
        let v = serde_json::to_value(e).expect("entry serializes");
        let cells: Vec<String> = CSV_COLUMNS
            .iter()
            .map(|k| csv_cell(v.get(k).unwrap_or(&serde_json::Value::Null)))
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn csv_cell(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_cell(&serde_json::json!("a,b")), "\"a,b\"");
        assert_eq!(
            csv_cell(&serde_json::json!(["amd64", "arm64"])),
            "amd64;arm64"
        );
        assert_eq!(csv_cell(&serde_json::json!(null)), "");
        assert_eq!(csv_cell(&serde_json::json!(0.096)), "0.096");
    }

    #[test]
    fn csv_columns_are_the_json_fields() {
        let c = crate::catalog::Catalog::embedded().unwrap();
        let q = crate::catalog::query::Query {
            filters: Filters::default(),
            cni: crate::pods::CniSettings::default(),
            kubelet: crate::pods::KubeletSettings::default(),
            price_region: "us-east-1".into(),
            sort: SortKey::Name,
            reverse: false,
            limit: Some(1),
        };
        let rows = run_query(&c.types, &q);
        let v = serde_json::to_value(entry(&rows[0])).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut cols = CSV_COLUMNS.to_vec();
        keys.sort_unstable();
        cols.sort_unstable();
        assert_eq!(keys, cols);
    }

    #[test]
    fn gib_format() {
        assert_eq!(gib(8192), "8");
        assert_eq!(gib(512), "0.5");
        assert_eq!(gib(1024 * 3 + 768), "3.75");
    }
}

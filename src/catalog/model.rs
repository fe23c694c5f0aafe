//! The instance-type record of the catalog, as stored in `data/catalog.jsonl` and as written by
//! `kplan catalog update`. One record per line, sorted by name; the first line is a [`Header`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the catalog file format. Bump on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// First line of a catalog file: format version and where the data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always [`FORMAT_VERSION`] for files this build can read.
    pub kplan_catalog: u32,
    /// When the file was generated (RFC 3339, UTC) or the date of the newest source.
    pub generated: String,
    /// What produced the file: `embedded` (the generator over `data/sources/`) or `ec2-api`.
    pub origin: String,
    /// The sources, one per group of fields.
    pub sources: Vec<Source>,
    /// Decisions taken where the sources disagree, in words.
    #[serde(default)]
    pub decisions: Vec<String>,
}

/// One data source and the fields taken from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id used in [`InstanceType::provenance`], e.g. `vpc-cni`.
    pub id: String,
    /// Public origin: repository and path, or API name.
    pub origin: String,
    /// Commit or version of the origin, where known.
    #[serde(default)]
    pub revision: String,
    /// Date of the data (YYYY-MM-DD).
    pub date: String,
    /// Which fields come from it.
    pub fields: String,
}

/// GPUs of an instance type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    pub count: u32,
    pub manufacturer: String,
    pub name: String,
    /// Total GPU memory across all GPUs, MiB.
    pub memory_mib: u64,
}

/// Everything kplan knows about one EC2 instance type.
///
/// Numbers that no source gives are `None` (never guessed); the tools show them as unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    /// e.g. `m5.large`.
    pub name: String,
    /// e.g. `m5` (the part before the dot).
    pub family: String,
    /// e.g. `m` (Karpenter's `instance-category`).
    pub category: String,
    /// e.g. 5 (Karpenter's `instance-generation`).
    pub generation: Option<u32>,
    /// e.g. `large` (the part after the dot).
    pub size: String,
    pub vcpus: Option<u32>,
    pub memory_mib: Option<u64>,
    /// Kubernetes names: `amd64`, `arm64` (mac types keep `x86_64_mac` / `arm64_mac`).
    pub architectures: Vec<String>,
    /// `nitro`, `xen`, or `None` where no source gives one (mostly bare metal).
    pub hypervisor: Option<String>,
    pub bare_metal: bool,
    /// ENIs on the default network card: what the VPC CNI uses for pods.
    pub enis: u32,
    /// IPv4 addresses per ENI, the primary address included.
    pub ipv4_per_eni: u32,
    pub ipv6_per_eni: Option<u32>,
    pub network_cards: u32,
    /// Maximum ENIs of each network card, in card-index order.
    pub network_card_max_enis: Vec<u32>,
    pub default_network_card_index: u32,
    /// Can run a trunk ENI (security groups for pods); `None` = unknown.
    pub trunking: Option<bool>,
    /// Branch ENIs for security groups for pods (`vpc.amazonaws.com/pod-eni`); `None` = unknown.
    pub branch_enis: Option<u32>,
    pub gpu: Option<Gpu>,
    /// Local NVMe / instance storage, GB (0 = none).
    pub local_storage_gb: Option<u64>,
    pub current_generation: Option<bool>,
    pub burstable: Option<bool>,
    /// Offered as spot capacity; `None` = unknown.
    pub spot: Option<bool>,
    /// Regions the type is offered in (sorted).
    pub regions: Vec<String>,
    /// On-demand price per hour by region, in the region's currency (see [`currency`]).
    pub on_demand: BTreeMap<String, f64>,
    /// Spot price per hour by region (the lowest zone's latest price), in the region's currency.
    #[serde(default)]
    pub spot_prices: BTreeMap<String, f64>,
    /// Which source each group of fields came from: group -> source id.
    pub provenance: BTreeMap<String, String>,
}

/// The currency of prices in a region: CNY in the China regions, USD elsewhere.
pub fn currency(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "CNY"
    } else {
        "USD"
    }
}

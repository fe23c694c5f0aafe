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
    /// Where each region's prices come from (sorted by region). A catalog without this list
    /// names its price sources only per type, in `provenance`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionPrices>,
}

/// The price sources of one region, in precedence order, with how many types each prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPrices {
    pub region: String,
    /// On-demand sources; the first is the default of [`InstanceType::on_demand_source`].
    #[serde(default)]
    pub on_demand: Vec<PriceOrigin>,
    /// Spot: the advisor's savings (estimates) and observed prices.
    #[serde(default)]
    pub spot: Vec<PriceOrigin>,
}

/// One source of a region's prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceOrigin {
    /// A [`Source::id`] of the header.
    pub source: String,
    /// Date of the prices (YYYY-MM-DD, or an RFC 3339 time for observed prices).
    pub date: String,
    /// How many types of the region it prices.
    pub types: usize,
}

/// The Spot Instance Advisor's figures for one type in one region, serialized as
/// `[band, savings_pct]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisor(pub Band, pub i8);

impl Advisor {
    pub fn band(self) -> Band {
        self.0
    }
    /// The advisor's rounded average saving of spot over on-demand, percent (negative where
    /// spot cost more than on-demand, e.g. p5.48xlarge in ca-central-1).
    pub fn savings_pct(self) -> i8 {
        self.1
    }
}

/// The Spot Instance Advisor's interruption-frequency band: the share of spot capacity
/// reclaimed in the trailing month. Serialized as the advisor's index 0-4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Band {
    Under5,
    From5To10,
    From10To15,
    From15To20,
    Over20,
}

impl Band {
    pub const ALL: [Band; 5] = [
        Band::Under5,
        Band::From5To10,
        Band::From10To15,
        Band::From15To20,
        Band::Over20,
    ];

    /// The advisor's label: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`.
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Under5 => "<5%",
            Band::From5To10 => "5-10%",
            Band::From10To15 => "10-15%",
            Band::From15To20 => "15-20%",
            Band::Over20 => ">20%",
        }
    }

    /// The advisor's band index, 0-4.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(i: u8) -> Option<Band> {
        Band::ALL.get(usize::from(i)).copied()
    }
}

impl std::fmt::Display for Band {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Band {
    type Err = String;
    /// A band label (`<5%`, `5-10%`, ...; the `%` may be left out), or its upper edge (`5%`,
    /// `10`, ..., meaning "up to").
    fn from_str(s: &str) -> Result<Band, String> {
        let t = s.trim().trim_end_matches('%').replace(' ', "");
        let found = match t.as_str() {
            "<5" | "0-5" | "5" => Some(Band::Under5),
            "5-10" | "10" => Some(Band::From5To10),
            "10-15" | "15" => Some(Band::From10To15),
            "15-20" | "20" => Some(Band::From15To20),
            ">20" | "20-100" | "100" => Some(Band::Over20),
            _ => None,
        };
        found.ok_or_else(|| {
            format!("'{s}' is not an interruption band (one of <5%, 5-10%, 10-15%, 15-20%, >20%)")
        })
    }
}

impl Serialize for Band {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.index())
    }
}

impl<'de> Deserialize<'de> for Band {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Band, D::Error> {
        let i = u8::deserialize(d)?;
        Band::from_index(i)
            .ok_or_else(|| serde::de::Error::custom(format!("interruption band {i} is not 0 to 4")))
    }
}

/// An observed spot price in one zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZonePrice {
    pub price: f64,
    /// When EC2 recorded it (RFC 3339).
    pub at: String,
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

/// The EBS CSI driver's volume-attachment limit of a type (`ebs-volume-limits.csv`; a type the
/// driver's table does not list is shared 27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EbsLimit {
    /// The driver's limit before the root volume, launch volumes and ENIs are taken off.
    pub limit: u32,
    /// Shared with network interfaces (most Nitro types): ENIs beyond the first take slots.
    pub shared: bool,
}

/// Everything kplan knows about one EC2 instance type.
///
/// Numbers that no source gives are `None` (never guessed); the tools show them as unknown.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
    /// Neuron devices (`aws.amazon.com/neuron`; 0 = none); `None` = unknown.
    #[serde(default)]
    pub neuron_devices: Option<u32>,
    /// NeuronCores over all devices (`aws.amazon.com/neuroncore`); `None` = unknown.
    #[serde(default)]
    pub neuron_cores: Option<u32>,
    /// EFA interfaces the type takes (`vpc.amazonaws.com/efa`; 0 = none); `None` = unknown.
    #[serde(default)]
    pub efa_interfaces: Option<u32>,
    /// The EBS CSI driver's attachment limit; `None` = unknown.
    #[serde(default)]
    pub ebs_limit: Option<EbsLimit>,
    pub current_generation: Option<bool>,
    pub burstable: Option<bool>,
    /// Offered as spot capacity; `None` = unknown.
    pub spot: Option<bool>,
    /// Regions the type is offered in (sorted).
    pub regions: Vec<String>,
    /// On-demand price per hour by region, in the region's currency (see [`currency`]).
    pub on_demand: BTreeMap<String, f64>,
    /// Regions whose on-demand price does not come from the region's default source (the
    /// first of [`RegionPrices::on_demand`]): region -> source id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub on_demand_source: BTreeMap<String, String>,
    /// Spot price per hour by region (the lowest zone's latest price), in the region's currency.
    #[serde(default)]
    pub spot_prices: BTreeMap<String, f64>,
    /// Observed spot prices per region and zone (`kplan catalog update`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub spot_zones: BTreeMap<String, BTreeMap<String, ZonePrice>>,
    /// The Spot Instance Advisor's interruption band and saving per region.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub spot_advisor: BTreeMap<String, Advisor>,
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

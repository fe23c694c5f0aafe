//! Building a refreshed catalog from EC2 API data, and the reviewable diff between two catalogs.
//! Pure: the AWS calls live in [`crate::aws`] and the file writing in the command layer.

use super::{Catalog, FORMAT_VERSION, Header, InstanceType, Source};
use std::collections::{BTreeMap, BTreeSet};

/// What one `kplan catalog update` run fetched for one region.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The region queried.
    pub region: String,
    /// Endpoint used (empty = the AWS default).
    pub endpoint: String,
    /// Hardware and network fields from DescribeInstanceTypes, converted (regions, prices,
    /// branch ENIs and trunking left empty / unknown).
    pub types: Vec<InstanceType>,
    /// Types offered in the region (DescribeInstanceTypeOfferings, location type `region`).
    pub offered: BTreeSet<String>,
    /// Lowest latest Linux/UNIX spot price over the region's zones, per type.
    pub spot: BTreeMap<String, f64>,
    /// Latest Linux/UNIX spot price per type and zone, with its time.
    pub spot_zones: BTreeMap<String, BTreeMap<String, super::ZonePrice>>,
    /// On-demand prices from the Pricing API, or why they could not be fetched.
    pub on_demand: Result<BTreeMap<String, f64>, String>,
    /// RFC 3339 time of the fetch.
    pub fetched_at: String,
    /// Zones each type is offered in (only with `--zones`; empty otherwise).
    pub zones: BTreeMap<String, BTreeSet<String>>,
}

/// Source ids the refreshed catalog uses in its provenance maps.
pub mod source_id {
    pub const TYPES: &str = "ec2-describe-instance-types";
    pub const OFFERINGS: &str = "ec2-instance-type-offerings";
    pub const SPOT: &str = "ec2-spot-price-history";
    pub const PRICING: &str = "pricing-get-products";
    /// Values carried over from the catalog the refresh started from.
    pub const BASE: &str = "base-catalog";
}

/// Karpenter-style category and generation from a family name (the embedded catalog's rule:
/// leading letters; the first digit run after an optional `-<N>tb`): `m5` -> (`m`, 5),
/// `c7gn` -> (`c`, 7), `u-6tb1` -> (`u`, 1), `u7i-12tb` -> (`u`, 7).
pub fn category_generation(family: &str) -> (String, Option<u32>) {
    let cat: String = family
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let mut rest = &family[cat.len()..];
    if let Some(r) = rest.strip_prefix('-') {
        let n = r.chars().take_while(char::is_ascii_digit).count();
        if n > 0 && r[n..].starts_with("tb") {
            rest = &r[n + 2..];
        }
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (cat, digits.parse().ok())
}

/// The `YYYY-MM-DD` at the start of a timestamp, or empty when there is none.
fn iso_date(s: &str) -> String {
    let d = s.get(..10).unwrap_or("");
    let b = d.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        d.to_string()
    } else {
        String::new()
    }
}

/// Merges fetched data with the base catalog (the embedded one or `--catalog`).
///
/// - every type DescribeInstanceTypes returned is in the result, and only those;
/// - hardware and network fields come from the API;
/// - branch ENIs and trunking (not in the EC2 API) come from the base for known types and are
///   unknown for new ones; category and generation too (derived from the name for new types);
/// - regions: the base's list with the queried region set from the offerings;
/// - on-demand prices: the base's, with the queried region replaced by the Pricing API's
///   answer when it came; spot prices: the base's, with the queried region replaced.
pub fn merge(base: &Catalog, f: &Fetched) -> Catalog {
    let mut types: Vec<InstanceType> = f
        .types
        .iter()
        .map(|api| {
            let mut t = api.clone();
            let old = base.get(&t.name);
            // Groups this refresh does not touch (labels, branch ENIs, other regions' prices)
            // keep their base source.
            let mut prov = old.map(|o| o.provenance.clone()).unwrap_or_default();
            prov.insert("hardware".to_string(), source_id::TYPES.to_string());
            prov.insert("network".to_string(), source_id::TYPES.to_string());
            match old {
                Some(o) => {
                    t.category = o.category.clone();
                    t.generation = o.generation;
                    t.trunking = o.trunking;
                    t.branch_enis = o.branch_enis;
                    t.regions = o.regions.clone();
                    t.on_demand = o.on_demand.clone();
                    t.spot_prices = o.spot_prices.clone();
                    prov.entry("branch_enis".to_string())
                        .or_insert_with(|| source_id::BASE.to_string());
                }
                None => {
                    let (c, g) = category_generation(&t.family);
                    t.category = c;
                    t.generation = g;
                    t.trunking = None;
                    t.branch_enis = None;
                    t.regions.clear();
                    t.on_demand.clear();
                    t.spot_prices.clear();
                }
            }
            super::prices::carry_over(&mut t, old, &f.region, f.on_demand.is_ok());
            if let Some(z) = f.spot_zones.get(&t.name) {
                t.spot_zones.insert(f.region.clone(), z.clone());
            }
            t.regions.retain(|r| r != &f.region);
            if f.offered.contains(&t.name) {
                t.regions.push(f.region.clone());
                t.regions.sort();
            }
            prov.insert("regions".to_string(), source_id::OFFERINGS.to_string());
            t.spot_prices.remove(&f.region);
            if let Some(p) = f.spot.get(&t.name) {
                t.spot_prices.insert(f.region.clone(), *p);
            }
            prov.insert("spot_prices".to_string(), source_id::SPOT.to_string());
            match &f.on_demand {
                Ok(prices) => {
                    t.on_demand.remove(&f.region);
                    if let Some(p) = prices.get(&t.name) {
                        t.on_demand.insert(f.region.clone(), *p);
                    }
                    prov.insert("on_demand".to_string(), source_id::PRICING.to_string());
                }
                Err(_) => {
                    prov.entry("on_demand".to_string())
                        .or_insert_with(|| source_id::BASE.to_string());
                }
            }
            t.provenance = prov;
            t
        })
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    types.dedup_by(|a, b| a.name == b.name);

    let date = iso_date(&f.fetched_at);
    let endpoint = if f.endpoint.is_empty() {
        format!("EC2 API, {}", f.region)
    } else {
        format!("EC2 API, {} at {}", f.region, f.endpoint)
    };
    let src = |id: &str, what: &str, fields: &str| Source {
        id: id.into(),
        origin: format!("{what} ({endpoint})"),
        revision: "ec2-api-version-2016-11-15".into(),
        date: date.clone(),
        fields: fields.into(),
    };
    let mut sources = vec![
        src(
            source_id::TYPES,
            "DescribeInstanceTypes",
            "hardware, network (vCPUs, memory, architectures, ENIs, IPv4/IPv6 per ENI, cards, GPUs, storage, generation, burstable, spot support)",
        ),
        src(
            source_id::OFFERINGS,
            "DescribeInstanceTypeOfferings",
            "regions (the queried region)",
        ),
        src(
            source_id::SPOT,
            "DescribeSpotPriceHistory, Linux/UNIX, latest per zone, lowest zone",
            "spot_prices (the queried region)",
        ),
    ];
    let mut decisions = vec![
        "Only the types DescribeInstanceTypes returned in the queried region are kept.".to_string(),
        "Branch ENIs and trunking are not in the EC2 API: kept from the base catalog for known types, unknown for new types.".to_string(),
    ];
    match &f.on_demand {
        Ok(_) => sources.push(Source {
            id: source_id::PRICING.into(),
            origin: format!("AWS Pricing API GetProducts (AmazonEC2, {})", f.region),
            revision: "pricing-api-version-2017-10-15".into(),
            date: date.clone(),
            fields: "on_demand (the queried region)".into(),
        }),
        Err(why) => decisions.push(format!(
            "On-demand prices kept from the base catalog: the Pricing API was not usable ({why})."
        )),
    }
    // Sources of carried-over fields stay listed so `catalog show` can name them.
    let used: BTreeSet<&str> = types
        .iter()
        .flat_map(|t| t.provenance.values().map(String::as_str))
        .collect();
    for s in &base.header.sources {
        if used.contains(s.id.as_str()) && !sources.iter().any(|x| x.id == s.id) {
            sources.push(s.clone());
        }
    }
    if used.contains(source_id::BASE) {
        sources.push(Source {
            id: source_id::BASE.into(),
            origin: format!(
                "the catalog the refresh started from ({}, generated {})",
                base.header.origin, base.header.generated
            ),
            revision: String::new(),
            date: iso_date(&base.header.generated),
            fields: "branch_enis, trunking, on_demand where no other source is recorded".into(),
        });
    }
    Catalog {
        header: Header {
            kplan_catalog: FORMAT_VERSION,
            generated: f.fetched_at.clone(),
            origin: "ec2-api".into(),
            sources,
            decisions,
            regions: super::prices::refreshed_regions(
                &base.header.regions,
                &types,
                &f.region,
                f.on_demand.is_ok().then_some(source_id::PRICING),
                source_id::SPOT,
                &f.fetched_at,
            ),
        },
        types,
    }
}

/// A field that changed between two catalogs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub name: String,
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// What changed from one catalog to another.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Hardware and network limits (vCPUs, memory, ENIs, IPv4 per ENI, branch ENIs, ...).
    pub limits: Vec<Change>,
    /// On-demand and spot prices in the region, with the relative move.
    pub prices: Vec<Change>,
}

fn show<T: std::fmt::Debug>(v: &T) -> String {
    let s = format!("{v:?}");
    if s == "None" {
        return "unknown".into();
    }
    match s.strip_prefix("Some(").and_then(|x| x.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => s,
    }
}

/// Compares two catalogs; prices are compared in `region` only.
pub fn diff(old: &Catalog, new: &Catalog, region: &str) -> Diff {
    let mut d = Diff::default();
    let old_names: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    d.added = new_names
        .difference(&old_names)
        .map(|s| s.to_string())
        .collect();
    d.removed = old_names
        .difference(&new_names)
        .map(|s| s.to_string())
        .collect();
    for n in new.types.iter() {
        let Some(o) = old.get(&n.name) else { continue };
        let mut lim = |field: &'static str, a: String, b: String| {
            if a != b {
                d.limits.push(Change {
                    name: n.name.clone(),
                    field,
                    old: a,
                    new: b,
                });
            }
        };
        lim("vcpus", show(&o.vcpus), show(&n.vcpus));
        lim("memory_mib", show(&o.memory_mib), show(&n.memory_mib));
        lim("enis", show(&o.enis), show(&n.enis));
        lim("ipv4_per_eni", show(&o.ipv4_per_eni), show(&n.ipv4_per_eni));
        lim("ipv6_per_eni", show(&o.ipv6_per_eni), show(&n.ipv6_per_eni));
        lim(
            "network_card_max_enis",
            show(&o.network_card_max_enis),
            show(&n.network_card_max_enis),
        );
        lim("branch_enis", show(&o.branch_enis), show(&n.branch_enis));
        lim(
            "architectures",
            show(&o.architectures),
            show(&n.architectures),
        );
        lim(
            "gpus",
            show(&o.gpu.as_ref().map(|g| g.count)),
            show(&n.gpu.as_ref().map(|g| g.count)),
        );
        let mut price = |field: &'static str, a: Option<f64>, b: Option<f64>| {
            let moved = match (a, b) {
                (Some(x), Some(y)) => (x - y).abs() > 1e-9,
                (None, None) => false,
                _ => true,
            };
            if moved {
                let fmt = |v: Option<f64>| v.map_or("none".to_string(), |v| format!("{v}"));
                let pct = match (a, b) {
                    (Some(x), Some(y)) if x > 0.0 => format!(" ({:+.1}%)", (y - x) / x * 100.0),
                    _ => String::new(),
                };
                d.prices.push(Change {
                    name: n.name.clone(),
                    field,
                    old: fmt(a),
                    new: format!("{}{pct}", fmt(b)),
                });
            }
        };
        price(
            "on_demand",
            o.on_demand.get(region).copied(),
            n.on_demand.get(region).copied(),
        );
        price(
            "spot_price",
            o.spot_prices.get(region).copied(),
            n.spot_prices.get(region).copied(),
        );
    }
    d
}

/// The diff for people: counts, then each change on its own line (long lists cut at `max`).
pub fn render_diff(d: &Diff, max: usize) -> String {
    let mut out = format!(
        "{} types added, {} removed, {} limit changes, {} price changes\n",
        d.added.len(),
        d.removed.len(),
        d.limits.len(),
        d.prices.len()
    );
    let list = |out: &mut String, sign: &str, names: &[String]| {
        for n in names.iter().take(max) {
            out.push_str(&format!("{sign} {n}\n"));
        }
        if names.len() > max {
            out.push_str(&format!("{sign} ... and {} more\n", names.len() - max));
        }
    };
    list(&mut out, "+", &d.added);
    list(&mut out, "-", &d.removed);
    for (title, changes) in [("limit", &d.limits), ("price", &d.prices)] {
        for c in changes.iter().take(max) {
            out.push_str(&format!(
                "~ {} {}: {} -> {}\n",
                c.name, c.field, c.old, c.new
            ));
        }
        if changes.len() > max {
            out.push_str(&format!(
                "~ ... and {} more {title} changes\n",
                changes.len() - max
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded catalog cut down to m5.large.
    fn base() -> Catalog {
        let e = Catalog::embedded().unwrap();
        let m5 = e.get("m5.large").unwrap().clone();
        Catalog {
            header: e.header,
            types: vec![m5],
        }
    }

    fn api_type(name: &str, enis: u32, ipv4: u32) -> InstanceType {
        let mut t = base().get("m5.large").unwrap().clone();
        let (family, size) = name.split_once('.').unwrap();
        t.name = name.into();
        t.family = family.into();
        t.size = size.into();
        t.enis = enis;
        t.ipv4_per_eni = ipv4;
        t.branch_enis = None;
        t.trunking = None;
        t.regions.clear();
        t.on_demand.clear();
        t.spot_prices.clear();
        t.provenance.clear();
        t
    }

    fn fetched(types: Vec<InstanceType>, prices: Result<BTreeMap<String, f64>, String>) -> Fetched {
        Fetched {
            region: "us-east-1".into(),
            endpoint: String::new(),
            offered: types.iter().map(|t| t.name.clone()).collect(),
            spot: BTreeMap::from([("m5.large".to_string(), 0.04)]),
            spot_zones: BTreeMap::new(),
            types,
            on_demand: prices,
            fetched_at: "2026-11-21T06:00:00Z".into(),
            zones: BTreeMap::new(),
        }
    }

    #[test]
    fn category_and_generation() {
        assert_eq!(category_generation("m5"), ("m".into(), Some(5)));
        assert_eq!(category_generation("c7gn"), ("c".into(), Some(7)));
        assert_eq!(category_generation("u-6tb1"), ("u".into(), Some(1)));
        assert_eq!(category_generation("u7i-12tb"), ("u".into(), Some(7)));
        assert_eq!(category_generation("mac2"), ("mac".into(), Some(2)));
    }

    #[test]
    fn merge_keeps_branch_enis_for_known_types_and_marks_new_ones_unknown() {
        let f = fetched(
            vec![api_type("m5.large", 3, 10), api_type("zz9.large", 4, 15)],
            Err("HTTP 500".into()),
        );
        let c = merge(&base(), &f);
        let m5 = c.get("m5.large").unwrap();
        assert_eq!(m5.branch_enis, Some(9));
        assert_eq!(m5.on_demand.get("us-east-1"), Some(&0.096));
        assert_eq!(m5.spot_prices.get("us-east-1"), Some(&0.04));
        assert_eq!(m5.provenance["hardware"], source_id::TYPES);
        let new = c.get("zz9.large").unwrap();
        assert_eq!((new.branch_enis, new.trunking), (None, None));
        assert_eq!(new.regions, vec!["us-east-1".to_string()]);
        assert!(new.on_demand.is_empty());
        assert_eq!((new.category.as_str(), new.generation), ("zz", Some(9)));
        assert!(c.header.decisions.iter().any(|d| d.contains("HTTP 500")));
        // The file round-trips through the catalog parser.
        let back = Catalog::parse(&c.to_jsonl()).unwrap();
        assert_eq!(back.types, c.types);
        assert_eq!(back.header, c.header);
    }

    #[test]
    fn merge_takes_pricing_api_prices_and_diff_reports_them() {
        let f = fetched(
            vec![api_type("m5.large", 3, 10), api_type("zz9.large", 4, 15)],
            Ok(BTreeMap::from([("m5.large".to_string(), 0.1)])),
        );
        let c = merge(&base(), &f);
        assert_eq!(c.get("m5.large").unwrap().on_demand["us-east-1"], 0.1);
        assert_eq!(
            c.get("m5.large").unwrap().provenance["on_demand"],
            source_id::PRICING
        );
        let d = diff(&base(), &c, "us-east-1");
        assert_eq!(d.added, vec!["zz9.large".to_string()]);
        assert!(d.removed.is_empty());
        assert!(d.limits.is_empty(), "{:?}", d.limits);
        let od = d.prices.iter().find(|c| c.field == "on_demand").unwrap();
        assert_eq!((od.old.as_str(), od.new.as_str()), ("0.096", "0.1 (+4.2%)"));
        let text = render_diff(&d, 10);
        assert!(text.starts_with("1 types added, 0 removed, 0 limit changes, 2 price changes"));
        assert!(text.contains("+ zz9.large"));
    }

    #[test]
    fn diff_reports_limit_changes_and_removals() {
        let f = fetched(vec![api_type("m5.large", 4, 10)], Err("x".into()));
        let c = merge(&base(), &f);
        let d = diff(&base(), &c, "us-east-1");
        assert_eq!(d.limits.len(), 1);
        assert_eq!(
            (
                d.limits[0].field,
                d.limits[0].old.as_str(),
                d.limits[0].new.as_str()
            ),
            ("enis", "3", "4")
        );
        let d2 = diff(
            &c,
            &Catalog {
                header: c.header.clone(),
                types: vec![],
            },
            "us-east-1",
        );
        assert_eq!(d2.removed, vec!["m5.large".to_string()]);
    }
}

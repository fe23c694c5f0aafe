//! Prices of a type in a region: on-demand, observed spot, or a spot estimate from the Spot
//! Instance Advisor's saving; the interruption band; region names. Pure.

use super::model::{Band, PriceOrigin, RegionPrices};
use super::{Catalog, InstanceType, suggest};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Source id of the Spot Instance Advisor in the embedded catalog's header.
pub const SPOT_ADVISOR: &str = "spot-advisor";

/// Where a spot price comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpotSource {
    /// DescribeSpotPriceHistory (`kplan catalog update`).
    Observed,
    /// On-demand x (1 - the advisor's average saving).
    Estimate,
}

impl InstanceType {
    /// The on-demand price per hour in `region`, if a source prices the type there and it is
    /// offered there.
    pub fn on_demand_price(&self, region: &str) -> Option<f64> {
        self.on_demand.get(region).copied()
    }

    /// The spot price per hour in `region` for a plan over `zones` zones: an observed price
    /// wins (per zone: the dearest of the `zones` cheapest zones, since the plan may need that
    /// many distinct zones; without zones, the region's lowest-zone price), else the advisor's
    /// estimate on-demand x (1 - saving).
    pub fn spot_price(&self, region: &str, zones: u32) -> Option<(f64, SpotSource)> {
        if let Some(by_zone) = self.spot_zones.get(region).filter(|z| !z.is_empty()) {
            let mut p: Vec<f64> = by_zone.values().map(|z| z.price).collect();
            p.sort_by(f64::total_cmp);
            let k = (zones.max(1) as usize).min(p.len());
            return Some((p[k - 1], SpotSource::Observed));
        }
        if let Some(&p) = self.spot_prices.get(region) {
            return Some((p, SpotSource::Observed));
        }
        let a = self.spot_advisor.get(region)?;
        let od = self.on_demand_price(region)?;
        Some((spot_estimate(od, a.savings_pct()), SpotSource::Estimate))
    }

    /// The advisor's interruption band in `region`, where it has one.
    pub fn interruption(&self, region: &str) -> Option<Band> {
        self.spot_advisor.get(region).map(|a| a.band())
    }
}

/// On-demand x (1 - saving / 100), rounded to the six decimals prices carry.
pub fn spot_estimate(on_demand: f64, savings_pct: i8) -> f64 {
    let p = on_demand * (1.0 - f64::from(savings_pct) / 100.0);
    (p * 1e6).round() / 1e6
}

/// A region name no type of the catalog is offered or priced in.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownRegion {
    pub region: String,
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown region '{}': no instance type of the catalog is offered there",
            self.region
        )?;
        match self.suggestions.as_slice() {
            [] => write!(f, " (`kplan catalog info` lists the regions)"),
            [one] => write!(f, "; did you mean {one}?"),
            many => write!(f, "; did you mean one of: {}?", many.join(", ")),
        }
    }
}

impl std::error::Error for UnknownRegion {}

impl Catalog {
    /// Every region a type is offered or priced in, sorted.
    pub fn regions(&self) -> Vec<&str> {
        let mut set: BTreeSet<&str> = BTreeSet::new();
        for t in &self.types {
            set.extend(t.regions.iter().map(String::as_str));
            set.extend(t.on_demand.keys().map(String::as_str));
        }
        set.into_iter().collect()
    }

    /// `Ok` for a region of the catalog, else an error with the nearest names.
    pub fn check_region(&self, region: &str) -> Result<(), UnknownRegion> {
        if self
            .types
            .iter()
            .any(|t| t.regions.iter().any(|r| r == region) || t.on_demand.contains_key(region))
        {
            return Ok(());
        }
        let regions = self.regions();
        let mut near = suggest(region, regions.iter().copied());
        if near.is_empty() {
            // `eu-west` or `frankfurt`-style partial names: the regions that start alike.
            let head: String = region.chars().take(5).collect();
            near = regions
                .iter()
                .filter(|r| !head.is_empty() && r.starts_with(&head))
                .take(3)
                .map(|r| r.to_string())
                .collect();
        }
        Err(UnknownRegion {
            region: region.to_string(),
            suggestions: near,
        })
    }

    /// The price sources of `region` from the header, if the catalog lists them.
    pub fn region_prices(&self, region: &str) -> Option<&RegionPrices> {
        self.header.regions.iter().find(|r| r.region == region)
    }

    /// The source id of `t`'s on-demand price in `region`.
    pub fn on_demand_source(&self, t: &InstanceType, region: &str) -> Option<String> {
        t.on_demand.get(region)?;
        if let Some(s) = t.on_demand_source.get(region) {
            return Some(s.clone());
        }
        match self.region_prices(region).and_then(|r| r.on_demand.first()) {
            Some(o) => Some(o.source.clone()),
            None => t.provenance.get("on_demand").cloned(),
        }
    }

    /// The date of the advisor's figures in `region` (or of any region), for labels.
    pub fn spot_estimate_date(&self, region: &str) -> String {
        let from_region = self
            .region_prices(region)
            .and_then(|r| r.spot.iter().find(|o| o.source == SPOT_ADVISOR))
            .map(|o| o.date.clone());
        from_region
            .or_else(|| {
                self.header
                    .sources
                    .iter()
                    .find(|s| s.id == SPOT_ADVISOR)
                    .map(|s| s.date.clone())
            })
            .unwrap_or_default()
    }

    /// Per region: types offered and, of those, types with an on-demand price.
    pub fn coverage(&self) -> Vec<(String, usize, usize)> {
        self.regions()
            .into_iter()
            .map(|r| {
                let offered = self
                    .types
                    .iter()
                    .filter(|t| t.regions.iter().any(|x| x == r))
                    .count();
                let priced = self
                    .types
                    .iter()
                    .filter(|t| t.regions.iter().any(|x| x == r) && t.on_demand.contains_key(r))
                    .count();
                (r.to_string(), offered, priced)
            })
            .collect()
    }
}

/// One [`PriceOrigin`] per source, counting the types it prices.
pub fn origins<'a>(
    counts: impl IntoIterator<Item = (&'a str, usize)>,
    date_of: impl Fn(&str) -> String,
) -> Vec<PriceOrigin> {
    counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| PriceOrigin {
            source: s.to_string(),
            date: date_of(s),
            types: n,
        })
        .collect()
}

/// `kplan catalog update`: carries the price fields the EC2 API does not give (the advisor's
/// figures, on-demand source exceptions, other regions' observed zones) from the base record
/// `old` into the refreshed `t`. With `pricing_ok` the queried region's on-demand prices all come
/// from the Pricing API, so its exceptions go.
pub fn carry_over(
    t: &mut InstanceType,
    old: Option<&InstanceType>,
    region: &str,
    pricing_ok: bool,
) {
    match old {
        Some(o) => {
            t.spot_advisor = o.spot_advisor.clone();
            t.on_demand_source = o.on_demand_source.clone();
            t.spot_zones = o.spot_zones.clone();
        }
        None => {
            t.spot_advisor.clear();
            t.on_demand_source.clear();
            t.spot_zones.clear();
        }
    }
    if pricing_ok {
        t.on_demand_source.remove(region);
    }
    t.spot_zones.remove(region);
}

/// `kplan catalog update`: the refreshed catalog's per-region price sources. The queried
/// region's on-demand prices come from `pricing` (the Pricing API's source id) when it
/// answered, its observed spot prices from `spot` (dated `at`); other regions keep the base's
/// sources. Counts are taken from the refreshed `types`.
pub fn refreshed_regions(
    base: &[RegionPrices],
    types: &[InstanceType],
    region: &str,
    pricing: Option<&str>,
    spot: &str,
    at: &str,
) -> Vec<RegionPrices> {
    let mut out: Vec<RegionPrices> = base.to_vec();
    if !out.iter().any(|r| r.region == region) {
        out.push(RegionPrices {
            region: region.to_string(),
            on_demand: Vec::new(),
            spot: Vec::new(),
        });
        out.sort_by(|a, b| a.region.cmp(&b.region));
    }
    for r in &mut out {
        let name = r.region.clone();
        let default = match pricing.filter(|_| name == region) {
            Some(p) => p.to_string(),
            None => r
                .on_demand
                .first()
                .map(|o| o.source.clone())
                .unwrap_or_default(),
        };
        let mut dates: BTreeMap<String, String> = r
            .on_demand
            .iter()
            .map(|o| (o.source.clone(), o.date.clone()))
            .collect();
        if let Some(p) = pricing.filter(|_| name == region) {
            dates.insert(p.to_string(), at.get(..10).unwrap_or(at).to_string());
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for t in types.iter().filter(|t| t.on_demand.contains_key(&name)) {
            let s = t.on_demand_source.get(&name).unwrap_or(&default);
            *counts.entry(s.clone()).or_default() += 1;
        }
        let mut c: Vec<(&str, usize)> = counts.iter().map(|(s, n)| (s.as_str(), *n)).collect();
        c.sort_by(|a, b| {
            (b.0 == default)
                .cmp(&(a.0 == default))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(b.0))
        });
        r.on_demand = origins(c, |s| dates.get(s).cloned().unwrap_or_default());
        let advisor = types
            .iter()
            .filter(|t| t.spot_advisor.contains_key(&name))
            .count();
        let observed = types
            .iter()
            .filter(|t| t.spot_prices.contains_key(&name) || t.spot_zones.contains_key(&name))
            .count();
        let old_observed: Option<String> = r
            .spot
            .iter()
            .find(|o| o.source != SPOT_ADVISOR)
            .map(|o| o.date.clone());
        let advisor_date = r
            .spot
            .iter()
            .find(|o| o.source == SPOT_ADVISOR)
            .map(|o| o.date.clone())
            .unwrap_or_default();
        let observed_date = if name == region {
            at.to_string()
        } else {
            old_observed.unwrap_or_default()
        };
        r.spot = origins([(spot, observed), (SPOT_ADVISOR, advisor)], |s| {
            if s == SPOT_ADVISOR {
                advisor_date.clone()
            } else {
                observed_date.clone()
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_parse_from_labels_and_edges() {
        for (s, b) in [
            ("<5%", Band::Under5),
            ("5%", Band::Under5),
            ("5-10%", Band::From5To10),
            ("10", Band::From5To10),
            ("15-20", Band::From15To20),
            (">20%", Band::Over20),
        ] {
            assert_eq!(s.parse::<Band>().unwrap(), b, "{s}");
        }
        assert!("7%".parse::<Band>().is_err());
        assert_eq!(Band::From10To15.to_string(), "10-15%");
        assert!(Band::Under5 < Band::Over20);
    }

    #[test]
    fn estimate_is_on_demand_times_one_minus_saving() {
        // m5.large in eu-west-1: 0.107 on demand, advisor saving 57% -> 0.04601.
        assert_eq!(spot_estimate(0.107, 57), 0.04601);
        assert_eq!(spot_estimate(0.096, 0), 0.096);
    }

    #[test]
    fn unknown_regions_suggest_names() {
        let c = Catalog::embedded().unwrap();
        assert!(c.check_region("eu-west-1").is_ok());
        let e = c.check_region("eu-wset-1").unwrap_err();
        assert_eq!(e.suggestions, ["eu-west-1"]);
        let e = c.check_region("mars-1").unwrap_err().to_string();
        assert!(e.starts_with("unknown region 'mars-1'"), "{e}");
    }
}

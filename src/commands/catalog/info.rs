//! `kplan catalog info`: which catalog is in use, how big, how old, and its sources.

use crate::catalog::{Catalog, PriceOrigin, Source};
use crate::cli::GlobalArgs;
use crate::output;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Arguments of `kplan catalog info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// `--output` of `kplan catalog info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `kplan catalog info -o json` (schema_version 1).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct InfoJson {
    pub schema_version: u32,
    pub kind: String,
    /// The file path, or `embedded`.
    pub file: String,
    pub format_version: u32,
    pub origin: String,
    pub generated: String,
    pub instance_types: usize,
    pub families: usize,
    /// Types with an on-demand price, per region.
    pub on_demand_prices: BTreeMap<String, usize>,
    /// Types with a spot price, per region.
    pub spot_prices: BTreeMap<String, usize>,
    /// Per region: offered types, how many of them are priced, and the price sources.
    #[serde(default)]
    pub regions: Vec<RegionJson>,
    pub sources: Vec<Source>,
    pub decisions: Vec<String>,
}

/// Price coverage of one region.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct RegionJson {
    pub region: String,
    /// Types offered in the region.
    pub offered: usize,
    /// Offered types with an on-demand price (the others are no `fit` candidates there).
    pub priced: usize,
    /// Types with a spot price: observed, or estimated from the Spot Instance Advisor.
    pub spot_priced: usize,
    /// The on-demand sources in precedence order, with their dates and counts.
    pub on_demand_sources: Vec<PriceOrigin>,
    pub spot_sources: Vec<PriceOrigin>,
}

/// Summarizes a catalog.
pub fn summarize(catalog: &Catalog, file: String) -> InfoJson {
    let mut families: Vec<&str> = catalog.types.iter().map(|t| t.family.as_str()).collect();
    families.sort_unstable();
    families.dedup();
    let mut od = BTreeMap::new();
    let mut spot = BTreeMap::new();
    for t in &catalog.types {
        for r in t.on_demand.keys() {
            *od.entry(r.clone()).or_insert(0) += 1;
        }
        for r in t.spot_prices.keys() {
            *spot.entry(r.clone()).or_insert(0) += 1;
        }
    }
    InfoJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "catalog_info".into(),
        file,
        format_version: catalog.header.kplan_catalog,
        origin: catalog.header.origin.clone(),
        generated: catalog.header.generated.clone(),
        instance_types: catalog.types.len(),
        families: families.len(),
        on_demand_prices: od,
        spot_prices: spot,
        regions: catalog
            .coverage()
            .into_iter()
            .map(|(region, offered, priced)| {
                let p = catalog.region_prices(&region);
                RegionJson {
                    spot_priced: catalog
                        .types
                        .iter()
                        .filter(|t| t.spot_price(&region, 1).is_some())
                        .count(),
                    on_demand_sources: p.map(|p| p.on_demand.clone()).unwrap_or_default(),
                    spot_sources: p.map(|p| p.spot.clone()).unwrap_or_default(),
                    region,
                    offered,
                    priced,
                }
            })
            .collect(),
        sources: catalog.header.sources.clone(),
        decisions: catalog.header.decisions.clone(),
    }
}

/// A revision for a one-line summary: a git commit's first 12 hex digits, else the first word
/// (`moto-5.2.5-py3-none-any.whl sha256 ...` -> `moto-5.2.5-py3-none-any.whl`).
pub fn short_revision(r: &str) -> String {
    let first = r.split_whitespace().next().unwrap_or("");
    if first.len() == 40 && first.chars().all(|c| c.is_ascii_hexdigit()) {
        first[..12].to_string()
    } else {
        first.to_string()
    }
}

fn counts(m: &BTreeMap<String, usize>) -> String {
    if m.is_empty() {
        return "none".into();
    }
    m.iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `key: value` lines.
pub fn render_text(i: &InfoJson) -> String {
    let mut out = format!(
        "catalog:          {}\nformat version:   {}\norigin:           {}\ngenerated:        {}\ninstance types:   {} in {} families\non-demand prices: {}\nspot prices:      {}\n",
        i.file,
        i.format_version,
        i.origin,
        i.generated,
        i.instance_types,
        i.families,
        counts(&i.on_demand_prices),
        counts(&i.spot_prices),
    );
    for r in &i.regions {
        let src = |o: &[PriceOrigin]| {
            o.iter()
                .map(|o| format!("{} {} ({})", o.source, o.date, o.types))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "region:           {}: {} of {} offered types priced{}; spot {}{}\n",
            r.region,
            r.priced,
            r.offered,
            if r.on_demand_sources.is_empty() {
                String::new()
            } else {
                format!(" ({})", src(&r.on_demand_sources))
            },
            r.spot_priced,
            if r.spot_sources.is_empty() {
                String::new()
            } else {
                format!(" ({})", src(&r.spot_sources))
            },
        ));
    }
    if i.regions.iter().any(|r| r.priced < r.offered) {
        out.push_str("                  types offered but not priced are no fit candidates there; `kplan catalog update` fetches live prices\n");
    }
    for s in &i.sources {
        let rev = if s.revision.is_empty() {
            String::new()
        } else {
            format!(" @ {}", short_revision(&s.revision))
        };
        out.push_str(&format!(
            "source:           {} = {}{rev}, {} ({})\n",
            s.id, s.origin, s.date, s.fields
        ));
    }
    for d in &i.decisions {
        out.push_str(&format!("decision:         {d}\n"));
    }
    out
}

/// Runs `kplan catalog info`.
pub fn run(global: &GlobalArgs, args: InfoArgs) -> Result<u8> {
    let catalog = Catalog::from_option(global.catalog.as_deref())?;
    let file = global
        .catalog
        .as_ref()
        .map_or_else(|| "embedded".to_string(), |p| p.display().to_string());
    let info = summarize(&catalog, file);
    let text = match args.output {
        Format::Text => render_text(&info),
        Format::Json => output::json(&info),
    };
    output::emit(&text)?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_shortened_sensibly() {
        assert_eq!(
            short_revision("6152e01c83bb8f04fdc8690e99134ebe1445db29 (read at b52188387f2e)"),
            "6152e01c83bb"
        );
        assert_eq!(
            short_revision("moto-5.2.5-py3-none-any.whl sha256 eef62cdcf3bf"),
            "moto-5.2.5-py3-none-any.whl"
        );
        assert_eq!(
            short_revision("ec2-api-version-2016-11-15"),
            "ec2-api-version-2016-11-15"
        );
        assert_eq!(short_revision(""), "");
    }
}

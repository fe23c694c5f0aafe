//! `kplan fit`'s account prices and spot replacement sets: `--discount`, `--prices`,
//! `--cluster-fee`, the `$` mark of adjusted prices, the replacement set of each spot node
//! group and the plan's cost for those sets.

use super::fit::{FitArgs, GroupRow, HOURS_PER_MONTH, Outcome, group_rows};
use crate::catalog::Catalog;
use crate::catalog::adjust::{ClusterFee, parse_discount, parse_price_file};
use crate::fit::replacements::{MIN_TYPES, Need, ReplacementSet, TOLERANCE, replacement_set};
use crate::workload::{CapacityType, Workload};
use anyhow::{Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A node group's identity for its replacement set: type and pods per node.
pub type SetKey = (String, Vec<(String, u32)>);

/// The key of a row.
pub fn key(r: &GroupRow) -> SetKey {
    (
        r.instance_type.clone(),
        r.pods_per_node
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
    )
}

/// Checks that every price of the workload file's `prices:` names a known type and region
/// (errors name `file`), then applies `--discount` and `--prices` (errors name the flag or the
/// price file and its line).
pub fn apply(args: &FitArgs, w: &mut Workload, catalog: &Catalog, file: &str) -> Result<()> {
    for (t, r) in w.prices.own.keys() {
        if let Err(e) = catalog.lookup(t) {
            bail!("{file}: {} instance_type: {e}", w.prices.own_source);
        }
        if let Err(e) = catalog.check_region(r) {
            bail!("{file}: {} region: {e}", w.prices.own_source);
        }
    }
    if let Some(d) = &args.discount {
        w.prices.discount_pct = Some(parse_discount(d).map_err(|e| anyhow!("--discount: {e}"))?);
    }
    if let Some(path) = &args.prices {
        let name = path.display().to_string();
        let text = crate::input::read_text(path, crate::input::Origin::Named)
            .map_err(|e| anyhow!("cannot read price file {name}: {e}"))?;
        let rows = parse_price_file(&text).map_err(|e| anyhow!("{name}: {e}"))?;
        for r in rows {
            if let Err(e) = catalog.lookup(&r.instance_type) {
                bail!("{name}: line {}: instance_type: {e}", r.line);
            }
            if let Err(e) = catalog.check_region(&r.region) {
                bail!("{name}: line {}: region: {e}", r.line);
            }
            w.prices
                .own
                .insert((r.instance_type, r.region), r.usd_per_hour);
        }
        w.prices.own_source = name;
    }
    Ok(())
}

/// The replacement set of each spot node group of the plan.
pub fn spot_sets(o: &Outcome, catalog: &Catalog) -> BTreeMap<SetKey, ReplacementSet> {
    let mut out = BTreeMap::new();
    for r in group_rows(o) {
        if r.price_source.capacity_type() != CapacityType::Spot {
            continue;
        }
        let need = Need {
            instance_type: &r.instance_type,
            capacity: CapacityType::Spot,
            price: r.price_each,
            pods: &r.pods_per_node,
        };
        out.entry(key(&r))
            .or_insert_with(|| replacement_set(&o.workload, catalog, &need));
    }
    out
}

/// ` $` after a type whose price the account's prices changed.
pub fn mark(o: &Outcome, r: &GroupRow) -> &'static str {
    if explain(o, r).is_some() { "$" } else { "" }
}

/// What changed the row's price, if anything.
pub fn explain(o: &Outcome, r: &GroupRow) -> Option<String> {
    let spot = r.price_source.capacity_type() == CapacityType::Spot;
    o.workload
        .prices
        .explain(&r.instance_type, &o.workload.region, spot)
}

/// The plan's cost per hour with each spot group at the dearest (`max`) or mean price of its
/// set; `None` without spot groups.
pub fn set_costs(o: &Outcome) -> Option<(f64, f64)> {
    if o.spot_sets.is_empty() {
        return None;
    }
    let (mut max, mut mean) = (0.0, 0.0);
    for r in group_rows(o) {
        let n = f64::from(r.count);
        match o.spot_sets.get(&key(&r)) {
            Some(s) => {
                max += n * s.max();
                mean += n * s.mean();
            }
            None => {
                max += n * r.price_each;
                mean += n * r.price_each;
            }
        }
    }
    Some((max, mean))
}

/// Notes: adjusted prices, overlay conflicts, spot sets below 15 types, the cluster fee.
pub fn notes(o: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    let rows = group_rows(o);
    let adjusted: Vec<String> = rows
        .iter()
        .filter_map(|r| explain(o, r).map(|e| format!("{} ({e})", r.instance_type)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !adjusted.is_empty() {
        out.push(format!(
            "$: the account's price, not the list price: {}",
            adjusted.join(", ")
        ));
    }
    out.extend(o.workload.prices.conflicts());
    let (mut short, mut wide) = (Vec::new(), Vec::new());
    for r in &rows {
        let Some(s) = o.spot_sets.get(&key(r)) else {
            continue;
        };
        if !s.diverse() {
            short.push(format!("{} ({} types)", r.instance_type, s.types.len()));
        }
        if let Some(step) = s.widened() {
            wide.push(format!("{} (+{:.0}%)", r.instance_type, step * 100.0));
        }
    }
    for v in [&mut short, &mut wide] {
        v.sort();
        v.dedup();
    }
    if !short.is_empty() {
        out.push(format!(
            "spot groups below Karpenter's {MIN_TYPES} types for spot-to-spot consolidation (no more types hold their pods within the node constraints): {}",
            short.join(", ")
        ));
    }
    if !wide.is_empty() {
        out.push(format!(
            "spot sets reaching more than {:.0}% above their group's price to keep {MIN_TYPES} types (their dearest type): {}",
            TOLERANCE * 100.0,
            wide.join(", ")
        ));
    }
    out
}

/// Extra summary lines of the table: the spot sets' cost and the cluster fee.
pub fn summary_lines(o: &Outcome, money: fn(f64) -> String) -> Vec<(&'static str, String)> {
    let cur = o.model.currency;
    let mut out = Vec::new();
    if let Some((max, mean)) = set_costs(o) {
        let sizes: Vec<usize> = o.spot_sets.values().map(|s| s.types.len()).collect();
        let (lo, hi) = (
            sizes.iter().min().copied().unwrap_or(0),
            sizes.iter().max().copied().unwrap_or(0),
        );
        let range = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        };
        out.push((
            "spot sets:",
            format!(
                "{range} types per spot group (-o nodepool allows them); with the dearest type of each set {} {cur}/hour, with the mean {} {cur}/hour",
                money(max),
                money(mean)
            ),
        ));
    }
    if let Some(fee) = o.cluster_fee {
        let f = fee.usd_per_hour();
        out.push((
            "with EKS:",
            format!(
                "{} {cur}/hour, {} {cur}/month: the plan plus the EKS cluster fee {f:.2} USD/hour ({})",
                money(o.plan.cost + f),
                money((o.plan.cost + f) * HOURS_PER_MONTH),
                fee.as_str()
            ),
        ));
    }
    out
}

/// `spot_sets` in `kplan fit -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct SpotSetsJson {
    /// The plan's cost with every spot group at the dearest type of its set.
    pub usd_per_hour_max: f64,
    /// The plan's cost with every spot group at the mean price of its set.
    pub usd_per_hour_mean: f64,
    /// Sets whose dearest type is more than this share above their group's price are named in
    /// the notes (0.25: 25%).
    pub tolerance: f64,
    pub min_types: usize,
}

/// `cluster_fee` in `kplan fit -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ClusterFeeJson {
    pub support: String,
    pub usd_per_hour: f64,
    /// The plan plus the fee.
    pub total_usd_per_hour: f64,
}

pub fn spot_sets_json(o: &Outcome) -> Option<SpotSetsJson> {
    set_costs(o).map(|(max, mean)| SpotSetsJson {
        usd_per_hour_max: (max * 1e6).round() / 1e6,
        usd_per_hour_mean: (mean * 1e6).round() / 1e6,
        tolerance: TOLERANCE,
        min_types: MIN_TYPES,
    })
}

pub fn cluster_fee_json(o: &Outcome) -> Option<ClusterFeeJson> {
    o.cluster_fee.map(|f: ClusterFee| ClusterFeeJson {
        support: f.as_str().split(' ').next().unwrap_or_default().into(),
        usd_per_hour: f.usd_per_hour(),
        total_usd_per_hour: ((o.plan.cost + f.usd_per_hour()) * 1e6).round() / 1e6,
    })
}

/// The replacement types of a row (empty for on-demand rows).
pub fn replacement_types(o: &Outcome, r: &GroupRow) -> Vec<String> {
    o.spot_sets
        .get(&key(r))
        .map(|s| s.types.iter().map(|t| t.0.clone()).collect())
        .unwrap_or_default()
}

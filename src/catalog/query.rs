//! Catalog queries for `kplan catalog list`: filters in the spirit of ec2-instance-selector and
//! sort orders. Pure: no printing, no I/O; pod figures come from [`crate::pods::node_pods`].

use super::{Band, InstanceType, SpotSource, glob_match};
use crate::pods::{CniSettings, KubeletSettings, NodePods, node_pods};
use std::fmt;
use std::str::FromStr;

/// An inclusive range `MIN[:MAX]`; `:MAX` has no minimum, `MIN:` no maximum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range<T> {
    pub min: Option<T>,
    pub max: Option<T>,
}

impl<T: PartialOrd + Copy> Range<T> {
    /// True when `v` is inside the range.
    pub fn contains(&self, v: T) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// True when `v` is known and inside the range (an unknown value never matches).
    pub fn contains_opt(&self, v: Option<T>) -> bool {
        v.is_some_and(|v| self.contains(v))
    }
}

/// Parses `MIN[:MAX]` with `one` parsing each bound.
pub fn parse_range<T: PartialOrd + Copy + fmt::Display>(
    s: &str,
    one: impl Fn(&str) -> Result<T, String>,
) -> Result<Range<T>, String> {
    let t = s.trim();
    let (lo, hi) = match t.split_once(':') {
        Some((lo, hi)) => (lo.trim(), Some(hi.trim())),
        None => (t, None),
    };
    let min = if lo.is_empty() { None } else { Some(one(lo)?) };
    let max = match hi {
        None | Some("") => None,
        Some(h) => Some(one(h)?),
    };
    if min.is_none() && max.is_none() {
        return Err(format!("'{s}' is not a range like MIN, MIN:MAX or :MAX"));
    }
    if let (Some(a), Some(b)) = (min, max)
        && a > b
    {
        return Err(format!("'{s}': the minimum {a} is above the maximum {b}"));
    }
    Ok(Range { min, max })
}

/// `--vcpus` / `--gpus`: a range of counts.
pub fn parse_count_range(s: &str) -> Result<Range<u32>, String> {
    parse_range(s, |v| {
        v.parse::<u32>()
            .map_err(|_| format!("'{v}' is not a whole number"))
    })
}

/// `--memory` / `--memory-per-vcpu`: a range of sizes in MiB (`4Gi`, `512Mi`, `8` = 8 GiB).
pub fn parse_memory_range(s: &str) -> Result<Range<u64>, String> {
    parse_range(s, crate::units::parse_memory_mib)
}

/// `--max-price`: a non-negative price per hour.
pub fn parse_price(s: &str) -> Result<f64, String> {
    match s.trim().trim_start_matches('$').parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("'{s}' is not a price per hour like 0.25")),
    }
}

/// Everything `kplan catalog list` can filter on. `None` / empty = no filter.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub vcpus: Option<Range<u32>>,
    pub memory_mib: Option<Range<u64>>,
    pub memory_mib_per_vcpu: Option<Range<u64>>,
    /// Any of these architectures (`amd64`, `arm64`).
    pub arch: Vec<String>,
    /// Families, globs allowed (`m6i`, `c7*`).
    pub family: Vec<String>,
    /// Categories (`m`, `c`, `r`, ...).
    pub category: Vec<String>,
    pub min_generation: Option<u32>,
    /// GPU count range (`0` = none, `1:` = at least one).
    pub gpus: Option<Range<u32>>,
    pub current_generation: bool,
    /// `Some(true)` only burstable, `Some(false)` none of them.
    pub burstable: Option<bool>,
    /// `Some(true)` only bare metal, `Some(false)` none.
    pub bare_metal: Option<bool>,
    /// Only spot-capable types.
    pub spot: bool,
    /// Only types offered in this region.
    pub offered_in: Option<String>,
    /// At most this on-demand price in [`Query::price_region`]; unknown prices do not match.
    pub max_price: Option<f64>,
    /// Spot interruption band in [`Query::price_region`] at most this; unknown does not match.
    pub max_interruption: Option<Band>,
    /// Type-name globs to keep (any of them); empty = all.
    pub allow: Vec<String>,
    /// Type-name globs to drop.
    pub deny: Vec<String>,
}

/// `--sort` of `kplan catalog list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Family, then size (vCPUs, memory).
    Name,
    /// Cheapest on-demand first (unknown prices last).
    Price,
    /// Cheapest spot first (observed, else estimated; unknown prices last).
    SpotPrice,
    /// Lowest spot interruption band first (unknown last).
    Interruption,
    /// Fewest vCPUs first.
    Vcpus,
    /// Least memory first.
    Memory,
    /// Least memory per vCPU first.
    MemoryPerVcpu,
    /// Most pods (what the kubelet runs with) first.
    MaxPods,
    /// Cheapest per vCPU first.
    PricePerVcpu,
    /// Cheapest per pod slot first.
    PricePerPod,
    /// Newest generation first.
    Generation,
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use clap::ValueEnum;
        let v = self.to_possible_value().expect("no skipped variants");
        f.write_str(v.get_name())
    }
}

impl FromStr for SortKey {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <SortKey as clap::ValueEnum>::from_str(s, true)
    }
}

/// A full query: filters, the settings pod figures are computed with, the price region, order.
#[derive(Debug, Clone)]
pub struct Query {
    pub filters: Filters,
    pub cni: CniSettings,
    pub kubelet: KubeletSettings,
    /// Region of the price columns and of `--max-price`.
    pub price_region: String,
    pub sort: SortKey,
    /// Reverse the order.
    pub reverse: bool,
    pub limit: Option<usize>,
}

/// One result row: the type, its pod figures and its prices in the query's region.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub t: &'a InstanceType,
    pub pods: NodePods,
    pub price: Option<f64>,
    pub spot_price: Option<f64>,
    /// Where `spot_price` comes from.
    pub spot_source: Option<SpotSource>,
    /// The Spot Instance Advisor's interruption band in the region.
    pub interruption: Option<Band>,
}

impl Row<'_> {
    /// Memory per vCPU, MiB.
    pub fn memory_mib_per_vcpu(&self) -> Option<u64> {
        memory_per_vcpu(self.t)
    }

    /// On-demand price per vCPU-hour.
    pub fn price_per_vcpu(&self) -> Option<f64> {
        match (self.price, self.t.vcpus) {
            (Some(p), Some(v)) if v > 0 => Some(p / f64::from(v)),
            _ => None,
        }
    }

    /// On-demand price per pod slot (the pods the kubelet runs with).
    pub fn price_per_pod(&self) -> Option<f64> {
        match (self.price, self.pods.usable_pods) {
            (Some(p), Some(n)) if n > 0 => Some(p / f64::from(n)),
            _ => None,
        }
    }
}

fn memory_per_vcpu(t: &InstanceType) -> Option<u64> {
    match (t.memory_mib, t.vcpus) {
        (Some(m), Some(v)) if v > 0 => Some(m / u64::from(v)),
        _ => None,
    }
}

/// True when the type passes every filter (prices looked up in `price_region`).
pub fn matches(t: &InstanceType, f: &Filters, price_region: &str) -> bool {
    let any_glob = |globs: &[String], s: &str| globs.iter().any(|g| glob_match(g, s));
    f.vcpus.is_none_or(|r| r.contains_opt(t.vcpus))
        && f.memory_mib.is_none_or(|r| r.contains_opt(t.memory_mib))
        && f.memory_mib_per_vcpu
            .is_none_or(|r| r.contains_opt(memory_per_vcpu(t)))
        && (f.arch.is_empty() || f.arch.iter().any(|a| t.architectures.contains(a)))
        && (f.family.is_empty() || any_glob(&f.family, &t.family))
        && (f.category.is_empty()
            || f.category
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&t.category)))
        && f.min_generation
            .is_none_or(|g| t.generation.is_some_and(|x| x >= g))
        && f.gpus
            .is_none_or(|r| r.contains(t.gpu.as_ref().map_or(0, |g| g.count)))
        && (!f.current_generation || t.current_generation == Some(true))
        && f.burstable.is_none_or(|b| t.burstable == Some(b))
        && f.bare_metal.is_none_or(|b| t.bare_metal == b)
        && (!f.spot || t.spot == Some(true))
        && f.offered_in
            .as_ref()
            .is_none_or(|r| t.regions.iter().any(|x| x == r))
        && f.max_price
            .is_none_or(|p| t.on_demand.get(price_region).is_some_and(|x| *x <= p))
        && f.max_interruption
            .is_none_or(|m| t.interruption(price_region).is_some_and(|b| b <= m))
        && (f.allow.is_empty() || any_glob(&f.allow, &t.name))
        && !any_glob(&f.deny, &t.name)
}

/// Filters, computes pod figures through [`node_pods`], sorts and truncates.
pub fn run_query<'a>(types: &'a [InstanceType], q: &Query) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = types
        .iter()
        .filter(|t| matches(t, &q.filters, &q.price_region))
        .map(|t| {
            let spot = t.spot_price(&q.price_region, 1);
            Row {
                t,
                pods: node_pods(t, &q.cni, &q.kubelet),
                price: t.on_demand_price(&q.price_region),
                spot_price: spot.map(|s| s.0),
                spot_source: spot.map(|s| s.1),
                interruption: t.interruption(&q.price_region),
            }
        })
        .collect();
    sort_rows(&mut rows, q.sort);
    if q.reverse {
        rows.reverse();
    }
    if let Some(n) = q.limit {
        rows.truncate(n);
    }
    rows
}

/// Family, vCPUs, memory, name: the natural order of a catalog listing.
fn natural(t: &InstanceType) -> (&str, u32, u64, &str) {
    (
        t.family.as_str(),
        t.vcpus.unwrap_or(0),
        t.memory_mib.unwrap_or(0),
        t.name.as_str(),
    )
}

/// Sorts rows; unknown values go last, ties in natural order.
pub fn sort_rows(rows: &mut [Row], key: SortKey) {
    fn by_f64(rows: &mut [Row], f: impl Fn(&Row) -> Option<f64>) {
        rows.sort_by(|a, b| {
            let (x, y) = (f(a).unwrap_or(f64::INFINITY), f(b).unwrap_or(f64::INFINITY));
            x.total_cmp(&y)
                .then_with(|| natural(a.t).cmp(&natural(b.t)))
        })
    }
    fn by_u64(rows: &mut [Row], f: impl Fn(&Row) -> Option<u64>) {
        rows.sort_by(|a, b| {
            let (x, y) = (f(a).unwrap_or(u64::MAX), f(b).unwrap_or(u64::MAX));
            x.cmp(&y).then_with(|| natural(a.t).cmp(&natural(b.t)))
        })
    }
    match key {
        SortKey::Name => rows.sort_by(|a, b| natural(a.t).cmp(&natural(b.t))),
        SortKey::Price => by_f64(rows, |r| r.price),
        SortKey::SpotPrice => by_f64(rows, |r| r.spot_price),
        SortKey::Vcpus => by_u64(rows, |r| r.t.vcpus.map(u64::from)),
        SortKey::Memory => by_u64(rows, |r| r.t.memory_mib),
        SortKey::MemoryPerVcpu => by_u64(rows, |r| r.memory_mib_per_vcpu()),
        // Most first: sort on the negated count; unknown last.
        SortKey::MaxPods => by_u64(rows, |r| {
            r.pods.usable_pods.map(|p| u64::from(u32::MAX - p))
        }),
        SortKey::PricePerVcpu => by_f64(rows, |r| r.price_per_vcpu()),
        SortKey::PricePerPod => by_f64(rows, |r| r.price_per_pod()),
        SortKey::Interruption => by_u64(rows, |r| r.interruption.map(|b| u64::from(b.index()))),
        SortKey::Generation => by_u64(rows, |r| r.t.generation.map(|g| u64::from(u32::MAX - g))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn ranges() {
        let r = parse_count_range("4:16").unwrap();
        assert!(r.contains(4) && r.contains(16) && !r.contains(3) && !r.contains(17));
        assert_eq!(
            parse_count_range("8").unwrap(),
            Range {
                min: Some(8),
                max: None
            }
        );
        assert_eq!(
            parse_count_range(":8").unwrap(),
            Range {
                min: None,
                max: Some(8)
            }
        );
        assert!(parse_count_range("16:4").unwrap_err().contains("above"));
        assert!(parse_count_range(":").is_err());
        assert!(parse_count_range("x").unwrap_err().contains("'x'"));
        let m = parse_memory_range("4Gi:16Gi").unwrap();
        assert_eq!((m.min, m.max), (Some(4096), Some(16384)));
        assert_eq!(parse_memory_range("512Mi").unwrap().min, Some(512));
        assert!(parse_memory_range("4Qi").is_err());
        assert!(!r.contains_opt(None));
    }

    #[test]
    fn embedded_m5_large_filters() {
        let c = Catalog::embedded().unwrap();
        let t = c.get("m5.large").unwrap();
        let yes = |f: Filters| assert!(matches(t, &f, "us-east-1"), "{f:?}");
        let no = |f: Filters| assert!(!matches(t, &f, "us-east-1"), "{f:?}");
        yes(Filters::default());
        yes(Filters {
            vcpus: Some(parse_count_range("2").unwrap()),
            memory_mib_per_vcpu: Some(parse_memory_range("4Gi:4Gi").unwrap()),
            family: vec!["m*".into()],
            gpus: Some(parse_count_range(":0").unwrap()),
            max_price: Some(0.096),
            burstable: Some(false),
            ..Filters::default()
        });
        no(Filters {
            max_price: Some(0.095),
            ..Filters::default()
        });
        no(Filters {
            arch: vec!["arm64".into()],
            ..Filters::default()
        });
        no(Filters {
            deny: vec!["m5.*".into()],
            ..Filters::default()
        });
        no(Filters {
            gpus: Some(parse_count_range("1").unwrap()),
            ..Filters::default()
        });
    }
}

//! What accounts really pay: a user's price file, a flat discount and Karpenter NodeOverlays
//! change the list prices a plan uses (shared/design/prices.md, "What accounts really pay").
//! Pure: the files are read by the command, the overlays by the manifest reader.
//!
//! Order, for one instance type and capacity type:
//! 1. the base price: on-demand from the price file where it has the type and region, else the
//!    catalog's; spot from the catalog (a market price, observed or estimated from the list
//!    on-demand price; a private on-demand rate does not move it);
//! 2. `--discount` / `discount:` (an EDP-style flat percentage off every price);
//! 3. the NodeOverlay that wins for the type (Karpenter's rules, aws/karpenter-provider-aws
//!    `website/content/en/docs/concepts/nodeoverlays.md`): higher `weight` first, equal weights
//!    in alphabetical order of name; `price` replaces the price, `priceAdjustment` adds an
//!    amount (`-0.50`) or a percentage (`-30%`); `price` and `priceAdjustment` are mutually
//!    exclusive. An overlay without either (capacity only) does not touch prices.

use std::collections::BTreeMap;
use std::fmt;

/// How a NodeOverlay changes a price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// `price: "5.00"`: the price, whatever it was.
    Price(f64),
    /// `priceAdjustment: "-0.50"`: plus this amount.
    Add(f64),
    /// `priceAdjustment: "-30%"`: plus this percentage of the price.
    Percent(f64),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Price(p) => write!(f, "price {p}"),
            Change::Add(a) => write!(f, "{a:+}"),
            Change::Percent(p) => write!(f, "{p:+}%"),
        }
    }
}

impl Change {
    /// The changed price, never below 0.
    pub fn apply(self, price: f64) -> f64 {
        let p = match self {
            Change::Price(p) => p,
            Change::Add(a) => price + a,
            Change::Percent(pct) => price * (1.0 + pct / 100.0),
        };
        p.max(0.0)
    }

    /// `spec.price`: a non-negative decimal.
    pub fn parse_price(s: &str) -> Result<Change, String> {
        match decimal(s.trim()) {
            Some(v) if v >= 0.0 && !s.trim().starts_with(['+', '-']) => Ok(Change::Price(v)),
            _ => Err(format!(
                "'{s}' is not a price (a decimal at least 0, like \"5.00\")"
            )),
        }
    }

    /// `spec.priceAdjustment`: `+10%`, `-10%`, `-0.50`, `+5`.
    pub fn parse_adjustment(s: &str) -> Result<Change, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "'{s}' is not a price adjustment (an amount like \"-0.50\" or a percentage like \"-10%\")"
            )
        };
        match t.strip_suffix('%') {
            Some(n) => match decimal(n) {
                Some(v) if v >= -100.0 => Ok(Change::Percent(v)),
                _ => Err(bad()),
            },
            None => decimal(t).map(Change::Add).ok_or_else(bad),
        }
    }
}

/// A plain decimal with an optional sign (no exponent, no `inf`/`nan`).
fn decimal(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let ok = !body.is_empty()
        && body.len() <= 32
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    ok.then(|| s.parse::<f64>().ok())
        .flatten()
        .filter(|v| v.is_finite())
}

/// A Karpenter NodeOverlay's price part, with the instance types its requirements select.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    pub name: String,
    pub weight: i64,
    /// The catalog types its requirements select (sorted).
    pub types: Vec<String>,
    /// Whether it applies to on-demand and to spot offerings (`karpenter.sh/capacity-type`).
    pub on_demand: bool,
    pub spot: bool,
    pub change: Change,
}

impl Overlay {
    fn applies(&self, instance_type: &str, spot: bool) -> bool {
        (if spot { self.spot } else { self.on_demand })
            && self
                .types
                .binary_search_by(|t| t.as_str().cmp(instance_type))
                .is_ok()
    }
}

/// Everything that turns list prices into the prices an account pays.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceAdjustments {
    /// The user's on-demand prices per hour: (instance type, region) -> price.
    pub own: BTreeMap<(String, String), f64>,
    /// Where the user's prices come from (a file name or `prices:`), for notes.
    pub own_source: String,
    /// A flat discount off every price, percent (0 to below 100).
    pub discount_pct: Option<f64>,
    /// NodeOverlays that set a price, in precedence order (see [`PriceAdjustments::sort`]).
    pub overlays: Vec<Overlay>,
}

impl PriceAdjustments {
    /// Whether anything changes a list price.
    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.discount_pct.is_none() && self.overlays.is_empty()
    }

    /// Puts the overlays in Karpenter's precedence order: weight descending, then name.
    pub fn sort(&mut self) {
        self.overlays
            .sort_by(|a, b| b.weight.cmp(&a.weight).then(a.name.cmp(&b.name)));
    }

    /// The on-demand price before discount and overlays: the user's, else the catalog's.
    pub fn on_demand(&self, instance_type: &str, region: &str, listed: Option<f64>) -> Option<f64> {
        self.own
            .get(&(instance_type.to_string(), region.to_string()))
            .copied()
            .or(listed)
    }

    /// The overlay whose price change applies to the type (the first in precedence order).
    pub fn overlay(&self, instance_type: &str, spot: bool) -> Option<&Overlay> {
        self.overlays
            .iter()
            .find(|o| o.applies(instance_type, spot))
    }

    /// The price paid: `base` (the price from [`PriceAdjustments::on_demand`], or the spot
    /// price) after the discount and the winning overlay.
    pub fn price(&self, instance_type: &str, spot: bool, base: f64) -> f64 {
        let mut p = base;
        if let Some(d) = self.discount_pct {
            p *= 1.0 - d / 100.0;
        }
        if let Some(o) = self.overlay(instance_type, spot) {
            p = o.change.apply(p);
        }
        (p * 1e6).round() / 1e6
    }

    /// What changed the price of the type, or `None` for a list price: `price file`, `discount
    /// 10%`, `NodeOverlay savings -30%`, joined by `, `.
    pub fn explain(&self, instance_type: &str, region: &str, spot: bool) -> Option<String> {
        let mut why = Vec::new();
        if !spot
            && self
                .own
                .contains_key(&(instance_type.to_string(), region.to_string()))
        {
            why.push(format!("price from {}", self.own_source));
        }
        if let Some(d) = self.discount_pct {
            why.push(format!("discount {d}%"));
        }
        if let Some(o) = self.overlay(instance_type, spot) {
            why.push(format!("NodeOverlay {} {}", o.name, o.change));
        }
        (!why.is_empty()).then(|| why.join(", "))
    }

    /// Equal-weight overlays that both set the price of one type: Karpenter reports such a
    /// conflict in the overlay's status; kplan applies the first by name and says so. One pass
    /// over the types the overlays select (the overlays are in precedence order).
    pub fn conflicts(&self) -> Vec<String> {
        // Per type and capacity type (false: on-demand), the first two overlays that apply.
        let mut first: BTreeMap<(&str, bool), (usize, Option<usize>)> = BTreeMap::new();
        for (i, o) in self.overlays.iter().enumerate() {
            for t in &o.types {
                for spot in [false, true] {
                    if (spot && !o.spot) || (!spot && !o.on_demand) {
                        continue;
                    }
                    first
                        .entry((t.as_str(), spot))
                        .and_modify(|e| {
                            e.1.get_or_insert(i);
                        })
                        .or_insert((i, None));
                }
            }
        }
        // (winner, loser) -> one type they share.
        let mut pairs: BTreeMap<(usize, usize), &str> = BTreeMap::new();
        for ((t, _), (a, b)) in first {
            if let Some(b) = b
                && self.overlays[a].weight == self.overlays[b].weight
            {
                pairs.entry((a, b)).or_insert(t);
            }
        }
        pairs
            .into_iter()
            .map(|((a, b), t)| {
                let (a, b) = (&self.overlays[a], &self.overlays[b]);
                format!(
                    "NodeOverlays {} and {} have the same weight {} and both price {t} (and maybe more): {} wins, first by name",
                    a.name, b.name, a.weight, a.name
                )
            })
            .collect()
    }
}

/// `--discount` / `discount:`: `12`, `12%` or `12.5%`, from 0 to below 100.
pub fn parse_discount(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let n = t.strip_suffix('%').unwrap_or(t);
    match decimal(n.trim()) {
        Some(v) if (0.0..100.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a discount: a percentage from 0 to below 100, like 12%"
        )),
    }
}

/// One row of a price file.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    pub instance_type: String,
    pub region: String,
    pub usd_per_hour: f64,
    /// 1-based line number.
    pub line: usize,
}

/// A price (per hour) above 0: `0.0832`.
pub fn parse_usd(s: &str) -> Result<f64, String> {
    match decimal(s.trim()) {
        Some(v) if v > 0.0 && !s.trim().starts_with(['+', '-']) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a price: a decimal number of USD per hour above 0, like 0.0832"
        )),
    }
}

/// A price file: the header `instance_type,region,usd_per_hour`, then one row per type and
/// region; blank lines and `#` comments are skipped. Errors: `line N: field: problem`.
pub fn parse_price_file(text: &str) -> Result<Vec<PriceRow>, String> {
    const HEADER: &str = "instance_type,region,usd_per_hour";
    let mut rows: Vec<PriceRow> = Vec::new();
    let mut header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let n = i + 1;
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        if !header {
            if cells.join(",") != HEADER {
                return Err(format!(
                    "line {n}: the header must be '{HEADER}', not '{}'",
                    crate::sanitize::message(&line.chars().take(80).collect::<String>())
                ));
            }
            header = true;
            continue;
        }
        let [t, r, p] = cells.as_slice() else {
            return Err(format!(
                "line {n}: {} cells, expected 3 ({HEADER})",
                cells.len()
            ));
        };
        if t.is_empty() {
            return Err(format!("line {n}: instance_type: empty"));
        }
        if r.is_empty() {
            return Err(format!("line {n}: region: empty"));
        }
        let usd = parse_usd(p).map_err(|e| format!("line {n}: usd_per_hour: {e}"))?;
        if let Some(d) = rows
            .iter()
            .find(|x| x.instance_type == *t && x.region == *r)
        {
            return Err(format!(
                "line {n}: {t} in {r} is priced twice (first on line {})",
                d.line
            ));
        }
        rows.push(PriceRow {
            instance_type: t.to_string(),
            region: r.to_string(),
            usd_per_hour: usd,
            line: n,
        });
    }
    if !header {
        return Err(format!("empty: expected the header '{HEADER}'"));
    }
    Ok(rows)
}

/// The EKS cluster fee per hour: 0.10 USD under standard support, 0.60 under extended support
/// (AWS Containers blog, "Amazon EKS extended support for Kubernetes versions pricing";
/// shared/design/prices.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterFee {
    Standard,
    Extended,
}

impl ClusterFee {
    pub fn usd_per_hour(self) -> f64 {
        match self {
            ClusterFee::Standard => 0.10,
            ClusterFee::Extended => 0.60,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ClusterFee::Standard => "standard support",
            ClusterFee::Extended => "extended support",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlay(name: &str, weight: i64, types: &[&str], change: Change) -> Overlay {
        Overlay {
            name: name.into(),
            weight,
            types: types.iter().map(|s| s.to_string()).collect(),
            on_demand: true,
            spot: true,
            change,
        }
    }

    #[test]
    fn changes_parse_like_karpenter_writes_them() {
        assert_eq!(Change::parse_price("5.00"), Ok(Change::Price(5.0)));
        assert!(Change::parse_price("-1").is_err());
        assert!(Change::parse_price("five").is_err());
        assert_eq!(Change::parse_adjustment("+10%"), Ok(Change::Percent(10.0)));
        assert_eq!(Change::parse_adjustment("-30%"), Ok(Change::Percent(-30.0)));
        assert_eq!(Change::parse_adjustment("-0.50"), Ok(Change::Add(-0.5)));
        for bad in ["", "%", "10%%", "1e3", "nan", "-101%", "ten"] {
            assert!(Change::parse_adjustment(bad).is_err(), "{bad}");
        }
        // m6i.large at 0.096: -30% -> 0.0672; -0.50 floors at 0.
        assert!((Change::Percent(-30.0).apply(0.096) - 0.0672).abs() < 1e-12);
        assert_eq!(Change::Add(-0.5).apply(0.096), 0.0);
    }

    #[test]
    fn higher_weight_wins_then_name() {
        let mut a = PriceAdjustments {
            overlays: vec![
                overlay("b-low", 5, &["m5.large"], Change::Percent(-10.0)),
                overlay("z-high", 10, &["m5.large"], Change::Percent(-20.0)),
                overlay(
                    "a-high",
                    10,
                    &["m5.large", "m5.xlarge"],
                    Change::Price(0.05),
                ),
            ],
            ..Default::default()
        };
        a.sort();
        // Weight 10 beats 5; between the two of weight 10, a-high comes first by name.
        assert_eq!(a.overlay("m5.large", false).unwrap().name, "a-high");
        assert_eq!(a.price("m5.large", false, 0.096), 0.05);
        assert_eq!(a.conflicts().len(), 1);
        a.overlays.retain(|o| o.name != "a-high");
        assert_eq!(a.price("m5.large", false, 0.1), 0.08);
        assert_eq!(a.overlay("m5.xlarge", false), None);
    }

    #[test]
    fn discount_then_overlay() {
        let a = PriceAdjustments {
            discount_pct: Some(10.0),
            overlays: vec![overlay("sp", 0, &["c6i.large"], Change::Percent(-30.0))],
            ..Default::default()
        };
        // 0.085 x 0.9 x 0.7 = 0.05355.
        assert_eq!(a.price("c6i.large", false, 0.085), 0.05355);
        assert_eq!(
            a.explain("c6i.large", "us-east-1", false).as_deref(),
            Some("discount 10%, NodeOverlay sp -30%")
        );
        assert_eq!(parse_discount("12.5%"), Ok(12.5));
        assert!(parse_discount("120%").is_err());
        assert!(parse_discount("100").is_err());
        assert!(parse_discount("-5%").is_err());
    }

    #[test]
    fn price_files() {
        let rows = parse_price_file(
            "# ours\ninstance_type,region,usd_per_hour\nm5.large,eu-west-1,0.08\n\nc5.large, eu-west-1 ,0.07\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].region, "eu-west-1");
        assert_eq!(rows[1].line, 5);
        let e = parse_price_file("instance_type,region,usd_per_hour\nm5.large,eu-west-1,-0.1\n")
            .unwrap_err();
        assert!(
            e.starts_with("line 2: usd_per_hour: '-0.1' is not a price"),
            "{e}"
        );
        let e = parse_price_file("instance_type,region,usd_per_hour\nm5.large,eu-west-1,abc\n")
            .unwrap_err();
        assert!(e.starts_with("line 2: usd_per_hour: 'abc'"), "{e}");
        assert!(parse_price_file("type,price\n").is_err());
        assert!(parse_price_file("").is_err());
        assert!(parse_price_file("instance_type,region,usd_per_hour\nm5.large,x\n").is_err());
    }
}

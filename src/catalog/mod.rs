//! The EC2 instance-type catalog: the embedded one, or a file written by `kplan catalog update`.

pub mod adjust;
pub mod generate;
pub mod model;
pub mod prices;
pub mod query;
pub mod refresh;
mod select;

pub use adjust::PriceAdjustments;
pub use model::{
    Advisor, Band, EbsLimit, FORMAT_VERSION, Gpu, Header, InstanceType, PriceOrigin, RegionPrices,
    Source, ZonePrice, currency,
};
pub use prices::{SpotSource, UnknownRegion};
pub use select::{UnknownType, glob_match, suggest};

use anyhow::{Context, Result, bail};
use std::path::Path;

/// The catalog compiled into the binary (`data/catalog.jsonl`).
pub const EMBEDDED: &str = include_str!("../../data/catalog.jsonl");

/// A loaded catalog: provenance header and the instance types, sorted by name.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub header: Header,
    pub types: Vec<InstanceType>,
}

impl Catalog {
    /// The embedded catalog.
    pub fn embedded() -> Result<Catalog> {
        Catalog::parse(EMBEDDED).context("the embedded catalog is corrupt (a build defect)")
    }

    /// Reads a catalog file; errors name the file and the line.
    pub fn load(path: &Path) -> Result<Catalog> {
        let text = crate::input::read_text(path, crate::input::Origin::Named)
            .with_context(|| format!("cannot read catalog file {}", path.display()))?;
        Catalog::parse(&text)
            .with_context(|| format!("catalog file {} is not usable", path.display()))
    }

    /// The catalog named by `--catalog` / `KPLAN_CATALOG`, or the embedded one.
    pub fn from_option(path: Option<&Path>) -> Result<Catalog> {
        match path {
            Some(p) => Catalog::load(p),
            None => Catalog::embedded(),
        }
    }

    /// Parses the JSON Lines format: a header line, then one instance type per line.
    pub fn parse(text: &str) -> Result<Catalog> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, first)) = lines.next() else {
            bail!("the file is empty")
        };
        let probe: serde_json::Value =
            serde_json::from_str(first).context("line 1: not a JSON object")?;
        match probe.get("kplan_catalog").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            Some(v) => bail!(
                "format version {v} is not supported (this kplan reads version {FORMAT_VERSION})"
            ),
            None => bail!("line 1 is not a kplan catalog header (no \"kplan_catalog\" field)"),
        }
        let header: Header = serde_json::from_value(probe).context("line 1: bad header")?;
        let mut types: Vec<InstanceType> = Vec::with_capacity(1500);
        for (i, line) in lines {
            let t: InstanceType = serde_json::from_str(line).map_err(|e| {
                anyhow::anyhow!(
                    "line {}{}: not a valid instance-type record: {e}",
                    i + 1,
                    select::record_context(line, e.column())
                )
            })?;
            if let Some(prev) = types.last()
                && prev.name >= t.name
            {
                bail!(
                    "line {}: {} is out of order or repeated (after {})",
                    i + 1,
                    t.name,
                    prev.name
                );
            }
            types.push(t);
        }
        if types.is_empty() {
            bail!("the file has a header but no instance types");
        }
        Ok(Catalog { header, types })
    }

    /// The embedded catalog, reduced to the records whose names match `patterns` (names or
    /// globs, as in [`Catalog::select`]): only those records are parsed, which makes
    /// `kplan pods m5.large` fast. When a pattern matches nothing, the whole catalog is parsed
    /// so that [`Catalog::select`] can name the closest matches.
    pub fn embedded_matching(patterns: &[String]) -> Result<Catalog> {
        Catalog::parse_matching(EMBEDDED, patterns)
            .context("the embedded catalog is corrupt (a build defect)")
    }

    /// [`Catalog::parse`], keeping only the records whose names match one of `patterns`; the
    /// whole catalog when a pattern matches nothing or a record does not start with its name.
    pub fn parse_matching(text: &str, patterns: &[String]) -> Result<Catalog> {
        let pats: Vec<(&str, bool)> = patterns
            .iter()
            .map(|p| {
                let p = p.trim();
                (p, p.contains(['*', '?', '[']))
            })
            .collect();
        if pats.is_empty() || pats.iter().any(|(p, _)| *p == "*") {
            return Catalog::parse(text);
        }
        let mut hit = vec![false; pats.len()];
        let mut kept = String::with_capacity(4096);
        for (i, line) in text.lines().enumerate() {
            if i == 0 || line.trim().is_empty() {
                kept.push_str(line);
                kept.push('\n');
                continue;
            }
            // Records written by kplan start with their name: {"name":"m5.large",...
            let Some(name) = line
                .strip_prefix("{\"name\":\"")
                .and_then(|rest| rest.split_once('"'))
                .map(|(name, _)| name)
            else {
                return Catalog::parse(text);
            };
            let mut keep = false;
            for ((p, glob), h) in pats.iter().zip(hit.iter_mut()) {
                if if *glob {
                    glob_match(p, name)
                } else {
                    *p == name
                } {
                    *h = true;
                    keep = true;
                }
            }
            if keep {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        if hit.iter().all(|h| *h) {
            Catalog::parse(&kept)
        } else {
            Catalog::parse(text)
        }
    }

    /// Serializes to the JSON Lines format (sorted, one record a line, trailing newline).
    pub fn to_jsonl(&self) -> String {
        let mut out = serde_json::to_string(&self.header).expect("header serializes");
        out.push('\n');
        for t in &self.types {
            out.push_str(&serde_json::to_string(t).expect("record serializes"));
            out.push('\n');
        }
        out
    }

    /// The type with exactly this name.
    pub fn get(&self, name: &str) -> Option<&InstanceType> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }

    /// The type with this name, or an error that suggests the nearest names.
    pub fn lookup(&self, name: &str) -> std::result::Result<&InstanceType, UnknownType> {
        self.get(name).ok_or_else(|| UnknownType {
            name: name.to_string(),
            suggestions: suggest(name, self.types.iter().map(|t| t.name.as_str())),
        })
    }

    /// Types matching any of the names or globs, in catalog order, each once.
    /// A plain name that is unknown, or a glob that matches nothing, is an error.
    pub fn select(&self, patterns: &[String]) -> Result<Vec<&InstanceType>> {
        let mut picked = vec![false; self.types.len()];
        for p in patterns {
            let p = p.trim();
            if p.contains(['*', '?', '[']) {
                let mut any = false;
                for (i, t) in self.types.iter().enumerate() {
                    if glob_match(p, &t.name) {
                        picked[i] = true;
                        any = true;
                    }
                }
                if !any {
                    bail!("no instance type matches the pattern '{p}'");
                }
            } else {
                let t = self.lookup(p)?;
                let i = self
                    .types
                    .iter()
                    .position(|x| x.name == t.name)
                    .expect("found above");
                picked[i] = true;
            }
        }
        Ok(self
            .types
            .iter()
            .zip(picked)
            .filter(|(_, k)| *k)
            .map(|(t, _)| t)
            .collect())
    }
}

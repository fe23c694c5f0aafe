//! `kplan catalog update`: refresh the catalog from the live EC2 API, write it atomically, and
//! print what changed.

use crate::cli::GlobalArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `kplan catalog update`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes to --out, or by default to $XDG_DATA_HOME/kplan/catalog.jsonl \
(~/.local/share/kplan/catalog.jsonl; %LOCALAPPDATA%\\kplan\\catalog.jsonl on Windows). \
Use the file with --catalog FILE or KPLAN_CATALOG=FILE.\n\n\
Credentials: the standard AWS chain (environment, ~/.aws profiles, SSO, credential_process, \
instance and pod roles). IAM permissions: ec2:DescribeInstanceTypes, \
ec2:DescribeInstanceTypeOfferings, ec2:DescribeSpotPriceHistory, pricing:GetProducts.\n\n\
Examples:\n  kplan catalog update --region eu-west-1\n  \
kplan catalog update --profile prod --region us-west-2 --out ./catalog.jsonl\n  \
kplan catalog update --endpoint-url http://127.0.0.1:5000 --region us-east-1 --out /tmp/c.jsonl"
)]
pub struct UpdateArgs {
    /// AWS profile (from ~/.aws/config); default: AWS_PROFILE or `default`.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region to query (availability, spot and on-demand prices); default: AWS_REGION or the
    /// profile's region.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Custom endpoint for the EC2 and Pricing calls (private endpoints, or a local test server
    /// such as moto; add --no-pricing if it has no Pricing API).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Where to write the catalog (default: the per-user location below).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also query per-zone offerings: report the types not offered in every zone, and the zones
    /// of each new type.
    #[arg(long)]
    pub zones: bool,
    /// Do not call the Pricing API; keep the base catalog's on-demand prices.
    #[arg(long)]
    pub no_pricing: bool,
    /// Show what would change without writing the file.
    #[arg(long)]
    pub dry_run: bool,
    /// Show at most N lines per kind of change in the diff.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub max_changes: usize,
}

/// The per-user catalog location: `$XDG_DATA_HOME/kplan/catalog.jsonl`, else
/// `~/.local/share/kplan/catalog.jsonl` (`%LOCALAPPDATA%\kplan\catalog.jsonl` on Windows).
pub fn default_out_path() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        env("LOCALAPPDATA")
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
    };
    base.map(|b| b.join("kplan").join("catalog.jsonl"))
}

/// Writes `text` to `path` atomically: a temp file in the same directory, flushed to disk, then
/// renamed over the target. An interrupted or failed write leaves the old file as it was.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let name = path.file_name().map_or_else(
        || "catalog.jsonl".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write the catalog file {}", path.display()));
    }
    Ok(())
}

/// Now as RFC 3339 UTC, seconds precision (`2026-11-21T06:00:00Z`).
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Seconds since the Unix epoch as RFC 3339 UTC (civil-from-days, H. Hinnant's algorithm).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Runs `kplan catalog update`.
#[cfg(not(feature = "aws"))]
pub fn run(_global: &GlobalArgs, _args: UpdateArgs) -> Result<u8> {
    anyhow::bail!(
        "this kplan was built without AWS support (cargo feature `aws`); rebuild with default features: cargo install --path ."
    )
}

/// Runs `kplan catalog update`.
#[cfg(feature = "aws")]
pub fn run(global: &GlobalArgs, args: UpdateArgs) -> Result<u8> {
    use crate::catalog::Catalog;
    use crate::catalog::refresh::{diff, merge, render_diff};
    use crate::output;
    use std::io::IsTerminal;
    let out_path = match &args.out {
        Some(p) => p.clone(),
        None => default_out_path().context(
            "no per-user data directory (HOME / XDG_DATA_HOME / LOCALAPPDATA unset): pass --out FILE",
        )?,
    };
    let base = Catalog::from_option(global.catalog.as_deref())?;
    let target = crate::aws::Target {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        zones: args.zones,
        no_pricing: args.no_pricing,
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut progress = |op: &str, pages: usize, items: usize| {
        if show_progress {
            eprint!("\r\x1b[K{op}: page {pages}, {items} records");
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let fetched = runtime.block_on(async {
        let aws = crate::aws::Aws::load(&target).await?;
        crate::aws::fetch(&aws, &target, &mut progress).await
    });
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let fetched = fetched?;
    if fetched.types.is_empty() {
        anyhow::bail!(
            "ec2:DescribeInstanceTypes returned no instance types in {}; nothing written",
            fetched.region
        );
    }
    let new = merge(&base, &fetched);
    let text = new.to_jsonl();
    // What we write must be what we can read.
    Catalog::parse(&text).context("the refreshed catalog does not parse (a kplan defect)")?;

    let (old, old_label) = match Catalog::load(&out_path) {
        Ok(c) => (c, out_path.display().to_string()),
        Err(_) => (
            base.clone(),
            global
                .catalog
                .as_ref()
                .map_or("the embedded catalog".to_string(), |p| {
                    p.display().to_string()
                }),
        ),
    };
    let d = diff(&old, &new, &fetched.region);
    if !args.dry_run {
        write_atomic(&out_path, &text)?;
    }

    let region = &fetched.region;
    let known_branch = new.types.iter().filter(|t| t.branch_enis.is_some()).count();
    let mut s = String::new();
    s.push_str(&format!(
        "{} {} ({} instance types from {}, {})\n",
        if args.dry_run { "would write" } else { "wrote" },
        out_path.display(),
        new.types.len(),
        if fetched.endpoint.is_empty() {
            format!("the EC2 API in {region}")
        } else {
            format!("{} (region {region})", fetched.endpoint)
        },
        new.header.generated
    ));
    s.push_str(&format!(
        "offered in {region}: {} types\n",
        fetched.offered.len()
    ));
    match &fetched.on_demand {
        Ok(p) => s.push_str(&format!(
            "on-demand prices: {} types from the Pricing API for {region}\n",
            p.len()
        )),
        Err(why) => s.push_str(&format!(
            "on-demand prices: kept from the base catalog ({why})\n"
        )),
    }
    s.push_str(&format!(
        "spot prices: {} types in {region} (Linux/UNIX, lowest zone)\n",
        fetched.spot.len()
    ));
    s.push_str(&format!(
        "branch ENIs: known for {known_branch} types, unknown for {} (not in the EC2 API)\n",
        new.types.len() - known_branch
    ));
    if args.zones {
        let all: std::collections::BTreeSet<&String> = fetched.zones.values().flatten().collect();
        let partial: Vec<String> = fetched
            .zones
            .iter()
            .filter(|(_, z)| z.len() < all.len())
            .map(|(t, z)| format!("{t} ({})", z.len()))
            .collect();
        s.push_str(&format!(
            "zones: {} in {region}; {} types in every zone, {} in fewer{}\n",
            all.len(),
            fetched.zones.len() - partial.len(),
            partial.len(),
            if partial.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}{}",
                    partial
                        .iter()
                        .take(5)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                    if partial.len() > 5 { ", ..." } else { "" }
                )
            }
        ));
        for name in &d.added {
            if let Some(z) = fetched.zones.get(name) {
                let z: Vec<&str> = z.iter().map(String::as_str).collect();
                s.push_str(&format!("zones: new type {name} in {}\n", z.join(", ")));
            }
        }
    }
    s.push_str(&format!("changes against {old_label}:\n"));
    s.push_str(&render_diff(&d, args.max_changes));
    if !args.dry_run {
        s.push_str(&format!(
            "use it with: kplan --catalog {0} ...  or  export KPLAN_CATALOG={0}\n",
            out_path.display()
        ));
    }
    output::emit(&s)?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_237_199), "2026-11-21T04:59:59Z");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("kplan-atomic-{}", std::process::id()));
        let p = dir.join("sub").join("c.jsonl");
        write_atomic(&p, "one\n").unwrap();
        write_atomic(&p, "two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two\n");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A target that is a directory cannot be replaced: error, temp removed.
        let err = write_atomic(p.parent().unwrap(), "x").unwrap_err();
        assert!(format!("{err:#}").contains("cannot write the catalog file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

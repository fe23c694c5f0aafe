//! `kplan catalog update`: refresh the catalog from the live EC2 API, write it atomically, and
//! print what changed.

use crate::cli::GlobalArgs;
use anyhow::{Context, Result, anyhow, bail};
use std::path::{Path, PathBuf};

/// Arguments of `kplan catalog update`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Writes to --out, or by default to $XDG_DATA_HOME/kplan/catalog.jsonl \
(~/.local/share/kplan/catalog.jsonl; %LOCALAPPDATA%\\kplan\\catalog.jsonl on Windows). \
Use the file with --catalog FILE or KPLAN_CATALOG=FILE. The file is replaced atomically (a temp \
file in its directory, renamed over it; removed on errors, Ctrl-C and SIGTERM). --out must be a \
regular file or a new path; if it is a symlink, the file it points to is replaced and the link \
kept (the report says so).\n\n\
Credentials: the standard AWS chain (environment, ~/.aws profiles, SSO, credential_process, \
instance and pod roles); with --profile, that profile's credentials even when AWS_ACCESS_KEY_ID \
is set (as the AWS CLI). IAM permissions: ec2:DescribeInstanceTypes, \
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
    /// Give up after this many seconds in all (every page, every retry); one request may take
    /// at most 120 s of it.
    #[arg(long, value_name = "SECONDS", default_value_t = 600,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Give up on a connection that does not open within this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub connect_timeout: u64,
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

/// The file `--out` names, checked before any AWS call: a regular file or a new path.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    /// The path as given.
    pub given: PathBuf,
    /// The file replaced: `given`, or the regular file its symlink points to.
    pub file: PathBuf,
}

impl OutFile {
    /// `PATH`, or `REAL (through the symlink PATH)`.
    pub fn label(&self) -> String {
        if self.file == self.given {
            self.given.display().to_string()
        } else {
            format!(
                "{} (through the symlink {})",
                self.file.display(),
                self.given.display()
            )
        }
    }
}

/// Checks `--out`: refuses a directory, FIFO, device or socket (a FIFO would block, a device
/// would be replaced by a regular file) and a dangling symlink; follows a symlink to a regular
/// file (that file is replaced, the link kept).
pub fn resolve_out(path: &Path) -> Result<OutFile> {
    let given = path.to_path_buf();
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(OutFile {
                file: given.clone(),
                given,
            });
        }
        Err(e) => {
            return Err(anyhow!(
                "--out {shown}: cannot inspect it: {e}; nothing written"
            ));
        }
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        let real = std::fs::canonicalize(path).map_err(|e| {
            anyhow!("--out {shown}: a symlink whose target cannot be used ({e}); nothing written")
        })?;
        let m = std::fs::metadata(&real)
            .with_context(|| format!("--out {shown}: cannot inspect {}", real.display()))?;
        if !m.is_file() {
            bail!(
                "--out {shown}: a symlink to {}, which is {}, not a regular file; nothing written",
                real.display(),
                crate::input::kind_of(m.file_type())
            );
        }
        return Ok(OutFile { given, file: real });
    }
    if !meta.is_file() {
        bail!(
            "--out {shown}: it is {}, not a regular file; nothing written (give the path of a catalog file)",
            crate::input::kind_of(meta.file_type())
        );
    }
    Ok(OutFile {
        file: given.clone(),
        given,
    })
}

/// The directory of `path` (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The temp-file prefix for `path`: `.catalog.jsonl.tmp-` (the PID follows).
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || "catalog.jsonl".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(".{name}.tmp-")
}

/// Is process `pid` alive? Linux: `/proc/PID` exists. Elsewhere unknown: `None`.
fn pid_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}

/// Removes the temp files an earlier run left next to `path` when it was killed (`kill -9`,
/// power loss): `.NAME.tmp-PID` whose process is gone (on systems without `/proc`: older than
/// a day). Returns how many were removed.
pub fn clean_stale_temps(path: &Path) -> usize {
    let prefix = temp_prefix(path);
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir(dir_of(path)) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = e.metadata() else { continue };
        let stale = pid != me
            && meta.is_file()
            && match pid_alive(pid) {
                Some(alive) => !alive,
                None => meta
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 86_400),
            };
        if stale && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A temp file next to the target, removed when dropped unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    done: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `text` to a new temp file next to `path` (same directory, so the rename is atomic),
/// flushed to disk, with the permissions of the file it replaces. Created with O_EXCL: a file
/// or symlink already at the temp path is never followed.
fn write_temp(path: &Path, text: &str) -> Result<TempFile> {
    use std::io::Write;
    let dir = dir_of(path);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let tmp = TempFile {
        path: dir.join(format!("{}{}", temp_prefix(path), std::process::id())),
        done: false,
    };
    let _ = std::fs::remove_file(&tmp.path); // our own PID: a leftover of this process id
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp.path)?;
        if let Ok(old) = std::fs::metadata(path) {
            f.set_permissions(old.permissions())?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()
    })();
    result.with_context(|| format!("cannot write the catalog file {}", path.display()))?;
    Ok(tmp)
}

/// Renames the temp file over `path` and syncs the directory.
fn commit(mut tmp: TempFile, path: &Path) -> Result<()> {
    std::fs::rename(&tmp.path, path)
        .with_context(|| format!("cannot write the catalog file {}", path.display()))?;
    tmp.done = true;
    if let Ok(d) = std::fs::File::open(dir_of(path)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `text` to `path` atomically: a temp file in the same directory, flushed to disk, then
/// renamed over the target. A failed write leaves the old file as it was and no temp file.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let tmp = write_temp(path, text)?;
    commit(tmp, path)
}

/// Checks `--endpoint-url`: an `http(s)://` URL with a host, no spaces or control characters.
/// A `user:password@` part is dropped (AWS requests are signed with the credentials; it would
/// never be sent) so that it is neither printed nor stored; a note on stderr says so.
pub fn check_endpoint_url(raw: &str) -> Result<String> {
    use crate::sanitize::{echo, strip_userinfo};
    let stripped = strip_userinfo(raw);
    let url = stripped.clone().unwrap_or_else(|| raw.to_string());
    let shown = echo(&url, 100);
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
    else {
        bail!(
            "--endpoint-url '{shown}': not an http:// or https:// URL (e.g. http://127.0.0.1:5000)"
        );
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!("--endpoint-url '{shown}': a URL has no spaces or control characters");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        bail!("--endpoint-url '{shown}': no host (e.g. http://127.0.0.1:5000)");
    }
    if stripped.is_some() {
        eprintln!(
            "kplan: note: the user:password part of --endpoint-url is dropped (AWS requests are signed with your credentials); using {shown}"
        );
    }
    Ok(url)
}

/// Runs `kplan catalog update`.
#[cfg(not(feature = "aws"))]
pub fn run(_global: &GlobalArgs, _args: UpdateArgs) -> Result<u8> {
    anyhow::bail!(
        "this kplan was built without AWS support (cargo feature `aws`); rebuild with default features: cargo install --path ."
    )
}

/// SIGINT and SIGTERM, caught for the whole `catalog update` so that an interruption removes
/// the temp file and leaves the previous catalog as it was.
#[cfg(feature = "aws")]
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

#[cfg(feature = "aws")]
impl Signals {
    /// Starts catching (inside the runtime).
    fn catch() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let int = signal(SignalKind::interrupt()).context("cannot catch SIGINT")?;
            let term = signal(SignalKind::terminate()).context("cannot catch SIGTERM")?;
            Ok(Signals { int, term })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The signal that arrived, if one did (registers the waker for the next one).
    fn poll(&mut self, cx: &mut std::task::Context<'_>) -> Option<crate::exit::Interrupted> {
        use crate::exit::Interrupted;
        #[cfg(unix)]
        {
            if self.int.poll_recv(cx).is_ready() {
                return Some(Interrupted {
                    signal: 2,
                    name: "SIGINT",
                });
            }
            if self.term.poll_recv(cx).is_ready() {
                return Some(Interrupted {
                    signal: 15,
                    name: "SIGTERM",
                });
            }
        }
        let _ = cx;
        None
    }

    /// Runs `work` until it completes or a signal arrives.
    async fn until<T>(
        &mut self,
        work: impl std::future::Future<Output = T>,
    ) -> std::result::Result<T, crate::exit::Interrupted> {
        use std::task::Poll;
        let mut work = std::pin::pin!(work);
        std::future::poll_fn(|cx| {
            if let Some(s) = self.poll(cx) {
                return Poll::Ready(Err(s));
            }
            work.as_mut().poll(cx).map(Ok)
        })
        .await
    }

    /// A signal that arrived since the last look, if any (lets the runtime's signal driver run
    /// once first).
    async fn pending(&mut self) -> Option<crate::exit::Interrupted> {
        tokio::task::yield_now().await;
        std::future::poll_fn(|cx| std::task::Poll::Ready(self.poll(cx))).await
    }
}

#[cfg(feature = "aws")]
fn interrupted(i: crate::exit::Interrupted, file: &Path) -> anyhow::Error {
    anyhow::Error::new(i).context(format!(
        "catalog update stopped; nothing written ({} is unchanged)",
        file.display()
    ))
}

/// Runs `kplan catalog update`: fetch, merge, diff against the previous catalog, write
/// atomically (unless `--dry-run`), report.
#[cfg(feature = "aws")]
pub fn run(global: &GlobalArgs, args: UpdateArgs) -> Result<u8> {
    use crate::catalog::Catalog;
    use crate::catalog::refresh::{diff, merge};
    let out_path = out_path(&args)?;
    // Before any AWS call: a FIFO, device or directory at --out is refused, not waited on.
    let out = resolve_out(&out_path)?;
    let endpoint_url = args
        .endpoint_url
        .as_deref()
        .map(check_endpoint_url)
        .transpose()?;
    check_region(args.region.as_deref())?;
    let base = Catalog::from_option(global.catalog.as_deref())?;
    if !args.dry_run {
        clean_stale_temps(&out.file);
    }
    let target = target(&args, endpoint_url);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut signals = runtime.block_on(async { Signals::catch() })?;
    let fetched = fetch_bounded(&runtime, &mut signals, &target, args.timeout, &out.file)?;
    let new = merge(&base, &fetched);
    let text = new.to_jsonl();
    // What we write must be what we can read.
    Catalog::parse(&text).context("the refreshed catalog does not parse (a kplan defect)")?;
    let (old, old_label) = previous_catalog(&out.file, &base, global);
    let d = diff(&old, &new, &fetched.region);
    if !args.dry_run {
        write_catalog(&runtime, &mut signals, &out.file, &text)?;
    }
    let report = Report {
        args: &args,
        out: &out,
        out_path: &out_path,
        fetched: &fetched,
        new: &new,
        diff: &d,
        old_label: &old_label,
    };
    crate::output::emit(&report.render())?;
    Ok(crate::exit::OK)
}

/// The `--out` path, or the per-user default.
#[cfg(feature = "aws")]
fn out_path(args: &UpdateArgs) -> Result<PathBuf> {
    match &args.out {
        Some(p) => Ok(p.clone()),
        None => default_out_path().context(
            "no per-user data directory (HOME / XDG_DATA_HOME / LOCALAPPDATA unset): pass --out FILE",
        ),
    }
}

/// Refuses a `--region` that cannot be a region name.
#[cfg(feature = "aws")]
fn check_region(region: Option<&str>) -> Result<()> {
    if let Some(r) = region
        && !crate::aws::convert::plausible_name(r)
    {
        bail!(
            "--region '{}': not a region name (e.g. us-east-1)",
            crate::sanitize::echo(r, 64)
        );
    }
    Ok(())
}

/// Where and how to call AWS; each request's time is capped by `--timeout`.
#[cfg(feature = "aws")]
fn target(args: &UpdateArgs, endpoint_url: Option<String>) -> crate::aws::Target {
    use std::time::Duration;
    let total = Duration::from_secs(args.timeout);
    crate::aws::Target {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url,
        connect_timeout: Duration::from_secs(args.connect_timeout).min(total),
        request_timeout: Duration::from_secs(120).min(total),
        zones: args.zones,
        no_pricing: args.no_pricing,
    }
}

/// Fetches everything from AWS within `timeout_s` seconds, stopping on SIGINT / SIGTERM;
/// progress goes to stderr on a terminal (and is cleared afterwards).
#[cfg(feature = "aws")]
fn fetch_bounded(
    runtime: &tokio::runtime::Runtime,
    signals: &mut Signals,
    target: &crate::aws::Target,
    timeout_s: u64,
    out_file: &Path,
) -> Result<crate::catalog::refresh::Fetched> {
    use std::io::IsTerminal;
    let show_progress = std::io::stderr().is_terminal();
    let mut progress = |op: &str, pages: usize, items: usize| {
        if show_progress {
            eprint!("\r\x1b[K{op}: page {pages}, {items} records");
        }
    };
    let total = std::time::Duration::from_secs(timeout_s);
    let fetched = runtime.block_on(async {
        let work = async {
            let aws = crate::aws::Aws::load(target).await?;
            crate::aws::fetch(&aws, target, &mut progress).await
        };
        match signals.until(tokio::time::timeout(total, work)).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(anyhow!(
                "catalog update: no complete answer within {timeout_s} s (--timeout); nothing written"
            )),
            Err(s) => Err(interrupted(s, out_file)),
        }
    });
    if show_progress {
        eprint!("\r\x1b[K");
    }
    fetched
}

/// The catalog the diff compares against, with its name: the file at `--out` if it loads,
/// else the base catalog (`--catalog` or the embedded one).
#[cfg(feature = "aws")]
fn previous_catalog(
    out_file: &Path,
    base: &crate::catalog::Catalog,
    global: &GlobalArgs,
) -> (crate::catalog::Catalog, String) {
    match crate::catalog::Catalog::load(out_file) {
        Ok(c) => (c, out_file.display().to_string()),
        Err(_) => (
            base.clone(),
            global
                .catalog
                .as_ref()
                .map_or("the embedded catalog".to_string(), |p| {
                    p.display().to_string()
                }),
        ),
    }
}

/// Writes `text` to a temp file and renames it over `out_file`, unless a signal arrived.
#[cfg(feature = "aws")]
fn write_catalog(
    runtime: &tokio::runtime::Runtime,
    signals: &mut Signals,
    out_file: &Path,
    text: &str,
) -> Result<()> {
    runtime.block_on(async {
        let tmp = write_temp(out_file, text)?;
        // A signal that came during the fetch's last moments or the write: the temp file
        // goes (dropped), the previous catalog stays.
        if let Some(s) = signals.pending().await {
            return Err(interrupted(s, out_file));
        }
        commit(tmp, out_file)
    })
}

/// Everything the `catalog update` report shows.
#[cfg(feature = "aws")]
struct Report<'a> {
    args: &'a UpdateArgs,
    out: &'a OutFile,
    out_path: &'a Path,
    fetched: &'a crate::catalog::refresh::Fetched,
    new: &'a crate::catalog::Catalog,
    diff: &'a crate::catalog::refresh::Diff,
    old_label: &'a str,
}

#[cfg(feature = "aws")]
impl Report<'_> {
    /// The report text: sources, zones (with `--zones`), the diff, how to use the file.
    fn render(&self) -> String {
        let mut s = self.sources();
        if self.args.zones {
            s.push_str(&self.zones());
        }
        s.push_str(&format!("changes against {}:\n", self.old_label));
        s.push_str(&crate::catalog::refresh::render_diff(
            self.diff,
            self.args.max_changes,
        ));
        if !self.args.dry_run {
            s.push_str(&format!(
                "use it with: kplan --catalog {0} ...  or  export KPLAN_CATALOG={0}\n",
                self.out_path.display()
            ));
        }
        s
    }

    /// What was written and where each kind of data came from.
    fn sources(&self) -> String {
        let (fetched, new) = (self.fetched, self.new);
        let region = &fetched.region;
        let known_branch = new.types.iter().filter(|t| t.branch_enis.is_some()).count();
        let mut s = String::new();
        s.push_str(&format!(
            "{} {} ({} instance types from {}, {})\n",
            if self.args.dry_run {
                "would write"
            } else {
                "wrote"
            },
            self.out.label(),
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
        s
    }

    /// Zone coverage: the types offered in fewer zones than the region has, and the zones of
    /// each new type.
    fn zones(&self) -> String {
        let fetched = self.fetched;
        let all: std::collections::BTreeSet<&String> = fetched.zones.values().flatten().collect();
        let partial: Vec<String> = fetched
            .zones
            .iter()
            .filter(|(_, z)| z.len() < all.len())
            .map(|(t, z)| format!("{t} ({})", z.len()))
            .collect();
        let mut s = format!(
            "zones: {} in {}; {} types in every zone, {} in fewer{}\n",
            all.len(),
            fetched.region,
            fetched.zones.len() - partial.len(),
            partial.len(),
            first_five(&partial)
        );
        for name in &self.diff.added {
            if let Some(z) = fetched.zones.get(name) {
                let z: Vec<&str> = z.iter().map(String::as_str).collect();
                s.push_str(&format!("zones: new type {name} in {}\n", z.join(", ")));
            }
        }
        s
    }
}

/// `": a, b, c, d, e, ..."` for the first five names (empty for none).
#[cfg(feature = "aws")]
fn first_five(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    format!(
        ": {}{}",
        names.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
        if names.len() > 5 { ", ..." } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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

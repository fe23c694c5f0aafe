//! moto's EC2 server for the tests: found on PATH, or installed into a venv under the target
//! dir (`python3 -m venv` + `pip install 'moto[server]==5.2.1'`), started on a free loopback port and
//! killed when the guard drops. If it cannot be installed or started the test FAILS with how to
//! install it (never a silent skip).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The moto release the tests are written against (its EC2 and Pricing answers); pinned so a
/// new release cannot change what the tests see.
const MOTO: &str = "moto[server]==5.2.1";

const HOW: &str = "install moto's server: `pip install 'moto[server]==5.2.1'` (Python 3.9+), so that \
`moto_server` is on PATH; or make `python3 -m venv` work (Debian: apt-get install python3-venv) \
so the tests can install it into target/tmp/moto-venv themselves";

/// A running moto_server; killed on drop.
pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    /// The endpoint URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn works(exe: &Path) -> bool {
    Command::new(exe)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The moto_server executable, installing it into a venv the first time if needed.
fn executable() -> PathBuf {
    static FOUND: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut found = FOUND.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = found.as_ref() {
        return p.clone();
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv");
    let in_venv = venv.join("bin").join("moto_server");
    let exe = match on_path("moto_server").filter(|p| works(p)) {
        Some(p) => p,
        None if works(&in_venv) => in_venv,
        None => {
            let python = on_path("python3")
                .or_else(|| on_path("python"))
                .unwrap_or_else(|| panic!("moto_server not found and no python3 on PATH; {HOW}"));
            let ok = Command::new(&python)
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                ok,
                "moto_server not found; `{} -m venv {}` failed; {HOW}",
                python.display(),
                venv.display()
            );
            let ok = Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", MOTO])
                .status()
                .is_ok_and(|s| s.success());
            assert!(
                ok && works(&in_venv),
                "moto_server not found; `pip install '{MOTO}'` into {} failed; {HOW}",
                venv.display()
            );
            in_venv
        }
    };
    *found = Some(exe.clone());
    exe
}

/// A free loopback port (bind port 0, read it, release it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Starts moto_server and waits until it accepts connections.
pub fn start() -> Moto {
    let exe = executable();
    let port = free_port();
    let child = Command::new(&exe)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}; {HOW}", exe.display()));
    let mut moto = Moto { child, port };
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = moto.child.try_wait() {
            panic!(
                "{} exited ({status}) before answering; {HOW}",
                exe.display()
            );
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "moto_server did not answer on port {port} within 30 s; {HOW}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    moto
}

/// One raw EC2 query-API call (moto does not check signatures); the XML answer.
pub fn ec2_query(port: u16, body: &str) -> String {
    use std::io::{Read, Write};
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect to moto");
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

//! Reading text inputs (workload files, manifests, plans, catalogs) with bounds: a size cap, a
//! refusal of what is not a file in a directory walk, a NUL-byte check for binary data, and a
//! nesting-depth check that runs before any YAML or JSON parser sees the text.
//!
//! Limits (documented in the README):
//! - [`MAX_INPUT_BYTES`]: 64 MiB per input (the embedded catalog is 1.3 MB; a 10,000-object
//!   `kubectl get -o yaml` dump is about 40 MB).
//! - [`MAX_NESTING`]: 256 levels of YAML/JSON nesting (Kubernetes objects nest about 15 deep;
//!   the YAML deserializer itself stops at 128). The check is a single linear scan, so text
//!   nested 100,000 deep is refused in milliseconds instead of reaching the parser, whose time
//!   grows with the square of the depth.

use std::io::{self, Read};
use std::path::Path;

/// The most bytes kplan reads from one input.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest YAML/JSON nesting kplan accepts.
pub const MAX_NESTING: usize = 256;

/// How the input was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line: a regular file, `-` (stdin), or a pipe such as `<(cmd)`.
    Named,
    /// Found in a directory walk: regular files only (a FIFO would block, a device never ends).
    Walked,
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

/// What a non-regular file is, in words ("a FIFO (named pipe)", "a device", ...).
pub fn kind_of(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Reads a text input: `-` is stdin. Errors say why without naming the path (callers add it):
/// not a regular file (walked inputs), above [`MAX_INPUT_BYTES`], binary (a NUL byte, found
/// in the first chunk read, so `/dev/zero` fails at once), not UTF-8, or nested deeper than
/// [`MAX_NESTING`].
pub fn read_text(path: &Path, origin: Origin) -> io::Result<String> {
    let bytes = if path.as_os_str() == "-" {
        read_bounded(io::stdin().lock())?
    } else {
        let meta = std::fs::metadata(path)?;
        let ft = meta.file_type();
        if ft.is_dir() || (origin == Origin::Walked && !ft.is_file()) {
            return Err(invalid(format!(
                "it is {}, not a regular file; nothing read",
                kind_of(ft)
            )));
        }
        if ft.is_file() && meta.len() > MAX_INPUT_BYTES {
            return Err(too_big());
        }
        read_bounded(std::fs::File::open(path)?)?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    check_nesting(&text).map_err(invalid)?;
    Ok(text)
}

fn too_big() -> io::Error {
    invalid(format!(
        "larger than {} MiB, kplan's input size limit; nothing read",
        MAX_INPUT_BYTES / (1024 * 1024)
    ))
}

/// Reads at most [`MAX_INPUT_BYTES`]; stops at the first NUL byte (binary data).
fn read_bounded(mut r: impl Read) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Some(i) = buf[..n].iter().position(|&b| b == 0) {
            return Err(invalid(format!(
                "binary data, not text (a NUL byte at offset {})",
                out.len() + i
            )));
        }
        if (out.len() + n) as u64 > MAX_INPUT_BYTES {
            return Err(too_big());
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Refuses YAML or JSON nested deeper than [`MAX_NESTING`], with the line where it happens.
///
/// One pass, no allocation per character. The estimate counts flow brackets (`[`, `{`) outside
/// quoted scalars and comments, plus block nesting (the stack of indentation levels and the
/// compact `- ` / `? ` indicators at the start of a line); block scalars (`|`, `>`) are skipped.
/// It never counts less than the parser's depth for flow nesting, and at most about twice the
/// real depth for block nesting, well inside the limit for any real document.
pub fn check_nesting(text: &str) -> Result<(), String> {
    let mut flow: usize = 0;
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<u8> = None;
    let mut block_scalar: Option<usize> = None;
    for (lineno, line) in text.lines().enumerate() {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
        if let Some(parent) = block_scalar {
            if indent >= b.len() || indent > parent {
                continue; // blank or more indented: content of the block scalar
            }
            block_scalar = None;
        }
        let mut depth_here = 0;
        if quote.is_none() && flow == 0 && indent < b.len() && b[indent] != b'#' {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            let mut i = indent;
            while i + 1 < b.len() && matches!(b[i], b'-' | b'?') && b[i + 1] == b' ' {
                depth_here += 1;
                i += 2;
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
            }
        }
        let (max_flow, ends_with_block_indicator) = scan_line(b, &mut flow, &mut quote);
        let depth = indents.len() + depth_here + max_flow;
        if depth > MAX_NESTING {
            return Err(format!(
                "nested deeper than {MAX_NESTING} levels at line {}, kplan's nesting limit; nothing parsed",
                lineno + 1
            ));
        }
        if ends_with_block_indicator {
            block_scalar = Some(indent);
        }
    }
    Ok(())
}

/// Scans one line: updates the flow depth and the open quote; returns the deepest flow depth
/// on the line and whether the line ends with a block-scalar indicator (`key: |`, `- >-`).
fn scan_line(b: &[u8], flow: &mut usize, quote: &mut Option<u8>) -> (usize, bool) {
    let mut max = *flow;
    let mut i = 0;
    let mut last_token_start: Option<usize> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = *quote {
            if c == q {
                if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                    i += 2; // '' inside a single-quoted scalar
                    continue;
                }
                *quote = None;
            } else if q == b'"' && c == b'\\' {
                i += 1;
            }
            i += 1;
            continue;
        }
        let starts_node = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'[' | b'{' | b',' | b':');
        match c {
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => break,
            b'"' | b'\'' if starts_node => *quote = Some(c),
            b'[' | b'{' => {
                *flow += 1;
                max = max.max(*flow);
            }
            b']' | b'}' => *flow = flow.saturating_sub(1),
            _ => {}
        }
        if c != b' ' && c != b'\t' && (i == 0 || matches!(b[i - 1], b' ' | b'\t')) {
            last_token_start = Some(i);
        }
        i += 1;
    }
    let block = quote.is_none()
        && *flow == 0
        && last_token_start.is_some_and(|s| {
            let tok = line_token(b, s);
            let opener = s == 0 || b[..s].ends_with(b": ") || b[..s].ends_with(b"- ");
            opener
                && matches!(tok.first(), Some(b'|' | b'>'))
                && tok[1..]
                    .iter()
                    .all(|c| matches!(c, b'+' | b'-' | b'0'..=b'9'))
        });
    (max, block)
}

/// The token starting at `s` (up to whitespace or a comment).
fn line_token(b: &[u8], s: usize) -> &[u8] {
    let end = b[s..]
        .iter()
        .position(|&c| c == b' ' || c == b'\t')
        .map_or(b.len(), |n| s + n);
    &b[s..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_documents_pass() {
        let doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # [not a bracket\n  labels: {app: web, tier: \"[front\"}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          args: ['it''s [', \"say \\\"{\"]\n          command:\n            - sh\n            - -c\n            - |\n              if [ -f x ]; then {\n                echo '[[[[[['\n      - - nested\n        - list\n";
        assert_eq!(check_nesting(doc), Ok(()));
        let json = r#"{"a": [1, {"b": "]]]}}}"}], "c": "{{{{"}"#;
        assert_eq!(check_nesting(json), Ok(()));
        assert_eq!(check_nesting(crate::catalog::EMBEDDED), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_with_its_line() {
        let flow = format!("a: 1\nb: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = check_nesting(&flow).unwrap_err();
        assert!(e.contains("deeper than 256 levels at line 2"), "{e}");
        let compact = format!("x:\n{}1\n", "- ".repeat(300));
        assert!(check_nesting(&compact).unwrap_err().contains("line 2"));
        let block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(check_nesting(&block).unwrap_err().contains("line 257"));
        // 255 levels of flow nesting (plus the document) are fine.
        let ok = format!("{}{}", "[".repeat(255), "]".repeat(255));
        assert_eq!(check_nesting(&ok), Ok(()));
        // A quote does not hide brackets unless YAML would read it as a quote.
        let tricky = format!("a: it's {}", "[".repeat(300));
        assert!(check_nesting(&tricky).is_err());
    }

    #[test]
    fn binary_and_oversized_input_stop_early() {
        let e = read_bounded(io::repeat(0)).unwrap_err();
        assert!(e.to_string().contains("NUL byte at offset 0"), "{e}");
        let e = read_bounded(io::repeat(b'a')).unwrap_err();
        assert!(e.to_string().contains("larger than 64 MiB"), "{e}");
        assert_eq!(read_bounded(&b"abc"[..]).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn walked_inputs_must_be_regular_files() {
        let e = read_text(Path::new("/dev/null"), Origin::Walked).unwrap_err();
        assert!(e.to_string().contains("a device"), "{e}");
        assert_eq!(
            read_text(Path::new("/dev/null"), Origin::Named).unwrap(),
            ""
        );
        let e = read_text(Path::new("/"), Origin::Named).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
    }
}

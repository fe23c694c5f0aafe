//! Making text safe to print: one line, control characters escaped, long values cut with an
//! ellipsis, credentials redacted, URL passwords removed. Pure functions plus one registry of
//! the secret values this process has loaded, so that no message can print them.

use std::sync::Mutex;

/// Longest run of non-space characters an error message shows whole (a path, a name, a value).
pub const MAX_VALUE_CHARS: usize = 200;
/// Longest error message printed.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Longest piece of a server's text (an AWS error message) that is shown.
pub const MAX_SERVER_CHARS: usize = 300;

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers a secret value (an access key id, secret key or session token) so that
/// [`redact`] removes it from anything printed.
pub fn add_secret(value: &str) {
    if value.len() >= 8 {
        let mut s = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
        if !s.iter().any(|x| x == value) {
            s.push(value.to_string());
        }
    }
}

/// The secrets the environment holds (the AWS keys, whoever reads them).
fn env_secrets() -> Vec<String> {
    [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ]
    .iter()
    .filter_map(|k| std::env::var(k).ok())
    .filter(|v| v.len() >= 8)
    .collect()
}

/// Replaces known secret values and credential-looking tokens with `[redacted]`: AWS access
/// key ids (`AKIA...`, `ASIA...`) and the `Credential=` and `Signature=` parts of a SigV4
/// header. [`server_text`] also removes long base64-like runs (secret keys, session tokens).
pub fn redact(text: &str) -> String {
    redact_with(text, false)
}

fn redact_with(text: &str, base64_runs: bool) -> String {
    let mut out = text.to_string();
    let mut known = env_secrets();
    known.extend(
        SECRETS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned(),
    );
    for s in &known {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "[redacted]");
        }
    }
    redact_tokens(&out, base64_runs)
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '%')
}

/// Is this run of token characters credential-like? `base64_runs`: also any run of 32 or more
/// characters mixing upper case, lower case and digits with few slashes (not a path).
fn looks_secret(tok: &str, base64_runs: bool) -> bool {
    const KEY_PREFIXES: [&str; 4] = ["AKIA", "ASIA", "AIDA", "AROA"];
    let upper_alnum = tok
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if tok.len() >= 16 && upper_alnum && KEY_PREFIXES.iter().any(|p| tok.starts_with(p)) {
        return true;
    }
    let has = |f: fn(&char) -> bool| tok.chars().any(|c| f(&c));
    let slashes = tok.matches('/').count();
    base64_runs
        && tok.len() >= 32
        && has(char::is_ascii_uppercase)
        && has(char::is_ascii_lowercase)
        && has(char::is_ascii_digit)
        && slashes * 8 <= tok.len()
}

fn redact_tokens(text: &str, base64_runs: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_token_char) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c| !is_token_char(c)).unwrap_or(rest.len());
        let tok = &rest[..end];
        // `Credential=AKID/20260101/...` and `Signature=abc...`: the value goes.
        if let Some((key, _)) = tok.split_once('=')
            && matches!(key, "Credential" | "Signature" | "X-Amz-Security-Token")
        {
            out.push_str(key);
            out.push_str("=[redacted]");
        } else if looks_secret(tok, base64_runs) {
            out.push_str("[redacted]");
        } else {
            out.push_str(tok);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Control characters (escape sequences, newlines, NUL...) written as `\n`, `\e`, `\u{7f}`.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x1b' => out.push_str("\\e"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `max` characters with an ellipsis and the full length.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => format!("{}… ({} characters)", &text[..i], text.chars().count()),
    }
}

/// Every run of non-space characters longer than `max` cut with an ellipsis.
pub fn cut_values(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE_CHARS * 4));
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&cut(word, max));
    }
    out
}

/// An error message fit for a terminal: control characters escaped, long values cut,
/// credentials redacted, and at most [`MAX_MESSAGE_CHARS`] characters.
pub fn message(text: &str) -> String {
    // Values cut first (linear): the later passes then work on a shorter text.
    let bounded = cut_values(text, MAX_VALUE_CHARS);
    cut(&escape_controls(&redact(&bounded)), MAX_MESSAGE_CHARS)
}

/// A server's text (an AWS error message, a code): one line, redacted, bounded.
pub fn server_text(text: &str) -> String {
    let one_line: String = cut(text, MAX_SERVER_CHARS * 4)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    cut(
        &escape_controls(&redact_with(&one_line, true)),
        MAX_SERVER_CHARS,
    )
}

/// A name or value echoed from input into a message or a table: control characters escaped,
/// cut to `max` characters.
pub fn echo(text: &str, max: usize) -> String {
    escape_controls(&cut(text, max))
}

/// An `http(s)://` URL without its `user:password@` part; `None` when it has none.
pub fn strip_userinfo(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..auth_end].rfind('@')?;
    Some(format!("{scheme}://{}", &rest[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_removed() {
        assert_eq!(
            strip_userinfo("http://user:p%40ss@127.0.0.1:5000/x?a=b@c").as_deref(),
            Some("http://127.0.0.1:5000/x?a=b@c")
        );
        assert_eq!(strip_userinfo("https://ec2.us-east-1.amazonaws.com"), None);
        assert_eq!(strip_userinfo("http://h/p@q"), None);
    }

    #[test]
    fn credentials_are_redacted() {
        let t = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0123abcd; key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let r = redact_tokens(t, true);
        assert!(
            !r.contains("AKIA") && !r.contains("wJalr") && !r.contains("0123abcd"),
            "{r}"
        );
        assert!(r.contains("Credential=[redacted]") && r.contains("SignedHeaders=host"));
        // Ordinary words, names and numbers stay.
        let plain = "m5.large has 3 ENIs; us-east-1; ec2:DescribeInstanceTypes; /tmp/c.jsonl";
        assert_eq!(redact_tokens(plain, true), plain);
        let path = "/work/wt/targets/i14/tmp/Reliability2026/Catalog/x";
        assert_eq!(redact_tokens(path, true), path);
        add_secret("my-session-token-value");
        assert_eq!(redact("x my-session-token-value y"), "x [redacted] y");
    }

    #[test]
    fn messages_are_one_line_and_bounded() {
        assert_eq!(escape_controls("a\nb\x1b[31mc\0"), "a\\nb\\e[31mc\\u{0}");
        let long = "v".repeat(100_000);
        let m = message(&format!("bad value '{long}' in x"));
        assert!(m.len() < 300, "{}", m.len());
        assert!(
            m.contains("… (100002 characters)") && m.ends_with(" in x"),
            "{m}"
        );
        let s = server_text("line one\n\nline\ttwo");
        assert_eq!(s, "line one line two");
        assert_eq!(cut("héllo", 2), "hé… (5 characters)");
    }
}

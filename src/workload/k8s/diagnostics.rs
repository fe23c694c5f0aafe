//! What the conversion tells the user: notes (what kplan skipped or did not model, each once)
//! and warnings (pods that still request nothing after admission defaults, listed once with
//! their pod count).

use super::pod::RequestNotes;
use std::collections::{BTreeMap, BTreeSet};

/// Notes and warnings, collected while converting.
#[derive(Debug, Default)]
pub struct Diagnostics {
    notes: BTreeSet<String>,
    /// Object title -> (pods, containers without a request).
    zero: BTreeMap<String, (u64, Vec<String>)>,
    /// Kind -> objects of it skipped.
    skipped: BTreeMap<String, usize>,
}

impl Diagnostics {
    /// A note (said once however often it is added).
    pub fn note(&mut self, text: impl Into<String>) {
        self.notes.insert(text.into());
    }

    /// An object of a kind kplan does not read.
    pub fn skip(&mut self, kind: &str) {
        *self.skipped.entry(kind.to_string()).or_default() += 1;
    }

    /// What [`super::pod::pod_requests`] found on `pods` pods of `obj` (a DaemonSet counts 1).
    pub fn requests(&mut self, title: &str, pods: u64, n: &RequestNotes) {
        if !n.missing.is_empty() {
            let e = self.zero.entry(title.to_string()).or_default();
            e.0 += pods;
            e.1.extend(n.missing.iter().cloned());
        }
        if !n.other.is_empty() {
            self.note(format!("{}: requests of {}", title, n.other.join(", ")));
        }
    }

    /// The notes (sorted) and the warnings: one line for all pods without requests.
    pub fn finish(mut self) -> (Vec<String>, Vec<String>) {
        for (kind, n) in std::mem::take(&mut self.skipped) {
            self.note(format!("skipped {n} {kind} (not a workload kplan reads)"));
        }
        let mut warnings = Vec::new();
        if !self.zero.is_empty() {
            let pods: u64 = self.zero.values().map(|(p, _)| p).sum();
            let each: Vec<String> = self
                .zero
                .iter()
                .map(|(t, (p, c))| {
                    format!(
                        "{t} ({p} pod{}: container {})",
                        if *p == 1 { "" } else { "s" },
                        c.join(", ")
                    )
                })
                .collect();
            warnings.push(format!(
                "{pods} pod{} without requests even after LimitRange defaults count as zero: {}",
                if pods == 1 { "" } else { "s" },
                each.join("; ")
            ));
        }
        (self.notes.into_iter().collect(), warnings)
    }
}

//! How hard the solver works. Every limit here counts work (pricing rounds, search nodes,
//! re-solves, neighbourhoods), never time, so the same input gives the same plan and the same
//! bound on any machine under any load. The one clock is [`Deadline`], set only by an explicit
//! `--time-limit`.

use std::time::Instant;

/// How much work a solve may spend (`--effort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effort {
    /// About a third of the normal work: a plan fast, a slightly looser bound.
    Quick,
    /// The default.
    #[default]
    Normal,
    /// About four times the normal work on the phases that tighten the plan and the bound.
    Thorough,
}

/// The solver's work budgets, in one place. Each is a count; see the field docs for the unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuning {
    /// Pricing rounds of the root column generation.
    pub root_rounds: usize,
    /// Residual re-solves of LP rounding before the rest is rounded up.
    pub max_resolves: usize,
    /// Pricing rounds per residual re-solve (0 re-solves the master over the pattern pool
    /// only: faster, but measured above 1% gap on some inputs, so not the default).
    pub resolve_rounds: usize,
    /// Problems up to this many pods get the dives (one LP re-solve per fixed pattern).
    pub dive_pods: u64,
    /// Problems up to this many pods get the large-neighbourhood searches.
    pub lns_pods: u64,
    /// Exact re-solves of the exact large-neighbourhood search, per run.
    pub lns_tries: usize,
    /// Neighbourhoods re-solved by column generation, per run.
    pub lns_lp_tries: usize,
    /// Pricing rounds all of those neighbourhoods may spend together (per run).
    pub lns_lp_rounds: u64,
    /// Plans up to this many nodes get the branching bounds.
    pub branch_nodes: u64,
    /// Pricing rounds of one-level branching on node counts.
    pub branch_rounds: u64,
    /// Pricing rounds of branch and price.
    pub bnp_rounds: u64,
    /// Search nodes (LPs) of branch and price.
    pub bnp_nodes: usize,
}

impl Tuning {
    /// The budgets of an effort level.
    pub fn for_effort(effort: Effort) -> Tuning {
        let normal = Tuning {
            root_rounds: 500,
            max_resolves: 20,
            resolve_rounds: 6,
            dive_pods: 600,
            lns_pods: 600,
            lns_tries: 400,
            lns_lp_tries: 80,
            lns_lp_rounds: 20_000,
            branch_nodes: 150,
            branch_rounds: 200,
            bnp_rounds: 600,
            // Each search node of 100 pods in 20 groups costs about 0.3 s on the 2-core
            // benchmark machine; 8 nodes keep that case under 5 s (60 nodes took 20 s for a
            // bound 0.25% tighter).
            bnp_nodes: 8,
        };
        match effort {
            Effort::Normal => normal,
            Effort::Quick => Tuning {
                root_rounds: 200,
                max_resolves: 8,
                dive_pods: 200,
                lns_pods: 200,
                lns_tries: 100,
                lns_lp_tries: 20,
                lns_lp_rounds: 4_000,
                branch_rounds: 50,
                bnp_rounds: 150,
                bnp_nodes: 2,
                ..normal
            },
            Effort::Thorough => Tuning {
                root_rounds: 2_000,
                max_resolves: 60,
                dive_pods: 2_000,
                lns_pods: 2_000,
                lns_tries: 1_600,
                lns_lp_tries: 320,
                lns_lp_rounds: 80_000,
                branch_nodes: 400,
                branch_rounds: 800,
                bnp_rounds: 2_400,
                bnp_nodes: 60,
                ..normal
            },
        }
    }
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning::for_effort(Effort::Normal)
    }
}

/// The wall-clock cap of `--time-limit` (none by default): the only non-deterministic input.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    /// No cap (the tests' deadline).
    #[cfg(test)]
    pub const NONE: Deadline = Deadline(None);

    /// A cap at `instant`, or none.
    pub fn at(instant: Option<Instant>) -> Deadline {
        Deadline(instant)
    }

    /// The first `num` of `den` equal shares of the time from `start` to the cap (no cap: none).
    pub fn share(&self, start: Instant, num: usize, den: usize) -> Deadline {
        Deadline(self.0.map(|end| {
            let left = end.saturating_duration_since(start);
            start + left.mul_f64(num.min(den) as f64 / den.max(1) as f64)
        }))
    }

    /// Whether the cap has passed.
    pub fn passed(&self) -> bool {
        self.0.is_some_and(|d| Instant::now() >= d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_levels_order_the_work() {
        let (q, n, t) = (
            Tuning::for_effort(Effort::Quick),
            Tuning::default(),
            Tuning::for_effort(Effort::Thorough),
        );
        assert!(q.lns_tries < n.lns_tries && n.lns_tries < t.lns_tries);
        assert!(q.bnp_nodes < n.bnp_nodes && n.bnp_nodes < t.bnp_nodes);
        assert!(q.root_rounds < n.root_rounds && n.root_rounds < t.root_rounds);
    }

    #[test]
    fn deadline_none_never_passes_and_zero_passes() {
        assert!(!Deadline::NONE.passed());
        assert!(!Deadline::at(None).passed());
        assert!(Deadline::at(Some(Instant::now())).passed());
        let start = Instant::now();
        let end = start + std::time::Duration::from_secs(4);
        let half = Deadline::at(Some(end)).share(start, 1, 2);
        assert_eq!(half.0, Some(start + std::time::Duration::from_secs(2)));
        assert!(Deadline::NONE.share(start, 1, 2).0.is_none());
    }
}

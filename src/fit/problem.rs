//! The abstract packing problem that `kplan fit` solves: node options with capacities and
//! prices, and groups of identical pods. Built from a workload and the catalog by the caller;
//! the solver knows nothing of YAML, regions or zones.

/// One kind of node the plan may launch: an instance type (in one zone, where zones matter).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOption {
    /// Display name, e.g. `m6i.2xlarge` (the same type in two zones is two options).
    pub instance_type: String,
    /// Zone label (`a`, `b`, ...) or empty when the plan has one zone.
    pub zone: String,
    /// Price per node-hour (USD, or CNY in China regions).
    pub price: f64,
    /// What pods can request after daemonsets: CPU millicores.
    pub cpu_millicores: u64,
    /// What pods can request after daemonsets: memory bytes.
    pub memory_bytes: u64,
    /// Pod slots left after daemonset pods.
    pub pods: u32,
    /// What pods can request of each extra resource after daemonsets, in the order of
    /// [`Problem::extra_names`] (empty when there are none).
    pub extra: Vec<u64>,
}

/// A group of identical pods (a workload, or its share in one zone).
#[derive(Debug, Clone, PartialEq)]
pub struct PodGroup {
    /// Workload name (the same workload split over zones keeps its name).
    pub name: String,
    /// How many pods must be placed.
    pub replicas: u32,
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    /// At most this many pods of the group on one node.
    pub max_per_node: Option<u32>,
    /// Request per pod of each extra resource, in the order of [`Problem::extra_names`]
    /// (empty when there are none).
    pub extra: Vec<u64>,
    /// Indices into [`Problem::options`] this group may run on (sorted, no repeats).
    pub allowed: Vec<usize>,
}

/// The whole problem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problem {
    pub options: Vec<NodeOption>,
    pub groups: Vec<PodGroup>,
    /// No plan may use more nodes than this.
    pub max_nodes: Option<u32>,
    /// Resources beyond CPU, memory and pod slots (e.g. `nvidia.com/gpu`,
    /// `ephemeral-storage`, `ebs-volumes`), in the order of every `extra` vector of the
    /// options and groups.
    pub extra_names: Vec<String>,
}

impl NodeOption {
    /// Capacity of extra resource `d` (0 when the option lists none: it has none of it).
    pub fn extra_cap(&self, d: usize) -> u64 {
        self.extra.get(d).copied().unwrap_or(0)
    }
}

impl PodGroup {
    /// Request per pod of extra resource `d` (0 when the group lists none).
    pub fn extra_req(&self, d: usize) -> u64 {
        self.extra.get(d).copied().unwrap_or(0)
    }
}

/// `count` identical nodes of one option, each holding `pods[g]` pods of group `g`.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeGroup {
    /// Index into [`Problem::options`].
    pub option: usize,
    pub count: u32,
    /// Pods of each group on one node, indexed like [`Problem::groups`].
    pub pods: Vec<u32>,
}

/// A plan: node groups, cost, and the proven lower bound on any plan's cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub node_groups: Vec<NodeGroup>,
    /// Sum of count x price.
    pub cost: f64,
    /// No feasible plan costs less than this (0 when not computed).
    pub lower_bound: f64,
    /// Pods of each group that could not be placed (all zero for a complete plan).
    pub unplaced: Vec<u32>,
}

//! Code shared by the benchmarks (and, by path, the integration tests).
pub mod workload;

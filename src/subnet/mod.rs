//! Subnet sizing for EKS (pure): addresses each node holds under the VPC CNI's warm-pool rules,
//! the CIDR arithmetic of AWS subnets, per-zone demand, the inverse (nodes per subnet) and VPC
//! carving. Formulas and sources: `shared/design/subnet.md`.

pub mod addresses;
pub mod cidr;
#[cfg(test)]
mod ipamd_model;
#[cfg(test)]
mod ipamd_tests;
pub mod plan;

pub use addresses::{AddressMode, NodeAddresses, NodeNetwork, WarmPool, node_addresses};
pub use cidr::Demand;
pub use plan::{NodeGroup, Overhead, ZoneDemand};

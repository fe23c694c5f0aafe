//! The one integration-test binary: runs the real `kplan` and checks figures against sources.

mod account_prices;
mod catalog;
mod completions;
mod data;
mod docs;
mod fargate;
mod fit;
mod fit_optimum;
mod k8s;
mod layering;
mod man;
mod pods;
mod prices;
mod pty;
mod reliability;
mod resources;
mod schema;
#[cfg(feature = "aws")]
mod spot_moto;
mod subnet;
mod usage;
mod util;

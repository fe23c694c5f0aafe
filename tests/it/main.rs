//! The one integration-test binary: runs the real `kplan` and checks figures against sources.

mod account_prices;
mod catalog;
mod completions;
mod data;
mod fit;
mod fit_optimum;
mod k8s;
mod pods;
mod prices;
mod reliability;
#[cfg(feature = "aws")]
mod spot_moto;
mod subnet;
mod util;

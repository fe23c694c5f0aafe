//! The one integration-test binary: runs the real `kplan` and checks figures against sources.

mod catalog;
mod pods;
mod util;

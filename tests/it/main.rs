//! The one integration-test binary: runs the real `kplan` and checks figures against sources.

mod completions;
mod pods;
mod util;

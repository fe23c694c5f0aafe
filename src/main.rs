//! The `kplan` binary: parse, run, print the error chain once, exit with the documented code.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(kplan::main_with_args(std::env::args_os()))
}

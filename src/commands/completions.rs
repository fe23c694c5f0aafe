//! `kplan completions <shell>`: shell completion scripts, generated from the CLI definition.

use clap_complete::Shell;

/// Arguments of `kplan completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for a shell.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kplan", &mut buf);
    String::from_utf8(buf).expect("completions are UTF-8")
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<u8> {
    crate::output::emit(&script(args.shell))?;
    Ok(crate::exit::OK)
}

//! The committed completions in `completions/` match what `kplan completions` generates.

use clap_complete::Shell;

const FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "kplan.bash"),
    (Shell::Zsh, "_kplan"),
    (Shell::Fish, "kplan.fish"),
    (Shell::PowerShell, "_kplan.ps1"),
    (Shell::Elvish, "kplan.elv"),
];

#[test]
fn committed_completions_are_fresh() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in FILES {
        let want = kplan::commands::completions::script(shell);
        let have = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            have == want,
            "completions/{file} is stale: regenerate with `cargo run -- completions {shell} > completions/{file}` \
             (or ./completions/regenerate.sh for all shells)"
        );
    }
}

#[test]
fn cli_definition_is_consistent() {
    kplan::command().debug_assert();
}

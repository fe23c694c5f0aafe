//! Usage errors in full: clap's message, its "did you mean" tip, the usage line and the help
//! pointer, first line prefixed `kplan:`, on stderr, exit 2 and nothing on stdout.

use crate::util::{code, kplan, stderr, stdout};

fn usage_error(args: &[&str], lines: &[&str]) {
    let out = kplan(args);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{args:?}: {err}");
    assert!(stdout(&out).is_empty(), "{args:?}");
    assert!(err.starts_with("kplan: "), "{args:?}: {err}");
    for line in lines {
        assert!(
            err.lines().any(|l| l.trim() == *line),
            "{args:?}: `{line}` in\n{err}"
        );
    }
    assert!(err.contains("For more information, try '--help'."), "{err}");
}

#[test]
fn an_unknown_subcommand_gets_a_suggestion() {
    usage_error(
        &["pod"],
        &[
            "kplan: unrecognized subcommand 'pod'",
            "tip: a similar subcommand exists: 'pods'",
            "Usage: kplan [OPTIONS] <COMMAND>",
        ],
    );
}

#[test]
fn a_misspelt_flag_gets_a_suggestion() {
    usage_error(
        &["pods", "m5.large", "--prefix-delgation"],
        &[
            "kplan: unexpected argument '--prefix-delgation' found",
            "tip: a similar argument exists: '--prefix-delegation'",
            "Usage: kplan pods --prefix-delegation <TYPE>...",
        ],
    );
}

#[test]
fn a_missing_argument_names_it_and_shows_the_usage() {
    usage_error(
        &["fit"],
        &[
            "kplan: the following required arguments were not provided:",
            "<INPUT>...",
            "Usage: kplan fit <INPUT>...",
        ],
    );
}

#[test]
fn a_bad_value_lists_the_allowed_ones() {
    usage_error(
        &["pods", "m5.large", "-o", "yaml"],
        &[
            "kplan: invalid value 'yaml' for '--output <OUTPUT>'",
            "[possible values: table, json]",
        ],
    );
}

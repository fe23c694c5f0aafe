//! `man/kplan.1` is the manual page generated from kplan's clap definitions (clap_mangen): the
//! main page with every subcommand's options. The test fails when the committed page is stale;
//! `KPLAN_BLESS=1 cargo test --test it man` rewrites it. Read it with `man ./man/kplan.1`.

use std::path::PathBuf;

/// The page: kplan's own section, then one section per subcommand (and per nested one).
fn render() -> String {
    let cmd = kplan::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .expect("man page renders");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        append(&mut out, &format!("kplan {}", sub.get_name()), sub);
    }
    String::from_utf8(out).expect("roff is UTF-8")
}

/// A subcommand's description and options as a `.SH` section (and its subcommands after it).
fn append(out: &mut Vec<u8>, name: &str, sub: &clap::Command) {
    use std::io::Write;
    writeln!(out, ".SH \"{}\"", name.to_uppercase()).expect("write");
    let man = clap_mangen::Man::new(sub.clone()).title(name.replace(' ', "-"));
    man.render_description_section(out).expect("description");
    man.render_synopsis_section(out).expect("synopsis");
    man.render_options_section(out).expect("options");
    for nested in sub.get_subcommands().filter(|s| s.get_name() != "help") {
        append(out, &format!("{name} {}", nested.get_name()), nested);
    }
}

#[test]
fn man_page_is_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man/kplan.1");
    let page = render();
    if std::env::var_os("KPLAN_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::create_dir_all(path.parent().expect("man/")).expect("man/ writable");
        std::fs::write(&path, &page).expect("page written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == page,
        "man/kplan.1 is stale: KPLAN_BLESS=1 cargo test --test it man"
    );
    for needle in [
        ".TH kplan 1",
        "KPLAN FIT",
        "KPLAN SUBNET CHECK",
        "\\-\\-prefix\\-delegation",
    ] {
        assert!(page.contains(needle), "{needle} in the page");
    }
}

//! Sizes given on the command line and in catalog filters, where a bare number means GiB
//! (`--min-memory 16`, `--memory 4:16`); everything else goes through the one quantity parser
//! of [`crate::workload::quantity`].

/// Memory in MiB from `16` (a bare number is GiB), or a Kubernetes quantity such as `16Gi`,
/// `8192Mi` or `1.5Ti`, through the one quantity parser; rounded up to whole MiB.
pub fn parse_memory_mib(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let bare = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.');
    let quantity = if bare {
        format!("{t}Gi")
    } else {
        t.to_string()
    };
    let bytes =
        crate::workload::quantity::parse_memory_bytes(&quantity).map_err(|e| e.to_string())?;
    Ok(bytes.div_ceil(1 << 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_numbers_are_gib_and_quantities_round_up() {
        assert_eq!(parse_memory_mib("16"), Ok(16 * 1024));
        assert_eq!(parse_memory_mib("1.5"), Ok(1536));
        assert_eq!(parse_memory_mib("8192Mi"), Ok(8192));
        assert_eq!(parse_memory_mib("1.5Ti"), Ok(1536 * 1024));
        assert_eq!(parse_memory_mib("1M"), Ok(1));
        assert!(parse_memory_mib("lots").is_err());
    }
}

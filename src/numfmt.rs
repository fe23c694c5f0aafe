//! Number formatting shared by tables, notes and error messages: thousands separators, fixed
//! decimals, percentages and the "saves"/"costs more" phrase. A leaf module (imports nothing
//! from kplan), so the domain and the renderers format numbers the same way.

/// A whole number with thousands separators: 11762 -> "11,762".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed whole number with thousands separators: -1234 -> "-1,234".
pub fn thousands_signed(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(n.unsigned_abs()))
}

/// A decimal with `decimals` places and thousands separators in its whole part:
/// (1121.2849, 2) -> "1,121.28"; not-a-number and infinities as Rust prints them.
pub fn decimal(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let whole: u64 = whole.parse().unwrap_or(0);
    // -0.00 prints as 0.00: a sign only when the rounded value is not zero.
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{}", thousands(whole))
    } else {
        format!("{sign}{}.{frac}", thousands(whole))
    }
}

/// A price per hour: four decimals (EC2 prices have up to four), thousands separators.
pub fn price(x: f64) -> String {
    decimal(x, 4)
}

/// A share (0.466) as a percentage with one decimal: "46.6%".
pub fn percent(share: f64) -> String {
    format!("{}%", decimal(share * 100.0, 1))
}

/// What a change of cost means, always with a positive amount: `saving` > 0 is
/// "saves 0.7152 USD/hour (46.6%)", < 0 "costs 0.1000 USD/hour more (5.0%)", 0 "costs the same".
/// `base` is the cost the change is measured against (the percentage's denominator).
pub fn saving_phrase(saving: f64, base: f64, currency: &str) -> String {
    let share = if base > 0.0 { saving.abs() / base } else { 0.0 };
    if saving > 0.0 {
        format!(
            "saves {} {currency}/hour ({})",
            price(saving),
            percent(share)
        )
    } else if saving < 0.0 {
        format!(
            "costs {} {currency}/hour more ({})",
            price(-saving),
            percent(share)
        )
    } else {
        "costs the same".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_signs() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(11762), "11,762");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(thousands_signed(-1234), "-1,234");
        assert_eq!(thousands_signed(i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn decimals_keep_their_places() {
        assert_eq!(decimal(1121.2849, 2), "1,121.28");
        assert_eq!(decimal(0.096, 4), "0.0960");
        assert_eq!(decimal(-1234.5, 1), "-1,234.5");
        assert_eq!(decimal(-0.00001, 2), "0.00");
        assert_eq!(decimal(12.0, 0), "12");
        assert_eq!(price(1234.5), "1,234.5000");
        assert_eq!(percent(0.466), "46.6%");
    }

    #[test]
    fn savings_read_the_same_way_both_ways() {
        assert_eq!(
            saving_phrase(0.7152, 1.5348, "USD"),
            "saves 0.7152 USD/hour (46.6%)"
        );
        assert_eq!(
            saving_phrase(-0.1, 2.0, "CNY"),
            "costs 0.1000 CNY/hour more (5.0%)"
        );
        assert_eq!(saving_phrase(0.0, 2.0, "USD"), "costs the same");
    }
}

//! Kubernetes resource quantities (`250m`, `0.5`, `1Gi`, `1.5G`, `1e9`), parsed exactly.
//!
//! The grammar is the API server's: a decimal number (`12`, `1.5`, `.5`) and at most one suffix:
//! binary `Ki Mi Gi Ti Pi Ei`, decimal `n u m k M G T P E`, or an exponent `e3` / `E-2`.
//! Values are kept as integers (a mantissa and powers of ten and two), never as `f64`, and
//! rounded up the way the API server does: CPU to whole millicores (`100u` is `1m`), memory to
//! whole bytes. YAML hands `cpu: 0.1` over as a float and `memory: 1e3` as a number, so the
//! serde types [`Cpu`] and [`Memory`] also take integers and floats (a float is read through its
//! shortest decimal form, so `0.1` is exactly 100m).

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// What a quantity measures: decides the unit it is rounded up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// CPU, in millicores.
    Cpu,
    /// Memory, in bytes.
    Memory,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Cpu => "CPU",
            Kind::Memory => "memory",
        }
    }
    fn example(self) -> &'static str {
        match self {
            Kind::Cpu => "250m, 0.5 or 2",
            Kind::Memory => "512Mi, 1Gi, 1.5G or 1e9",
        }
    }
}

/// A quantity that could not be parsed: the text and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    pub kind: Kind,
    pub text: String,
    pub reason: String,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} quantity '{}': {} (expected e.g. {})",
            self.kind.noun(),
            self.text,
            self.reason,
            self.kind.example()
        )
    }
}

impl std::error::Error for QuantityError {}

/// CPU in millicores, rounded up: `"250m"` -> 250, `"0.5"` -> 500, `"100u"` -> 1.
pub fn parse_cpu_millicores(s: &str) -> Result<u64, QuantityError> {
    parse(s, Kind::Cpu)
}

/// Memory in bytes, rounded up: `"1Gi"` -> 1073741824, `"1.5G"` -> 1500000000.
pub fn parse_memory_bytes(s: &str) -> Result<u64, QuantityError> {
    parse(s, Kind::Memory)
}

/// Parses a quantity into millicores ([`Kind::Cpu`]) or bytes ([`Kind::Memory`]), rounding up.
pub fn parse(s: &str, kind: Kind) -> Result<u64, QuantityError> {
    let err = |reason: &str| QuantityError {
        kind,
        text: s.to_string(),
        reason: reason.to_string(),
    };
    let t = s.trim();
    if t.is_empty() {
        return Err(err("empty"));
    }
    let t = match t.strip_prefix('+') {
        Some(rest) => rest,
        None => t,
    };
    if t.starts_with('-') {
        return Err(err("must not be negative"));
    }
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, suffix) = t.split_at(num_end);
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    if frac_part.contains('.') {
        return Err(err("more than one decimal point"));
    }
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(err("no number"));
    }
    // Decimal exponent and binary exponent of the suffix.
    let (mut exp10, exp2): (i64, u32) = match suffix {
        "" => (0, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        other => {
            let Some(rest) = other.strip_prefix(['e', 'E']) else {
                return Err(err(&format!("unknown suffix '{other}'")));
            };
            let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(&format!("unknown suffix '{other}'")));
            }
            match rest.parse::<i64>() {
                Ok(e) if e.abs() <= 10_000 => (e, 0),
                _ => return Err(err("exponent out of range")),
            }
        }
    };
    if kind == Kind::Cpu {
        exp10 += 3;
    }
    // Mantissa: all digits, leading zeros dropped, trailing zeros moved into the exponent.
    let all: String = format!("{int_part}{frac_part}");
    exp10 -= frac_part.len() as i64;
    let trimmed = all.trim_start_matches('0');
    let without_trailing = trimmed.trim_end_matches('0');
    exp10 += (trimmed.len() - without_trailing.len()) as i64;
    if without_trailing.is_empty() {
        return Ok(0);
    }
    if without_trailing.len() > 38 {
        return Err(err("too many significant digits"));
    }
    let mantissa: u128 = without_trailing
        .parse()
        .map_err(|_| err("too many significant digits"))?;
    let too_large = || err("too large");
    let mantissa = mantissa.checked_mul(1u128 << exp2).ok_or_else(too_large)?;
    let value: u128 = if exp10 >= 0 {
        let scale = 10u128
            .checked_pow(u32::try_from(exp10).map_err(|_| too_large())?)
            .ok_or_else(too_large)?;
        mantissa.checked_mul(scale).ok_or_else(too_large)?
    } else if -exp10 > 38 {
        // mantissa < 2^128 < 10^39: a positive value below one unit rounds up to 1.
        1
    } else {
        let scale = 10u128.pow((-exp10) as u32);
        mantissa.div_ceil(scale)
    };
    u64::try_from(value).map_err(|_| too_large())
}

/// A float from YAML (`cpu: 0.1`) read through its shortest decimal form.
fn float_text(v: f64) -> String {
    // `{}` on f64 prints the shortest digits that read back to the same float, never in
    // exponent form ("0.1", "1000", "0.000001").
    format!("{v}")
}

struct QuantityVisitor(Kind);

impl Visitor<'_> for QuantityVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a {} quantity such as {}",
            self.0.noun(),
            self.0.example()
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        parse(v, self.0).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        parse(&v.to_string(), self.0).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        parse(&v.to_string(), self.0).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        if !v.is_finite() {
            return Err(E::custom(QuantityError {
                kind: self.0,
                text: v.to_string(),
                reason: "not a finite number".into(),
            }));
        }
        parse(&float_text(v), self.0).map_err(E::custom)
    }
}

/// A CPU request in millicores; deserializes from `"250m"`, `0.5`, `2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cpu(pub u64);

/// A memory request in bytes; deserializes from `"512Mi"`, `"1.5G"`, `1e9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Memory(pub u64);

impl<'de> serde::Deserialize<'de> for Cpu {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor(Kind::Cpu)).map(Cpu)
    }
}

impl<'de> serde::Deserialize<'de> for Memory {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor(Kind::Memory)).map(Memory)
    }
}

/// Millicores as Kubernetes would write them: `250m`, `2` (whole cores), `1500m`.
pub fn format_cpu(millicores: u64) -> String {
    if millicores.is_multiple_of(1000) {
        format!("{}", millicores / 1000)
    } else {
        format!("{millicores}m")
    }
}

/// Bytes in the largest binary unit that divides them exactly: `1Gi`, `512Mi`, `1500000000`.
pub fn format_memory(bytes: u64) -> String {
    for (shift, unit) in [(40, "Ti"), (30, "Gi"), (20, "Mi"), (10, "Ki")] {
        if bytes != 0 && bytes.is_multiple_of(1u64 << shift) {
            return format!("{}{unit}", bytes >> shift);
        }
    }
    bytes.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cpu_examples() {
        for (s, m) in [
            ("250m", 250),
            ("0.5", 500),
            (".5", 500),
            ("2", 2000),
            ("1.5", 1500),
            ("100u", 1),
            ("1n", 1),
            ("0", 0),
            ("0m", 0),
            ("1k", 1_000_000),
            ("1e3", 1_000_000),
            ("1e-3", 1),
            ("2500e-3", 2500),
            ("0.0001", 1),
            ("1.0001", 1001),
            ("+3", 3000),
        ] {
            assert_eq!(parse_cpu_millicores(s), Ok(m), "{s}");
        }
    }

    #[test]
    fn memory_examples() {
        for (s, b) in [
            ("512Mi", 512 << 20),
            ("1Gi", 1 << 30),
            ("1.5Gi", 3 << 29),
            ("1.5G", 1_500_000_000),
            ("1e9", 1_000_000_000),
            ("1E9", 1_000_000_000),
            ("128974848", 128_974_848),
            ("129e6", 129_000_000),
            ("123Mi", 128_974_848),
            ("1Ki", 1024),
            ("1k", 1000),
            ("1m", 1),
            ("0.5", 1),
            ("8Ei", 8 << 60),
            ("1E", 1_000_000_000_000_000_000),
        ] {
            assert_eq!(parse_memory_bytes(s), Ok(b), "{s}");
        }
    }

    #[test]
    fn bad_values() {
        for (s, why) in [
            ("5OOm", "unknown suffix 'OOm'"),
            ("", "empty"),
            ("-1", "negative"),
            ("1.2.3", "decimal point"),
            ("m", "no number"),
            ("1Gb", "unknown suffix 'Gb'"),
            ("1e", "unknown suffix 'e'"),
            ("1e99999", "exponent out of range"),
            ("20Ei", "too large"),
            ("1e30", "too large"),
        ] {
            let e = parse_memory_bytes(s).expect_err(s);
            let text = e.to_string();
            assert!(text.contains(why), "{s}: {text}");
            assert!(text.contains(&format!("'{s}'")), "{text}");
        }
    }

    #[test]
    fn yaml_numbers_and_strings() {
        #[derive(serde::Deserialize)]
        struct R {
            cpu: Cpu,
            memory: Memory,
        }
        for (y, c, m) in [
            ("cpu: 0.1\nmemory: 1e3", 100, 1000),
            ("cpu: 2\nmemory: 1024", 2000, 1024),
            ("cpu: '250m'\nmemory: 1Gi", 250, 1 << 30),
            ("cpu: 0.001\nmemory: 1.5e3", 1, 1500),
            ("cpu: 1.1\nmemory: 0.5Ki", 1100, 512),
        ] {
            let r: R = yaml_serde::from_str(y).expect(y);
            assert_eq!((r.cpu.0, r.memory.0), (c, m), "{y}");
        }
        let e = yaml_serde::from_str::<R>("cpu: 5OOm\nmemory: 1Gi")
            .err()
            .expect("error");
        let text = e.to_string();
        assert!(text.contains("cpu") && text.contains("'5OOm'"), "{text}");
        assert!(yaml_serde::from_str::<R>("cpu: -1\nmemory: 1").is_err());
        assert!(yaml_serde::from_str::<R>("cpu: .nan\nmemory: 1").is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_cpu(250), "250m");
        assert_eq!(format_cpu(2000), "2");
        assert_eq!(format_memory(512 << 20), "512Mi");
        assert_eq!(format_memory(3 << 29), "1536Mi");
        assert_eq!(format_memory(1_500_000_000), "1500000000");
    }

    const BIN: [(&str, u32); 6] = [
        ("Ki", 10),
        ("Mi", 20),
        ("Gi", 30),
        ("Ti", 40),
        ("Pi", 50),
        ("Ei", 60),
    ];
    const DEC: [(&str, i32); 9] = [
        ("n", -9),
        ("u", -6),
        ("m", -3),
        ("", 0),
        ("k", 3),
        ("M", 6),
        ("G", 9),
        ("T", 12),
        ("P", 15),
    ];

    /// ceil(n * 10^e) computed independently with u128 (None when above u64).
    fn scaled(n: u128, e: i32) -> Option<u64> {
        let v = if e >= 0 {
            n.checked_mul(10u128.checked_pow(e as u32)?)?
        } else {
            let d = 10u128.pow((-e) as u32);
            n.div_ceil(d)
        };
        u64::try_from(v).ok()
    }

    proptest! {
        #[test]
        fn binary_suffixes(n in 0u64..1_000_000, i in 0usize..6) {
            let (suffix, shift) = BIN[i];
            let want = u64::try_from(u128::from(n) << shift).ok();
            prop_assert_eq!(parse_memory_bytes(&format!("{n}{suffix}")).ok(), want);
        }

        #[test]
        fn decimal_suffixes(n in 0u64..10_000_000_000, i in 0usize..9) {
            let (suffix, e) = DEC[i];
            prop_assert_eq!(parse_memory_bytes(&format!("{n}{suffix}")).ok(), scaled(n.into(), e));
            prop_assert_eq!(parse_cpu_millicores(&format!("{n}{suffix}")).ok(), scaled(n.into(), e + 3));
        }

        #[test]
        fn decimals_round_up(int in 0u64..100_000, frac in "[0-9]{1,12}", i in 0usize..9) {
            let (suffix, e) = DEC[i];
            let digits: u128 = format!("{int}{frac}").parse().unwrap();
            let e = e - frac.len() as i32;
            prop_assert_eq!(
                parse_memory_bytes(&format!("{int}.{frac}{suffix}")).ok(),
                scaled(digits, e)
            );
            prop_assert_eq!(
                parse_cpu_millicores(&format!("{int}.{frac}{suffix}")).ok(),
                scaled(digits, e + 3)
            );
        }

        #[test]
        fn exponents(n in 0u64..1_000_000, e in -12i32..12) {
            prop_assert_eq!(parse_memory_bytes(&format!("{n}e{e}")).ok(), scaled(n.into(), e));
        }

        #[test]
        fn millicores_round_trip(m in 0u64..100_000_000) {
            prop_assert_eq!(parse_cpu_millicores(&format_cpu(m)), Ok(m));
            prop_assert_eq!(parse_cpu_millicores(&format!("{}.{:03}", m / 1000, m % 1000)), Ok(m));
        }

        #[test]
        fn bytes_round_trip(b in 0u64..u64::MAX / 2) {
            prop_assert_eq!(parse_memory_bytes(&format_memory(b)), Ok(b));
        }

        #[test]
        fn yaml_floats_are_exact(m in 0u64..10_000_000) {
            // A float written with three decimals reads back as exactly those millicores.
            let y = format!("{}.{:03}", m / 1000, m % 1000);
            let v: Cpu = yaml_serde::from_str(&y).unwrap();
            prop_assert_eq!(v.0, m);
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = parse_cpu_millicores(&s);
            let _ = parse_memory_bytes(&s);
        }
    }
}

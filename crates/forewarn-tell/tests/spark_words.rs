use forewarn_tell::{sparkline, words_of_estimative_probability as wep};

#[test]
fn sparkline_scales_to_min_max() {
    assert_eq!(
        sparkline(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]),
        "▁▂▃▄▅▆▇█"
    );
    // Scaled to the series, not to 0–1: a small rise still uses the full height.
    assert_eq!(sparkline(&[0.10, 0.11, 0.17]), "▁▂█");
}

#[test]
fn sparkline_edge_cases() {
    assert_eq!(sparkline(&[]), "");
    assert_eq!(sparkline(&[0.3]), "▄");
    assert_eq!(sparkline(&[0.2, 0.2, 0.2]), "▄▄▄");
    assert_eq!(sparkline(&[0.1, f64::NAN, 0.3]), "▁ █");
    assert_eq!(sparkline(&[-1.0, 1.0]), "▁█");
}

#[test]
fn estimative_words_follow_the_phia_yardstick() {
    let table = [
        (0.0, "remote chance"),
        (0.05, "remote chance"),
        (0.051, "highly unlikely"),
        (0.184, "highly unlikely"),
        (0.20, "highly unlikely"),
        (0.25, "unlikely"),
        (0.35, "unlikely"),
        (0.40, "realistic possibility"),
        (0.50, "realistic possibility"),
        (0.549, "realistic possibility"),
        (0.55, "likely"),
        (0.75, "likely"),
        (0.80, "highly likely"),
        (0.90, "highly likely"),
        (0.95, "almost certain"),
        (1.0, "almost certain"),
    ];
    for (p, words) in table {
        assert_eq!(wep(p), words, "p = {p}");
    }
    assert_eq!(wep(f64::NAN), "no assessment");
}

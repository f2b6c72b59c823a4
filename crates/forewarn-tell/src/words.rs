/// The UK Professional Head of Intelligence Assessment (PHIA) probability yardstick term for
/// `p` (0–1).
///
/// Source: UK Cabinet Office / Defence Intelligence, "Professional Head of Intelligence
/// Assessment: Probability Yardstick" (2019 revision). Its published bands are remote chance
/// ≤5%, highly unlikely 10–20%, unlikely 25–35%, realistic possibility 40–50%, likely 55–75%,
/// highly likely 80–90%, almost certain ≥95%. The yardstick leaves deliberate gaps between bands;
/// a model emits every value, so each gap is given to the band nearer to even odds. A mechanical
/// forecast should not sound more certain than the yardstick allows.
///
/// | probability    | words                 |
/// |----------------|-----------------------|
/// | ≤ 5%           | remote chance         |
/// | > 5% – 20%     | highly unlikely       |
/// | > 20% – 35%    | unlikely              |
/// | > 35% – < 55%  | realistic possibility |
/// | 55% – < 80%    | likely                |
/// | 80% – < 95%    | highly likely         |
/// | ≥ 95%          | almost certain        |
///
/// ```
/// assert_eq!(forewarn_tell::words_of_estimative_probability(0.184), "highly unlikely");
/// ```
pub fn words_of_estimative_probability(p: f64) -> &'static str {
    if p.is_nan() {
        "no assessment"
    } else if p <= 0.05 {
        "remote chance"
    } else if p <= 0.20 {
        "highly unlikely"
    } else if p <= 0.35 {
        "unlikely"
    } else if p < 0.55 {
        "realistic possibility"
    } else if p < 0.80 {
        "likely"
    } else if p < 0.95 {
        "highly likely"
    } else {
        "almost certain"
    }
}

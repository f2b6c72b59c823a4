use chrono::NaiveDate;
use forewarn_gazetteer::{Gazetteer, GazetteerError, PlaceKind};
use forewarn_model::ActorKind;
use std::collections::HashSet;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Gazetteer>();
}

#[test]
fn all_un_members_and_four_more_are_present() {
    let gaz = Gazetteer::builtin();
    let members = gaz.countries().iter().filter(|c| c.un_member).count();
    assert_eq!(members, 193);
    for code in ["XKX", "TWN", "PSE", "VAT"] {
        let c = gaz.country(code).unwrap();
        assert!(!c.un_member, "{code}");
    }
    let codes: HashSet<&str> = gaz.countries().iter().map(|c| c.iso3.as_str()).collect();
    assert_eq!(codes.len(), gaz.countries().len(), "iso3 codes are unique");
    for c in gaz.countries() {
        assert!(
            c.capital.is_some() && c.capital_location.is_some(),
            "{} lacks a capital",
            c.name
        );
        let capital = gaz.place(c.capital.as_deref().unwrap()).unwrap();
        assert_eq!(capital.country, c.iso3, "capital of {}", c.name);
    }
}

#[test]
fn country_lookup_by_name_alias_and_demonym() {
    let gaz = Gazetteer::builtin();
    assert_eq!(gaz.country("BLR").unwrap().name, "Belarus");
    for name in ["belarus", "Byelorussian", "BELARUSSIAN", " Belarusian "] {
        assert_eq!(gaz.country_by_name(name).unwrap().iso3, "BLR", "{name}");
    }
    assert_eq!(gaz.country_by_name("Ivory Coast").unwrap().iso3, "CIV");
    assert_eq!(gaz.country_by_name("Czech Republic").unwrap().iso3, "CZE");
    assert_eq!(gaz.country_by_name("Burma").unwrap().iso3, "MMR");
    assert_eq!(gaz.country_by_name("American").unwrap().iso3, "USA");
    assert_eq!(gaz.country_by_name("U.S.").unwrap().iso3, "USA");
    let ukr = gaz.country("UKR").unwrap();
    assert_eq!(ukr.capital.as_deref(), Some("Kyiv"));
    assert!(ukr.capital_aliases.iter().any(|a| a == "Kiev"));
    assert!(gaz.country_by_name("Atlantis").is_none());
}

#[test]
fn offices_resolve_by_date() {
    let gaz = Gazetteer::builtin();
    let cases = [
        ("BLR", "president", day(2022, 12, 1), "Alexander Lukashenko"),
        ("RUS", "president", day(2010, 1, 1), "Dmitry Medvedev"),
        ("RUS", "president", day(2005, 1, 1), "Vladimir Putin"),
        ("RUS", "prime minister", day(2010, 1, 1), "Vladimir Putin"),
        ("RUS", "Defense Minister", day(2020, 1, 1), "Sergei Shoigu"),
        (
            "RUS",
            "defence minister",
            day(2024, 6, 1),
            "Andrei Belousov",
        ),
        ("RUS", "foreign minister", day(2022, 1, 1), "Sergei Lavrov"),
        (
            "RUS",
            "chief of the general staff",
            day(2023, 1, 1),
            "Valery Gerasimov",
        ),
        ("RUS", "leader", day(2023, 1, 1), "Vladimir Putin"),
        ("BLR", "defence minister", day(2022, 1, 1), "Viktor Khrenin"),
        ("BLR", "foreign minister", day(2020, 1, 1), "Vladimir Makei"),
        ("BLR", "foreign minister", day(2023, 1, 1), "Sergei Aleinik"),
        ("UKR", "president", day(2016, 1, 1), "Petro Poroshenko"),
        ("UKR", "president", day(2022, 3, 1), "Volodymyr Zelensky"),
        ("USA", "president", day(2022, 3, 1), "Joe Biden"),
        ("USA", "president", day(2025, 3, 1), "Donald Trump"),
        (
            "USA",
            "secretary of state",
            day(2022, 3, 1),
            "Antony Blinken",
        ),
        ("USA", "defense secretary", day(2022, 3, 1), "Lloyd Austin"),
        (
            "NATO",
            "secretary-general",
            day(2022, 3, 1),
            "Jens Stoltenberg",
        ),
        ("NATO", "secretary general", day(2025, 3, 1), "Mark Rutte"),
        ("GBR", "leader", day(2022, 10, 1), "Liz Truss"),
        ("DEU", "leader", day(2023, 1, 1), "Olaf Scholz"),
        ("POL", "president", day(2020, 1, 1), "Andrzej Duda"),
    ];
    for (code, office, date, want) in cases {
        assert_eq!(
            gaz.office_holder(code, office, date),
            Some(want),
            "{code} {office} {date}"
        );
    }
    assert_eq!(gaz.office_holder("BLR", "president", day(1990, 1, 1)), None);
    assert_eq!(gaz.office_holder("ZZZ", "president", day(2020, 1, 1)), None);
}

#[test]
fn people_act_for_the_body_they_served_on_the_date() {
    let gaz = Gazetteer::builtin();
    let at_nato = gaz.actors("Rutte spoke.", Some(day(2025, 1, 1)));
    assert_eq!(at_nato[0].country.as_deref(), Some("NATO"));
    assert_eq!(at_nato[0].sector.as_deref(), Some("IGO"));
    let at_home = gaz.actors("Rutte spoke.", Some(day(2015, 1, 1)));
    assert_eq!(at_home[0].country.as_deref(), Some("NLD"));
    assert_eq!(at_home[0].kind, ActorKind::Leader);
}

#[test]
fn places_carry_region_and_kind() {
    let gaz = Gazetteer::builtin();
    let mozyr = gaz.place("Mazyr").unwrap();
    assert_eq!(mozyr.name, "Mozyr");
    assert_eq!(mozyr.admin1.as_deref(), Some("Gomel Region"));
    assert_eq!(gaz.place("homel oblast").unwrap().kind, PlaceKind::Region);
    assert_eq!(gaz.place("Machulishchy").unwrap().kind, PlaceKind::Base);
    assert_eq!(gaz.place("Odessa").unwrap().name, "Odesa");
    assert_eq!(gaz.place("Nairobi").unwrap().kind, PlaceKind::Capital);
    let found = gaz.places("Troops moved from the Gomel region towards Chernobyl.");
    let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Gomel Region", "Chernobyl"]);
}

#[test]
fn words_inside_other_words_do_not_match() {
    let gaz = Gazetteer::builtin();
    let found = gaz.actors("Romanticism, Iranianness, Putinism and Romanovs.", None);
    assert!(found.is_empty(), "{found:?}");
    let found = gaz.actors("The Chadian army and pro-Russian groups.", None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].country.as_deref(), Some("TCD"));
    assert_eq!(found[0].sector.as_deref(), Some("MIL"));
}

#[test]
fn messy_input_never_panics() {
    let gaz = Gazetteer::builtin();
    let inputs = [
        "",
        " ",
        "'",
        "Russia'",
        "Russia’",
        "Russia's",
        "Belarusian ",
        "the Belarusian",
        "Hungarian and",
        "Hungarian and Romanian",
        "army of Belarus",
        "of Belarus",
        "\u{a0}Belarusian\u{a0}troops\u{a0}",
        "ЛукашенкоLukashenko Лукашенко",
        "🙂Belarus🙂 Belarusian🙂troops",
        "Minsk Minsk Minsk Minsk",
        "President",
        "President Putin's",
    ];
    for text in inputs {
        for m in gaz.actors(text, None) {
            assert_eq!(&text[m.span.0..m.span.1], m.text);
        }
        for p in gaz.places(text) {
            assert_eq!(&text[p.span.0..p.span.1], p.text);
        }
    }
}

#[test]
fn mentions_are_sorted_and_disjoint() {
    let gaz = Gazetteer::builtin();
    let text = "Russian and Belarusian troops, the army of Belarus, Russia's army and NATO \
                forces met Lukashenko, the Kremlin and Kyiv near Brest and Gomel.";
    let found = gaz.actors(text, None);
    for pair in found.windows(2) {
        assert!(pair[0].span.1 <= pair[1].span.0, "{pair:?}");
    }
}

const EXTENSION: &str = r#"
[[country]]
iso3 = "BLR"
name = "Belarus"
demonyms = ["Belarusan"]

[[organization]]
name = "Example Brigade"
country = "BLR"
sector = "REB"
kind = "armed_group"

[[person]]
name = "Ivan Examplevich"
aliases = ["Examplevich"]
country = "BLR"
terms = [{ office = "Defense Minister", from = "2031-05", to = "2033" }]

[[place]]
name = "Examplevo"
country = "BLR"
admin1 = "Gomel Region"
kind = "village"
at = [52.1, 30.2]
"#;

#[test]
fn extension_adds_entries() {
    let mut gaz = Gazetteer::builtin();
    gaz.extend_from_toml(EXTENSION, "local.toml").unwrap();
    let date = Some(day(2032, 1, 1));
    let found = gaz.actors(
        "The Example Brigade attacked Examplevo; Examplevich blamed Belarusan troops.",
        date,
    );
    let summary: Vec<(ActorKind, &str, &str)> = found
        .iter()
        .map(|m| (m.kind, m.name.as_str(), m.sector.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        summary,
        [
            (ActorKind::ArmedGroup, "Example Brigade", "REB"),
            (ActorKind::Leader, "Ivan Examplevich", "GOV"),
            (ActorKind::Demonym, "Belarus", "MIL"),
        ]
    );
    assert_eq!(
        gaz.office_holder("BLR", "defence minister", day(2033, 12, 31)),
        Some("Ivan Examplevich")
    );
    assert_eq!(
        gaz.place("examplevo").unwrap().admin1.as_deref(),
        Some("Gomel Region")
    );
    // The shipped data is untouched by one caller's extension.
    assert!(Gazetteer::builtin().place("Examplevo").is_none());
}

#[test]
fn unknown_field_names_origin_line_and_field() {
    let mut gaz = Gazetteer::builtin();
    let src = "[[place]]\nname = \"X\"\ncountry = \"BLR\"\nat = [1.0, 2.0]\npopulation = 5\n";
    let err = gaz.extend_from_toml(src, "my.toml").unwrap_err();
    match &err {
        GazetteerError::Syntax {
            origin,
            line,
            message,
            ..
        } => {
            assert_eq!(origin, "my.toml");
            assert_eq!(*line, 5);
            assert!(message.contains("population"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    insta::assert_snapshot!(err.to_string());
}

#[test]
fn malformed_extensions_are_rejected_and_change_nothing() {
    let mut gaz = Gazetteer::builtin();
    let bad = [
        ("syntax", "[[place]\nname = 1\n"),
        (
            "wrong type",
            "[[place]]\nname = 1\ncountry = \"BLR\"\nat = [1.0, 2.0]\n",
        ),
        (
            "bad date",
            "[[person]]\nname = \"A B\"\ncountry = \"BLR\"\nterms = [{ office = \"president\", from = \"May 2020\" }]\n",
        ),
        (
            "unknown code",
            "[[place]]\nname = \"X\"\ncountry = \"XYZ\"\nat = [1.0, 2.0]\n",
        ),
        (
            "bad coordinates",
            "[[place]]\nname = \"X\"\ncountry = \"BLR\"\nat = [91.0, 2.0]\n",
        ),
        ("unknown table", "[[city]]\nname = \"X\"\n"),
    ];
    let mut report = String::new();
    for (label, src) in bad {
        let err = gaz.extend_from_toml(src, "ext.toml").unwrap_err();
        report.push_str(&format!("{label}: {err}\n"));
    }
    insta::assert_snapshot!(report);
    assert!(gaz.place("X").is_none());
}

#[test]
fn world_places_resolve_conflict_names_to_the_right_country() {
    let gaz = Gazetteer::builtin();
    let text = "Strikes hit Idlib, Tigray, Donetsk Oblast, Kharkiv, Gaza, Darfur, \
                Nagorno-Karabakh, Goma, El Fasher and Borno State.";
    let found: Vec<(String, String)> = gaz
        .places(text)
        .into_iter()
        .map(|p| (p.text, p.country))
        .collect();
    let want = [
        ("Idlib", "SYR"),
        ("Tigray", "ETH"),
        ("Donetsk Oblast", "UKR"),
        ("Kharkiv", "UKR"),
        ("Gaza", "PSE"),
        ("Darfur", "SDN"),
        ("Nagorno-Karabakh", "AZE"),
        ("Goma", "COD"),
        ("El Fasher", "SDN"),
        ("Borno State", "NGA"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, want);
    assert_eq!(gaz.place("Tigray").unwrap().kind, PlaceKind::Region);
}

#[test]
fn common_words_and_states_beat_towns_of_the_same_name() {
    let gaz = Gazetteer::builtin();
    // "Nice" and "Mobile" are towns, "Obama" a town in Japan; none is a place here.
    let text = "Nice words from Obama on the Mobile front.";
    assert!(gaz.places(text).is_empty(), "{:?}", gaz.places(text));
    // Georgia, Jordan and Lebanon are the states, not US or Philippine towns.
    let (actors, places) = gaz.scan("Georgia, Jordan and Lebanon protested.", None);
    let codes: Vec<&str> = actors.iter().filter_map(|a| a.country.as_deref()).collect();
    assert_eq!(codes, ["GEO", "JOR", "LBN"]);
    assert!(places.is_empty(), "{places:?}");
}

#[test]
fn scan_is_actors_and_places_in_one_pass() {
    let gaz = Gazetteer::builtin();
    let text = "Russian troops left Kherson as Lukashenko met Putin in Minsk.";
    let (actors, places) = gaz.scan(text, Some(day(2022, 11, 11)));
    assert_eq!(actors, gaz.actors(text, Some(day(2022, 11, 11))));
    assert_eq!(places, gaz.places(text));
    let names: Vec<&str> = places.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Kherson", "Minsk"]);
}

//! Imported event datasets and the daily counts the triggers of migration 3 keep.

use chrono::NaiveDate;
use forewarn_model::{ImportedArticle, ImportedEvent, ImportedMention, Measure};

use crate::db::{Exec, Value, vals};
use crate::{Result, Store, StoreError};

/// Which daily counts to add up. `None` or empty means any; country codes and types compare
/// exactly (upper case, as stored).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountFilter {
    /// `news`, `gdelt`, `acled`, or a mapped CSV's dataset name.
    pub datasets: Vec<String>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub location: Vec<String>,
    /// PLOVER type names such as `MOBILIZE`.
    pub event_types: Vec<String>,
    pub modes: Vec<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Events (the default) or mentions of them.
    pub measure: Measure,
}

/// The table of daily counts of a measure; the same filters apply to both, by the counted
/// event's attributes.
fn table(measure: Measure) -> &'static str {
    match measure {
        Measure::Events => "daily_counts",
        Measure::Mentions => "daily_mention_counts",
        Measure::Articles => "daily_article_counts",
    }
}

impl Store {
    /// Inserts imported events in one transaction; an event whose `(dataset, source_id)` is
    /// already stored is skipped, so re-importing a file changes nothing. Returns how many
    /// were new. Daily counts follow by trigger.
    pub fn insert_imported_events(&mut self, events: &[ImportedEvent]) -> Result<usize> {
        self.insert_all(
            "INSERT INTO imported_events (dataset, source_id, date, native_type,
             event_type, mode, source_country, target_country, location_country, admin1,
             location, lat, lon, description, url)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT DO NOTHING",
            events,
            |e| {
                Ok(Vec::from(vals![
                    &e.dataset,
                    &e.source_id,
                    e.date.map(|d| d.to_string()),
                    &e.native_type,
                    e.event_type.map(|t| t.as_str()),
                    &e.mode,
                    &e.source_country,
                    &e.target_country,
                    &e.location_country,
                    &e.admin1,
                    &e.location,
                    e.lat,
                    e.lon,
                    &e.description,
                    &e.url,
                ]))
            },
        )
    }

    /// Inserts mentions of imported events in one transaction; a mention already stored (same
    /// event, URL, sentence and time) is skipped, so re-importing a file changes nothing. Returns how
    /// many were new. Daily mention counts follow by trigger, now for mentions of stored events
    /// and later, when it is imported, for the rest.
    pub fn insert_imported_mentions(&mut self, mentions: &[ImportedMention]) -> Result<usize> {
        self.insert_all(
            "INSERT INTO imported_mentions (dataset, event_source_id, mentioned_at,
             mention_type, source_name, url, sentence, confidence, tone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT DO NOTHING",
            mentions,
            |m| {
                Ok(Vec::from(vals![
                    &m.dataset,
                    &m.event_source_id,
                    m.mentioned_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    m.mention_type,
                    &m.source_name,
                    &m.url,
                    m.sentence,
                    m.confidence,
                    m.tone,
                ]))
            },
        )
    }

    /// Inserts GKG articles in one transaction; an article already stored (same record id) is
    /// skipped. Returns how many were new. Daily article counts follow by trigger.
    pub fn insert_imported_articles(&mut self, articles: &[ImportedArticle]) -> Result<usize> {
        self.insert_all(
            "INSERT INTO imported_articles (dataset, record_id, published,
             source_name, url, countries, themes, tone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT DO NOTHING",
            articles,
            |a| {
                Ok(Vec::from(vals![
                    &a.dataset,
                    &a.record_id,
                    a.published.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    &a.source_name,
                    &a.url,
                    serde_json::to_string(&a.countries)?,
                    serde_json::to_string(&a.themes)?,
                    a.tone,
                ]))
            },
        )
    }

    /// Runs `insert` (an `INSERT … ON CONFLICT DO NOTHING`) for every row in one transaction;
    /// returns how many rows were new.
    fn insert_all<T>(
        &mut self,
        insert: &str,
        rows: &[T],
        bind: impl Fn(&T) -> Result<Vec<Value>>,
    ) -> Result<usize> {
        self.db.transaction(|tx: &mut dyn Exec| {
            let mut added = 0;
            for row in rows {
                added += tx.execute(insert, &bind(row)?)?;
            }
            Ok(added)
        })
    }

    /// How many mentions the store holds, and how many of them mention an event it holds.
    pub fn mention_totals(&self) -> Result<(u64, u64)> {
        let mut row = self.db.query_one(
            "SELECT count(*), count(e.id) FROM imported_mentions m
             LEFT JOIN imported_events e
                 ON e.dataset = m.dataset AND e.source_id = m.event_source_id",
            &[],
        )?;
        Ok((row.take(0)?, row.take(1)?))
    }

    /// How many imported events the store holds, per dataset.
    pub fn imported_counts(&self) -> Result<Vec<(String, u64)>> {
        self.db
            .query(
                "SELECT dataset, count(*) FROM imported_events GROUP BY dataset ORDER BY 1",
                &[],
            )?
            .into_iter()
            .map(|mut r| Ok((r.take(0)?, r.take(1)?)))
            .collect()
    }

    /// Events (or mentions, by `filter.measure`) per day matching `filter`, in date order;
    /// days without any are absent.
    pub fn daily_counts(&self, filter: &CountFilter) -> Result<Vec<(NaiveDate, u64)>> {
        let mut sql = format!(
            // A sum of integers is NUMERIC in PostgreSQL; the cast keeps it an integer.
            "SELECT day, CAST(sum(n) AS BIGINT) FROM {} WHERE n > 0",
            table(filter.measure)
        );
        let mut args: Vec<Value> = Vec::new();
        let mut any_of = |column: &str, values: &[String], args: &mut Vec<Value>| {
            if values.is_empty() {
                return;
            }
            let marks = vec!["?"; values.len()].join(", ");
            sql.push_str(&format!(" AND {column} IN ({marks})"));
            args.extend(values.iter().map(Value::from));
        };
        any_of("dataset", &filter.datasets, &mut args);
        any_of("source_country", &filter.source, &mut args);
        any_of("target_country", &filter.target, &mut args);
        any_of("location_country", &filter.location, &mut args);
        any_of("event_type", &filter.event_types, &mut args);
        any_of("mode", &filter.modes, &mut args);
        if let Some(d) = filter.since {
            sql.push_str(" AND day >= ?");
            args.push(d.to_string().into());
        }
        if let Some(d) = filter.until {
            sql.push_str(" AND day <= ?");
            args.push(d.to_string().into());
        }
        sql.push_str(" GROUP BY day ORDER BY day");
        let mut out = Vec::new();
        for mut row in self.db.query(&sql, &args)? {
            let date = parse_day(&row.take::<String>(0)?)?;
            let n: i64 = row.take(1)?;
            out.push((date, n.max(0) as u64));
        }
        Ok(out)
    }

    /// Imported events per (region, day), for region-by-week early warning. The region is the
    /// event's `admin1` prefixed by its location country (`UKR/Kharkiv Oblast`), or the country
    /// alone when `by_country`. Events without a date or region are left out; this counts events
    /// whatever `filter.measure` says.
    pub fn region_day_counts(
        &self,
        filter: &CountFilter,
        by_country: bool,
    ) -> Result<Vec<(String, NaiveDate, u64)>> {
        let region = if by_country {
            "location_country"
        } else {
            "coalesce(location_country, '') || '/' || admin1"
        };
        let mut sql = format!(
            "SELECT {region} AS region, date, count(*) FROM imported_events
             WHERE date IS NOT NULL AND {region} IS NOT NULL"
        );
        let mut args: Vec<Value> = Vec::new();
        for (column, values) in [
            ("dataset", &filter.datasets),
            ("source_country", &filter.source),
            ("target_country", &filter.target),
            ("location_country", &filter.location),
            ("event_type", &filter.event_types),
            ("mode", &filter.modes),
        ] {
            if !values.is_empty() {
                let marks = vec!["?"; values.len()].join(", ");
                sql.push_str(&format!(" AND {column} IN ({marks})"));
                args.extend(values.iter().map(Value::from));
            }
        }
        if let Some(d) = filter.since {
            sql.push_str(" AND date >= ?");
            args.push(d.to_string().into());
        }
        if let Some(d) = filter.until {
            sql.push_str(" AND date <= ?");
            args.push(d.to_string().into());
        }
        sql.push_str(" GROUP BY 1, 2 ORDER BY 1, 2");
        let mut out = Vec::new();
        for mut row in self.db.query(&sql, &args)? {
            let region: String = row.take(0)?;
            let day = parse_day(&row.take::<String>(1)?)?;
            out.push((region, day, row.take(2)?));
        }
        Ok(out)
    }
}

fn parse_day(day: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| StoreError::Corrupt {
        column: "daily_counts.day",
        value: day.to_string(),
    })
}

//! One connection to either backend, SQLite or PostgreSQL, behind one small interface: the
//! store's logic is written once, in SQL both accept, and only the few statements that have no
//! common form (full-text search, the change counter, the schema version) ask for the
//! [`Dialect`].
//!
//! SQL is written in SQLite's placeholder style (`?1`, or bare `?`); for PostgreSQL it is
//! rewritten to `$1` once and the prepared statement kept for the life of the connection.
//! Parameters and results travel as [`Value`]s: integers, reals, text and NULL, which is all
//! the schema stores (booleans are integers 0 and 1, dates `YYYY-MM-DD` text, JSON text).

use std::cell::RefCell;
use std::collections::HashMap;

use crate::{Result, StoreError};

/// Which SQL a statement with no common form must be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A parameter or a result column: all the schema stores, on either backend.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Numbers (and booleans, stored as 0 and 1) that widen losslessly to a column's integer or
/// real.
macro_rules! from_number {
    ($variant:ident, $wide:ty: $($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(<$wide>::from(v))
            }
        }
    )*};
}
from_number!(Int, i64: i64, u32, i32, u8, bool);
from_number!(Real, f64: f64, f32);

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Clone + Into<Value>> From<&Option<T>> for Value {
    fn from(v: &Option<T>) -> Self {
        v.clone().map_or(Value::Null, Into::into)
    }
}

/// `vals![a, b, c]`: a parameter array, each item converted with `Value::from`.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { [$($crate::db::Value::from($v)),*] };
}
pub(crate) use vals;

/// A value read back out of a column.
pub(crate) trait FromValue: Sized {
    /// The value back when it is not of this type.
    fn from_value(value: Value) -> Result<Self, Value>;
}

impl FromValue for i64 {
    fn from_value(value: Value) -> Result<Self, Value> {
        match value {
            Value::Int(v) => Ok(v),
            other => Err(other),
        }
    }
}

/// Integers that must fit a narrower unsigned type (counts, indexes, offsets).
macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: Value) -> Result<Self, Value> {
                let v = i64::from_value(value)?;
                <$t>::try_from(v).map_err(|_| Value::Int(v))
            }
        }
    )*};
}
from_int!(usize, u32, u64);

impl FromValue for bool {
    fn from_value(value: Value) -> Result<Self, Value> {
        i64::from_value(value).map(|v| v != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: Value) -> Result<Self, Value> {
        match value {
            Value::Real(v) => Ok(v),
            // SQLite hands back a REAL column holding a whole number as an integer.
            Value::Int(v) => Ok(v as f64),
            other => Err(other),
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Result<Self, Value> {
        match value {
            Value::Text(v) => Ok(v),
            other => Err(other),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: Value) -> Result<Self, Value> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// One result row. Columns are taken out by index, each once.
#[derive(Debug)]
pub(crate) struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Column `index` as a `T`; taking a column twice gives NULL the second time.
    pub(crate) fn take<T: FromValue>(&mut self, index: usize) -> Result<T> {
        let value = self
            .values
            .get_mut(index)
            .map(|v| std::mem::replace(v, Value::Null))
            .ok_or(StoreError::ColumnType {
                index,
                expected: std::any::type_name::<T>(),
                found: "no such column".to_string(),
            })?;
        T::from_value(value).map_err(|found| StoreError::ColumnType {
            index,
            expected: std::any::type_name::<T>(),
            found: format!("{found:?}"),
        })
    }
}

/// What every statement runs through: a connection or an open transaction of either backend.
pub(crate) trait Exec {
    /// Runs a statement; returns how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<usize>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs statements separated by `;`, without parameters (schema migrations).
    fn batch(&mut self, sql: &str) -> Result<()>;

    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or(StoreError::NoRow(first_words(sql)))
    }
}

fn first_words(sql: &str) -> String {
    sql.split_whitespace().take(6).collect::<Vec<_>>().join(" ")
}

/// The open connection of a [`crate::Store`].
pub(crate) enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Box<Pg>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Db::Sqlite(conn) => f.debug_tuple("Sqlite").field(conn).finish(),
            Db::Postgres(_) => f.write_str("Postgres"),
        }
    }
}

impl Db {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `f` on the connection outside any transaction (each statement commits alone).
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut dyn Exec) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(conn) => f(&mut SqliteExec(conn)),
            Db::Postgres(pg) => {
                let mut client = pg.client.borrow_mut();
                let mut statements = pg.statements.borrow_mut();
                f(&mut PgExec {
                    client: &mut *client,
                    statements: &mut statements,
                })
            }
        }
    }

    pub(crate) fn query(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        self.with(|c| c.query(sql, params))
    }

    pub(crate) fn query_opt(&self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        self.with(|c| c.query_opt(sql, params))
    }

    pub(crate) fn query_one(&self, sql: &str, params: &[Value]) -> Result<Row> {
        self.with(|c| c.query_one(sql, params))
    }

    pub(crate) fn execute(&self, sql: &str, params: &[Value]) -> Result<usize> {
        self.with(|c| c.execute(sql, params))
    }

    /// Runs `f` in one write transaction: committed when it returns `Ok`, rolled back
    /// otherwise.
    ///
    /// On SQLite it takes the write lock at the start (`BEGIN IMMEDIATE`), so what the
    /// transaction reads cannot change before it writes, and it never has to upgrade a read
    /// lock another writer blocks. PostgreSQL runs it at READ COMMITTED
    /// and the statements keep their invariants themselves (`ON CONFLICT`); a transaction it
    /// aborts for a deadlock or a serialization failure between concurrent writers is run
    /// again, a few times, since nothing of it was kept.
    pub(crate) fn transaction<T>(
        &mut self,
        mut f: impl FnMut(&mut dyn Exec) -> Result<T>,
    ) -> Result<T> {
        match self {
            Db::Sqlite(conn) => {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let out = f(&mut SqliteExec(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Db::Postgres(pg) => {
                let client = pg.client.get_mut();
                let statements = pg.statements.get_mut();
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let mut tx = client.transaction()?;
                    let outcome = f(&mut PgExec {
                        client: &mut tx,
                        statements,
                    });
                    let outcome = match outcome {
                        Ok(out) => tx.commit().map(|()| out).map_err(StoreError::from),
                        Err(e) => Err(e),
                    };
                    match outcome {
                        Err(e) if attempt < PG_ATTEMPTS && e.is_transient() => continue,
                        other => return other,
                    }
                }
            }
        }
    }

    /// Runs `f`'s reads in one snapshot, so rows one statement reads agree with the rows the
    /// next reads while other connections commit: on SQLite a deferred transaction (under WAL
    /// its snapshot is taken at the first read); on PostgreSQL a `REPEATABLE READ READ ONLY`
    /// transaction. Nothing is written, so how it ends does not matter.
    pub(crate) fn read_consistent<T>(
        &self,
        f: impl FnOnce(&mut dyn Exec) -> Result<T>,
    ) -> Result<T> {
        match self {
            Db::Sqlite(conn) => {
                // Unchecked: the transaction only needs `&Connection`, and no transaction is
                // open on it here (writes take `&mut Store`).
                let tx = conn.unchecked_transaction()?;
                let out = f(&mut SqliteExec(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Db::Postgres(pg) => {
                let mut client = pg.client.borrow_mut();
                let mut statements = pg.statements.borrow_mut();
                let mut tx = client
                    .build_transaction()
                    .isolation_level(postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()?;
                let out = f(&mut PgExec {
                    client: &mut tx,
                    statements: &mut statements,
                })?;
                tx.commit()?;
                Ok(out)
            }
        }
    }

    /// Streams the rows of each query to `f`, in one read-only snapshot: `Store::read_snapshot`.
    pub(crate) fn read_snapshot<E: From<StoreError>>(
        &mut self,
        queries: &[&str],
        mut f: impl FnMut(usize, &[Value]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut values = Vec::new();
        match self {
            Db::Sqlite(conn) => {
                // A deferred transaction reads one snapshot under WAL, whatever commits meanwhile.
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)
                    .map_err(StoreError::from)?;
                for (i, sql) in queries.iter().enumerate() {
                    let mut stmt = tx.prepare(sql).map_err(StoreError::from)?;
                    let columns = stmt.column_count();
                    let mut rows = stmt.query([]).map_err(StoreError::from)?;
                    while let Some(row) = rows.next().map_err(StoreError::from)? {
                        values.clear();
                        for c in 0..columns {
                            values.push(from_sqlite(row.get_ref(c).map_err(StoreError::from)?, c)?);
                        }
                        f(i, &values)?;
                    }
                }
                Ok(())
            }
            Db::Postgres(pg) => {
                use postgres::fallible_iterator::FallibleIterator;
                let client = pg.client.get_mut();
                let mut tx = client
                    .build_transaction()
                    .isolation_level(postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()
                    .map_err(StoreError::from)?;
                let none: [&(dyn postgres::types::ToSql + Sync); 0] = [];
                for (i, sql) in queries.iter().enumerate() {
                    // A portal, not a result set: rows arrive as they are read.
                    let mut rows = tx.query_raw(*sql, none).map_err(StoreError::from)?;
                    while let Some(row) = rows.next().map_err(StoreError::from)? {
                        let row = from_pg_row(&row)?;
                        f(i, &row.values)?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// How many times a PostgreSQL transaction is tried when concurrent writers keep aborting it.
const PG_ATTEMPTS: usize = 8;

struct SqliteExec<'a>(&'a rusqlite::Connection);

impl Exec for SqliteExec<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<usize> {
        let mut stmt = self.0.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(from_sqlite(row.get_ref(i)?, i)?);
            }
            out.push(Row { values });
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.0.execute_batch(sql)?)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(v) => ValueRef::Integer(*v),
            Value::Real(v) => ValueRef::Real(*v),
            Value::Text(v) => ValueRef::Text(v.as_bytes()),
        }))
    }
}

fn from_sqlite(value: rusqlite::types::ValueRef<'_>, index: usize) -> Result<Value> {
    use rusqlite::types::ValueRef;
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(v) => Value::Int(v),
        ValueRef::Real(v) => Value::Real(v),
        ValueRef::Text(v) => {
            Value::Text(
                String::from_utf8(v.to_vec()).map_err(|_| StoreError::ColumnType {
                    index,
                    expected: "UTF-8 text",
                    found: "invalid UTF-8".to_string(),
                })?,
            )
        }
        ValueRef::Blob(_) => {
            return Err(StoreError::ColumnType {
                index,
                expected: "a value the schema stores",
                found: "a blob".to_string(),
            });
        }
    })
}

/// A PostgreSQL connection with the statements prepared on it so far.
pub(crate) struct Pg {
    client: RefCell<postgres::Client>,
    /// Keyed by the statement as written (SQLite placeholders).
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

impl Pg {
    pub(crate) fn connect(url: &str) -> Result<Pg> {
        let client = postgres::Client::connect(url, postgres::NoTls)?;
        Ok(Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
        })
    }
}

/// A client or a transaction: both run statements the same way.
trait PgClient {
    fn prepare(&mut self, sql: &str) -> std::result::Result<postgres::Statement, postgres::Error>;
    fn query(
        &mut self,
        stmt: &postgres::Statement,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> std::result::Result<Vec<postgres::Row>, postgres::Error>;
    fn execute(
        &mut self,
        stmt: &postgres::Statement,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> std::result::Result<u64, postgres::Error>;
    fn batch_execute(&mut self, sql: &str) -> std::result::Result<(), postgres::Error>;
}

macro_rules! pg_client {
    ($t:ty) => {
        impl PgClient for $t {
            fn prepare(
                &mut self,
                sql: &str,
            ) -> std::result::Result<postgres::Statement, postgres::Error> {
                <$t>::prepare(self, sql)
            }
            fn query(
                &mut self,
                stmt: &postgres::Statement,
                params: &[&(dyn postgres::types::ToSql + Sync)],
            ) -> std::result::Result<Vec<postgres::Row>, postgres::Error> {
                <$t>::query(self, stmt, params)
            }
            fn execute(
                &mut self,
                stmt: &postgres::Statement,
                params: &[&(dyn postgres::types::ToSql + Sync)],
            ) -> std::result::Result<u64, postgres::Error> {
                <$t>::execute(self, stmt, params)
            }
            fn batch_execute(&mut self, sql: &str) -> std::result::Result<(), postgres::Error> {
                <$t>::batch_execute(self, sql)
            }
        }
    };
}
pg_client!(postgres::Client);
pg_client!(postgres::Transaction<'_>);

struct PgExec<'a> {
    client: &'a mut dyn PgClient,
    statements: &'a mut HashMap<String, postgres::Statement>,
}

impl PgExec<'_> {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(&to_pg_placeholders(sql))?;
        // Statements built from user input (a filter's list of countries) vary without end;
        // past a bound the cache starts again rather than growing with them.
        if self.statements.len() >= 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

impl Exec for PgExec<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let n = self.client.execute(&stmt, &params)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let stmt = self.statement(sql)?;
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        self.client
            .query(&stmt, &params)?
            .iter()
            .map(from_pg_row)
            .collect()
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        // The schema changes under any statement prepared before.
        self.statements.clear();
        Ok(self.client.batch_execute(sql)?)
    }
}

/// `?1` → `$1`, and the n-th bare `?` → `$n`, outside quoted literals and identifiers.
pub(crate) fn to_pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut bare = 0;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                out.push('$');
                if chars.peek().is_some_and(char::is_ascii_digit) {
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                } else {
                    bare += 1;
                    out.push_str(&bare.to_string());
                }
            }
            (None, c) => out.push(c),
        }
    }
    out
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::{IsNull, Type};
        let mismatch = || -> Box<dyn std::error::Error + Sync + Send> {
            format!("cannot send {self:?} as a PostgreSQL {ty}").into()
        };
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v).map_err(|_| mismatch())?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v).map_err(|_| mismatch())?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                _ => Err(mismatch()),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT8 => v.to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => Err(mismatch()),
            },
            Value::Text(v) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    v.as_str().to_sql(ty, out)
                }
                _ => Err(mismatch()),
            },
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        // Checked per value in `to_sql`, against the type the server inferred.
        true
    }

    postgres::types::to_sql_checked!();
}

fn from_pg_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)?
                .map(|v| Value::Real(v.into())),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                row.try_get::<_, Option<String>>(i)?.map(Value::Text)
            }
            ref other => {
                return Err(StoreError::ColumnType {
                    index: i,
                    expected: "an integer, real or text column",
                    found: format!("{} of type {other}", column.name()),
                });
            }
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row { values })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_outside_literals() {
        assert_eq!(
            to_pg_placeholders("SELECT ?1, ?2 WHERE a = '?' AND b = ?12"),
            "SELECT $1, $2 WHERE a = '?' AND b = $12"
        );
        assert_eq!(
            to_pg_placeholders("a IN (?, ?) AND \"q?\" = ?"),
            "a IN ($1, $2) AND \"q?\" = $3"
        );
    }
}

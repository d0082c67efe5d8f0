//! Values crossing the seam: [`Arg`] (a parameter, written to either backend) and [`Value`] (a
//! column as read), with [`ToArg`] and [`FromValue`] for the Rust types the store uses.
//!
//! SQLite stores what it is given; PostgreSQL's columns and expressions have exact types
//! (`integer`, `bigint`, `boolean`, `numeric` from `sum`). Both sides convert leniently here, so
//! that one query reads the same Rust values from either: an integer column of any width is an
//! `i64`, a boolean is `0`/`1`, a `numeric` is read as a number.

use std::borrow::Cow;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// A query parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(Cow<'a, str>),
    /// Bytes.
    Blob(Cow<'a, [u8]>),
    /// Integers: a `bigint[]` (PostgreSQL only: many rows in one statement, through `unnest`).
    Ints(Vec<i64>),
    /// Texts: a `text[]` (PostgreSQL only, as [`Arg::Ints`]).
    Texts(Vec<String>),
}

/// A Rust value that can be a query parameter.
pub trait ToArg {
    /// The parameter.
    fn to_arg(&self) -> Arg<'_>;
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::Int(*self as i64)
            }
        }
    )*};
}
int_arg!(i64, i32, i16, u32, u16, u8, usize, u64);

impl ToArg for bool {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Int(i64::from(*self))
    }
}
impl ToArg for f64 {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Real(*self)
    }
}
impl ToArg for f32 {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Real(f64::from(*self))
    }
}
impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}
impl ToArg for [u8] {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(Cow::Borrowed(self))
    }
}
impl ToArg for Vec<u8> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(Cow::Borrowed(self))
    }
}
impl<const N: usize> ToArg for [u8; N] {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Blob(Cow::Borrowed(self))
    }
}
impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}
impl<T: ToArg> ToArg for Option<T> {
    fn to_arg(&self) -> Arg<'_> {
        self.as_ref().map_or(Arg::Null, ToArg::to_arg)
    }
}
impl ToArg for Arg<'_> {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Arg::Text(t) => Arg::Text(Cow::Borrowed(t)),
            Arg::Blob(b) => Arg::Blob(Cow::Borrowed(b)),
            a => a.clone(),
        }
    }
}

impl Arg<'_> {
    /// The same value, owning its text or bytes (a parameter list built in a loop).
    pub fn into_owned(self) -> Arg<'static> {
        match self {
            Arg::Null => Arg::Null,
            Arg::Int(i) => Arg::Int(i),
            Arg::Real(r) => Arg::Real(r),
            Arg::Text(t) => Arg::Text(Cow::Owned(t.into_owned())),
            Arg::Blob(b) => Arg::Blob(Cow::Owned(b.into_owned())),
            Arg::Ints(v) => Arg::Ints(v),
            Arg::Texts(v) => Arg::Texts(v),
        }
    }
}

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Arg::Ints(_) | Arg::Texts(_) => return Err(rusqlite::Error::ToSqlConversionFailure("an array is a PostgreSQL parameter only".into())),
            Arg::Null => ValueRef::Null,
            Arg::Int(v) => ValueRef::Integer(*v),
            Arg::Real(v) => ValueRef::Real(*v),
            Arg::Text(v) => ValueRef::Text(v.as_bytes()),
            Arg::Blob(v) => ValueRef::Blob(v),
        }))
    }
}

type BoxError = Box<dyn StdError + Sync + Send>;

impl ToSql for Arg<'_> {
    /// Written as the type PostgreSQL inferred for the parameter: an integer into any integer,
    /// real or boolean parameter, text into any text-like one.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (self, ty) {
            (Arg::Null, _) => Ok(IsNull::Yes),
            (Arg::Int(v), &Type::INT8) => v.to_sql(ty, out),
            (Arg::Int(v), &Type::INT4) => i32::try_from(*v)?.to_sql(ty, out),
            (Arg::Int(v), &Type::INT2) => i16::try_from(*v)?.to_sql(ty, out),
            (Arg::Int(v), &Type::FLOAT8) => (*v as f64).to_sql(ty, out),
            (Arg::Int(v), &Type::FLOAT4) => (*v as f32).to_sql(ty, out),
            (Arg::Int(v), &Type::BOOL) => (*v != 0).to_sql(ty, out),
            (Arg::Int(v), t) if is_text(t) => v.to_string().as_str().to_sql(&Type::TEXT, out),
            (Arg::Real(v), &Type::FLOAT8) => v.to_sql(ty, out),
            (Arg::Real(v), &Type::FLOAT4) => (*v as f32).to_sql(ty, out),
            (Arg::Real(v), t) if is_text(t) => v.to_string().as_str().to_sql(&Type::TEXT, out),
            (Arg::Text(v), t) if is_text(t) => v.as_ref().to_sql(&Type::TEXT, out),
            (Arg::Text(v), &Type::JSONB) => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(v.as_bytes());
                Ok(IsNull::No)
            }
            (Arg::Text(v), &Type::JSON) => {
                out.extend_from_slice(v.as_bytes());
                Ok(IsNull::No)
            }
            (Arg::Blob(v), &Type::BYTEA) => v.as_ref().to_sql(ty, out),
            (Arg::Ints(v), &Type::INT8_ARRAY) => v.as_slice().to_sql(ty, out),
            (Arg::Texts(v), &Type::TEXT_ARRAY) => v.as_slice().to_sql(ty, out),
            (v, ty) => Err(format!("{v:?} cannot be a parameter of type {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn is_text(t: &Type) -> bool {
    [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(t)
}

/// A column's value as read from either backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'r> {
    /// SQL NULL.
    Null,
    /// An integer (or a boolean, as 0 or 1).
    Int(i64),
    /// A floating-point number (or a `numeric` that is not an integer).
    Real(f64),
    /// Text.
    Text(&'r str),
    /// Bytes.
    Blob(&'r [u8]),
}

impl<'r> Value<'r> {
    /// From SQLite's value.
    pub(crate) fn from_lite(v: ValueRef<'r>) -> Result<Value<'r>, String> {
        Ok(match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(std::str::from_utf8(t).map_err(|_| "text that is not UTF-8".to_string())?),
            ValueRef::Blob(b) => Value::Blob(b),
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }
}

impl<'r> FromSql<'r> for Value<'r> {
    fn from_sql(ty: &Type, raw: &'r [u8]) -> Result<Value<'r>, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(ty, raw)?)),
            Type::OID => Value::Int(i64::from(u32::from_sql(ty, raw)?)),
            Type::BOOL => Value::Int(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw),
            Type::JSONB => Value::Text(std::str::from_utf8(raw.get(1..).unwrap_or_default())?),
            ref t if is_text(t) || *t == Type::JSON => Value::Text(std::str::from_utf8(raw)?),
            ref t => return Err(format!("a column of type {t}, which the store does not read").into()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Value<'r>, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary `numeric` (what `sum` and `avg` return): base-10,000 digits after a
/// header of their count, the weight of the first, the sign and the scale. An integral value is
/// an integer, anything else a real.
fn numeric(raw: &[u8]) -> Result<Value<'static>, BoxError> {
    let word = |i: usize| -> Result<u16, BoxError> { Ok(u16::from_be_bytes(raw.get(i..i + 2).ok_or("a short numeric")?.try_into()?)) };
    let (ndigits, weight, sign) = (word(0)? as usize, word(2)? as i16, word(4)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut real = 0.0f64;
    for d in 0..ndigits {
        real += f64::from(word(8 + 2 * d)?) * 10_000f64.powi(i32::from(weight) - d as i32);
    }
    let negative = sign == 0x4000;
    let exact = (0..ndigits).try_fold(0i128, |acc, d| {
        let power = i32::from(weight) - d as i32;
        let digit = i128::from(word(8 + 2 * d).ok()?);
        if power < 0 {
            return (digit == 0).then_some(acc);
        }
        acc.checked_add(digit.checked_mul(10_000i128.checked_pow(power as u32)?)?)
    });
    Ok(match exact.and_then(|v| i64::try_from(v).ok()) {
        Some(v) => Value::Int(if negative { -v } else { v }),
        None => Value::Real(if negative { -real } else { real }),
    })
}

/// A Rust value read from a column.
pub trait FromValue: Sized {
    /// The value, or why it cannot be one.
    fn from_value(v: Value<'_>) -> Result<Self, String>;
}

fn wrong<T>(v: Value<'_>, want: &str) -> Result<T, String> {
    Err(format!("{} where {want} was expected", v.kind()))
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: Value<'_>) -> Result<Self, String> {
                match v {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| format!("{i} out of range for {}", stringify!($t))),
                    v => wrong(v, "an integer"),
                }
            }
        }
    )*};
}
int_value!(i64, i32, i16, u32, u16, u8, usize, u64);

impl FromValue for bool {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Int(i) => Ok(i != 0),
            v => wrong(v, "a boolean"),
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Real(r) => Ok(r),
            Value::Int(i) => Ok(i as f64),
            v => wrong(v, "a number"),
        }
    }
}
impl FromValue for String {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Text(t) => Ok(t.to_string()),
            v => wrong(v, "text"),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.to_vec()),
            Value::Text(t) => Ok(t.as_bytes().to_vec()),
            v => wrong(v, "bytes"),
        }
    }
}
impl<const N: usize> FromValue for [u8; N] {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Blob(b) => b.try_into().map_err(|_| format!("{} bytes where {N} were expected", b.len())),
            v => wrong(v, "bytes"),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// An owned column value (a row copied as it is, as `chidao migrate` does).
#[derive(Debug, Clone, PartialEq)]
pub enum Owned {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A real.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl FromValue for Owned {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        Ok(match v {
            Value::Null => Owned::Null,
            Value::Int(i) => Owned::Int(i),
            Value::Real(r) => Owned::Real(r),
            Value::Text(t) => Owned::Text(t.to_string()),
            Value::Blob(b) => Owned::Blob(b.to_vec()),
        })
    }
}

impl ToArg for Owned {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Owned::Null => Arg::Null,
            Owned::Int(i) => Arg::Int(*i),
            Owned::Real(r) => Arg::Real(*r),
            Owned::Text(t) => Arg::Text(Cow::Borrowed(t)),
            Owned::Blob(b) => Arg::Blob(Cow::Borrowed(b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric_bytes(ndigits: u16, weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits, weight as u16, sign, scale].iter().chain(digits) {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    }

    #[test]
    fn numerics_read_as_integers_when_integral() {
        assert_eq!(numeric(&numeric_bytes(2, 1, 0, 0, &[12, 3456])).unwrap(), Value::Int(123_456));
        assert_eq!(numeric(&numeric_bytes(1, 0, 0x4000, 0, &[7])).unwrap(), Value::Int(-7));
        assert_eq!(numeric(&numeric_bytes(0, 0, 0, 0, &[])).unwrap(), Value::Int(0));
        assert_eq!(numeric(&numeric_bytes(1, 2, 0, 0, &[5])).unwrap(), Value::Int(500_000_000));
        assert_eq!(numeric(&numeric_bytes(2, 0, 0, 1, &[3, 5000])).unwrap(), Value::Real(3.5));
        assert!(numeric(&[0, 1]).is_err());
    }

    #[test]
    fn values_convert_leniently_and_refuse_clearly() {
        assert_eq!(i64::from_value(Value::Int(3)), Ok(3));
        assert_eq!(bool::from_value(Value::Int(1)), Ok(true));
        assert_eq!(f64::from_value(Value::Int(2)), Ok(2.0));
        assert_eq!(Option::<String>::from_value(Value::Null), Ok(None));
        assert!(i64::from_value(Value::Null).unwrap_err().contains("NULL"));
        assert!(u8::from_value(Value::Int(300)).unwrap_err().contains("out of range"));
        assert_eq!(<[u8; 2]>::from_value(Value::Blob(&[1, 2])), Ok([1, 2]));
    }
}

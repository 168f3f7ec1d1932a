//! Percent-decoding, query-string parsing, and a serde deserializer that
//! turns `name=Ada&age=36&tag=a&tag=b` into any `Deserialize` struct: each
//! value is parsed as the field's type asks (numbers, booleans, enums of unit
//! variants, `Option`, `Vec` for repeated keys).

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`, as in
/// query strings). Malformed escapes stay as they are; bytes that are not
/// UTF-8 become U+FFFD.
pub(crate) fn percent_decode(raw: &str, plus_is_space: bool) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' && plus_is_space { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// `a=1&b=x%20y&flag` as decoded pairs in order (`flag` has the value "").
pub(crate) fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(piece, true), String::new()),
        })
        .collect()
}

/// Deserializes pairs into `T`; the error names the offending parameter.
pub(crate) fn from_pairs<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, QueryError> {
    // Repeated keys are grouped so that a `Vec` field sees every value.
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (k, v) in pairs {
        match groups.iter_mut().find(|(name, _)| name == k) {
            Some((_, values)) => values.push(v),
            None => groups.push((k, vec![v])),
        }
    }
    T::deserialize(PairsDeserializer { groups })
}

#[derive(Debug)]
pub(crate) struct QueryError(String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl de::Error for QueryError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        QueryError(msg.to_string())
    }
}

/// The whole query: a map from names to values.
struct PairsDeserializer<'a> {
    groups: Vec<(&'a str, Vec<&'a str>)>,
}

impl<'de, 'a> de::Deserializer<'de> for PairsDeserializer<'a> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_map(PairsAccess { groups: self.groups.into_iter(), current: None })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct PairsAccess<'a> {
    groups: std::vec::IntoIter<(&'a str, Vec<&'a str>)>,
    current: Option<(&'a str, Vec<&'a str>)>,
}

impl<'de, 'a> de::MapAccess<'de> for PairsAccess<'a> {
    type Error = QueryError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, QueryError> {
        match self.groups.next() {
            None => Ok(None),
            Some(group) => {
                let key = group.0;
                self.current = Some(group);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, QueryError> {
        let (key, values) = self.current.take().ok_or_else(|| QueryError("value without a key".into()))?;
        seed.deserialize(ValueDeserializer { values })
            .map_err(|e| QueryError(format!("query parameter '{}': {}", key, e)))
    }
}

/// The values of one name; scalars take the last one.
struct ValueDeserializer<'a> {
    values: Vec<&'a str>,
}

impl<'a> ValueDeserializer<'a> {
    fn last(&self) -> &'a str {
        self.values.last().copied().unwrap_or("")
    }
}

macro_rules! parse_as {
    ($($method:ident $ty:ty => $visit:ident),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
            let text = self.last();
            match text.trim().parse::<$ty>() {
                Ok(v) => visitor.$visit(v),
                Err(_) => Err(QueryError(format!("'{}' is not a valid {}", text, stringify!($ty)))),
            }
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for ValueDeserializer<'a> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_str(self.last())
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        match self.last() {
            "true" | "1" | "on" | "yes" | "" => visitor.visit_bool(true),
            "false" | "0" | "off" | "no" => visitor.visit_bool(false),
            other => Err(QueryError(format!("'{}' is not a valid bool", other))),
        }
    }

    parse_as! {
        deserialize_i8 i8 => visit_i8, deserialize_i16 i16 => visit_i16, deserialize_i32 i32 => visit_i32,
        deserialize_i64 i64 => visit_i64, deserialize_u8 u8 => visit_u8, deserialize_u16 u16 => visit_u16,
        deserialize_u32 u32 => visit_u32, deserialize_u64 u64 => visit_u64, deserialize_f32 f32 => visit_f32,
        deserialize_f64 f64 => visit_f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let items = self.values.into_iter().map(|v| ValueDeserializer { values: vec![v] });
        visitor.visit_seq(de::value::SeqDeserializer::new(items))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let text: de::value::StrDeserializer<'_, QueryError> = self.last().into_deserializer();
        visitor.visit_enum(text)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit_struct tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de, 'a> IntoDeserializer<'de, QueryError> for ValueDeserializer<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

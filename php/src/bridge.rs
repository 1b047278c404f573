//! Conversions between PHP values and JSON, the one format in which values cross into the
//! core: published arguments and resolver payloads (PHP values written as JSON text as they
//! are walked), and every result returned to PHP (JSON values to PHP arrays).

use std::io::Write;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::FromZval;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// A PHP string argument as PHP holds it (any bytes); [`Text::utf8`] checks it and names the
/// argument in its error, where a `String` argument would fail with an untyped error.
pub struct Text<'a>(&'a [u8]);

impl<'a> FromZval<'a> for Text<'a> {
    const TYPE: DataType = DataType::String;

    fn from_zval(zval: &'a Zval) -> Option<Self> {
        zval.zend_str().map(|s| Text(s.as_bytes()))
    }
}

impl Text<'_> {
    /// The argument as UTF-8 text without NUL bytes; `name` names it in the error (`$eventName`).
    pub fn utf8(&self, name: &str) -> Result<String, String> {
        let text = std::str::from_utf8(self.0).map_err(|e| format!("{name} is not valid UTF-8 (byte {})", e.valid_up_to()))?;
        if let Some(at) = text.find('\0') {
            return Err(format!("{name} holds a NUL byte (byte {at})"));
        }
        Ok(text.to_string())
    }
}

/// Nesting deeper than this is refused rather than risking the stack on a cyclic structure;
/// below serde_json's recursion limit (128), so what is written always reads back.
const MAX_DEPTH: usize = 126;

/// Why a PHP value cannot become JSON; `path` says where (`$arguments['order']['items'][2]`).
#[derive(Debug)]
pub struct ConversionError {
    pub path: String,
    pub reason: String,
}

impl std::fmt::Display for ConversionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.path, self.reason)
    }
}

/// A PHP value as JSON text, written as it is walked (no intermediate JSON value): the
/// resolver's payload, once per event. Arrays keep PHP's order, as `json_encode` does.
pub fn php_to_json_text(value: &Zval, name: &str) -> Result<String, ConversionError> {
    utf8(written(|out| write_value(value, out, 0), name)?, name)
}

/// Text that was written: only valid UTF-8 is (PHP strings are checked as they are read).
fn utf8(out: Vec<u8>, name: &str) -> Result<String, ConversionError> {
    String::from_utf8(out).map_err(|e| ConversionError { path: name.to_string(), reason: format!("is not valid UTF-8: {e}") })
}

pub fn php_to_json(value: &Zval, name: &str) -> Result<Value, ConversionError> {
    parse(php_to_json_text(value, name)?, name)
}

pub fn array_to_json(array: &ZendHashTable, name: &str) -> Result<Value, ConversionError> {
    parse(array_to_json_text(array, name)?, name)
}

/// A PHP array as JSON text, written as it is walked, in PHP's order (as `json_encode`):
/// published arguments, which the core carries as text.
pub fn array_to_json_text(array: &ZendHashTable, name: &str) -> Result<String, ConversionError> {
    utf8(written(|out| write_array(array, out, 0), name)?, name)
}

/// The JSON text `write` makes of the value called `name`.
fn written(write: impl FnOnce(&mut Vec<u8>) -> Result<(), Failure>, name: &str) -> Result<Vec<u8>, ConversionError> {
    let mut out = Vec::new();
    write(&mut out).map_err(|failure| failure.at(name))?;
    Ok(out)
}

fn parse(text: impl AsRef<[u8]>, name: &str) -> Result<Value, ConversionError> {
    serde_json::from_slice(text.as_ref())
        .map_err(|e| ConversionError { path: name.to_string(), reason: format!("does not read back as JSON: {e}") })
}

/// A PHP array as the typed settings `T` (unknown keys and wrong types are refused by name).
pub fn array_to<T: serde::de::DeserializeOwned>(array: Option<&ZendHashTable>, name: &str) -> Result<T, String> {
    let value = match array {
        Some(array) => array_to_json(array, name).map_err(|e| e.to_string())?,
        None => Value::Object(Map::new()),
    };
    // PHP's [] is a list; as settings it means "none".
    let value = match value {
        Value::Array(items) if items.is_empty() => Value::Object(Map::new()),
        other => other,
    };
    serde_json::from_value(value).map_err(|e| format!("{name}: {e}"))
}

/// Why a value could not be written, and the keys that lead to it, innermost first: the
/// path is only spelt out when a conversion fails.
struct Failure {
    reason: String,
    keys: Vec<String>,
}

impl Failure {
    fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), keys: Vec::new() }
    }

    fn under(mut self, key: &Zval) -> Self {
        self.keys.push(match (key.long(), key.str()) {
            (Some(index), _) => format!("[{index}]"),
            (None, Some(key)) => format!("['{key}']"),
            (None, None) => "[?]".into(),
        });
        self
    }

    fn unwritable(error: impl std::fmt::Display) -> Self {
        Self::new(format!("cannot be written as JSON: {error}"))
    }

    fn at(self, name: &str) -> ConversionError {
        let path = self.keys.iter().rev().fold(name.to_string(), |path, key| path + key);
        ConversionError { path, reason: self.reason }
    }
}

/// Appends `value` as JSON text (strings escaped by serde_json).
fn write_scalar(value: &(impl Serialize + ?Sized), out: &mut Vec<u8>) -> Result<(), Failure> {
    serde_json::to_writer(out, value).map_err(Failure::unwritable)
}

fn write_value(value: &Zval, out: &mut Vec<u8>, depth: usize) -> Result<(), Failure> {
    let value = value.dereference();
    if depth > MAX_DEPTH {
        return Err(Failure::new(format!("is nested deeper than {MAX_DEPTH} levels")));
    }
    match value.get_type() {
        DataType::Null | DataType::Undef => out.extend_from_slice(b"null"),
        DataType::True => out.extend_from_slice(b"true"),
        DataType::False => out.extend_from_slice(b"false"),
        DataType::Bool => write_scalar(&value.bool().unwrap_or(false), out)?,
        DataType::Long => write_scalar(&value.long().unwrap_or(0), out)?,
        DataType::Double => {
            let d = value.double().unwrap_or(f64::NAN);
            match Number::from_f64(d) {
                Some(n) => write_scalar(&n, out)?,
                None => return Err(Failure::new(format!("is {d}, which JSON cannot represent"))),
            }
        }
        DataType::String => match value.str() {
            Some(s) => write_scalar(s, out)?,
            None => return Err(Failure::new("is a string that is not valid UTF-8")),
        },
        DataType::Array => match value.array() {
            Some(array) => write_array(array, out, depth)?,
            None => out.extend_from_slice(b"null"),
        },
        other => return Err(Failure::new(format!("is of type {other}; only null, bool, int, float, string and arrays can be published"))),
    }
    Ok(())
}

/// A PHP list as a JSON array, any other array as an object (integer keys as strings).
fn write_array(array: &ZendHashTable, out: &mut Vec<u8>, depth: usize) -> Result<(), Failure> {
    let is_list = is_list(array);
    out.push(if is_list { b'[' } else { b'{' });
    let mut entries = array.iter();
    let mut first = true;
    while let Some((key, item)) = entries.next_zval() {
        if !first {
            out.push(b',');
        }
        first = false;
        if !is_list {
            match (key.long(), key.str()) {
                // As a string, without allocating one.
                (Some(index), _) => write!(out, "\"{index}\"").map_err(Failure::unwritable)?,
                (None, Some(key)) => write_scalar(key, out)?,
                (None, None) => return Err(Failure::new("has a key that is not valid UTF-8")),
            }
            out.push(b':');
        }
        write_value(item, out, depth + 1).map_err(|failure| failure.under(&key))?;
    }
    out.push(if is_list { b']' } else { b'}' });
    Ok(())
}

/// Whether the keys are 0, 1, 2 ... in order (a PHP list). Keys are read as zvals: the
/// iterator that makes them `ArrayKey`s panics on a string key that is not UTF-8.
fn is_list(array: &ZendHashTable) -> bool {
    let mut entries = array.iter();
    let mut expected = 0;
    while let Some((key, _)) = entries.next_zval() {
        if key.long() != Some(expected) {
            return false;
        }
        expected += 1;
    }
    true
}

/// A JSON value as a PHP value (objects become associative arrays, as `json_decode($x, true)`).
pub fn json_to_php(value: &Value) -> Zval {
    let mut zval = Zval::new();
    match value {
        Value::Null => zval.set_null(),
        Value::Bool(b) => zval.set_bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => zval.set_long(i),
            None => zval.set_double(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => {
            // Strings from serde_json hold no NUL-terminator requirement; set_string copies them.
            let _ = zval.set_string(s, false);
        }
        Value::Array(_) | Value::Object(_) => zval.set_hashtable(json_to_array(value)),
    }
    zval
}

/// A JSON array or object as a PHP array (other values give an empty array).
pub fn json_to_array(value: &Value) -> ZBox<ZendHashTable> {
    let mut array = ZendHashTable::new();
    match value {
        Value::Array(items) => {
            for item in items {
                let _ = array.push(json_to_php(item));
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                // PHP stores canonical integer strings ("7") as integer keys; so do we.
                let _ = match key.parse::<i64>().ok().filter(|i| i.to_string() == *key) {
                    Some(index) => array.insert(index, json_to_php(item)),
                    None => array.insert(key.as_str(), json_to_php(item)),
                };
            }
        }
        _ => {}
    }
    array
}

/// Any serialisable result of the core as a PHP array.
pub fn to_php_array(value: &impl Serialize) -> ZBox<ZendHashTable> {
    json_to_array(&serde_json::to_value(value).unwrap_or(Value::Null))
}

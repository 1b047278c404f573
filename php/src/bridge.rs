//! Conversions between PHP values and JSON, the one format in which values cross into the
//! core: published arguments and resolver payloads (PHP to JSON text), and every result
//! returned to PHP (JSON values to PHP arrays).

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ArrayKey, ZendHashTable, Zval};
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused rather than risking the stack on a cyclic structure.
const MAX_DEPTH: usize = 128;

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

pub fn php_to_json(value: &Zval, name: &str) -> Result<Value, ConversionError> {
    let mut path = name.to_string();
    convert(value, &mut path, 0)
}

pub fn array_to_json(array: &ZendHashTable, name: &str) -> Result<Value, ConversionError> {
    let mut path = name.to_string();
    convert_array(array, &mut path, 0)
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

fn convert(value: &Zval, path: &mut String, depth: usize) -> Result<Value, ConversionError> {
    let value = value.dereference();
    let fail = |path: &String, reason: String| Err(ConversionError { path: path.clone(), reason });
    if depth > MAX_DEPTH {
        return fail(path, format!("is nested deeper than {MAX_DEPTH} levels"));
    }
    match value.get_type() {
        DataType::Null | DataType::Undef => Ok(Value::Null),
        DataType::True => Ok(Value::Bool(true)),
        DataType::False => Ok(Value::Bool(false)),
        DataType::Bool => Ok(Value::Bool(value.bool().unwrap_or(false))),
        DataType::Long => Ok(Value::from(value.long().unwrap_or(0))),
        DataType::Double => {
            let d = value.double().unwrap_or(f64::NAN);
            match Number::from_f64(d) {
                Some(n) => Ok(Value::Number(n)),
                None => fail(path, format!("is {d}, which JSON cannot represent")),
            }
        }
        DataType::String => match value.str() {
            Some(s) => Ok(Value::String(s.to_string())),
            None => fail(path, "is a string that is not valid UTF-8".into()),
        },
        DataType::Array => match value.array() {
            Some(array) => convert_array(array, path, depth),
            None => Ok(Value::Null),
        },
        other => fail(path, format!("is of type {other}; only null, bool, int, float, string and arrays can be published")),
    }
}

fn convert_array(array: &ZendHashTable, path: &mut String, depth: usize) -> Result<Value, ConversionError> {
    let is_list = array.has_sequential_keys();
    let mut list = Vec::new();
    let mut map = Map::new();
    for (key, item) in array.iter() {
        let len = path.len();
        let key = match key {
            ArrayKey::Long(index) => {
                path.push_str(&format!("[{index}]"));
                index.to_string()
            }
            other => {
                let key = other.to_string();
                path.push_str(&format!("['{key}']"));
                key
            }
        };
        let converted = convert(item, path, depth + 1)?;
        path.truncate(len);
        if is_list {
            list.push(converted);
        } else {
            map.insert(key, converted);
        }
    }
    Ok(if is_list { Value::Array(list) } else { Value::Object(map) })
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

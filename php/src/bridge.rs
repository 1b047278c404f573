//! Conversions between PHP values and JSON, the one format in which values cross into the
//! core: published arguments and resolver payloads (PHP to JSON text), and every result
//! returned to PHP (JSON values to PHP arrays).

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
    let is_list = is_list(array);
    let mut list = Vec::new();
    let mut map = Map::new();
    let mut entries = array.iter();
    while let Some((key, item)) = entries.next_zval() {
        let len = path.len();
        let key = match (key.long(), key.str()) {
            (Some(index), _) => {
                path.push_str(&format!("[{index}]"));
                index.to_string()
            }
            (None, Some(key)) => {
                path.push_str(&format!("['{key}']"));
                key.to_string()
            }
            (None, None) => {
                return Err(ConversionError { path: path.clone(), reason: "has a key that is not valid UTF-8".into() });
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

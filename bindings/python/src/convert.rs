//! Python values in, core values out: bodies, header collections, keys, times,
//! and the core's errors turned into the package's exception classes.

use core::ops::Deref;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyString, PyTuple, PyType};
use webhook_core::destination::UrlError;
use webhook_core::{HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP};

/// A `TypeError` with our message.
pub(crate) fn type_error(message: String) -> PyErr {
    PyTypeError::new_err(message)
}

/// The name of `value`'s type, for error messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "<unknown>".to_owned(), |name| name.to_string())
}

/// The package's exception for a core error kind, such as `invalid_signature`.
///
/// The classes are plain Python (`libwebhook/_errors.py`), so that they carry
/// their docs and their `kind` in source form; we look them up by kind name.
pub(crate) fn kind_error(py: Python<'_>, kind: &str, message: String) -> PyErr {
    class_error(py, "_BY_KIND", kind, message)
}

/// The package's exception for a destination refusal kind, such as
/// `ip_literal`: a `UrlRefusedError` subclass, from the second table.
pub(crate) fn url_kind_error(py: Python<'_>, kind: &str, message: String) -> PyErr {
    class_error(py, "_URL_BY_KIND", kind, message)
}

/// The class `table[kind]` of `libwebhook._errors`, raised with `message`.
fn class_error(py: Python<'_>, table: &str, kind: &str, message: String) -> PyErr {
    let class = py
        .import("libwebhook._errors")
        .and_then(|module| module.getattr(table))
        .and_then(|table| table.get_item(kind))
        .and_then(|class| class.cast_into::<PyType>().map_err(PyErr::from));
    match class {
        Ok(class) => PyErr::from_type(class, message),
        // Only a broken installation gets here; say so rather than hide it.
        Err(lookup) => lookup,
    }
}

/// A core error as the package's exception of the same kind.
pub(crate) fn core_error(py: Python<'_>, error: &webhook_core::Error) -> PyErr {
    kind_error(py, error.kind().name(), error.to_string())
}

/// A destination refusal as the package's exception of the same kind, with
/// the core's message.
pub(crate) fn url_error(py: Python<'_>, error: &UrlError) -> PyErr {
    url_kind_error(py, error.kind().as_str(), error.to_string())
}

/// How many bytes of escaped user text [`quoted`] keeps, as the core's
/// messages do, so no message grows with its input.
const QUOTE_LEN: usize = 64;

/// `text` in double quotes for a message, escaped as the core escapes what it
/// quotes: printable ASCII stays (`"` and `\` get a backslash), every other
/// character becomes `\u{..}`, and the result is cut with `...`. So a message
/// never echoes a control character or a bidi override.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    let mut kept = 0;
    for c in text.chars() {
        let piece = match c {
            '"' | '\\' => format!("\\{c}"),
            ' '..='~' => c.to_string(),
            _ => format!("\\u{{{:x}}}", u32::from(c)),
        };
        if kept + piece.len() > QUOTE_LEN {
            out.push_str("...");
            break;
        }
        kept += piece.len();
        out.push_str(&piece);
    }
    out.push('"');
    out
}

/// Where a `str` that cannot be UTF-8 holds its first lone surrogate: the code
/// point and its byte offset in the `surrogatepass` encoding, the same offset
/// the core would give for any other character it refuses.
pub(crate) fn lone_surrogate(text: &Bound<'_, PyString>) -> Option<(u32, usize)> {
    let bytes = text
        .call_method1("encode", ("utf-8", "surrogatepass"))
        .ok()?
        .cast_into::<PyBytes>()
        .ok()?;
    // A surrogate encodes as ED A0..BF 80..BF; nothing else starts that way.
    bytes.as_bytes().windows(3).enumerate().find_map(|(at, w)| {
        let (lead, mid, last) = (w[0], w[1], w[2]);
        (lead == 0xed && (0xa0..=0xbf).contains(&mid)).then(|| {
            let point = 0xd000 | (u32::from(mid & 0x3f) << 6) | u32::from(last & 0x3f);
            (point, at)
        })
    })
}

/// A request body: `bytes` are borrowed as they are; everything else is turned
/// into bytes once, here.
pub(crate) enum Body<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
    Text(PyBackedStr),
}

impl<'py> Body<'py> {
    /// `bytes`, `bytearray`, a byte `memoryview`, or `str` (signed as UTF-8).
    pub(crate) fn extract(data: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return Ok(Body::Bytes(bytes.clone()));
        }
        if let Ok(text) = data.cast::<PyString>() {
            // Only a str holding lone surrogates fails to encode, and such a
            // str cannot be what any sender sent.
            return text.extract::<PyBackedStr>().map(Body::Text).map_err(|_| {
                type_error(
                    "data is a str that cannot be encoded as utf-8 (it holds a lone \
                     surrogate); pass the raw request body as bytes"
                        .to_owned(),
                )
            });
        }
        if let Ok(array) = data.cast::<PyByteArray>() {
            // Copied, so a bytearray changed by another thread while we hash
            // cannot change what we hash.
            return Ok(Body::Owned(array.to_vec()));
        }
        if let Ok(view) = data.cast::<PyMemoryView>() {
            // A view over wider items (array('H'), say) has no single byte
            // order to sign in, so only byte views are bodies.
            // A released view raises ValueError on any access: that is the
            // caller's bug, a wrong argument rather than a bad delivery.
            let itemsize: usize = view
                .getattr("itemsize")
                .and_then(|size| size.extract())
                .map_err(|_| type_error("data is a released memoryview".to_owned()))?;
            if itemsize != 1 {
                return Err(type_error(format!(
                    "data is a memoryview of {itemsize}-byte items; only byte views are bodies"
                )));
            }
            let bytes = view.call_method0("tobytes")?.cast_into::<PyBytes>()?;
            return Ok(Body::Bytes(bytes));
        }
        Err(type_error(format!(
            "data must be bytes, bytearray, memoryview or str, got {}",
            type_name(data)
        )))
    }

    /// The body bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Bytes(bytes) => bytes.as_bytes(),
            Body::Owned(bytes) => bytes,
            Body::Text(text) => text.as_bytes(),
        }
    }
}

/// One header value, borrowed from Python where possible.
pub(crate) enum Value {
    Text(PyBackedStr),
    Bytes(PyBackedBytes),
    /// Several `webhook-signature` lines joined with spaces.
    Joined(Vec<u8>),
}

impl Deref for Value {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Value::Text(text) => text.as_bytes(),
            Value::Bytes(bytes) => bytes,
            Value::Joined(bytes) => bytes,
        }
    }
}

/// The three webhook headers, each absent or present.
#[derive(Default)]
pub(crate) struct HeaderValues {
    pub(crate) id: Option<Value>,
    pub(crate) timestamp: Option<Value>,
    pub(crate) signature: Option<Value>,
}

/// The header names, lowercase, in the order of `HeaderValues`'s fields.
const NAMES: [&str; 3] = [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE];

impl HeaderValues {
    /// Reads the three headers from any mapping (a dict in any letter case,
    /// Werkzeug, Starlette or Django headers, `email.message.Message`) or from
    /// an iterable of `(name, value)` pairs. Names match case-insensitively.
    ///
    /// Mappings are first asked for the lowercase names with `get`, which
    /// framework header objects answer case-insensitively; when that misses a
    /// header we walk all items, so a plain dict with `Webhook-Id` works too.
    pub(crate) fn extract(headers: &Bound<'_, PyAny>) -> PyResult<Self> {
        if headers.is_instance_of::<PyString>() || headers.is_instance_of::<PyBytes>() {
            return Err(not_headers(headers));
        }
        // Exactly a dict: its own lookups, with no Python method calls. A
        // subclass may override them, so it takes the mapping path below.
        if let Ok(dict) = headers.cast_exact::<PyDict>() {
            let found = [
                dict.get_item(HEADER_ID)?,
                dict.get_item(HEADER_TIMESTAMP)?,
                dict.get_item(HEADER_SIGNATURE)?,
            ];
            if let [Some(id), Some(timestamp), Some(signature)] = &found {
                if !other_spelling(dict.keys().iter())? {
                    return Self::from_found(id, timestamp, signature);
                }
            }
            // A missing name, or one spelled in two ways: walk every item, so
            // differing repeats are refused as they are over HTTP.
            return Self::scan(&dict.items().into_any());
        }
        if headers.hasattr("get")? && headers.hasattr("items")? {
            // Header objects that keep repeated lines (Werkzeug and Starlette
            // `getlist`, `email.message` `get_all`) give us every line, so a
            // second `webhook-signature` line counts as it does over HTTP.
            for method in ["getlist", "get_all"] {
                if headers.hasattr(method)? {
                    if let Some(found) = Self::from_lists(headers, method)? {
                        return Ok(found);
                    }
                    return Self::scan(&headers.call_method0("items")?);
                }
            }
            let mut found = Vec::with_capacity(3);
            for name in NAMES {
                let value = headers.call_method1("get", (name,))?;
                if value.is_none() {
                    break;
                }
                found.push(value);
            }
            if let [id, timestamp, signature] = &found[..] {
                let keys = headers.call_method0("keys")?;
                if !other_spelling(keys.try_iter()?.collect::<PyResult<Vec<_>>>()?.into_iter())? {
                    return Self::from_found(id, timestamp, signature);
                }
            }
            return Self::scan(&headers.call_method0("items")?);
        }
        // Only real iterables: an object with just `__getitem__` would be walked
        // as a sequence from index 0, which is not what such a class means.
        if headers.hasattr("__iter__")? {
            return Self::scan(headers);
        }
        Err(not_headers(headers))
    }

    /// The values a mapping's lookups found.
    fn from_found(
        id: &Bound<'_, PyAny>,
        timestamp: &Bound<'_, PyAny>,
        signature: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        Ok(HeaderValues {
            id: value(id, HEADER_ID)?,
            timestamp: value(timestamp, HEADER_TIMESTAMP)?,
            signature: value(signature, HEADER_SIGNATURE)?,
        })
    }

    /// Every line of each header through a multi-value lookup (`getlist` or
    /// `get_all`), or `None` when one of the three has no line at all, so the
    /// caller can fall back to walking the items (a case-sensitive multi-dict).
    fn from_lists(headers: &Bound<'_, PyAny>, method: &str) -> PyResult<Option<Self>> {
        let mut lines = Vec::new();
        for name in NAMES {
            let values = headers.call_method1(method, (name,))?;
            // `email.message.Message.get_all` answers None rather than [].
            if values.is_none() {
                return Ok(None);
            }
            let before = lines.len();
            for line in values.try_iter()? {
                lines.push((name.to_owned(), line?));
            }
            if lines.len() == before {
                return Ok(None);
            }
        }
        Self::collect(headers.py(), lines.into_iter().map(Ok)).map(Some)
    }

    /// Walks `(name, value)` pairs.
    fn scan(pairs: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = pairs.py();
        let named = pairs
            .try_iter()?
            .map(|pair| split_pair(&pair?))
            .filter_map(Result::transpose);
        Self::collect(py, named)
    }

    /// The three headers from `(name, value)` lines, names in any case.
    /// Repeated `webhook-signature` lines all contribute entries; repeated
    /// `webhook-id` or `webhook-timestamp` lines must agree, as over HTTP.
    fn collect<'py>(
        py: Python<'py>,
        lines: impl Iterator<Item = PyResult<(String, Bound<'py, PyAny>)>>,
    ) -> PyResult<Self> {
        let mut out = HeaderValues::default();
        let mut signatures: Vec<Value> = Vec::new();
        for line in lines {
            let (name, raw) = line?;
            let Some(slot) = NAMES.iter().position(|n| name.eq_ignore_ascii_case(n)) else {
                continue;
            };
            let Some(found) = value(&raw, NAMES[slot])? else {
                continue;
            };
            let single = match slot {
                0 => &mut out.id,
                1 => &mut out.timestamp,
                _ => {
                    signatures.push(found);
                    continue;
                }
            };
            match single {
                Some(seen) if **seen != *found => {
                    return Err(kind_error(
                        py,
                        "invalid_header",
                        format!("{} appears twice with different values", NAMES[slot]),
                    ));
                }
                Some(_) => {}
                None => *single = Some(found),
            }
        }
        out.signature = match signatures.len() {
            0 => None,
            1 => signatures.pop(),
            _ => {
                let lines: Vec<&[u8]> = signatures.iter().map(|line| &**line).collect();
                Some(Value::Joined(lines.join(&b' ')))
            }
        };
        Ok(out)
    }
}

/// Whether a mapping's keys spell one of our names other than in lowercase
/// (`Webhook-Id` beside `webhook-id`, say). A lowercase lookup would see only
/// one of the two; such a mapping must be walked whole instead.
///
/// Only keys as long as one of the names are looked at closely, so the usual
/// dozen other headers cost one length check each.
fn other_spelling<'py>(keys: impl Iterator<Item = Bound<'py, PyAny>>) -> PyResult<bool> {
    for key in keys {
        let text = if key.is_instance_of::<PyString>() || key.is_instance_of::<PyBytes>() {
            if !NAMES
                .iter()
                .any(|name| key.len().is_ok_and(|len| len == name.len()))
            {
                continue;
            }
            match split_name(&key) {
                Some(text) => text,
                None => continue,
            }
        } else {
            continue;
        };
        if NAMES
            .iter()
            .any(|name| text.eq_ignore_ascii_case(name) && text != *name)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A header name as text, when it is `str` (valid UTF-8) or `bytes`.
fn split_name(name: &Bound<'_, PyAny>) -> Option<String> {
    if name.is_instance_of::<PyString>() {
        name.extract::<PyBackedStr>()
            .ok()
            .map(|text| text.to_string())
    } else {
        name.extract::<PyBackedBytes>()
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The error for a `headers` argument that holds no headers.
fn not_headers(headers: &Bound<'_, PyAny>) -> PyErr {
    type_error(format!(
        "headers must be a mapping or an iterable of (name, value) pairs, got {}",
        type_name(headers)
    ))
}

/// A `(name, value)` pair with its name as text: `str`, or `bytes` as some
/// ASGI servers give them. `None` for a name that cannot be one of ours (a
/// `str` that is not valid UTF-8), which is skipped like any other header.
fn split_pair<'py>(pair: &Bound<'py, PyAny>) -> PyResult<Option<(String, Bound<'py, PyAny>)>> {
    let parts = if pair.is_instance_of::<PyTuple>() || pair.is_instance_of::<PyList>() {
        pair.try_iter()?.collect::<PyResult<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let [name, raw] = <[Bound<'py, PyAny>; 2]>::try_from(parts).map_err(|_| {
        type_error(format!(
            "each header must be a (name, value) pair, got {}",
            type_name(pair)
        ))
    })?;
    let name = if name.is_instance_of::<PyString>() {
        match name.extract::<PyBackedStr>() {
            Ok(text) => text.to_string(),
            Err(_) => return Ok(None),
        }
    } else if let Ok(bytes) = name.extract::<PyBackedBytes>() {
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        return Err(type_error(format!(
            "a header name must be str or bytes, got {}",
            type_name(&name)
        )));
    };
    Ok(Some((name, raw)))
}

/// A header value: `str` or `bytes`; `None` counts as absent.
fn value(raw: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<Value>> {
    if raw.is_none() {
        return Ok(None);
    }
    if let Ok(bytes) = raw.cast::<PyBytes>() {
        return Ok(Some(Value::Bytes(bytes.clone().into())));
    }
    if raw.is_instance_of::<PyString>() {
        // A str that cannot be UTF-8 (lone surrogates) is no header a sender
        // wrote: malformed, like any other value the grammar refuses.
        return match raw.extract::<PyBackedStr>() {
            Ok(text) => Ok(Some(Value::Text(text))),
            Err(_) => Err(kind_error(
                raw.py(),
                "invalid_header",
                format!("{name} holds a lone surrogate, which no http header can carry"),
            )),
        };
    }
    Err(type_error(format!(
        "header {name} must be str or bytes, got {}",
        type_name(raw)
    )))
}

/// Key text or raw key bytes, as given.
pub(crate) enum KeyText {
    /// `whsec_…`, bare base64, `whpk_…` or `whsk_…`.
    Text(String),
    /// A raw HMAC key.
    Raw(Vec<u8>),
}

/// A `keys` argument as a list: one key, or an iterable of them.
pub(crate) fn key_items<'py>(keys: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    // Text and bytes-like values are one key each, not iterables of keys.
    if keys.is_instance_of::<PyString>()
        || keys.is_instance_of::<PyBytes>()
        || keys.is_instance_of::<PyByteArray>()
        || keys.is_instance_of::<PyMemoryView>()
    {
        return Ok(vec![keys.clone()]);
    }
    let Ok(items) = keys.try_iter() else {
        return Err(type_error(format!(
            "keys must be a key or an iterable of keys, got {}",
            type_name(keys)
        )));
    };
    items.collect()
}

/// One key: text or raw bytes.
pub(crate) fn key_text(item: &Bound<'_, PyAny>) -> PyResult<KeyText> {
    if item.is_instance_of::<PyString>() {
        // Key text is ASCII; a str that is not even UTF-8 is no key.
        return match item.extract::<PyBackedStr>() {
            Ok(text) => Ok(KeyText::Text(text.to_string())),
            Err(_) => Err(kind_error(
                item.py(),
                "invalid_secret",
                "key text holds a lone surrogate; keys are ascii".to_owned(),
            )),
        };
    }
    if item.is_instance_of::<PyBytes>()
        || item.is_instance_of::<PyByteArray>()
        || item.is_instance_of::<PyMemoryView>()
    {
        return Ok(KeyText::Raw(Body::extract(item)?.as_bytes().to_vec()));
    }
    Err(type_error(format!(
        "a key must be str (whsec_, whpk_ or whsk_ text) or bytes (a raw hmac key), got {}",
        type_name(item)
    )))
}

/// One key-ring entry: a key, or a `(key, not_after)` pair whose second item
/// (a `datetime` or Unix seconds) is when the key stops matching.
pub(crate) fn key_entry(item: &Bound<'_, PyAny>) -> PyResult<(KeyText, Option<u64>)> {
    if let Ok(pair) = item.cast::<PyTuple>() {
        if pair.len() != 2 {
            return Err(type_error(format!(
                "a key entry tuple must be (key, not_after), got {} items",
                pair.len()
            )));
        }
        let key = key_text(&pair.get_item(0)?)?;
        let limit = clock_seconds(&pair.get_item(1)?, "not_after")?;
        return Ok((key, Some(limit)));
    }
    Ok((key_text(item)?, None))
}

/// A JWK set given as JSON text, JSON bytes, or an already parsed dict or list.
pub(crate) fn jwks_text(jwks: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = jwks.py();
    let not_json = |why: &str| kind_error(py, "invalid_secret", format!("jwks is not {why}"));
    if jwks.is_instance_of::<PyString>() {
        return jwks
            .extract::<PyBackedStr>()
            .map(|text| text.to_string())
            .map_err(|_| not_json("json text: it holds a lone surrogate"));
    }
    if let Ok(bytes) = jwks.extract::<PyBackedBytes>() {
        return String::from_utf8(bytes.to_vec()).map_err(|_| {
            kind_error(
                jwks.py(),
                "invalid_secret",
                "jwks bytes are not utf-8 json".to_owned(),
            )
        });
    }
    let mapping = py.import("collections.abc")?.getattr("Mapping")?;
    if jwks.is_instance_of::<PyList>() || jwks.is_instance(&mapping)? {
        // A parsed document goes back to text for the core's parser. Whatever
        // cannot be written as JSON (a cycle, a set, nesting too deep for
        // Python) cannot be a key set either.
        let json = py.import("json")?;
        let default = py.import("builtins")?.getattr("dict")?;
        return json
            .call_method1("dumps", (jwks,))
            .or_else(|_| json.call_method1("dumps", (default.call1((jwks,))?,)))
            .and_then(|text| text.extract())
            .map_err(|_| not_json("json: it cannot be serialised"));
    }
    Err(type_error(format!(
        "jwks must be json text, json bytes or a parsed json document, got {}",
        type_name(jwks)
    )))
}

/// Seconds since the Unix epoch from an `int`, a `float` (rounded down) or a
/// `datetime` (a naive one is read as UTC, as the reference library does), not
/// yet range-checked. Integers beyond `i128` saturate, which every caller then
/// treats like any other out-of-range value.
fn unix_time(value: &Bound<'_, PyAny>, what: &str) -> PyResult<i128> {
    let py = value.py();
    let expected = || {
        type_error(format!(
            "{what} must be an int, a float or a datetime, got {}",
            type_name(value)
        ))
    };
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(expected());
    }
    if value.is_instance_of::<pyo3::types::PyInt>() {
        return Ok(match value.extract::<i128>() {
            Ok(int) => int,
            Err(_) if value.lt(0)? => i128::MIN,
            Err(_) => i128::MAX,
        });
    }
    let float = if value.is_instance_of::<pyo3::types::PyFloat>() {
        value.extract::<f64>()?
    } else if is_datetime(value)? {
        let aware = if value.getattr("tzinfo")?.is_none() {
            let utc = py.import("datetime")?.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            value.call_method("replace", (), Some(&kwargs))?
        } else {
            value.clone()
        };
        aware.call_method0("timestamp")?.extract::<f64>()?
    } else {
        return Err(expected());
    };
    if !float.is_finite() {
        return Err(type_error(format!(
            "{what} must be a finite number of seconds, got {float}"
        )));
    }
    // `as` saturates at the ends of i128, which is what we want.
    #[allow(clippy::cast_possible_truncation)]
    Ok(float.floor() as i128)
}

/// A receiver's clock reading or a key's expiry, clamped to what the core
/// counts in: a time before 1970 reads as 0, as the core's own clock does, and
/// one past `u64::MAX` as `u64::MAX`. Either way the verdict is the one the real
/// time would give (every timestamp is "too new" at 0, every key live at the
/// end of time), so there is nothing to refuse.
pub(crate) fn clock_seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    let seconds = unix_time(value, what)?;
    Ok(u64::try_from(seconds.max(0)).unwrap_or(u64::MAX))
}

/// A time a sender signs with, which must be one receivers can read.
pub(crate) fn unix_seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<u64> {
    let seconds = unix_time(value, what)?;
    u64::try_from(seconds).map_err(|_| {
        PyValueError::new_err(format!(
            "{what} must be a unix time from 1970 on, got {}",
            value
                .repr()
                .map_or_else(|_| "?".to_owned(), |text| text.to_string())
        ))
    })
}

/// The clock tolerance, whole seconds, not negative. Beyond `u64::MAX` it
/// saturates, which accepts every timestamp just as the huge value would.
pub(crate) fn tolerance_seconds(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if value.is_instance_of::<pyo3::types::PyBool>()
        || !value.is_instance_of::<pyo3::types::PyInt>()
    {
        return Err(type_error(format!(
            "tolerance must be an int number of seconds, got {}",
            type_name(value)
        )));
    }
    if value.lt(0)? {
        return Err(PyValueError::new_err(format!(
            "tolerance must not be negative, got {}",
            value
                .repr()
                .map_or_else(|_| "?".to_owned(), |text| text.to_string())
        )));
    }
    Ok(value.extract::<u64>().unwrap_or(u64::MAX))
}

/// Whether `value` is a `datetime.datetime`.
fn is_datetime(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    let class = value.py().import("datetime")?.getattr("datetime")?;
    value.is_instance(&class)
}

/// The system clock in Unix seconds; a clock before 1970 reads as 0, which the
/// timestamp window then refuses.
pub(crate) fn clock_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

//! The compiled half of the `libwebhook` Python package.
//!
//! Python code imports `libwebhook`, whose `__init__.py` re-exports what this
//! module defines (`Verifier`, `Signer`, `Verified`, key generation, and for
//! senders the destination checks of `destination.rs`) next to the pure-Python
//! pieces: the exception classes and the drop-in `Webhook` class.
//! All verification rules are `webhook_core`'s; this file only turns Python
//! values into the core's inputs and the core's errors into Python exceptions.
//!
//! Inputs are checked here, at the boundary, so that a wrong type is a
//! `TypeError` that names the argument, and nothing deeper ever sees one.

// pyo3's macros expand to `unsafe` blocks that call the CPython API; this crate
// itself writes no `unsafe` code.
#![allow(unsafe_code)]

mod convert;
mod destination;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use webhook_core::ed25519::{PublicKey, SigningKey};
use webhook_core::jwk::parse_jwks;
use webhook_core::{
    DEFAULT_TOLERANCE_SECS, HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, Headers, Scheme, Secret,
    SignKey, Signer, Verifier, VerifyKey,
};

use convert::{Body, HeaderValues, clock_seconds, core_error, unix_seconds};

/// Bodies at least this long are hashed with the interpreter released, so other
/// Python threads run meanwhile. Below it, releasing and retaking the GIL costs
/// more than the hashing it would overlap.
const DETACH_THRESHOLD: usize = 4096;

/// Rings with more keys than this release the GIL for every verification, as
/// each key costs one more hash of the body.
const COSTLY_RING: usize = 4;

const _: () = assert!(DEFAULT_TOLERANCE_SECS == 300);

/// A key ring with a clock tolerance, fixed at construction: build one at
/// start-up and share it between threads.
#[pyclass(name = "Verifier", module = "libwebhook", frozen)]
struct PyVerifier {
    inner: Verifier<Vec<VerifyKey>>,
    /// The JWK `kid` of each ring entry, `None` for keys not from a JWK set.
    kids: Vec<Option<String>>,
    /// Whether even a small delivery may cost much: an ed25519 check takes tens
    /// of microseconds and a header may ask for several, and a big ring
    /// multiplies every check. Such verifications release the GIL whatever the
    /// body's size.
    costly: bool,
}

#[pymethods]
impl PyVerifier {
    #[new]
    // `tolerance` is read by hand, so that a wrong type or a negative value
    // gets a message naming it; the signature shown to Python states the
    // default, which the assertion above keeps equal to the core's.
    #[pyo3(
        signature = (keys = None, /, *, tolerance = None, jwks = None, v1_only = false),
        text_signature = "(keys=None, /, *, tolerance=300, jwks=None, v1_only=False)"
    )]
    fn new(
        py: Python<'_>,
        keys: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        jwks: Option<&Bound<'_, PyAny>>,
        v1_only: bool,
    ) -> PyResult<Self> {
        let tolerance = match tolerance {
            Some(value) => convert::tolerance_seconds(value)?,
            None => DEFAULT_TOLERANCE_SECS,
        };
        let mut ring = Vec::new();
        let mut kids = Vec::new();
        if let Some(keys) = keys {
            for item in convert::key_items(keys)? {
                let (key, not_after) = convert::key_entry(&item)?;
                let key = match key {
                    convert::KeyText::Text(text) if v1_only => {
                        Secret::from_base64(&text).map(VerifyKey::from)
                    }
                    convert::KeyText::Text(text) => VerifyKey::parse(&text),
                    convert::KeyText::Raw(raw) => Secret::from_bytes(&raw).map(VerifyKey::from),
                }
                .map_err(|e| core_error(py, &e))?;
                ring.push(match not_after {
                    Some(limit) => key.not_after(limit),
                    None => key,
                });
                kids.push(None);
            }
        }
        if let Some(jwks) = jwks {
            let text = convert::jwks_text(jwks)?;
            let set = parse_jwks(&text).map_err(|e| core_error(py, &e))?;
            for key in set {
                ring.push(key.verify_key());
                kids.push(key.kid().map(str::to_owned));
            }
        }
        let inner = Verifier::new(ring)
            .map_err(|e| core_error(py, &e))?
            .with_tolerance(tolerance);
        let keys = inner.keys();
        let costly = keys.len() > COSTLY_RING || keys.iter().any(|key| key.scheme() == Scheme::V1a);
        Ok(PyVerifier {
            inner,
            kids,
            costly,
        })
    }

    /// How far, in seconds, `webhook-timestamp` may be from now either way.
    #[getter]
    fn tolerance(&self) -> u64 {
        self.inner.tolerance()
    }

    /// The number of keys in the ring.
    fn __len__(&self) -> usize {
        self.inner.keys().len()
    }

    fn __repr__(&self) -> String {
        // Never the keys themselves: only how many there are, of which scheme.
        let schemes: Vec<&str> = self
            .inner
            .keys()
            .iter()
            .map(|key| key.scheme().name())
            .collect();
        format!(
            "Verifier(keys=[{}], tolerance={})",
            schemes.join(", "),
            self.inner.tolerance()
        )
    }

    /// Verifies one delivery and returns what it established.
    #[pyo3(signature = (data, headers, /, *, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyVerified> {
        let (key_index, scheme, id, timestamp) = self.check(py, data, headers, now, |v| {
            (
                v.key_index(),
                v.scheme().name(),
                v.id().to_owned(),
                v.timestamp(),
            )
        })?;
        Ok(PyVerified {
            id,
            timestamp,
            key_index,
            scheme,
            kid: self.kids.get(key_index).cloned().flatten(),
        })
    }

    /// As `verify`, returning nothing: the drop-in `Webhook.verify` needs only
    /// the verdict, and skipping the result object keeps it cheap.
    #[pyo3(signature = (data, headers, /, *, now = None))]
    fn _check(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.check(py, data, headers, now, |_| ())
    }
}

impl PyVerifier {
    /// The shared body of `verify` and `_check`; `keep` picks what to keep of
    /// the result, so `_check` copies nothing out of it.
    fn check<T: Send>(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
        keep: impl FnOnce(webhook_core::Verified<'_>) -> T + Send,
    ) -> PyResult<T> {
        let body = Body::extract(data)?;
        let values = HeaderValues::extract(headers)?;
        let now = match now {
            Some(now) => clock_seconds(now, "now")?,
            None => convert::clock_now(),
        };
        let view = Headers {
            id: values.id.as_deref(),
            timestamp: values.timestamp.as_deref(),
            signature: values.signature.as_deref(),
        };
        let bytes = body.as_bytes();

        let run = || self.inner.verify(&view, bytes, now).map(keep);
        let outcome = if bytes.len() >= DETACH_THRESHOLD || self.costly {
            py.detach(run)
        } else {
            run()
        };
        outcome.map_err(|e| core_error(py, &e))
    }
}

/// What a successful verification established.
#[pyclass(name = "Verified", module = "libwebhook", frozen)]
struct PyVerified {
    #[pyo3(get)]
    id: String,
    #[pyo3(get)]
    timestamp: u64,
    #[pyo3(get)]
    key_index: usize,
    #[pyo3(get)]
    scheme: &'static str,
    #[pyo3(get)]
    kid: Option<String>,
}

#[pymethods]
impl PyVerified {
    fn __repr__(&self) -> String {
        format!(
            "Verified(id={:?}, timestamp={}, key_index={}, scheme={:?}, kid={:?})",
            self.id, self.timestamp, self.key_index, self.scheme, self.kid
        )
    }
}

/// A signing key ring: every delivery gets one signature per key, in order.
#[pyclass(name = "Signer", module = "libwebhook", frozen)]
struct PySigner {
    inner: Signer<Vec<SignKey>>,
    /// The scheme of each key, for `repr`; the core's signer does not expose
    /// its ring.
    schemes: Vec<&'static str>,
}

#[pymethods]
impl PySigner {
    #[new]
    #[pyo3(signature = (keys, /, *, v1_only = false))]
    fn new(keys: &Bound<'_, PyAny>, v1_only: bool) -> PyResult<Self> {
        let mut ring = Vec::new();
        for item in convert::key_items(keys)? {
            let key = match convert::key_text(&item)? {
                convert::KeyText::Text(text) if v1_only => {
                    Secret::from_base64(&text).map(SignKey::from)
                }
                convert::KeyText::Text(text) => SignKey::parse(&text),
                convert::KeyText::Raw(raw) => Secret::from_bytes(&raw).map(SignKey::from),
            }
            .map_err(|e| core_error(keys.py(), &e))?;
            ring.push(key);
        }
        let schemes = ring.iter().map(|key| key.scheme().name()).collect();
        let inner = Signer::new(ring).map_err(|e| core_error(keys.py(), &e))?;
        Ok(PySigner { inner, schemes })
    }

    fn __repr__(&self) -> String {
        format!("Signer(keys=[{}])", self.schemes.join(", "))
    }

    /// Signs `data` as message `msg_id` sent at `timestamp` (a `datetime`, or
    /// seconds since the Unix epoch) and returns the three headers to send.
    #[pyo3(signature = (msg_id, timestamp, data, /))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        msg_id: &Bound<'py, PyAny>,
        timestamp: &Bound<'py, PyAny>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        if !msg_id.is_instance_of::<pyo3::types::PyString>() {
            return Err(convert::type_error(format!(
                "msg_id must be str, got {}",
                convert::type_name(msg_id)
            )));
        }
        // Ids are visible ASCII, so a str that is not even UTF-8 is simply an
        // id receivers would refuse.
        let id: String = msg_id.extract().map_err(|_| {
            convert::kind_error(
                py,
                "invalid_header",
                "msg_id holds a lone surrogate; webhook-id is ascii".to_owned(),
            )
        })?;
        let timestamp = unix_seconds(timestamp, "timestamp")?;
        let body = Body::extract(data)?;
        let bytes = body.as_bytes();

        let run = || self.inner.sign(&id, timestamp, bytes);
        let signed = if bytes.len() >= DETACH_THRESHOLD {
            py.detach(run)
        } else {
            run()
        }
        .map_err(|e| core_error(py, &e))?;

        let out = PyDict::new(py);
        out.set_item(HEADER_ID, signed.id)?;
        out.set_item(HEADER_TIMESTAMP, signed.timestamp)?;
        out.set_item(HEADER_SIGNATURE, signed.signature)?;
        Ok(out)
    }
}

/// A new `v1` secret: 32 random bytes from the operating system, as `whsec_…`.
#[pyfunction]
fn generate_secret(py: Python<'_>) -> PyResult<String> {
    webhook_core::generate_secret().map_err(|e| core_error(py, &e))
}

/// A new ed25519 key pair for `v1a`: `(whsk_… signing key, whpk_… public key)`.
#[pyfunction]
fn generate_keypair(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    let key = SigningKey::generate().map_err(|e| core_error(py, &e))?;
    PyTuple::new(py, [key.to_whsk(), key.public_key().to_whpk()])
}

/// The canonical `whpk_` text of a public key given as `whpk_` text or bare
/// base64, raw or SubjectPublicKeyInfo. A `whsk_` signing key is refused, so a
/// secret is never mistaken for something safe to publish; `signing_key` gives
/// a signing key's public half.
#[pyfunction]
#[pyo3(signature = (key, /))]
fn public_key(py: Python<'_>, key: &str) -> PyResult<String> {
    PublicKey::from_base64(key)
        .map(|public| public.to_whpk())
        .map_err(|e| core_error(py, &e))
}

/// A signing key in canonical form, `(whsk_…, whpk_…)`: the 64-byte
/// seed-then-public `whsk_` text and the public key that goes with it.
#[pyfunction]
#[pyo3(signature = (key, /))]
fn signing_key(py: Python<'_>, key: &str) -> PyResult<(String, String)> {
    SigningKey::from_base64(key)
        .map(|key| (key.to_whsk(), key.public_key().to_whpk()))
        .map_err(|e| core_error(py, &e))
}

/// The public keys of a JWK or JWK set, in document order, as `(kid, whpk_)`
/// pairs. Any key that is not a public Ed25519 key refuses the whole set.
#[pyfunction]
#[pyo3(signature = (jwks, /))]
fn parse_jwks_keys(
    py: Python<'_>,
    jwks: &Bound<'_, PyAny>,
) -> PyResult<Vec<(Option<String>, String)>> {
    let text = convert::jwks_text(jwks)?;
    let set = parse_jwks(&text).map_err(|e| core_error(py, &e))?;
    Ok(set
        .iter()
        .map(|key| (key.kid().map(str::to_owned), key.public_key().to_whpk()))
        .collect())
}

#[pymodule]
fn _libwebhook(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add("DEFAULT_TOLERANCE_SECS", DEFAULT_TOLERANCE_SECS)?;
    module.add_class::<PyVerifier>()?;
    module.add_class::<PyVerified>()?;
    module.add_class::<PySigner>()?;
    module.add_function(wrap_pyfunction!(generate_secret, module)?)?;
    module.add_function(wrap_pyfunction!(generate_keypair, module)?)?;
    module.add_function(wrap_pyfunction!(public_key, module)?)?;
    module.add_function(wrap_pyfunction!(signing_key, module)?)?;
    module.add_function(wrap_pyfunction!(parse_jwks_keys, module)?)?;
    destination::register(module)?;
    Ok(())
}

//! The sender's destination checks: the URL rules (`check_url`, `UrlPolicy`)
//! and the resolve-time address check (`check_address`, `check_addresses`,
//! `is_public_address`).
//!
//! The rules are the core's (`webhook_core::destination`); this file only reads
//! Python values and raises the core's refusals as the package's
//! `UrlRefusedError` subclasses. Customer text that cannot even be UTF-8 (a
//! `str` holding a lone surrogate, which `json.loads` happily produces from
//! `"\ud800"`) is a refusal like any other bad URL, not a `TypeError`: it
//! arrives from the same form field as every other URL.

use core::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyInt, PyString, PyTuple, PyType};
use webhook_core::destination::{self, UrlPolicy};

use crate::convert::{lone_surrogate, quoted, type_error, type_name, url_error, url_kind_error};

/// `ipaddress.IPv4Address` and `ipaddress.IPv6Address`, looked up once.
static IPV4_ADDRESS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static IPV6_ADDRESS: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A URL or a name as text. Only `str` is text; a `str` that cannot be UTF-8
/// is `malformed`, named by its first lone surrogate and where it stands.
fn text_of(value: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedStr> {
    let Ok(text) = value.cast::<PyString>() else {
        return Err(type_error(format!(
            "{what} must be str, got {}",
            type_name(value)
        )));
    };
    text.extract::<PyBackedStr>().map_err(|_| {
        let message = match lone_surrogate(text) {
            Some((point, at)) => {
                format!("{what} contains a lone surrogate U+{point:04X} at byte {at}")
            }
            None => format!("{what} cannot be encoded as utf-8"),
        };
        url_kind_error(value.py(), "malformed", message)
    })
}

/// Checks a destination URL against the built-in rules and returns its
/// normalised form.
#[pyfunction]
#[pyo3(signature = (url, /))]
fn check_url(py: Python<'_>, url: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = text_of(url, "url")?;
    destination::check_url(&text)
        .map(destination::CheckedUrl::into_string)
        .map_err(|e| url_error(py, &e))
}

/// The destination-URL rules with the caller's additions: more blocked names,
/// more ports. Safe to share between threads.
///
/// The core's policy is a value that `block_name` and `allow_port` change in
/// place, so we keep it behind a lock rather than rely on pyo3's borrow flags,
/// which would turn a check racing an addition into a `RuntimeError`. The lock
/// is only ever held by Rust code that calls no Python (arguments are read
/// before taking it, exceptions built after dropping it), so a thread holding
/// it never gives up the GIL and nobody waits on it for long.
#[pyclass(name = "UrlPolicy", module = "libwebhook", frozen)]
struct PyUrlPolicy {
    inner: Mutex<UrlPolicy>,
}

impl PyUrlPolicy {
    /// The policy. A panic while it was held cannot have left it half
    /// changed (each addition is one push after its checks), so a poisoned
    /// lock is simply taken over.
    fn policy(&self) -> MutexGuard<'_, UrlPolicy> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl PyUrlPolicy {
    #[new]
    #[pyo3(signature = ())]
    fn new() -> Self {
        PyUrlPolicy {
            inner: Mutex::new(UrlPolicy::new()),
        }
    }

    /// Blocks `name` and every name below it, normalised as hosts are.
    #[pyo3(signature = (name, /))]
    fn block_name(&self, name: &Bound<'_, PyAny>) -> PyResult<()> {
        let text = text_of(name, "name")?;
        let outcome = self.policy().block_name(&text);
        outcome.map_err(|e| url_error(name.py(), &e))
    }

    /// Allows destinations on `port`, beside 443 and 8443.
    #[pyo3(signature = (port, /))]
    fn allow_port(&self, port: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = port.py();
        if port.is_instance_of::<pyo3::types::PyBool>() || !port.is_instance_of::<PyInt>() {
            return Err(type_error(format!(
                "port must be an int, got {}",
                type_name(port)
            )));
        }
        let Ok(number) = port.extract::<u16>() else {
            // Only ints outside 0 to 65535 get here; name small ones, and
            // do not ask Python to print a huge one.
            let shown = port
                .extract::<i64>()
                .map_or_else(|_| "a number beyond 64 bits".to_owned(), |n| n.to_string());
            return Err(url_kind_error(
                py,
                "port_not_allowed",
                format!("port must be a number from 1 to 65535, got {shown}"),
            ));
        };
        let outcome = self.policy().allow_port(number);
        outcome.map_err(|e| url_error(py, &e))
    }

    /// Checks a destination URL against the rules and returns its normalised
    /// form.
    #[pyo3(signature = (url, /))]
    fn check(&self, url: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = text_of(url, "url")?;
        let outcome = self.policy().check(&text);
        outcome
            .map(destination::CheckedUrl::into_string)
            .map_err(|e| url_error(url.py(), &e))
    }

    /// The names added with `block_name`, normalised, in the order added.
    #[getter]
    fn blocked_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names = self.policy().blocked_names().to_vec();
        PyTuple::new(py, names)
    }

    /// The ports added with `allow_port`, in the order added.
    #[getter]
    fn allowed_ports<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let ports = self.policy().allowed_ports().to_vec();
        PyTuple::new(py, ports)
    }

    fn __repr__(&self) -> String {
        let policy = self.policy();
        // Added names are normalised to `a-z`, `0-9`, `-`, `_` and dots, so
        // they need no escaping inside the quotes.
        let names: Vec<String> = policy
            .blocked_names()
            .iter()
            .map(|name| format!("'{name}'"))
            .collect();
        let ports: Vec<String> = policy.allowed_ports().iter().map(u16::to_string).collect();
        format!(
            "UrlPolicy(blocked_names=[{}], allowed_ports=[{}])",
            names.join(", "),
            ports.join(", ")
        )
    }
}

/// One address: `str` text or an `ipaddress.IPv4Address`/`IPv6Address` (an
/// `IPv4Interface` is one too, and counts as its address).
///
/// Packed `bytes` are refused on purpose: sixteen bytes of text such as
/// `b"2001:db8::1:2:3a"` would be read as some other, public, address, so a
/// caller holding bytes must say which they mean through `ipaddress`.
fn read_address(value: &Bound<'_, PyAny>, what: &str) -> PyResult<IpAddr> {
    let py = value.py();
    if let Ok(text) = value.cast::<PyString>() {
        let Ok(text) = text.extract::<PyBackedStr>() else {
            return Err(PyValueError::new_err(format!(
                "{what} is not an ip address: it holds a lone surrogate"
            )));
        };
        // The core reads the text as the C API and the CLI do: the standard
        // forms, and an IPv6 zone (`fe80::1%eth0`, as `getaddrinfo` and
        // `ipaddress` write scoped addresses), which it drops. Text that is no
        // address is a plain `ValueError` naming the argument, not a refusal:
        // no resolver returns it, so the mistake is the caller's.
        return destination::parse_address(&text).map_err(|_| {
            PyValueError::new_err(format!(
                "{what} {} is not an ipv4 or ipv6 address",
                quoted(&text)
            ))
        });
    }
    let v4 = IPV4_ADDRESS.import(py, "ipaddress", "IPv4Address")?;
    let v6 = IPV6_ADDRESS.import(py, "ipaddress", "IPv6Address")?;
    if value.is_instance(v4)? || value.is_instance(v6)? {
        // `packed` is the address alone, without an IPv6 scope id. A subclass
        // may break it; that is a wrong argument like any other.
        let bytes = value
            .getattr("packed")
            .ok()
            .and_then(|packed| packed.cast::<PyBytes>().ok().map(|b| b.as_bytes().to_vec()))
            .unwrap_or_default();
        if let Ok(four) = <[u8; 4]>::try_from(bytes.as_slice()) {
            return Ok(IpAddr::from(four));
        }
        if let Ok(sixteen) = <[u8; 16]>::try_from(bytes.as_slice()) {
            return Ok(IpAddr::from(sixteen));
        }
        return Err(type_error(format!(
            "{what} ({}) has no packed form of 4 or 16 bytes",
            type_name(value)
        )));
    }
    let hint = if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        "; for packed bytes, pass ipaddress.ip_address(value)"
    } else {
        ""
    };
    Err(type_error(format!(
        "{what} must be str, ipaddress.IPv4Address or ipaddress.IPv6Address, got {}{hint}",
        type_name(value)
    )))
}

/// Checks one address a destination's host resolved to.
#[pyfunction]
#[pyo3(signature = (address, /))]
fn check_address(py: Python<'_>, address: &Bound<'_, PyAny>) -> PyResult<()> {
    let addr = read_address(address, "address")?;
    destination::check_address(addr).map_err(|e| url_error(py, &e))
}

/// Checks every address a destination's host resolved to; all must pass, and
/// an empty iterable is refused.
#[pyfunction]
#[pyo3(signature = (addresses, /))]
fn check_addresses(py: Python<'_>, addresses: &Bound<'_, PyAny>) -> PyResult<()> {
    // A str is an iterable of characters, and an address object (or bytes)
    // is no list of addresses: refuse them by name rather than walk them.
    if addresses.is_instance_of::<PyString>()
        || addresses.is_instance_of::<PyBytes>()
        || addresses.is_instance_of::<PyByteArray>()
        || addresses.is_instance(IPV4_ADDRESS.import(py, "ipaddress", "IPv4Address")?)?
        || addresses.is_instance(IPV6_ADDRESS.import(py, "ipaddress", "IPv6Address")?)?
    {
        return Err(type_error(format!(
            "addresses must be an iterable of addresses, got {}; for one address, call check_address",
            type_name(addresses)
        )));
    }
    let Ok(items) = addresses.try_iter() else {
        return Err(type_error(format!(
            "addresses must be an iterable of addresses, got {}",
            type_name(addresses)
        )));
    };
    // Each address is checked as it is read, so the first refusal is the one
    // reported, as in the core, and a long iterable stops there.
    let mut seen = 0usize;
    for item in items {
        let addr = read_address(&item?, &format!("addresses[{seen}]"))?;
        destination::check_address(addr).map_err(|e| url_error(py, &e))?;
        seen += 1;
    }
    if seen == 0 {
        // The core's own refusal and message for "nothing was checked".
        return destination::check_addresses(&[]).map_err(|e| url_error(py, &e));
    }
    Ok(())
}

/// Whether an address is publicly routable: one a sender may connect to.
#[pyfunction]
#[pyo3(signature = (address, /))]
fn is_public_address(address: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(destination::is_public_address(read_address(
        address, "address",
    )?))
}

/// Adds this file's classes, functions and constants to the module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("MAX_URL_LEN", destination::MAX_URL_LEN)?;
    module.add(
        "DEFAULT_PORTS",
        PyTuple::new(py, destination::DEFAULT_PORTS)?,
    )?;
    module.add(
        "BLOCKED_NAMES",
        PyTuple::new(py, destination::BLOCKED_NAMES)?,
    )?;
    module.add_class::<PyUrlPolicy>()?;
    module.add_function(wrap_pyfunction!(check_url, module)?)?;
    module.add_function(wrap_pyfunction!(check_address, module)?)?;
    module.add_function(wrap_pyfunction!(check_addresses, module)?)?;
    module.add_function(wrap_pyfunction!(is_public_address, module)?)?;
    Ok(())
}

//! Where a sender may deliver: the destination-URL rules, with or without a
//! policy handle, and the resolve-time address check, over the core's
//! `webhook_core::destination`.
//!
//! Every refusal has its own code in the 3xx block of `wh_result`, and its
//! message (the core's, at most 256 bytes) goes into an optional
//! `wh_refusal`. Text that is not UTF-8, which the core cannot take, is
//! refused here, with the `malformed` code and a message written in the
//! core's style; address text is read by the core's `parse_address`, as the
//! CLI and the Python binding read it.

use core::ffi::c_char;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{PoisonError, RwLock};

use webhook_core::destination::{
    CheckedUrl, MAX_MESSAGE_LEN, MAX_URL_LEN, UrlError, UrlPolicy, check_address, check_addresses,
    parse_address,
};

use crate::ffi::{self, attempt, fence};
use crate::wh_result;

/// The size of a buffer that holds any normalised URL the checks return:
/// 8192 bytes (the longest URL they accept) and the NUL.
pub const WH_URL_BUF_LEN: usize = 8193;

/// The size of `wh_refusal`'s message: 256 bytes (no refusal message is
/// longer) and the NUL.
pub const WH_REFUSAL_MESSAGE_BUF_LEN: usize = 257;

// cbindgen writes the constants as numbers, so we hold them to the core's.
const _: () = assert!(WH_URL_BUF_LEN == MAX_URL_LEN + 1);
const _: () = assert!(WH_REFUSAL_MESSAGE_BUF_LEN == MAX_MESSAGE_LEN + 1);

/// Why a destination was refused, beyond its code: filled in by the checks
/// when they return a refusal code (300 to 399), and left alone otherwise.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wh_refusal {
    /// The refusal's message, NUL-terminated: lowercase, no trailing period,
    /// printable ASCII only, naming the offending part (the scheme, port,
    /// host or address). User text is quoted only escaped and cut short, so it
    /// can go back to the customer in a 400 response as it is. The text may
    /// change between releases; compare the codes, or their `wh_result_name`.
    pub message: [c_char; WH_REFUSAL_MESSAGE_BUF_LEN],
}

/// Where the parts of a normalised URL sit: what to resolve and where to
/// connect. Filled in by the URL checks on success only.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct wh_checked_url {
    /// Where the host starts in the normalised URL written to `buf` (after
    /// `https://`).
    pub host_offset: usize,
    /// The host's length in bytes: a domain name in ASCII (IDN labels as
    /// punycode), lower case, with a trailing dot if the URL had one. It is
    /// not NUL-terminated inside `buf`; this is the name to resolve.
    pub host_len: usize,
    /// The port to connect to: the URL's port, or 443 when it names none.
    pub port: u16,
}

/// A URL policy: the built-in destination rules plus names blocked and ports
/// allowed on top of them. Nothing lifts a built-in rule.
///
/// Make one with `wh_url_policy_new` and free it with `wh_url_policy_free`.
/// It holds a lock inside, so any number of threads may check URLs against
/// one policy while others add to it; a check sees each addition whole or
/// not at all.
#[derive(Debug)]
pub struct wh_url_policy {
    inner: RwLock<UrlPolicy>,
}

/// A refusal on its way to C: the code and the message for `wh_refusal`.
struct Refused {
    code: wh_result,
    message: String,
}

impl From<UrlError> for Refused {
    fn from(error: UrlError) -> Refused {
        Refused {
            code: error.kind().into(),
            message: error.to_string(),
        }
    }
}

impl Refused {
    /// A `malformed` refusal with a message of our own.
    fn malformed(message: String) -> Refused {
        Refused {
            code: wh_result::Malformed,
            message,
        }
    }

    /// Writes the message through an optional `refusal_out` and returns the
    /// code.
    ///
    /// # Safety
    ///
    /// `refusal_out` is NULL or valid for writing one `wh_refusal`.
    unsafe fn report(self, refusal_out: *mut wh_refusal) -> wh_result {
        if !refusal_out.is_null() {
            let mut refusal = wh_refusal {
                message: [0; WH_REFUSAL_MESSAGE_BUF_LEN],
            };
            // Every message is ASCII and at most MAX_MESSAGE_LEN bytes; the cut
            // is a backstop that keeps the NUL in place whatever happens.
            let bytes = self.message.as_bytes();
            let kept = bytes.len().min(MAX_MESSAGE_LEN);
            for (slot, &byte) in refusal.message.iter_mut().zip(&bytes[..kept]) {
                *slot = c_char::from_ne_bytes([byte]);
            }
            // SAFETY: not NULL, and the caller promises it is writable.
            unsafe { refusal_out.write(refusal) };
        }
        self.code
    }
}

/// Text given as a pointer and a length, refused as `malformed` when it is
/// not UTF-8; `what` names it in the message ("url", "name").
///
/// # Safety
///
/// As [`ffi::bytes`].
unsafe fn utf8_text<'a>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Result<Result<&'a str, Refused>, wh_result> {
    // SAFETY: forwarded; the caller upholds `bytes`'s contract.
    let bytes = unsafe { ffi::bytes(ptr, len)? };
    Ok(core::str::from_utf8(bytes).map_err(|err| {
        Refused::malformed(format!(
            "{what} is not valid utf-8 at byte {}",
            err.valid_up_to()
        ))
    }))
}

/// The shared body of `wh_url_check` and `wh_url_policy_check`; `policy` is
/// `None` for the built-in rules.
///
/// # Safety
///
/// As for `wh_url_check`.
unsafe fn check_url_with(
    policy: Option<&wh_url_policy>,
    url: *const c_char,
    url_len: usize,
    out: UrlOut,
) -> wh_result {
    // SAFETY: the caller promises `url` covers `url_len` bytes.
    let text = attempt!(unsafe { utf8_text(url, url_len, "url") });
    if out.needed.is_null() || (out.buf.is_null() && out.buf_len != 0) {
        return wh_result::NullParameter;
    }

    let checked = text.and_then(|text| {
        let checked = match policy {
            None => webhook_core::destination::check_url(text),
            Some(policy) => read(policy).check(text),
        };
        checked.map_err(Refused::from)
    });
    let checked = match checked {
        Ok(checked) => checked,
        // SAFETY: the caller promises `refusal` is NULL or writable.
        Err(refused) => return unsafe { refused.report(out.refusal) },
    };

    // SAFETY: the caller promises `buf` covers `buf_len` bytes and `needed`
    // is writable; both checked above.
    let written = unsafe { ffi::write_text(checked.as_str(), out.buf, out.buf_len, out.needed) };
    if written == wh_result::Ok && !out.checked.is_null() {
        // SAFETY: not NULL, and the caller promises it is writable.
        unsafe { out.checked.write(parts(&checked)) };
    }
    written
}

/// The out-params of the URL checks, still as C pointers.
struct UrlOut {
    buf: *mut c_char,
    buf_len: usize,
    needed: *mut usize,
    checked: *mut wh_checked_url,
    refusal: *mut wh_refusal,
}

/// The host's place in the normalised URL, and the port.
fn parts(checked: &CheckedUrl) -> wh_checked_url {
    let (url, host) = (checked.as_str(), checked.host());
    // `host()` is a slice of `as_str()`, so the distance between their starts
    // is the offset; `find` is only a fallback should that ever change.
    let offset = host.as_ptr().addr().wrapping_sub(url.as_ptr().addr());
    let host_offset = if url.get(offset..offset + host.len()) == Some(host) {
        offset
    } else {
        url.find(host).unwrap_or(0)
    };
    wh_checked_url {
        host_offset,
        host_len: host.len(),
        port: checked.port(),
    }
}

/// The policy for reading. A writer that panicked mid-update leaves the
/// policy as it was or with the one addition made: each is a single push.
fn read(policy: &wh_url_policy) -> std::sync::RwLockReadGuard<'_, UrlPolicy> {
    policy.inner.read().unwrap_or_else(PoisonError::into_inner)
}

/// Checks a destination URL against the built-in rules, and on success writes
/// its normalised form, NUL-terminated, into `buf`.
///
/// `url` is `url_len` bytes of UTF-8 (no NUL needed; a NUL byte inside is a
/// control character and refused). The rules, in the order they are checked,
/// are in the repository README ("Destination URLs"); text that is not UTF-8
/// is `WH_RESULT_MALFORMED` before any of them, and an empty URL (NULL with
/// length 0 included) is `WH_RESULT_MALFORMED` too. Deliver to the normalised
/// form and store it in place of what was given: it is what was checked.
///
/// On success, `*needed_out` receives the size the normalised URL needs (NUL
/// included) and `buf` the URL; `WH_URL_BUF_LEN` is always enough. With a
/// smaller `buf`, the result is `WH_RESULT_BUFFER_TOO_SMALL`: `*needed_out` is
/// written and nothing else, so `buf` may be NULL with `buf_len` 0 to ask for
/// the size. `checked_out` is optional (NULL: not wanted); on success it
/// receives where the host sits in `buf` and the port to connect to.
///
/// A refusal returns its code (`WH_RESULT_HTTPS_REQUIRED` to
/// `WH_RESULT_TOO_LONG`) and, when `refusal_out` is not NULL (it is
/// optional), writes the message into it; `buf`, `*needed_out` and
/// `*checked_out` are then left alone. `refusal_out` is written on a refusal
/// only, never on success or on any other failure. The caller owns every
/// buffer; nothing is kept after the call.
///
/// # Safety
///
/// `url` points to `url_len` readable bytes (or is NULL with `url_len` 0);
/// `buf` is NULL or points to `buf_len` writable bytes that overlap no input;
/// `needed_out` is writable (NULL gives `WH_RESULT_NULL_PARAMETER`);
/// `checked_out` and `refusal_out` are each NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_check(
    url: *const c_char,
    url_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
    checked_out: *mut wh_checked_url,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    let out = UrlOut {
        buf,
        buf_len,
        needed: needed_out,
        checked: checked_out,
        refusal: refusal_out,
    };
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { check_url_with(None, url, url_len, out) }
    })
}

/// Makes a policy that holds exactly the built-in rules; add to it with
/// `wh_url_policy_block_name` and `wh_url_policy_allow_port`.
///
/// On success `*policy_out` receives a new policy, owned by the caller, who
/// frees it with `wh_url_policy_free`. On failure it is not written.
///
/// # Safety
///
/// `policy_out` is writable (NULL gives `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_policy_new(policy_out: *mut *mut wh_url_policy) -> wh_result {
    fence!(wh_result::Panic, {
        if policy_out.is_null() {
            return wh_result::NullParameter;
        }
        let handle = ffi::into_handle(wh_url_policy {
            inner: RwLock::new(UrlPolicy::new()),
        });
        // SAFETY: checked not NULL above; the caller promises it is writable.
        attempt!(unsafe { ffi::write_out(policy_out, handle) });
        wh_result::Ok
    })
}

/// Frees a policy made by `wh_url_policy_new`. NULL does nothing.
///
/// No other thread may still be using the policy, and it must not be used or
/// freed again afterwards.
///
/// # Safety
///
/// `policy` is NULL or a policy from `wh_url_policy_new`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_policy_free(policy: *mut wh_url_policy) {
    // SAFETY: the caller promises it is NULL or live and freed only now.
    fence!((), { unsafe { ffi::free_handle(policy) } });
}

/// Blocks `name` and every name below it, in addition to the built-in list.
///
/// `name` is `name_len` bytes of UTF-8 (no NUL needed), normalised as hosts
/// are (IDNA mapping, lower case, one trailing dot dropped), so `Corp.Example.`
/// and `corp.example` are the same entry and `bücher.example` blocks
/// `xn--bcher-kva.example`. Adding a name twice is no error.
///
/// A name that is empty, an IP address, not a valid domain name or not UTF-8
/// is `WH_RESULT_MALFORMED`, and the policy is unchanged; when `refusal_out`
/// is not NULL (it is optional) it then receives the message, and on any
/// other result it is left alone. The text is copied: nothing is kept.
///
/// # Safety
///
/// `policy` is NULL or a live policy; `name` points to `name_len` readable
/// bytes (or is NULL with `name_len` 0); `refusal_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_policy_block_name(
    policy: *mut wh_url_policy,
    name: *const c_char,
    name_len: usize,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `policy` is NULL or live.
        let policy = attempt!(unsafe { ffi::handle(policy.cast_const()) });
        // SAFETY: the caller promises `name` covers `name_len` bytes.
        let name = attempt!(unsafe { utf8_text(name, name_len, "name") });
        let added = name.and_then(|name| {
            let mut inner = policy.inner.write().unwrap_or_else(PoisonError::into_inner);
            inner.block_name(name).map_err(Refused::from)
        });
        // SAFETY: the caller promises `refusal_out` is NULL or writable.
        unsafe { outcome(added, refusal_out) }
    })
}

/// Allows destinations on `port`, in addition to 443 and 8443.
///
/// Port 0, which nothing can connect to, and numbers above 65535 are
/// `WH_RESULT_PORT_NOT_ALLOWED`, and the policy is unchanged; `port` is wider
/// than a port so that a mistaken number is refused rather than cut to 16
/// bits. `refusal_out` is optional and written on a refusal only. Allowing a
/// port twice is no error.
///
/// # Safety
///
/// `policy` is NULL or a live policy; `refusal_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_policy_allow_port(
    policy: *mut wh_url_policy,
    port: u32,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `policy` is NULL or live.
        let policy = attempt!(unsafe { ffi::handle(policy.cast_const()) });
        let added = match u16::try_from(port) {
            Ok(port) => {
                let mut inner = policy.inner.write().unwrap_or_else(PoisonError::into_inner);
                inner.allow_port(port).map_err(Refused::from)
            }
            Err(_) => Err(Refused {
                code: wh_result::PortNotAllowed,
                message: format!("port {port} cannot be allowed, ports end at 65535"),
            }),
        };
        // SAFETY: the caller promises `refusal_out` is NULL or writable.
        unsafe { outcome(added, refusal_out) }
    })
}

/// Checks a destination URL against `policy`: the built-in rules and what was
/// added to them. Everything else is as for `wh_url_check`.
///
/// # Safety
///
/// As for `wh_url_check`, and `policy` is NULL (`WH_RESULT_NULL_PARAMETER`)
/// or a live policy.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_url_policy_check(
    policy: *const wh_url_policy,
    url: *const c_char,
    url_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
    checked_out: *mut wh_checked_url,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    let out = UrlOut {
        buf,
        buf_len,
        needed: needed_out,
        checked: checked_out,
        refusal: refusal_out,
    };
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `policy` is NULL or live.
        let policy = attempt!(unsafe { ffi::handle(policy) });
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { check_url_with(Some(policy), url, url_len, out) }
    })
}

/// An address from its bytes in network order: 4 for IPv4, 16 for IPv6.
fn address(bytes: &[u8]) -> Result<IpAddr, wh_result> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        Ok(Ipv4Addr::from(v4).into())
    } else if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        Ok(Ipv6Addr::from(v6).into())
    } else {
        Err(wh_result::InvalidLength)
    }
}

/// Writes the outcome of a check or a policy change that yields nothing: OK,
/// or the refusal's code and message.
///
/// # Safety
///
/// `refusal_out` is NULL or writable.
unsafe fn outcome(checked: Result<(), Refused>, refusal_out: *mut wh_refusal) -> wh_result {
    match checked {
        Ok(()) => wh_result::Ok,
        // SAFETY: forwarded from the caller.
        Err(refused) => unsafe { refused.report(refusal_out) },
    }
}

/// Checks one address a destination's host resolved to: it must be publicly
/// routable (the ranges are in the repository README, "Destination
/// addresses").
///
/// `addr` is the address in network byte order, `addr_len` 4 for IPv4 (as in
/// `struct in_addr`) or 16 for IPv6 (as in `struct in6_addr`); any other
/// length, NULL with 0 included, is `WH_RESULT_INVALID_LENGTH`. An address
/// that is not publicly routable is `WH_RESULT_PRIVATE_ADDRESS`, and when
/// `refusal_out` is not NULL (it is optional) it receives the message, which
/// names the address and its range; on any other result it is left alone.
///
/// # Safety
///
/// `addr` points to `addr_len` readable bytes (or is NULL with `addr_len` 0);
/// `refusal_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_address_check(
    addr: *const u8,
    addr_len: usize,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `addr` covers `addr_len` bytes.
        let bytes = attempt!(unsafe { ffi::bytes(addr, addr_len) });
        let addr = attempt!(address(bytes));
        let checked = check_address(addr).map_err(Refused::from);
        // SAFETY: the caller promises `refusal_out` is NULL or writable.
        unsafe { outcome(checked, refusal_out) }
    })
}

/// Checks one address given as text, as `wh_address_check` does.
///
/// `text` is `text_len` bytes (no NUL needed): an IPv4 address in dotted
/// decimal (`93.184.215.14`) or an IPv6 address in any standard form
/// (`2001:db8::1`, `::ffff:10.0.0.1`), with nothing around it. An IPv6
/// address may carry a zone after a `%` (`fe80::1%eth0`, `fe80::1%2`), as
/// `getnameinfo` with `NI_NUMERICHOST` writes scoped addresses: the zone
/// names an interface, not a destination, so it is dropped and the address
/// judged without it. A zone is printable ASCII other than `%` and `/`.
/// Text that is not such an address (brackets, spaces, a prefix length, a
/// zone on IPv4 or an empty one, octal or hex parts, not UTF-8, empty) is
/// `WH_RESULT_MALFORMED`, with a message in `refusal_out`, which is optional
/// and written on a refusal only.
///
/// # Safety
///
/// `text` points to `text_len` readable bytes (or is NULL with `text_len` 0);
/// `refusal_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_address_check_text(
    text: *const c_char,
    text_len: usize,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `text` covers `text_len` bytes.
        let text = attempt!(unsafe { utf8_text(text, text_len, "address text") });
        let checked = text.and_then(|text| {
            let addr = parse_address(text)?;
            check_address(addr).map_err(Refused::from)
        });
        // SAFETY: the caller promises `refusal_out` is NULL or writable.
        unsafe { outcome(checked, refusal_out) }
    })
}

/// Checks every address a destination's host resolved to. All must pass,
/// since the connection may go to any of them; an empty list (`n_addrs` 0) is
/// refused as `WH_RESULT_PRIVATE_ADDRESS`, since nothing was checked.
///
/// Address `i` is the `addr_lens[i]` bytes at `addrs[i]`, in network order, 4
/// or 16 bytes as for `wh_address_check`. Every address is read before any is
/// judged, so a length other than 4 or 16 anywhere is
/// `WH_RESULT_INVALID_LENGTH` and a NULL address with a nonzero length
/// `WH_RESULT_NULL_PARAMETER`, whatever the others are. Otherwise the first
/// address that is not publicly routable decides the result, and its message
/// goes into `refusal_out` (optional, written on a refusal only).
///
/// Connect only to the addresses checked here; do not resolve the name again.
///
/// # Safety
///
/// `addrs` and `addr_lens` each point to `n_addrs` elements (or are NULL with
/// `n_addrs` 0), each `addrs[i]` points to `addr_lens[i]` readable bytes, and
/// `refusal_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_address_check_list(
    addrs: *const *const u8,
    addr_lens: *const usize,
    n_addrs: usize,
    refusal_out: *mut wh_refusal,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `addrs` holds `n_addrs` pointers.
        let ptrs = attempt!(unsafe { ffi::array(addrs, n_addrs) });
        // SAFETY: the caller promises `addr_lens` holds `n_addrs` lengths.
        let lens = attempt!(unsafe { ffi::array(addr_lens, n_addrs) });
        let parsed: Result<Vec<IpAddr>, wh_result> = ptrs
            .iter()
            .zip(lens)
            .map(|(&ptr, &len)| {
                // SAFETY: the caller promises each address covers its length.
                let bytes = unsafe { ffi::bytes(ptr, len)? };
                address(bytes)
            })
            .collect();
        let parsed = attempt!(parsed);
        let checked = check_addresses(&parsed).map_err(Refused::from);
        // SAFETY: the caller promises `refusal_out` is NULL or writable.
        unsafe { outcome(checked, refusal_out) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(refusal: &wh_refusal) -> String {
        let bytes: Vec<u8> = refusal
            .message
            .iter()
            .map(|c| c.to_ne_bytes()[0])
            .take_while(|&b| b != 0)
            .collect();
        String::from_utf8(bytes).unwrap()
    }

    fn blank() -> wh_refusal {
        wh_refusal {
            message: [b'#' as c_char; WH_REFUSAL_MESSAGE_BUF_LEN],
        }
    }

    fn check(url: &[u8]) -> (wh_result, String, Option<wh_checked_url>, String) {
        let mut buf = vec![0 as c_char; WH_URL_BUF_LEN];
        let mut needed = 0;
        let mut checked = wh_checked_url {
            host_offset: 99,
            host_len: 99,
            port: 99,
        };
        let mut refusal = blank();
        // SAFETY: every pointer is to a live local of the stated size.
        let code = unsafe {
            wh_url_check(
                url.as_ptr().cast(),
                url.len(),
                buf.as_mut_ptr(),
                buf.len(),
                &mut needed,
                &mut checked,
                &mut refusal,
            )
        };
        let text: Vec<u8> = buf
            .iter()
            .map(|c| c.to_ne_bytes()[0])
            .take_while(|&b| b != 0)
            .collect();
        let written = (checked.port != 99).then_some(checked);
        let refused = if refusal.message[0] == b'#' as c_char {
            String::new()
        } else {
            message(&refusal)
        };
        (code, String::from_utf8(text).unwrap(), written, refused)
    }

    #[test]
    fn accepted_urls_come_back_normalised_with_their_host_and_port() {
        let (code, url, checked, refused) = check("https://Bücher.example.com:8443/x".as_bytes());
        assert_eq!(code, wh_result::Ok);
        assert_eq!(url, "https://xn--bcher-kva.example.com:8443/x");
        let checked = checked.unwrap();
        let host = &url[checked.host_offset..checked.host_offset + checked.host_len];
        assert_eq!((host, checked.port), ("xn--bcher-kva.example.com", 8443));
        assert!(refused.is_empty());
    }

    #[test]
    fn refusals_give_their_code_and_the_core_message() {
        let (code, url, checked, refused) = check(b"https://0x7f.1/hook");
        assert_eq!(code, wh_result::IpLiteral);
        assert!((url.is_empty(), checked) == (true, None));
        assert_eq!(
            refused,
            "host is the ip address 127.0.0.1, the url must name the host by a domain name"
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_malformed() {
        let (code, _, _, refused) = check(b"https://example.com/\xff");
        assert_eq!(code, wh_result::Malformed);
        assert_eq!(refused, "url is not valid utf-8 at byte 20");
    }

    fn check_text(text: &str) -> (wh_result, String) {
        let mut refusal = blank();
        // SAFETY: `text` and `refusal` are live locals.
        let code = unsafe { wh_address_check_text(text.as_ptr().cast(), text.len(), &mut refusal) };
        let message = if refusal.message[0] == b'#' as c_char {
            String::new()
        } else {
            message(&refusal)
        };
        (code, message)
    }

    #[test]
    fn address_text_is_read_by_the_core_zones_included() {
        assert_eq!(
            check_text("[::1]"),
            (
                wh_result::Malformed,
                "address \"[::1]\" is not an ipv4 or ipv6 address".to_owned()
            )
        );
        let (code, message) = check_text("10.0.0.1%eth0\u{7}");
        assert_eq!(code, wh_result::Malformed);
        assert_eq!(
            message,
            "address \"10.0.0.1%eth0\\u{7}\" is not an ipv4 or ipv6 address"
        );
        let (code, message) = check_text(&"1".repeat(500));
        assert_eq!(code, wh_result::Malformed);
        assert!(message.contains("...\""), "{message}");

        // A zone on IPv6 is dropped, and the address judged without it.
        let (code, message) = check_text("fe80::1%eth0");
        assert_eq!(code, wh_result::PrivateAddress);
        assert!(message.starts_with("address fe80::1 is not"), "{message}");
        assert_eq!(
            check_text("2606:4700::1%eth0"),
            (wh_result::Ok, String::new())
        );
        assert_eq!(check_text("fe80::1%").0, wh_result::Malformed);
    }

    #[test]
    fn addresses_are_four_or_sixteen_bytes() {
        for len in [0, 1, 5, 15, 17] {
            let bytes = [1u8; 17];
            // SAFETY: `bytes` holds at least `len` bytes.
            let code = unsafe { wh_address_check(bytes.as_ptr(), len, core::ptr::null_mut()) };
            assert_eq!(code, wh_result::InvalidLength, "{len}");
        }
        let mapped = Ipv4Addr::new(127, 0, 0, 1).to_ipv6_mapped().octets();
        // SAFETY: `mapped` holds 16 bytes.
        let code = unsafe { wh_address_check(mapped.as_ptr(), 16, core::ptr::null_mut()) };
        assert_eq!(code, wh_result::PrivateAddress);
    }

    #[test]
    fn refusal_messages_keep_their_nul() {
        let long = Refused {
            code: wh_result::Malformed,
            message: "x".repeat(1000),
        };
        let mut refusal = blank();
        // SAFETY: `refusal` is a live local.
        assert_eq!(unsafe { long.report(&mut refusal) }, wh_result::Malformed);
        assert_eq!(message(&refusal).len(), MAX_MESSAGE_LEN);
    }
}

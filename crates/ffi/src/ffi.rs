//! Every pointer conversion of the crate: the panic fence, the null checks, byte
//! slices from pointer and length, handle boxing, and copying text out into a
//! caller's buffer. The exported functions in `lib.rs` only call these.

use core::ffi::c_char;

use crate::wh_result;

/// Runs an exported function's body and turns a panic into `$on_panic`, so an
/// unwind never crosses into C (which would be undefined behaviour).
///
/// `AssertUnwindSafe` is right here because nothing the body touches outlives a
/// panic in a broken state: verifiers and signers are immutable, a URL policy
/// changes only by one push under its lock, and out-params are written only as
/// the last step of a call.
macro_rules! fence {
    ($on_panic:expr, $body:block) => {
        match ::std::panic::catch_unwind(::core::panic::AssertUnwindSafe(|| $body)) {
            Ok(value) => value,
            Err(_) => $on_panic,
        }
    };
}
pub(crate) use fence;

/// Unwraps a `Result<T, wh_result>` inside an exported function, returning the
/// code on error.
macro_rules! attempt {
    ($expr:expr) => {
        match $expr {
            Ok(value) => value,
            Err(code) => return code,
        }
    };
}
pub(crate) use attempt;

/// A shared reference to a handle, or `NULL_PARAMETER`.
///
/// # Safety
///
/// `ptr` is NULL or was returned by the matching `_new` and not yet freed.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> Result<&'a T, wh_result> {
    // SAFETY: the caller promises a non-NULL `ptr` came from `Box::into_raw` in
    // `into_handle` and has not been freed, so it points to a live, aligned `T`
    // that nobody mutates except through a lock inside it (verifiers and signers
    // are immutable after `_new`; a URL policy holds an `RwLock`).
    unsafe { ptr.as_ref() }.ok_or(wh_result::NullParameter)
}

/// Moves a handle onto the heap and hands ownership to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes ownership of a handle back from C and drops it; NULL does nothing.
///
/// # Safety
///
/// `ptr` is NULL or was returned by `into_handle` and not freed before.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller promises `ptr` came from `Box::into_raw` and is
        // freed only now, so rebuilding the Box takes the one ownership back.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// The `len` bytes at `ptr`. NULL with length 0 is the empty slice, NULL with
/// any other length is `NULL_PARAMETER`.
///
/// # Safety
///
/// A non-NULL `ptr` points to `len` readable bytes that stay unchanged for `'a`,
/// and `len` is at most `isize::MAX`.
pub(crate) unsafe fn bytes<'a, T>(ptr: *const T, len: usize) -> Result<&'a [u8], wh_result> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(wh_result::NullParameter)
        };
    }
    // SAFETY: `ptr` is not NULL, and the caller promises it points to `len`
    // readable, unchanging bytes for `'a`; `u8` has no alignment or validity
    // requirement, so any such bytes form a valid slice.
    Ok(unsafe { core::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// An optional header value: NULL with length 0 means the header is absent,
/// otherwise as [`bytes`].
///
/// # Safety
///
/// As [`bytes`].
pub(crate) unsafe fn header<'a>(
    ptr: *const c_char,
    len: usize,
) -> Result<Option<&'a [u8]>, wh_result> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded; the caller upholds `bytes`'s contract.
    unsafe { bytes(ptr, len) }.map(Some)
}

/// `n` elements of an array argument. NULL is allowed only when `n` is 0.
///
/// # Safety
///
/// A non-NULL `ptr` points to `n` initialized, aligned `T`s that stay unchanged
/// for `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, n: usize) -> Result<&'a [T], wh_result> {
    if ptr.is_null() {
        return if n == 0 {
            Ok(&[])
        } else {
            Err(wh_result::NullParameter)
        };
    }
    // SAFETY: `ptr` is not NULL, and the caller promises `n` initialized,
    // aligned elements that stay unchanged for `'a`.
    Ok(unsafe { core::slice::from_raw_parts(ptr, n) })
}

/// Writes `value` through an out-pointer, or reports `NULL_PARAMETER`.
///
/// # Safety
///
/// A non-NULL `ptr` is valid for writing one aligned `T`.
pub(crate) unsafe fn write_out<T>(ptr: *mut T, value: T) -> Result<(), wh_result> {
    if ptr.is_null() {
        return Err(wh_result::NullParameter);
    }
    // SAFETY: not NULL, and the caller promises it is writable and aligned.
    unsafe { ptr.write(value) };
    Ok(())
}

/// Checks that `buf` can take `text` and its NUL: the size a buffer needs, or
/// `NULL_PARAMETER` for a NULL `buf` with a nonzero length.
pub(crate) fn check_text_buf(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
) -> Result<usize, wh_result> {
    if buf.is_null() && buf_len != 0 {
        return Err(wh_result::NullParameter);
    }
    Ok(text.len() + 1)
}

/// Copies `text` into a caller's buffer as NUL-terminated text, reporting the
/// size needed (NUL included) through `needed_out`.
///
/// The size is written on success and with `BUFFER_TOO_SMALL`, which is the
/// crate's one exception to "out-params are written only on success"; `buf` is
/// written only on success. A NULL `needed_out`, or a NULL `buf` with a nonzero
/// length, is `NULL_PARAMETER` and writes nothing.
///
/// # Safety
///
/// `buf` is NULL or points to `buf_len` writable bytes; `needed_out` is NULL or
/// writable.
pub(crate) unsafe fn write_text(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    let needed = match check_text_buf(text, buf, buf_len) {
        Ok(needed) => needed,
        Err(code) => return code,
    };
    // SAFETY: the caller promises a non-NULL `needed_out` is writable.
    if let Err(code) = unsafe { write_out(needed_out, needed) } {
        return code;
    }
    if buf_len < needed {
        return wh_result::BufferTooSmall;
    }
    // SAFETY: `buf` is not NULL (its length is at least 1) and the caller
    // promises it holds `buf_len >= needed` writable bytes.
    unsafe { copy_text(text, buf) };
    wh_result::Ok
}

/// Copies `text` and a terminating NUL into `buf`, which the caller has checked
/// with [`check_text_buf`] to hold at least `text.len() + 1` bytes.
///
/// # Safety
///
/// `buf` points to at least `text.len() + 1` writable bytes that do not overlap
/// `text`.
pub(crate) unsafe fn copy_text(text: &str, buf: *mut c_char) {
    let out = buf.cast::<u8>();
    // SAFETY: the caller promises room for `text.len() + 1` bytes at `buf`, and
    // Rust-owned `text` cannot overlap a buffer the caller handed us.
    unsafe {
        core::ptr::copy_nonoverlapping(text.as_ptr(), out, text.len());
        out.add(text.len()).write(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fenced(should_panic: bool) -> wh_result {
        fence!(wh_result::Panic, {
            if should_panic {
                panic!("a bug inside an exported function");
            }
            wh_result::Ok
        })
    }

    #[test]
    fn fence_turns_a_panic_into_the_panic_code() {
        assert_eq!(fenced(true), wh_result::Panic);
        assert_eq!(fenced(false), wh_result::Ok);
    }

    #[test]
    fn fence_passes_early_returns_through() {
        let early = || -> wh_result {
            fence!(wh_result::Panic, {
                attempt!(Err::<(), _>(wh_result::InvalidHeader));
                wh_result::Ok
            })
        };
        assert_eq!(early(), wh_result::InvalidHeader);
    }

    #[test]
    fn null_with_length_zero_is_empty_and_with_a_length_is_refused() {
        // SAFETY: NULL pointers are never dereferenced by `bytes` or `header`.
        unsafe {
            assert_eq!(bytes::<u8>(core::ptr::null(), 0), Ok(&[][..]));
            assert_eq!(
                bytes::<u8>(core::ptr::null(), 1),
                Err(wh_result::NullParameter)
            );
            assert_eq!(header(core::ptr::null(), 0), Ok(None));
            assert_eq!(header(core::ptr::null(), 3), Err(wh_result::NullParameter));
        }
    }

    #[test]
    fn write_text_reports_the_size_and_leaves_a_short_buffer_alone() {
        let mut buf = [b'#' as c_char; 4];
        let mut needed = 0usize;
        // SAFETY: `buf` holds 3 (of its 4) writable bytes and `needed` is a local.
        let result = unsafe { write_text("abc", buf.as_mut_ptr(), 3, &mut needed) };
        assert_eq!((result, needed), (wh_result::BufferTooSmall, 4));
        assert!(buf.iter().all(|&c| c == b'#' as c_char));
        // SAFETY: as above, now with all 4 bytes.
        let result = unsafe { write_text("abc", buf.as_mut_ptr(), 4, &mut needed) };
        assert_eq!(result, wh_result::Ok);
        assert_eq!(buf.map(|c| c.to_ne_bytes()[0]), *b"abc\0");
        // SAFETY: a NULL `needed_out` is checked before any write.
        let result = unsafe { write_text("abc", buf.as_mut_ptr(), 4, core::ptr::null_mut()) };
        assert_eq!(result, wh_result::NullParameter);
    }
}

//! The verification rules at their extremes, and the `http` feature.
//!
//! Every expected signature here was computed with Python's `hmac` and `hashlib`
//! (`"v1," + b64encode(hmac.new(key, f"{id}.{ts}.".encode() + body, sha256).digest())`),
//! never with our own signer. The shared vectors in `testdata/` cover the bulk of the
//! rules; this file covers what they cannot express (extreme `now` values, header maps).

// The helpers below sit outside #[test] functions, where clippy.toml's test allowance
// for unwrap does not reach; a panic is the right failure in a test either way.
#![allow(clippy::unwrap_used)]

use webhook_core::{ErrorKind, Headers, Secret, SignKey, Signer, Verifier, VerifyKey};

/// The reference libraries' published test secret.
const KEY_A: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// Bytes 0x00..0x1f.
const KEY_B: &str = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

const BODY: &[u8] = br#"{"a":1}"#;
const SIG_A: &str = "v1,AxgNteL21eCOMNlLFdL7ByNWkIVAKRHWpuJrT7kmc/k=";
const SIG_B: &str = "v1,jAFX6H/1w7+45ENo2Sk7UH/He/w+3xZMAx67vN9kMPU=";
const TS: u64 = 1_700_000_000;

fn verifier(keys: &[&str]) -> Verifier<Vec<VerifyKey>> {
    let keys = keys
        .iter()
        .map(|k| Secret::from_base64(k).unwrap().into())
        .collect();
    Verifier::new(keys).unwrap()
}

fn kind_at(
    v: &Verifier<Vec<VerifyKey>>,
    headers: &Headers<'_>,
    body: &[u8],
    now: u64,
) -> Option<ErrorKind> {
    v.verify(headers, body, now).err().map(|e| e.kind())
}

#[test]
fn window_arithmetic_never_overflows() {
    let v = verifier(&[KEY_A]);
    let max = Headers::new(
        "msg_max",
        "9223372036854775807",
        "v1,wF6dEJEUg5vszRiV5zcyMjJ+MCiId512CQL6fv6YWMw=",
    );
    assert_eq!(kind_at(&v, &max, b"", i64::MAX.unsigned_abs()), None);
    assert_eq!(
        kind_at(&v, &max, b"", u64::MAX),
        Some(ErrorKind::TimestampTooOld)
    );
    assert_eq!(kind_at(&v, &max, b"", 0), Some(ErrorKind::TimestampTooNew));

    let zero = Headers::new(
        "msg_bin",
        "0",
        "v1,ZoJTt5au9TY0JGGaZgSeVW8LFIaWJLbPTaxQo05WNBY=",
    );
    let body = b"\xff\xfe\x00\r\n";
    assert_eq!(kind_at(&v, &zero, body, 0), None);
    assert_eq!(
        kind_at(&v, &zero, body, u64::MAX),
        Some(ErrorKind::TimestampTooOld)
    );

    let wide = verifier(&[KEY_A]).with_tolerance(u64::MAX);
    assert_eq!(kind_at(&wide, &zero, body, u64::MAX), None);
    assert_eq!(kind_at(&wide, &max, b"", 0), None);
}

#[test]
fn tolerance_edges_are_inclusive() {
    let headers = Headers::new("msg_http", "1700000000", SIG_A);
    for tolerance in [0, 1, 300, 3600] {
        let v = verifier(&[KEY_A]).with_tolerance(tolerance);
        assert_eq!(kind_at(&v, &headers, BODY, TS + tolerance), None);
        assert_eq!(kind_at(&v, &headers, BODY, TS - tolerance), None);
        assert_eq!(
            kind_at(&v, &headers, BODY, TS + tolerance + 1),
            Some(ErrorKind::TimestampTooOld)
        );
        assert_eq!(
            kind_at(&v, &headers, BODY, TS - tolerance - 1),
            Some(ErrorKind::TimestampTooNew)
        );
    }
}

#[test]
fn rotation_reports_which_key_matched() {
    let both = format!("{SIG_A} {SIG_B}");
    let headers = Headers::new("msg_http", "1700000000", &both);
    let v = verifier(&[KEY_B, KEY_A]);
    assert_eq!(v.verify(&headers, BODY, TS).unwrap().key_index(), 0);

    let only_a = Headers::new("msg_http", "1700000000", SIG_A);
    assert_eq!(v.verify(&only_a, BODY, TS).unwrap().key_index(), 1);
}

#[test]
fn signer_writes_one_entry_per_key_in_order() {
    let keys = vec![
        Secret::from_base64(KEY_A).unwrap().into(),
        Secret::from_base64(KEY_B).unwrap().into(),
    ];
    let signed = Signer::new(keys)
        .unwrap()
        .sign("msg_http", TS, BODY)
        .unwrap();
    assert_eq!(signed.id, "msg_http");
    assert_eq!(signed.timestamp, "1700000000");
    assert_eq!(signed.signature, format!("{SIG_A} {SIG_B}"));
}

#[test]
fn signer_refuses_ids_and_timestamps_receivers_would_reject() {
    let signer = Signer::new([Secret::from_base64(KEY_A).unwrap().into()]).unwrap();
    for id in ["", "msg.1", "msg 1", "msg\n", "msg_é"] {
        let err = signer.sign(id, TS, BODY).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidHeader, "{id:?}");
    }
    let too_late = i64::MAX.unsigned_abs() + 1;
    assert_eq!(
        signer.sign("msg_1", too_late, BODY).unwrap_err().kind(),
        ErrorKind::InvalidHeader
    );
}

#[test]
fn signer_refuses_rings_whose_headers_receivers_would_refuse() {
    let secret = || SignKey::from(Secret::from_base64(KEY_A).unwrap());
    let at_cap: Vec<SignKey> = (0..webhook_core::MAX_SIGNATURE_ENTRIES)
        .map(|_| secret())
        .collect();
    let signed = Signer::new(at_cap)
        .unwrap()
        .sign("msg_1", TS, BODY)
        .unwrap();
    let headers = Headers::new("msg_1", "1700000000", &signed.signature);
    assert!(verifier(&[KEY_A]).verify(&headers, BODY, TS).is_ok());

    let over_cap: Vec<SignKey> = (0..=webhook_core::MAX_SIGNATURE_ENTRIES)
        .map(|_| secret())
        .collect();
    assert_eq!(
        Signer::new(over_cap).unwrap_err().kind(),
        ErrorKind::InvalidSecret
    );
}

#[test]
fn empty_key_rings_are_refused() {
    assert_eq!(
        Verifier::new(Vec::<VerifyKey>::new()).unwrap_err().kind(),
        ErrorKind::InvalidSecret
    );
    assert_eq!(
        Signer::new(Vec::<SignKey>::new()).unwrap_err().kind(),
        ErrorKind::InvalidSecret
    );
}

#[test]
fn messages_name_the_problem_and_never_the_key() {
    let v = verifier(&[KEY_A]);
    let headers = Headers::new("msg_http", "1700000000", SIG_A);
    let stale = v.verify(&headers, BODY, TS + 301).unwrap_err().to_string();
    assert_eq!(
        stale,
        "webhook-timestamp 1700000000 is 301 s old, outside the 300 s tolerance"
    );

    let wrong = verifier(&[KEY_B]).verify(&headers, BODY, TS).unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::InvalidSignature);
    let text = format!("{wrong} {wrong:?}");
    // Neither the key nor the signature we expected may leak into the message.
    assert!(
        !text.contains("AAECAwQF") && !text.contains(&SIG_B[3..]),
        "{text}"
    );
}

/// Seconds since the Unix epoch by the test's own reading of the clock.
#[cfg(feature = "std")]
fn clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[cfg(feature = "std")]
#[test]
fn clock_variants_read_the_system_clock() {
    let signer = Signer::new([Secret::from_base64(KEY_A).unwrap().into()]).unwrap();
    let before = clock();
    let signed = signer.sign_now("msg_now", BODY).unwrap();
    let stamped: u64 = signed.timestamp.parse().unwrap();
    assert!((before..=clock()).contains(&stamped), "{stamped}");

    let v = verifier(&[KEY_A]);
    let fresh = Headers::new(&signed.id, &signed.timestamp, &signed.signature);
    assert_eq!(v.verify_now(&fresh, BODY).unwrap().timestamp(), stamped);
    // Signed in November 2023: by any working clock, long past the window.
    let old = Headers::new("msg_http", "1700000000", SIG_A);
    assert_eq!(
        v.verify_now(&old, BODY).unwrap_err().kind(),
        ErrorKind::TimestampTooOld
    );
}

#[cfg(feature = "std")]
#[test]
fn generated_secrets_hold_32_random_bytes() {
    use base64::Engine as _;

    let decode = |text: &str| {
        let body = text.strip_prefix("whsec_").unwrap();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    };
    let (a, b) = (
        webhook_core::generate_secret().unwrap(),
        webhook_core::generate_secret().unwrap(),
    );
    assert_eq!(decode(&a).len(), 32, "{a}");
    assert_ne!(decode(&a), decode(&b));
}

#[cfg(feature = "http")]
mod http_headers {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    fn map(lines: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn kind(map: &HeaderMap) -> Option<ErrorKind> {
        verifier(&[KEY_A])
            .verify_http(map, BODY, TS)
            .err()
            .map(|e| e.kind())
    }

    #[test]
    fn header_names_are_case_insensitive() {
        let mut raw = HeaderMap::new();
        raw.insert(
            http::HeaderName::from_bytes(b"Webhook-ID").unwrap(),
            HeaderValue::from_static("msg_http"),
        );
        raw.insert(
            http::HeaderName::from_bytes(b"WEBHOOK-TIMESTAMP").unwrap(),
            HeaderValue::from_static("1700000000"),
        );
        raw.insert(
            http::HeaderName::from_bytes(b"Webhook-Signature").unwrap(),
            HeaderValue::from_static(SIG_A),
        );
        assert_eq!(kind(&raw), None);
    }

    #[test]
    fn every_signature_line_contributes_entries() {
        let lines = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", "v2,whatever"),
            ("webhook-signature", SIG_B),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&lines), None);
        let got = verifier(&[KEY_B]).verify_http(&lines, BODY, TS).unwrap();
        assert_eq!(got.id(), "msg_http");
        assert_eq!(got.timestamp(), TS);
    }

    #[test]
    fn repeated_id_or_timestamp_must_agree() {
        let same = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&same), None);

        let ids = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-id", "msg_other"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&ids), Some(ErrorKind::InvalidHeader));

        let stamps = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-timestamp", "1700000001"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&stamps), Some(ErrorKind::InvalidHeader));
    }

    #[test]
    fn a_conflict_is_not_forgotten_by_a_later_agreeing_line() {
        let ids = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-id", "msg_other"),
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&ids), Some(ErrorKind::InvalidHeader));
    }

    #[test]
    fn header_problems_are_reported_id_first_then_timestamp_then_signature() {
        let message = |lines: &[(&'static str, &str)]| {
            verifier(&[KEY_A])
                .verify_http(&map(lines), BODY, TS)
                .unwrap_err()
                .to_string()
        };
        // The timestamp conflicts, but the id is missing: the id is reported.
        let got = message(&[
            ("webhook-timestamp", "1700000000"),
            ("webhook-timestamp", "1700000001"),
            ("webhook-signature", SIG_A),
        ]);
        assert!(got.contains("webhook-id header is missing"), "{got}");
        // The id conflicts and the signature is missing: the id is reported.
        let got = message(&[
            ("webhook-signature", "ignored"),
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-id", "msg_other"),
        ]);
        assert!(got.contains("webhook-id appears more than once"), "{got}");
        let got = message(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
        ]);
        assert!(got.contains("webhook-signature header is missing"), "{got}");
    }

    #[test]
    fn headers_are_found_in_any_order_among_others() {
        // Signature lines around other headers, the id after them: every
        // line still counts, in order, and the matching one is the last.
        let lines = map(&[
            ("content-type", "application/json"),
            ("webhook-signature", "v1,bm90IHRoaXMgb25l"),
            ("x-request-id", "abc"),
            ("webhook-timestamp", "1700000000"),
            ("user-agent", "test"),
            ("webhook-signature", "v2,later"),
            ("webhook-id", "msg_http"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&lines), None);
    }

    #[test]
    fn found_headers_do_not_print_other_headers() {
        let mut lines = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        lines.insert("authorization", HeaderValue::from_static("Bearer hunter2"));
        let shown = format!("{:?}", webhook_core::HttpHeaders::find(&lines).unwrap());
        assert!(shown.contains("msg_http"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains(SIG_A), "{shown}");
    }

    #[test]
    fn found_headers_verify_like_the_map_and_give_the_id_value() {
        let lines = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        let found = webhook_core::HttpHeaders::find(&lines).unwrap();
        assert_eq!(found.id(), "msg_http");
        // The value is the map's own first line, not a copy.
        let first = lines.get("webhook-id").unwrap();
        assert!(core::ptr::eq(found.id(), first));
        let v = verifier(&[KEY_A]);
        let got = v.verify_http_headers(&found, BODY, TS).unwrap();
        assert_eq!(Ok(got), v.verify_http(&lines, BODY, TS));
        assert_eq!(
            v.verify_http_headers(&found, b"tampered", TS)
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidSignature
        );
    }

    #[test]
    fn absent_headers_are_missing_not_invalid() {
        let all = [
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ];
        for skip in 0..all.len() {
            let lines: Vec<_> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect();
            assert_eq!(
                kind(&map(&lines)),
                Some(ErrorKind::MissingHeader),
                "without {}",
                all[skip].0
            );
        }
    }

    #[test]
    fn signature_caps_apply_across_lines() {
        let filler = vec!["v1,x"; 20].join(" ");
        let lines = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", &filler),
            ("webhook-signature", &filler),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(kind(&lines), Some(ErrorKind::InvalidHeader));
    }

    #[test]
    fn verify_http_now_reads_the_system_clock() {
        let signer = Signer::new([Secret::from_base64(KEY_A).unwrap().into()]).unwrap();
        let signed = signer.sign_now("msg_now", BODY).unwrap();
        let lines: Vec<_> = signed.pairs().into_iter().collect();
        let v = verifier(&[KEY_A]);
        assert!(v.verify_http_now(&map(&lines), BODY).is_ok());

        let old = map(&[
            ("webhook-id", "msg_http"),
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        assert_eq!(
            v.verify_http_now(&old, BODY).unwrap_err().kind(),
            ErrorKind::TimestampTooOld
        );
    }

    #[test]
    fn non_utf8_header_values_are_invalid_not_panics() {
        let mut lines = map(&[
            ("webhook-timestamp", "1700000000"),
            ("webhook-signature", SIG_A),
        ]);
        lines.insert("webhook-id", HeaderValue::from_bytes(b"msg_\xff").unwrap());
        assert_eq!(kind(&lines), Some(ErrorKind::InvalidHeader));
    }
}

//! Key-ring rules that the shared vectors cannot express: what the signer
//! refuses to hold, and which key text each ring entry accepts.

#![cfg(all(feature = "ed25519", feature = "std"))]

use webhook_core::ed25519::SigningKey;
use webhook_core::{ErrorKind, MAX_V1A_ENTRIES, Scheme, SignKey, Signer, VerifyKey};

/// RFC 8032 test 1's secret key, as `whsk_` text (Python's base64 of the hex).
const WHSK: &str = "whsk_nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
/// Its public key, as `whpk_` text.
const WHPK: &str = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

#[test]
fn a_public_key_cannot_sign() {
    let err = SignKey::parse(WHPK).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSecret);
    let message = err.to_string();
    assert!(message.contains("cannot sign"), "{message}");
    assert!(
        !message.contains("11qYAYKx"),
        "message leaks the key: {message}"
    );
}

#[test]
fn ring_entries_are_chosen_by_prefix() {
    let cases = [
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Scheme::V1),
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Scheme::V1),
        (WHPK, Scheme::V1a),
        (WHSK, Scheme::V1a),
    ];
    for (text, scheme) in cases {
        assert_eq!(VerifyKey::parse(text).unwrap().scheme(), scheme, "{text}");
    }
    assert_eq!(SignKey::parse(WHSK).unwrap().scheme(), Scheme::V1a);
    // A verifier given a signing key keeps only its public half.
    let from_whsk = SignKey::parse(WHSK).unwrap().verify_key();
    assert_eq!(from_whsk.scheme(), Scheme::V1a);
}

#[test]
fn expiry_is_kept_on_the_entry() {
    let key = VerifyKey::parse(WHPK).unwrap().not_after(1_700_000_000);
    assert_eq!(key.expiry(), Some(1_700_000_000));
    assert_eq!(VerifyKey::parse(WHPK).unwrap().expiry(), None);
}

#[test]
fn a_signer_holds_no_more_ed25519_keys_than_receivers_check() {
    let key = || SignKey::from(SigningKey::from_seed(&[7; 32]));
    let at_cap: Vec<SignKey> = (0..MAX_V1A_ENTRIES).map(|_| key()).collect();
    assert!(Signer::new(at_cap).is_ok());
    let over_cap: Vec<SignKey> = (0..=MAX_V1A_ENTRIES).map(|_| key()).collect();
    assert_eq!(
        Signer::new(over_cap).unwrap_err().kind(),
        ErrorKind::InvalidSecret
    );
}

#[test]
fn generated_pairs_round_trip_through_their_text() {
    let key = SigningKey::generate().unwrap();
    let whsk = key.to_whsk();
    let whpk = key.public_key().to_whpk();
    assert!(whsk.starts_with("whsk_") && whpk.starts_with("whpk_"));
    let again = SigningKey::from_base64(&whsk).unwrap();
    assert_eq!(again.public_key(), key.public_key());
    assert_ne!(
        SigningKey::generate().unwrap().public_key(),
        key.public_key()
    );
}

#[test]
fn debug_of_rings_and_errors_prints_no_secret_material() {
    use webhook_core::{Headers, Verifier};

    const WHSEC: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let sign_ring = vec![
        SignKey::parse(WHSEC).unwrap(),
        SignKey::parse(WHSK).unwrap(),
    ];
    let verify_ring = vec![
        VerifyKey::parse(WHSEC).unwrap(),
        VerifyKey::parse(WHSK).unwrap().not_after(1),
        VerifyKey::parse(WHPK).unwrap(),
    ];
    let signer = Signer::new(sign_ring.clone()).unwrap();
    let verifier = Verifier::new(verify_ring.clone()).unwrap();
    let headers = Headers::new("msg_1", "1700000000", "v1,AAAA v1a,AAAA");
    let err = verifier.verify(&headers, b"{}", 1_700_000_000).unwrap_err();
    let shown = format!("{sign_ring:?} {verify_ring:?} {signer:?} {verifier:?} {err:?}");

    // The HMAC key and the ed25519 seed, each by the start of its base64
    // text, of its bytes as `Debug` lists them, and in hex (from Python's
    // base64 module); the public key may be shown.
    let secrets = [
        "MfKQ9r8GKYqr",
        "49, 242, 144, 246",
        "31f290f6",
        "nWGxne/9WmC6",
        "157, 97, 177, 157",
        "9d61b19d",
    ];
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("redacted"), "{shown}");
}

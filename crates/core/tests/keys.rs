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

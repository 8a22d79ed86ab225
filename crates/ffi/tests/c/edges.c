/*
 * Edge tests for the C API: NULL for each pointer, out-params left alone on
 * failure, empty bodies, bodies with NUL bytes, buffers one byte too small,
 * freeing NULL, and one verifier and one signer shared by many threads. For
 * the destination checks: NULL and empty input, NUL bytes and text that is not
 * UTF-8 in URLs, names and address text, a normalised URL one byte short and
 * one that fills WH_URL_BUF_LEN, a mebibyte URL, addresses of the wrong
 * length, ports past 16 bits, and one URL policy used and added to by many
 * threads.
 *
 * Known answers are copied from testdata/standardwebhooks_v1.json (computed
 * there with Python's hmac, never by our signer); each names its vector.
 * Built and run by `cargo xtask conformance`, under sanitizers and valgrind.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "webhook.h"

#ifndef WH_EXPECTED_VERSION
#error "build with -DWH_EXPECTED_VERSION=\"x.y.z\" (xtask passes the Cargo version)"
#endif

static unsigned failures, checks;

#define CHECK(cond)                                                  \
  do {                                                               \
    checks++;                                                        \
    if (!(cond)) {                                                   \
      failures++;                                                    \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

#define LEN(s) (sizeof(s) - 1)

/* reflib_known_answer */
static const char KA_SECRET[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
static const char KA_ID[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
static const char KA_TS[] = "1614265330";
static const uint64_t KA_NOW = 1614265330;
static const char KA_SIG[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
static const char KA_BODY[] = "{\"test\": 2432232314}";

/* body_empty and body_non_utf8 share their secret, id and timestamp. */
static const char BODY_SECRET[] = "whsec_CzSVL81wplrB2xVGbMoeK5Os3RN1nEqmwvvd2KucOKI=";
static const char BODY_ID[] = "msg_2Lh9KRb0pzN4kzMiIoBmjG6OAaQ";
static const char BODY_TS[] = "1700000000";
static const uint64_t BODY_NOW = 1700000000;
static const char EMPTY_SIG[] = "v1,LaZ66zqvbmSBdpwLYf3GrUQ5s7lXEKDvGnejZ0SA9Q4=";
static const char NON_UTF8_SIG[] = "v1,OooXbF/qJ/PrhlyM0HsgNiXtNo7ngN+6yGlVWOTqn4I=";
static const unsigned char NON_UTF8_BODY[] = {0xff, 0xfe, 0x00, 0x80, 0x62, 0x69,
                                              0x6e, 0x61, 0x72, 0x79, 0xc0, 0xaf};

static wh_verifier *verifier_for(const char *key) {
  const char *keys[1];
  size_t lens[1];
  wh_verifier *verifier = NULL;
  keys[0] = key;
  lens[0] = strlen(key);
  CHECK(wh_verifier_new(keys, lens, NULL, 1, 300, &verifier) == WH_RESULT_OK);
  CHECK(verifier != NULL);
  return verifier;
}

static wh_signer *signer_for(const char *key) {
  const char *keys[1];
  size_t lens[1];
  wh_signer *signer = NULL;
  keys[0] = key;
  lens[0] = strlen(key);
  CHECK(wh_signer_new(keys, lens, 1, &signer) == WH_RESULT_OK);
  CHECK(signer != NULL);
  return signer;
}

static wh_result verify_ka(const wh_verifier *v, const void *body, size_t body_len,
                           wh_verified *out) {
  return wh_verifier_verify(v, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                            (const uint8_t *)body, body_len, KA_NOW, out);
}

static void test_version_and_codes(void) {
  static const struct {
    wh_result code;
    unsigned number;
    const char *name;
  } pinned[] = {
      {WH_RESULT_OK, 0, "ok"},
      {WH_RESULT_NULL_PARAMETER, 100, "null_parameter"},
      {WH_RESULT_BUFFER_TOO_SMALL, 101, "buffer_too_small"},
      {WH_RESULT_PANIC, 102, "panic"},
      {WH_RESULT_INDEX_OUT_OF_RANGE, 103, "index_out_of_range"},
      {WH_RESULT_INVALID_LENGTH, 104, "invalid_length"},
      {WH_RESULT_INVALID_SECRET, 200, "invalid_secret"},
      {WH_RESULT_MISSING_HEADER, 201, "missing_header"},
      {WH_RESULT_INVALID_HEADER, 202, "invalid_header"},
      {WH_RESULT_TIMESTAMP_TOO_OLD, 203, "timestamp_too_old"},
      {WH_RESULT_TIMESTAMP_TOO_NEW, 204, "timestamp_too_new"},
      {WH_RESULT_NO_SUPPORTED_SIGNATURE, 205, "no_supported_signature"},
      {WH_RESULT_INVALID_SIGNATURE, 206, "invalid_signature"},
      {WH_RESULT_RANDOM_SOURCE, 207, "random_source"},
      {WH_RESULT_UNKNOWN_ERROR, 299, "unknown_error"},
      {WH_RESULT_HTTPS_REQUIRED, 300, "https_required"},
      {WH_RESULT_IP_LITERAL, 301, "ip_literal"},
      {WH_RESULT_PORT_NOT_ALLOWED, 302, "port_not_allowed"},
      {WH_RESULT_BLOCKED_HOST, 303, "blocked_host"},
      {WH_RESULT_MALFORMED, 304, "malformed"},
      {WH_RESULT_USERINFO, 305, "userinfo"},
      {WH_RESULT_TOO_LONG, 306, "too_long"},
      {WH_RESULT_PRIVATE_ADDRESS, 307, "private_address"},
  };
  size_t i;
  const char *unknown = wh_result_message(12345);

  CHECK(strcmp(wh_version(), WH_EXPECTED_VERSION) == 0);
  CHECK(unknown != NULL && strcmp(unknown, "unknown result code") == 0);
  CHECK(wh_result_name(12345) != NULL && wh_result_name(12345)[0] == '\0');
  CHECK(wh_result_name(308) != NULL && wh_result_name(308)[0] == '\0');
  /* Numbers and names are part of the ABI: they may never change. */
  for (i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
    const char *message = wh_result_message(pinned[i].code);
    CHECK((unsigned)pinned[i].code == pinned[i].number);
    CHECK(message != NULL && message[0] != '\0' && strcmp(message, unknown) != 0);
    CHECK(strcmp(wh_result_name(pinned[i].code), pinned[i].name) == 0);
  }
  CHECK(WH_URL_BUF_LEN == 8193 && WH_REFUSAL_MESSAGE_BUF_LEN == 257);
  CHECK(WH_SCHEME_V1 == 1 && WH_SCHEME_V1A == 2);
}

static void test_verifier_new_nulls(void) {
  const char *keys[1];
  const char *null_key[1];
  size_t lens[1];
  wh_verifier *sentinel = (wh_verifier *)&lens; /* never dereferenced */
  wh_verifier *out = sentinel;
  keys[0] = KA_SECRET;
  null_key[0] = NULL;
  lens[0] = LEN(KA_SECRET);

  CHECK(wh_verifier_new(keys, lens, NULL, 1, 300, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_new(NULL, lens, NULL, 1, 300, &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_new(keys, NULL, NULL, 1, 300, &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_new(null_key, lens, NULL, 1, 300, &out) == WH_RESULT_NULL_PARAMETER);
  /* No keys at all is an empty ring, not a NULL mistake. */
  CHECK(wh_verifier_new(NULL, NULL, NULL, 0, 300, &out) == WH_RESULT_INVALID_SECRET);
  CHECK(out == sentinel);

  CHECK(wh_verifier_new_jwks(NULL, 5, 300, &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_new_jwks(NULL, 0, 300, &out) == WH_RESULT_INVALID_SECRET);
  CHECK(wh_verifier_new_jwks("{}", 2, 300, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(out == sentinel);
}

static void test_verify_nulls(void) {
  wh_verifier *v = verifier_for(KA_SECRET);
  wh_verified out, before;
  size_t count = 77;
  wh_key_info info;
  memset(&out, 0x5a, sizeof out);
  before = out;

  CHECK(wh_verifier_verify(NULL, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_verify(v, NULL, LEN(KA_ID), KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_verify(v, KA_ID, LEN(KA_ID), NULL, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_verify(v, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), NULL, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(verify_ka(v, NULL, LEN(KA_BODY), &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_verify_now(NULL, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), KA_SIG,
                               LEN(KA_SIG), (const uint8_t *)KA_BODY, LEN(KA_BODY),
                               &out) == WH_RESULT_NULL_PARAMETER);

  /* NULL with length 0 is an absent header, checked in id, timestamp,
   * signature order. */
  CHECK(wh_verifier_verify(v, NULL, 0, KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_MISSING_HEADER);
  CHECK(wh_verifier_verify(v, KA_ID, LEN(KA_ID), NULL, 0, KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_MISSING_HEADER);
  CHECK(wh_verifier_verify(v, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), NULL, 0,
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_MISSING_HEADER);
  /* A present but empty id is malformed, not missing. */
  CHECK(wh_verifier_verify(v, KA_ID, 0, KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                           (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
        WH_RESULT_INVALID_HEADER);
  CHECK(memcmp(&out, &before, sizeof out) == 0);

  /* verified_out is optional; when given it is written on success only. */
  CHECK(verify_ka(v, KA_BODY, LEN(KA_BODY), NULL) == WH_RESULT_OK);
  CHECK(verify_ka(v, KA_BODY, LEN(KA_BODY), &out) == WH_RESULT_OK);
  CHECK(out.key_index == 0 && out.scheme == WH_SCHEME_V1);

  CHECK(wh_verifier_key_count(NULL, &count) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_key_count(v, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(count == 77);
  CHECK(wh_verifier_key_count(v, &count) == WH_RESULT_OK && count == 1);
  CHECK(wh_verifier_key(NULL, 0, &info) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_key(v, 0, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_verifier_key(v, 1, &info) == WH_RESULT_INDEX_OUT_OF_RANGE);
  CHECK(wh_verifier_key(v, 0, &info) == WH_RESULT_OK);
  /* An HMAC secret is never handed back. */
  CHECK(info.scheme == WH_SCHEME_V1 && info.public_key[0] == '\0' && info.kid == NULL &&
        info.kid_len == 0 && info.not_after == UINT64_MAX);
  wh_verifier_free(v);
}

static void test_signer_nulls_and_short_buffers(void) {
  const char *keys[1];
  size_t lens[1], needed = 99;
  wh_signer *sentinel = (wh_signer *)&needed; /* never dereferenced */
  wh_signer *out = sentinel;
  wh_signer *s = signer_for(KA_SECRET);
  char buf[128];
  keys[0] = KA_SECRET;
  lens[0] = LEN(KA_SECRET);

  CHECK(wh_signer_new(keys, lens, 1, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_new(NULL, lens, 1, &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_new(keys, NULL, 1, &out) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_new(NULL, NULL, 0, &out) == WH_RESULT_INVALID_SECRET);
  CHECK(out == sentinel);

  memset(buf, '#', sizeof buf);
  CHECK(wh_signer_sign(NULL, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY),
                       buf, sizeof buf, &needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_sign(s, NULL, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY), buf,
                       sizeof buf, &needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, NULL, LEN(KA_BODY), buf, sizeof buf,
                       &needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY),
                       NULL, sizeof buf, &needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY), buf,
                       sizeof buf, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signer_sign(s, NULL, 0, KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY), buf,
                       sizeof buf, &needed) == WH_RESULT_INVALID_HEADER);
  CHECK(needed == 99 && buf[0] == '#');

  /* Size query, then one byte too small, then exactly right. */
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY),
                       NULL, 0, &needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == LEN(KA_SIG) + 1);
  needed = 0;
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY), buf,
                       LEN(KA_SIG), &needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == LEN(KA_SIG) + 1);
  CHECK(buf[0] == '#' && buf[LEN(KA_SIG) - 1] == '#' && buf[LEN(KA_SIG)] == '#');
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY), buf,
                       LEN(KA_SIG) + 1, &needed) == WH_RESULT_OK);
  CHECK(strcmp(buf, KA_SIG) == 0 && buf[LEN(KA_SIG) + 1] == '#');
  wh_signer_free(s);
}

static void test_generation(void) {
  char secret[WH_SECRET_BUF_LEN], signing[WH_SIGNING_KEY_BUF_LEN];
  char public_key[WH_PUBLIC_KEY_BUF_LEN], derived[WH_PUBLIC_KEY_BUF_LEN];
  size_t needed = 7, signing_needed = 7, public_needed = 7;

  CHECK(wh_secret_generate(secret, sizeof secret, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_secret_generate(NULL, sizeof secret, &needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(needed == 7);
  memset(secret, '#', sizeof secret);
  CHECK(wh_secret_generate(secret, sizeof secret - 1, &needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == WH_SECRET_BUF_LEN && secret[0] == '#');
  CHECK(wh_secret_generate(secret, sizeof secret, &needed) == WH_RESULT_OK);
  CHECK(strncmp(secret, "whsec_", 6) == 0 && strlen(secret) + 1 == WH_SECRET_BUF_LEN);
  wh_verifier_free(verifier_for(secret));

  CHECK(wh_keypair_generate(NULL, 1, public_key, sizeof public_key, &signing_needed,
                            &public_needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_keypair_generate(signing, sizeof signing, NULL, 1, &signing_needed,
                            &public_needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_keypair_generate(signing, sizeof signing, public_key, sizeof public_key, NULL,
                            &public_needed) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_keypair_generate(signing, sizeof signing, public_key, sizeof public_key,
                            &signing_needed, NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(signing_needed == 7 && public_needed == 7);
  memset(signing, '#', sizeof signing);
  memset(public_key, '#', sizeof public_key);
  CHECK(wh_keypair_generate(signing, sizeof signing, public_key, sizeof public_key - 1,
                            &signing_needed, &public_needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(wh_keypair_generate(signing, sizeof signing - 1, public_key, sizeof public_key,
                            &signing_needed, &public_needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(signing[0] == '#' && public_key[0] == '#');
  CHECK(signing_needed == WH_SIGNING_KEY_BUF_LEN && public_needed == WH_PUBLIC_KEY_BUF_LEN);
  CHECK(wh_keypair_generate(signing, sizeof signing, public_key, sizeof public_key,
                            &signing_needed, &public_needed) == WH_RESULT_OK);
  CHECK(strncmp(signing, "whsk_", 5) == 0 && strncmp(public_key, "whpk_", 5) == 0);

  /* The pair works end to end, and the public key derives from the signing key. */
  CHECK(wh_signing_key_public(signing, strlen(signing), derived, sizeof derived, &needed) ==
        WH_RESULT_OK);
  CHECK(strcmp(derived, public_key) == 0);
  CHECK(wh_signing_key_public(signing, strlen(signing), derived, sizeof derived - 1,
                              &needed) == WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == WH_PUBLIC_KEY_BUF_LEN);
  CHECK(wh_signing_key_public(NULL, 3, derived, sizeof derived, &needed) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_signing_key_normalize(signing, strlen(signing), derived, sizeof derived, NULL) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_public_key_normalize(public_key, strlen(public_key), NULL, 5, &needed) ==
        WH_RESULT_NULL_PARAMETER);
  {
    wh_signer *s = signer_for(signing);
    wh_verifier *v = verifier_for(public_key);
    char sig[256];
    wh_verified out;
    CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), KA_NOW, (const uint8_t *)KA_BODY, LEN(KA_BODY),
                         sig, sizeof sig, &needed) == WH_RESULT_OK);
    CHECK(wh_verifier_verify(v, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), sig, strlen(sig),
                             (const uint8_t *)KA_BODY, LEN(KA_BODY), KA_NOW, &out) ==
          WH_RESULT_OK);
    CHECK(out.key_index == 0 && out.scheme == WH_SCHEME_V1A);
    wh_signer_free(s);
    wh_verifier_free(v);
  }
  memset(signing, 0, sizeof signing);
}

static void test_bodies(void) {
  wh_verifier *v = verifier_for(BODY_SECRET);
  wh_signer *s = signer_for(BODY_SECRET);
  /* A real pointer to no bytes must mean the same as NULL with 0. */
  unsigned char *empty = malloc(1);
  char sig[128];
  size_t needed;

  CHECK(empty != NULL);
  /* body_empty */
  CHECK(wh_verifier_verify(v, BODY_ID, LEN(BODY_ID), BODY_TS, LEN(BODY_TS), EMPTY_SIG,
                           LEN(EMPTY_SIG), NULL, 0, BODY_NOW, NULL) == WH_RESULT_OK);
  CHECK(wh_verifier_verify(v, BODY_ID, LEN(BODY_ID), BODY_TS, LEN(BODY_TS), EMPTY_SIG,
                           LEN(EMPTY_SIG), empty, 0, BODY_NOW, NULL) == WH_RESULT_OK);
  CHECK(wh_signer_sign(s, BODY_ID, LEN(BODY_ID), BODY_NOW, NULL, 0, sig, sizeof sig, &needed) ==
        WH_RESULT_OK);
  CHECK(strcmp(sig, EMPTY_SIG) == 0);
  CHECK(wh_signer_sign(s, BODY_ID, LEN(BODY_ID), BODY_NOW, empty, 0, sig, sizeof sig,
                       &needed) == WH_RESULT_OK);
  CHECK(strcmp(sig, EMPTY_SIG) == 0);

  /* body_non_utf8: the NUL at byte 2 is data, not an end. */
  CHECK(wh_verifier_verify(v, BODY_ID, LEN(BODY_ID), BODY_TS, LEN(BODY_TS), NON_UTF8_SIG,
                           LEN(NON_UTF8_SIG), NON_UTF8_BODY, sizeof NON_UTF8_BODY, BODY_NOW,
                           NULL) == WH_RESULT_OK);
  CHECK(wh_verifier_verify(v, BODY_ID, LEN(BODY_ID), BODY_TS, LEN(BODY_TS), NON_UTF8_SIG,
                           LEN(NON_UTF8_SIG), NON_UTF8_BODY, 2, BODY_NOW, NULL) ==
        WH_RESULT_INVALID_SIGNATURE);
  CHECK(wh_signer_sign(s, BODY_ID, LEN(BODY_ID), BODY_NOW, NON_UTF8_BODY, sizeof NON_UTF8_BODY,
                       sig, sizeof sig, &needed) == WH_RESULT_OK);
  CHECK(strcmp(sig, NON_UTF8_SIG) == 0);
  free(empty);
  wh_verifier_free(v);
  wh_signer_free(s);
}

static void test_clock(void) {
  wh_verifier *v = verifier_for(KA_SECRET);
  wh_signer *s = signer_for(KA_SECRET);
  char sig[128], ts[32];
  uint64_t now = (uint64_t)time(NULL);
  size_t needed;
  wh_verified out;

  /* The known answer was signed in 2021: by today's clock it is stale. */
  CHECK(wh_verifier_verify_now(v, KA_ID, LEN(KA_ID), KA_TS, LEN(KA_TS), KA_SIG, LEN(KA_SIG),
                               (const uint8_t *)KA_BODY, LEN(KA_BODY),
                               NULL) == WH_RESULT_TIMESTAMP_TOO_OLD);
  snprintf(ts, sizeof ts, "%llu", (unsigned long long)now);
  CHECK(wh_signer_sign(s, KA_ID, LEN(KA_ID), now, (const uint8_t *)KA_BODY, LEN(KA_BODY), sig,
                       sizeof sig, &needed) == WH_RESULT_OK);
  CHECK(wh_verifier_verify_now(v, KA_ID, LEN(KA_ID), ts, strlen(ts), sig, strlen(sig),
                               (const uint8_t *)KA_BODY, LEN(KA_BODY), &out) == WH_RESULT_OK);
  wh_verifier_free(v);
  wh_signer_free(s);
}

static void test_free_null(void) {
  wh_verifier_free(NULL);
  wh_signer_free(NULL);
  wh_url_policy_free(NULL);
  checks++;
}

/* Many threads, one verifier and one signer, no locks: each thread verifies
 * the known answer, refuses a tampered body, and signs the known answer. */
#define THREADS 16
#define ROUNDS 200

typedef struct {
  const wh_verifier *verifier;
  const wh_signer *signer;
  unsigned ok;
} shared_use;

static void *worker(void *arg) {
  shared_use *use = arg;
  static const char tampered[] = "{\"test\": 2432232315}";
  char sig[128];
  size_t needed;
  int i;
  wh_verified out;
  for (i = 0; i < ROUNDS; i++) {
    int good = verify_ka(use->verifier, KA_BODY, LEN(KA_BODY), &out) == WH_RESULT_OK &&
               out.key_index == 0;
    int refused = verify_ka(use->verifier, tampered, LEN(tampered), NULL) ==
                  WH_RESULT_INVALID_SIGNATURE;
    int signed_ok = wh_signer_sign(use->signer, KA_ID, LEN(KA_ID), KA_NOW,
                                   (const uint8_t *)KA_BODY, LEN(KA_BODY), sig, sizeof sig,
                                   &needed) == WH_RESULT_OK &&
                    strcmp(sig, KA_SIG) == 0;
    use->ok += (unsigned)(good && refused && signed_ok);
  }
  return NULL;
}

static void test_threads(void) {
  wh_verifier *v = verifier_for(KA_SECRET);
  wh_signer *s = signer_for(KA_SECRET);
  pthread_t threads[THREADS];
  shared_use uses[THREADS];
  int i;
  for (i = 0; i < THREADS; i++) {
    uses[i].verifier = v;
    uses[i].signer = s;
    uses[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, worker, &uses[i]) == 0);
  }
  for (i = 0; i < THREADS; i++) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(uses[i].ok == ROUNDS);
  }
  wh_verifier_free(v);
  wh_signer_free(s);
}

/* The destination checks. */

/* A URL the rules accept, and what they make of it. */
static const char URL_IN[] = "HTTPS://Hooks.Example.COM:8443/Hook?x=1";
static const char URL_OUT[] = "https://hooks.example.com:8443/Hook?x=1";

static int contains(const wh_refusal *refusal, const char *part) {
  return memchr(refusal->message, '\0', sizeof refusal->message) != NULL &&
         strstr(refusal->message, part) != NULL;
}

static int all_bytes(const void *p, size_t n, unsigned char value) {
  const unsigned char *bytes = p;
  size_t i;
  for (i = 0; i < n; i++) {
    if (bytes[i] != value) {
      return 0;
    }
  }
  return 1;
}

/* A URL check whose outcome is a refusal; returns its code and leaves the
 * message in `refusal`. The other out-params must stay as they were. */
static wh_result refused(const char *url, size_t url_len, wh_refusal *refusal) {
  char buf[64];
  size_t needed = 7;
  wh_checked_url parts;
  wh_result r;
  memset(buf, '#', sizeof buf);
  memset(&parts, '#', sizeof parts);
  r = wh_url_check(url, url_len, buf, sizeof buf, &needed, &parts, refusal);
  CHECK(needed == 7 && all_bytes(buf, sizeof buf, '#') && all_bytes(&parts, sizeof parts, '#'));
  return r;
}

static void test_url_nulls(void) {
  char buf[WH_URL_BUF_LEN];
  size_t needed = 7;
  wh_checked_url parts;
  wh_refusal refusal;
  wh_url_policy *sentinel = (wh_url_policy *)&needed; /* never dereferenced */
  wh_url_policy *policy = sentinel;

  memset(&refusal, '#', sizeof refusal);
  memset(&parts, '#', sizeof parts);
  CHECK(wh_url_check(NULL, LEN(URL_IN), buf, sizeof buf, &needed, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), NULL, sizeof buf, &needed, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), buf, sizeof buf, NULL, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  /* A NULL mistake is reported before a refusal: the URL is not looked at. */
  CHECK(wh_url_check("http://x", 8, buf, sizeof buf, NULL, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(needed == 7 && all_bytes(&parts, sizeof parts, '#') &&
        all_bytes(&refusal, sizeof refusal, '#'));

  /* checked_out and refusal_out are optional. */
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), buf, sizeof buf, &needed, NULL, NULL) == WH_RESULT_OK);
  CHECK(strcmp(buf, URL_OUT) == 0 && needed == LEN(URL_OUT) + 1);
  CHECK(wh_url_check("http://x", 8, buf, sizeof buf, &needed, NULL, NULL) ==
        WH_RESULT_HTTPS_REQUIRED);

  /* NULL with length 0 is the empty URL, as a real pointer with 0 is. */
  CHECK(refused(NULL, 0, &refusal) == WH_RESULT_MALFORMED);
  CHECK(refused(URL_IN, 0, &refusal) == WH_RESULT_MALFORMED && contains(&refusal, "empty"));

  memset(&refusal, '#', sizeof refusal);
  CHECK(wh_url_policy_new(NULL) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_check(NULL, URL_IN, LEN(URL_IN), buf, sizeof buf, &needed, &parts,
                            &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_block_name(NULL, "corp.example", 12, &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_allow_port(NULL, 9443, &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(policy == sentinel);

  CHECK(wh_url_policy_new(&policy) == WH_RESULT_OK && policy != sentinel);
  CHECK(wh_url_policy_block_name(policy, NULL, 3, &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_check(policy, NULL, 3, buf, sizeof buf, &needed, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_check(policy, URL_IN, LEN(URL_IN), NULL, 1, &needed, &parts, &refusal) ==
        WH_RESULT_NULL_PARAMETER);
  CHECK(wh_url_policy_check(policy, URL_IN, LEN(URL_IN), buf, sizeof buf, NULL, &parts,
                            &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(all_bytes(&refusal, sizeof refusal, '#'));
  CHECK(wh_url_policy_block_name(policy, NULL, 0, &refusal) == WH_RESULT_MALFORMED);
  CHECK(wh_url_policy_block_name(policy, "x.example", 9, NULL) == WH_RESULT_OK);
  CHECK(wh_url_policy_allow_port(policy, 9443, NULL) == WH_RESULT_OK);
  wh_url_policy_free(policy);
}

static void test_url_buffers(void) {
  char buf[WH_URL_BUF_LEN];
  size_t needed = 7;
  wh_checked_url parts;
  wh_refusal refusal;
  char *longest;
  size_t i;

  /* Size query, then one byte too small, then exactly right. */
  memset(buf, '#', sizeof buf);
  memset(&parts, '#', sizeof parts);
  memset(&refusal, '#', sizeof refusal);
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), NULL, 0, &needed, &parts, &refusal) ==
        WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == LEN(URL_OUT) + 1);
  needed = 0;
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), buf, LEN(URL_OUT), &needed, &parts, &refusal) ==
        WH_RESULT_BUFFER_TOO_SMALL);
  CHECK(needed == LEN(URL_OUT) + 1 && all_bytes(buf, sizeof buf, '#'));
  CHECK(all_bytes(&parts, sizeof parts, '#') && all_bytes(&refusal, sizeof refusal, '#'));
  CHECK(wh_url_check(URL_IN, LEN(URL_IN), buf, LEN(URL_OUT) + 1, &needed, &parts, &refusal) ==
        WH_RESULT_OK);
  CHECK(strcmp(buf, URL_OUT) == 0 && buf[LEN(URL_OUT) + 1] == '#');
  CHECK(parts.host_offset == 8 && parts.host_len == LEN("hooks.example.com") &&
        strncmp(buf + parts.host_offset, "hooks.example.com", parts.host_len) == 0 &&
        parts.port == 8443);
  CHECK(all_bytes(&refusal, sizeof refusal, '#'));

  /* No port is 443. */
  CHECK(wh_url_check("https://example.com", 19, buf, sizeof buf, &needed, &parts, NULL) ==
        WH_RESULT_OK);
  CHECK(strcmp(buf, "https://example.com/") == 0 && parts.port == 443 && parts.host_len == 11);

  /* The longest URL accepted fills WH_URL_BUF_LEN exactly; one byte more is
   * too long. Both are heap blocks of exactly their size. */
  longest = malloc(WH_URL_BUF_LEN);
  CHECK(longest != NULL);
  memcpy(longest, "https://example.com/", 20);
  for (i = 20; i < WH_URL_BUF_LEN; i++) {
    longest[i] = 'a';
  }
  CHECK(wh_url_check(longest, WH_URL_BUF_LEN - 1, buf, sizeof buf, &needed, &parts, &refusal) ==
        WH_RESULT_OK);
  CHECK(needed == WH_URL_BUF_LEN && strlen(buf) == WH_URL_BUF_LEN - 1);
  CHECK(refused(longest, WH_URL_BUF_LEN, &refusal) == WH_RESULT_TOO_LONG &&
        contains(&refusal, "8193"));
  free(longest);
}

static void test_url_hostile_input(void) {
  static const char embedded_nul[] = "https://exa\0mple.com/";
  static const char trailing_nul[] = "https://example.com/\0";
  static const char not_utf8[] = "https://example.com/\xff";
  static const char overlong[] = "https://example.com/\xc0\xaf";
  static const char surrogate[] = "https://ex\xed\xa0\x80mple.com/";
  const size_t mib = 1024 * 1024;
  wh_refusal refusal;
  char buf[WH_URL_BUF_LEN];
  size_t needed;
  char *huge;

  /* A NUL byte is data, and a control character; a length that stops before
   * it is obeyed. */
  CHECK(refused(embedded_nul, LEN(embedded_nul), &refusal) == WH_RESULT_MALFORMED &&
        contains(&refusal, "U+0000"));
  CHECK(refused(trailing_nul, LEN(trailing_nul), &refusal) == WH_RESULT_MALFORMED);
  CHECK(wh_url_check(trailing_nul, LEN(trailing_nul) - 1, buf, sizeof buf, &needed, NULL,
                     NULL) == WH_RESULT_OK);

  /* Text that is not UTF-8 is malformed, whatever else is wrong with it. */
  CHECK(refused(not_utf8, LEN(not_utf8), &refusal) == WH_RESULT_MALFORMED &&
        contains(&refusal, "utf-8") && contains(&refusal, "byte 20"));
  CHECK(refused(overlong, LEN(overlong), &refusal) == WH_RESULT_MALFORMED);
  CHECK(refused(surrogate, LEN(surrogate), &refusal) == WH_RESULT_MALFORMED);
  CHECK(refused("http://\xff", 8, &refusal) == WH_RESULT_MALFORMED);

  /* A mebibyte: too long, decided before any other work; with a byte that is
   * not UTF-8 at its end, malformed, since UTF-8 comes first. */
  huge = malloc(mib);
  CHECK(huge != NULL);
  memset(huge, 'a', mib);
  memcpy(huge, "https://example.com/", 20);
  CHECK(refused(huge, mib, &refusal) == WH_RESULT_TOO_LONG && contains(&refusal, "1048576"));
  huge[mib - 1] = '\x80';
  CHECK(refused(huge, mib, &refusal) == WH_RESULT_MALFORMED);
  free(huge);
}

static void test_policy_rules(void) {
  wh_url_policy *policy = NULL;
  wh_refusal refusal;
  char buf[WH_URL_BUF_LEN];
  size_t needed;
  static const char not_utf8[] = "corp.\xfe.example";
  static const char with_nul[] = "corp\0.example";

  CHECK(wh_url_policy_new(&policy) == WH_RESULT_OK);
  /* Names a policy cannot block, each with a message; the policy is unchanged. */
  CHECK(wh_url_policy_block_name(policy, "127.0.0.1", 9, &refusal) == WH_RESULT_MALFORMED &&
        contains(&refusal, "ip address"));
  CHECK(wh_url_policy_block_name(policy, not_utf8, LEN(not_utf8), &refusal) ==
        WH_RESULT_MALFORMED &&
        contains(&refusal, "utf-8"));
  CHECK(wh_url_policy_block_name(policy, with_nul, LEN(with_nul), &refusal) ==
        WH_RESULT_MALFORMED);
  CHECK(wh_url_policy_block_name(policy, "", 0, &refusal) == WH_RESULT_MALFORMED);

  /* Ports: 0 and anything past 65535 are refused, never cut to 16 bits. */
  CHECK(wh_url_policy_allow_port(policy, 0, &refusal) == WH_RESULT_PORT_NOT_ALLOWED &&
        contains(&refusal, "port 0"));
  CHECK(wh_url_policy_allow_port(policy, 65536 + 443, &refusal) == WH_RESULT_PORT_NOT_ALLOWED &&
        contains(&refusal, "65979"));
  CHECK(wh_url_policy_allow_port(policy, UINT32_MAX, &refusal) == WH_RESULT_PORT_NOT_ALLOWED);
  CHECK(wh_url_policy_check(policy, "https://example.com:979/", 24, buf, sizeof buf, &needed,
                            NULL, &refusal) == WH_RESULT_PORT_NOT_ALLOWED);
  CHECK(wh_url_policy_allow_port(policy, 65535, &refusal) == WH_RESULT_OK);
  CHECK(wh_url_policy_allow_port(policy, 65535, &refusal) == WH_RESULT_OK);
  CHECK(wh_url_policy_check(policy, "https://example.com:65535/", 26, buf, sizeof buf, &needed,
                            NULL, &refusal) == WH_RESULT_OK);

  /* Additions apply to that policy only. */
  CHECK(wh_url_policy_block_name(policy, "Corp.Example.NET.", 17, &refusal) == WH_RESULT_OK);
  CHECK(wh_url_policy_check(policy, "https://a.corp.example.net/", 27, buf, sizeof buf, &needed,
                            NULL, &refusal) == WH_RESULT_BLOCKED_HOST &&
        contains(&refusal, "policy"));
  CHECK(wh_url_check("https://a.corp.example.net/", 27, buf, sizeof buf, &needed, NULL, NULL) ==
        WH_RESULT_OK);
  wh_url_policy_free(policy);
}

static void test_addresses(void) {
  static const uint8_t v4_public[4] = {93, 184, 215, 14};
  static const uint8_t v4_metadata[4] = {169, 254, 169, 254};
  static const uint8_t v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const uint8_t v6_mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7};
  static const size_t bad_lens[] = {0, 1, 3, 5, 15, 17};
  static const char *bad_texts[] = {"10.0.0.1 ", " 10.0.0.1", "[::1]", "[fe80::1%eth0]",
                                    "0x7f.1", "127.1", "010.0.0.1", "::1/128", "8.8.8.8.",
                                    "10.0.0.1%eth0", "fe80::1%", "fe80::1%a%b", "fe80::1%eth 0"};
  static const char nul_text[] = "8.8.8.8\0";
  static const char not_utf8[] = "8.8.8.\xff";
  uint8_t *exact[17];
  const uint8_t *list[3];
  size_t lens[3], i;
  wh_refusal refusal;

  CHECK(wh_address_check(v4_public, 4, NULL) == WH_RESULT_OK);
  CHECK(wh_address_check(v4_metadata, 4, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "169.254.169.254"));
  CHECK(wh_address_check(v6_loopback, 16, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "::1"));
  CHECK(wh_address_check(v6_mapped, 16, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "10.0.0.7"));

  /* Lengths other than 4 and 16, each a heap block of exactly that size. */
  for (i = 0; i < sizeof bad_lens / sizeof bad_lens[0]; i++) {
    exact[i] = malloc(bad_lens[i] ? bad_lens[i] : 1);
    CHECK(exact[i] != NULL);
    memset(exact[i], 1, bad_lens[i]);
    memset(&refusal, '#', sizeof refusal);
    CHECK(wh_address_check(exact[i], bad_lens[i], &refusal) == WH_RESULT_INVALID_LENGTH);
    CHECK(all_bytes(&refusal, sizeof refusal, '#'));
  }
  CHECK(wh_address_check(NULL, 0, &refusal) == WH_RESULT_INVALID_LENGTH);
  CHECK(wh_address_check(NULL, 4, &refusal) == WH_RESULT_NULL_PARAMETER);

  /* Text: the standard forms only, nothing around them, and a zone on IPv6
   * as getnameinfo writes it, which is dropped before the address is judged. */
  CHECK(wh_address_check_text("93.184.215.14", 13, NULL) == WH_RESULT_OK);
  CHECK(wh_address_check_text("::ffff:127.0.0.1", 16, &refusal) == WH_RESULT_PRIVATE_ADDRESS);
  CHECK(wh_address_check_text("fe80::1%eth0", 12, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "address fe80::1 is not"));
  CHECK(wh_address_check_text("2606:4700::1%2", 14, NULL) == WH_RESULT_OK);
  for (i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++) {
    CHECK(wh_address_check_text(bad_texts[i], strlen(bad_texts[i]), &refusal) ==
          WH_RESULT_MALFORMED);
    CHECK(contains(&refusal, "not an ipv4 or ipv6 address"));
  }
  CHECK(wh_address_check_text(nul_text, LEN(nul_text), &refusal) == WH_RESULT_MALFORMED &&
        contains(&refusal, "\\u{0}"));
  CHECK(wh_address_check_text(not_utf8, LEN(not_utf8), &refusal) == WH_RESULT_MALFORMED &&
        contains(&refusal, "utf-8"));
  CHECK(wh_address_check_text(NULL, 0, &refusal) == WH_RESULT_MALFORMED);
  CHECK(wh_address_check_text(NULL, 7, &refusal) == WH_RESULT_NULL_PARAMETER);

  /* Lists: all must pass; an empty one is refused; every address is read
   * before any is judged, so a bad length is found behind a private address. */
  list[0] = v4_public;
  lens[0] = 4;
  list[1] = v6_loopback;
  lens[1] = 16;
  list[2] = exact[3]; /* 5 bytes */
  lens[2] = 5;
  CHECK(wh_address_check_list(list, lens, 1, NULL) == WH_RESULT_OK);
  CHECK(wh_address_check_list(list, lens, 2, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "::1"));
  CHECK(wh_address_check_list(list, lens, 3, &refusal) == WH_RESULT_INVALID_LENGTH);
  CHECK(wh_address_check_list(NULL, NULL, 0, &refusal) == WH_RESULT_PRIVATE_ADDRESS &&
        contains(&refusal, "no address"));
  CHECK(wh_address_check_list(list, lens, 0, &refusal) == WH_RESULT_PRIVATE_ADDRESS);
  CHECK(wh_address_check_list(NULL, lens, 1, &refusal) == WH_RESULT_NULL_PARAMETER);
  CHECK(wh_address_check_list(list, NULL, 1, &refusal) == WH_RESULT_NULL_PARAMETER);
  list[1] = NULL;
  CHECK(wh_address_check_list(list, lens, 2, &refusal) == WH_RESULT_NULL_PARAMETER);
  lens[1] = 0;
  CHECK(wh_address_check_list(list, lens, 2, &refusal) == WH_RESULT_INVALID_LENGTH);

  for (i = 0; i < sizeof bad_lens / sizeof bad_lens[0]; i++) {
    free(exact[i]);
  }
}

/* Many threads, one policy: some only check URLs (and addresses), others add
 * names and see their own additions at once, all without locks of their own.
 * A check must never see a half-made addition, and the URLs whose answer
 * cannot change must keep it throughout. */
#define POLICY_THREADS 8
#define POLICY_ROUNDS 60

typedef struct {
  wh_url_policy *policy;
  int writer;
  int id;
  unsigned ok;
} policy_use;

static int policy_says(const wh_url_policy *policy, const char *url, wh_result want) {
  char buf[256];
  size_t needed;
  wh_refusal refusal;
  wh_result r =
      wh_url_policy_check(policy, url, strlen(url), buf, sizeof buf, &needed, NULL, &refusal);
  return r == want && (r != WH_RESULT_OK || strncmp(buf, "https://", 8) == 0);
}

static void *policy_worker(void *arg) {
  static const uint8_t metadata[4] = {169, 254, 169, 254};
  policy_use *use = arg;
  char name[64], url[96];
  int i;
  for (i = 0; i < POLICY_ROUNDS; i++) {
    int good = policy_says(use->policy, "https://api.example.com:9443/in", WH_RESULT_OK) &&
               policy_says(use->policy, "https://metadata.goog/", WH_RESULT_BLOCKED_HOST) &&
               wh_address_check(metadata, 4, NULL) == WH_RESULT_PRIVATE_ADDRESS;
    if (use->writer) {
      snprintf(name, sizeof name, "t%d-%d.example.net", use->id, i);
      snprintf(url, sizeof url, "https://hooks.%s/", name);
      good = good && policy_says(use->policy, url, WH_RESULT_OK) &&
             wh_url_policy_block_name(use->policy, name, strlen(name), NULL) == WH_RESULT_OK &&
             policy_says(use->policy, url, WH_RESULT_BLOCKED_HOST);
    }
    use->ok += (unsigned)good;
  }
  return NULL;
}

static void test_policy_threads(void) {
  wh_url_policy *policy = NULL;
  pthread_t threads[POLICY_THREADS];
  policy_use uses[POLICY_THREADS];
  int i;
  CHECK(wh_url_policy_new(&policy) == WH_RESULT_OK);
  CHECK(wh_url_policy_allow_port(policy, 9443, NULL) == WH_RESULT_OK);
  for (i = 0; i < POLICY_THREADS; i++) {
    uses[i].policy = policy;
    uses[i].writer = i % 2;
    uses[i].id = i;
    uses[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, policy_worker, &uses[i]) == 0);
  }
  for (i = 0; i < POLICY_THREADS; i++) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(uses[i].ok == POLICY_ROUNDS);
  }
  /* Every addition stuck. */
  CHECK(policy_says(policy, "https://t1-0.example.net/", WH_RESULT_BLOCKED_HOST));
  CHECK(policy_says(policy, "https://a.t7-59.example.net/", WH_RESULT_BLOCKED_HOST));
  CHECK(policy_says(policy, "https://t2-0.example.net/", WH_RESULT_OK));
  wh_url_policy_free(policy);
}

int main(void) {
  test_version_and_codes();
  test_verifier_new_nulls();
  test_verify_nulls();
  test_signer_nulls_and_short_buffers();
  test_generation();
  test_bodies();
  test_clock();
  test_free_null();
  test_threads();
  test_url_nulls();
  test_url_buffers();
  test_url_hostile_input();
  test_policy_rules();
  test_addresses();
  test_policy_threads();
  printf("edges: %u checks, %u failed\n", checks, failures);
  return failures ? 1 : 0;
}

/*
 * Edge tests for the C API: NULL for each pointer, out-params left alone on
 * failure, empty bodies, bodies with NUL bytes, buffers one byte too small,
 * freeing NULL, and one verifier and one signer shared by many threads.
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
  } pinned[] = {
      {WH_RESULT_OK, 0},
      {WH_RESULT_NULL_PARAMETER, 100},
      {WH_RESULT_BUFFER_TOO_SMALL, 101},
      {WH_RESULT_PANIC, 102},
      {WH_RESULT_INDEX_OUT_OF_RANGE, 103},
      {WH_RESULT_INVALID_SECRET, 200},
      {WH_RESULT_MISSING_HEADER, 201},
      {WH_RESULT_INVALID_HEADER, 202},
      {WH_RESULT_TIMESTAMP_TOO_OLD, 203},
      {WH_RESULT_TIMESTAMP_TOO_NEW, 204},
      {WH_RESULT_NO_SUPPORTED_SIGNATURE, 205},
      {WH_RESULT_INVALID_SIGNATURE, 206},
      {WH_RESULT_RANDOM_SOURCE, 207},
      {WH_RESULT_UNKNOWN_ERROR, 299},
  };
  size_t i;
  const char *unknown = wh_result_message(12345);

  CHECK(strcmp(wh_version(), WH_EXPECTED_VERSION) == 0);
  CHECK(unknown != NULL && strcmp(unknown, "unknown result code") == 0);
  /* Numbers are part of the ABI: they may never change. */
  for (i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
    const char *message = wh_result_message(pinned[i].code);
    CHECK((unsigned)pinned[i].code == pinned[i].number);
    CHECK(message != NULL && message[0] != '\0' && strcmp(message, unknown) != 0);
  }
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
  printf("edges: %u checks, %u failed\n", checks, failures);
  return failures ? 1 : 0;
}

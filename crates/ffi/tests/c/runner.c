/*
 * The C conformance runner: every vector and case in testdata/ through the C
 * API.
 *
 * `cargo xtask conformance` turns testdata/standardwebhooks_v1.json,
 * testdata/standardwebhooks_v1a.json and the destination corpus
 * (testdata/urls.json and testdata/addresses.json) into a line-based file (see
 * xtask/src/capi.rs for the format; JSON's \u escapes are decoded there, and
 * every string arrives as hex of its UTF-8), so this program needs no JSON
 * parser, and runs it as `runner FILE`. The expected outcomes are the files'
 * own: computed by the Python generators for the signatures, written by hand
 * for the URLs, re-derived with Python's ipaddress for the addresses. The Rust
 * runners in crates/core/tests check the same expectations, so agreeing with
 * them is agreeing with Rust.
 *
 * Every input is copied into a heap block of exactly its size, so the
 * sanitizers and valgrind catch a read one byte past any buffer, and every
 * output buffer is sized by first asking the library for the size.
 *
 * Exit status: 0 when every vector agrees, 1 when any disagrees, 2 when the
 * file cannot be read or is malformed.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "webhook.h"

/* A byte string from the file: absent (the JSON null), or `len` bytes. */
typedef struct {
  int present;
  unsigned char *data; /* malloc'd, exactly max(len, 1) bytes; NULL if absent */
  size_t len;
} bytes;

static const char *file_name;
static unsigned long line_no;

static void die(const char *what) {
  fprintf(stderr, "runner: %s:%lu: %s\n", file_name, line_no, what);
  exit(2);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    die("out of memory");
  }
  return p;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

/* `-` is absent; `x` followed by lowercase hex is present (`x` alone: empty). */
static bytes parse_bytes(const char *token) {
  bytes out = {0, NULL, 0};
  size_t digits, i;
  if (!token) {
    die("missing byte string");
  }
  if (strcmp(token, "-") == 0) {
    return out;
  }
  if (token[0] != 'x') {
    die("byte string must be '-' or 'x' and hex");
  }
  digits = strlen(token + 1);
  if (digits % 2) {
    die("odd number of hex digits");
  }
  out.present = 1;
  out.len = digits / 2;
  out.data = xmalloc(out.len);
  for (i = 0; i < out.len; i++) {
    int hi = hex_digit(token[1 + 2 * i]), lo = hex_digit(token[2 + 2 * i]);
    if (hi < 0 || lo < 0) {
      die("bad hex digit");
    }
    out.data[i] = (unsigned char)(hi * 16 + lo);
  }
  return out;
}

/* A present byte string as a NUL-terminated string (for expected texts). */
static char *parse_text(const char *token) {
  bytes b = parse_bytes(token);
  char *text;
  if (!b.present) {
    die("expected a present string");
  }
  text = xmalloc(b.len + 1);
  memcpy(text, b.data, b.len);
  text[b.len] = '\0';
  free(b.data);
  return text;
}

static uint64_t parse_u64(const char *token) {
  char *end;
  unsigned long long value;
  if (!token) {
    die("missing number");
  }
  errno = 0;
  value = strtoull(token, &end, 10);
  if (errno || *end || end == token) {
    die("bad number");
  }
  return (uint64_t)value;
}

/* A present byte string that holds a decimal number. */
static uint64_t bytes_u64(const bytes *b) {
  char *text;
  uint64_t value;
  if (!b->present) {
    die("expected a number, found an absent value");
  }
  text = xmalloc(b->len + 1);
  memcpy(text, b->data, b->len);
  text[b->len] = '\0';
  value = parse_u64(text);
  free(text);
  return value;
}

/* The C constant for each error kind name the vectors use. */
static const struct {
  const char *name;
  wh_result code;
} KINDS[] = {
    {"invalid_secret", WH_RESULT_INVALID_SECRET},
    {"missing_header", WH_RESULT_MISSING_HEADER},
    {"invalid_header", WH_RESULT_INVALID_HEADER},
    {"timestamp_too_old", WH_RESULT_TIMESTAMP_TOO_OLD},
    {"timestamp_too_new", WH_RESULT_TIMESTAMP_TOO_NEW},
    {"no_supported_signature", WH_RESULT_NO_SUPPORTED_SIGNATURE},
    {"invalid_signature", WH_RESULT_INVALID_SIGNATURE},
    {"random_source", WH_RESULT_RANDOM_SOURCE},
};

static wh_result kind_code(const char *name) {
  size_t i;
  for (i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
    if (name && strcmp(KINDS[i].name, name) == 0) {
      return KINDS[i].code;
    }
  }
  die("unknown error kind");
  return WH_RESULT_UNKNOWN_ERROR;
}

static wh_scheme scheme_code(const char *name) {
  if (name && strcmp(name, "v1") == 0) {
    return WH_SCHEME_V1;
  }
  if (name && strcmp(name, "v1a") == 0) {
    return WH_SCHEME_V1A;
  }
  die("unknown scheme");
  return WH_SCHEME_UNKNOWN;
}

/* Reading the file: one line at a time, split on single spaces. */
#define MAX_TOKENS 8

static FILE *input;
static char *line;
static size_t line_cap;
static char *tokens[MAX_TOKENS];
static size_t n_tokens;

static int next_line(void) {
  char *save = NULL, *token;
  ssize_t got = getline(&line, &line_cap, input);
  if (got < 0) {
    return 0;
  }
  line_no++;
  if (got > 0 && line[got - 1] == '\n') {
    line[got - 1] = '\0';
  }
  n_tokens = 0;
  for (token = strtok_r(line, " ", &save); token; token = strtok_r(NULL, " ", &save)) {
    if (n_tokens == MAX_TOKENS) {
      die("too many fields");
    }
    tokens[n_tokens++] = token;
  }
  return 1;
}

static void expect_line(const char *field, size_t n) {
  if (!next_line() || n_tokens != n || strcmp(tokens[0], field) != 0) {
    die(field);
  }
}

static const char *arg(size_t i) { return i < n_tokens ? tokens[i] : NULL; }

/* Results. */
static unsigned long checked, failed;

static void report(const char *name, const char *fmt, ...) {
  va_list args;
  failed++;
  fprintf(stderr, "MISMATCH %s: ", name);
  va_start(args, fmt);
  vfprintf(stderr, fmt, args);
  va_end(args);
  fputc('\n', stderr);
}

static const char *msg(wh_result code) { return wh_result_message(code); }

/* Writes text through one of the `needed_out` functions: ask for the size with
 * an empty buffer, then call again with a heap buffer of exactly that size. */
typedef wh_result (*text_fn)(const char *, size_t, char *, size_t, size_t *);

static wh_result text_out(text_fn fn, const bytes *in, char **out) {
  size_t needed = 0, again = 0;
  wh_result r = fn((const char *)in->data, in->len, NULL, 0, &needed);
  if (r != WH_RESULT_BUFFER_TOO_SMALL) {
    return r;
  }
  *out = xmalloc(needed);
  r = fn((const char *)in->data, in->len, *out, needed, &again);
  if (r == WH_RESULT_OK && again != needed) {
    return WH_RESULT_UNKNOWN_ERROR;
  }
  return r;
}

/* vector NAME / ring secrets|keys / key ... / id / timestamp / signature / body / now / tolerance
 * / expect / [sign] / end */
static void run_vector(const char *name) {
  bytes keys[64], id, timestamp, signature, body, want_sig = {0, NULL, 0};
  const char *key_ptrs[64];
  size_t key_lens[64], n_keys = 0, i, want_index = 0, count = 0;
  uint64_t not_after[64], now, tolerance;
  int any_expiry = 0, want_ok, do_sign = 0;
  wh_result want_code = WH_RESULT_OK, got;
  wh_scheme want_scheme = WH_SCHEME_UNKNOWN;
  wh_verifier *verifier = NULL;
  wh_verified verified;
  int secrets_only;

  /* The v1 file's rings are HMAC secrets by definition, the v1a file's are
   * read by prefix: see write_vector in xtask/src/capi.rs. */
  expect_line("ring", 2);
  secrets_only = strcmp(arg(1), "secrets") == 0;
  if (!secrets_only && strcmp(arg(1), "keys") != 0) {
    die("ring must be secrets or keys");
  }
  for (;;) {
    if (!next_line()) {
      die("unexpected end of file in a vector");
    }
    if (strcmp(tokens[0], "key") != 0) {
      break;
    }
    if (n_tokens != 3 || n_keys == 64) {
      die("bad key line");
    }
    keys[n_keys] = parse_bytes(arg(1));
    key_ptrs[n_keys] = (const char *)keys[n_keys].data;
    key_lens[n_keys] = keys[n_keys].len;
    if (strcmp(arg(2), "-") == 0) {
      not_after[n_keys] = UINT64_MAX;
    } else {
      not_after[n_keys] = parse_u64(arg(2));
      any_expiry = 1;
    }
    n_keys++;
  }
  if (n_tokens != 2 || strcmp(tokens[0], "id") != 0) {
    die("id");
  }
  id = parse_bytes(arg(1));
  expect_line("timestamp", 2);
  timestamp = parse_bytes(arg(1));
  expect_line("signature", 2);
  signature = parse_bytes(arg(1));
  expect_line("body", 2);
  body = parse_bytes(arg(1));
  expect_line("now", 2);
  now = parse_u64(arg(1));
  expect_line("tolerance", 2);
  tolerance = parse_u64(arg(1));
  if (!next_line() || strcmp(tokens[0], "expect") != 0) {
    die("expect");
  }
  want_ok = strcmp(arg(1), "ok") == 0;
  if (want_ok && n_tokens == 4) {
    want_index = (size_t)parse_u64(arg(2));
    want_scheme = scheme_code(arg(3));
  } else if (!want_ok && n_tokens == 3 && strcmp(arg(1), "error") == 0) {
    want_code = kind_code(arg(2));
  } else {
    die("bad expect line");
  }
  if (!next_line()) {
    die("end");
  }
  if (strcmp(tokens[0], "sign") == 0 && n_tokens == 2) {
    do_sign = 1;
    want_sig = parse_bytes(arg(1));
    if (!next_line()) {
      die("end");
    }
  }
  if (n_tokens != 1 || strcmp(tokens[0], "end") != 0) {
    die("end");
  }

  /* Verification, as an application would call it. A body of length 0 goes
   * in as NULL, the documented spelling of an empty body; an empty header
   * value goes in as a real pointer, since NULL with 0 would mean absent. */
  checked++;
  memset(&verified, 0xA5, sizeof verified);
  got = (secrets_only ? wh_verifier_new_secrets : wh_verifier_new)(
      key_ptrs, key_lens, any_expiry ? not_after : NULL, n_keys, tolerance, &verifier);
  if (got == WH_RESULT_OK) {
    if (wh_verifier_key_count(verifier, &count) != WH_RESULT_OK || count != n_keys) {
      report(name, "%s%s", "key count differs from the ring", "");
    }
    got = wh_verifier_verify(verifier, (const char *)id.data, id.len,
                             (const char *)timestamp.data, timestamp.len,
                             (const char *)signature.data, signature.len,
                             body.len ? body.data : NULL, body.len, now, &verified);
  } else if (verifier != NULL) {
    report(name, "%s%s", "verifier_out written on failure", "");
  }
  if (want_ok) {
    if (got != WH_RESULT_OK) {
      report(name, "expected ok, got %s%s", msg(got), "");
    } else if (verified.key_index != want_index || verified.scheme != want_scheme) {
      report(name, "%s%s", "matched another key or scheme", "");
    }
  } else if (got != want_code) {
    report(name, "expected %s, got %s", msg(want_code), msg(got));
  } else {
    unsigned char untouched[sizeof verified];
    memset(untouched, 0xA5, sizeof untouched);
    if (memcmp(&verified, untouched, sizeof verified) != 0) {
      report(name, "%s%s", "verified_out written on failure", "");
    }
  }
  wh_verifier_free(verifier);

  /* Signing, for the vectors whose signature our signer must reproduce. */
  if (do_sign) {
    wh_signer *signer = NULL;
    size_t needed = 0;
    char *out = NULL;
    uint64_t sent_at = bytes_u64(&timestamp);
    checked++;
    got = wh_signer_new(key_ptrs, key_lens, n_keys, &signer);
    if (got == WH_RESULT_OK) {
      got = wh_signer_sign(signer, (const char *)id.data, id.len,
                           sent_at, body.data, body.len, NULL, 0, &needed);
    }
    if (got == WH_RESULT_BUFFER_TOO_SMALL) {
      out = xmalloc(needed);
      got = wh_signer_sign(signer, (const char *)id.data, id.len,
                           sent_at, body.data, body.len, out, needed, &needed);
    }
    if (got != WH_RESULT_OK) {
      report(name, "signing failed: %s%s", msg(got), "");
    } else if (strlen(out) != want_sig.len || memcmp(out, want_sig.data, want_sig.len) != 0) {
      report(name, "signed %s, not the vector's signature%s", out, "");
    }
    free(out);
    wh_signer_free(signer);
  }

  for (i = 0; i < n_keys; i++) {
    free(keys[i].data);
  }
  free(id.data);
  free(timestamp.data);
  free(signature.data);
  free(body.data);
  free(want_sig.data);
}

/* keytext NAME signing|public / text / expect ok WHPK [WHSK] | expect error KIND
 * / end */
static void run_key(const char *name, int signing) {
  bytes text;
  char *want_whpk = NULL, *want_whsk = NULL, *whpk = NULL, *whsk = NULL;
  wh_result want_code = WH_RESULT_OK, got;

  expect_line("text", 2);
  text = parse_bytes(arg(1));
  if (!next_line() || strcmp(tokens[0], "expect") != 0) {
    die("expect");
  }
  if (strcmp(arg(1), "ok") == 0 && n_tokens == (signing ? 4u : 3u)) {
    want_whpk = parse_text(arg(2));
    want_whsk = signing ? parse_text(arg(3)) : NULL;
  } else if (strcmp(arg(1), "error") == 0 && n_tokens == 3) {
    want_code = kind_code(arg(2));
  } else {
    die("bad expect line");
  }
  expect_line("end", 1);

  checked++;
  if (signing) {
    got = text_out(wh_signing_key_normalize, &text, &whsk);
    if (got == WH_RESULT_OK) {
      got = text_out(wh_signing_key_public, &text, &whpk);
    }
  } else {
    got = text_out(wh_public_key_normalize, &text, &whpk);
  }
  if (want_whpk) {
    if (got != WH_RESULT_OK) {
      report(name, "expected ok, got %s%s", msg(got), "");
    } else if (strcmp(whpk, want_whpk) != 0) {
      report(name, "public key %s, expected %s", whpk, want_whpk);
    } else if (signing && strcmp(whsk, want_whsk) != 0) {
      report(name, "%s%s", "canonical signing key differs", "");
    }
  } else if (got != want_code) {
    report(name, "expected %s, got %s", msg(want_code), msg(got));
  }
  free(text.data);
  free(want_whpk);
  free(want_whsk);
  free(whpk);
  free(whsk);
}

/* jwks NAME / document / expect ok N | expect error KIND / N x (jwk KID WHPK)
 * / end */
static void run_jwks(const char *name) {
  bytes document;
  size_t n_want = 0, count = 0, i;
  int want_ok;
  wh_result want_code = WH_RESULT_OK, got;
  wh_verifier *verifier = NULL;

  expect_line("document", 2);
  document = parse_bytes(arg(1));
  if (!next_line() || strcmp(tokens[0], "expect") != 0) {
    die("expect");
  }
  want_ok = strcmp(arg(1), "ok") == 0 && n_tokens == 3;
  if (want_ok) {
    n_want = (size_t)parse_u64(arg(2));
  } else if (strcmp(arg(1), "error") == 0 && n_tokens == 3) {
    want_code = kind_code(arg(2));
  } else {
    die("bad expect line");
  }

  checked++;
  got = wh_verifier_new_jwks((const char *)document.data, document.len, 300, &verifier);
  if (!want_ok) {
    if (got != want_code) {
      report(name, "expected %s, got %s", msg(want_code), msg(got));
    }
  } else if (got != WH_RESULT_OK) {
    report(name, "expected ok, got %s%s", msg(got), "");
  } else if (wh_verifier_key_count(verifier, &count) != WH_RESULT_OK || count != n_want) {
    report(name, "%s%s", "the set holds another number of keys", "");
  }

  /* The expected keys, in document order, each checked against the ring. */
  for (i = 0; i < n_want; i++) {
    bytes kid;
    char *whpk;
    wh_key_info info;
    expect_line("jwk", 3);
    kid = parse_bytes(arg(1));
    whpk = parse_text(arg(2));
    if (verifier && i < count) {
      if (wh_verifier_key(verifier, i, &info) != WH_RESULT_OK) {
        report(name, "%s%s", "wh_verifier_key failed", "");
      } else if (info.scheme != WH_SCHEME_V1A || info.not_after != UINT64_MAX ||
                 strcmp(info.public_key, whpk) != 0) {
        report(name, "key %s differs from %s", info.public_key, whpk);
      } else if (kid.present ? (info.kid == NULL || info.kid_len != kid.len ||
                                memcmp(info.kid, kid.data, kid.len) != 0)
                             : (info.kid != NULL || info.kid_len != 0)) {
        report(name, "%s%s", "kid differs", "");
      }
    }
    free(kid.data);
    free(whpk);
  }
  if (verifier && wh_verifier_key(verifier, count, &(wh_key_info){0}) !=
                      WH_RESULT_INDEX_OUT_OF_RANGE) {
    report(name, "%s%s", "an index past the ring is not out of range", "");
  }
  expect_line("end", 1);
  wh_verifier_free(verifier);
  free(document.data);
}

/* The destination corpus. The expected kinds are names, and the code we expect
 * is the one refusal code whose wh_result_name is that name, so the runner
 * also checks that every code is named after the kind it stands for. */
static wh_result refusal_code(const char *kind) {
  uint32_t code;
  for (code = 300; kind && code < 400; code++) {
    if (strcmp(wh_result_name(code), kind) == 0) {
      return code;
    }
  }
  die("unknown refusal kind");
  return WH_RESULT_UNKNOWN_ERROR;
}

static int is_refusal(wh_result code) { return code >= 300 && code < 400; }

/* A byte pattern for out-params, so that a write we did not expect shows. */
#define UNTOUCHED 0xA5

static int untouched(const void *p, size_t n) {
  const unsigned char *bytes = p;
  size_t i;
  for (i = 0; i < n; i++) {
    if (bytes[i] != UNTOUCHED) {
      return 0;
    }
  }
  return 1;
}

/* The message rules every refusal keeps, as the Rust runner checks them:
 * NUL-terminated within the buffer, not empty, not capitalised, no trailing
 * period, printable ASCII only. Returns NULL when all hold. */
static const char *message_problem(const wh_refusal *refusal) {
  const char *end = memchr(refusal->message, '\0', sizeof refusal->message);
  size_t len, i;
  if (!end) {
    return "the message is not NUL-terminated";
  }
  len = (size_t)(end - refusal->message);
  if (len == 0) {
    return "the message is empty";
  }
  if (refusal->message[0] >= 'A' && refusal->message[0] <= 'Z') {
    return "the message is capitalised";
  }
  if (refusal->message[len - 1] == '.') {
    return "the message ends with a period";
  }
  for (i = 0; i < len; i++) {
    if (refusal->message[i] < ' ' || refusal->message[i] > '~') {
      return "the message is not printable ascii";
    }
  }
  return NULL;
}

/* The refusal's message for a report, or "" when the code is no refusal (the
 * struct was not written then, and holds no string). */
static const char *shown(wh_result code, const wh_refusal *refusal) {
  return is_refusal(code) && message_problem(refusal) == NULL ? refusal->message : "";
}

/* Compares one check's result with the expectation: the code, then for a
 * refusal the message rules, and for success that `refusal_out` was left
 * alone. `what` names the call in reports. */
static void judge(const char *name, const char *what, wh_result got, wh_result want,
                  const wh_refusal *refusal) {
  const char *problem;
  checked++;
  if (got != want) {
    report(name, "%s: expected %s, got %s %s", what, wh_result_name(want), wh_result_name(got),
           shown(got, refusal));
  } else if (want == WH_RESULT_OK && !untouched(refusal, sizeof *refusal)) {
    report(name, "%s: refusal_out written on success", what);
  } else if (want != WH_RESULT_OK && (problem = message_problem(refusal)) != NULL) {
    report(name, "%s: %s", what, problem);
  }
}

/* One URL check through the default rules (policy NULL) or a policy. */
static wh_result url_call(const wh_url_policy *policy, const char *url, size_t url_len, char *buf,
                          size_t buf_len, size_t *needed, wh_checked_url *parts,
                          wh_refusal *refusal) {
  if (policy) {
    return wh_url_policy_check(policy, url, url_len, buf, buf_len, needed, parts, refusal);
  }
  return wh_url_check(url, url_len, buf, buf_len, needed, parts, refusal);
}

/* Checks that `parts` locates the host and the port of a normalised URL,
 * which is `https://`, the host, an optional `:PORT`, then `/`. */
static int parts_agree(const char *url, const wh_checked_url *parts) {
  size_t len = strlen(url), end = parts->host_offset + parts->host_len;
  unsigned long port = 443;
  if (parts->host_offset != 8 || strncmp(url, "https://", 8) != 0 || parts->host_len == 0 ||
      end >= len || memchr(url + 8, ':', parts->host_len) ||
      memchr(url + 8, '/', parts->host_len)) {
    return 0;
  }
  if (url[end] == ':') {
    char *after;
    port = strtoul(url + end + 1, &after, 10);
    if (*after != '/') {
      return 0;
    }
  } else if (url[end] != '/') {
    return 0;
  }
  return parts->port == port;
}

/* One case of urls.json through one set of rules. An accepted URL is asked
 * for its size first (buffer NULL, length 0), then written into a heap block
 * of exactly that size, then checked again: the normalised form is a fixed
 * point. A refused URL must leave the buffer, the size and the parts alone. */
static void check_url_case(const char *name, const char *what, const wh_url_policy *policy,
                           const bytes *url, const bytes *want, wh_result want_code) {
  const char *text = (const char *)url->data;
  size_t needed, again;
  wh_checked_url parts;
  wh_refusal refusal;
  wh_result got;
  char *buf = NULL, *buf2 = NULL;

  memset(&needed, UNTOUCHED, sizeof needed);
  memset(&parts, UNTOUCHED, sizeof parts);
  memset(&refusal, UNTOUCHED, sizeof refusal);
  got = url_call(policy, text, url->len, NULL, 0, &needed, &parts, &refusal);
  if (!want->present) {
    judge(name, what, got, want_code, &refusal);
    if (!untouched(&needed, sizeof needed) || !untouched(&parts, sizeof parts)) {
      report(name, "%s: needed_out or checked_out written on a refusal", what);
    }
    return;
  }

  checked++;
  if (got != WH_RESULT_BUFFER_TOO_SMALL) {
    report(name, "%s: expected ok, got %s %s", what, wh_result_name(got), shown(got, &refusal));
    return;
  }
  if (needed != want->len + 1 || !untouched(&parts, sizeof parts) ||
      !untouched(&refusal, sizeof refusal)) {
    report(name, "%s: the size query reported %zu for %zu bytes, or wrote another out-param",
           what, needed, want->len);
    return;
  }
  buf = xmalloc(needed);
  got = url_call(policy, text, url->len, buf, needed, &again, &parts, &refusal);
  judge(name, what, got, WH_RESULT_OK, &refusal);
  if (got != WH_RESULT_OK) {
    free(buf);
    return;
  }
  if (again != needed || memcmp(buf, want->data, want->len) != 0 || buf[want->len] != '\0') {
    report(name, "%s: normalised to %s", what, buf);
  } else if (!parts_agree(buf, &parts)) {
    report(name, "%s: host at %zu (%zu bytes) and port %u do not match %s", what,
           parts.host_offset, parts.host_len, (unsigned)parts.port, buf);
  }

  /* The normalised form, checked again, comes back unchanged. */
  checked++;
  buf2 = xmalloc(needed);
  memset(&refusal, UNTOUCHED, sizeof refusal);
  got = url_call(policy, buf, needed - 1, buf2, needed, &again, NULL, &refusal);
  if (got != WH_RESULT_OK || strcmp(buf, buf2) != 0) {
    report(name, "%s: the normalised form re-checks as %s %s", what, wh_result_name(got),
           shown(got, &refusal));
  }
  free(buf);
  free(buf2);
}

/* url NAME / text / [policy / block... / port...] / expect ok NORMALISED |
 * expect error KIND / end */
static void run_url(const char *name) {
  bytes url, want = {0, NULL, 0}, blocks[16];
  uint64_t ports[16];
  size_t n_blocks = 0, n_ports = 0, i;
  int has_policy = 0;
  wh_result want_code = WH_RESULT_OK, got;
  wh_url_policy *policy = NULL;
  wh_refusal refusal;

  expect_line("text", 2);
  url = parse_bytes(arg(1));
  for (;;) {
    if (!next_line()) {
      die("unexpected end of file in a url case");
    }
    if (strcmp(tokens[0], "policy") == 0 && n_tokens == 1) {
      has_policy = 1;
    } else if (strcmp(tokens[0], "block") == 0 && n_tokens == 2 && has_policy && n_blocks < 16) {
      blocks[n_blocks++] = parse_bytes(arg(1));
    } else if (strcmp(tokens[0], "port") == 0 && n_tokens == 2 && has_policy && n_ports < 16) {
      ports[n_ports++] = parse_u64(arg(1));
    } else {
      break;
    }
  }
  if (strcmp(tokens[0], "expect") == 0 && n_tokens == 3 && strcmp(arg(1), "ok") == 0) {
    want = parse_bytes(arg(2));
  } else if (strcmp(tokens[0], "expect") == 0 && n_tokens == 3 && strcmp(arg(1), "error") == 0) {
    want_code = refusal_code(arg(2));
  } else {
    die("bad expect line");
  }
  expect_line("end", 1);

  /* Every case runs through a policy handle; a case without additions also
   * runs through wh_url_check, and the two must agree with the file. */
  checked++;
  if (wh_url_policy_new(&policy) != WH_RESULT_OK) {
    report(name, "wh_url_policy_new failed");
  }
  for (i = 0; policy && i < n_blocks; i++) {
    got = wh_url_policy_block_name(policy, (const char *)blocks[i].data, blocks[i].len, &refusal);
    if (got != WH_RESULT_OK) {
      report(name, "blocking a name: %s %s", wh_result_name(got), shown(got, &refusal));
    }
  }
  for (i = 0; policy && i < n_ports; i++) {
    got = wh_url_policy_allow_port(policy, ports[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)ports[i],
                                   &refusal);
    if (got != WH_RESULT_OK) {
      report(name, "allowing a port: %s %s", wh_result_name(got), shown(got, &refusal));
    }
  }
  if (policy) {
    check_url_case(name, "wh_url_policy_check", policy, &url, &want, want_code);
  }
  if (!has_policy) {
    check_url_case(name, "wh_url_check", NULL, &url, &want, want_code);
  }
  wh_url_policy_free(policy);

  for (i = 0; i < n_blocks; i++) {
    free(blocks[i].data);
  }
  free(url.data);
  free(want.data);
}

/* address NAME / text / bytes / expect ok | expect error KIND / end */
static void run_address(const char *name) {
  static const uint8_t PUBLIC[4] = {8, 8, 8, 8};
  bytes text, addr;
  wh_result want = WH_RESULT_OK;
  wh_refusal refusal;
  unsigned char parsed[16];
  char *nul_terminated;
  const uint8_t *list[2];
  size_t lens[2];

  expect_line("text", 2);
  text = parse_bytes(arg(1));
  expect_line("bytes", 2);
  addr = parse_bytes(arg(1));
  if (!next_line() || strcmp(tokens[0], "expect") != 0) {
    die("expect");
  }
  if (strcmp(arg(1), "ok") == 0 && n_tokens == 2) {
    want = WH_RESULT_OK;
  } else if (strcmp(arg(1), "error") == 0 && n_tokens == 3) {
    want = refusal_code(arg(2));
  } else {
    die("bad expect line");
  }
  expect_line("end", 1);

  /* The bytes come from Rust's parser; the C library's inet_pton must read
   * the text the same way, so the text and byte forms are the same case.
   * inet_pton takes no zone, so we cut an IPv6 zone (`fe80::1%eth0`) first,
   * as a C caller does before it; wh_address_check_text gets the whole text. */
  checked++;
  nul_terminated = xmalloc(text.len + 1);
  memcpy(nul_terminated, text.data, text.len);
  nul_terminated[text.len] = '\0';
  if (addr.len == 16 && strchr(nul_terminated, '%') != NULL) {
    *strchr(nul_terminated, '%') = '\0';
  }
  if (inet_pton(addr.len == 4 ? AF_INET : AF_INET6, nul_terminated, parsed) != 1 ||
      (addr.len != 4 && addr.len != 16) || memcmp(parsed, addr.data, addr.len) != 0) {
    report(name, "inet_pton reads %s otherwise", nul_terminated);
  }
  free(nul_terminated);

  memset(&refusal, UNTOUCHED, sizeof refusal);
  judge(name, "wh_address_check_text",
        wh_address_check_text((const char *)text.data, text.len, &refusal), want, &refusal);
  memset(&refusal, UNTOUCHED, sizeof refusal);
  judge(name, "wh_address_check", wh_address_check(addr.data, addr.len, &refusal), want,
        &refusal);

  /* Alone, and beside a public address in either order. */
  list[0] = addr.data;
  lens[0] = addr.len;
  memset(&refusal, UNTOUCHED, sizeof refusal);
  judge(name, "wh_address_check_list of one", wh_address_check_list(list, lens, 1, &refusal),
        want, &refusal);
  list[1] = PUBLIC;
  lens[1] = sizeof PUBLIC;
  memset(&refusal, UNTOUCHED, sizeof refusal);
  judge(name, "wh_address_check_list, then 8.8.8.8",
        wh_address_check_list(list, lens, 2, &refusal), want, &refusal);
  list[1] = addr.data;
  lens[1] = addr.len;
  list[0] = PUBLIC;
  lens[0] = sizeof PUBLIC;
  memset(&refusal, UNTOUCHED, sizeof refusal);
  judge(name, "wh_address_check_list, after 8.8.8.8",
        wh_address_check_list(list, lens, 2, &refusal), want, &refusal);

  free(text.data);
  free(addr.data);
}

int main(int argc, char **argv) {
  unsigned long declared, records = 0, urls = 0, addresses = 0;
  if (argc != 2) {
    fprintf(stderr, "usage: runner VECTORS_FILE\n");
    return 2;
  }
  file_name = argv[1];
  input = fopen(file_name, "r");
  if (!input) {
    perror(file_name);
    return 2;
  }
  expect_line("count", 2);
  declared = (unsigned long)parse_u64(arg(1));

  while (next_line()) {
    /* The record's name lives in the line buffer, which the next line
     * overwrites, so each record works on its own copy. */
    char *name = n_tokens >= 2 ? strdup(arg(1)) : NULL;
    records++;
    if (!name) {
      die("a record needs a name");
    }
    if (strcmp(tokens[0], "vector") == 0 && n_tokens == 2) {
      run_vector(name);
    } else if (strcmp(tokens[0], "keytext") == 0 && n_tokens == 3 &&
               (strcmp(arg(2), "signing") == 0 || strcmp(arg(2), "public") == 0)) {
      run_key(name, strcmp(arg(2), "signing") == 0);
    } else if (strcmp(tokens[0], "jwks") == 0 && n_tokens == 2) {
      run_jwks(name);
    } else if (strcmp(tokens[0], "url") == 0 && n_tokens == 2) {
      run_url(name);
      urls++;
    } else if (strcmp(tokens[0], "address") == 0 && n_tokens == 2) {
      run_address(name);
      addresses++;
    } else {
      die("unknown record");
    }
    free(name);
  }
  fclose(input);
  free(line);

  /* A file cut short must not pass as a smaller, all-agreeing run. */
  if (records != declared) {
    fprintf(stderr, "runner: read %lu records, the file declares %lu\n", records, declared);
    return 2;
  }
  printf("runner: %lu records (%lu signature vectors and key cases, %lu urls, %lu addresses), "
         "%lu checks, %lu mismatches\n",
         records, records - urls - addresses, urls, addresses, checked, failed);
  return failed ? 1 : 0;
}

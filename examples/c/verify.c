/*
 * Verifies one captured delivery with libwebhook's C API.
 *
 *   verify HEADERS_FILE BODY_FILE SECRET_FILE [NOW]
 *
 * HEADERS_FILE holds the request head as received ("Name: value" lines; a
 * request line and other headers are ignored), BODY_FILE the body bytes as
 * received, SECRET_FILE the `whsec_` secret or `whpk_` public key (one final
 * newline is not part of the key). NOW is the receiver's clock in seconds
 * since the Unix epoch; without it, the system clock is used.
 *
 * Exit status: 0 verified, 1 rejected, 2 usage or I/O error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <webhook.h>

/* Reads a whole file into a malloc'd buffer; the caller frees it. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *data = NULL;
  size_t cap = 0, got;
  *len = 0;
  if (!f) {
    perror(path);
    return NULL;
  }
  do {
    char *bigger;
    cap = cap ? cap * 2 : 4096;
    bigger = realloc(data, cap);
    if (!bigger) {
      free(data);
      fclose(f);
      return NULL;
    }
    data = bigger;
    got = fread(data + *len, 1, cap - *len, f);
    *len += got;
  } while (*len == cap);
  fclose(f);
  return data;
}

/* The value of header `name` in `head` (case-insensitive, surrounding spaces
 * trimmed). Repeated headers are joined with one space, as the signature list
 * allows. Returns a malloc'd string, or NULL when the header is absent. */
static char *header_value(const char *head, size_t head_len, const char *name) {
  size_t name_len = strlen(name), pos = 0;
  char *value = NULL;
  size_t value_len = 0;
  while (pos < head_len) {
    const char *line = head + pos;
    const char *end = memchr(line, '\n', head_len - pos);
    size_t line_len = end ? (size_t)(end - line) : head_len - pos;
    pos += line_len + 1;
    if (line_len > 0 && line[line_len - 1] == '\r') {
      line_len--;
    }
    if (line_len == 0) {
      break; /* the blank line ends the head */
    }
    if (line_len > name_len && line[name_len] == ':') {
      size_t i, start = name_len + 1, stop = line_len;
      char *bigger;
      for (i = 0; i < name_len && tolower((unsigned char)line[i]) == name[i]; i++) {
      }
      if (i < name_len) {
        continue;
      }
      while (start < stop && (line[start] == ' ' || line[start] == '\t')) {
        start++;
      }
      while (stop > start && (line[stop - 1] == ' ' || line[stop - 1] == '\t')) {
        stop--;
      }
      bigger = realloc(value, value_len + (stop - start) + 2);
      if (!bigger) {
        free(value);
        return NULL;
      }
      value = bigger;
      if (value_len > 0) {
        value[value_len++] = ' ';
      }
      memcpy(value + value_len, line + start, stop - start);
      value_len += stop - start;
      value[value_len] = '\0';
    }
  }
  return value;
}

/* Parses NOW: decimal digits only, no sign, no overflow. */
static int parse_now(const char *text, uint64_t *now) {
  uint64_t value = 0;
  if (!*text) {
    return 0;
  }
  for (; *text; text++) {
    if (*text < '0' || *text > '9' || value > (UINT64_MAX - 9) / 10) {
      return 0;
    }
    value = value * 10 + (uint64_t)(*text - '0');
  }
  *now = value;
  return 1;
}

int main(int argc, char **argv) {
  size_t head_len, body_len, key_len;
  uint64_t now = 0;
  char *head, *body, *key, *id, *timestamp, *signature;
  const char *keys[1];
  wh_verifier *verifier = NULL;
  wh_verified verified;
  wh_result result;
  int status = 2;

  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: %s HEADERS_FILE BODY_FILE SECRET_FILE [NOW]\n", argv[0]);
    return 2;
  }
  if (argc == 5 && !parse_now(argv[4], &now)) {
    fprintf(stderr, "NOW must be unix seconds in decimal, got '%s'\n", argv[4]);
    return 2;
  }
  head = read_file(argv[1], &head_len);
  body = read_file(argv[2], &body_len);
  key = read_file(argv[3], &key_len);
  if (!head || !body || !key) {
    goto done;
  }
  if (key_len > 0 && key[key_len - 1] == '\n') {
    key_len--;
  }

  /* One key; the library copies it, so we may clear it right away. */
  keys[0] = key;
  result = wh_verifier_new(keys, &key_len, NULL, 1, 300, &verifier);
  memset(key, 0, key_len);
  if (result != WH_RESULT_OK) {
    fprintf(stderr, "bad key: %s\n", wh_result_message(result));
    goto done;
  }

  /* An absent header goes in as NULL with length 0. */
  id = header_value(head, head_len, "webhook-id");
  timestamp = header_value(head, head_len, "webhook-timestamp");
  signature = header_value(head, head_len, "webhook-signature");
#define ARG(s) (s), ((s) ? strlen(s) : 0)
  if (argc == 5) {
    result = wh_verifier_verify(verifier, ARG(id), ARG(timestamp), ARG(signature),
                                (const uint8_t *)body, body_len,
                                now, &verified);
  } else {
    result = wh_verifier_verify_now(verifier, ARG(id), ARG(timestamp), ARG(signature),
                                    (const uint8_t *)body, body_len, &verified);
  }
  if (result == WH_RESULT_OK) {
    printf("verified delivery %s (key %zu, %s)\n", id, verified.key_index,
           verified.scheme == WH_SCHEME_V1A ? "v1a" : "v1");
    status = 0;
  } else {
    fprintf(stderr, "rejected: %s\n", wh_result_message(result));
    status = 1;
  }
  free(id);
  free(timestamp);
  free(signature);

done:
  wh_verifier_free(verifier);
  free(head);
  free(body);
  free(key);
  return status;
}

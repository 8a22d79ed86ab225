// Verifies one captured delivery with libwebhook's C API, from C++.
//
//   verify HEADERS_FILE BODY_FILE SECRET_FILE [NOW]
//
// The same program as verify.c: see there for the file formats. The verifier
// lives in a std::unique_ptr whose deleter is wh_verifier_free, so it is freed
// on every path. Exit status: 0 verified, 1 rejected, 2 usage or I/O error.
#include <webhook.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

struct VerifierFree {
  void operator()(wh_verifier *verifier) const { wh_verifier_free(verifier); }
};
using Verifier = std::unique_ptr<wh_verifier, VerifierFree>;

std::optional<std::string> read_file(const char *path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The value of header `name` (lowercase), repeated headers joined with one
// space; std::nullopt when absent.
std::optional<std::string> header(const std::string &head, const std::string &name) {
  std::istringstream lines(head);
  std::optional<std::string> value;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (line.empty()) {
      break;  // the blank line ends the head
    }
    auto colon = line.find(':');
    if (colon == std::string::npos || lower(line.substr(0, colon)) != name) {
      continue;
    }
    auto start = line.find_first_not_of(" \t", colon + 1);
    auto stop = line.find_last_not_of(" \t");
    std::string part = start == std::string::npos ? "" : line.substr(start, stop - start + 1);
    value = value ? *value + " " + part : part;
  }
  return value;
}

// A header as the C API takes it: NULL with length 0 when absent.
const char *ptr(const std::optional<std::string> &s) { return s ? s->data() : nullptr; }
size_t len(const std::optional<std::string> &s) { return s ? s->size() : 0; }

}  // namespace

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: " << argv[0] << " HEADERS_FILE BODY_FILE SECRET_FILE [NOW]\n";
    return 2;
  }
  uint64_t now = 0;
  if (argc == 5) {
    // Decimal digits only: std::stoull would take a sign or leading spaces.
    const std::string text = argv[4];
    bool ok = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (ok) {
      try {
        now = std::stoull(text);
      } catch (const std::out_of_range &) {
        ok = false;
      }
    }
    if (!ok) {
      std::cerr << "NOW must be unix seconds in decimal, got '" << text << "'\n";
      return 2;
    }
  }
  auto head = read_file(argv[1]);
  auto body = read_file(argv[2]);
  auto key = read_file(argv[3]);
  if (!head || !body || !key) {
    return 2;
  }
  if (!key->empty() && key->back() == '\n') {
    key->pop_back();
  }

  const char *keys[] = {key->data()};
  size_t key_lens[] = {key->size()};
  wh_verifier *raw = nullptr;
  wh_result result = wh_verifier_new(keys, key_lens, nullptr, 1, 300, &raw);
  std::fill(key->begin(), key->end(), '\0');  // the library keeps its own copy
  if (result != WH_RESULT_OK) {
    std::cerr << "bad key: " << wh_result_message(result) << "\n";
    return 2;
  }
  Verifier verifier(raw);

  auto id = header(*head, "webhook-id");
  auto timestamp = header(*head, "webhook-timestamp");
  auto signature = header(*head, "webhook-signature");
  const auto *bytes = reinterpret_cast<const uint8_t *>(body->data());
  wh_verified verified{};
  if (argc == 5) {
    result = wh_verifier_verify(verifier.get(), ptr(id), len(id), ptr(timestamp), len(timestamp),
                                ptr(signature), len(signature), bytes, body->size(),
                                now, &verified);
  } else {
    result = wh_verifier_verify_now(verifier.get(), ptr(id), len(id), ptr(timestamp),
                                    len(timestamp), ptr(signature), len(signature), bytes,
                                    body->size(), &verified);
  }
  if (result != WH_RESULT_OK) {
    std::cerr << "rejected: " << wh_result_message(result) << "\n";
    return 1;
  }
  std::cout << "verified delivery " << *id << " (key " << verified.key_index << ", "
            << (verified.scheme == WH_SCHEME_V1A ? "v1a" : "v1") << ")\n";
  return 0;
}

/*
 * `cargo xtask ci` compiles this file as C99, C++11 and C++17 with
 * -Wall -Wextra -Werror -pedantic (-fsyntax-only): include/webhook.h must be
 * clean on its own, in either language.
 */
#include "webhook.h"

#ifdef __cplusplus
static_assert(sizeof(wh_result) == 4, "wh_result is a 32-bit code");
#else
typedef char wh_result_is_32_bits[sizeof(wh_result) == 4 ? 1 : -1];
#endif

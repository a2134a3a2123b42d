/*
 * bk_test.h - the project's small test runner (after libuv's test/task.h).
 *
 * A test file defines plain functions and one table:
 *
 *     static void test_parse_ok(void) { BK_CHECK_INT(1, 1); }
 *     static const bk_test_case tests[] = {
 *         {"parse_ok", test_parse_ok},
 *         {NULL, NULL}
 *     };
 *     BK_TEST_MAIN(tests)
 *
 * Checks print both values and the location, and the test goes on (so one
 * run shows every failing row of a table).  The program ends with the
 * closing line "N passed, N failed" and exits non-zero on any failure.
 * A name on the command line runs only the tests whose names contain it.
 */
#ifndef BK_TEST_H
#define BK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bk_test_case {
    const char *name;
    void (*fn)(void);
} bk_test_case;

/* Shared state of the runner: one test program runs single-threaded. */
static int bk_test_failures_;
static const char *bk_test_current_;

static inline void bk_test_fail_(const char *file, int line)
{
    if (bk_test_failures_ == 0)
        fprintf(stderr, "not ok - %s\n", bk_test_current_);
    bk_test_failures_++;
    fprintf(stderr, "  at %s:%d\n", file, line);
}

#define BK_CHECK(cond)                                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            bk_test_fail_(__FILE__, __LINE__);                                 \
            fprintf(stderr, "    check failed: %s\n", #cond);                  \
        }                                                                      \
    } while (0)

#define BK_CHECK_INT(expected, actual)                                         \
    do {                                                                       \
        long long bk_e_ = (long long)(expected), bk_a_ = (long long)(actual);  \
        if (bk_e_ != bk_a_) {                                                  \
            bk_test_fail_(__FILE__, __LINE__);                                 \
            fprintf(stderr, "    %s == %s\n    expected: %lld\n    actual:   %lld\n", \
                    #expected, #actual, bk_e_, bk_a_);                         \
        }                                                                      \
    } while (0)

#define BK_CHECK_STR(expected, actual)                                         \
    do {                                                                       \
        const char *bk_e_ = (expected), *bk_a_ = (actual);                     \
        if (bk_e_ == NULL || bk_a_ == NULL ? bk_e_ != bk_a_                    \
                                           : strcmp(bk_e_, bk_a_) != 0) {      \
            bk_test_fail_(__FILE__, __LINE__);                                 \
            fprintf(stderr, "    %s == %s\n    expected: \"%s\"\n    actual:   \"%s\"\n", \
                    #expected, #actual, bk_e_ ? bk_e_ : "(null)",              \
                    bk_a_ ? bk_a_ : "(null)");                                 \
        }                                                                      \
    } while (0)

/* Like BK_CHECK_STR, with a label (a table row) printed on failure. */
#define BK_CHECK_STR_AT(label, expected, actual)                               \
    do {                                                                       \
        const char *bk_e_ = (expected), *bk_a_ = (actual);                     \
        if (bk_e_ == NULL || bk_a_ == NULL ? bk_e_ != bk_a_                    \
                                           : strcmp(bk_e_, bk_a_) != 0) {      \
            bk_test_fail_(__FILE__, __LINE__);                                 \
            fprintf(stderr, "    [%s] %s\n    expected: \"%s\"\n    actual:   \"%s\"\n", \
                    (label), #actual, bk_e_ ? bk_e_ : "(null)",                \
                    bk_a_ ? bk_a_ : "(null)");                                 \
        }                                                                      \
    } while (0)

static inline int bk_test_run_(const bk_test_case *tests, int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const bk_test_case *t = tests; t->name != NULL; t++) {
        if (argc > 1 && strstr(t->name, argv[1]) == NULL)
            continue;
        bk_test_current_ = t->name;
        bk_test_failures_ = 0;
        t->fn();
        if (bk_test_failures_ == 0) {
            printf("ok - %s\n", t->name);
            passed++;
        } else {
            printf("not ok - %s (%d failed checks)\n", t->name, bk_test_failures_);
            failed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define BK_TEST_MAIN(table)                                                    \
    int main(int argc, char **argv) { return bk_test_run_((table), argc, argv); }

#endif /* BK_TEST_H */

/*
 * test_text_search.c - the bounce decoders' case-insensitive searches:
 * bk__ifind, bk__lower_copy and bk__lfind (and their forms for prepared
 * needles, bk__ifind_n and bk__lfind_n) must find the same (leftmost)
 * match as a plain byte-by-byte search, whatever bytes anchor them; a
 * phrase set (bk__pset_find) must find the phrases a search of each
 * finds, by its vector pass and without it; the
 * scans for the places where codes may start (bk__next_reply_code_at,
 * bk__next_status_at) must find the same places as a byte loop.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bounce_internal.h"

/* The reference: leftmost case-insensitive (ASCII) match, or n. */
static size_t naive(const char *h, size_t n, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0)
        return 0;
    for (size_t i = 0; i + nl <= n; i++) {
        size_t j = 0;
        while (j < nl && bk__lower((unsigned char)h[i + j]) == bk__lower((unsigned char)needle[j]))
            j++;
        if (j == nl)
            return i;
    }
    return n;
}

static size_t via_ifind(const char *h, size_t n, const char *needle)
{
    const char *p = bk__ifind(h, n, needle);
    return p ? (size_t)(p - h) : n;
}

static size_t via_lfind(const char *h, size_t n, const char *needle)
{
    char *low = malloc(n + 1);
    if (low == NULL)
        return (size_t)-1;
    bk__lower_copy(low, h, n);
    size_t r = bk__lfind(low, n, needle);
    free(low);
    return r;
}

static size_t via_ifind_n(const char *h, size_t n, const char *needle)
{
    bk__needle nd;
    bk__needle_prep(&nd, needle);
    const char *p = bk__ifind_n(h, n, &nd);
    return p ? (size_t)(p - h) : n;
}

static size_t via_lfind_n(const char *h, size_t n, const char *needle)
{
    char *low = malloc(n + 1);
    if (low == NULL)
        return (size_t)-1;
    bk__lower_copy(low, h, n);
    bk__needle nd;
    bk__needle_prep(&nd, needle);
    size_t r = bk__lfind_n(low, n, &nd);
    free(low);
    return r;
}

static void test_table(void)
{
    static const struct {
        const char *hay, *needle;
    } T[] = {
        {"Delivery to the following recipient failed permanently", "FAILED permanently"},
        {"----- Transcript of session follows -----", "----- transcript of session follows -----"},
        {"qmail-send program at example.org", "QMAIL-SEND PROGRAM"},
        {"no match here at all", "qmail"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "aab"},
        {"Mailer: ZOHO", "mailer: zoho"},
        {"x", "xy"},
        {"", "a"},
        {"ends with the needle: DATA", "data"},
        {"\xc3\xa9t\xc3\xa9 DATA data", "DATA DATA"},
        {"[RCPT_TO] [rcpt_to]", "[rcpt_to]"},
        {"@@@ <<< >>> data", ">>> DATA"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        size_t n = strlen(T[i].hay);
        size_t want = naive(T[i].hay, n, T[i].needle);
        BK_CHECK_INT((long long)want, (long long)via_ifind(T[i].hay, n, T[i].needle));
        BK_CHECK_INT((long long)want, (long long)via_lfind(T[i].hay, n, T[i].needle));
        BK_CHECK_INT((long long)want, (long long)via_ifind_n(T[i].hay, n, T[i].needle));
        BK_CHECK_INT((long long)want, (long long)via_lfind_n(T[i].hay, n, T[i].needle));
    }
}

static void test_lower_copy(void)
{
    char in[256], out[256];
    for (int c = 0; c < 256; c++)
        in[c] = (char)c;
    /* every offset, so the word-at-a-time part meets every byte value at
     * every position */
    for (size_t off = 0; off < 8; off++) {
        bk__lower_copy(out, in + off, sizeof in - off);
        for (size_t i = 0; i < sizeof in - off; i++)
            BK_CHECK_INT(bk__lower((unsigned char)in[off + i]), (unsigned char)out[i]);
    }
}

/* Random texts over a small alphabet (so matches are frequent) with the
 * cases mixed. */
static void test_random(void)
{
    static const char alpha[] = "aAbBeE -.:<>dDtT\n\xc3";
    unsigned seed = 12345;
    char hay[300], needle[12];
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % sizeof hay;
        seed = seed * 1103515245u + 12345u;
        size_t nl = 1 + (seed >> 8) % (sizeof needle - 1);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            hay[i] = alpha[(seed >> 8) % (sizeof alpha - 1)];
        }
        for (size_t i = 0; i < nl; i++) {
            seed = seed * 1103515245u + 12345u;
            needle[i] = alpha[(seed >> 8) % (sizeof alpha - 1)];
        }
        needle[nl] = '\0';
        size_t want = naive(hay, n, needle);
        size_t a = via_ifind(hay, n, needle), b = via_lfind(hay, n, needle);
        size_t c = via_ifind_n(hay, n, needle), d = via_lfind_n(hay, n, needle);
        if (a != want || b != want || c != want || d != want) {
            BK_CHECK_INT((long long)want, (long long)a);
            BK_CHECK_INT((long long)want, (long long)b);
            BK_CHECK_INT((long long)want, (long long)c);
            BK_CHECK_INT((long long)want, (long long)d);
            return;
        }
    }
}

/* bk__letters: the set of letters, case folded, of every byte value at
 * every length (odd and even). */
static void test_letters(void)
{
    char all[256];
    for (int c = 0; c < 256; c++)
        all[c] = (char)c;
    for (size_t off = 0; off < 256; off++) {
        for (size_t n = 0; off + n <= 256 && n < 4; n++) {
            uint32_t want = 0;
            for (size_t i = 0; i < n; i++) {
                int c = bk__lower((unsigned char)all[off + i]);
                if (c >= 'a' && c <= 'z')
                    want |= 1u << (c - 'a');
            }
            BK_CHECK_INT(want, bk__letters(all + off, n));
        }
    }
    BK_CHECK_INT((1u << 26) - 1, bk__letters(all, sizeof all));
    BK_CHECK_INT((1u << ('z' - 'a')) | (1u << ('o' - 'a')) | (1u << ('h' - 'a')), bk__letters("ZoHo.", 5));
}

/* One check of a phrase set on a text (in a buffer of its exact size):
 * every phrase by itself, all at once, and the lowest with first set,
 * with the vector pass (where the CPU has it) and without. */
static int check_pset(const char *const *ph, size_t np, const char *text, size_t n)
{
    static bk__pset ps; /* 3 KB: not on the stack */
    if (bk__pset_init(&ps, ph, np) != 0) {
        BK_CHECK(!"bk__pset_init");
        return 0;
    }
    char *low = malloc(n ? n : 1);
    if (low == NULL) {
        BK_CHECK(low != NULL);
        return 0;
    }
    bk__lower_copy(low, text, n);
    uint64_t want = 0;
    for (size_t i = 0; i < np; i++)
        if (naive(text, n, ph[i]) < n)
            want |= (uint64_t)1 << i;
    uint64_t lowest = want & (0 - want);
    int ok = 1;
    for (int vector = 1; vector >= 0; vector--) {
        ps.vector = ps.vector && vector;
        uint64_t all = bk__pset_find(&ps, low, n, ~(uint64_t)0, 0);
        uint64_t first = bk__pset_find(&ps, low, n, ~(uint64_t)0, 1);
        uint64_t some = bk__pset_find(&ps, low, n, (uint64_t)0x5555555555555555u, 0);
        if (all != want || (first & (0 - first)) != lowest ||
            some != (want & (uint64_t)0x5555555555555555u)) {
            BK_CHECK_INT((long long)want, (long long)all);
            BK_CHECK_INT((long long)lowest, (long long)(first & (0 - first)));
            BK_CHECK_INT((long long)(want & (uint64_t)0x5555555555555555u), (long long)some);
            ok = 0;
            break;
        }
    }
    free(low);
    return ok;
}

static void test_pset_table(void)
{
    static const char *const PH[] = {"qmail-send program", "DragonFly Mail Agent", "The Postfix program",
                                     "----- Transcript of session follows -----", "Mailer: Zoho",
                                     "will", "delay", "ab", "x", "ainda n\xc3\xa3o",
                                     "\xd0\xbf\xd0\xbe\xd0\xba\xd0\xb0 \xd0\xbd\xd0\xb5"};
    static const char *const TEXTS[] = {
        "",
        "x",
        "will",
        "This is the qmail-send program at example.org.",
        "the postfix PROGRAM ... DELAY",
        "----- transcript of session follows -----",
        "mailer: zoho ends the text: AINDA N\xc3\xa3O",
        "\xd0\xbf\xd0\xbe\xd0\xba\xd0\xb0 \xd0\xbd\xd0\xb5 ... ab",
        "a long line without any of the phrases, only words that come near them: "
        "qmail send, postfix-program, zoh, wil, dela, trans script, and so on up to the end",
    };
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        size_t n = strlen(TEXTS[i]);
        char *t = malloc(n ? n : 1);
        if (t == NULL)
            return;
        memcpy(t, TEXTS[i], n);
        check_pset(PH, sizeof PH / sizeof PH[0], t, n);
        free(t);
    }
    /* more phrases than a set holds */
    static bk__pset big;
    const char *many[BK_PSET_MAX + 1];
    for (size_t i = 0; i < BK_PSET_MAX + 1; i++)
        many[i] = "abc";
    BK_CHECK_INT(BK_ELIMIT, bk__pset_init(&big, many, BK_PSET_MAX + 1));
}

/* Random sets of random phrases over a small alphabet (so that buckets
 * share fingerprints and matches are frequent), on random texts of every
 * length around the vector block. */
static void test_pset_random(void)
{
    static const char alpha[] = "aAbBeE -dDtT\xc3";
    unsigned seed = 4242;
    char words[64][8];
    const char *ph[64];
    for (int round = 0; round < 3000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t np = 1 + (seed >> 8) % 64;
        for (size_t i = 0; i < np; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t l = 1 + (seed >> 8) % 6;
            for (size_t j = 0; j < l; j++) {
                seed = seed * 1103515245u + 12345u;
                words[i][j] = alpha[(seed >> 8) % (sizeof alpha - 1)];
            }
            words[i][l] = '\0';
            ph[i] = words[i];
        }
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % 70;
        char *t = malloc(n ? n : 1);
        if (t == NULL)
            return;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            t[i] = alpha[(seed >> 8) % (sizeof alpha - 1)];
        }
        int ok = check_pset(ph, np, t, n);
        free(t);
        if (!ok)
            return;
    }
}

/* The places a code may start, byte by byte. */
static size_t naive_reply_at(const char *s, size_t n, size_t i)
{
    for (; i + 3 <= n; i++)
        if ((s[i] == '4' || s[i] == '5') && s[i + 1] >= '0' && s[i + 1] <= '5' && s[i + 2] >= '0' &&
            s[i + 2] <= '9')
            return i;
    return n;
}

static size_t naive_status_at(const char *s, size_t n, size_t i)
{
    for (; i + 2 <= n; i++)
        if ((s[i] == '2' || s[i] == '4' || s[i] == '5') && s[i + 1] == '.')
            return i;
    return n;
}

/* Random texts of digits, dots and other bytes, in buffers of their exact
 * size (the sanitizers see a read past the end); every start offset. */
static void test_code_starts(void)
{
    static const char alpha[] = "0124559.. a/\xc3";
    unsigned seed = 777;
    for (int round = 0; round < 3000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % 90;
        char *s = malloc(n ? n : 1);
        if (s == NULL) {
            BK_CHECK(s != NULL);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = alpha[(seed >> 8) % (sizeof alpha - 1)];
        }
        int bad = 0;
        for (size_t from = 0; from <= n && !bad; from++) {
            size_t a = bk__next_reply_code_at(s, n, from), b = bk__next_status_at(s, n, from);
            size_t wa = naive_reply_at(s, n, from), wb = naive_status_at(s, n, from);
            if (a != wa || b != wb) {
                BK_CHECK_INT((long long)wa, (long long)a);
                BK_CHECK_INT((long long)wb, (long long)b);
                bad = 1;
            }
        }
        free(s);
        if (bad)
            return;
    }
}

static const bk_test_case tests[] = {
    {"table", test_table},
    {"lower_copy", test_lower_copy},
    {"random", test_random},
    {"code_starts", test_code_starts},
    {"letters", test_letters},
    {"pset_table", test_pset_table},
    {"pset_random", test_pset_random},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)

/*
 * test_typo.c - typo suggestions for domains.
 */
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"

static bk_typo *typo;

typedef struct row {
    const char *in;
    const char *want; /* NULL: no suggestion */
} row;

static const row rows[] = {
    /* The examples. */
    {"gmial.com", "gmail.com"},
    {"outlok.com", "outlook.com"},
    {"yaho.com", "yahoo.com"},
    {"gmailcom", "gmail.com"},
    {"hotmail.con", "hotmail.com"},
    {"gmail,com", "gmail.com"},
    /* More slips: doubled letters, neighbouring keys, lost letters. */
    {"gmaill.com", "gmail.com"},
    {"gmai.com", "gmail.com"},
    {"gnail.com", "gmail.com"},
    {"hotmial.com", "hotmail.com"},
    {"hotmal.com", "hotmail.com"},
    {"yahooo.com", "yahoo.com"},
    {"yahoo.co", "yahoo.com"},
    {"gmail.co", "gmail.com"},
    {"gmail.cm", "gmail.com"},
    {"aol.co", "aol.com"},
    {"msn.co", "msn.com"},
    {"qq.co", NULL},
    {"me.co", NULL},
    {"t-onlne.de", "t-online.de"},
    {"free.fe", "free.fr"},
    {"libero.ti", "libero.it"},
    {"mail.ry", "mail.ru"},
    {"gmail.comm", "gmail.com"},
    {"gmail.cmo", "gmail.com"},
    {"gmail..com", "gmail.com"},
    {"gmail.com.", "gmail.com"},
    {"GMAIL.COM.", "gmail.com"},
    {"icloud.con", "icloud.com"},
    {"iclod.com", "icloud.com"},
    {"outlook.fe", "outlook.fr"},
    {"hotmail.co.ukk", "hotmail.co.uk"},
    {"yahoo.co.uj", "yahoo.co.uk"},
    {"wanado.fr", "wanadoo.fr"},
    {"orange.fe", "orange.fr"},
    {"laposte.ner", "laposte.net"},
    {"libero.iy", "libero.it"},
    {"seznam.xz", "seznam.cz"},
    {"seznam.cy", NULL}, /* Cyprus: a real suffix, no swap between country codes */
    {"yandex.ry", "yandex.ru"},
    {"rambler.ri", "rambler.ru"},
    {"rediffmial.com", "rediffmail.com"},
    {"comcats.net", "comcast.net"},
    {"sbcgloba.net", "sbcglobal.net"},
    {"btinternet.con", "btinternet.com"},
    {"bigpond.con", "bigpond.com"},
    {"hanmail.ner", "hanmail.net"},
    {"example.con", "example.com"},
    {"example,org", "example.org"},
    /* Never correct a real domain. */
    {"gmail.com", NULL},
    {"ymail.com", NULL},
    {"mail.com", NULL},
    {"email.com", NULL},
    {"gmx.at", NULL},
    {"gmx.de", NULL},
    {"me.com", NULL},
    {"mac.com", NULL},
    {"bt.com", NULL},
    {"mailw.com", NULL},
    {"love.com", NULL},
    {"live.co", "live.com"},
    {"yahoo.gr", NULL},
    {"hotmail.be", NULL},
    {"gmail.co.uk", NULL},
    {"example.org", NULL},
    {"mycompany.de", NULL},
    {"qq.com", NULL},
    {"wp.pl", NULL},
    {"web.de", NULL},
    {"gmx.net", NULL},
    {"apple.com", NULL},
    {"amazon.com", NULL},
    {"proton.me", NULL},
    {"pm.me", NULL},
    {"", NULL},
    {"b\xc3\xbc" "cher.de", NULL},
    {NULL, NULL},
};

static void test_table(void)
{
    for (const row *r = rows; r->in != NULL; r++) {
        char out[256];
        int rc = bk_typo_suggest(typo, r->in, strlen(r->in), out, sizeof out);
        BK_CHECK(rc == 0 || rc == 1);
        BK_CHECK_STR_AT(r->in, r->want ? r->want : "(none)", rc == 1 ? out : "(none)");
    }
}

static void test_args(void)
{
    char out[4];
    BK_CHECK_INT(BK_EINVAL, bk_typo_suggest(NULL, "a", 1, out, sizeof out));
    BK_CHECK_INT(BK_ETOOBIG, bk_typo_suggest(typo, "gmial.com", 9, out, sizeof out));
    BK_CHECK_INT(1, bk_typo_is_popular(typo, "GMail.com", 9));
    BK_CHECK_INT(0, bk_typo_is_popular(typo, "gmial.com", 9));
}

static void setup(void) { BK_CHECK_INT(BK_OK, bk_typo_create(&typo)); }
static void teardown(void) { bk_typo_free(typo); }

static const bk_test_case tests[] = {
    {"setup", setup},
    {"table", test_table},
    {"args", test_args},
    {"teardown", teardown},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)

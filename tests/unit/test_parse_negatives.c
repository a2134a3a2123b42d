/*
 * test_parse_negatives.c - precision of bk_parse_message() on mail that is
 * not a bounce.  Every file of tests/data/parse/negatives/ (personal mail,
 * newsletters, transactional mail, list posts and digests, replies quoting
 * a bounce, tickets pasting SMTP errors, notifications, calendar mail,
 * forwards, read receipts, moderation notices, reports) must give no
 * record; every file of tests/data/parse/autoreply/ (out-of-office and
 * other automatic answers, in several languages, charsets and shapes)
 * exactly one record with reason vacation, bounce none, no action, and the
 * auto-replier's address.  Each file is also parsed with CRLF line ends.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "parse_fixtures.h"

/* The auto-replier of each file of autoreply/: a file missing here fails
 * the test, so a new fixture cannot go unchecked. */
static const struct {
    const char *file;
    const char *recipient;
} AUTOREPLY[] = {
    {"bilingual-multipart.eml", "lena.weber@ag.test"},
    {"body-only-en.eml", "rob@smallbiz.test"},
    {"challenge-response.eml", "hana@far.test"},
    {"de-abwesenheitsnotiz.eml", "karin.vogel@web.test"},
    {"de-automatische-antwort.eml", "joerg.weiss@firma.test"},
    {"display-name-address.eml", "sales@new-name.test"},
    {"en-auto-generated-absence.eml", "nora@dest.test"},
    {"en-auto-submitted.eml", "amy@dest.test"},
    {"en-automatic-reply-bounce-words.eml", "dora@dest.test"},
    {"en-outlook-automatic-reply.eml", "chris.baker@dest.test"},
    {"es-respuesta-automatica.eml", "lucia.gomez@empresa.test"},
    {"fr-absent-x-autorespond.eml", "paul.girard@orange.test"},
    {"fr-reponse-automatique.eml", "helene.roux@societe.test"},
    {"gmail-vacation.eml", "eli@gmail.test"},
    {"icloud-vacation.eml", "tess.lund@icloud.test"},
    {"it-risposta-automatica.eml", "marco.bianchi@azienda.test"},
    {"ja-body-only-x-autoreply.eml", "suzuki@kaisha.test"},
    {"ja-fuzai-sjis.eml", "sato@kaisha.test"},
    {"ja-iso2022jp.eml", "yamada@kaisha.test"},
    {"ko-euckr.eml", "kim.minsu@hoesa.test"},
    {"lotus-notes-out-of-office.eml", "ida.frost@notes.corp.test"},
    {"nl-afwezig-body-only.eml", "joost@bedrijf.test"},
    {"nl-automatisch-antwoord.eml", "sanne@bedrijf.test"},
    {"precedence-auto-reply.eml", "gus@isp.test"},
    {"pt-resposta-automatica.eml", "joao.sousa@empresa.test"},
    {"ru-avtomaticheskiy-otvet.eml", "i.petrov@kompania.test"},
    {"ru-avtootvet-yandex.eml", "anna.smirnova@yandex.test"},
    {"sieve-auto-prefix.eml", "hans@uni.test"},
    {"subject-pending-approval.eml", "vera.holm@dest.test"},
    {"ticket-autoack.eml", "support@hosting.test"},
    {"zh-gb2312.eml", "wangwei@gongsi.test"},
    {"zh-qq-fullwidth.eml", "lina@qq.test"},
    {"zh-tw-big5.eml", "chen@gongsi.test"},
};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .eml files of tests/data/parse/DIR, sorted; *n their count. */
static char **list_dir(const char *dir, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/parse/%s", BK_TEST_DATA, dir);
    *n = 0;
    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names != NULL && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".eml") != 0)
            continue;
        if (*n == cap) {
            char **g = realloc(names, cap * 2 * sizeof *names);
            if (g == NULL)
                break;
            names = g;
            cap *= 2;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (names != NULL)
        qsort(names, *n, sizeof *names, cmp_names);
    return names;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

typedef void (*check_fn)(const char *label, const char *file, const bk_result *r);

/* Parse every file of dir, as it is and with CRLF line ends. */
static size_t each_file(const char *dir, check_fn check)
{
    size_t n;
    char **names = list_dir(dir, &n);
    bk_parser *p = bk_parser_new(NULL);
    BK_CHECK(p != NULL);
    for (size_t i = 0; p != NULL && i < n; i++) {
        char path[1024], label[1100];
        snprintf(path, sizeof path, "%s/parse/%s/%s", BK_TEST_DATA, dir, names[i]);
        size_t len = 0;
        char *d = bk_fx_slurp(path, &len);
        BK_CHECK(d != NULL && len > 0);
        if (d == NULL)
            continue;
        for (int pass = 0; pass < 2; pass++) {
            size_t l2 = len;
            char *m = pass ? bk_fx_crlf(d, len, &l2) : d;
            snprintf(label, sizeof label, "%s/%s%s", dir, names[i], pass ? " (CRLF)" : "");
            bk_result *r = NULL;
            int err = bk_parse_message(p, m, l2, &r);
            if (err != BK_OK) {
                bk_test_fail_(__FILE__, __LINE__);
                fprintf(stderr, "    [%s] parse error %d\n", label, err);
            } else {
                check(label, names[i], r);
            }
            bk_result_free(r);
            if (pass)
                free(m);
        }
        free(d);
    }
    bk_parser_free(p);
    free_list(names, n);
    return n;
}

static void check_negative(const char *label, const char *file, const bk_result *r)
{
    (void)file;
    size_t n = bk_result_count(r);
    if (n != 0) {
        bk_test_fail_(__FILE__, __LINE__);
        const bk_record *x = bk_result_record(r, 0);
        fprintf(stderr, "    [%s] expected no record, got %zu (first: %s, %s, %s)\n", label, n,
                x->recipient, bk_reason_name(x->reason), x->format);
    }
}

static void check_autoreply(const char *label, const char *file, const bk_result *r)
{
    const char *want = NULL;
    for (size_t i = 0; i < sizeof AUTOREPLY / sizeof AUTOREPLY[0]; i++)
        if (strcmp(AUTOREPLY[i].file, file) == 0)
            want = AUTOREPLY[i].recipient;
    if (want == NULL) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] no expected recipient in AUTOREPLY[]\n", label);
        return;
    }
    size_t n = bk_result_count(r);
    if (n != 1) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] expected one record, got %zu\n", label, n);
        if (n == 0)
            return;
    }
    const bk_record *x = bk_result_record(r, 0);
    BK_CHECK_STR_AT(label, want, x->recipient);
    BK_CHECK_STR_AT(label, "vacation", bk_reason_name(x->reason));
    BK_CHECK_STR_AT(label, "", x->action);
    if (x->bounce != BK_BOUNCE_NONE) {
        bk_test_fail_(__FILE__, __LINE__);
        fprintf(stderr, "    [%s] bounce class %d, expected none\n", label, (int)x->bounce);
    }
    BK_CHECK_INT(0, x->permanent);
}

static void test_negatives(void)
{
    size_t n = each_file("negatives", check_negative);
    BK_CHECK(n >= 30);
}

static void test_autoreplies(void)
{
    size_t n = each_file("autoreply", check_autoreply);
    BK_CHECK_INT(sizeof AUTOREPLY / sizeof AUTOREPLY[0], n);
}

/* The rules that keep ordinary mail out leave a bounce that returns
 * nothing, from a no-reply mailbox, when its failure sentence names the
 * address (a mobile carrier's notice). */
static void test_noreply_notice(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/parse/noreply-notice.eml", BK_TEST_DATA);
    size_t len = 0;
    char *d = bk_fx_slurp(path, &len);
    BK_CHECK(d != NULL);
    bk_parser *p = bk_parser_new(NULL);
    bk_result *r = NULL;
    BK_CHECK_INT(BK_OK, bk_parse_message(p, d, len, &r));
    BK_CHECK_INT(1, bk_result_count(r));
    const bk_record *x = bk_result_record(r, 0);
    if (x != NULL) {
        BK_CHECK_STR("kenji@carrier.test", x->recipient);
        BK_CHECK_STR("failed", x->action);
        BK_CHECK_STR("mailboxfull", bk_reason_name(x->reason));
    }
    bk_result_free(r);
    bk_parser_free(p);
    free(d);
}

static const bk_test_case tests[] = {
    {"negatives", test_negatives},
    {"autoreplies", test_autoreplies},
    {"noreply_notice", test_noreply_notice},
    {NULL, NULL},
};

BK_TEST_MAIN(tests)

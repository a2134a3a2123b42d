/*
 * utf8_fold.h - how the reply classifier's normaliser folds the non-ASCII
 * letters of a reply, shared by classify.c (which folds the text) and
 * tools/gen_automaton.c (which checks that every rule pattern is already
 * in folded form, so that no rule can be written that never matches).
 *
 * Replies in other languages arrive in three shapes: in UTF-8 with their
 * accents ("boîte pleine", "Empfänger"), stripped to ASCII by the server
 * ("boite pleine"), or transliterated the way the language spells without
 * its letters ("Empfaenger", "ueberschritten": German servers write the
 * umlauts as ae/oe/ue in SMTP replies, which must be ASCII).  The fold
 * maps the UTF-8 forms onto the ASCII ones, so that one rule written in
 * ASCII matches all of them:
 *
 *  - Latin-1 and Latin Extended-A letters (U+00C0..U+017F: French,
 *    Spanish, Italian, Portuguese, Polish, Czech, Turkish, Scandinavian,
 *    ...) become their ASCII base letter in lower case (é -> e, Ł -> l,
 *    ı -> i), except the letters that their languages spell with two:
 *    ä ö ü æ ø œ -> ae oe ue ae oe oe, ß -> ss, þ -> th, ĳ -> ij.  A
 *    Swedish or Turkish server that strips "ä" / "ö" writes "a" / "o",
 *    so rules for those languages avoid such letters or come in both
 *    forms.
 *  - Cyrillic and Greek capitals become small letters; Cyrillic ё becomes
 *    е (Russian text writes both).
 *  - No-break space (U+00A0) and ideographic space (U+3000) are white
 *    space; soft hyphen (U+00AD) and the byte order mark / zero-width
 *    no-break space (U+FEFF) are dropped.
 *  - Fullwidth ASCII forms (U+FF01..U+FF5E, used in Japanese and Chinese
 *    text) become ASCII; typographic apostrophes, quotes and hyphens
 *    (U+2018/2019, U+201C/201D, U+2010/2011: "n’existe pas", "doesn’t")
 *    become ' " -.
 *
 * Everything else (CJK, kana, hangul, other scripts, bytes that are not
 * UTF-8) passes through unchanged.  The fold never makes a text longer:
 * every sequence it changes becomes at most as many bytes as it had, which
 * the normaliser's bounds rely on.
 */
#ifndef BK_UTF8_FOLD_H
#define BK_UTF8_FOLD_H

#include <stddef.h>

/* Latin-1 letters U+00C0..U+00FF and Latin Extended-A U+0100..U+017F:
 * the ASCII replacement, "" for the two signs (× ÷) that stay. */
static const char bk__fold_latin[192][3] = {
    /* U+00C0 */ "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 */ "d", "n", "o", "o", "o", "o", "oe", "", "oe", "u", "u", "u", "ue", "y", "th", "ss",
    /* U+00E0 */ "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 */ "d", "n", "o", "o", "o", "o", "oe", "", "oe", "u", "u", "u", "ue", "y", "th", "y",
    /* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Fold the UTF-8 sequence at s (n > 0 bytes available, s[0] >= 0x80).
 * Returns the number of bytes it covers and writes its replacement to
 * out[0..*olen) (*olen <= the returned count; 0: dropped; a single ' ':
 * white space), or returns 0 when the sequence is left as it is (the
 * caller copies s[0] and goes on with s[1]).  Reads only s[0..n). */
static inline size_t bk__utf8_fold(const unsigned char *s, size_t n, unsigned char out[2],
                                   size_t *olen)
{
    unsigned c0 = s[0];
    if (n < 2 || (s[1] & 0xC0) != 0x80)
        return 0;
    unsigned c1 = s[1];
    switch (c0) {
    case 0xC2:
        if (c1 == 0xA0) { /* no-break space */
            out[0] = ' ';
            *olen = 1;
            return 2;
        }
        if (c1 == 0xAD) { /* soft hyphen */
            *olen = 0;
            return 2;
        }
        return 0;
    case 0xC3:
    case 0xC4:
    case 0xC5: {
        unsigned k = ((c0 - 0xC3) << 6) + (c1 & 0x3F);
        const char *r = bk__fold_latin[k];
        if (r[0] == '\0')
            return 0;
        out[0] = (unsigned char)r[0];
        *olen = 1;
        if (r[1] != '\0') {
            out[1] = (unsigned char)r[1];
            *olen = 2;
        }
        return 2;
    }
    case 0xCE: /* Greek capitals U+0391..U+03A9 */
        if (c1 >= 0x91 && c1 <= 0x9F) {
            out[0] = 0xCE;
            out[1] = (unsigned char)(c1 + 0x20);
        } else if (c1 >= 0xA0 && c1 <= 0xA9) {
            out[0] = 0xCF;
            out[1] = (unsigned char)(c1 - 0x20);
        } else
            return 0;
        *olen = 2;
        return 2;
    case 0xD0: /* Cyrillic capitals U+0400..U+042F */
        if (c1 == 0x81) { /* Ё -> е */
            out[0] = 0xD0;
            out[1] = 0xB5;
        } else if (c1 <= 0x8F) { /* Ѐ..Џ -> ѐ..џ */
            out[0] = 0xD1;
            out[1] = (unsigned char)(c1 + 0x10);
        } else if (c1 <= 0x9F) { /* А..П -> а..п */
            out[0] = 0xD0;
            out[1] = (unsigned char)(c1 + 0x20);
        } else if (c1 <= 0xAF) { /* Р..Я -> р..я */
            out[0] = 0xD1;
            out[1] = (unsigned char)(c1 - 0x20);
        } else
            return 0;
        *olen = 2;
        return 2;
    case 0xD1:
        if (c1 != 0x91) /* ё -> е */
            return 0;
        out[0] = 0xD0;
        out[1] = 0xB5;
        *olen = 2;
        return 2;
    case 0xD2:
        if (c1 != 0x90) /* Ґ -> ґ */
            return 0;
        out[0] = 0xD2;
        out[1] = 0x91;
        *olen = 2;
        return 2;
    case 0xE2: { /* U+2010..U+201D: typographic hyphens, apostrophes, quotes */
        if (n < 3 || c1 != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        unsigned c2 = s[2];
        if (c2 == 0x90 || c2 == 0x91)
            out[0] = '-';
        else if (c2 == 0x98 || c2 == 0x99)
            out[0] = '\'';
        else if (c2 == 0x9C || c2 == 0x9D)
            out[0] = '"';
        else
            return 0;
        *olen = 1;
        return 3;
    }
    case 0xE3: /* ideographic space U+3000 */
        if (n < 3 || c1 != 0x80 || s[2] != 0x80)
            return 0;
        out[0] = ' ';
        *olen = 1;
        return 3;
    case 0xEF: {
        if (n < 3 || (s[2] & 0xC0) != 0x80)
            return 0;
        unsigned c2 = s[2];
        if (c1 == 0xBB && c2 == 0xBF) { /* U+FEFF */
            *olen = 0;
            return 3;
        }
        /* Fullwidth forms U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E. */
        unsigned cp;
        if (c1 == 0xBC && c2 >= 0x81)
            cp = c2 - 0x80;
        else if (c1 == 0xBD && c2 <= 0x9E)
            cp = 0x40 + (c2 - 0x80);
        else
            return 0;
        unsigned ch = 0x20 + cp; /* U+FF01 is '!' (0x21) */
        if (ch >= 'A' && ch <= 'Z')
            ch += 'a' - 'A';
        out[0] = (unsigned char)ch;
        *olen = 1;
        return 3;
    }
    default:
        return 0;
    }
}

/* The lead bytes bk__utf8_fold() may change (a constant expression, for
 * the normaliser's byte table); any other byte passes through as it is. */
#define BK_UTF8_FOLD_LEAD(c)                                                                  \
    (((c) >= 0xC2 && (c) <= 0xC5) || (c) == 0xCE || (c) == 0xD0 || (c) == 0xD1 ||             \
     (c) == 0xD2 || (c) == 0xE2 || (c) == 0xE3 || (c) == 0xEF)

#endif /* BK_UTF8_FOLD_H */

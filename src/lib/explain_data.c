/*
 * explain_data.c - explanations, in our own words.  See explain_data.h for
 * how an entry is chosen.
 */
#include "explain_data.h"

const char *const bk__reason_descriptions[BK_REASON__COUNT] = {
    [BK_REASON_UNDEFINED] = "The failure could not be tied to a known cause.",
    [BK_REASON_USERUNKNOWN] = "The recipient's mailbox does not exist at the destination.",
};

#define ANY BK_REASON__COUNT

const bk_explanation bk__explanations[] = {
    {BK_REASON_USERUNKNOWN, NULL, NULL,
     "The recipient mailbox does not exist on the receiving server.",
     {"The address was mistyped", NULL},
     {"Remove the address from your list immediately; never retry it", NULL}},
    {ANY, NULL, NULL,
     "The receiving side reported a failure that bouncekit could not tie to a specific cause.",
     {NULL},
     {"Read the full reply text for details", NULL}},
};
const size_t bk__explanations_count = sizeof bk__explanations / sizeof bk__explanations[0];

/*
 * events.c - bk_events: a growable list of event records that owns copies
 * of their strings (one allocation per event holds all of its strings).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct bk_events {
    bk_event *ev;
    char **blobs;
    size_t n, cap;
};

int bk_events_new(bk_events **out)
{
    if (out == NULL)
        return BK_EINVAL;
    *out = calloc(1, sizeof **out);
    return *out ? BK_OK : BK_ENOMEM;
}

void bk_events_clear(bk_events *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->blobs[i]);
    b->n = 0;
}

void bk_events_free(bk_events *b)
{
    if (b == NULL)
        return;
    bk_events_clear(b);
    free(b->ev);
    free(b->blobs);
    free(b);
}

size_t bk_events_count(const bk_events *b) { return b ? b->n : 0; }
const bk_event *bk_events_data(const bk_events *b) { return b ? b->ev : NULL; }

#define N_STR 11

int bk_events_add(bk_events *b, const bk_event *ev)
{
    if (b == NULL || ev == NULL)
        return BK_EINVAL;
    if (b->n >= BK_EVENTS_MAX)
        return BK_ELIMIT;
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        bk_event *ne = realloc(b->ev, nc * sizeof *ne);
        if (ne == NULL)
            return BK_ENOMEM;
        b->ev = ne;
        char **nb = realloc(b->blobs, nc * sizeof *nb);
        if (nb == NULL)
            return BK_ENOMEM;
        b->blobs = nb;
        b->cap = nc;
    }
    const char *src[N_STR] = {ev->recipient, ev->status,   ev->diagnostic, ev->source,
                              ev->message_id, ev->sender,  ev->campaign,   ev->scope,
                              ev->event_key,  ev->note,    NULL};
    size_t lens[N_STR], total = 0;
    for (int i = 0; i < N_STR; i++) {
        lens[i] = src[i] ? strlen(src[i]) : 0;
        total += lens[i] + 1;
    }
    char *blob = malloc(total);
    if (blob == NULL)
        return BK_ENOMEM;
    const char *dst[N_STR];
    char *w = blob;
    for (int i = 0; i < N_STR; i++) {
        if (lens[i])
            memcpy(w, src[i], lens[i]);
        w[lens[i]] = '\0';
        dst[i] = w;
        w += lens[i] + 1;
    }
    bk_event *e = &b->ev[b->n];
    *e = *ev;
    e->recipient = dst[0];
    e->status = dst[1];
    e->diagnostic = dst[2];
    e->source = dst[3];
    e->message_id = dst[4];
    e->sender = dst[5];
    e->campaign = dst[6];
    e->scope = dst[7];
    e->event_key = dst[8];
    e->note = dst[9];
    b->blobs[b->n] = blob;
    b->n++;
    return BK_OK;
}

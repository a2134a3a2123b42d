/*
 * jsonin.h - the server's reader of small JSON request bodies: validates a
 * whole JSON text (RFC 8259) and keeps the members of the top-level
 * object, strings decoded to UTF-8.  Webhook payloads go to the library's
 * bk_webhook_parse(); this reader is for the server's own requests
 * ({"reply": ...}, {"address": ...}) and the SNS envelope.
 */
#ifndef BK_SRV_JSONIN_H
#define BK_SRV_JSONIN_H

#include <stddef.h>

/* Nesting depth accepted: deeper input is an attack on the recursion,
 * not a request. */
#define SRV_JSON_MAX_DEPTH 64
/* Top-level members kept; a request of the server has a handful. */
#define SRV_JSON_MAX_MEMBERS 64

typedef enum srv_jtype {
    SRV_J_NULL = 0,
    SRV_J_FALSE,
    SRV_J_TRUE,
    SRV_J_NUMBER, /* str holds the literal as written */
    SRV_J_STRING, /* str holds the decoded text (may contain NUL: use len) */
    SRV_J_ARRAY,  /* nested values are validated, not kept: str is NULL */
    SRV_J_OBJECT
} srv_jtype;

typedef struct srv_jmember {
    char *key;
    srv_jtype type;
    char *str;  /* NUL-terminated; NULL for arrays and objects */
    size_t len;
} srv_jmember;

typedef struct srv_jobject {
    srv_jmember m[SRV_JSON_MAX_MEMBERS];
    size_t n;
} srv_jobject;

/* Parse len bytes.  0 on success (*out filled; free with
 * srv_json_free()), -1 when the text is not JSON (err says where), -2 when
 * it is JSON but not an object, -3 when out of memory or over the member
 * limit.  Duplicate keys: the first one wins. */
int srv_json_object(const char *p, size_t len, srv_jobject *out, char *err, size_t errsize);
void srv_json_free(srv_jobject *o);
/* The member named key, or NULL. */
const srv_jmember *srv_json_get(const srv_jobject *o, const char *key);

#endif /* BK_SRV_JSONIN_H */

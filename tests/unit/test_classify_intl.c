/*
 * test_classify_intl.c - replies in other languages than English: each
 * language's wording for each reason that matters to senders (with an
 * enhanced code, with only the basic code, and as bare words), the generic
 * "user unknown" forms read by the SMTP command as the English one is,
 * and the normaliser's folding of accents, capitals, typographic
 * punctuation and fullwidth forms, on valid and on broken UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk_test.h"
#include "bouncekit.h"
#include "reply_rules.h"
#include "utf8_fold.h"

/* The codes a reply of each reason carries in the tests. */
typedef struct reason_codes {
    bk_reason reason;
    int basic;
    const char *status;
} reason_codes;

static const reason_codes codes[] = {
    {BK_REASON_USERUNKNOWN, 550, "5.1.1"},   {BK_REASON_MAILBOXFULL, 552, "5.2.2"},
    {BK_REASON_HOSTUNKNOWN, 550, "5.1.2"},   {BK_REASON_SUSPEND, 550, "5.2.1"},
    {BK_REASON_MESGTOOBIG, 552, "5.3.4"},    {BK_REASON_FILTERED, 550, "5.7.1"},
    {BK_REASON_BLOCKED, 554, "5.7.1"},       {BK_REASON_SPAMDETECTED, 554, "5.7.1"},
    {BK_REASON_EXPIRED, 550, "5.4.7"},       {BK_REASON_REJECTED, 553, "5.1.8"},
    {BK_REASON_POLICYVIOLATION, 550, "5.7.1"}, {BK_REASON_SYSTEMERROR, 451, "4.3.0"},
};

typedef struct intl_case {
    const char *lang; /* the rule ids' prefix */
    bk_reason reason;
    const char *text;
} intl_case;

#define U BK_REASON_USERUNKNOWN
#define F BK_REASON_MAILBOXFULL
#define H BK_REASON_HOSTUNKNOWN
#define S BK_REASON_SUSPEND
#define Z BK_REASON_MESGTOOBIG
#define FI BK_REASON_FILTERED
#define B BK_REASON_BLOCKED
#define SP BK_REASON_SPAMDETECTED
#define E BK_REASON_EXPIRED
#define R BK_REASON_REJECTED
#define P BK_REASON_POLICYVIOLATION
#define SY BK_REASON_SYSTEMERROR

static const intl_case cases[] = {
    {"de", U, "<max@example.de>: Empfänger unbekannt"},
    {"de", F, "Das Postfach des Empfängers ist voll"},
    {"de", H, "Die Domain existiert nicht"},
    {"de", S, "Das Konto wurde deaktiviert"},
    {"de", Z, "Die Nachricht ist zu groß"},
    {"de", FI, "Die Nachricht wurde vom Empfänger abgelehnt"},
    {"de", B, "Ihre IP-Adresse ist gesperrt"},
    {"de", SP, "Nachricht als Spam eingestuft"},
    {"de", E, "Die maximale Zustellzeit wurde überschritten"},
    {"de", R, "Absenderadresse abgelehnt"},
    {"de", P, "Diese Nachricht verstößt gegen die E-Mail-Richtlinien von example.de"},
    {"de", SY, "Vorübergehender Fehler, bitte später erneut versuchen"},

    {"fr", U, "Destinataire inconnu"},
    {"fr", F, "La boîte aux lettres du destinataire est pleine"},
    {"fr", H, "Le domaine n’existe pas"},
    {"fr", S, "Ce compte a été désactivé"},
    {"fr", Z, "Message trop volumineux"},
    {"fr", FI, "Message refusé par le destinataire"},
    {"fr", B, "Votre adresse IP est bloquée"},
    {"fr", SP, "Message considéré comme spam"},
    {"fr", E, "Le délai de remise a été dépassé"},
    {"fr", R, "Expéditeur refusé"},
    {"fr", P, "Ce message enfreint la politique de sécurité"},
    {"fr", SY, "Erreur temporaire, réessayez plus tard"},

    {"es", U, "Destinatario desconocido"},
    {"es", F, "El buzón del destinatario está lleno"},
    {"es", H, "El dominio no existe"},
    {"es", S, "Cuenta suspendida"},
    {"es", Z, "El mensaje es demasiado grande"},
    {"es", FI, "Mensaje rechazado por el destinatario"},
    {"es", B, "Su dirección IP está bloqueada"},
    {"es", SP, "Mensaje detectado como spam"},
    {"es", E, "El mensaje ha caducado"},
    {"es", R, "Remitente no válido"},
    {"es", P, "El mensaje infringe la política del dominio"},
    {"es", SY, "Error temporal del servidor"},

    {"it", U, "Indirizzo inesistente"},
    {"it", F, "La casella è piena"},
    {"it", H, "Dominio inesistente"},
    {"it", S, "Account sospeso"},
    {"it", Z, "Il messaggio è troppo grande"},
    {"it", FI, "Messaggio rifiutato dal destinatario"},
    {"it", B, "Il tuo indirizzo IP è bloccato"},
    {"it", SP, "Messaggio rilevato come spam"},
    {"it", E, "Tempo di consegna scaduto"},
    {"it", R, "Mittente non valido"},
    {"it", P, "Il messaggio viola la policy aziendale"},
    {"it", SY, "Errore temporaneo"},

    {"pt", U, "Endereço inexistente"},
    {"pt", F, "A caixa postal está cheia"},
    {"pt", H, "Domínio não existe"},
    {"pt", S, "Conta desativada"},
    {"pt", Z, "Mensagem muito grande"},
    {"pt", FI, "Mensagem rejeitada pelo destinatário"},
    {"pt", B, "Seu endereço IP foi bloqueado"},
    {"pt", SP, "Mensagem identificada como spam"},
    {"pt", E, "A mensagem expirou"},
    {"pt", R, "Remetente inválido"},
    {"pt", P, "Violação da política de segurança"},
    {"pt", SY, "Erro temporário"},

    {"nl", U, "Ontvanger onbekend"},
    {"nl", F, "Mailbox is vol"},
    {"nl", H, "Domein bestaat niet"},
    {"nl", S, "Account is uitgeschakeld"},
    {"nl", Z, "Bericht is te groot"},
    {"nl", FI, "Geweigerd door de ontvanger"},
    {"nl", B, "Uw IP-adres is geblokkeerd"},
    {"nl", SP, "Bericht als spam aangemerkt"},
    {"nl", E, "Het bericht is verlopen"},
    {"nl", R, "Ongeldige afzender"},
    {"nl", P, "Dit bericht is in strijd met het beleid"},
    {"nl", SY, "Tijdelijke fout"},

    {"pl", U, "Odbiorca nie istnieje"},
    {"pl", F, "Skrzynka odbiorcy jest pełna"},
    {"pl", H, "Domena nie istnieje"},
    {"pl", S, "Konto zostało zablokowane"},
    {"pl", Z, "Wiadomość jest za duża"},
    {"pl", FI, "Wiadomość odrzucona przez odbiorcę"},
    {"pl", B, "Adres IP jest zablokowany"},
    {"pl", SP, "Wiadomość uznana za spam"},
    {"pl", E, "Czas dostarczenia upłynął"},
    {"pl", R, "Nieprawidłowy nadawca"},
    {"pl", P, "Wiadomość narusza politykę bezpieczeństwa"},
    {"pl", SY, "Błąd tymczasowy"},

    {"cs", U, "Adresát neexistuje"},
    {"cs", F, "Schránka je plná"},
    {"cs", H, "Doména neexistuje"},
    {"cs", S, "Účet je zablokovaný"},
    {"cs", Z, "Zpráva je příliš velká"},
    {"cs", FI, "Odmítnuto příjemcem"},
    {"cs", B, "IP adresa je blokována"},
    {"cs", SP, "Zpráva byla označena jako spam"},
    {"cs", E, "Vypršela platnost zprávy"},
    {"cs", R, "Neplatný odesílatel"},
    {"cs", P, "Zpráva porušuje pravidla serveru"},
    {"cs", SY, "Dočasná chyba"},

    {"sv", U, "Mottagaren finns inte"},
    {"sv", F, "Brevlådan är full"},
    {"sv", H, "Domänen finns inte"},
    {"sv", S, "Kontot är spärrat"},
    {"sv", Z, "Meddelandet är för stort"},
    {"sv", FI, "Mottagaren har blockerat dig"},
    {"sv", B, "Din IP-adress är blockerad"},
    {"sv", SP, "Meddelandet klassades som spam"},
    {"sv", E, "Leveranstiden har gått ut"},
    {"sv", R, "Ogiltig avsändare"},
    {"sv", P, "Meddelandet bryter mot vår policy"},
    {"sv", SY, "Tillfälligt fel"},

    {"da", U, "Modtageren findes ikke"},
    {"da", F, "Postkassen er fuld"},
    {"da", H, "Domænet findes ikke"},
    {"da", S, "Kontoen er spærret"},
    {"da", Z, "Meddelelsen er for stor"},
    {"da", FI, "Afvist af modtageren"},
    {"da", B, "Din IP-adresse er blokeret"},
    {"da", SP, "Markeret som spam"},
    {"da", E, "Leveringstiden er udløbet"},
    {"da", R, "Ugyldig afsender"},
    {"da", P, "Beskeden overtræder vores politik"},
    {"da", SY, "Midlertidig fejl"},

    {"no", U, "Mottakeren finnes ikke"},
    {"no", F, "Postkassen er full"},
    {"no", H, "Domenet finnes ikke"},
    {"no", S, "Kontoen er sperret"},
    {"no", Z, "Meldingen er for stor"},
    {"no", FI, "Avvist av mottakeren"},
    {"no", B, "IP-adressen er blokkert"},
    {"no", SP, "Klassifisert som spam"},
    {"no", E, "Leveringstiden er utløpt"},
    {"no", R, "Ugyldig avsender"},
    {"no", P, "Meldingen er i strid med våre retningslinjer"},
    {"no", SY, "Midlertidig feil"},

    {"ru", U, "Адресат не найден"},
    {"ru", F, "Почтовый ящик переполнен"},
    {"ru", H, "Домен не существует"},
    {"ru", S, "Учётная запись заблокирована"},
    {"ru", Z, "Письмо слишком большое"},
    {"ru", FI, "Отклонено получателем"},
    {"ru", B, "Ваш IP-адрес заблокирован"},
    {"ru", SP, "Подозрение на спам"},
    {"ru", E, "Истекло время доставки"},
    {"ru", R, "Неизвестный отправитель"},
    {"ru", P, "Письмо нарушает политику безопасности"},
    {"ru", SY, "Временная ошибка"},

    {"uk", U, "Одержувача не знайдено"},
    {"uk", F, "Поштова скринька переповнена"},
    {"uk", H, "Домен не існує"},
    {"uk", S, "Обліковий запис заблоковано"},
    {"uk", Z, "Лист занадто великий"},
    {"uk", FI, "Відхилено одержувачем"},
    {"uk", B, "Вашу IP-адресу заблоковано"},
    {"uk", SP, "Схоже на спам"},
    {"uk", E, "Минув час доставки"},
    {"uk", R, "Невідомий відправник"},
    {"uk", P, "Лист порушує політику безпеки"},
    {"uk", SY, "Тимчасова помилка"},

    {"tr", U, "Alıcı bulunamadı"},
    {"tr", F, "Posta kutusu dolu"},
    {"tr", H, "Alan adı bulunamadı"},
    {"tr", S, "Hesap askıya alındı"},
    {"tr", Z, "Mesaj çok büyük"},
    {"tr", FI, "Alıcı tarafından reddedildi"},
    {"tr", B, "IP adresi engellendi"},
    {"tr", SP, "Spam olarak algılandı"},
    {"tr", E, "Teslim süresi doldu"},
    {"tr", R, "Geçersiz gönderen"},
    {"tr", P, "Politika ihlali"},
    {"tr", SY, "Geçici hata"},

    {"ja", U, "宛先不明"},
    {"ja", F, "メールボックスがいっぱいです"},
    {"ja", H, "宛先ドメインが存在しません"},
    {"ja", S, "このアカウントは利用停止中です"},
    {"ja", Z, "メールのサイズが大きすぎます"},
    {"ja", FI, "受信拒否設定により配信できませんでした"},
    {"ja", B, "IPアドレスがブロックされています"},
    {"ja", SP, "迷惑メールと判定されました"},
    {"ja", E, "配送期限を過ぎました"},
    {"ja", R, "送信者のアドレスが拒否されました"},
    {"ja", P, "セキュリティポリシーに違反しています"},
    {"ja", SY, "一時的なエラーが発生しました"},

    {"zhs", U, "收件人不存在"},
    {"zhs", F, "收件人邮箱已满"},
    {"zhs", H, "域名不存在"},
    {"zhs", S, "该邮箱已停用"},
    {"zhs", Z, "邮件过大"},
    {"zhs", FI, "邮件被对方拒收"},
    {"zhs", B, "您的IP已被列入黑名单"},
    {"zhs", SP, "邮件被判定为垃圾邮件"},
    {"zhs", E, "投递超时"},
    {"zhs", R, "发件人被拒绝"},
    {"zhs", P, "邮件违反安全策略"},
    {"zhs", SY, "系统错误"},

    {"zht", U, "信箱不存在"},
    {"zht", F, "信箱已滿"},
    {"zht", H, "網域不存在"},
    {"zht", S, "帳號已停用"},
    {"zht", Z, "郵件過大"},
    {"zht", FI, "郵件被對方拒收"},
    {"zht", B, "您的IP已被列入黑名單"},
    {"zht", SP, "被判定為垃圾郵件"},
    {"zht", E, "投遞逾時"},
    {"zht", R, "寄件人被拒絕"},
    {"zht", P, "違反公司政策"},
    {"zht", SY, "系統錯誤"},

    {"ko", U, "수신자가 존재하지 않습니다"},
    {"ko", F, "메일함이 가득 찼습니다"},
    {"ko", H, "도메인이 존재하지 않습니다"},
    {"ko", S, "휴면 계정입니다"},
    {"ko", Z, "메일 크기가 너무 큽니다"},
    {"ko", FI, "수신자에 의해 차단되었습니다"},
    {"ko", B, "IP가 차단되었습니다"},
    {"ko", SP, "스팸으로 분류되었습니다"},
    {"ko", E, "전송 시간 초과"},
    {"ko", R, "발신자 주소가 잘못되었습니다"},
    {"ko", P, "보안 정책 위반"},
    {"ko", SY, "일시적인 오류"},
};

static const reason_codes *codes_of(bk_reason r)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].reason == r)
            return &codes[i];
    return NULL;
}

/* The rule decided, and it is one of the language's own. */
static void check_rule(const char *label, const intl_case *c, const bk_reply_info *r)
{
    BK_CHECK_STR_AT(label, bk_reason_name(c->reason), bk_reason_name(r->reason));
    BK_CHECK_STR_AT(label, "text", r->basis == BK_BASIS_TEXT ? "text" : "another basis");
    size_t n = strlen(c->lang);
    int own = strncmp(r->rule, c->lang, n) == 0 && r->rule[n] == '-';
    BK_CHECK_STR_AT(label, c->lang, own ? c->lang : r->rule);
}

/* Each language, each reason: with an enhanced code, with the basic code
 * alone, and the words alone (bk_text_reason). */
static void test_languages_reasons(void)
{
    char buf[512];
    int langs = 0;
    const char *last = "";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const intl_case *c = &cases[i];
        if (strcmp(c->lang, last) != 0) {
            langs++;
            last = c->lang;
        }
        const reason_codes *rc = codes_of(c->reason);
        BK_CHECK(rc != NULL);
        if (rc == NULL)
            continue;
        char label[64];
        bk_reply_info r;

        snprintf(buf, sizeof buf, "%d %s %s", rc->basic, rc->status, c->text);
        snprintf(label, sizeof label, "%s %s, with %s", c->lang, bk_reason_name(c->reason), rc->status);
        BK_CHECK_INT(BK_OK, bk_reply_classify(buf, strlen(buf), &r));
        check_rule(label, c, &r);
        const char *with_code = r.rule;

        snprintf(buf, sizeof buf, "%d %s", rc->basic, c->text);
        snprintf(label, sizeof label, "%s %s, basic code only", c->lang, bk_reason_name(c->reason));
        BK_CHECK_INT(BK_OK, bk_reply_classify(buf, strlen(buf), &r));
        check_rule(label, c, &r);
        BK_CHECK_STR_AT(label, with_code, r.rule);

        bk_reason words;
        BK_CHECK_INT(BK_OK, bk_text_reason(c->text, strlen(c->text), &words, NULL));
        snprintf(label, sizeof label, "%s %s, words only", c->lang, bk_reason_name(c->reason));
        BK_CHECK_STR_AT(label, bk_reason_name(c->reason), bk_reason_name(words));
    }
    BK_CHECK_INT(18, langs);
}

/* The generic "user unknown" of each language reads as the English one:
 * a missing mailbox at RCPT TO or with X.1.1, a filter's refusal after
 * DATA or with X.0.0 or a basic code alone, the sender at MAIL FROM, the
 * mail system's own words without a code. */
static const struct {
    const char *lang;
    const char *text;
} generic[] = {
    {"de", "Benutzer unbekannt"},   {"fr", "Utilisateur introuvable"},
    {"es", "Usuario desconocido"},  {"it", "Utente sconosciuto"},
    {"pt", "Usuário desconhecido"}, {"nl", "Gebruiker onbekend"},
    {"pl", "Użytkownik nie istnieje"}, {"cs", "Uživatel neexistuje"},
    {"sv", "Okänd användare"},      {"da", "Ukendt bruger"},
    {"no", "Ukjent bruker"},        {"ru", "Пользователь не найден"},
    {"uk", "Користувача не знайдено"}, {"tr", "Kullanıcı bulunamadı"},
    {"ja", "ユーザーが存在しません"}, {"zhs", "该用户不存在"},
    {"zht", "查無此用戶"},          {"ko", "사용자가 존재하지 않습니다"},
};

static const struct {
    const char *before, *after; /* around the words */
    const char *command;        /* NULL: none given */
    bk_reason want;
} generic_forms[] = {
    {"550 5.1.1 ", "", NULL, BK_REASON_USERUNKNOWN},
    {"550 ", "", "RCPT", BK_REASON_USERUNKNOWN},
    {"550 ", "", "DATA", BK_REASON_FILTERED},
    {"550 ", "", "MAIL", BK_REASON_REJECTED},
    {"550 5.0.0 ", "", NULL, BK_REASON_FILTERED},
    {"550 ", "", NULL, BK_REASON_FILTERED},
    {"", "", NULL, BK_REASON_USERUNKNOWN},
    {"550 ", " (in reply to end of DATA command)", NULL, BK_REASON_FILTERED},
    {"550 ", " (in reply to RCPT TO command)", NULL, BK_REASON_USERUNKNOWN},
};

static const bk_reply_rule *rule_named(const char *id)
{
    for (size_t i = 0; i < bk__reply_rules_count; i++)
        if (strcmp(bk__reply_rules[i].id, id) == 0)
            return &bk__reply_rules[i];
    return NULL;
}

static void test_generic_user_unknown(void)
{
    char buf[256];
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
        for (size_t f = 0; f < sizeof generic_forms / sizeof generic_forms[0]; f++) {
            char label[400];
            snprintf(buf, sizeof buf, "%s%s%s", generic_forms[f].before, generic[i].text,
                     generic_forms[f].after);
            snprintf(label, sizeof label, "%s: %s%s%s", generic[i].lang, buf,
                     generic_forms[f].command ? " after " : "",
                     generic_forms[f].command ? generic_forms[f].command : "");
            bk_reply_info r, en;
            BK_CHECK_INT(BK_OK, bk_reply_classify_cmd(0, NULL, generic_forms[f].command, buf,
                                                      strlen(buf), &r));
            BK_CHECK_STR_AT(label, bk_reason_name(generic_forms[f].want), bk_reason_name(r.reason));
            const bk_reply_rule *rule = rule_named(r.rule);
            BK_CHECK_STR_AT(label, "an ADDR rule",
                            rule != NULL && (rule->flags & BK_RULE_ADDR) ? "an ADDR rule" : r.rule);
            /* the English words, said the same way, agree */
            snprintf(buf, sizeof buf, "%sUser unknown%s", generic_forms[f].before,
                     generic_forms[f].after);
            BK_CHECK_INT(BK_OK, bk_reply_classify_cmd(0, NULL, generic_forms[f].command, buf,
                                                      strlen(buf), &en));
            BK_CHECK_STR_AT(label, bk_reason_name(en.reason), bk_reason_name(r.reason));
            BK_CHECK_INT(en.bounce, r.bounce);
        }
    }
}

/* Accents, capitals, the transliterations servers write, typographic
 * punctuation and fullwidth forms all reach the same rule. */
static const struct {
    const char *a, *b;
} same_rule[] = {
    {"552 boîte aux lettres pleine", "552 BOITE AUX LETTRES PLEINE"},
    {"552 Boîte aux lettres pleine", "552 boite aux lettres pleine"},
    {"550 Empfänger unbekannt", "550 EMPFÄNGER UNBEKANNT"},
    {"550 Empfänger unbekannt", "550 Empfaenger unbekannt"},
    {"552 Die Nachricht ist zu groß", "552 Die Nachricht ist zu gross"},
    {"550 Nachrichtengröße überschreitet das Limit", "550 Nachrichtengroesse ueberschreitet das Limit"},
    {"550 Użytkownik nie istnieje", "550 UZYTKOWNIK NIE ISTNIEJE"},
    {"550 Účet je zablokovaný", "550 ucet je zablokovany"},
    {"550 Kullanıcı bulunamadı", "550 KULLANICI BULUNAMADI"},
    {"550 Kullanıcı bulunamadı", "550 kullanici bulunamadi"},
    {"550 ПОЛЬЗОВАТЕЛЬ НЕ НАЙДЕН", "550 пользователь не найден"},
    {"550 Учётная запись заблокирована", "550 УЧЕТНАЯ ЗАПИСЬ ЗАБЛОКИРОВАНА"},
    {"550 Ґ КОРИСТУВАЧА НЕ ЗНАЙДЕНО", "550 ґ користувача не знайдено"},
    {"550 le domaine n’existe pas", "550 le domaine n'existe pas"},
    {"550 5.1.1 ＵＳＥＲ　ＵＮＫＮＯＷＮ", "550 5.1.1 user unknown"},
    {"552 Postfach\xc2\xa0voll", "552 Postfach voll"},
    {"552 Post\xc2\xad" "fach voll", "552 Postfach voll"},
    {"550 \xef\xbb\xbf" "Destinataire inconnu", "550 destinataire inconnu"},
    {"550 宛先不明\xe3\x80\x80", "550 宛先不明"},
    {"550 Brevlådan är full", "550 brevladan ar full"},
    {"550 Ugyldig afsender æøå", "550 ugyldig afsender"},
};

static void test_folding(void)
{
    for (size_t i = 0; i < sizeof same_rule / sizeof same_rule[0]; i++) {
        bk_reply_info a, b;
        BK_CHECK_INT(BK_OK, bk_reply_classify(same_rule[i].a, strlen(same_rule[i].a), &a));
        BK_CHECK_INT(BK_OK, bk_reply_classify(same_rule[i].b, strlen(same_rule[i].b), &b));
        BK_CHECK_STR_AT(same_rule[i].a, "a rule", a.rule[0] ? "a rule" : "none");
        BK_CHECK_STR_AT(same_rule[i].a, b.rule, a.rule);
        BK_CHECK_INT(b.reason, a.reason);
    }
    /* Greek capitals are lower-cased (no rule uses Greek: check the fold) */
    unsigned char out[2];
    size_t olen = 9;
    const unsigned char alpha[] = {0xCE, 0x91}, omega[] = {0xCE, 0xA9};
    BK_CHECK_INT(2, bk__utf8_fold(alpha, 2, out, &olen));
    BK_CHECK_INT(2, olen);
    BK_CHECK_INT(0xCE, out[0]);
    BK_CHECK_INT(0xB1, out[1]);
    BK_CHECK_INT(2, bk__utf8_fold(omega, 2, out, &olen));
    BK_CHECK_INT(0xCF, out[0]);
    BK_CHECK_INT(0x89, out[1]);
    /* small letters of other scripts, CJK and the signs × ÷ stay */
    const unsigned char keep[][3] = {{0xD0, 0xB0, 0}, {0xC3, 0x97, 0}, {0xC3, 0xB7, 0},
                                     {0xE5, 0xAE, 0x9B}, {0xE3, 0x81, 0x82}, {0xCF, 0x89, 0}};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        BK_CHECK_INT(0, bk__utf8_fold(keep[i], keep[i][2] ? 3 : 2, out, &olen));
    /* a letter cut short or followed by no continuation byte stays */
    const unsigned char cut[] = {0xC3, 0x41};
    BK_CHECK_INT(0, bk__utf8_fold(cut, 1, out, &olen));
    BK_CHECK_INT(0, bk__utf8_fold(cut, 2, out, &olen));
    const unsigned char cut3[] = {0xEF, 0xBC};
    BK_CHECK_INT(0, bk__utf8_fold(cut3, 2, out, &olen));
    /* the fold never writes more than it reads, and only lead bytes the
     * normaliser sends to it change anything */
    for (unsigned c0 = 0x80; c0 < 0x100; c0++)
        for (unsigned c1 = 0x80; c1 < 0xC0; c1++)
            for (unsigned c2 = 0x80; c2 < 0xC0; c2 += 0x11) {
                const unsigned char s3[3] = {(unsigned char)c0, (unsigned char)c1, (unsigned char)c2};
                size_t used = bk__utf8_fold(s3, 3, out, &olen);
                if (used == 0)
                    continue;
                BK_CHECK(olen <= used);
                BK_CHECK(BK_UTF8_FOLD_LEAD(c0));
            }
}

/* Broken UTF-8 and bytes cut at the end of the buffer: no rule fires on
 * half a letter, nothing is read beyond the text (the sanitizers check),
 * and bk_reply_classify() still refuses what is not UTF-8. */
static void test_broken_utf8(void)
{
    static const char *const texts[] = {
        "550 \xc3",           "550 bo\xc3",        "550 \xd0",          "550 \xef\xbc",
        "550 \xe3\x80",       "550 \xe2\x80",      "550 \xc3\xc3\xc3",  "550 \xd0\x41\xd1",
        "550 \xff\xfe\xc5",   "\xc2",              "\xef\xbb",          "550 Benutzer \xc3",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t n = strlen(texts[i]);
        char *p = malloc(n); /* exactly the text: a read past it is caught */
        BK_CHECK(p != NULL);
        if (p == NULL)
            return;
        memcpy(p, texts[i], n);
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, p, n, &r));
        BK_CHECK(r.reason != BK_REASON_USERUNKNOWN && r.reason != BK_REASON_MAILBOXFULL);
        BK_CHECK_INT(BK_EUTF8, bk_reply_classify(p, n, &r));
        bk_reason w;
        BK_CHECK_INT(BK_OK, bk_text_reason(p, n, &w, NULL));
        free(p);
    }
    /* every two-byte tail after a rule's words, cut at the buffer's end */
    const char *head = "552 Postfach voll ";
    size_t hl = strlen(head);
    for (unsigned c0 = 0x80; c0 < 0x100; c0++) {
        for (unsigned c1 = 0; c1 < 0x100; c1 += 0x0F) {
            char *p = malloc(hl + 2);
            BK_CHECK(p != NULL);
            if (p == NULL)
                return;
            memcpy(p, head, hl);
            p[hl] = (char)c0;
            p[hl + 1] = (char)c1;
            bk_reply_info r;
            BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, p, hl + 2, &r));
            BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
            BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, p, hl + 1, &r));
            BK_CHECK_INT(BK_REASON_MAILBOXFULL, r.reason);
            free(p);
        }
    }
}

/* Long texts of letters that fold (two bytes to one, two to two, three to
 * one) fill the normalised copy to its bound without overrunning it. */
static void test_long_folded(void)
{
    static const char *const units[] = {"é", "Ä", "Ж", "ＡＢ", "\xc2\xa0", "\xc2\xad", "’"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]);
        size_t n = 4 + 9000 / ul * ul;
        char *p = malloc(n + 32);
        BK_CHECK(p != NULL);
        if (p == NULL)
            return;
        memcpy(p, "550 ", 4);
        for (size_t k = 4; k + ul <= n; k += ul)
            memcpy(p + k, units[u], ul);
        bk_reply_info r;
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, p, n, &r));
        BK_CHECK_INT(BK_OK, bk_reply_classify(p, n, &r));
        /* a rule's words right after a run of folded letters still match */
        size_t m = 4 + 600 / ul * ul;
        memcpy(p + m, " postfach voll", 14);
        BK_CHECK_INT(BK_OK, bk_reply_classify_parts(0, NULL, p, m + 14, &r));
        BK_CHECK_STR_AT(units[u], "mailboxfull", bk_reason_name(r.reason));
        free(p);
    }
}

/* Generic words give way: a specific code overrules the WEAK system-error
 * and "reception refused" words, spam words beat the bare refusal, a
 * refused sender beats the domain words inside it, and maintenance is no
 * disabled account. */
static const struct {
    const char *text;
    const char *want;
} order_cases[] = {
    {"550 5.1.1 Systemfehler", "userunknown"},
    {"451 4.3.0 Systemfehler", "systemerror"},
    {"550 Erreur interne", "systemerror"},
    {"550 5.2.2 内部错误", "mailboxfull"},
    {"550 受信拒否", "filtered"},
    {"550 迷惑メールと判定されたため受信拒否しました", "spamdetected"},
    {"550 스팸으로 분류되어 수신 거부되었습니다", "spamdetected"},
    {"550 ただいまシステム休止中です", "onhold"},
    {"553 Absenderdomain existiert nicht", "rejected"},
    {"550 Die Domain existiert nicht", "hostunknown"},
    {"550 Adresse d'expéditeur invalide", "rejected"},
    {"550 Adresse invalide", "userunknown"}, /* as "550 invalid address" */
    {"550 5.1.1 Adresse invalide", "userunknown"},
    {"550 Benutzer nicht bekannt/User unknown", "filtered"},
    {"550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space.", "mailboxfull"},
    {"550 Konto ist nicht vorhanden", "userunknown"},
    {"550 Brevladan ar full", "mailboxfull"},
    {"550 Pошта", "onhold"}, /* Latin P before Cyrillic: no rule */
};

static void test_order(void)
{
    for (size_t i = 0; i < sizeof order_cases / sizeof order_cases[0]; i++) {
        bk_reply_info r;
        const char *t = order_cases[i].text;
        BK_CHECK_INT(BK_OK, bk_reply_classify(t, strlen(t), &r));
        BK_CHECK_STR_AT(t, order_cases[i].want, bk_reason_name(r.reason));
    }
}

static const bk_test_case tests[] = {
    {"intl_order", test_order},
    {"intl_languages_reasons", test_languages_reasons},
    {"intl_generic_user_unknown", test_generic_user_unknown},
    {"intl_folding", test_folding},
    {"intl_broken_utf8", test_broken_utf8},
    {"intl_long_folded", test_long_folded},
    {NULL, NULL},
};
BK_TEST_MAIN(tests)

#!/bin/bash
# "bouncekit explain --json" on replies in other languages: the reason,
# bounce kind and decision of localized wording (with accents, capitals or
# the forms servers write without them), and the generic "user unknown"
# words read by the SMTP command as the English ones are.
set -u
bk=${BOUNCEKIT:?BOUNCEKIT must point to the built tool}
fails=0; passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
expect_eq() { # label expected actual
    if [ "$2" == "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}
field() { # json key -> value
    python3 -c 'import json,sys; v=json.loads(sys.argv[1])[sys.argv[2]]; print("null" if v is None else v)' "$1" "$2"
}

# reply | reason | bounce | decision
while IFS='|' read -r reply reason bounce decision; do
    [ -n "$reply" ] || continue
    out=$("$bk" explain --json "$reply"); rc=$?
    expect_eq "$reply: exit" 0 "$rc"
    expect_eq "$reply: reason" "$reason" "$(field "$out" reason)"
    expect_eq "$reply: bounce" "$bounce" "$(field "$out" bounce)"
    expect_eq "$reply: decision" "$decision" "$(field "$out" decision)"
done <<'CASES'
550 5.1.1 Benutzer unbekannt|userunknown|hard|suppress
550 5.1.1 <max@example.de>: Empfänger unbekannt|userunknown|hard|suppress
550 Empfaenger unbekannt|userunknown|hard|suppress
452 4.2.2 Boîte aux lettres pleine|mailboxfull|soft|retry
452 BOITE AUX LETTRES PLEINE|mailboxfull|soft|retry
552 Benutzer hat das Speichervolumen ueberschritten|mailboxfull|soft|retry
550 5.1.1 Usuario desconocido|userunknown|hard|suppress
550 5.1.1 Utente sconosciuto|userunknown|hard|suppress
550 5.1.1 ПОЛЬЗОВАТЕЛЬ НЕ НАЙДЕН|userunknown|hard|suppress
550 Адресат не найден|userunknown|hard|suppress
550 Учётная запись заблокирована|suspend|soft|retry
550 5.1.1 该用户不存在|userunknown|hard|suppress
550 收件人不存在|userunknown|hard|suppress
552 收件人空间不足|mailboxfull|soft|retry
550 宛先のメールアドレスが存在しません|userunknown|hard|suppress
550 사용자가 존재하지 않습니다 (in reply to RCPT TO command)|userunknown|hard|suppress
554 5.7.1 Wiadomość uznana za spam|spamdetected|soft|fix-sender
550 Le domaine n’existe pas|hostunknown|hard|suppress
CASES

# The generic words after DATA are the recipient's filter, at RCPT TO a
# missing mailbox, at MAIL FROM the sender -- in German as in English.
for cmd_reason in DATA:filtered RCPT:userunknown MAIL:rejected; do
    cmd=${cmd_reason%%:*}; want=${cmd_reason#*:}
    for words in "Benutzer unbekannt" "User unknown" "Utilisateur inconnu" "Пользователь не найден"; do
        out=$("$bk" explain --json --command "$cmd" "550 $words")
        expect_eq "550 $words after $cmd" "$want" "$(field "$out" reason)"
    done
done
# Without a command or an address code, a basic 550 with the generic words
# is read as the English one is.
de=$("$bk" explain --json "550 Benutzer unbekannt")
en=$("$bk" explain --json "550 User unknown")
expect_eq "550 Benutzer unbekannt = 550 User unknown" "$(field "$en" reason)" "$(field "$de" reason)"

# Several localized replies on standard input, one a line, in order.
out=$(printf '%s\n' "550 Postfach voll" "550 Domena nie istnieje" "550 Schránka je plná" | "$bk" explain --json -)
expect_eq "stdin lines" 3 "$(printf '%s\n' "$out" | wc -l)"
expect_eq "stdin 1" mailboxfull "$(field "$(printf '%s\n' "$out" | sed -n 1p)" reason)"
expect_eq "stdin 2" hostunknown "$(field "$(printf '%s\n' "$out" | sed -n 2p)" reason)"
expect_eq "stdin 3" mailboxfull "$(field "$(printf '%s\n' "$out" | sed -n 3p)" reason)"

echo "explain_intl: $passes passed, $fails failed"
[ "$fails" -eq 0 ]

/* rules.c - the built-in redaction rules and their checks.
 *
 * Patterns are compiled caseless with Unicode properties; parts that must
 * keep their case say so with (?-i).  The text they see is decoded UTF-8,
 * sometimes HTML source, so the gap between a label and its secret may
 * hold tags, entities and emphasis.  A rule names the secret with the
 * group "s"; labels and connectors stay in the text.
 *
 * Order matters where spans overlap: the earlier rule names the kind.
 */
#include "config.h"

#include <string.h>

#include "redact/rules.h"

/* Blank, including what HTML and word processors use. */
#define WS	"(?:[\\s\\x{a0}\\x{200b}\\x{202f}\\x{3000}]|&nbsp;|&#160;|" \
		"&#xa0;|&ensp;|&emsp;|&thinsp;)"
/* Blank within a line. */
#define HWS	"(?:[\\h\\x{200b}]|&nbsp;|&#160;|&#xa0;|&ensp;|&emsp;|&thinsp;)"
#define TAG	"<[^<>]{0,300}>"
/* Between a label and its secret: blanks, tags, emphasis, quotes. */
#define GAP	"(?:" WS "|" TAG "|[*_\"'`«»“”„‘’])*+"
/* The same within a line: between a label and its connector. */
#define HGAP	"(?:" HWS "|" TAG "|[*_\"'`«»“”„‘’])*+"
/* ":" "=" "-" and friends. */
#define PUNCT	"(?:[:=：﹕]|&#58;|&colon;|=>|->|(?<=\\s)[-—–](?![-—–]))"
/* "is", "ist", "est", "是", ... */
#define WORDC	"(?:(?<![\\p{L}\\p{N}])(?:is|was|are|ist|lautet|war|est|" \
		"était|" \
		"es|era|é|è|jest|to|je|это|был|была|будет|är|er|on|olan|" \
		"şudur|ni)(?![\\p{L}\\p{N}])|是|为|為|は|는|은)" \
		"(?:" HWS "+(?:now|still|currently|jetzt|теперь|maintenant|" \
		"ahora|agora|nu|teraz)\\b)?"
/* "is:" counts as punctuation. */
#define CONN_P	"(?:" WORDC HGAP ")?" PUNCT
/* A few words between label and connector ("password for the panel"). */
#define FILLW	"(?:" HWS "+(?!(?:is|was|are|ist|est|es|é|jest|это|not|nicht|" \
		"не|no|pas|never|don'?t|doesn'?t|isn'?t|won'?t|can'?t|" \
		"cannot|kein\\w*|nie|niet|reset|change[sd]?|recovery|manager|" \
		"policy|hint|requirements?|field|strength|expired|link|" \
		"code|and|or|und|и)\\b)[\\p{L}\\p{N}_.@'’-]{1,25}){0,4}?"

/* One character of a secret (entities count as one). */
#define SCH	"(?:&amp;|&lt;|&gt;|&quot;|&#39;|&#\\d{1,5};|" \
		"&(?![a-z]{2,8};|#)|" \
		"[^\\s<&\\x{a0}\\x{200b}\\x{3000}-\\x{303f}" \
		"\\x{ff01}-\\x{ff0f}" \
		"\\x{ff1a}-\\x{ff20}])"
#define SECRET	"(?<s>(?<!\\[redacted: )(?!\\[redacted|https?:|www\\.)" \
		"(?=" SCH "*?[\\p{L}\\p{N}])" SCH "{3,128}+)"
/* Not a word that says something about the password instead. */
#define NOTSTOP	"(?!(?:not|wrong|incorrect|invalid|expired|reset|forgot\\w*|" \
		"change[sd]?|required|protected|manager|none|n/?a|same|empty|" \
		"unknown|blank|hidden|attached|below|above|sent|unchanged|" \
		"lost|missing|falsch|ungültig|неверный|неправильный|" \
		"incorrecto|incorrect|errado|\\*+|x{3,}|\\.+)" \
		"(?![\\p{L}\\p{N}]))"
/* After a verb ("is"): something that looks made up, not a word. */
#define STRONG	"(?=" SCH "*?(?:\\d|[@#$%^*+=~|\\\\/{}_!?](?=" SCH ")|" \
		"(?-i:\\p{Ll}\\p{Lu})))" \
		"(?!\\d{1,2}" WS "*(?:char|sign|symbol|letter|digit|zeichen|" \
		"символ|знак|caract|carac|dígit|znak|stellig))"

#define PW_STRONG "(?<![/&])(?<!/\\s)(?:\\b(?:passwords?|passwort|kennwort|" \
		"passwd|passphrase|" \
		"пароль|пароля|паролем|паролі|contraseña|contrasena|" \
		"mot" WS "+de" WS "+passe|senha|wachtwoord|hasło|haslo|" \
		"parola|parolă|şifre\\w{0,4}|şifre|sifre\\w{0,4}|heslo|" \
		"lösenord|losenord|salasana|adgangskode|passord|jelszó|" \
		"jelszo|κωδικός|mật" WS "+khẩu|kata" WS "+sandi|geslo|" \
		"lozinka|лозинка|парола)\\b|密码|密碼|パスワード|비밀번호|" \
		"كلمة" WS "+(?:ال)?(?:مرور|السر)|סיסמה|סיסמא|पासवर्ड|รหัสผ่าน)"
#define PW_WEAK	"(?<![/&:])(?<!/\\s)\\b(?:pass|pw|pwd|pword|mdp|clave|contra|" \
		"passwd|passw|pswd|psw|pwnya|passwordnya|sandi|sandinya|" \
		"kata" WS "+sandi(?:nya)?|" \
		"пасс|пасворд|гасло|parola\\w{0,3})\\b"

#define LOGIN	"\\b(?:login|user(?:name)?|логин|usuario|benutzer(?:name)?|" \
		"utilisateur|identifiant|usuário|e-?mail|имя)"
#define CREDS	"\\b(?:credentials|creds|login" WS "*(?:/|&amp;|and|&)" WS \
		"*pass(?:word)?|user(?:name)?" WS "*(?:/|&amp;|and|&)" WS \
		"*pass(?:word)?|логин" WS "*(?:/|и)" WS "*пароль|доступы|" \
		"zugangsdaten|identifiants|credenciales|credenciais|dane" WS \
		"+logowania)\\b"

/* --- one-time codes --- */
#define OTP_LABEL "(?:\\b(?:otp|2fa|mfa|tfa|totp|2-?step|two[-\\s]?" \
		"(?:factor|step)|one[-\\s]?time|verification|verify|" \
		"security|confirmation|confirm|sms|login|log-?in|" \
		"sign[-\\s]?in|auth(?:entication|enticator|orization)?|" \
		"approval|access|reset|text)" WS "*(?:code|pin|passcode|" \
		"number|token)s?\\b|" \
		"\\b(?:otp|2fa|passcode|tan|mtan|smstan)\\b|" \
		"\\byour" WS "+code\\b|\\bкод(?:а|ом)?\\b(?:" WS \
		"+(?:подтверждения|из" WS "+(?:смс|sms)|для" WS \
		"+входа|верификации|доступа|авторизации))?|\\bsms-?код\\w*|" \
		"\\b(?:bestätigungs|sicherheits|verifizierungs|anmelde|" \
		"einmal|sms-?|login-?|freigabe)code\\b|\\bcode" WS \
		"+(?:de" WS "+)?(?:vérification|confirmation|sécurité|" \
		"connexion|sms|validation)\\b|\\bc[oó]digo" WS "+(?:de" WS \
		"+)?(?:verificaci[oó]n|verifica[cç][aã]o|confirmaci[oó]n|" \
		"confirma[cç][aã]o|" \
		"seguridad|segurança|acceso|acesso|sms|autenticación|" \
		"autenticação)\\b|\\bkod\\w*" WS "+(?:weryfikacyjny|sms|" \
		"potwierdzaj\\w+|dostępu|bezpieczeństwa|jednorazowy)\\b|" \
		"\\b(?:doğrulama|onay|güvenlik)" WS "+kodu\\b|\\bcodice" WS \
		"+(?:di" WS "+)?(?:verifica|conferma|sicurezza|accesso|" \
		"otp)\\b|" \
		"\\b(?:verificatie|beveiligings|bevestigings)code\\b|" \
		"验证码|驗證碼|校验码|動態碼|認証コード|確認コード|" \
		"인증" WS "*(?:번호|코드)|رمز" WS "+(?:التحقق|التأكيد))"
/* Words that mean the number is something else. */
#define OTP_GUARD "(?:order|ticket|invoice|tracking|phone|tel\\b|mobile|" \
		"number|nr\\b|no\\.|id\\b|ref|year|since|after|before|minute|" \
		"second|hour|day|week|month|ago|times|attempt|tries|version|" \
		"заказ|телефон|номер|раз\\b|минут|секунд|bestell|rechnung|" \
		"telefon|nummer|commande|facture|téléphone|pedido|factura|" \
		"teléfono|número|zamówien|sipariş|订单|电话)"
/* Filler between label and code, a word at a time. */
#define OTP_FILL "(?:" HWS "|" TAG "|(?!" OTP_GUARD ")" \
		"[^\\d\\s\\x{a0}.;,!?#№<:=—–]{1,30}+)"
#define NUM_PRE	"(?:(?<=(?-i:\\bG)-)|(?<![\\p{L}\\d.,/:+#№$€£_-]))"
#define NUM_POST "(?![\\p{L}\\d]|[.,:/_-]\\d|" WS "*(?:%|€|\\$|£|₽|eur\\b|" \
		"usd\\b|gbp\\b|rub\\b|руб|р\\.|am\\b|pm\\b|uhr\\b|h\\b|" \
		"hrs?\\b|" \
		"mins?\\b|sec\\b|kg\\b|km\\b|pcs\\b|шт|x\\b|times\\b|раз))"
#define OTP_NUM4 "(?<s>(?:\\d{4}[ -]\\d{4}|\\d{3}[ -]\\d{3}|" \
		"\\d{2}[ -]\\d{2}[ -]\\d{2}|\\d{4,8}))"
#define OTP_NUM6 "(?<s>(?:\\d{4}[ -]\\d{4}|\\d{3}[ -]\\d{3}|" \
		"\\d{2}[ -]\\d{2}[ -]\\d{2}|\\d{6,8}))"

/* --- cards --- */
#define CVV_LABEL "\\b(?:cvv2?|cvc2?|cvn|cav2|csc|card" WS "+(?:verification|" \
		"security)" WS "+(?:value|code|number)|security" WS "+code|" \
		"код" WS "+(?:безопасности|cvv|cvc)|código" WS "+de" WS \
		"+seguridad|cryptogramme(?:" WS "+visuel)?|prüfnummer|" \
		"kartenprüfnummer|codice" WS "+di" WS "+sicurezza|" \
		"kod" WS "+cvv)\\b"
#define CARD	"(?<![\\w/.@#+-])(?<!\\d[ -])(?<s>[2-6]\\d{12,18}" \
		"(?!\\w|-\\d|[./@=]\\w)|(?:" \
		"[2-6]\\d{3}([ -])\\d{4}\\g{-1}\\d{4}\\g{-1}\\d{1,4}" \
		"(?:\\g{-1}\\d{1,3})?|3[47]\\d{2}([ -])\\d{6}\\g{-1}\\d{5})" \
		"(?!\\w|[ -]\\d|[./@=]\\w))"

/* --- recovery codes --- */
#define REC_LABEL "(?:\\b(?:backup|recovery|restore|emergency|scratch|" \
		"reserve|spare|rescue)" WS "*(?:codes?|keys?|pins?)\\b|" \
		"\\b(?:резервн\\w+|запасн\\w+)" WS "+(?:код\\w*|ключ\\w*)|" \
		"\\b(?:код\\w*|ключ\\w*)" WS "+восстановлени\\w*|" \
		"\\b(?:wiederherstellungs|backup-?|sicherungs|notfall)" \
		"(?:code|schlüssel)s?\\b|\\bcodes?" WS "+de" WS \
		"+(?:secours|récupération|sauvegarde|recuperação|" \
		"recuperación|respaldo|backup)\\b|\\bclaves?" WS "+de" WS \
		"+recuperación\\b|\\bchaves?" WS "+de" WS "+recuperação\\b|" \
		"\\bkody?" WS "+(?:zapasow\\w+|odzyskiwania)\\b|\\bklucz\\w*" \
		WS "+odzyskiwania\\b|\\bkurtarma" WS "+(?:kodu|kodları|" \
		"anahtarı)\\b|\\bcodici?" WS "+di" WS \
		"+(?:backup|recupero)\\b|" \
		"\\bchiave" WS "+di" WS "+recupero\\b|\\bherstel(?:code|" \
		"sleutel)s?\\b|备用码|恢复码|恢复密钥|バックアップコード|" \
		"リカバリーキー|복구" WS "*(?:코드|키))"
#define REC_TOK	"(?-i:(?=[A-Za-z0-9-]*\\d)(?:[A-Za-z0-9]{3,12}" \
		"(?:-[A-Za-z0-9]{3,12}){1,9}|[A-Za-z0-9]{6,16})|" \
		"[A-Z0-9]{3,12}(?:-[A-Z0-9]{3,12}){1,9}|" \
		"[a-z0-9]{5}-[a-z0-9]{5}|\\d{3,5} \\d{3,5})" \
		"(?![\\w-])"
#define REC_SEP	"(?:[\\s,;>]|<br\\s*/?>|&nbsp;|</?(?:li|p|div|td|tr)[^<>]*>)"

/* --- links --- */
#define URLC	"[^\\s<>\"'()\\[\\]]"
#define URLNQ	"[^\\s<>\"'()\\[\\]/?#]"
#define LINK_WORD "(?:reset|recover|magic|verify|verification|confirm|" \
		"activate|activation|unlock|passwordless|one-?click|signin|" \
		"sign-in|sign_in|login|log-in|auth|invite|onetime|one-time|" \
		"sso|impersonate)"

/* Trigger stems: a rule is only tried where one of them starts (after
 * case folding; the first three bytes count).  "#d": where digits start;
 * "#4": where four or more do; "#g": where four or more do or a group
 * of one to three is followed by a blank or dash and a digit; "#t":
 * where a run of 32 to 63 letters, digits, '_' and '-' starts;
 * "": everywhere. */
#define ST_PW	"pas ken пар con mot sen wac has par şif sif hes lös los " \
		"sal adg jel κωδ mật kat ges loz лоз 密 パ 비 كل סי पा รห"
#define ST_OTP	"otp 2fa mfa tfa tot 2-s 2st two one ver sec con sms log " \
		"sig aut app acc res tex pas tan mta you код bes sic anm " \
		"ein fre cod cód kod doğ ona gü bev 验 驗 校 動 認 確 인 رم"
#define ST_CVV	"cvv cvc cvn cav csc car sec код cód cry prü kar cod kod"
#define ST_REC	"bac rec res eme scr spa рез зап код клю wie sic not cod " \
		"cla cha kod klu kur chi her 备 恢 バ リ 복"
#define ST_QUERY "tok res otp aut acc id_ ref sig has mag log ses sid sec " \
		"ott non oob con ver inv api pas pwd jwt act hma"
#define ST_API	"api acc aws sec cli aut bot bea pri tok клю ток clé sch " \
		"key ana cla cha klu"
#define ST_SESS	"ses sid php jse asp con lar ci_ rac _gi _se aut rem wor " \
		"xs __s __h _gh use"

#include "redact/labels.h"

#define ST_PW2	ST_PW " pw con cla san kat пас гас mdp"
#define ST_CODE	"cod cód kod код otp tan ver doğ aut ओट को"
#define ST_LOGIN "log лог use usu ben kul kad e-m ema mai id acc акк ака " \
		"cue con hes aku gir ins zug дос ace"
#define ST_SEED	"see rec mne sec wal 12 24 сид сід мне fra wie giz kur सी"

const struct rule_def rules_builtin[] = {
	/* API keys and bot tokens with a recognisable shape. */
	{ RK_API_KEY, RC_NONE, "#4",
	  "(?-i)(?<![\\w-])\\d{8,10}:[A-Za-z0-9_-]{35}(?![\\w-])" },
	{ RK_API_KEY, RC_NONE,
	  "sk_ rk_ whs ghp gho ghu ghs ghr git gla xox aki asi aiz sk- sg. npm "
	  "pyp",
	  "(?-i)\\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|"
	  "whsec_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|"
	  "github_pat_[A-Za-z0-9_]{40,}|glpat-[A-Za-z0-9_-]{20,}|"
	  "xox[abposr]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA)[A-Z0-9]{16}|"
	  "AIza[0-9A-Za-z_-]{35}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|"
	  "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}|"
	  "npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,})(?![\\w-])" },
	{ RK_API_KEY, RC_NONE, "",
	  "(?-i)-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[\\s\\S]{0,8000}?"
	  "-----END [A-Z ]{0,20}PRIVATE KEY-----" },
	/* Links that grant access: the host stays, the key goes. */
	{ RK_RESET_LINK, RC_TOKEN, ST_QUERY,
	  "(?<=[?&;#])(?:token|reset_?token|reset_?key|otp|auth|auth_?token|"
	  "access_?token|id_token|refresh_token|sig|signature|hash|magic|"
	  "magic_?token|login_?token|session|sid|secret|ott|nonce|oobcode|"
	  "confirmation_?token|verification_?token|invite_?token|apikey|"
	  "api_key|password|pwd|pass|jwt|activation_?key|"
	  "login_?key|verify|hmac)=(?<s>[^&\\s#<>\"']{6,})" },
	{ RK_RESET_LINK, RC_TOKEN_LONG, "htt",	/* weak names: in login paths */
	  "https?://(?=[^\\s#<>\"']*[?&;](?:code|key|k|t|c|u|ticket)=)"
	  URLNQ "+/[^\\s?#<>\"']*?(?<![a-z])(?:" LINK_WORD
	  "|oauth|callback|password|account)[^\\s?#<>\"']*\\?"
	  "(?:[^\\s#<>\"']*?[&;])?(?:code|key|k|t|c|u|ticket)="
	  "(?<s>[^&\\s#<>\"']{16,})" },
	{ RK_RESET_LINK, RC_TOKEN_LONG, "htt",
	  "https?://" URLNQ "+(?:/" URLNQ "*){0,6}?/" URLNQ "*?(?<![a-z])"
	  LINK_WORD
	  URLNQ "*/(?<s>[^\\s?#<>\"'()]+)" },
	{ RK_RESET_LINK, RC_TOKEN_LONG,
	  "mag log sig res rec act ver con inv one ссы",
	  "(?:\\b(?:magic|login|log-?in|sign-?in|reset|recovery|activation|"
	  "verification|confirmation|invite|invitation|one-?time)" WS
	  "+(?:link|url|lien|enlace|link)|\\bссылк\\w*" WS
	  "+(?:для" WS "+)?(?:сброса|восстановления|входа|"
	  "подтверждения))[^\\n<]{0,40}?https?://" URLNQ "+"
	  "(?<s>/" URLC "+)" },

	{ RK_API_KEY, RC_TOKEN, ST_API,
	  "(?:\\b(?:api" WS "?[_-]?" WS "?(?:key|token|secret)|apikey|"
	  "access[_-]?(?:key|token)|access" WS "+(?:key|token)|"
	  "(?:aws_)?secret_access_key|secret(?:[_ -]?key)?|"
	  "client[_ -]?secret|auth[_ -]?token|bot[_ -]?token|"
	  "bearer[_ -]?token|private[_ -]?key|token|ключ(?:" WS "+api)?|"
	  "api-ключ|токен(?:" WS "+бота)?|clé" WS "+(?:api|secrète)|"
	  "api-schlüssel|schlüssel|key|tokeni|tokenı|tokennya|anahtar\\w*|"
	  "chave|clave" WS "+(?:de" WS "+)?api|chave" WS
	  "+(?:de" WS "+)?api|klucz" WS "+api)\\b)" FILLW HGAP
	  "(?:" CONN_P "|" WORDC "|(?<=\\h))" GAP
	  "(?<s>[A-Za-z0-9_\\-./+=:]{16,300})(?![\\w-])" },

	/* Sessions. */
	{ RK_SESSION, RC_NONE, "set coo",
	  "\\b(?:set-)?cookie" WS "*:" WS "*"
	  "(?<s>(?=[^\\r\\n<]*\\w=)[^\\s<][^\\r\\n<]{7,})" },
	{ RK_SESSION, RC_TOKEN, ST_SESS,
	  "(?<![\\w.-])(?:sessionid|session_id|sessid|session|sid|phpsessid|"
	  "jsessionid|asp\\.net_sessionid|aspsessionid\\w*|connect\\.sid|"
	  "laravel_session|ci_session|rack\\.session|_gitlab_session|"
	  "_session_id|auth_token|authtoken|remember_token|"
	  "remember_\\w+|wordpress_logged_in_\\w*|wordpress_sec_\\w*|xs|"
	  "sessiontoken|session_token|__secure-[\\w-]+|__host-[\\w-]+|"
	  "_gh_sess|user_session)" WS "*[=:]" GAP
	  "(?<s>[^;\\s<>\"'&,]{8,})" },
	{ RK_SESSION, RC_NONE, "aut",
	  "\\bauthorization" WS "*:" WS "*(?:bearer|basic|token|digest)" WS
	  "+(?<s>[A-Za-z0-9._~+/=-]{8,})" },
	{ RK_SESSION, RC_NONE, "",
	  "(?-i)\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"
	  "\\.[A-Za-z0-9_-]{8,}" },

	/* Recovery codes and keys. */
	{ RK_RECOVERY, RC_NONE, ST_SEED,
	  "(?>" SEED_LABEL ")[^\\n<\\d]{0,30}?(?:[:\\s>]|" TAG ")*"
	  "(?<s>(?:[a-z]{3,8}" SEED_SEP "){11,23}[a-z]{3,8})\\b" },
	{ RK_RECOVERY, RC_NONE, ST_REC " yed kod рез код बै cód",
	  "(?>" REC_LABEL "|" REC_LABEL2 ")" "(?:" TAG "|" WS
	  "|[^\\n<.!?]){0,40}?" WS "{0,6}(?<![\\w-])"
	  "(?<s>" REC_TOK "(?:" REC_SEP "{1,8}" REC_TOK "){0,15})" },

	/* One-time codes.  "the 2FA code never arrives" has no number. */
	{ RK_OTP, RC_NONE, ST_OTP,
	  "(?>" OTP_LABEL ")(?|" OTP_FILL "{0,24}?" HGAP "(?:" CONN_P "|" WORDC
	  ")" GAP NUM_PRE OTP_NUM4 NUM_POST "|" GAP NUM_PRE OTP_NUM4 NUM_POST
	  ")" },
	{ RK_OTP, RC_NONE, ST_OTP,
	  "(?>" OTP_LABEL ")(?:" OTP_FILL "|[:=—–]){0,24}+" NUM_PRE OTP_NUM6
	  NUM_POST },
	{ RK_OTP, RC_NONE, "#g",
	  NUM_PRE OTP_NUM4 "(?=" GAP "(?:" WORDC "|[:—–-])?" GAP
	  "(?:your|votre|tu|su|ihr|dein|ваш|твой|seu|il" WS "+tuo)" WS
	  "+(?:[\\p{L}-]+" WS "+){0,3}?(?:code|otp|pin|código|codice|kod|"
	  "код|passcode|verification))" },
	/* Google's "G-123456". */
	{ RK_OTP, RC_NONE, "g-",
	  "(?-i)(?<![\\w-])G-(?<s>\\d{6})(?![\\w-])" },
	/* "I got a text with 914276", "пришло смс 914276": a number in
	 * the message the customer was sent, not a year. */
	{ RK_OTP, RC_NONE, "tex sms смс mes msg соо пов men nac pes",
	  "\\b(?:text|sms|смс|message|msg|сообщени\\w*|повідомлення|"
	  "mensaje|mensagem|nachricht|mesaj\\w*|pesan)\\b(?:" HWS
	  "+(?:with|saying|says|said|from|google|instagram|the|a|code|was|"
	  "is|contained|containing|с|со|з|con|com|mit|dengan|isi))"
	  "{0,4}" HGAP ":?" GAP NUM_PRE NUM_OTHER
	  "(?!(?:19|20)\\d\\d(?!\\d))" OTP_NUMS NUM_POST OTP_NOTPOST },
	{ RK_OTP, RC_NONE, "use ent вве исп",
	  "\\b(?:use|enter|введите|используйте)" WS "+" NUM_PRE OTP_NUM4
	  WS "+(?:to" WS "+(?:sign|log|verify|confirm|complete|reset|"
	  "access|approve)|as" WS "+your|для" WS "+входа)" },
	/* "code 481516", "kode: 48 15 16", "कोड 4815", "code\n481516": the
	 * bare word, unless it is a promo, postal or error code. */
	{ RK_OTP, RC_NONE, ST_CODE,
	  OTP_NOTPRE "(?>" CODEW "),?(?:" CODEFILL "){0,4}" HGAP "(?:" CONN_P
	  "|" WORDC2 ARTICLE ")?" GAP "(?:>" HWS "*)*" NUM_PRE OTP_NUMS
	  NUM_POST OTP_NOTPOST },
	/* Under a subject that names a code: a code alone on its line. */
	{ RK_OTP, RC_NONE, "#s",
	  "(?m)(?:^|(?<=>))[\\h>]*(?<s>\\d{4,6}|\\d{3}[ -]\\d{3}|"
	  "\\d{2}[ -]\\d{2}[ -]\\d{2}|\\d(?: \\d){3,7})(?=\\h*(?:\\r?$|<))" },
	/* "481516 is the code", "483688 OTP hai", "436854 kodu geldi";
	 * "I entered 291834 from the SMS", "ввёл 291834 из смс": a number
	 * said to come from where codes come from, not a year.  One rule,
	 * so that a number starts one match. */
	{ RK_OTP, RC_NONE, "#g",
	  "(?|" NUM_PRE "(?=" OTP_DIGITS NUM_POST HGAP "(?:[-—–:]" HGAP
	  ")?(?:(?:is|"
	  "ist|é|es|era|это|це|was|the|der|o|el|la|my|mein|meu|mi|your)"
	  HWS "+){0,2}" CODEW CODE_OTHER ")" NUM_OTHER OTP_NUMS NUM_POST "|"
	  "(?=[\\d -]{4,15}\\h(?:from|out|in|из|з|aus|von|de|da|do|del|"
	  "dari|di)\\h)"
	  NUM_PRE NUM_OTHER "(?!(?:19|20)\\d\\d(?!\\d))" OTP_NUMS NUM_POST
	  "(?=" HWS "+(?:from|out\\s+of|in|из|з|aus|von|de|da|do|del|dari|"
	  "di)" HWS "+(?:(?:the|my|your|an?|der|dem|die|la|el|o|a)" HWS
	  "+)?(?:sms|смс|text(?:\\s+message)?|authenticator|"
	  "google\\s+authenticator|2fa\\s+app|auth\\s+app|mensaje|mensagem|"
	  "mesaj|pesan)\\b)" ")" },

	/* Cards and their security codes. */
	{ RK_CVV, RC_NONE, ST_CVV,
	  "(?>" CVV_LABEL ")" "(?:" GAP "|[^\\d\\n.;<]){0,25}?"
	  "(?<![\\p{L}\\d.,/:+#№$€£_-])(?<s>\\d{3,4})"
	  "(?![\\p{L}\\d]|[.,:/-]\\d)" },
	/* "карта 4276 ... до 01/30 код 686": a code right after a card. */
	{ RK_CVV, RC_NONE, "#4",
	  "(?<!\\d)[2-6]\\d{3}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{1,4}[^\\n]{0,40}?"
	  "\\b(?:код|kod|kodu|code|código|codigo|kode|cvv2?|cvc2?|csc)\\b"
	  HGAP "(?:[:=]|" HWS "[-—–])?" HWS "*(?<s>\\d{3,4})(?!\\d)" },
	{ RK_CARD, RC_CARD, "#4", CARD },

	/* Passwords given in context. */
	{ RK_PASSWORD, RC_NONE, "cre log use лог дос zug ide dan",
	  "(?:" CREDS ")" HGAP PUNCT GAP "(?!https?:)(?=[\\p{L}\\p{N}])"
	  "[^\\s<]{1,64}" WS "*(?:/|\\||,|;|" WS ")" GAP NOTSTOP SECRET },
	{ RK_PASSWORD, RC_NONE, ST_PW,
	  "(?>" PW_STRONG ")" FILLW HGAP CONN_P GAP NOTSTOP SECRET },
	{ RK_PASSWORD, RC_NONE, ST_PW,		/* a quoted passphrase */
	  "(?>" PW_STRONG ")" FILLW HGAP "(?:" CONN_P "|" WORDC ")" HWS "*"
	  "(?:[\"'“«„]|&quot;)(?!\\[redacted)(?<s>(?:(?!&quot;)[^\"'”»“\\n<]){3,80})"
	  "(?:[\"'”»“]|&quot;)" },
	{ RK_PASSWORD, RC_NONE, ST_PW,
	  "(?>" PW_STRONG ")(?:" WS "*" TAG "){2,}" GAP NOTSTOP SECRET },
	/* "password is X1", "password, I think it was X1" */
	{ RK_PASSWORD, RC_NONE, ST_PW,
	  "(?>" PW_STRONG ")(?:" HGAP ",)?" FILLW HGAP WORDC GAP NOTSTOP
	  STRONG SECRET },
	/* "pwd: X", and "pass - X1" when X1 looks made up */
	{ RK_PASSWORD, RC_NONE,
	  "pas pw pwd pwo mdp cla con san kat пас гас par",
	  PW_WEAK PW_OF HGAP "(?:[:=：]|&#58;)" GAP NOTSTOP SECRET },
	{ RK_PASSWORD, RC_NONE,
	  "pas pw pwd pwo mdp cla con san kat пас гас par",
	  PW_WEAK HWS "[-—–]" HWS "+" NOTSTOP NOTSTOP2 STRONG SECRET },
	{ RK_PASSWORD, RC_NONE, "pin",
	  "\\bpin(?:[\\s-]*code)?\\b" HGAP "(?:[:=：]|&#58;)" GAP NUM_PRE
	  "(?<s>\\d{4,8})" NUM_POST },
	/* "login: u / X"; "log in with qazwsx123": a word with letters and
	 * digits, not a way of signing in ("with 2FA", "with 1Password",
	 * an address).  One rule, so that "log" starts one match. */
	{ RK_PASSWORD, RC_NONE, "log use лог usu ben uti ide e-m ema имя sig",
	  "(?|" LOGIN WS "*[:=]" WS "*(?=[\\p{L}\\p{N}])[^\\s<]{1,64}" WS "+/"
	  WS "+" NOTSTOP STRONG SECRET "|"
	  "\\b(?:log|sign)[-\\s]?in" HWS "+with" HWS "+"
	  "(?!(?:2fa|2-?step|mfa|otp|sms|1password|u2f|fido2|web3|"
	  "windows\\d*|ios\\d*|android\\d*|win\\d+|v\\d+)"
	  "(?![\\p{L}\\p{N}]))(?![^\\s<]*@)(?=[^\\s<]*\\p{L})"
	  "(?=[^\\s<]*\\d)" NOTSTOP SECRET ")" },
	/* "pwd Qwerty123", "пароль от акка bintangyhf", "senha é X": with
	 * no punctuation what follows must look made up, or be a lone
	 * word where the line ends. */
	{ RK_PASSWORD, RC_NONE, ST_PW2,
	  "(?>" PW_ANY ")" PW_OF "(?:" HWS "+" WORDC2 ")?" HWS "+" HGAP
	  NOTSTOP NOTSTOP2 PWSHAPE SECRET },
	/* "I reset it to NewPass#77": a made-up word of letters and
	 * digits, six or more, after "reset/changed/set it to". */
	{ RK_PASSWORD, RC_NONE, "res cha set upd",
	  "\\b(?:reset|changed?|set|updated?)" HWS "+(?:it|mine)" HWS "+"
	  "(?:back" HWS "+)?to" HWS "+(?![^\\s<]*@)(?=[^\\s<]{6})"
	  "(?=[^\\s<]*\\p{L})(?=[^\\s<]*\\d)" NOTSTOP STRONG SECRET },
	/* "пароль поменял на Kotik_2020", "changed the password to X". */
	{ RK_PASSWORD, RC_NONE, ST_PW2,
	  "(?>" PW_ANY ")" FILLW HWS "+" TOWORD HWS "+" NOTSTOP
	  "(?![^\\s<]*@[^\\s<]*\\.)" STRONG SECRET },
	/* The label ends its line, the password is alone on the next. */
	{ RK_PASSWORD, RC_NONE, ST_PW2,
	  "(?>" PW_ANY ")" PW_OF "(?:" HWS "+" WORDC2 ")?" HGAP
	  "(?:[:=：]|&#58;)?" NEXTL NOTSTOP NOTSTOP2 PWSHAPE SECRET
	  "(?=" LEOL ")" },
	/* "login / password: u / s", "user:pass u:s", "логин и пароль u s". */
	{ RK_PASSWORD, RC_NONE, ST_LOGIN,
	  "(?>" PAIRLAB ")" HGAP "(?:[:=]|" HWS "[-—–]" HWS ")?" GAP IDENT
	  "(?:" WS "*(?:/|\\|)" WS "*|:|" HWS "+)" GAP NOTSTOP SECRET },
	/* "acc u / s", "login: +123 / s": an account and a slash. */
	{ RK_PASSWORD, RC_NONE, ST_LOGIN,
	  "\\b" LOGINW "\\b" HGAP "[:=]?" HWS "*(?=[\\p{L}\\p{N}+@])" IDENT
	  WS "*(?:/|\\|)" GAP NOTSTOP NOTSTOP2 "(?!\\d+(?:[\\s<]|\\z))"
	  PWSHAPE SECRET },
	/* "insta: u s" ending its line. */
	{ RK_PASSWORD, RC_NONE, "ins",
	  "\\binsta(?:gram)?" HGAP ":" HWS "*(?=[\\p{L}\\p{N}+@])" IDENT HWS
	  "+" NOTSTOP NOTSTOP2 PWSHAPE SECRET "(?=" LEOL ")" },
	/* "доступы: u s", "Zugangsdaten u / s". */
	{ RK_PASSWORD, RC_NONE, "cre дос дан zug ide kre",
	  "(?>" CREDS2 ")" HGAP "(?|" PUNCT GAP "(?!https?:)"
	  "(?=[\\p{L}\\p{N}+@])[^\\s<]{1,64}" WS "*(?:/|\\||,|;|" WS ")" GAP
	  NOTSTOP SECRET "|(?<=\\h)(?=[\\p{L}\\p{N}+@])[^\\s<]{1,64}" HWS "+"
	  NOTSTOP NOTSTOP2 STRONG SECRET ")" },
	/* "creds are bella.shop and Bella2025!" */
	{ RK_PASSWORD, RC_NONE, "cre дос дан zug ide kre",
	  "(?>" CREDS2 ")" HWS "+" WORDC HGAP ":?" HWS "*"
	  "(?=[\\p{L}\\p{N}+@])[^\\s<,;]{1,64}" HWS "*(?:,|;|/)?" HWS "*"
	  "(?:and|und|и|і|y|e|et|ve|dan)" HWS "+" NOTSTOP NOTSTOP2 STRONG
	  SECRET },
	/* "ivan@mail.ru:Qwerty12", "+79123456789:Qwerty12". */
	{ RK_PASSWORD, RC_NONE, "",
	  "(?<=[\\w.+-])@[\\w-]{1,63}(?:\\.[\\w-]{1,63})+:"
	  "(?!//)" NOTSTOP PWSHAPE SECRET },
	{ RK_PASSWORD, RC_NONE, "#4",
	  "(?<=\\+)\\d{7,15}:(?!//)" NOTSTOP PWSHAPE SECRET },
	/* "mike_store825:VPEY2ANc is my account": a handle with a digit or
	 * '_' near its end, a colon, a made-up word of six or more with no
	 * colon in it, then "is" or the end of the line. */
	{ RK_PASSWORD, RC_NONE, "",
	  "(?<=[\\d_]|[\\d_][\\w.]|[\\d_][\\w.][\\w.])(?<!:\\d\\d)(?<!:\\d)"
	  ":(?!//)(?!\\d+[.,])" HGAP
	  "(?=[^\\s<]{6})(?![^\\s<]*:)(?=[^\\s<]*\\p{L})" NOTSTOP STRONG SECRET
	  "(?=" HWS "+(?:is|это|вот|es|é|ist|adalah|hai|[-—])(?!\\w)|" LEOL ")"
	  },
	/* A long run of letters and digits in both cases: a key or token
	 * even with no word before it. */
	{ RK_API_KEY, RC_MIXED, "#t",
	  "(?<![\\w/+=.%-])(?-i:[A-Za-z0-9_-]{32,63})(?![\\w/+=.%-])" },
};

const size_t rules_nbuiltin = sizeof(rules_builtin) / sizeof(rules_builtin[0]);

const char rules_subject_code[] = "(?:" OTP_LABEL "|" OTP_NOTPRE CODEW ")";

/* Luhn's checksum over the digits of t[s..e). */
static int
luhn(const char *t, size_t s, size_t e, int *ndigits)
{
	int	 sum = 0, alt = 0, d, n = 0;
	size_t	 i;

	for (i = e; i > s; i--) {
		if (t[i - 1] < '0' || t[i - 1] > '9')
			continue;
		d = t[i - 1] - '0';
		if (alt && (d *= 2) > 9)
			d -= 9;
		sum += d;
		alt = !alt;
		n++;
	}
	*ndigits = n;
	return sum % 10 == 0;
}

/* Does the text just before s name the number as something not a card? */
static int
card_context_other(const char *t, size_t s)
{
	static const char *const other[] = {
		"order", "tracking", "invoice", "transaction", "txn", "ref",
		"iban", "account", "ticket", "#", "№", "id:", "id ", "заказ",
		"bestell", "commande", "pedido", "zamów", "sipariş", "订单",
		"phone", "tel", NULL
	};
	static const char *const card[] = {
		"card", "карт", "karte", "carte", "tarjeta", "cartão", "karta",
		"kart", "visa", "mastercard", "amex", "maestro", "mir ", "cc",
		"कार्ड",
		NULL
	};
	char	 win[49];
	size_t	 from = s > 48 ? s - 48 : 0, i, n = s - from;
	int	 k;

	for (i = 0; i < n; i++) {
		char c = t[from + i];
		win[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	win[n] = '\0';
	for (k = 0; card[k] != NULL; k++)
		if (strstr(win, card[k]) != NULL)
			return 0;
	for (k = 0; other[k] != NULL; k++)
		if (strstr(win, other[k]) != NULL)
			return 1;
	return 0;
}

/* Does t[s..e) look machine-made?  Letters and digits mixed in one run
 * of at least minlen ("8a7f9e2b1c4d"), or hex in groups (a UUID), or a
 * run of 24; a slug of words ("news-2020") is not. */
static int
tokenish(const char *t, size_t s, size_t e, size_t minlen)
{
	size_t	 i, run = 0, best = 0, alnum = 0, dig = 0, alpha = 0, hex = 0;

	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)t[i];
		unsigned char l = c | 0x20;

		if (c >= '0' && c <= '9') {
			dig++;
			hex++;
		} else if (l >= 'a' && l <= 'z') {
			alpha++;
			hex += l <= 'f';
		} else {
			run = 0;
			continue;
		}
		alnum++;
		if (++run > best)
			best = run;
	}
	if (best >= 24)
		return 1;
	if (dig == 0 || alpha == 0)
		return 0;
	return best >= minlen || (hex == alnum && alnum >= 16);
}

/* Does t[s..e) look drawn at random from letters of both cases and
 * digits: all three there, a run of 20 without '_' or '-', the kind of
 * character changing often, and not words run together (vowels and
 * runs of one case as in "VeryLongIdentifierName2")?  Not a MIME
 * boundary, not a hex digest. */
static int
mixed(const char *t, size_t s, size_t e)
{
	size_t	 i, n = 0, run = 0, best = 0, changes = 0, vow = 0, let = 0;
	size_t	 crun = 0, cbest = 0;
	int	 seen = 0, k, pk = -1;

	for (i = s; i < e; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c >= 'A' && c <= 'Z')
			k = 0;
		else if (c >= 'a' && c <= 'z')
			k = 1;
		else if (c >= '0' && c <= '9')
			k = 2;
		else {
			run = 0;
			continue;
		}
		seen |= 1 << k;
		changes += pk >= 0 && k != pk;
		crun = k == pk ? crun + 1 : 1;
		if (k < 2 && crun > cbest)
			cbest = crun;
		pk = k;
		if (k < 2) {
			let++;
			vow += strchr("aeiouAEIOU", c) != NULL;
		}
		n++;
		if (++run > best)
			best = run;
	}
	if (vow * 10 > let * 3 && cbest >= 5)
		return 0;
	return seen == 7 && best >= 20 && changes * 4 >= n;
}

/* Does t[s..e) pass the check c? */
int
rules_check(enum rule_check c, const char *t, size_t tlen, size_t s,
    size_t e)
{
	int	 n;

	(void)tlen;
	switch (c) {
	case RC_NONE:
		return 1;
	case RC_CARD:
		if (!luhn(t, s, e, &n) || n < 13 || n > 19)
			return 0;
		return !card_context_other(t, s);
	case RC_TOKEN:
		return tokenish(t, s, e, 6);
	case RC_TOKEN_LONG:
		return tokenish(t, s, e, 16);
	case RC_MIXED:
		return mixed(t, s, e);
	}
	return 0;
}

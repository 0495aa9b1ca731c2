/* labels.h - the words people put before (or after) a secret, in the
 * languages support mail comes in (internal to redact/, used by
 * rules.c, which defines WS, HWS, GAP and PW_STRONG first).
 *
 * These serve the rules that rest on structure rather than on a
 * connector: a label followed by the secret alone ("pwd Qwerty123",
 * "kode 481516"), a label on the line above, a login and its password
 * as a pair, a number followed by the word that names it a code.
 */
#ifndef PD_REDACT_LABELS_H
#define PD_REDACT_LABELS_H

/* Password words, their short forms and slang (with PW_STRONG). */
#define PW_ANY	"(?:" PW_STRONG "|(?<![/&:])\\b(?:pass|pw|pwd|passwd|pword|" \
		"mdp|clave|contra|passwordnya|passnya|pwnya|sandi|sandinya|" \
		"kata" WS "+sandi(?:nya)?|пасс|пароль\\w{0,3}|паролька|" \
		"пасворд|гасло|parola|şifre\\w{0,4}|sifre\\w{0,4})\\b)"
/* What the password is of, said between the label and the secret. */
#define PW_OF	"(?:" HWS "+(?:(?:for|of)" HWS "+(?:the" HWS "+|my" HWS "+)?" \
		"(?:acc|account|panel|insta(?:gram)?|e?mail)|" \
		"(?:от|від)" HWS "+(?:акка|аккаунта|акаунту|акаунта|почты|" \
		"пошти|инсты|інсти|инстаграма|страницы)|" \
		"d[ao]" HWS "+(?:conta|insta(?:gram)?|e-?mail)|" \
		"de" HWS "+(?:la" HWS "+cuenta|instagram|insta)|akun(?:" HWS \
		"+(?:ig|insta(?:gram)?|fb|tiktok))?(?:" HWS "+(?:saya|aku|" \
		"ku|gue|gw))?|baru|" \
		"vom" HWS "+[\\p{L}-]{2,20}|wala|wali|ka|saya|aku|ku|gue|" \
		"gw))?"
/* Words that join a label and its value without punctuation. */
#define WORDC2	"(?:" WORDC "|(?<![\\p{L}\\p{N}])(?:такий|такой|такая|hai|" \
		"şu|şöyle|adalah|yaitu|foi|це|був|була)(?![\\p{L}\\p{N}])|है)"
/* Not a secret: what people write after a password word instead. */
#define NOTSTOP2 "(?!(?:again|please|pls|plz|too|here|there|now|today|" \
		"asap|also|still|anymore|yet|ok|okay|thanks|thx|for|from|" \
		"with|and|or|then|reset|recovery|field|manager|link|" \
		"пожалуйста|пж|тоже|еще|ещё|опять|снова|теперь|будь|" \
		"bitte|nochmal|auch|lagi|dong|juga|lütfen|tekrar|bhi|" \
		"karo|nahi|por|favor|também|tambien|también|vergessen|" \
		"geändert|unuttum|değiştirdim|forgot|forgotten|lost|" \
		"changed|expired|esqueci|esquecida|olvidé|olvidada|" \
		"olvidado|lupa|ganti|diganti|diubah|bhool|забыл|забыла|" \
		"забув|забула|изменил|змінив|сбросил|скинув|" \
		"sıfırladım|unutdum|yesterday|today|tomorrow|вчера|" \
		"сегодня|вчора|сьогодні|ayer|hoy|ontem|hoje|gestern|" \
		"heute|dün|bugün|kemarin|aaj|kal)" \
		"(?![\\p{L}\\p{N}]))"
/* Where a line ends, in text or HTML. */
#define LEOL	"(?:" HWS "*[.!,;]?" HWS "*(?:\\r?\\n|<|\\z))"
/* Into the next line: line ends, HTML breaks, a quote mark. */
#define NEXTL	"(?:" HWS "*(?:\\r?\\n|<br\\s*/?>|</?(?:p|div|td|tr|li)" \
		"(?:\\s[^<>]{0,200})?>))+(?:" HWS "*>)*" HWS "*"
/* A password on its own: made up (digits, signs, mixed case), or a
 * lower-case word where the line ends. */
#define PWSHAPE	"(?:" STRONG "|(?=\\p{Ll}{4,30}" LEOL "))"

/* A login: e-mail, phone number or handle. */
#define IDENT	"(?!https?:)[^\\s<:/|]{2,64}"
#define LOGINW	"(?:login|логин|логін|user(?:name)?|usuario|usuário|" \
		"benutzer(?:name)?|kullanıcı(?:" WS "+adı)?|kadi|e-?mail|" \
		"mail|id|acc(?:ount)?|аккаунт|акаунт|акк|cuenta|conta|hesap|" \
		"akun|giriş|insta(?:gram)?|zugang|доступ|acesso|acceso)"
/* "login / password", "user:pass", "логин и пароль". */
#define PAIRLAB	"\\b" LOGINW WS "*(?:/|&amp;|&|and|и|і|y|e|und|ve|dan|:)" \
		WS "*(?:pass(?:word|wort|wd)?|kennwort|пароль|" \
		"contrase(?:ñ|n)a|" \
		"senha|şifre|sifre|secret|clave|sandi|parola|pw|pwd|пасс|" \
		"гасло|पासवर्ड|kata" WS "+sandi)\\b"
/* Words that name a login and password given together. */
#define CREDS2	"\\b(?:credentials|creds|доступы|доступи|данные" WS \
		"+от" WS "+(?:акка|аккаунта)|zugangsdaten|identifiants|" \
		"credenciales|credenciais|kredensial|dane" WS "+logowania)\\b"

/* --- codes --- */
/* The bare word "code" and its kin; what comes before may make it a
 * promo, postal or error code instead (OTP_NOTPRE). */
#define CODEW	"(?:\\b(?:codes?|códigos?|codigo|codice|kod|kodu|kode|" \
		"kodenya|kodunu|kodum|kodunuz|код|кода|коду|кодом|otp|tan|" \
		"verification|authenticator|" \
		"verificación|verificação|verifikasi|doğrulama)\\b|" \
		"ओटीपी|कोड|ओ\\.टी\\.पी\\.)"
#define OTP_NOTPRE "(?<!promo |promo-|discount |coupon |gift |zip |" \
		"postal |post |area |country |error |status |service |" \
		"source |voucher |referral |invite |booking |bar |qr |" \
		"indirim |posta |cupom |cupon |desconto |descuento |" \
		"промо |промокод |купон |почтовый |ошибки |помилки |" \
		"скидочный |знижки |rabatt |fehler |tracking |track |" \
		"order |product |item |sku |region |dial |phone |" \
		"access |sort |ifsc |swift )"
/* Words between "code" and the number: where it came from, a verb. */
#define CODEFILL "(?:" HWS "+(?:from|the|via|by|in|from" HWS "+the|" \
		"aus|der|vom|per|из|с|з|від|por|do|da|de|del|dari|" \
		"lewat|via|se|ka|ki|sms|смс|e-?mail|app|приложения|" \
		"додатку|почты|пошти|aplicativo|aplicación|aplikasi|" \
		"anwendung|nya|aaya|hai|है|para|для|входа|входу|" \
		"for|login|giriş|için|geldi|gelen|pendaftaran|ist|is|" \
		"lautet|é|es|это|це|adalah|yaitu|şu|was|war|era|foi|" \
		"пришел|пришёл|прийшов|llegó|chegou|kam|verifikasi|" \
		"konfirmasi|verifikasinya|konfirmasinya|masuk|akses|otp|" \
		"підтвердження|подтверждения|" \
		"sms-?|they|sent|me|i|got|received|you|that|this|to|" \
		"sign|log|verify|confirm|entered|typed|tried|put|shows|" \
		"says|gives|app|que|что|що|which|" \
		"\\d{1,2}[-\\s]?(?:digits?|dígitos?|цифр\\w*|haneli|" \
		"stellige?n?)))(?=[\\s\\x{a0}:=—–-])"
/* An article after "is": "el código es el 448812". */
#define ARTICLE	"(?:" HWS "+(?:el|la|o|a|der|die|das|the))?"
/* "changed to", "поменял на": the new password follows. */
#define TOWORD	"(?:на|to|into|a|para|auf|zu|jadi|menjadi|ke)"
/* A code as people write it: grouped, dashed, or digit by digit. */
#define OTP_DIGITS "(?:\\d{4}[ -]\\d{4}|\\d{3}[ -]\\d{3}|" \
		"\\d{2}[ -]\\d{2}[ -]\\d{2}|\\d(?: \\d){3,7}(?! \\d)|" \
		"\\d{4,8})"
#define OTP_NUMS "(?<s>" OTP_DIGITS ")"
/* After the number: not an order or a unit. */
/* After the word "code": it names another code. */
#define CODE_OTHER "(?!" HWS "+(?:ошибки|помилки|error|errors|hatası|" \
		"de" HWS "+erro|de" HWS "+error|fehler|promo|postal|pos|" \
		"posta|postale|promocional|voucher|referral|del" HWS \
		"+error)(?![\\p{L}\\p{N}]))"
/* Before a number: it is an order, ticket or phone number. */
#define NUM_OTHER "(?<!заказ |заказа |order |pedido |bestellung |" \
		"pesanan |sipariş |замовлення |ticket |тикет |phone |" \
		"телефон |ref |id )"
#define OTP_NOTPOST "(?!" HWS "*(?:numaralı|nolu|siparişi\\w*|order|" \
		"заказ\\w*|замовлен\\w*|pedido|bestellung|pesanan|" \
		"followers|likes|views|takipçi|подпис\\w*|seguidores|" \
		"follower|curtidas|görüntül\\w*|beğeni))"

/* --- lists after a label --- */
#define REC_LABEL2 "(?:\\byedek" WS "+kod(?:lar[ıi]?|u|ları)?\\b|" \
		"\\bkode" WS "+(?:cadangan|pemulihan|backup)\\b|" \
		"\\bрезервн\\w+" WS "+код\\w*|\\bкод\\w*" WS \
		"+відновлення|\\bcódigos?" WS "+de" WS "+(?:respaldo|" \
		"recuperación|recuperação|backup|segurança)\\b|" \
		"बैकअप" WS "*कोड|\\bbackup-?codes?\\b)"
#define SEED_LABEL "(?:\\bseed(?=" HWS "*:)|" \
		"\\b(?:seed|recovery|mnemonic|secret" WS \
		"+recovery|wallet" WS "+recovery)" WS "*-?" WS \
		"*(?:phrase|words)|\\bmnemonic\\b|\\b(?:12|24)" WS \
		"+words\\b|" \
		"\\bseed-?phrase\\b|\\b(?:сид|сід|seed)" WS "*-?" WS \
		"*фраз\\w*|\\bмнемоник\\w*|\\b(?:12|24)" WS "+слов\\b|" \
		"\\bfrase" WS "+(?:semilla|semente|de" WS \
		"+(?:recuperación|recuperação|recuperacion|semilla))\\b|" \
		"\\bwiederherstellungsphrase\\b|\\bgizli" WS \
		"+kelimeler\\b|\\bkurtarma" WS "+(?:ifadesi|kelimeleri)\\b|" \
		"\\bfrasa" WS "+(?:pemulihan|sandi)\\b|सीड" WS "*फ्रेज़?)"
#define SEED_SEP "(?:[\\s,>]|&nbsp;|<br\\s*/?>|</?(?:p|div|li)[^<>]{0,80}>)+"

#endif

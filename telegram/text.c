/* text.c - the bot's texts (see text.h). */
#include "config.h"

#include <string.h>

#include "telegram/text.h"

struct tg_phrase {
	enum tg_text	 p_id;
	const char	*p_lang;
	const char	*p_text;
};

static const struct tg_phrase phrases[] = {
	{ TT_HELP, "en", "Send /createticket to open a ticket, /start to see "
	    "your tickets, /cancel to stop what you are doing." },
	{ TT_PRIVATE_ONLY, "en", "I only talk in private chats: please "
	    "write to me directly." },
	{ TT_CHOOSE_DEPARTMENT, "en", "Which department is it for?" },
	{ TT_ENTER_SUBJECT, "en", "Please enter the subject of your ticket." },
	{ TT_ENTER_ORDER, "en", "Please enter the service or order ID, or "
	    "press Skip." },
	{ TT_ENTER_MESSAGE, "en", "Now send your message: one or more texts "
	    "and up to %ld files (photos or documents). Press Complete when "
	    "you are done." },
	{ TT_ENTER_REPLY, "en", "Send your reply to ticket #%ld: texts and "
	    "files. Press Complete when you are done." },
	{ TT_GOT_IT, "en", "Got it. Send more, or press Complete." },
	{ TT_PRESS_BUTTON, "en", "Please choose one of the buttons above, or "
	    "/cancel." },
	{ TT_UNSUPPORTED, "en", "I can only take texts, photos and "
	    "documents." },
	{ TT_TOO_MUCH_TEXT, "en", "That is more text than one ticket takes "
	    "(%ld bytes in all); it was not added. Please send it shorter." },
	{ TT_TOO_MANY_FILES, "en", "A ticket takes at most %ld files; this "
	    "one was not added." },
	{ TT_FILE_TOO_BIG, "en", "That file is larger than %ld KB; it was "
	    "not added." },
	{ TT_FILES_TOO_BIG, "en", "The files of one ticket may take %ld KB "
	    "in all; this one was not added." },
	{ TT_NOTHING_YET, "en", "Please send a message first, then press "
	    "Complete." },
	{ TT_CANCELLED, "en", "Cancelled. Nothing was sent." },
	{ TT_NOTHING_TO_CANCEL, "en", "There is nothing to cancel." },
	{ TT_NO_TICKETS, "en", "You have no active tickets. Send "
	    "/createticket to open one." },
	{ TT_YOUR_TICKETS, "en", "Your active tickets:" },
	{ TT_CLOSED, "en", "Ticket #%ld is closed." },
	{ TT_NOW_CLOSED, "en", "Ticket #%ld is now closed." },
	{ TT_NOT_YOURS, "en", "That ticket is not one of yours." },
	{ TT_STALE, "en", "That button belongs to an earlier step." },
	{ TT_SENT_NEW, "en", "Sent. Your ticket number is #%ld." },
	{ TT_SENT_REPLY, "en", "Your reply was added to ticket #%ld." },
	{ TT_REFUSED, "en", "Sorry, that could not be sent: %s" },
	{ TT_SKIP, "en", "Skip" },
	{ TT_COMPLETE, "en", "Complete" },
	{ TT_ADD_REPLY, "en", "Add a reply" },
	{ TT_CLOSE_TICKET, "en", "Close ticket" },
	{ TT_DEPARTMENT, "en", "Department: %s" },
	{ TT_ORDER_SKIPPED, "en", "No order ID." },

	/* The same in the other languages of the templates (the buttons
	 * keep their names). */
	/* ru */
	{ TT_HELP, "ru", "Отправьте /createticket, чтобы создать тикет, "
	    "/start, чтобы увидеть свои тикеты, /cancel, чтобы прервать "
	    "текущее действие." },
	{ TT_PRIVATE_ONLY, "ru", "Я общаюсь только в личных чатах: "
	    "пожалуйста, напишите мне напрямую." },
	{ TT_CHOOSE_DEPARTMENT, "ru", "В какой отдел обращение?" },
	{ TT_ENTER_SUBJECT, "ru", "Введите тему тикета." },
	{ TT_ENTER_ORDER, "ru", "Введите ID услуги или заказа или нажмите "
	    "Skip." },
	{ TT_ENTER_MESSAGE, "ru", "Теперь отправьте сообщение: один или "
	    "несколько текстов и до %ld файлов (фото или документов). "
	    "Когда закончите, нажмите Complete." },
	{ TT_ENTER_REPLY, "ru", "Отправьте ответ в тикет #%ld: тексты и "
	    "файлы. Когда закончите, нажмите Complete." },
	{ TT_GOT_IT, "ru", "Принято. Отправьте ещё или нажмите Complete." },
	{ TT_PRESS_BUTTON, "ru", "Выберите одну из кнопок выше или "
	    "отправьте /cancel." },
	{ TT_UNSUPPORTED, "ru", "Я принимаю только тексты, фото и "
	    "документы." },
	{ TT_TOO_MUCH_TEXT, "ru", "Это больше текста, чем вмещает один "
	    "тикет (всего %ld байт); он не добавлен. Пожалуйста, "
	    "отправьте короче." },
	{ TT_TOO_MANY_FILES, "ru", "В тикете может быть не более %ld "
	    "файлов; этот не добавлен." },
	{ TT_FILE_TOO_BIG, "ru", "Этот файл больше %ld КБ; он не добавлен." },
	{ TT_FILES_TOO_BIG, "ru", "Файлы одного тикета могут занимать "
	    "всего %ld КБ; этот не добавлен." },
	{ TT_NOTHING_YET, "ru", "Сначала отправьте сообщение, затем "
	    "нажмите Complete." },
	{ TT_CANCELLED, "ru", "Отменено. Ничего не отправлено." },
	{ TT_NOTHING_TO_CANCEL, "ru", "Отменять нечего." },
	{ TT_NO_TICKETS, "ru", "У вас нет активных тикетов. Отправьте "
	    "/createticket, чтобы создать тикет." },
	{ TT_YOUR_TICKETS, "ru", "Ваши активные тикеты:" },
	{ TT_CLOSED, "ru", "Тикет #%ld закрыт." },
	{ TT_NOW_CLOSED, "ru", "Тикет #%ld теперь закрыт." },
	{ TT_NOT_YOURS, "ru", "Это не ваш тикет." },
	{ TT_STALE, "ru", "Эта кнопка относится к прошлому шагу." },
	{ TT_SENT_NEW, "ru", "Отправлено. Номер вашего тикета: #%ld." },
	{ TT_SENT_REPLY, "ru", "Ваш ответ добавлен в тикет #%ld." },
	{ TT_REFUSED, "ru", "К сожалению, отправить не удалось: %s" },
	{ TT_DEPARTMENT, "ru", "Отдел: %s" },
	{ TT_ORDER_SKIPPED, "ru", "Без ID заказа." },
	/* uk */
	{ TT_HELP, "uk", "Надішліть /createticket, щоб створити тікет, "
	    "/start, щоб побачити свої тікети, /cancel, щоб перервати "
	    "поточну дію." },
	{ TT_PRIVATE_ONLY, "uk", "Я спілкуюся лише в особистих чатах: "
	    "будь ласка, напишіть мені напряму." },
	{ TT_CHOOSE_DEPARTMENT, "uk", "До якого відділу звернення?" },
	{ TT_ENTER_SUBJECT, "uk", "Введіть тему тікета." },
	{ TT_ENTER_ORDER, "uk", "Введіть ID послуги або замовлення чи "
	    "натисніть Skip." },
	{ TT_ENTER_MESSAGE, "uk", "Тепер надішліть повідомлення: один або "
	    "кілька текстів і до %ld файлів (фото чи документів). Коли "
	    "закінчите, натисніть Complete." },
	{ TT_ENTER_REPLY, "uk", "Надішліть відповідь у тікет #%ld: тексти "
	    "й файли. Коли закінчите, натисніть Complete." },
	{ TT_GOT_IT, "uk", "Прийнято. Надішліть ще або натисніть Complete." },
	{ TT_PRESS_BUTTON, "uk", "Виберіть одну з кнопок вище або "
	    "надішліть /cancel." },
	{ TT_UNSUPPORTED, "uk", "Я приймаю лише тексти, фото й документи." },
	{ TT_TOO_MUCH_TEXT, "uk", "Це більше тексту, ніж вміщує один "
	    "тікет (усього %ld байтів); його не додано. Будь ласка, "
	    "надішліть коротше." },
	{ TT_TOO_MANY_FILES, "uk", "У тікеті може бути не більше %ld "
	    "файлів; цей не додано." },
	{ TT_FILE_TOO_BIG, "uk", "Цей файл більший за %ld КБ; його не "
	    "додано." },
	{ TT_FILES_TOO_BIG, "uk", "Файли одного тікета можуть займати "
	    "загалом %ld КБ; цей не додано." },
	{ TT_NOTHING_YET, "uk", "Спочатку надішліть повідомлення, потім "
	    "натисніть Complete." },
	{ TT_CANCELLED, "uk", "Скасовано. Нічого не надіслано." },
	{ TT_NOTHING_TO_CANCEL, "uk", "Скасовувати нічого." },
	{ TT_NO_TICKETS, "uk", "У вас немає активних тікетів. Надішліть "
	    "/createticket, щоб створити тікет." },
	{ TT_YOUR_TICKETS, "uk", "Ваші активні тікети:" },
	{ TT_CLOSED, "uk", "Тікет #%ld закрито." },
	{ TT_NOW_CLOSED, "uk", "Тікет #%ld тепер закрито." },
	{ TT_NOT_YOURS, "uk", "Це не ваш тікет." },
	{ TT_STALE, "uk", "Ця кнопка належить до попереднього кроку." },
	{ TT_SENT_NEW, "uk", "Надіслано. Номер вашого тікета: #%ld." },
	{ TT_SENT_REPLY, "uk", "Вашу відповідь додано до тікета #%ld." },
	{ TT_REFUSED, "uk", "На жаль, надіслати не вдалося: %s" },
	{ TT_DEPARTMENT, "uk", "Відділ: %s" },
	{ TT_ORDER_SKIPPED, "uk", "Без ID замовлення." },
	/* es */
	{ TT_HELP, "es", "Envía /createticket para abrir un ticket, "
	    "/start para ver tus tickets, /cancel para dejar lo que estás "
	    "haciendo." },
	{ TT_PRIVATE_ONLY, "es", "Solo hablo en chats privados: escríbeme "
	    "directamente, por favor." },
	{ TT_CHOOSE_DEPARTMENT, "es", "¿Para qué departamento es?" },
	{ TT_ENTER_SUBJECT, "es", "Escribe el asunto de tu ticket." },
	{ TT_ENTER_ORDER, "es", "Escribe el ID del servicio o del pedido, "
	    "o pulsa Skip." },
	{ TT_ENTER_MESSAGE, "es", "Ahora envía tu mensaje: uno o varios "
	    "textos y hasta %ld archivos (fotos o documentos). Pulsa "
	    "Complete cuando termines." },
	{ TT_ENTER_REPLY, "es", "Envía tu respuesta al ticket #%ld: "
	    "textos y archivos. Pulsa Complete cuando termines." },
	{ TT_GOT_IT, "es", "Recibido. Envía más o pulsa Complete." },
	{ TT_PRESS_BUTTON, "es", "Elige uno de los botones de arriba, o "
	    "/cancel." },
	{ TT_UNSUPPORTED, "es", "Solo puedo recibir textos, fotos y "
	    "documentos." },
	{ TT_TOO_MUCH_TEXT, "es", "Es más texto del que admite un ticket "
	    "(%ld bytes en total); no se ha añadido. Envíalo más corto, "
	    "por favor." },
	{ TT_TOO_MANY_FILES, "es", "Un ticket admite como máximo %ld "
	    "archivos; este no se ha añadido." },
	{ TT_FILE_TOO_BIG, "es", "Ese archivo supera los %ld KB; no se ha "
	    "añadido." },
	{ TT_FILES_TOO_BIG, "es", "Los archivos de un ticket pueden "
	    "ocupar %ld KB en total; este no se ha añadido." },
	{ TT_NOTHING_YET, "es", "Envía primero un mensaje y luego pulsa "
	    "Complete." },
	{ TT_CANCELLED, "es", "Cancelado. No se ha enviado nada." },
	{ TT_NOTHING_TO_CANCEL, "es", "No hay nada que cancelar." },
	{ TT_NO_TICKETS, "es", "No tienes tickets activos. Envía "
	    "/createticket para abrir uno." },
	{ TT_YOUR_TICKETS, "es", "Tus tickets activos:" },
	{ TT_CLOSED, "es", "El ticket #%ld está cerrado." },
	{ TT_NOW_CLOSED, "es", "El ticket #%ld ya está cerrado." },
	{ TT_NOT_YOURS, "es", "Ese ticket no es tuyo." },
	{ TT_STALE, "es", "Ese botón es de un paso anterior." },
	{ TT_SENT_NEW, "es", "Enviado. El número de tu ticket es #%ld." },
	{ TT_SENT_REPLY, "es", "Tu respuesta se ha añadido al ticket #%ld." },
	{ TT_REFUSED, "es", "Lo siento, no se ha podido enviar: %s" },
	{ TT_DEPARTMENT, "es", "Departamento: %s" },
	{ TT_ORDER_SKIPPED, "es", "Sin ID de pedido." },
	/* pt */
	{ TT_HELP, "pt", "Envie /createticket para abrir um ticket, "
	    "/start para ver os seus tickets, /cancel para parar o que "
	    "está a fazer." },
	{ TT_PRIVATE_ONLY, "pt", "Só falo em conversas privadas: por "
	    "favor, escreva-me diretamente." },
	{ TT_CHOOSE_DEPARTMENT, "pt", "Para que departamento é?" },
	{ TT_ENTER_SUBJECT, "pt", "Escreva o assunto do seu ticket." },
	{ TT_ENTER_ORDER, "pt", "Escreva o ID do serviço ou da encomenda, "
	    "ou toque em Skip." },
	{ TT_ENTER_MESSAGE, "pt", "Agora envie a sua mensagem: um ou mais "
	    "textos e até %ld ficheiros (fotos ou documentos). Toque em "
	    "Complete quando terminar." },
	{ TT_ENTER_REPLY, "pt", "Envie a sua resposta ao ticket #%ld: "
	    "textos e ficheiros. Toque em Complete quando terminar." },
	{ TT_GOT_IT, "pt", "Recebido. Envie mais ou toque em Complete." },
	{ TT_PRESS_BUTTON, "pt", "Escolha um dos botões acima, ou /cancel." },
	{ TT_UNSUPPORTED, "pt", "Só posso receber textos, fotos e "
	    "documentos." },
	{ TT_TOO_MUCH_TEXT, "pt", "É mais texto do que um ticket aceita "
	    "(%ld bytes no total); não foi adicionado. Envie-o mais "
	    "curto, por favor." },
	{ TT_TOO_MANY_FILES, "pt", "Um ticket aceita no máximo %ld "
	    "ficheiros; este não foi adicionado." },
	{ TT_FILE_TOO_BIG, "pt", "Esse ficheiro tem mais de %ld KB; não "
	    "foi adicionado." },
	{ TT_FILES_TOO_BIG, "pt", "Os ficheiros de um ticket podem ocupar "
	    "%ld KB no total; este não foi adicionado." },
	{ TT_NOTHING_YET, "pt", "Envie primeiro uma mensagem e depois "
	    "toque em Complete." },
	{ TT_CANCELLED, "pt", "Cancelado. Nada foi enviado." },
	{ TT_NOTHING_TO_CANCEL, "pt", "Não há nada para cancelar." },
	{ TT_NO_TICKETS, "pt", "Não tem tickets ativos. Envie "
	    "/createticket para abrir um." },
	{ TT_YOUR_TICKETS, "pt", "Os seus tickets ativos:" },
	{ TT_CLOSED, "pt", "O ticket #%ld está fechado." },
	{ TT_NOW_CLOSED, "pt", "O ticket #%ld foi fechado." },
	{ TT_NOT_YOURS, "pt", "Esse ticket não é seu." },
	{ TT_STALE, "pt", "Esse botão é de um passo anterior." },
	{ TT_SENT_NEW, "pt", "Enviado. O número do seu ticket é #%ld." },
	{ TT_SENT_REPLY, "pt", "A sua resposta foi adicionada ao ticket "
	    "#%ld." },
	{ TT_REFUSED, "pt", "Lamento, não foi possível enviar: %s" },
	{ TT_DEPARTMENT, "pt", "Departamento: %s" },
	{ TT_ORDER_SKIPPED, "pt", "Sem ID de encomenda." },
	/* de */
	{ TT_HELP, "de", "Senden Sie /createticket, um ein Ticket zu "
	    "eröffnen, /start, um Ihre Tickets zu sehen, /cancel, um den "
	    "aktuellen Vorgang abzubrechen." },
	{ TT_PRIVATE_ONLY, "de", "Ich antworte nur in privaten Chats: "
	    "Bitte schreiben Sie mir direkt." },
	{ TT_CHOOSE_DEPARTMENT, "de", "Für welche Abteilung ist es?" },
	{ TT_ENTER_SUBJECT, "de", "Bitte geben Sie den Betreff Ihres "
	    "Tickets ein." },
	{ TT_ENTER_ORDER, "de", "Bitte geben Sie die Service- oder "
	    "Bestellnummer ein oder tippen Sie auf Skip." },
	{ TT_ENTER_MESSAGE, "de", "Senden Sie jetzt Ihre Nachricht: einen "
	    "oder mehrere Texte und bis zu %ld Dateien (Fotos oder "
	    "Dokumente). Tippen Sie auf Complete, wenn Sie fertig sind." },
	{ TT_ENTER_REPLY, "de", "Senden Sie Ihre Antwort zu Ticket #%ld: "
	    "Texte und Dateien. Tippen Sie auf Complete, wenn Sie fertig "
	    "sind." },
	{ TT_GOT_IT, "de", "Erhalten. Senden Sie mehr oder tippen Sie auf "
	    "Complete." },
	{ TT_PRESS_BUTTON, "de", "Bitte wählen Sie eine der Schaltflächen "
	    "oben, oder /cancel." },
	{ TT_UNSUPPORTED, "de", "Ich kann nur Texte, Fotos und Dokumente "
	    "annehmen." },
	{ TT_TOO_MUCH_TEXT, "de", "Das ist mehr Text, als ein Ticket "
	    "aufnimmt (insgesamt %ld Bytes); er wurde nicht hinzugefügt. "
	    "Bitte senden Sie ihn kürzer." },
	{ TT_TOO_MANY_FILES, "de", "Ein Ticket nimmt höchstens %ld "
	    "Dateien auf; diese wurde nicht hinzugefügt." },
	{ TT_FILE_TOO_BIG, "de", "Diese Datei ist größer als %ld KB; sie "
	    "wurde nicht hinzugefügt." },
	{ TT_FILES_TOO_BIG, "de", "Die Dateien eines Tickets dürfen "
	    "insgesamt %ld KB groß sein; diese wurde nicht hinzugefügt." },
	{ TT_NOTHING_YET, "de", "Bitte senden Sie zuerst eine Nachricht "
	    "und tippen Sie dann auf Complete." },
	{ TT_CANCELLED, "de", "Abgebrochen. Es wurde nichts gesendet." },
	{ TT_NOTHING_TO_CANCEL, "de", "Es gibt nichts abzubrechen." },
	{ TT_NO_TICKETS, "de", "Sie haben keine offenen Tickets. Senden "
	    "Sie /createticket, um eines zu eröffnen." },
	{ TT_YOUR_TICKETS, "de", "Ihre offenen Tickets:" },
	{ TT_CLOSED, "de", "Ticket #%ld ist geschlossen." },
	{ TT_NOW_CLOSED, "de", "Ticket #%ld ist jetzt geschlossen." },
	{ TT_NOT_YOURS, "de", "Dieses Ticket gehört nicht zu Ihren." },
	{ TT_STALE, "de", "Diese Schaltfläche gehört zu einem früheren "
	    "Schritt." },
	{ TT_SENT_NEW, "de", "Gesendet. Ihre Ticketnummer ist #%ld." },
	{ TT_SENT_REPLY, "de", "Ihre Antwort wurde zu Ticket #%ld "
	    "hinzugefügt." },
	{ TT_REFUSED, "de", "Leider konnte das nicht gesendet werden: %s" },
	{ TT_DEPARTMENT, "de", "Abteilung: %s" },
	{ TT_ORDER_SKIPPED, "de", "Keine Bestellnummer." },
	/* tr */
	{ TT_HELP, "tr", "Talep açmak için /createticket, taleplerinizi "
	    "görmek için /start, yaptığınız işlemi durdurmak için /cancel "
	    "gönderin." },
	{ TT_PRIVATE_ONLY, "tr", "Yalnızca özel sohbetlerde konuşuyorum: "
	    "lütfen bana doğrudan yazın." },
	{ TT_CHOOSE_DEPARTMENT, "tr", "Hangi departman için?" },
	{ TT_ENTER_SUBJECT, "tr", "Lütfen talebinizin konusunu yazın." },
	{ TT_ENTER_ORDER, "tr", "Hizmet veya sipariş numarasını yazın ya "
	    "da Skip'e dokunun." },
	{ TT_ENTER_MESSAGE, "tr", "Şimdi mesajınızı gönderin: bir veya "
	    "birkaç metin ve en fazla %ld dosya (fotoğraf veya belge). "
	    "Bitirdiğinizde Complete'e dokunun." },
	{ TT_ENTER_REPLY, "tr", "#%ld numaralı talebe yanıtınızı "
	    "gönderin: metinler ve dosyalar. Bitirdiğinizde Complete'e "
	    "dokunun." },
	{ TT_GOT_IT, "tr", "Alındı. Daha fazlasını gönderin veya "
	    "Complete'e dokunun." },
	{ TT_PRESS_BUTTON, "tr", "Lütfen yukarıdaki düğmelerden birini "
	    "seçin veya /cancel gönderin." },
	{ TT_UNSUPPORTED, "tr", "Yalnızca metin, fotoğraf ve belge "
	    "alabilirim." },
	{ TT_TOO_MUCH_TEXT, "tr", "Bu, bir talebin alabileceğinden fazla "
	    "metin (toplam %ld bayt); eklenmedi. Lütfen daha kısa "
	    "gönderin." },
	{ TT_TOO_MANY_FILES, "tr", "Bir talep en fazla %ld dosya alır; bu "
	    "dosya eklenmedi." },
	{ TT_FILE_TOO_BIG, "tr", "Bu dosya %ld KB'tan büyük; eklenmedi." },
	{ TT_FILES_TOO_BIG, "tr", "Bir talebin dosyaları toplam %ld KB "
	    "olabilir; bu dosya eklenmedi." },
	{ TT_NOTHING_YET, "tr", "Lütfen önce bir mesaj gönderin, sonra "
	    "Complete'e dokunun." },
	{ TT_CANCELLED, "tr", "İptal edildi. Hiçbir şey gönderilmedi." },
	{ TT_NOTHING_TO_CANCEL, "tr", "İptal edilecek bir şey yok." },
	{ TT_NO_TICKETS, "tr", "Etkin talebiniz yok. Bir talep açmak için "
	    "/createticket gönderin." },
	{ TT_YOUR_TICKETS, "tr", "Etkin talepleriniz:" },
	{ TT_CLOSED, "tr", "#%ld numaralı talep kapalı." },
	{ TT_NOW_CLOSED, "tr", "#%ld numaralı talep artık kapalı." },
	{ TT_NOT_YOURS, "tr", "Bu talep sizin değil." },
	{ TT_STALE, "tr", "Bu düğme önceki bir adıma ait." },
	{ TT_SENT_NEW, "tr", "Gönderildi. Talep numaranız #%ld." },
	{ TT_SENT_REPLY, "tr", "Yanıtınız #%ld numaralı talebe eklendi." },
	{ TT_REFUSED, "tr", "Üzgünüm, gönderilemedi: %s" },
	{ TT_DEPARTMENT, "tr", "Departman: %s" },
	{ TT_ORDER_SKIPPED, "tr", "Sipariş numarası yok." },

	{ TT_SECRET, "en", "I deleted your last message: it contained a "
	    "password or code. Support never needs your password or 2FA "
	    "code; we kept the rest of the message." },
	{ TT_SECRET, "ru", "Я удалил ваше последнее сообщение: в нём был "
	    "пароль или код. Поддержке никогда не нужны ваш пароль или код "
	    "2FA; остальной текст сообщения мы сохранили." },
	{ TT_SECRET, "uk", "Я видалив ваше останнє повідомлення: у ньому був "
	    "пароль або код. Підтримці ніколи не потрібні ваш пароль чи код "
	    "2FA; решту тексту ми зберегли." },
	{ TT_SECRET, "es", "He borrado tu último mensaje: contenía una "
	    "contraseña o un código. Soporte nunca necesita tu contraseña ni "
	    "tu código 2FA; hemos guardado el resto del mensaje." },
	{ TT_SECRET, "pt", "Apaguei a sua última mensagem: continha uma "
	    "senha ou um código. O suporte nunca precisa da sua senha nem do "
	    "código 2FA; guardámos o resto da mensagem." },
	{ TT_SECRET, "de", "Ich habe Ihre letzte Nachricht gelöscht: Sie "
	    "enthielt ein Passwort oder einen Code. Der Support braucht nie "
	    "Ihr Passwort oder Ihren 2FA-Code; den Rest der Nachricht haben "
	    "wir behalten." },
	{ TT_SECRET, "tr", "Son mesajınızı sildim: bir şifre veya kod "
	    "içeriyordu. Destek ekibi şifrenize veya 2FA kodunuza asla "
	    "ihtiyaç duymaz; mesajın geri kalanını sakladık." },
	/* what to do, one sentence for each kind removed */
	{ TT_SECRET_PASSWORD, "en", "Change that password now, and "
	    "wherever else you use it." },
	{ TT_SECRET_CODE, "en", "If you did not ask for that one-time "
	    "code, someone is trying to sign in to your account: change "
	    "your password." },
	{ TT_SECRET_RECOVERY, "en", "Make new backup codes or a new "
	    "recovery phrase (for a wallet, move the funds to a new "
	    "one)." },
	{ TT_SECRET_CARD, "en", "Ask your bank to block the card and "
	    "send you a new one." },
	{ TT_SECRET_ACCESS, "en", "Revoke that key, token or link, and "
	    "sign out of your other sessions." },
	{ TT_SECRET_PASSWORD, "ru", "Смените этот пароль прямо сейчас — "
	    "и везде, где он используется." },
	{ TT_SECRET_CODE, "ru", "Если вы не запрашивали этот одноразовый "
	    "код, кто-то пытается войти в ваш аккаунт: смените пароль." },
	{ TT_SECRET_RECOVERY, "ru", "Создайте новые резервные коды или "
	    "новую фразу восстановления (если это кошелёк — переведите "
	    "средства на новый)." },
	{ TT_SECRET_CARD, "ru", "Попросите банк заблокировать карту и "
	    "выпустить новую." },
	{ TT_SECRET_ACCESS, "ru", "Отзовите этот ключ, токен или ссылку "
	    "и завершите другие сеансы." },
	{ TT_SECRET_PASSWORD, "uk", "Змініть цей пароль просто зараз — і "
	    "всюди, де він використовується." },
	{ TT_SECRET_CODE, "uk", "Якщо ви не запитували цей одноразовий "
	    "код, хтось намагається увійти у ваш акаунт: змініть пароль." },
	{ TT_SECRET_RECOVERY, "uk", "Створіть нові резервні коди або "
	    "нову фразу відновлення (якщо це гаманець — переведіть кошти "
	    "на новий)." },
	{ TT_SECRET_CARD, "uk", "Попросіть банк заблокувати картку й "
	    "випустити нову." },
	{ TT_SECRET_ACCESS, "uk", "Відкличте цей ключ, токен чи "
	    "посилання й завершіть інші сеанси." },
	{ TT_SECRET_PASSWORD, "es", "Cambia esa contraseña ahora mismo, "
	    "y en cualquier otro sitio donde la uses." },
	{ TT_SECRET_CODE, "es", "Si no pediste ese código de un solo "
	    "uso, alguien intenta entrar en tu cuenta: cambia la "
	    "contraseña." },
	{ TT_SECRET_RECOVERY, "es", "Genera nuevos códigos de respaldo o "
	    "una nueva frase de recuperación (si es una billetera, mueve "
	    "los fondos a una nueva)." },
	{ TT_SECRET_CARD, "es", "Pide a tu banco que bloquee la tarjeta "
	    "y te envíe una nueva." },
	{ TT_SECRET_ACCESS, "es", "Revoca esa clave, token o enlace, y "
	    "cierra tus otras sesiones." },
	{ TT_SECRET_PASSWORD, "pt", "Troque essa senha agora mesmo, e em "
	    "qualquer outro lugar onde você a use." },
	{ TT_SECRET_CODE, "pt", "Se você não pediu esse código de uso "
	    "único, alguém está tentando entrar na sua conta: troque a "
	    "senha." },
	{ TT_SECRET_RECOVERY, "pt", "Gere novos códigos de backup ou uma "
	    "nova frase de recuperação (se for uma carteira, transfira "
	    "os fundos para uma nova)." },
	{ TT_SECRET_CARD, "pt", "Peça ao seu banco para bloquear o "
	    "cartão e emitir um novo." },
	{ TT_SECRET_ACCESS, "pt", "Revogue essa chave, token ou link, e "
	    "encerre suas outras sessões." },
	{ TT_SECRET_PASSWORD, "de", "Ändern Sie dieses Passwort sofort – "
	    "auch überall sonst, wo Sie es verwenden." },
	{ TT_SECRET_CODE, "de", "Haben Sie diesen Einmalcode nicht "
	    "angefordert, versucht jemand, sich in Ihr Konto "
	    "einzuloggen: ändern Sie Ihr Passwort." },
	{ TT_SECRET_RECOVERY, "de", "Erzeugen Sie neue Backup-Codes oder "
	    "eine neue Wiederherstellungsphrase (bei einer Wallet: "
	    "übertragen Sie das Guthaben in eine neue)." },
	{ TT_SECRET_CARD, "de", "Lassen Sie die Karte von Ihrer Bank "
	    "sperren und eine neue ausstellen." },
	{ TT_SECRET_ACCESS, "de", "Widerrufen Sie diesen Schlüssel, "
	    "dieses Token oder diesen Link, und melden Sie Ihre anderen "
	    "Sitzungen ab." },
	{ TT_SECRET_PASSWORD, "tr", "Bu şifreyi hemen ve kullandığınız "
	    "her yerde değiştirin." },
	{ TT_SECRET_CODE, "tr", "Bu tek kullanımlık kodu siz "
	    "istemediyseniz biri hesabınıza girmeye çalışıyor: şifrenizi "
	    "değiştirin." },
	{ TT_SECRET_RECOVERY, "tr", "Yeni yedek kodlar veya yeni bir "
	    "kurtarma ifadesi oluşturun (bir cüzdansa, bakiyeyi yeni bir "
	    "cüzdana taşıyın)." },
	{ TT_SECRET_CARD, "tr", "Bankanızdan kartı bloke edip yenisini "
	    "çıkarmasını isteyin." },
	{ TT_SECRET_ACCESS, "tr", "Bu anahtarı, tokeni veya bağlantıyı "
	    "iptal edin ve diğer oturumlarınızı kapatın." },
};

#define NPHRASES	(sizeof(phrases) / sizeof(phrases[0]))

/* The languages the bot speaks: those of the mail templates. */
static const char *const langs[] = { "en", "ru", "uk", "es", "pt", "de",
    "tr" };

/* lang when known, else NULL. */
const char *
tg_text_lang(const char *lang)
{
	size_t i;

	for (i = 0; lang != NULL && i < sizeof(langs) / sizeof(langs[0]);
	    i++)
		if (strcmp(lang, langs[i]) == 0)
			return langs[i];
	return NULL;
}

/* A text in lang, else in English. */
const char *
tg_text(enum tg_text id, const char *lang)
{
	const char *en = "";
	size_t i;

	for (i = 0; i < NPHRASES; i++) {
		if (phrases[i].p_id != id)
			continue;
		if (lang != NULL && strcmp(phrases[i].p_lang, lang) == 0)
			return phrases[i].p_text;
		if (strcmp(phrases[i].p_lang, "en") == 0)
			en = phrases[i].p_text;
	}
	return en;
}

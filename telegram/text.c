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

/* check_parser_hdr.c - parser/: RFC 2047 / RFC 2231 header decoding of
 * subjects, display names and attachment file names, as real mailers
 * write them (Python's email package, Thunderbird, Gmail, Outlook, Apple
 * Mail, mutt) and as broken ones do (a character split across two words,
 * mixed charsets, words glued together), in the customers' languages. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "parser/parser.h"

/* Fixture: GMime once per test process. */
static void
setup(void)
{
	parser_init();
}

/* Fixture teardown. */
static void
teardown(void)
{
	parser_shutdown();
}

/* Kinds: 'S' Subject, 'N' From display name, 'F' Content-Disposition
 * of an attachment (its filename), 'T' Content-Type (its name). */
static const struct {
	const char	*who;
	char		 kind;
	const char	*raw;
	const char	*want;
} hdr_rows[] = {
	{ "Python compat32", 'S',
	    "=?utf-8?b?0JfQsNC60LDQtyDQvdC1INCy0YvQv9C+0LvQvdGP0LXRgt"
	    "GB0Y8g?=\n =?utf-8?b?0YPQttC1INGC0YDQuCDQtNC90Y8sINC/0L7"
	    "QvNC+0LPQuNGC0LUg0L/QvtC2?=\n =?utf-8?b?0LDQu9GD0LnRgdGC"
	    "0LA=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Python compat32", 'S',
	    "=?utf-8?b?0JfQsNC80L7QstC70LXQvdC90Y8g4oSWNzc0NDExINC90L"
	    "Ug0LI=?=\n =?utf-8?b?0LjQutC+0L3QsNC90L4sINCz0YDQvtGI0ZY"
	    "g0YHQv9C40YHQsNC90L4g0LQ=?=\n =?utf-8?b?0LLRltGH0ZY=?=",
	    "Замовлення №774411 не виконано, гроші списано двічі" },
	{ "Python compat32", 'S',
	    "=?utf-8?q?Mi_pedido_889900_sigue_pendiente_desde_hace_tr"
	    "es_d?=\n =?utf-8?q?=C3=ADas?=",
	    "Mi pedido 889900 sigue pendiente desde hace tres días" },
	{ "Python compat32", 'S',
	    "=?utf-8?q?Meu_pedido_n=C3=A3o_foi_conclu=C3=ADdo_e_o_sal"
	    "do_j?=\n =?utf-8?q?=C3=A1_foi_debitado?=",
	    "Meu pedido não foi concluído e o saldo já foi debitado" },
	{ "Python compat32", 'S',
	    "=?utf-8?q?Bestellung_771122_h=C3=A4ngt_seit_gestern_in_B"
	    "earbeitun?=\n =?utf-8?q?g_fest?=",
	    "Bestellung 771122 hängt seit gestern in Bearbeitung fest" },
	{ "Python compat32", 'S',
	    "=?utf-8?b?U2lwYXJpxZ9pbSDDvMOnIGfDvG5kw7xyIGJla2xlbWVkZS"
	    "wgbMO8?=\n =?utf-8?b?dGZlbiB5YXJkxLFtIGVkaW4=?=",
	    "Siparişim üç gündür beklemede, lütfen yardım edin" },
	{ "Python compat32", 'S',
	    "=?utf-8?q?Refund_for_partially_completed_order_=23778899"
	    "_?=\n =?utf-8?q?=E2=80=94_=E2=80=9Curgent=E2=80=9D?=",
	    "Refund for partially completed order #778899 — “urgent”" },
	{ "Python compat32 koi8-r", 'S',
	    "=?koi8-r?b?+sHLwdogzsUg19nQz8zO0cXU09Eg1dbFINTSySDEztEsI"
	    "NDPzc/H?=\n =?koi8-r?b?ydTFINDP1sHM1crT1ME=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Python compat32 iso-8859-1", 'S',
	    "=?iso-8859-1?q?Reembolso_del_pedido_cancelado=2C_=BFcu=E"
	    "1ndo_lleg?=\n =?iso-8859-1?q?ar=E1=3F?=",
	    "Reembolso del pedido cancelado, ¿cuándo llegará?" },
	{ "Python compat32 iso-8859-9", 'S',
	    "=?iso-8859-9?q?Sipari=FE_no_556677_k=FDsmen_tamamland=FD"
	    "=2C_iade_?=\n =?iso-8859-9?q?istiyorum?=",
	    "Sipariş no 556677 kısmen tamamlandı, iade istiyorum" },
	{ "Python SMTP", 'S',
	    "Заказ не выполняется уже три дня, помогите пожалуйста",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Python SMTP", 'S',
	    "Re: [Ticket#10001] Заказ не выполняется уже три дня, пом"
	    "огите",
	    "Re: [Ticket#10001] Заказ не выполняется уже три дня, пом"
	    "огите" },
	{ "Python SMTP", 'S',
	    "Підписники не надходять уже тиждень, допоможіть будь лас"
	    "ка",
	    "Підписники не надходять уже тиждень, допоможіть будь лас"
	    "ка" },
	{ "Python SMTP", 'S',
	    "Reembolso del pedido cancelado, ¿cuándo llegará?",
	    "Reembolso del pedido cancelado, ¿cuándo llegará?" },
	{ "Python SMTP", 'S',
	    "Número do pedido 445566: visualizações paradas em 0",
	    "Número do pedido 445566: visualizações paradas em 0" },
	{ "Python SMTP", 'S',
	    "Rückerstattung für die stornierte Bestellnummer 998877 f"
	    "ehlt",
	    "Rückerstattung für die stornierte Bestellnummer 998877 f"
	    "ehlt" },
	{ "Python SMTP", 'S',
	    "Sipariş no 556677 kısmen tamamlandı, iade istiyorum",
	    "Sipariş no 556677 kısmen tamamlandı, iade istiyorum" },
	{ "Python SMTP", 'S',
	    "Order 123456 stuck in processing for three days – please"
	    " help",
	    "Order 123456 stuck in processing for three days – please"
	    " help" },
	{ "Thunderbird", 'S',
	    "=?UTF-8?B?0JfQsNC60LDQtyDQvdC1INCy0YvQv9C+0LvQvdGP0LXRgt"
	    "GB0Y8g0YPQttC1?=\n =?UTF-8?B?INGC0YDQuCDQtNC90Y8sINC/0L7"
	    "QvNC+0LPQuNGC0LUg0L/QvtC20LDQu9GD?=\n =?UTF-8?B?0LnRgdGC"
	    "0LA=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Thunderbird", 'S',
	    "=?UTF-8?B?0KHQv9C40YHQsNC70Lgg0LTQtdC90YzQs9C4LCDQsCDQt9"
	    "Cw0LrQsNC3IA==?=\n =?UTF-8?B?4oSWNTUxMjM0NSDQstGB0ZEg0LX"
	    "RidGRINCyINC+0LHRgNCw0LHQvtGC0Lo=?=\n =?UTF-8?B?0LU=?=",
	    "Списали деньги, а заказ №5512345 всё ещё в обработке" },
	{ "Thunderbird", 'S',
	    "=?UTF-8?B?0J/RltC00L/QuNGB0L3QuNC60Lgg0L3QtSDQvdCw0LTRhd"
	    "C+0LTRj9GC0Ywg?=\n =?UTF-8?B?0YPQttC1INGC0LjQttC00LXQvdG"
	    "MLCDQtNC+0L/QvtC80L7QttGW0YLRjCA=?=\n =?UTF-8?B?0LHRg9C0"
	    "0Ywg0LvQsNGB0LrQsA==?=",
	    "Підписники не надходять уже тиждень, допоможіть будь лас"
	    "ка" },
	{ "Thunderbird", 'S',
	    "=?UTF-8?B?QmVzdGVsbHVuZyA3NzExMjIgaMOkbmd0IHNlaXQgZ2VzdG"
	    "VybiBpbiBCZWFy?=\n =?UTF-8?B?YmVpdHVuZyBmZXN0?=",
	    "Bestellung 771122 hängt seit gestern in Bearbeitung fest" },
	{ "Thunderbird", 'S',
	    "=?UTF-8?B?U2lwYXJpxZ9pbSDDvMOnIGfDvG5kw7xyIGJla2xlbWVkZS"
	    "wgbMO8dGZlbiB5?=\n =?UTF-8?B?YXJkxLFtIGVkaW4=?=",
	    "Siparişim üç gündür beklemede, lütfen yardım edin" },
	{ "Thunderbird reply", 'S',
	    "Re: =?UTF-8?B?0JfQsNC60LDQtyDQvdC1INCy0YvQv9C+0LvQvdGP0L"
	    "XRgtGB0Y8g0YPQttC1?=\n =?UTF-8?B?INGC0YDQuCDQtNC90Y8sINC"
	    "/0L7QvNC+0LPQuNGC0LUg0L/QvtC20LDQu9GD?=\n =?UTF-8?B?0LnR"
	    "gdGC0LA=?=",
	    "Re: Заказ не выполняется уже три дня, помогите пожалуйст"
	    "а" },
	{ "Gmail", 'S',
	    "=?UTF-8?B?0JfQsNC60LDQtyDQvdC1INCy0YvQv9C+0LvQvdGP0LXRgt"
	    "GB0Y8g0YPQttC1INGC?=\r\n\t=?UTF-8?B?0YDQuCDQtNC90Y8sINC/"
	    "0L7QvNC+0LPQuNGC0LUg0L/QvtC20LDQu9GD0LnRgdGC?=\r\n\t=?UT"
	    "F-8?B?0LA=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Gmail", 'S',
	    "=?UTF-8?B?0JfQsNC80L7QstC70LXQvdC90Y8g4oSWNzc0NDExINC90L"
	    "Ug0LLQuNC60L7QvdCw?=\r\n\t=?UTF-8?B?0L3Qviwg0LPRgNC+0YjR"
	    "liDRgdC/0LjRgdCw0L3QviDQtNCy0ZbRh9GW?=",
	    "Замовлення №774411 не виконано, гроші списано двічі" },
	{ "Gmail", 'S',
	    "=?UTF-8?Q?Mi_pedido_889900_sigue_pendiente_desde_hace_tr"
	    "es_d=C3=ADas?=",
	    "Mi pedido 889900 sigue pendiente desde hace tres días" },
	{ "Gmail", 'S',
	    "=?UTF-8?Q?Meu_pedido_n=C3=A3o_foi_conclu=C3=ADdo_e_o_sal"
	    "do_j=C3=A1_foi_de?=\n =?UTF-8?Q?bitado?=",
	    "Meu pedido não foi concluído e o saldo já foi debitado" },
	{ "Gmail", 'S',
	    "=?UTF-8?Q?Sipari=C5=9F_no_556677_k=C4=B1smen_tamamland=C"
	    "4=B1=2C_iade_isti?=\n =?UTF-8?Q?yorum?=",
	    "Sipariş no 556677 kısmen tamamlandı, iade istiyorum" },
	{ "Outlook windows-1251", 'S',
	    "=?windows-1251?B?0e/o8eDr6CDk5e384+gsIOAg5+Dq4OcguTU1MTI"
	    "zNDUg4vG4IOX5uCDi?=\n =?windows-1251?B?IO7h8ODh7vLq5Q==?"
	    "=",
	    "Списали деньги, а заказ №5512345 всё ещё в обработке" },
	{ "Outlook koi8-r", 'S',
	    "=?koi8-r?B?+sHLwdogzsUg19nQz8zO0cXU09Eg1dbFINTSySDEztEsI"
	    "NDPzc/HydTFINDP?=\n =?koi8-r?B?1sHM1crT1ME=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "Outlook koi8-u", 'S',
	    "=?koi8-u?B?8KbE0MnTzsnLySDOxSDOwcTIz8TR1Ngg1dbFINTJ1sTFz"
	    "tgsIMTP0M/Nz9am?=\n =?koi8-u?B?1NggwtXE2CDMwdPLwQ==?=",
	    "Підписники не надходять уже тиждень, допоможіть будь лас"
	    "ка" },
	{ "Outlook iso-8859-1", 'S',
	    "=?iso-8859-1?Q?N=FAmero_do_pedido_445566=3A_visualiza=E7"
	    "=F5es_paradas_em_?=\n =?iso-8859-1?Q?0?=",
	    "Número do pedido 445566: visualizações paradas em 0" },
	{ "Outlook iso-8859-15", 'S',
	    "=?iso-8859-15?Q?R=FCckerstattung_f=FCr_die_stornierte_Be"
	    "stellnummer_99887?=\n =?iso-8859-15?Q?7_fehlt?=",
	    "Rückerstattung für die stornierte Bestellnummer 998877 f"
	    "ehlt" },
	{ "Outlook windows-1254", 'S',
	    "=?windows-1254?Q?Sipari=FEim_=FC=E7_g=FCnd=FCr_beklemede"
	    "=2C_l=FCtfen_yard?=\n =?windows-1254?Q?=FDm_edin?=",
	    "Siparişim üç gündür beklemede, lütfen yardım edin" },
	{ "Apple Mail", 'S',
	    "=?utf-8?Q?Bestellung_771122_h=C3=A4ngt_seit_gestern_in_B"
	    "earbeitung_fest?=",
	    "Bestellung 771122 hängt seit gestern in Bearbeitung fest" },
	{ "Apple Mail", 'S',
	    "=?utf-8?Q?Reembolso_del_pedido_cancelado=2C_=C2=BFcu=C3="
	    "A1ndo_llegar?=\n =?utf-8?Q?=C3=A1=3F?=",
	    "Reembolso del pedido cancelado, ¿cuándo llegará?" },
	{ "Apple Mail", 'S',
	    "=?utf-8?B?0J/RltC00L/QuNGB0L3QuNC60Lgg0L3QtSDQvdCw0LTRhd"
	    "C+0LTRj9GC0Ywg?=\n =?utf-8?B?0YPQttC1INGC0LjQttC00LXQvdG"
	    "MLCDQtNC+0L/QvtC80L7QttGW0YLRjCA=?=\n =?utf-8?B?0LHRg9C0"
	    "0Ywg0LvQsNGB0LrQsA==?=",
	    "Підписники не надходять уже тиждень, допоможіть будь лас"
	    "ка" },
	{ "mutt", 'S',
	    "Mi pedido 889900 sigue pendiente desde hace tres =?utf-8"
	    "?Q?d=C3=ADas?=",
	    "Mi pedido 889900 sigue pendiente desde hace tres días" },
	{ "mutt", 'S',
	    "Meu pedido =?utf-8?Q?n=C3=A3o?= foi =?utf-8?Q?conclu=C3="
	    "ADdo?= e o saldo =?utf-8?Q?j=C3=A1?= foi debitado",
	    "Meu pedido não foi concluído e o saldo já foi debitado" },
	{ "mutt", 'S',
	    "=?utf-8?Q?R=C3=BCckerstattung?= =?utf-8?Q?_f=C3=BCr?= di"
	    "e stornierte Bestellnummer 998877 fehlt",
	    "Rückerstattung für die stornierte Bestellnummer 998877 f"
	    "ehlt" },
	{ "mutt", 'S',
	    "=?utf-8?Q?Sipari=C5=9F?= no 556677 =?utf-8?Q?k=C4=B1smen"
	    "?= =?utf-8?Q?_tamamland=C4=B1=2C?= iade istiyorum",
	    "Sipariş no 556677 kısmen tamamlandı, iade istiyorum" },
	{ "mutt", 'S',
	    "Re: [Ticket#10001] =?utf-8?Q?=D0=97=D0=B0=D0=BA=D0=B0=D0"
	    "=B7?= =?utf-8?Q?_=D0=BD=D0=B5?= =?utf-8?Q?_=D0=B2=D1=8B="
	    "D0=BF=D0=BE=D0=BB=D0=BD=D1=8F=D0=B5=D1=82=D1=81=D1=8F?= "
	    "=?utf-8?Q?_=D1=83=D0=B6=D0=B5?= =?utf-8?Q?_=D1=82=D1=80="
	    "D0=B8?= =?utf-8?Q?_=D0=B4=D0=BD=D1=8F=2C?= =?utf-8?Q?_=D"
	    "0=BF=D0=BE=D0=BC=D0=BE=D0=B3=D0=B8=D1=82=D0=B5?=",
	    "Re: [Ticket#10001] Заказ не выполняется уже три дня, пом"
	    "огите" },
	{ "Thunderbird tag in word", 'S',
	    "=?UTF-8?B?W1RpY2tldCMxMDA0Ml0g0JfQsNC60LDQtyDQvdC1INCy0Y"
	    "vQv9C+0LvQvdGP?=\n =?UTF-8?B?0LXRgtGB0Y8g0YPQttC1INGC0YD"
	    "QuCDQtNC90Y8=?=",
	    "[Ticket#10042] Заказ не выполняется уже три дня" },
	{ "Python SMTP tag in word", 'S',
	    "\n Re: Pedido pendiente [Ticket#10042] desde el lunes, s"
	    "in respuesta alguna",
	    "Re: Pedido pendiente [Ticket#10042] desde el lunes, sin "
	    "respuesta alguna" },
	{ "Outlook tag in Q word", 'S',
	    "=?iso-8859-1?Q?AW=3A_Bestellung_h=E4ngt_=5BTicket=231004"
	    "2=5D?=",
	    "AW: Bestellung hängt [Ticket#10042]" },
	{ "Python SMTP", 'N',
	    "=?utf-8?b?0JjQstCw0L0g0J/QtdGC0YDQvtCy0LjRhyDQodC40LTQvt"
	    "GA0L7Qsi3Ql9Cw?=\n =?utf-8?b?0LTRg9C90LDQudGB0LrQuNC5?= "
	    "<kunde@example.test>",
	    "Иван Петрович Сидоров-Задунайский" },
	{ "Python SMTP", 'N',
	    "=?utf-8?b?0J7Qu9C10L3QsCDQqNC10LLRh9C10L3QutC+?= <kunde@"
	    "example.test>",
	    "Олена Шевченко" },
	{ "Python SMTP", 'N',
	    "=?utf-8?q?Jos=C3=A9_Mar=C3=ADa_Fern=C3=A1ndez?= <kunde@e"
	    "xample.test>",
	    "José María Fernández" },
	{ "Python SMTP", 'N',
	    "=?utf-8?q?Jo=C3=A3o_Gon=C3=A7alves?= <kunde@example.test"
	    ">",
	    "João Gonçalves" },
	{ "Python SMTP", 'N',
	    "\n =?utf-8?q?J=C3=BCrgen_M=C3=BCller-L=C3=BCdenscheidt?="
	    " <kunde@example.test>",
	    "Jürgen Müller-Lüdenscheidt" },
	{ "Python SMTP", 'N',
	    "=?utf-8?b?w4dhxJ9yxLEgw5Z6dMO8cms=?= <kunde@example.test"
	    ">",
	    "Çağrı Öztürk" },
	{ "Thunderbird", 'N',
	    "=?UTF-8?B?0JDQvdCw0YHRgtCw0YHQuNGPINCS0LvQsNC00LjQvNC40Y"
	    "DQvtCy0L3QsCA=?=\n =?UTF-8?B?0JrQvtCy0LDQu9GM0YfRg9C6LdC"
	    "T0YDQuNCz0L7RgNC10L3QutC+?= <a@example.test>",
	    "Анастасия Владимировна Ковальчук-Григоренко" },
	{ "Outlook quoted", 'N',
	    "\"=?windows-1251?B?wO3g8fLg8ej/IMLr4OTo7Ojw7uLt4CDK7uLg6"
	    "/z38+otw/Do4+7w5e3q?= =?windows-1251?B?7g==?=\" <a@examp"
	    "le.test>",
	    "Анастасия Владимировна Ковальчук-Григоренко" },
	{ "Gmail", 'N',
	    "=?UTF-8?Q?Gon=C3=A7alo_Ara=C3=BAjo?= <a@example.test>",
	    "Gonçalo Araújo" },
	{ "mutt", 'N',
	    "Hans =?iso-8859-1?Q?M=FCller?= <a@example.test>",
	    "Hans Müller" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment;\n filename*0*=utf-8''%D0%A1%D0%BA%D1%80%D0%B"
	    "8%D0%BD%D1%88%D0%BE%D1%82%20%D0%B7;\n filename*1*=%D0%B0"
	    "%D0%BA%D0%B0%D0%B7%D0%B0%205512345%20%D0%BE%D1%82%20%D0%"
	    "BF;\n filename*2*=%D0%BE%D0%BD%D0%B5%D0%B4%D0%B5%D0%BB%D"
	    "1%8C%D0%BD%D0%B8%D0%BA;\n filename*3*=%D0%B0.png",
	    "Скриншот заказа 5512345 от понедельника.png" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment;\n filename*0*=utf-8''%D0%9A%D0%B2%D0%B8%D1%8"
	    "2%D0%B0%D0%BD%D1%86%D1%96%D1%8F%20;\n filename*1*=%D0%BF"
	    "%D1%80%D0%BE%20%D0%BE%D0%BF%D0%BB%D0%B0%D1%82%D1%83.pdf",
	    "Квитанція про оплату.pdf" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment; filename=\"captura de pantalla del pedido.jp"
	    "g\"",
	    "captura de pantalla del pedido.jpg" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment; filename=\"comprovante de pagamento.pdf\"",
	    "comprovante de pagamento.pdf" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment;\n filename*=utf-8''Rechnung%20M%C3%A4rz%20%C"
	    "3%9Cberweisung.pdf",
	    "Rechnung März Überweisung.pdf" },
	{ "Python SMTP (RFC 2231)", 'F',
	    "attachment;\n filename*=utf-8''sipari%C5%9F%20ekran%20g%"
	    "C3%B6r%C3%BCnt%C3%BCs%C3%BC.png",
	    "sipariş ekran görüntüsü.png" },
	{ "Thunderbird (RFC 2231 continuations)", 'F',
	    "attachment;\n filename*0*=UTF-8''%D0%A1%D0%BA%D1%80%D0%B"
	    "8%D0%BD%D1%88%D0%BE%D1%82%20%D0;\n filename*1*=%B7%D0%B0"
	    "%D0%BA%D0%B0%D0%B7%D0%B0.png",
	    "Скриншот заказа.png" },
	{ "Gmail (RFC 2047 in quotes)", 'F',
	    "attachment; filename=\"=?UTF-8?B?0KHQutGA0LjQvdGI0L7RgiD"
	    "Qt9Cw?= =?UTF-8?B?0LrQsNC30LAucG5n?=\"",
	    "Скриншот заказа.png" },
	{ "Outlook (RFC 2047, koi8-r)", 'F',
	    "attachment; filename=\"=?koi8-r?B?69fJ1MHOw8nRIM/CIM/QzM"
	    "HUxSDa?=\n\t=?koi8-r?B?wcvB2sEucGRm?=\"",
	    "Квитанция об оплате заказа.pdf" },
	{ "Apple Mail (RFC 2231 iso-8859-1)", 'F',
	    "attachment;\n\tfilename*=iso-8859-1''Rechnung%20M%E4rz.p"
	    "df",
	    "Rechnung März.pdf" },
	{ "mutt (RFC 2231, language)", 'F',
	    "attachment; filename*=utf-8'tr'sipari%C5%9F.png",
	    "sipariş.png" },
	{ "Outlook (Content-Type name)", 'T',
	    "application/pdf;\n\tname=\"=?UTF-8?B?w5ZkZW1lIGRla29udHU"
	    "gc2lwYXJpxZ9pLnBkZg==?=\"",
	    "Ödeme dekontu siparişi.pdf" },
	{ "broken: character split across B words", 'S',
	    "=?utf-8?B?0JfQsNC60LDQtyDQvdC1INCy0YvQv9A=?=\n =?utf-8?B"
	    "?vtC70L3Rj9C10YLRgdGPINGD0LbQtSDRgtGA0A==?=\n =?utf-8?B?"
	    "uCDQtNC90Y8sINC/0L7QvNC+0LPQuNGC0LUg0L/QvtC20LDQu9GD0LnR"
	    "gdGC0LA=?=",
	    "Заказ не выполняется уже три дня, помогите пожалуйста" },
	{ "broken: split base64 quantum", 'S',
	    "=?utf-8?B?0JfQsNC6?= =?utf-8?B?0LDQtw==?=",
	    "Заказ" },
	{ "broken: character split across Q words", 'S',
	    "=?utf-8?Q?R=C3?= =?utf-8?Q?=BCckerstattung?=",
	    "Rückerstattung" },
	{ "broken: mixed charsets", 'S',
	    "=?koi8-r?B?+sHLwdog?= =?windows-1251?B?uTU1MTIzNDUg?= =?"
	    "utf-8?Q?=D0=BD=D0=B5_=D0=BF=D1=80=D0=B8=D1=88=D1=91=D0=B"
	    "B?=",
	    "Заказ №5512345 не пришёл" },
	{ "broken: no blank between words", 'S',
	    "=?utf-8?B?0JfQsNC60LDQtyA=?==?utf-8?B?0L3QtSDQv9GA0LjRiN"
	    "GR0Ls=?=",
	    "Заказ не пришёл" },
	{ "broken: word glued to text", 'S',
	    "[SPAM]=?utf-8?Q?Pedido_n=C3=A3o_chegou?=",
	    "[SPAM]Pedido não chegou" },
	{ "broken: declared utf-8, sent windows-1252", 'S',
	    "=?utf-8?Q?Bestellung_f=FCr_M=FCller?=",
	    "Bestellung für Müller" },
	{ "broken: raw 8-bit UTF-8", 'S',
	    "Заказ №5512345 не выполнен",
	    "Заказ №5512345 не выполнен" },
	{ "RFC 2231 language in encoded word", 'S',
	    "=?UTF-8*ru?B?0JfQsNC60LDQtw==?=",
	    "Заказ" },
	{ "Q word with = and ? escaped", 'S',
	    "=?utf-8?Q?=C2=BFPor_qu=C3=A9=3F_a=3Db?=",
	    "¿Por qué? a=b" },
	{ "literal text kept between words", 'S',
	    "Re: =?utf-8?B?0JfQsNC60LDQtw==?= 5512345 =?utf-8?Q?pend="
	    "C3=AAncia?=",
	    "Re: Заказ 5512345 pendência" },
	{ "unknown charset", 'S',
	    "=?x-unknown?Q?Pedido_99?=",
	    "Pedido 99" },
	{ "not an encoded word", 'S',
	    "=?utf-8?B?broken text ?= stays",
	    "=?utf-8?B?broken text ?= stays" },
	{ "encoded CR LF NUL become blanks", 'S',
	    "=?utf-8?Q?a=0D=0Ab=00c?=",
	    "a  b c" },
};

/* The message that carries a row's header. */
static void
row_mail(struct buf *b, char kind, const char *raw)
{
	const char *from = kind == 'N' ? raw : "kunde@example.test";
	const char *subj = kind == 'S' ? raw : "x";

	buf_addf(b, "From: %s\nTo: support@example.test\nSubject: %s\n"
	    "Message-ID: <hdr@example.test>\nMIME-Version: 1.0\n", from, subj);
	if (kind != 'F' && kind != 'T') {
		buf_adds(b, "Content-Type: text/plain; charset=utf-8\n\nhi\n");
		return;
	}
	buf_addf(b, "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
	    "Content-Type: text/plain\n\nhi\n--b\n"
	    "Content-Type: %s\nContent-Disposition: %s\n"
	    "Content-Transfer-Encoding: base64\n\naGk=\n--b--\n",
	    kind == 'T' ? raw : "application/octet-stream",
	    kind == 'F' ? raw : "attachment");
}

/* Each row: the decoded field is the text the sender wrote. */
START_TEST(test_hdr_table)
{
	struct buf b = BUF_INIT;
	struct mail *m;
	const char *got = NULL;
	char kind = hdr_rows[_i].kind;
	char *dec;

	row_mail(&b, kind, hdr_rows[_i].raw);
	m = mail_parse_mem(b.b_data, b.b_len);
	if (kind == 'S')
		got = m->m_subject;
	else if (kind == 'N')
		got = m->m_from.a_name;
	else if (m->m_natt == 1)
		got = m->m_att[0].at_filename;
	ck_assert_msg(got != NULL && strcmp(got, hdr_rows[_i].want) == 0,
	    "row %d (%s, %c): got \"%s\", want \"%s\"", _i, hdr_rows[_i].who,
	    kind, got != NULL ? got : "(null)", hdr_rows[_i].want);
	if (kind == 'S') {
		dec = mail_header_decode(hdr_rows[_i].raw,
		    strlen(hdr_rows[_i].raw));
		ck_assert_msg(strcmp(dec, hdr_rows[_i].want) == 0,
		    "row %d decode: got \"%s\", want \"%s\"", _i, dec,
		    hdr_rows[_i].want);
		free(dec);
	}
	mail_free(m);
	buf_free(&b);
}
END_TEST

/* What a rewrite function saw of the subject. */
static char *
seen_subject(const char *text, size_t len, void *arg)
{
	char **seen = arg;

	if (*seen == NULL)
		*seen = xstrndup(text, len);
	return NULL;
}

/* mail_rewrite() hands the whole decoded subject to the function. */
START_TEST(test_hdr_rewrite_subject)
{
	static const char msg[] = "From: a@example.test\nSubject: "
	    "=?utf-8?b?0JfQsNC60LDQtyDQvdC1INCy0YvQv9C+0LvQvdGP0LXRgtGB0Y8g"
	    "0YM=?=\n =?utf-8?b?0LbQtSDRgtGA0Lgg0LTQvdGPLCDQv9C+0LzQvtCz0LjR"
	    "gtC1INC/0L7QttCw0Ls=?=\n =?utf-8?b?0YPQudGB0YLQsA==?=\n\nhi\n";
	struct mail *m = mail_parse_mem(msg, sizeof(msg) - 1);
	char *seen = NULL;

	mail_rewrite(m, seen_subject, &seen);
	ck_assert_msg(seen != NULL && strcmp(seen, "Заказ не выполняется уже "
	    "три дня, помогите пожалуйста") == 0, "got \"%s\"",
	    seen != NULL ? seen : "(null)");
	free(seen);
	mail_free(m);
}
END_TEST

/* Names in To and Cc, and the subject and sender of an attached
 * message, are decoded the same way. */
START_TEST(test_hdr_other_fields)
{
	static const char msg[] = "From: a@example.test\n"
	    "To: =?utf-8?b?0KHQu9GD0LbQsdCwINC/0L7QtA==?= =?utf-8?b?0LTQtdGA"
	    "0LbQutC4?= <support@example.test>\n"
	    "Cc: \"=?utf-8?Q?Jo=C3=A3o?= =?utf-8?Q?_Gon=C3=A7alves?=\" "
	    "<j@example.test>, b@example.test\nSubject: s\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: text/plain\n\nhi\n--b\nContent-Type: message/rfc822"
	    "\n\nFrom: =?utf-8?b?0JjQstCw0L0g0J8=?= =?utf-8?b?0LXRgtGA0L7Qsg=="
	    "?= <i@example.test>\nSubject: =?utf-8?b?0JfQsNC60LDQtyDQvdC1INCy"
	    "0YvQv9C+0LvQvdGP0LXRgtGB0Y8g0YM=?=\n =?utf-8?b?0LbQtQ==?=\n\n"
	    "inner\n--b--\n";
	struct mail *m = mail_parse_mem(msg, sizeof(msg) - 1);

	ck_assert_uint_eq(m->m_to.as_n, 1);
	ck_assert_str_eq(m->m_to.as_v[0].a_name, "Служба поддержки");
	ck_assert_uint_eq(m->m_cc.as_n, 2);
	ck_assert_str_eq(m->m_cc.as_v[0].a_name, "João Gonçalves");
	ck_assert_str_eq(m->m_cc.as_v[0].a_addr, "j@example.test");
	ck_assert_ptr_null(m->m_cc.as_v[1].a_name);
	ck_assert_msg(strstr(m->m_text, "Subject: Заказ не выполняется уже")
	    != NULL, "got \"%s\"", m->m_text);
	ck_assert_msg(strstr(m->m_text, "Иван Петров") != NULL, "got \"%s\"",
	    m->m_text);
	mail_free(m);
}
END_TEST

/* A whole mail as Python's email package (SMTP policy) writes it, with
 * an Outlook-style name parameter: every decoded field whole. */
START_TEST(test_hdr_whole_mail)
{
	const char *dir = getenv("srcdir");
	char path[4096], chunk[4096];
	struct buf b = BUF_INIT;
	struct mail *m;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/parser/words.eml",
	    dir != NULL ? dir : ".");
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	m = mail_parse_mem(b.b_data, b.b_len);
	ck_assert_str_eq(m->m_subject, "Re: [Ticket#10001] Заказ не "
	    "выполняется уже три дня, помогите");
	ck_assert_str_eq(m->m_from.a_name, "Олена Шевченко-Коваленко");
	ck_assert_str_eq(m->m_to.as_v[0].a_name, "Soporte técnico de pedidos");
	ck_assert_uint_eq(m->m_natt, 2);
	ck_assert_str_eq(m->m_att[0].at_filename,
	    "sipariş ekran görüntüsü.png");
	ck_assert_str_eq(m->m_att[1].at_filename, "Квитанция об оплате.pdf");
	mail_free(m);
	buf_free(&b);
}
END_TEST

/* The suite. */
static Suite *
parser_hdr_suite(void)
{
	Suite *s = suite_create("parser_hdr");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_hdr_table, 0,
	    sizeof(hdr_rows) / sizeof(hdr_rows[0]));
	tcase_add_test(tc, test_hdr_rewrite_subject);
	tcase_add_test(tc, test_hdr_other_fields);
	tcase_add_test(tc, test_hdr_whole_mail);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the suite. */
int
main(void)
{
	SRunner *sr = srunner_create(parser_hdr_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

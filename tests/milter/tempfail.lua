-- tempfail.lua - a support mail while the database is unreachable gets
-- 451 4.3.0 with a reason at end of message (the sender retries), and
-- the queue id sent as the {i} macro is what postdesk logs.  With
-- -D dsn=4.3.5 (and -D qid=...) the same for a configuration error (a
-- missing template, the database up).
-- Run: miltertest -D socket=inet:PORT@127.0.0.1 -s tempfail.lua

local function fail(msg)
	print("FAIL: tempfail.lua: " .. msg)
	error(msg)
end

local want_dsn = dsn or "4.3.0"
local queue_id = qid or "TEMPQ1"

local conn = mt.connect(socket, 20, 0.25)
if conn == nil then fail("cannot connect to " .. tostring(socket)) end
if mt.negotiate(conn, nil, nil, nil) ~= nil then fail("negotiate") end

mt.macro(conn, SMFIC_MAIL, "i", queue_id, "{auth_authen}", "agent1")
if mt.mailfrom(conn, "<alice@customer.example.test>") ~= nil then
	fail("mailfrom")
end
if mt.rcptto(conn, "<Support@Support.Example.Test>") ~= nil then
	fail("rcptto")
end
if mt.data(conn) ~= nil then fail("data") end
if mt.getreply(conn) ~= SMFIR_CONTINUE then
	fail("a support recipient was not kept at DATA")
end
if mt.header(conn, "From", "Alice <alice@customer.example.test>") ~= nil then
	fail("header From")
end
if mt.header(conn, "Subject", "100% broken") ~= nil then fail("Subject") end
if mt.header(conn, "Message-ID", "<t1@customer.example.test>") ~= nil then
	fail("Message-ID")
end
if mt.eoh(conn) ~= nil then fail("eoh") end
if mt.bodystring(conn, "Hello,\r\nmy order is late.\r\n") ~= nil then
	fail("body")
end
if mt.eom(conn) ~= nil then fail("eom") end
if mt.getreply(conn) ~= SMFIR_REPLYCODE then
	fail("eom: got " .. tostring(mt.getreply(conn)) .. ", want a reply code")
end
if not mt.eom_check(conn, MT_SMTPREPLY, "451", want_dsn,
    "Ticket system temporarily unavailable, try again later") then
	fail("eom: want 451 " .. want_dsn .. " with the fixed text")
end
if mt.eom_check(conn, MT_HDRADD) then fail("a header was added on 451") end

mt.disconnect(conn)
print("ok: tempfail.lua")

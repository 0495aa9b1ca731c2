-- pass.lua - mail for nobody on support_addresses is let through at DATA,
-- untouched, and its headers and body are never asked for.
-- Run: miltertest -D socket=inet:PORT@127.0.0.1 -s pass.lua

local function fail(msg)
	print("FAIL: pass.lua: " .. msg)
	error(msg)
end

local conn = mt.connect(socket, 20, 0.25)
if conn == nil then fail("cannot connect to " .. tostring(socket)) end
if mt.negotiate(conn, nil, nil, nil) ~= nil then fail("negotiate") end
if mt.test_option(conn, SMFIP_NODATA) then fail("DATA step refused") end
if not mt.test_option(conn, SMFIP_NOHELO) then fail("HELO step wanted") end
if not mt.test_action(conn, SMFIF_ADDHDRS) then fail("no ADDHDRS") end
if mt.test_action(conn, SMFIF_ADDRCPT) then fail("ADDRCPT asked for") end

mt.macro(conn, SMFIC_MAIL, "i", "PASS1", "{auth_authen}", "nobody")
if mt.mailfrom(conn, "<someone@example.org>") ~= nil then fail("mailfrom") end
if mt.getreply(conn) ~= SMFIR_CONTINUE then fail("mailfrom reply") end
if mt.rcptto(conn, "<friend@example.net>") ~= nil then fail("rcptto") end
if mt.getreply(conn) ~= SMFIR_CONTINUE then fail("rcptto reply") end
if mt.data(conn) ~= nil then fail("data") end
if mt.getreply(conn) ~= SMFIR_ACCEPT then
	fail("data: got " .. tostring(mt.getreply(conn)) .. ", want accept")
end

-- a second message on the same connection, this time to support but
-- announced too big
mt.macro(conn, SMFIC_MAIL, "i", "PASS2")
if mt.mailfrom(conn, "<someone@example.org>", "SIZE=999999999") ~= nil then
	fail("mailfrom 2")
end
if mt.getreply(conn) ~= SMFIR_REPLYCODE then
	fail("SIZE= over the limit: got " .. tostring(mt.getreply(conn)) ..
	    ", want a reply code")
end

-- a third one with a SIZE= under the limit goes on
if mt.mailfrom(conn, "<someone@example.org>", "SIZE=1000") ~= nil then
	fail("mailfrom 3")
end
if mt.getreply(conn) ~= SMFIR_CONTINUE then fail("SIZE=1000 refused") end
if mt.rcptto(conn, "<x@example.net>", "NOTIFY=NEVER") ~= nil then
	fail("rcptto 3")
end
if mt.data(conn) ~= nil then fail("data 3") end
if mt.getreply(conn) ~= SMFIR_ACCEPT then fail("data 3: want accept") end

mt.disconnect(conn)
print("ok: pass.lua")

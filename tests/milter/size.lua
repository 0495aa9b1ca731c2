-- size.lua - a body that grows past max_message_size (100K in the test
-- config) is refused with 552 5.3.4 at the end of the message (headers
-- and body go unanswered: the MTA sends on without waiting), and
-- spilling past spill_threshold (2K) to a temp file works on the way.
-- Run: miltertest -D socket=inet:PORT@127.0.0.1 -s size.lua

local function fail(msg)
	print("FAIL: size.lua: " .. msg)
	error(msg)
end

local conn = mt.connect(socket, 20, 0.25)
if conn == nil then fail("cannot connect to " .. tostring(socket)) end
if mt.negotiate(conn, nil, nil, nil) ~= nil then fail("negotiate") end

mt.macro(conn, SMFIC_MAIL, "i", "SIZEQ1")
if mt.mailfrom(conn, "<alice@customer.example.test>") ~= nil then
	fail("mailfrom")
end
if mt.rcptto(conn, "<support@support.example.test>") ~= nil then
	fail("rcptto")
end
if mt.header(conn, "Subject", "big") ~= nil then fail("header") end
if mt.eoh(conn) ~= nil then fail("eoh") end
local line = string.rep("x", 1000) .. "\r\n"
local chunk = string.rep(line, 10)
for i = 1, 20 do
	if mt.bodystring(conn, chunk) ~= nil then fail("body " .. i) end
	local r = mt.getreply(conn)
	if r ~= SMFIR_CONTINUE then fail("body " .. i .. ": reply " .. r) end
end
if mt.eom(conn) ~= nil then fail("eom") end
local r = mt.getreply(conn)
if r ~= SMFIR_REPLYCODE then fail("200K body was not refused: " .. r) end

-- the connection serves the next mail
mt.macro(conn, SMFIC_MAIL, "i", "SIZEQ2")
if mt.mailfrom(conn, "<alice@customer.example.test>") ~= nil then
	fail("mailfrom after a refusal")
end
if mt.getreply(conn) ~= SMFIR_CONTINUE then
	fail("mailfrom after a refusal: not continued")
end

mt.disconnect(conn)
print("ok: size.lua")

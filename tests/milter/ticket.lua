-- ticket.lua - the whole verdict path against a real database:
--   a new request is accepted with X-Postdesk-Ticket/-Action, the subject
--   tag and its redacted body; the same Message-ID again is "duplicate"
--   on the same ticket; an agent command without SMTP AUTH is left as
--   text and the mail quarantined; with {auth_authen} it is obeyed.
-- Needs agent_trust = auth, quarantine_suspicious = yes.
-- Run: miltertest -D socket=inet:PORT@127.0.0.1 -s ticket.lua

local function fail(msg)
	print("FAIL: ticket.lua: " .. msg)
	error(msg)
end

local function trim(s)
	return s and (string.gsub(s, "^%s*(.-)%s*$", "%1")) or nil
end

-- Sends one mail; returns the reply at end of message.
local function send(conn, m)
	if m.auth then
		mt.macro(conn, SMFIC_MAIL, "i", m.qid, "{auth_authen}", m.auth)
	else
		mt.macro(conn, SMFIC_MAIL, "i", m.qid)
	end
	if mt.mailfrom(conn, "<" .. m.from .. ">") ~= nil then
		fail(m.qid .. ": mailfrom")
	end
	if mt.rcptto(conn, "<support@support.example.test>") ~= nil then
		fail(m.qid .. ": rcptto")
	end
	if mt.data(conn) ~= nil then fail(m.qid .. ": data") end
	for _, h in ipairs(m.headers) do
		if mt.header(conn, h[1], h[2]) ~= nil then
			fail(m.qid .. ": header " .. h[1])
		end
	end
	if mt.eoh(conn) ~= nil then fail(m.qid .. ": eoh") end
	if mt.bodystring(conn, m.body) ~= nil then fail(m.qid .. ": body") end
	if mt.eom(conn) ~= nil then fail(m.qid .. ": eom") end
	return mt.getreply(conn)
end

local conn = mt.connect(socket, 20, 0.25)
if conn == nil then fail("cannot connect to " .. tostring(socket)) end
if mt.negotiate(conn, nil, nil, nil) ~= nil then fail("negotiate") end

local first = {
	qid = "TICKQ1", from = "alice@customer.example.test",
	headers = {
		{ "From", "Alice <alice@customer.example.test>" },
		{ "To", "support@support.example.test" },
		{ "Subject", "Cannot log in" },
		{ "X-Postdesk-Ticket", "10001" },
		{ "Message-ID", "<first@customer.example.test>" },
		{ "Date", "Mon, 2 Mar 2026 10:00:00 +0000" },
	},
	body = "Hello,\r\nmy password is Hunter2!Hunter2 and it fails.\r\n",
}
local r = send(conn, first)
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	fail("new request: got reply " .. tostring(r) .. ", want accept")
end
local ticket = trim(mt.getheader(conn, "X-Postdesk-Ticket", 0))
if ticket == nil or not string.match(ticket, "^%d+$") then
	fail("no X-Postdesk-Ticket number: " .. tostring(ticket))
end
if trim(mt.getheader(conn, "X-Postdesk-Action", 0)) ~= "created" then
	fail("X-Postdesk-Action: got " ..
	    tostring(mt.getheader(conn, "X-Postdesk-Action", 0)) ..
	    ", want created")
end
if not mt.eom_check(conn, MT_HDRCHANGE, "Subject") then
	fail("the subject got no tag")
end
if not mt.eom_check(conn, MT_BODYCHANGE) then
	fail("the body with a password was not replaced")
end
if mt.eom_check(conn, MT_BODYCHANGE, first.body) then
	fail("the replaced body still holds the password")
end
if mt.eom_check(conn, MT_QUARANTINE) then fail("a customer was quarantined") end
if not mt.eom_check(conn, MT_HDRDELETE, "X-Postdesk-Ticket") then
	fail("the sender's own X-Postdesk-Ticket header was not removed")
end

-- the same message delivered again (a retry after a lost reply)
first.qid = "TICKQ2"
r = send(conn, first)
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	fail("duplicate: got reply " .. tostring(r))
end
if trim(mt.getheader(conn, "X-Postdesk-Ticket", 0)) ~= ticket then
	fail("duplicate landed on another ticket")
end
if trim(mt.getheader(conn, "X-Postdesk-Action", 0)) ~= "duplicate" then
	fail("second delivery: want X-Postdesk-Action duplicate")
end

-- an agent command without SMTP AUTH: suspicious, quarantined
local agent = {
	qid = "TICKQ3", from = "bob@staff.example.test",
	headers = {
		{ "From", "Bob <bob@staff.example.test>" },
		{ "To", "support@support.example.test" },
		{ "Subject", "[Ticket#" .. ticket .. "] Re: Cannot log in" },
		{ "Message-ID", "<agent1@staff.example.test>" },
	},
	body = "#status resolved\r\nFixed it.\r\n",
}
r = send(conn, agent)
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	fail("forged command: got reply " .. tostring(r))
end
if not mt.eom_check(conn, MT_QUARANTINE) then
	fail("a forged agent command was not quarantined")
end

-- the same agent through SMTP AUTH: {auth_authen} reaches the pipeline
agent.qid = "TICKQ4"
agent.auth = "bob"
agent.headers[4] = { "Message-ID", "<agent2@staff.example.test>" }
r = send(conn, agent)
if r ~= SMFIR_CONTINUE and r ~= SMFIR_ACCEPT then
	fail("authenticated agent: got reply " .. tostring(r))
end
if mt.eom_check(conn, MT_QUARANTINE) then
	fail("an authenticated agent was quarantined")
end
if trim(mt.getheader(conn, "X-Postdesk-Ticket", 0)) ~= ticket then
	fail("the agent's reply did not thread onto ticket " .. ticket)
end

mt.disconnect(conn)
print("ok: ticket.lua (ticket " .. ticket .. ")")

-- wrk: POST a chat message with a client_id no other request uses (a retry would store nothing),
-- spread round-robin over the conversations given after `--`:  wrk ... -s chat_send.lua URL -- RUN ID1 ID2 ...
local threads, counter, run, conversations = 0, 0, "run", {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  threads = threads + 1
  thread:set("thread", threads)
end

function init(args)
  run = args[1]
  for i = 2, #args do conversations[#conversations + 1] = args[i] end
end

function request()
  counter = counter + 1
  local conversation = conversations[(counter % #conversations) + 1]
  local body = '{"body":"회의 자료 공유드립니다, 10분 뒤에 시작해요 (' .. counter .. ')","client_id":"'
    .. run .. "-" .. thread .. "-" .. counter .. '"}'
  return wrk.format(nil, "/api/chat/conversations/" .. conversation .. "/messages", nil, body)
end

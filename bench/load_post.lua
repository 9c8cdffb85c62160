-- wrk script for bench/load.py: readers posting comments to one story.
--
--   wrk -t2 -c32 -d10s --latency -s bench/load_post.lua http://127.0.0.1:PORT \
--       -- /comments/post/ID/ URL_ENCODED_TOKEN http://127.0.0.1:PORT RUN_MARK
--
-- Every request sends the "Leave a Reply" form with the token printed on the
-- story's page (fetched once, more than the form's minimum fill time earlier),
-- and an Origin header naming the site, as a browser does. The text and the
-- email change on every request (RUN_MARK, say the time, keeps them apart
-- from earlier runs), so no post is refused as a duplicate or as a form sent
-- twice. At the end it prints how many answers had each status ("status 302
-- 1234"): a 302 is an accepted comment, a 4xx a refused one.

local all_threads = {}
local threads_started = 0

function setup(thread)
   threads_started = threads_started + 1
   thread:set("thread_number", threads_started)
   all_threads[#all_threads + 1] = thread
end

function init(args)
   action, token, origin, run_mark = args[1], args[2], args[3], args[4]
   sent = 0
   statuses = {}
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Origin"] = origin
end

function request()
   sent = sent + 1
   local who = run_mark .. "-" .. thread_number .. "-" .. sent
   local body = "comment=Load+test+comment+" .. who
      .. "%3A+the+council+should+publish+the+figures+before+the+vote."
      .. "&author=Load+Reader+" .. thread_number
      .. "&email=load." .. who .. "%40reader.example"
      .. "&url=&parent=&contact_fax=&token=" .. token
   return wrk.format("POST", action, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, thread in ipairs(all_threads) do
      for status, count in pairs(thread:get("statuses")) do
         total[status] = (total[status] or 0) + count
      end
   end
   for status, count in pairs(total) do
      io.write(string.format("status %d %d\n", status, count))
   end
end

-- wrk script for bench/load.py: GET a different address on every request.
--
--   wrk -t2 -c32 -d10s --latency -s bench/load_walk.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE lists one path per line (/section/story/, /search/?q=word). A
-- single address would measure one hot database row and one warm set of pages
-- in SQLite's cache; walking thousands of stories measures the archive. Each
-- wrk thread starts at its own place in the list, so threads do not ask for
-- the same page at the same moment.

local threads_started = 0

function setup(thread)
   threads_started = threads_started + 1
   thread:set("thread_number", threads_started)
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("no paths in " .. tostring(args[1]))
   end
   -- A prime stride spreads the threads' starting points over the list.
   position = ((thread_number or 1) - 1) * 7919 % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end

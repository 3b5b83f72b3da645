#!/usr/bin/env python3
"""Writes a synthetic Go module of about LINES lines in one package (main) into DIR, for bench/lsp/run.sh.

Realistic shapes rules look at (mutexes, channels, goroutines, timers, http handlers, maps), spread over
files of ~120 lines; hot.go holds the function the benchmark edits: a mutex left locked on an early return.
Usage: gen_package.py DIR [LINES]
"""
import os
import sys

TEMPLATE = '''
type store{i} struct {{
\tmu    sync.Mutex
\titems map[string]int
\tdone  chan struct{{}}
}}

func newStore{i}() *store{i} {{
\treturn &store{i}{{items: map[string]int{{}}, done: make(chan struct{{}})}}
}}

func (s *store{i}) put(key string, n int) {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tif len(s.items) > 1000 {{
\t\tfor k := range s.items {{
\t\t\tdelete(s.items, k)
\t\t\tbreak
\t\t}}
\t}}
\ts.items[key] += n
}}

func (s *store{i}) get(key string) (int, bool) {{
\ts.mu.Lock()
\tdefer s.mu.Unlock()
\tv, ok := s.items[key]
\treturn v, ok
}}

func (s *store{i}) run(ctx context.Context, in <-chan string) error {{
\tticker := time.NewTicker(time.Second)
\tdefer ticker.Stop()
\tfor {{
\t\tselect {{
\t\tcase <-ctx.Done():
\t\t\treturn ctx.Err()
\t\tcase <-s.done:
\t\t\treturn nil
\t\tcase key := <-in:
\t\t\ts.put(key, 1)
\t\tcase <-ticker.C:
\t\t\ts.put("tick", 1)
\t\t}}
\t}}
}}

func (s *store{i}) fanOut(ctx context.Context, keys []string) []int {{
\tresults := make(chan int, len(keys))
\tvar wg sync.WaitGroup
\tfor _, k := range keys {{
\t\twg.Add(1)
\t\tgo func(k string) {{
\t\t\tdefer wg.Done()
\t\t\tv, _ := s.get(k)
\t\t\tselect {{
\t\t\tcase results <- v:
\t\t\tcase <-ctx.Done():
\t\t\t}}
\t\t}}(k)
\t}}
\twg.Wait()
\tclose(results)
\tvar out []int
\tfor v := range results {{
\t\tout = append(out, v)
\t}}
\treturn out
}}

func (s *store{i}) handle(w http.ResponseWriter, r *http.Request) {{
\tctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
\tdefer cancel()
\tkey := r.URL.Query().Get("key")
\tif key == "" {{
\t\thttp.Error(w, "no key", http.StatusBadRequest)
\t\treturn
\t}}
\tvals := s.fanOut(ctx, strings.Split(key, ","))
\tfmt.Fprintf(w, "%v\\n", vals)
}}

func fetch{i}(ctx context.Context, url string) (int, error) {{
\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
\tif err != nil {{
\t\treturn 0, err
\t}}
\tresp, err := http.DefaultClient.Do(req)
\tif err != nil {{
\t\treturn 0, err
\t}}
\tdefer resp.Body.Close()
\treturn resp.StatusCode, nil
}}

func stop{i}(s *store{i}) {{
\tclose(s.done)
}}
'''

HOT = '''package main

import "sync"

type counter struct {
\tmu sync.Mutex
\tn  map[string]int
}

func (c *counter) add(key string, limit int) bool {
\tc.mu.Lock()
\tif c.n[key] >= limit {
\t\treturn false
\t}
\tc.n[key]++
\tc.mu.Unlock()
\treturn true
}
'''

HEADER = 'package main\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"strings"\n\t"sync"\n\t"time"\n)\n'


def main():
    out = sys.argv[1]
    want = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "go.mod"), "w") as f:
        f.write("module example.com/benchlsp\n\ngo 1.22\n")
    with open(os.path.join(out, "hot.go"), "w") as f:
        f.write(HOT)
    lines = HOT.count("\n")
    i = 0
    while lines < want:
        text = HEADER + TEMPLATE.format(i=i)
        with open(os.path.join(out, f"store{i}.go"), "w") as f:
            f.write(text)
        lines += text.count("\n")
        i += 1
    with open(os.path.join(out, "main.go"), "w") as f:
        f.write("package main\n\nfunc main() {}\n")
    print(lines + 3)


if __name__ == "__main__":
    main()

package leakcheck

import (
	"runtime"
	"strconv"
	"strings"
)

// goroutine is one block of runtime.Stack(buf, true) output, kept verbatim for the report.
type goroutine struct {
	id        int64
	state     string
	functions []string // the stack's functions, innermost first, without arguments
	createdBy string   // function of the "created by" line, "" for the main goroutine
	creatorID int64    // N of Go 1.21's "created by F in goroutine N", 0 when not printed
	text      string   // the block as the runtime printed it
}

// topFunction is the innermost function, the one goleak's IgnoreTopFunction compares against.
func (g goroutine) topFunction() string {
	if len(g.functions) == 0 {
		return ""
	}
	return g.functions[0]
}

// allStacks returns runtime.Stack(all) output, growing the buffer until the whole dump fits.
func allStacks() []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// snapshot lists every goroutine except the caller's own (the runtime always prints that one first).
func snapshot() []goroutine {
	blocks := strings.Split(strings.TrimSpace(string(allStacks())), "\n\n")
	out := make([]goroutine, 0, len(blocks))
	for i, b := range blocks {
		if i == 0 {
			continue
		}
		if g, ok := parseBlock(b); ok {
			out = append(out, g)
		}
	}
	return out
}

// parseBlock reads one "goroutine N [state]:" block: the header, then call lines each followed by a
// "\tfile:line" line, then optionally "created by F" and its location.
func parseBlock(block string) (goroutine, bool) {
	lines := strings.Split(block, "\n")
	header := lines[0]
	if !strings.HasPrefix(header, "goroutine ") || !strings.HasSuffix(header, "]:") {
		return goroutine{}, false
	}
	rest := header[len("goroutine "):]
	space := strings.IndexByte(rest, ' ')
	open := strings.IndexByte(rest, '[')
	if space < 0 || open < 0 {
		return goroutine{}, false
	}
	id, err := strconv.ParseInt(rest[:space], 10, 64)
	if err != nil {
		return goroutine{}, false
	}
	state := rest[open+1 : len(rest)-2]
	if comma := strings.IndexByte(state, ','); comma >= 0 {
		state = state[:comma] // "chan receive, 3 minutes": the wait time is not part of the state
	}
	g := goroutine{id: id, state: state, text: block}
	for _, line := range lines[1:] {
		if line == "" || line[0] == '\t' || strings.HasPrefix(line, "...") {
			continue
		}
		if strings.HasPrefix(line, "created by ") {
			g.createdBy = functionName(strings.TrimPrefix(line, "created by "))
			if i := strings.LastIndex(line, " in goroutine "); i >= 0 {
				g.creatorID, _ = strconv.ParseInt(line[i+len(" in goroutine "):], 10, 64)
			}
			continue
		}
		g.functions = append(g.functions, functionName(line))
	}
	return g, true
}

// functionName strips the argument list "(0x1, ...)" and Go 1.21's " in goroutine N" suffix.
func functionName(call string) string {
	if i := strings.Index(call, " in goroutine "); i >= 0 {
		call = call[:i]
	}
	// The arguments start at the last '(' that opens a list ending the line; method receivers like
	// "(*T)" come earlier and are part of the name.
	if strings.HasSuffix(call, ")") {
		if i := strings.LastIndex(call, "("); i > 0 {
			return call[:i]
		}
	}
	return call
}

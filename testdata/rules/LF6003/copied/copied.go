// Package copied reads whole inputs and keeps pieces of them the idiomatic ways: copied, converted, or kept
// only for the call; and keeps whole inputs or small buffers where nothing is wasted.
package copied

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
)

var (
	mu     sync.Mutex
	heads  [][]byte
	byUser = map[string]string{}
	names  []string
	files  = map[string][]byte{}
	lines  = map[string][]string{}
)

// Copies: bytes.Clone, append to a nil slice, string conversion, strings.Clone, copy into a new make.
func Upload(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) < 16 {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	heads = append(heads, bytes.Clone(body[:16]))
	heads = append(heads, append([]byte(nil), body[:16]...))
	byUser["a"] = string(body[:16])
	byUser["b"] = strings.Clone(string(body)[:16])
	head := make([]byte, 16)
	copy(head, body)
	heads = append(heads, head)
	// Appending the bytes of a piece copies them into the destination's own array.
	if len(heads) > 0 {
		heads[0] = append(heads[0][:0], body[:4]...)
	}
}

// The whole input itself, or all its lines, is what the program means to keep: nothing is wasted.
func Cache(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	mu.Lock()
	files[path] = data
	lines[path] = strings.Split(string(data), "\n")
	mu.Unlock()
	return nil
}

// Pieces used only during the call, or kept in locals, retain nothing after it returns.
func Count(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		seen[strings.TrimSpace(line)] = true
	}
	return len(seen), nil
}

// A small read (not a whole input) kept as is: the buffer is the piece's own size.
func ReadName(r io.Reader) {
	buf := make([]byte, 64)
	n, _ := r.Read(buf)
	mu.Lock()
	names = append(names, string(buf[:n]))
	heads = append(heads, buf[:n])
	mu.Unlock()
}

// Start-up loading in init or main keeps one file once; it does not grow.
var config = map[string]string{}

func init() {
	data, _ := os.ReadFile("/etc/app.conf")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			config[k] = v
		}
	}
}

// A piece stored in a value made per call (not a long-lived type) leaves with that value.
type request struct {
	title string
}

var titleRE = regexp.MustCompile(`<title>(.*)</title>`)

func Title(page []byte) *request {
	body, _ := io.ReadAll(bytes.NewReader(page))
	req := &request{}
	if m := titleRE.FindStringSubmatch(string(body)); m != nil {
		req.title = m[1]
	}
	return req
}

// Unknown helpers may copy: the rule does not follow them.
func Normalise(path string) {
	data, _ := os.ReadFile(path)
	mu.Lock()
	byUser[path] = strings.ToUpper(string(data[:4]))
	mu.Unlock()
}

// A parse that stores a piece of every line keeps about the whole input anyway: no waste to report, even
// outside init (a configuration file loaded by a flag's handler).
type Settings struct {
	values map[string]string
}

var settings = Settings{values: map[string]string{}}

func LoadSettings(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		var key, value string
		if i := strings.Index(line, "="); i >= 0 {
			key, value = line[:i], strings.TrimSpace(line[i+1:])
		}
		settings.values[key] = value
	}
	return nil
}

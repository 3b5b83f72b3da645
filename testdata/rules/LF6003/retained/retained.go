// Package retained keeps small pieces of whole inputs in storage that lives as long as the process, without
// copying them: each piece holds its whole input's array alive.
package retained

import (
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
)

// A per-request body's first bytes kept as a subslice: every request pins its whole body.
var (
	mu     sync.Mutex
	heads  [][]byte
	byUser = map[string]string{}
)

func Upload(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || len(body) < 16 {
		return
	}
	mu.Lock()
	heads = append(heads, body[:16]) // want `this piece of the whole input read at retained.go:22 is stored in package variable heads`
	mu.Unlock()
}

// A substring of a whole file kept in a package map: the map value holds the whole file.
func Remember(user, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(data)
	first, _, _ := strings.Cut(text, "\n")
	mu.Lock()
	byUser[user] = first // want `piece of the whole input read at retained.go:33 is stored in package variable byUser`
	mu.Unlock()
	return nil
}

// Lines of a whole file, and regexp submatches of it, kept in a long-lived cache type's map.
type TitleCache struct {
	mu     sync.Mutex
	titles map[string]string
	owners map[string]string
}

func NewTitleCache() *TitleCache {
	return &TitleCache{titles: map[string]string{}, owners: map[string]string{}}
}

var titleRE = regexp.MustCompile(`<title>(.*)</title>`)

func (c *TitleCache) Load(name string) error {
	page, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if m := titleRE.FindStringSubmatch(string(page)); m != nil {
		c.mu.Lock()
		c.titles[name] = m[1] // want `is stored in field TitleCache.titles`
		c.mu.Unlock()
	}
	lines := strings.Split(string(page), "\n")
	if owner, ok := strings.CutPrefix(lines[0], "owner: "); ok {
		c.owners[name] = strings.TrimSpace(owner) // want `is stored in field TitleCache.owners`
	}
	return nil
}

// A helper returns a subslice of a fresh large buffer: the caller keeps the whole buffer through it.
var headers [][]byte

func Poll(src io.Reader) {
	headers = append(headers, header(src)) // want `piece of the whole input read at retained.go:83 is stored in package variable headers`
}

func header(src io.Reader) []byte {
	buf := make([]byte, 512<<10)
	n, _ := io.ReadFull(src, buf)
	if n < 64 {
		return nil
	}
	return buf[:64]
}

// A parser handed the whole file stores a field of it in a struct kept in a package slice.
type entry struct {
	key   string
	value []byte
}

var entries []entry

func LoadEntries(path string) {
	raw, _ := os.ReadFile(path)
	parse(raw)
}

func parse(raw []byte) {
	if len(raw) > 8 {
		entries = append(entries, entry{key: "first", value: raw[4:8]}) // want `is stored in package variable entries`
	}
}

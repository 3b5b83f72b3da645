package donemissedpath

import (
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type RuleGroup struct {
	File  string
	Name  string
	Rules []string
}

type Manager struct {
	mu     sync.Mutex
	groups map[string]RuleGroup
	read   func(file string) string
}

func parseGroups(file, content string) []RuleGroup {
	var out []RuleGroup
	for _, line := range strings.Split(content, "\n") {
		if name := strings.TrimPrefix(line, "- name: "); name != line {
			out = append(out, RuleGroup{File: file, Name: name})
		}
	}
	return out
}

// Reload reads every rule file concurrently and replaces the groups.
func (m *Manager) Reload(files []string) {
	var wg sync.WaitGroup
	next := map[string]RuleGroup{}
	var mu sync.Mutex
	for _, f := range files {
		wg.Add(1)
		go func(f string) {
			defer wg.Done()
			groups := parseGroups(f, m.read(f))
			if len(groups) == 0 {
				return
			}
			mu.Lock()
			for _, g := range groups {
				next[f+";"+g.Name] = g
			}
			mu.Unlock()
		}(f)
	}
	wg.Wait()
	m.mu.Lock()
	m.groups = next
	m.mu.Unlock()
}

func TestReloadWithAnEmptyFile(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := &Manager{read: func(f string) string {
			if f == "empty.yml" {
				return "groups: []"
			}
			return "groups:\n- name: node\n- name: etcd"
		}}
		m.Reload([]string{"node.yml", "empty.yml"})
		if len(m.groups) != 2 {
			t.Errorf("groups = %d", len(m.groups))
		}
	})
}

package appendresults

import (
	"fmt"
	"sync"
	"testing"
)

type pod struct{ namespace, name string }

// listAll lists the pods of every namespace at once and gathers them, as a multi-namespace lister does.
func listAll(namespaces []string, list func(ns string) []pod) []pod {
	var all []pod
	var wg sync.WaitGroup
	for _, ns := range namespaces {
		wg.Add(1)
		go func(ns string) {
			defer wg.Done()
			for _, p := range list(ns) {
				all = append(all, p)
			}
		}(ns)
	}
	wg.Wait()
	return all
}

func TestListAll(t *testing.T) {
	namespaces := []string{"default", "kube-system", "monitoring", "ingress"}
	got := listAll(namespaces, func(ns string) []pod {
		var ps []pod
		for i := 0; i < 25; i++ {
			ps = append(ps, pod{ns, fmt.Sprintf("pod-%d", i)})
		}
		return ps
	})
	if len(got) != 100 {
		t.Fatalf("listed %d pods, want 100", len(got))
	}
}

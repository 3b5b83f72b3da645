package appendresults

import (
	"fmt"
	"sync"
	"testing"
)

type pod struct{ namespace, name string }

// listAll lists the pods of every namespace at once: each goroutine fills its own slot, and the
// slots are joined after Wait.
func listAll(namespaces []string, list func(ns string) []pod) []pod {
	perNS := make([][]pod, len(namespaces))
	var wg sync.WaitGroup
	for i, ns := range namespaces {
		wg.Add(1)
		go func(i int, ns string) {
			defer wg.Done()
			perNS[i] = list(ns)
		}(i, ns)
	}
	wg.Wait()
	var all []pod
	for _, ps := range perNS {
		all = append(all, ps...)
	}
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

package readwhilewrite

import (
	"sort"
	"strings"
	"testing"
	"time"
)

// pusher sends a workload's labels to a control plane in the background, as a service mesh agent
// pushes proxy metadata.
type pusher struct {
	sent chan string
}

// Update pushes a snapshot of the labels asynchronously, then stamps the caller's map with the push time.
func (p *pusher) Update(name string, labels map[string]string) {
	labels["workload"] = name
	snapshot := make(map[string]string, len(labels))
	for k, v := range labels {
		snapshot[k] = v
	}
	go func() {
		keys := make([]string, 0, len(snapshot))
		for k, v := range snapshot {
			keys = append(keys, k+"="+v)
		}
		sort.Strings(keys)
		p.sent <- strings.Join(keys, ",")
	}()
	labels["pushed-at"] = time.Now().Format(time.RFC3339)
}

func TestUpdatePushes(t *testing.T) {
	p := &pusher{sent: make(chan string, 1)}
	labels := map[string]string{"app": "reviews", "version": "v2"}
	p.Update("reviews-v2", labels)
	got := <-p.sent
	if !strings.Contains(got, "workload=reviews-v2") {
		t.Fatalf("pushed %q", got)
	}
}

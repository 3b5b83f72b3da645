package cachefill

import (
	"fmt"
	"testing"
)

func TestRenderAll(t *testing.T) {
	var pages []string
	for i := 0; i < 50; i++ {
		pages = append(pages, fmt.Sprintf("/post/%d", i))
	}
	s := NewSite(pages)
	s.RenderAll(Upper)
	if got := s.Output("/post/7"); got != "/POST/7" {
		t.Fatalf("got %q", got)
	}
}

package panicskipsunlock

import (
	"encoding/json"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func call(s *Server, id int, params string) Response {
	done := make(chan Response, 1)
	s.Serve(Request{ID: id, Method: "eth_getBalance", Params: json.RawMessage(params)}, func(r Response) { done <- r })
	return <-done
}

func TestBadCallThenGoodCall(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewServer()
		if r := call(s, 1, `[]`); r.Error == "" {
			t.Error("empty params: want an error")
		}
		if r := call(s, 2, `["0xabc"]`); r.Error != "" {
			t.Errorf("good call: %s", r.Error)
		}
	})
}

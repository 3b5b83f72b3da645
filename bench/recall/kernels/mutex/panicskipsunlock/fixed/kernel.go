package panicskipsunlock

import (
	"encoding/json"
	"fmt"
	"log"
	"sync"
)

// Request is one JSON-RPC call.
type Request struct {
	ID     int
	Method string
	Params json.RawMessage
}

type Response struct {
	ID     int
	Result interface{}
	Error  string
}

type handlerFunc func(params []interface{}) (interface{}, error)

// Server dispatches calls to registered handlers and keeps per-method call counters.
type Server struct {
	mu       sync.Mutex
	handlers map[string]handlerFunc
	calls    map[string]int
	inflight int
}

func NewServer() *Server {
	s := &Server{handlers: map[string]handlerFunc{}, calls: map[string]int{}}
	s.handlers["eth_getBalance"] = func(p []interface{}) (interface{}, error) {
		addr := p[0].(string) // the handler trusts its arity check
		return "0x" + fmt.Sprint(len(addr)), nil
	}
	return s
}

// Serve handles one request on its own goroutine and recovers a handler's panic so that one bad call
// cannot take the node down.
func (s *Server) Serve(req Request, reply func(Response)) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("rpc: method %s panicked: %v", req.Method, r)
				reply(Response{ID: req.ID, Error: "internal error"})
			}
		}()
		reply(s.handle(req))
	}()
}

func (s *Server) handle(req Request) Response {
	var params []interface{}
	if err := json.Unmarshal(req.Params, &params); err != nil {
		return Response{ID: req.ID, Error: err.Error()}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.handlers[req.Method]
	if !ok {
		return Response{ID: req.ID, Error: "method not found"}
	}
	s.calls[req.Method]++
	s.inflight++
	defer func() { s.inflight-- }()
	res, err := h(params)
	if err != nil {
		return Response{ID: req.ID, Error: err.Error()}
	}
	return Response{ID: req.ID, Result: res}
}

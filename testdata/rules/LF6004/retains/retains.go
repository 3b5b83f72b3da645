// Package retains gives values back to sync.Pools while they still hold more memory than they should.
package retains

import (
	"bytes"
	"net/http"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// A response buffer grows to the largest response ever rendered, and the pool keeps it that large.
func Render(w http.ResponseWriter, r *http.Request) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(r.URL.Path)
	w.Write(buf.Bytes())
	bufPool.Put(buf) // want `buffer buf goes back to the pool whatever its capacity`
}

// A helper that puts back whatever it is given: the check belongs here.
func putBuffer(b *bytes.Buffer) {
	b.Reset()
	bufPool.Put(b) // want `buffer b goes back to the pool whatever its capacity`
}

// A byte slice the function grows by append goes back as large as it grew.
var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func Encode(values []string) int {
	bp := slicePool.Get().(*[]byte)
	b := (*bp)[:0]
	for _, v := range values {
		b = append(b, v...)
	}
	n := len(b)
	*bp = b
	slicePool.Put(bp) // want `byte slice bp goes back to the pool whatever its capacity`
	return n
}

// A pooled request context put back with the request and its body still referenced.
type reqCtx struct {
	req    *http.Request
	params map[string]string
	n      int
}

type Router struct {
	pool sync.Pool
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	c.req = r
	c.n++
	handle(w, c.req)
	rt.pool.Put(c) // want `c goes back to the pool with field c.req still set at retains.go:55`
}

func handle(w http.ResponseWriter, r *http.Request) {}

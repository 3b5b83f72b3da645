// Package bounded uses sync.Pools the idiomatic ways: buffers above a size are dropped, fixed-size buffers
// never grow, and pooled structs are reset before they go back.
package bounded

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxBuf = 64 << 10

// fmt's and encoding/json's fix: drop a buffer that grew too large.
func Render(w http.ResponseWriter, r *http.Request) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(r.URL.Path)
	w.Write(buf.Bytes())
	if buf.Cap() > maxBuf {
		return
	}
	bufPool.Put(buf)
}

func putBuffer(b *bytes.Buffer) {
	if b.Len() > maxBuf {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// A fixed-size scratch buffer: nothing appends to it, so it never grows past what New made.
var scratch = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

func Copy(dst, src []byte) {
	bp := scratch.Get().(*[]byte)
	copy(*bp, src)
	copy(dst, *bp)
	scratch.Put(bp)
}

// A grown slice checked against a bound before it goes back.
var slicePool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func Encode(values []string) int {
	bp := slicePool.Get().(*[]byte)
	b := (*bp)[:0]
	for _, v := range values {
		b = append(b, v...)
	}
	n := len(b)
	if cap(b) <= maxBuf {
		*bp = b
		slicePool.Put(bp)
	}
	return n
}

// Pooled structs cleared before Put: field by field, wholesale, or by their own reset method.
type reqCtx struct {
	req    *http.Request
	params map[string]string
	n      int
}

func (c *reqCtx) reset() { *c = reqCtx{} }

type Router struct {
	pool sync.Pool
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	c.req = r
	handle(w, c.req)
	c.req = nil
	rt.pool.Put(c)
}

func (rt *Router) Serve2(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	c.req = r
	handle(w, c.req)
	*c = reqCtx{}
	rt.pool.Put(c)
}

func (rt *Router) Serve3(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	c.req = r
	handle(w, c.req)
	c.reset()
	rt.pool.Put(c)
}

// Only scalar fields set: nothing of the request is kept.
func (rt *Router) Count(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	c.n = len(r.URL.Path)
	rt.pool.Put(c)
}

// Got without Put on an error path is fine: the value is simply garbage.
func (rt *Router) Maybe(w http.ResponseWriter, r *http.Request) {
	c := rt.pool.Get().(*reqCtx)
	if r.URL == nil {
		return
	}
	c.n = 1
	rt.pool.Put(c)
}

func handle(w http.ResponseWriter, r *http.Request) {}

// A number formatted into a pooled slice grows it by a few bytes at most: the size is bounded by the type.
var numPool = sync.Pool{New: func() any { b := make([]byte, 0, 32); return &b }}

func FormatFloat(w http.ResponseWriter, f float64) {
	bp := numPool.Get().(*[]byte)
	*bp = strconv.AppendFloat((*bp)[:0], f, 'g', -1, 64)
	*bp = append(*bp, '.', '0')
	w.Write(*bp)
	numPool.Put(bp)
}

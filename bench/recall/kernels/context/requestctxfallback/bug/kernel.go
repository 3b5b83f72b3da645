package requestctxfallback

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type Request struct {
	Method string
	Bucket string
	Object string
	ctx    context.Context
}

func NewRequest(method, bucket, object string) *Request {
	return &Request{Method: method, Bucket: bucket, Object: object}
}

// Context returns the request's context; a request made without one is never cancelled.
func (r *Request) Context() context.Context {
	if r.ctx != nil {
		return r.ctx
	}
	return context.Background()
}

func (r *Request) WithContext(ctx context.Context) *Request {
	r2 := *r
	r2.ctx = ctx
	return &r2
}

type Response struct {
	Status int
	Size   int64
}

type RoundTripper interface {
	RoundTrip(*Request) (*Response, error)
}

type result struct {
	resp *Response
	err  error
}

// Client talks to the object store; every call honours the caller's context.
type Client struct {
	tr      RoundTripper
	mu      sync.Mutex
	retries int
}

func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	resc := make(chan result)
	go func() {
		resp, err := c.tr.RoundTrip(req)
		select {
		case resc <- result{resp, err}:
		case <-req.Context().Done():
		}
	}()
	select {
	case r := <-resc:
		return r.resp, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%s %s/%s: %w", req.Method, req.Bucket, req.Object, ctx.Err())
	}
}

func (c *Client) StatObject(ctx context.Context, bucket, object string) (int64, error) {
	resp, err := c.Do(ctx, NewRequest("HEAD", bucket, object))
	if err != nil {
		return 0, err
	}
	return resp.Size, nil
}

// slowNode answers after its latency, whatever the request's context says.
type slowNode struct{ latency time.Duration }

func (n *slowNode) RoundTrip(r *Request) (*Response, error) {
	time.Sleep(n.latency)
	return &Response{Status: 200, Size: 1 << 20}, nil
}

package cancelfield

import "context"

type shEvent struct{ key string }

type shClient struct {
	requireLeader bool
	cancels       map[string]context.CancelFunc
}

func (c *shClient) forward(ctx context.Context, out chan<- shEvent) {
	for {
		select {
		case <-ctx.Done():
			return
		case out <- shEvent{}:
		}
	}
}

// The := in the if block shadows ctx and cancel: the forwarder gets the outer ctx, which the kept cancel never ends.
func (c *shClient) Watch(parent context.Context, key string, out chan<- shEvent) {
	ctx := parent
	var cancel context.CancelFunc
	if c.requireLeader {
		ctx, cancel := context.WithCancel(parent) // want `this := declares a new ctx and a new cancel, shadowing the ctx and cancel declared outside this block: the cancel kept from here ends only this block's ctx, while line 34 uses the outer ctx`
		_ = ctx
		c.cancels[key] = cancel
	} else {
		ctx, cancel = context.WithCancel(parent)
		c.cancels[key] = cancel
	}
	go c.forward(ctx, out)
}

// Fixed: assigned with =. Silent.
func (c *shClient) WatchFixed(parent context.Context, key string, out chan<- shEvent) {
	ctx := parent
	var cancel context.CancelFunc
	if c.requireLeader {
		ctx, cancel = context.WithCancel(parent)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	c.cancels[key] = cancel
	go c.forward(ctx, out)
}

// A pair meant for the block alone (no outer cancel): the outer ctx is used after it on purpose. Silent.
func (c *shClient) Probe(ctx context.Context, check func(context.Context) error) error {
	if c.requireLeader {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if err := check(ctx); err != nil {
			return err
		}
	}
	return check(ctx)
}

// A retry loop whose per-try pair is called in the loop, then the outer pair assigned again. Silent.
func (c *shClient) Retry(try func(context.Context) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := try(ctx); err != nil {
		return err
	}
	for {
		ctx, cancel := context.WithCancel(context.Background())
		err := try(ctx)
		cancel()
		if err != nil {
			break
		}
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	return try(ctx)
}

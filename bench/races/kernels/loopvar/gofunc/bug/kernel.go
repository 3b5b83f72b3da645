package gofunc

// Result is one endpoint's health.
type Result struct {
	Endpoint string
	Healthy  bool
}

// ProbeAll probes every endpoint of a service at once, as an endpoints controller checks its backends.
func ProbeAll(endpoints []string, probe func(endpoint string) bool) map[string]bool {
	results := make(chan Result, len(endpoints))
	for _, ep := range endpoints {
		go func() {
			results <- Result{Endpoint: ep, Healthy: probe(ep)}
		}()
	}
	health := make(map[string]bool, len(endpoints))
	for range endpoints {
		r := <-results
		health[r.Endpoint] = r.Healthy
	}
	return health
}

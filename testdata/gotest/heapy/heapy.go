package heapy

// seen remembers every key it is asked about and never forgets one: a cache without eviction.
var seen = map[int][]byte{}

func Lookup(key int) []byte {
	if v, ok := seen[key]; ok {
		return v
	}
	v := make([]byte, 4096)
	seen[key] = v
	return v
}

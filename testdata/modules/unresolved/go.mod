module example.com/partial

go 1.21

require (
	github.com/absent/netkit v1.3.0
	github.com/absent/timekit v0.9.1
)

module example.com/mvs

go 1.16

// beta v1.0.0's go.mod requires alpha v1.1.0: minimal version selection picks v1.1.0 over the v1.0.0 named here.
require (
	example.org/alpha v1.0.0
	example.org/beta v1.0.0
)

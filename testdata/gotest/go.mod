module gotestdata

go 1.19

require leakfinder.dev/leakcheck v0.0.0

replace leakfinder.dev/leakcheck => ../../go/leakcheck

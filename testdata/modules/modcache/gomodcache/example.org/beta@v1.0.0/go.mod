module example.org/beta

go 1.16

require example.org/alpha v1.1.0

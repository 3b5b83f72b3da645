module example.org/alpha

go 1.16

module example.org/greet/v2

go 1.18

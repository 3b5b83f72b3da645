module example.com/xt

go 1.21

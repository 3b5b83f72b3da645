module example.com/ctxconds

go 1.21

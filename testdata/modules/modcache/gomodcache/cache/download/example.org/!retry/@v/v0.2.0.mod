module example.org/Retry

go 1.18

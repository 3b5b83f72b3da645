module example.com/stdmodel

go 1.21

module example.com/mono/tools

go 1.21

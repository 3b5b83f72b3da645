module example.com/badfile

go 1.22

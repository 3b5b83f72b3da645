module example.com/filebuild

go 1.21

module example.com/app

go 1.21

require example.com/lib v0.3.0

replace example.com/lib => ../lib

module example.com/miss

go 1.21

require github.com/not/downloaded v1.0.0

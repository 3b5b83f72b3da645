// The leak programs LeakFinder's end-to-end tests build, run and analyse (tests/LeakFinder.Runtime.Tests/EndToEnd).
// One module so a single `go build -o DIR/ ./...` builds them all with one shared cache; standard library only.
module leakfinder.test/programs

go 1.19

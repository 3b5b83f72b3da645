// The leak programs LeakFinder's end-to-end tests build, run and analyse (tests/LeakFinder.Runtime.Tests/EndToEnd).
// One module so a single `go build -o DIR/ ./a ./b ...` builds them with one shared cache; standard library only.
// The go line stays below 1.23 on purpose: from a 1.23 go line on, unstopped tickers and time.After timers
// are collectable, and ticker-not-stopped and time-after-loop would no longer leak on newer toolchains.
module leakfinder.test/programs

go 1.19

package backoff

func Wait(attempt int) int { return attempt * 2 }

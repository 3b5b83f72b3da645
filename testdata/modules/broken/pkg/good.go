package pkg

func Good() int { return 1 }

package pkg

func Bad() int {
	return 1 +
}

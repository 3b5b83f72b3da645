package other

func Other() {}

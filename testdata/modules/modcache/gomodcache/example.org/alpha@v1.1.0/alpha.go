package alpha

func Version() string { return "v1.1.0" }

// New exists from v1.1.0 on.
func New() int { return 1 }

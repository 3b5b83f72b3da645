package feature

const pollMethod = "kqueue"

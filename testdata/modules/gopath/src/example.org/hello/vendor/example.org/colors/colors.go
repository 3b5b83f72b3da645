package colors

const Red = "red"

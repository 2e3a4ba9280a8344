elementclass Bad {
  input -> Paint(1) -> input;
  output -> Discard;
  input [2] -> Null -> output;
}
x :: Bad;

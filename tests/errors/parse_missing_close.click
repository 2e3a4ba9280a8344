elementclass Box {
  input -> Paint(1) -> output;
Idle -> (input -> Null -> output

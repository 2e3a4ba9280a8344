elementclass G {
  input -> (input -> Paint(1) -> output) -> output
}
Idle -> G -> Discard;

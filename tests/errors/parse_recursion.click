elementclass Loop {
  input -> Paint(1) -> Loop -> output
}
Idle -> Loop -> Discard;

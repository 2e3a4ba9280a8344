elementclass Outer {
  elementclass Local { input -> Paint(1) -> output }
  input -> Local -> output
}
elementclass Local { input -> Paint(2) -> output }
Idle -> Outer -> Local -> Discard;

// Inside a compound, anonymous elements count from 1 (input and
// output are not counted), declared ones included.
elementclass Two {
  input -> Paint(1) -> x :: Strip(2) -> Paint(3) -> output
}
Idle -> Two -> Discard;

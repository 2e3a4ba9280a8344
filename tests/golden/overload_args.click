elementclass MyQueue {
  input -> Paint(1) -> output;
||
  $c | input -> Paint($c) -> Strip(14) -> output;
}
Idle -> a :: MyQueue -> Discard;
Idle -> b :: MyQueue(50) -> Discard;

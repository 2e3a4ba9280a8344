elementclass Inner { $c | input -> Paint($c) -> output }
elementclass Outer { $c |
  input -> a :: Inner($c) -> b :: Inner(${c}0) -> output
}
Idle -> o :: Outer(4) -> Discard;

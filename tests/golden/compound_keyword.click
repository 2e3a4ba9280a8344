elementclass Limit { $n, BYTES $b, COLOR $c |
  input -> CheckLength($n) -> Paint($c) -> Strip($b) -> output;
}
Idle -> Limit(60, COLOR 2, BYTES 14) -> Discard;

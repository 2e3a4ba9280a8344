define($c 1)
elementclass K { $n |
  define($twice $n$n)
  input -> Paint($c) -> Strip($twice) -> output
}
elementclass L { $c | input -> K(${c}) -> output }
Idle -> K(2) -> L(7) -> Discard;

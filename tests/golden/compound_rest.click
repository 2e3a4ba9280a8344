elementclass Pass { $a, COUNT $count, __REST__ $rest |
  input -> Paint($a) -> Print("$count", $rest) -> output
}
Idle -> Pass(1, 2, COUNT 3, FOO 4) -> Discard;

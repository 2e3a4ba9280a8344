elementclass Mark { $color, $len |
  input -> Paint($color) -> Strip($len) -> output
}
Idle -> Mark(1) -> Discard;

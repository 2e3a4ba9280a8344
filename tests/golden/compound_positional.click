elementclass Mark { $color, $len |
  input -> Paint($color) -> Strip($len) -> output
}
Idle -> m :: Mark(3, 14) -> Discard;
Idle -> Mark(7, 0) -> Discard;
